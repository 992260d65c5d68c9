/// A sweep file, sweep directory or backend request that cannot be used, with a one-line reason
/// naming the file and the JSON path or flag concerned.
public struct SweepError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
