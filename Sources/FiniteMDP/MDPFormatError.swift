import JSON

/// Why an MDP file (or a programmatically built `MDP`) breaks a rule of `maxent-mdp/1`.
///
/// Every error names the JSON path of the offending value, so a user can find it in the file
/// (`states[3].actions[1].next: probabilities sum to 9/10, not 1`); problems with the whole
/// document (an empty file, a JSON syntax error located by line and column) have an empty path.
public struct MDPFormatError: Error, CustomStringConvertible, Equatable, Sendable {
    /// JSON path of the offending value, e.g. `states[2].actions[0].measure`; empty for the
    /// whole document.
    public let path: String
    /// What is wrong, in one line.
    public let message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    /// `"<path>: <message>"`, or just the message when the path is empty.
    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}

extension MDPFormatError {
    init(at path: JSONPath, _ message: String) {
        self.init(path: path.description, message: message)
    }
}
