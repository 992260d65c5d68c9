
/// Why a report could not be made: unreadable or malformed input (a run directory, its logs, an
/// MDP) or a computation that failed; the message is one line that names the file at fault.
public struct ReportError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
