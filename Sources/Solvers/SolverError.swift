/// Why a solver refused or could not finish; the message is one line and says why.
public struct SolverError: Error, CustomStringConvertible, Sendable {
    public let description: String
    /// Set when the refusal is a resource limit that a caller may raise (the CLI names its flag).
    public let exceededLimit: CertificationLimits.Limit?

    public init(_ description: String, exceededLimit: CertificationLimits.Limit? = nil) {
        self.description = description
        self.exceededLimit = exceededLimit
    }
}
