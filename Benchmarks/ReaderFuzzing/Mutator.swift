import Randomness

/// Seeded mutations of valid documents: the inputs of a fuzz campaign.
///
/// Every input is a function of the seed and of the inputs before it, so a campaign replays
/// exactly. Byte-level edits (bit flips, interesting bytes, deletions, truncation, splices of
/// two documents) find what a parser does with garbage; structure-aware edits keep most of a
/// document intact so that the reader gets past the syntax and meets hostile *values*: a number
/// or string replaced by a dictionary entry (`1e99999`, `"0/0"`, invalid UTF-8, a lone
/// surrogate), a bracketed value repeated thousands of times (enormous state or transition
/// counts, duplicate keys), or wrapped in hundreds of brackets (deep nesting).
public struct Mutator {
    /// Dictionary entries spliced into documents.
    public let tokens: [[UInt8]]
    /// Inputs are cut to this many bytes.
    public let maximumLength: Int
    private var random: RandomSource

    public init(tokens: [[UInt8]], maximumLength: Int, seed: UInt64) {
        self.tokens = tokens
        self.maximumLength = maximumLength
        random = RandomSource(seed: seed)
    }

    /// One to four stacked mutations of `document`, with `other` available for splicing.
    public mutating func mutate(_ document: [UInt8], splicingWith other: [UInt8]) -> [UInt8] {
        var bytes = document
        for _ in 0...random.index(below: 4) {
            bytes = mutateOnce(bytes, other: other)
        }
        return bytes.count > maximumLength ? Array(bytes.prefix(maximumLength)) : bytes
    }

    private static let interestingBytes: [UInt8] = [
        0x00, 0x01, 0x09, 0x0A, 0x0D, 0x20, 0x22, 0x2C, 0x2D, 0x2E, 0x2F, 0x30, 0x31, 0x39, 0x3A, 0x45, 0x5B, 0x5C,
        0x5D, 0x65, 0x7B, 0x7D, 0x7F, 0x80, 0xBF, 0xC0, 0xC2, 0xE2, 0xED, 0xEF, 0xF4, 0xF5, 0xFF,
    ]

    private mutating func mutateOnce(_ bytes: [UInt8], other: [UInt8]) -> [UInt8] {
        var bytes = bytes
        guard !bytes.isEmpty else { return token() }
        let position = random.index(below: bytes.count)
        switch random.index(below: 11) {
        case 0:
            bytes[position] ^= 1 << UInt8(random.index(below: 8))
        case 1:
            bytes[position] = Self.interestingBytes[random.index(below: Self.interestingBytes.count)]
        case 2:
            let end = min(bytes.count, position + 1 + random.index(below: 16))
            bytes.removeSubrange(position..<end)
        case 3:
            bytes.removeSubrange(position...)
        case 4:
            bytes.insert(contentsOf: token(), at: position)
        case 5, 6:
            if let span = valueSpan(in: bytes, from: position) { bytes.replaceSubrange(span, with: token()) }
        case 7:
            if let span = bracketedSpan(in: bytes, from: position) {
                let copies = 1 + random.index(below: random.index(below: 2) == 0 ? 4 : 5_000)
                let repeated = Array(([UInt8(ascii: ",")] + bytes[span]).repeated(copies, limit: maximumLength))
                bytes.insert(contentsOf: repeated, at: span.upperBound)
            }
        case 8:
            if let span = valueSpan(in: bytes, from: position) ?? bracketedSpan(in: bytes, from: position) {
                let depth = 1 + random.index(below: 700)
                let value = Array(bytes[span])
                bytes.replaceSubrange(span, with: [UInt8](repeating: UInt8(ascii: "["), count: depth) + value
                    + [UInt8](repeating: UInt8(ascii: "]"), count: depth))
            }
        case 9:
            // A splice: the head of this document, the tail of another.
            let cut = other.isEmpty ? 0 : random.index(below: other.count)
            bytes = Array(bytes[..<position]) + other[cut...]
        default:
            let start = position, end = min(bytes.count, position + 1 + random.index(below: 64))
            bytes.insert(contentsOf: bytes[start..<end], at: random.index(below: bytes.count + 1))
        }
        return bytes
    }

    private mutating func token() -> [UInt8] {
        tokens.isEmpty ? [UInt8(truncatingIfNeeded: random.next())] : tokens[random.index(below: tokens.count)]
    }

    /// The next JSON string (quotes included) or number-like run at or after `start`.
    private func valueSpan(in bytes: [UInt8], from start: Int) -> Range<Int>? {
        guard let first = bytes[start...].firstIndex(where: { $0 == UInt8(ascii: "\"") || Self.isNumberByte($0) }) else { return nil }
        if bytes[first] == UInt8(ascii: "\"") {
            var index = first + 1
            while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
            }
            return first..<min(index + 1, bytes.count)
        }
        let end = bytes[first...].firstIndex { !Self.isNumberByte($0) && $0 != UInt8(ascii: "e") && $0 != UInt8(ascii: "E") } ?? bytes.count
        return first..<end
    }

    /// From the next `{` or `[` at or after `start` to its matching bracket (strings skipped).
    private func bracketedSpan(in bytes: [UInt8], from start: Int) -> Range<Int>? {
        guard let open = bytes[start...].firstIndex(where: { $0 == UInt8(ascii: "{") || $0 == UInt8(ascii: "[") }) else { return nil }
        var depth = 0
        var index = open
        var inString = false
        while index < bytes.count {
            let byte = bytes[index]
            if inString {
                if byte == UInt8(ascii: "\\") { index += 1 } else if byte == UInt8(ascii: "\"") { inString = false }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            } else if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
                depth += 1
            } else if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
                depth -= 1
                if depth == 0 { return open..<index + 1 }
            }
            index += 1
        }
        return nil
    }

    private static func isNumberByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
            || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "/")
    }
}

extension Array where Element == UInt8 {
    /// `count` copies of the array, stopping before the total passes `limit` bytes.
    fileprivate func repeated(_ count: Int, limit: Int) -> [UInt8] {
        let copies = Swift.min(count, limit / Swift.max(1, self.count))
        var result: [UInt8] = []
        result.reserveCapacity(copies * self.count)
        for _ in 0..<copies { result += self }
        return result
    }
}
