extension JSONValue {
    /// The kind of value, with an article, for "expected …, found …" messages (`a number`, `null`).
    public var kindDescription: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// The longest excerpt of user text (a name, a key, a number) an error message repeats;
    /// longer text is cut in the middle so the message stays one readable line.
    public static let messageExcerptLength = 60

    /// `string` as a JSON string literal for an error message: escaped like `quoted(_:)`, with
    /// every other character that could break or hide the line (C1 controls, DEL, the Unicode
    /// line and paragraph separators, bidirectional overrides) escaped as `\uXXXX` too, and
    /// shortened to about `messageExcerptLength` characters (`"abc…xyz" (12345 characters)`).
    public static func messageQuoted(_ string: String) -> String {
        let (excerpt, note) = messageExcerpt(string)
        return "\"" + excerpt + "\"" + note
    }

    /// Text that is not quoted in messages (a number, a foreign library's reason), made safe for
    /// one message line the same way as `messageQuoted(_:)`: `1234…6789 (100001 characters)`.
    public static func messageText(_ text: String) -> String {
        let (excerpt, note) = messageExcerpt(text)
        return excerpt + note
    }

    private static func messageExcerpt(_ string: String) -> (excerpt: String, note: String) {
        let scalars = Array(string.unicodeScalars)
        guard scalars.count > messageExcerptLength else { return (escapedForMessage(scalars[...]), "") }
        let half = messageExcerptLength / 2
        return (escapedForMessage(scalars[..<half]) + "…" + escapedForMessage(scalars[(scalars.count - half)...]),
                " (\(scalars.count) characters)")
    }

    private static func escapedForMessage(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var text = ""
        for scalar in scalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case _ where scalar.value < 0x20 || isHiddenInMessages(scalar):
                let hex = String(scalar.value, radix: 16, uppercase: true)
                text += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            default: text.unicodeScalars.append(scalar)
            }
        }
        return text
    }

    /// Characters a terminal or log viewer may treat as a line break, or that reorder or hide
    /// the text around them.
    public static func isHiddenInMessages(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x7F...0x9F, 0x2028, 0x2029, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0xFEFF: true
        default: false
        }
    }
}
