import _CGMP
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exact rational number backed by GMP's `mpq_t`, always in canonical form
/// (lowest terms, positive denominator).
///
/// `Rational` has value semantics: copies share one GMP handle until one of them is
/// mutated (copy-on-write), and the handle is cleared when the last copy goes away.
/// Integers of any size are represented exactly.
public struct Rational: Sendable {
    
    final class Storage: @unchecked Sendable {
        // @unchecked: the handle is only mutated through `Rational`'s copy-on-write path,
        // which first makes the storage uniquely referenced.
        let pointer: UnsafeMutablePointer<__mpq_struct>

        init() {
            pointer = .allocate(capacity: 1)
            __gmpq_init(pointer)
        }

        convenience init(copying other: Storage) {
            self.init()
            __gmpq_set(pointer, other.pointer)
        }

        deinit {
            __gmpq_clear(pointer)
            pointer.deallocate()
        }
    }

     var storage: Storage

     init(storage: Storage) {
        self.storage = storage
    }

    /// Builds a rational by letting `body` write into a freshly initialised `mpq_t`.
    /// The caller is responsible for leaving the value canonical, which is why this stays inside
    /// the package.
    package static func make(_ body: (UnsafeMutablePointer<__mpq_struct>) -> Void) -> Rational {
        let storage = Storage()
        body(storage.pointer)
        return Rational(storage: storage)
    }

    /// Read-only access to the underlying `mpq_t`, valid only inside `body`.
    package func withUnsafeMPQ<R>(_ body: (UnsafePointer<__mpq_struct>) throws -> R) rethrows -> R {
        try withExtendedLifetime(storage) { try body(UnsafePointer(storage.pointer)) }
    }

     mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) {
            storage = Storage(copying: storage)
        }
    }

    /// Zero.
    public init() {
        storage = Storage()
    }

    /// The integer `value`.
    public init(_ value: Int) {
        storage = Storage()
        __gmpq_set_si(storage.pointer, value, 1)
    }

    /// `numerator / denominator` in lowest terms. The denominator must not be zero.
    public init(_ numerator: Int, _ denominator: Int) {
        precondition(denominator != 0, "Rational: zero denominator")
        storage = Storage()
        let num = Rational(numerator), den = Rational(denominator)
        __gmpq_div(storage.pointer, num.storage.pointer, den.storage.pointer)
    }

    /// The exact value of a finite binary floating-point number (no rounding).
    public init(exactly value: Double) {
        precondition(value.isFinite, "Rational: \(value) is not finite")
        storage = Storage()
        __gmpq_set_d(storage.pointer, value)
    }

    public static var zero: Rational { Rational() }
    public static var one: Rational { Rational(1) }

    /// −1, 0 or +1.
    public var signum: Int { Int(withUnsafeMPQ { maxent_mpq_sgn($0) }) }
    public var isZero: Bool { signum == 0 }
    public var isInteger: Bool { withUnsafeMPQ { __gmpz_cmp_ui(maxent_mpq_denref_const($0), 1) == 0 } }


    /// The numerator, an integer rational with the sign of `self`.
    public var numerator: Rational {
        withUnsafeMPQ { q in Rational.make { __gmpq_set_z($0, maxent_mpq_numref_const(q)) } }
    }

    /// The denominator, a positive integer rational.
    public var denominator: Rational {
        withUnsafeMPQ { q in Rational.make { __gmpq_set_z($0, maxent_mpq_denref_const(q)) } }
    }

    /// Number of decimal digits of the denominator (a measure of the size of an exact answer).
    public var denominatorDigits: Int {
        withUnsafeMPQ { q in mpzDecimalString(maxent_mpq_denref_const(q)).count }
    }
}

extension Rational {
    /// `log |self|` to double precision, also for magnitudes far outside `Double`'s range
    /// (measures like 10^5000 appear in bifurcation extensions). `-infinity` for zero.
    public var logMagnitude: Double {
        guard !isZero else { return -.infinity }
        return withUnsafeMPQ { q in
            func logOf(_ integer: UnsafePointer<__mpz_struct>) -> Double {
                var exponent = 0
                let mantissa = __gmpz_get_d_2exp(&exponent, integer)
                return log(Swift.abs(mantissa)) + Double(exponent) * M_LN2
            }
            return logOf(maxent_mpq_numref_const(q)) - logOf(maxent_mpq_denref_const(q))
        }
    }
}
