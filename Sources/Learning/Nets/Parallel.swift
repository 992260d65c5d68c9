import Dispatch

/// Runs independent pieces of work on up to two cores.
///
/// Each piece must write only memory no other piece touches; results then do not depend on the
/// scheduling, so a run is byte-identical with one worker or two.
public struct Workers: Sendable, Equatable, Codable {
    /// How many threads may work at once (1 or more).
    public let count: Int

    public init(count: Int) {
        precondition(count >= 1, "Workers: need at least one")
        self.count = count
    }

    public static let single = Workers(count: 1)

    /// Calls `body(0..<pieces)`, concurrently when more than one worker is allowed.
    ///
    /// `body` is not required to be `@Sendable` because the pieces share pointers into buffers they
    /// partition between them; the disjointness of what they write is the caller's obligation.
    public func run(_ pieces: Int, _ body: (Int) -> Void) {
        if count == 1 || pieces == 1 {
            for piece in 0..<pieces { body(piece) }
        } else {
            withoutActuallyEscaping(body) { body in
                nonisolated(unsafe) let shared = body
                DispatchQueue.concurrentPerform(iterations: pieces) { shared($0) }
            }
        }
    }
}
