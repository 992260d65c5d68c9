/// Why a solver refused or could not finish; the message is one line and says why.
public struct SolverError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
