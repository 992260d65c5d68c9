import _CFlint
import _CGMP

/// A certified real number: an Arb ball `[m ± r]` that is guaranteed to contain the exact value
/// it stands for.
///
/// Every operation on balls returns a ball that contains the exact result of the same operation
/// on every pair of contained reals. A ball carries the working precision (in bits of the
/// midpoint) that operations producing it used; binary operations use the larger of the two.
/// `Ball` has value semantics (copy-on-write over an `arb_t`).
public struct Ball: Sendable {
    
    final class Storage: @unchecked Sendable {
        // @unchecked: mutated only through `Ball`'s copy-on-write path.
        let pointer: UnsafeMutablePointer<arb_struct>

        init() {
            pointer = .allocate(capacity: 1)
            arb_init(pointer)
        }

        deinit {
            arb_clear(pointer)
            pointer.deallocate()
        }
    }

     var storage: Storage
    /// Working precision in bits used by operations that produce new balls from this one.
    public let precision: Int

    init(storage: Storage, precision: Int) {
        self.storage = storage
        self.precision = precision
    }

    /// Builds a ball by letting `body` write into a fresh `arb_t`; `body` receives the precision.
    package static func make(precision: Int, _ body: (UnsafeMutablePointer<arb_struct>, Int) -> Void) -> Ball {
        precondition(precision >= 2, "Ball: precision must be at least 2 bits")
        let storage = Storage()
        body(storage.pointer, precision)
        return Ball(storage: storage, precision: precision)
    }

    /// Read-only access to the underlying `arb_t`, valid only inside `body`.
    package func withUnsafeArb<R>(_ body: (UnsafePointer<arb_struct>) throws -> R) rethrows -> R {
        try withExtendedLifetime(storage) { try body(UnsafePointer(storage.pointer)) }
    }

    /// The exact integer `value` (radius 0).
    public init(_ value: Int, precision: Int) {
        self = Ball.make(precision: precision) { arb_set_si($0, $1 == 0 ? 0 : value) }
    }

    /// The ball closest to `value` at `precision` bits: exact when the value is representable,
    /// otherwise a tight enclosure.
    public init(_ value: Rational, precision: Int) {
        self = Ball.make(precision: precision) { ball, precision in
            value.withUnsafeFMPQ { arb_set_fmpq(ball, $0, precision) }
        }
    }

    /// The smallest ball holding both `lower` and `upper` (an interval enclosure).
    public init(from lower: Rational, to upper: Rational, precision: Int) {
        let low = Ball(lower, precision: precision), high = Ball(upper, precision: precision)
        self = Ball.make(precision: precision) { ball, precision in
            low.withUnsafeArb { a in high.withUnsafeArb { b in arb_union(ball, a, b, precision) } }
        }
    }

    /// Ball that contains `self` and every real within `error` of it.
    public func widened(by error: Rational) -> Ball {
        let errorBall = Ball(error.magnitude, precision: precision)
        return Ball.make(precision: precision) { ball, _ in
            withUnsafeArb { arb_set(ball, $0) }
            errorBall.withUnsafeArb { arb_add_error(ball, $0) }
        }
    }

    /// The same enclosure carried at another working precision.
    public func withPrecision(_ newPrecision: Int) -> Ball {
        Ball.make(precision: newPrecision) { ball, _ in withUnsafeArb { arb_set(ball, $0) } }
    }
}

extension Rational {
    /// Read-only access to this value as a FLINT `fmpq_t`, valid only inside `body`.
    package func withUnsafeFMPQ<R>(_ body: (UnsafePointer<fmpq>) throws -> R) rethrows -> R {
        var q = fmpq()
        fmpq_init(&q)
        defer { fmpq_clear(&q) }
        withUnsafeMPQ { source in fmpq_set_mpq(&q, source) }
        return try body(&q)
    }

    /// The exact value of a FLINT rational.
    package init(fmpq value: UnsafePointer<fmpq>) {
        self = Rational.make { fmpq_get_mpq($0, value) }
    }

    /// The exact value of a FLINT integer.
    package init(fmpz value: UnsafePointer<fmpz>) {
        self = Rational.make { fmpz_get_mpz(maxent_mpq_numref($0), value) }
    }
}

extension Ball {
    /// Reads Arb's decimal ball text (`"[0.2 +/- 1.5e-31]"`, or a plain decimal number), as
    /// written by `enclosureString(digits:)`. The result contains every real the text denotes.
    public init?(arbText text: String, precision: Int) {
        let ball = Ball.make(precision: precision) { ball, precision in
            if arb_set_str(ball, text, precision) != 0 { arb_indeterminate(ball) }
        }
        guard ball.isFinite else { return nil }
        self = ball
    }
}
