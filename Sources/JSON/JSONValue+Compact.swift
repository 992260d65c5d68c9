extension JSONValue {
    /// The value as JSON text on one line, without any whitespace between tokens: for outputs
    /// read by programs line by line (`--json` of a command, JSON-lines logs).
    ///
    /// Number text, member order and string escaping are those of ``jsonText()``.
    public func compactJSONText() -> String {
        var text = ""
        writeCompact(into: &text)
        return text
    }

    private func writeCompact(into text: inout String) {
        switch self {
        case .null, .bool, .number, .string: write(into: &text, indentation: "")
        case .array(let elements):
            text += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { text += "," }
                element.writeCompact(into: &text)
            }
            text += "]"
        case .object(let members):
            text += "{"
            for (index, member) in members.enumerated() {
                if index > 0 { text += "," }
                text += Self.quoted(member.key) + ":"
                member.value.writeCompact(into: &text)
            }
            text += "}"
        }
    }

    /// A floating-point number written as `text` writes it, or `null` when it is NaN or infinite
    /// (JSON has neither).
    public static func number(_ value: Double, text: (Double) -> String) -> JSONValue {
        value.isFinite ? .number(text(value)) : .null
    }
}
