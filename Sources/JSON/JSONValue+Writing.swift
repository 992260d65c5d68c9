extension JSONValue {
    /// The value as indented JSON text (two spaces per level), without a trailing newline.
    ///
    /// Number text and member order are written exactly as stored, so parsing the result with
    /// `JSONValue(parsing:)` gives back an equal value.
    public func jsonText() -> String {
        var text = ""
        write(into: &text, indentation: "")
        return text
    }

    /// Appends the value, its nested lines indented one level deeper than `indentation`.
    package func write(into text: inout String, indentation: String) {
        switch self {
        case .null: text += "null"
        case .bool(let value): text += value ? "true" : "false"
        case .number(let digits): text += digits
        case .string(let string): text += Self.quoted(string)
        case .array(let elements) where elements.isEmpty: text += "[]"
        case .array(let elements):
            let inner = indentation + "  "
            text += "[\n"
            for (index, element) in elements.enumerated() {
                text += inner
                element.write(into: &text, indentation: inner)
                text += index == elements.count - 1 ? "\n" : ",\n"
            }
            text += indentation + "]"
        case .object(let members) where members.isEmpty: text += "{}"
        case .object(let members):
            let inner = indentation + "  "
            text += "{\n"
            for (index, member) in members.enumerated() {
                text += inner + Self.quoted(member.key) + ": "
                member.value.write(into: &text, indentation: inner)
                text += index == members.count - 1 ? "\n" : ",\n"
            }
            text += indentation + "}"
        }
    }

    /// `string` as a JSON string literal: quotes, backslashes and control characters escaped,
    /// everything else (including non-ASCII text) written as itself.
    package static func quoted(_ string: String) -> String {
        var literal = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": literal += "\\\""
            case "\\": literal += "\\\\"
            case "\n": literal += "\\n"
            case "\r": literal += "\\r"
            case "\t": literal += "\\t"
            case "\u{08}": literal += "\\b"
            case "\u{0C}": literal += "\\f"
            case "\u{00}"..."\u{1F}":
                let hex = String(scalar.value, radix: 16, uppercase: true)
                literal += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: literal.unicodeScalars.append(scalar)
            }
        }
        return literal + "\""
    }
}
