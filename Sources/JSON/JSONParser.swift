/// Why a byte sequence is not an acceptable JSON document.
///
/// Syntax errors give the line and column (1-based, columns counted in Unicode scalars) in the
/// message and have an empty `path`; a duplicate object key names the object's JSON path.
public struct JSONParseError: Error, CustomStringConvertible, Equatable, Sendable {
    /// JSON path of the object concerned (`states[0].actions[1].next`); empty for syntax errors.
    public let path: String
    /// What is wrong, in one line.
    public let message: String

    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}

extension JSONValue {
    /// Objects and arrays nested deeper than this are rejected, so hostile input cannot exhaust
    /// the stack of the recursive parser (or of recursive consumers of the parsed value).
    public static let maximumNestingDepth = 512

    /// Parses a complete JSON document (RFC 8259) strictly.
    ///
    /// Number text is kept verbatim (`0.1` stays `"0.1"`); object members keep their file order;
    /// a duplicate key anywhere is an error, as are trailing characters, an empty document,
    /// invalid UTF-8, unpaired `\u` surrogates and nesting deeper than `maximumNestingDepth`.
    /// A leading UTF-8 byte order mark is ignored (RFC 8259 §8.1 allows this).
    public init(parsing bytes: [UInt8]) throws(JSONParseError) {
        var parser = JSONParser(bytes: bytes)
        self = try parser.parseDocument()
    }
}

/// A recursive-descent parser over UTF-8 bytes.
struct JSONParser {
    private let bytes: [UInt8]
    private var position = 0
    private var depth = 0
    /// Where the parser is in the document, for duplicate-key messages.
    private var path = JSONPath.root

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
        let value = try parseValue()
        skipWhitespace()
        guard position == bytes.count else { throw syntaxError("unexpected \(describeCurrent()) after the JSON value") }
        return value
    }

    // MARK: Values

    private mutating func parseValue() throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        guard position < bytes.count else { throw syntaxError("expected a JSON value, found the end of the input") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        case UInt8(ascii: "t"): try parseLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try parseLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try parseLiteral("null"); return .null
        default: throw syntaxError("expected a JSON value, found \(describeCurrent())")
        }
    }

    private mutating func parseObject() throws(JSONParseError) -> JSONValue {
        try enterContainer()
        position += 1
        var members: [(key: String, value: JSONValue)] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1
            depth -= 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
                throw syntaxError("expected a string key, found \(describeCurrent())")
            }
            let key = try parseString()
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else {
                throw syntaxError("expected ':' after the key \(JSONValue.messageQuoted(key)), found \(describeCurrent())")
            }
            position += 1
            path.push(.key(key))
            let value = try parseValue()
            path.pop()
            members.append((key, value))
            skipWhitespace()
            guard position < bytes.count else { throw syntaxError("expected ',' or '}', found the end of the input") }
            if bytes[position] == UInt8(ascii: ",") {
                position += 1
            } else if bytes[position] == UInt8(ascii: "}") {
                position += 1
                depth -= 1
                if let repeated = members.firstRepeatedIndex(by: \.key) {
                    throw JSONParseError(path: path.description, message: "duplicate key \(JSONValue.messageQuoted(members[repeated].key))")
                }
                return .object(members)
            } else {
                throw syntaxError("expected ',' or '}', found \(describeCurrent())")
            }
        }
    }

    private mutating func parseArray() throws(JSONParseError) -> JSONValue {
        try enterContainer()
        position += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            position += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            path.push(.index(elements.count))
            elements.append(try parseValue())
            path.pop()
            skipWhitespace()
            guard position < bytes.count else { throw syntaxError("expected ',' or ']', found the end of the input") }
            if bytes[position] == UInt8(ascii: ",") {
                position += 1
            } else if bytes[position] == UInt8(ascii: "]") {
                position += 1
                depth -= 1
                return .array(elements)
            } else {
                throw syntaxError("expected ',' or ']', found \(describeCurrent())")
            }
        }
    }

    private mutating func enterContainer() throws(JSONParseError) {
        depth += 1
        guard depth <= JSONValue.maximumNestingDepth else {
            throw syntaxError("objects and arrays are nested more than \(JSONValue.maximumNestingDepth) levels deep")
        }
    }

    private mutating func parseLiteral(_ literal: StaticString) throws(JSONParseError) {
        let expected = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        guard bytes[position...].starts(with: expected) else {
            throw syntaxError("expected a JSON value, found \(describeCurrent())")
        }
        position += expected.count
    }

    // MARK: Numbers

    /// Checks the RFC 8259 number grammar and returns the number's text unchanged.
    private mutating func parseNumber() throws(JSONParseError) -> String {
        let start = position
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        guard position < bytes.count, isDigit(bytes[position]) else {
            throw syntaxError("expected a digit after '-', found \(describeCurrent())")
        }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
            if position < bytes.count, isDigit(bytes[position]) {
                throw syntaxError("a JSON number must not have a leading zero")
            }
        } else {
            skipDigits()
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard position < bytes.count, isDigit(bytes[position]) else {
                throw syntaxError("expected a digit after '.', found \(describeCurrent())")
            }
            skipDigits()
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            guard position < bytes.count, isDigit(bytes[position]) else {
                throw syntaxError("expected a digit in the exponent, found \(describeCurrent())")
            }
            skipDigits()
        }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    private func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

    private mutating func skipDigits() {
        while position < bytes.count, isDigit(bytes[position]) { position += 1 }
    }

    // MARK: Strings

    /// Parses a string starting at its opening quote, resolving escapes and validating UTF-8.
    private mutating func parseString() throws(JSONParseError) -> String {
        position += 1
        let start = position
        while position < bytes.count, bytes[position] >= 0x20, bytes[position] < 0x80,
              bytes[position] != UInt8(ascii: "\""), bytes[position] != UInt8(ascii: "\\") {
            position += 1
        }
        // Most strings are plain ASCII without escapes: take them straight from the input.
        if position < bytes.count, bytes[position] == UInt8(ascii: "\"") {
            position += 1
            return String(decoding: bytes[start..<position - 1], as: UTF8.self)
        }
        var utf8 = Array(bytes[start..<position])
        while true {
            let runStart = position
            while position < bytes.count, bytes[position] >= 0x20, bytes[position] < 0x80,
                  bytes[position] != UInt8(ascii: "\""), bytes[position] != UInt8(ascii: "\\") {
                position += 1
            }
            utf8.append(contentsOf: bytes[runStart..<position])
            guard position < bytes.count else { throw syntaxError("unterminated string") }
            switch bytes[position] {
            case UInt8(ascii: "\""):
                position += 1
                return String(decoding: utf8, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try parseEscape(into: &utf8)
            case 0x80...:
                guard let length = validUTF8SequenceLength(at: position) else {
                    throw syntaxError("invalid UTF-8 in a string")
                }
                utf8.append(contentsOf: bytes[position..<position + length])
                position += length
            default:
                throw syntaxError("control character \(describeCurrent()) in a string must be escaped")
            }
        }
    }

    private mutating func parseEscape(into utf8: inout [UInt8]) throws(JSONParseError) {
        position += 1
        guard position < bytes.count else { throw syntaxError("unterminated string") }
        let escaped = bytes[position]
        position += 1
        switch escaped {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escaped)
        case UInt8(ascii: "b"): utf8.append(0x08)
        case UInt8(ascii: "f"): utf8.append(0x0C)
        case UInt8(ascii: "n"): utf8.append(0x0A)
        case UInt8(ascii: "r"): utf8.append(0x0D)
        case UInt8(ascii: "t"): utf8.append(0x09)
        case UInt8(ascii: "u"):
            utf8.append(contentsOf: String(try parseUnicodeEscape()).utf8)
        default:
            position -= 1
            throw syntaxError("invalid escape '\\\(describeCurrent(quoted: false))' in a string")
        }
    }

    /// Parses the `XXXX` of `\uXXXX` (the `\u` already consumed), combining a UTF-16 surrogate
    /// pair written as two escapes into one scalar.
    private mutating func parseUnicodeEscape() throws(JSONParseError) -> Unicode.Scalar {
        let escapeStart = position - 2
        var value = UInt32(try parseHexQuad())
        if (0xD800...0xDBFF).contains(value), bytes[position...].starts(with: [UInt8(ascii: "\\"), UInt8(ascii: "u")]) {
            let lowStart = position
            position += 2
            let low = UInt32(try parseHexQuad())
            if (0xDC00...0xDFFF).contains(low) {
                value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
            } else {
                position = lowStart
            }
        }
        // Unicode.Scalar refuses exactly the surrogate code points that are left unpaired here.
        guard let scalar = Unicode.Scalar(value) else {
            position = escapeStart
            throw syntaxError("unpaired surrogate in a \\u escape")
        }
        return scalar
    }

    private mutating func parseHexQuad() throws(JSONParseError) -> UInt16 {
        var value: UInt16 = 0
        for _ in 0..<4 {
            guard position < bytes.count, let digit = hexDigitValue(bytes[position]) else {
                throw syntaxError("expected four hexadecimal digits after \\u, found \(describeCurrent())")
            }
            value = value << 4 | UInt16(digit)
            position += 1
        }
        return value
    }

    private func hexDigitValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// The length of the well-formed UTF-8 sequence starting at `start` (Unicode Table 3-7:
    /// no overlong forms, no surrogates, nothing above U+10FFFF), or nil.
    private func validUTF8SequenceLength(at start: Int) -> Int? {
        let lead = bytes[start]
        let length: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; secondRange = 0x80...0x9F
        case 0xF0: length = 4; secondRange = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondRange = 0x80...0x8F
        default: return nil
        }
        guard start + length <= bytes.count, secondRange.contains(bytes[start + 1]) else { return nil }
        for offset in 2..<length where !(0x80...0xBF).contains(bytes[start + offset]) { return nil }
        return length
    }

    // MARK: Positions and messages

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): position += 1
            default: return
            }
        }
    }

    /// A readable name for the byte at the current position, for "found …" messages.
    private func describeCurrent(quoted: Bool = true) -> String {
        guard position < bytes.count else { return "the end of the input" }
        let byte = bytes[position]
        switch byte {
        case 0x21...0x7E:
            let character = String(UnicodeScalar(byte))
            return quoted ? "'\(character)'" : character
        case 0x20: return "a space"
        case 0x80...:
            guard let length = validUTF8SequenceLength(at: position) else { return "invalid UTF-8" }
            let character = String(decoding: bytes[position..<position + length], as: UTF8.self)
            // A line separator or a C1 control would break the one-line message it appears in.
            if let scalar = character.unicodeScalars.first, JSONValue.isHiddenInMessages(scalar) {
                return "U+" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4)
            }
            return quoted ? "'\(character)'" : character
        default:
            return "U+" + String(byte, radix: 16, uppercase: true).leftPadded(to: 4)
        }
    }

    /// A syntax error at the current position, located by line and column.
    private func syntaxError(_ message: String) -> JSONParseError {
        var line = 1
        var lineStart = 0
        for index in 0..<min(position, bytes.count) where bytes[index] == UInt8(ascii: "\n") {
            line += 1
            lineStart = index + 1
        }
        // Count Unicode scalars, not bytes: continuation bytes (10xxxxxx) do not start a column.
        let column = 1 + bytes[lineStart..<min(position, bytes.count)].count { $0 & 0xC0 != 0x80 }
        return JSONParseError(path: "", message: "line \(line), column \(column): \(message)")
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
