/// Text from a possibly corrupt file (a checkpoint's section name, a log's column, a
/// configuration's environment name), for a one-line message: control, format and separator
/// characters shown as `\u{…}`, at most `limit` characters, `…` marking a cut.
func messageExcerpt<Text: StringProtocol>(_ text: Text, limit: Int = 40) -> String {
    let scalars = text.unicodeScalars
    let shown = scalars.prefix(limit).map { scalar in
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned:
            "\\u{\(String(scalar.value, radix: 16))}"
        default:
            String(scalar)
        }
    }.joined()
    return shown + (scalars.count > limit ? "…" : "")
}
