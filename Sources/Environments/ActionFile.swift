/// A file of actions to replay in an episode (`maxent env rollout --actions`): one action per
/// line, its components separated by commas, in the environment's own units. Blank lines are
/// skipped; lines may end in `\r\n`; components are anything `Double(_:)` reads except NaN
/// (`inf` is allowed: every environment but toy clips actions to its box).
public struct ActionFile: Sendable, Equatable {
    /// The actions, in file order.
    public let actions: [[Double]]
    /// The 1-based line each action was read from, for messages about it.
    public let lineNumbers: [Int]

    /// Reads the file's bytes for an environment whose actions have `actionDimension` components.
    public init(bytes: [UInt8], actionDimension: Int, environmentName: String) throws(ActionFileError) {
        var actions: [[Double]] = []
        var lineNumbers: [Int] = []
        for (index, line) in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            let lineNumber = index + 1
            let content = line.trimmed()
            if content.isEmpty { continue }
            var action: [Double] = []
            for field in content.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false) {
                let text = field.trimmed()
                // Only ASCII can spell a number; anything else (invalid UTF-8 included) is refused here.
                guard text.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }), let value = Double(String(decoding: text, as: UTF8.self)) else {
                    throw ActionFileError(line: lineNumber, reason: "\(Self.excerpt(text)) is not a number")
                }
                action.append(value)
            }
            guard action.count == actionDimension else {
                throw ActionFileError(line: lineNumber, reason: "\(action.count) component\(action.count == 1 ? "" : "s"), \(environmentName) expects \(actionDimension)")
            }
            if let component = action.firstIndex(where: \.isNaN) {
                throw ActionFileError(line: lineNumber, reason: "component \(component + 1) is NaN")
            }
            actions.append(action)
            lineNumbers.append(lineNumber)
        }
        guard !actions.isEmpty else { throw ActionFileError(line: nil, reason: "contains no actions") }
        self.actions = actions
        self.lineNumbers = lineNumbers
    }

    /// `field` quoted for a one-line message: printable ASCII as itself, other bytes as `\xNN`,
    /// cut after 40 bytes with the length noted.
    private static func excerpt(_ field: ArraySlice<UInt8>) -> String {
        let limit = 40
        var text = "'"
        for byte in field.prefix(limit) {
            if byte >= 0x20, byte < 0x7F, byte != UInt8(ascii: "\\") {
                text.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                text += "\\x" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return text + (field.count > limit ? "…' (\(field.count) bytes)" : "'")
    }
}

/// Why an actions file cannot be replayed; `description` is one line (`line 3: …`).
public struct ActionFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The 1-based line concerned, or nil for the whole file.
    public let line: Int?
    public let reason: String

    public var description: String { line.map { "line \($0): \(reason)" } ?? reason }
}

extension ArraySlice<UInt8> {
    /// The slice without leading and trailing spaces, tabs and carriage returns.
    fileprivate func trimmed() -> ArraySlice<UInt8> {
        let isBlank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") }
        guard let first = firstIndex(where: { !isBlank($0) }), let last = lastIndex(where: { !isBlank($0) }) else { return [] }
        return self[first...last]
    }
}
