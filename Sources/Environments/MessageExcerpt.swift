/// A name from user input or a file, for a one-line message: control, format and separator
/// characters shown as `\u{…}`, at most `limit` characters, `…` marking a cut. Shared with Learning
/// (checkpoints, run directories), whose messages cut at 40.
package func messageExcerpt(_ text: some StringProtocol, limit: Int = 60) -> String {
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
