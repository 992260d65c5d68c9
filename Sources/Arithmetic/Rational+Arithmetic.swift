import _CGMP

extension Rational: AdditiveArithmetic, Numeric, SignedNumeric {
    public typealias Magnitude = Rational

    public init(integerLiteral value: Int) { self.init(value) }

    public init?<T: BinaryInteger>(exactly source: T) {
        guard let value = Int(exactly: source) else { return nil }
        self.init(value)
    }

    public var magnitude: Rational { signum < 0 ? -self : self }

    
    static func binary(
        _ lhs: Rational, _ rhs: Rational,
        _ operation: (UnsafeMutablePointer<__mpq_struct>, UnsafePointer<__mpq_struct>, UnsafePointer<__mpq_struct>) -> Void
    ) -> Rational {
        lhs.withUnsafeMPQ { a in rhs.withUnsafeMPQ { b in Rational.make { operation($0, a, b) } } }
    }

    public static func + (lhs: Rational, rhs: Rational) -> Rational { binary(lhs, rhs, __gmpq_add) }
    public static func - (lhs: Rational, rhs: Rational) -> Rational { binary(lhs, rhs, __gmpq_sub) }
    public static func * (lhs: Rational, rhs: Rational) -> Rational { binary(lhs, rhs, __gmpq_mul) }

    /// Exact quotient. Division by zero is a programming error and traps.
    public static func / (lhs: Rational, rhs: Rational) -> Rational {
        precondition(!rhs.isZero, "Rational: division by zero")
        return binary(lhs, rhs, __gmpq_div)
    }

    public static prefix func - (operand: Rational) -> Rational {
        operand.withUnsafeMPQ { a in Rational.make { __gmpq_neg($0, a) } }
    }

    public static func += (lhs: inout Rational, rhs: Rational) {
        lhs.makeUnique()
        rhs.withUnsafeMPQ { __gmpq_add(lhs.storage.pointer, lhs.storage.pointer, $0) }
    }

    public static func -= (lhs: inout Rational, rhs: Rational) {
        lhs.makeUnique()
        rhs.withUnsafeMPQ { __gmpq_sub(lhs.storage.pointer, lhs.storage.pointer, $0) }
    }

    public static func *= (lhs: inout Rational, rhs: Rational) {
        lhs.makeUnique()
        rhs.withUnsafeMPQ { __gmpq_mul(lhs.storage.pointer, lhs.storage.pointer, $0) }
    }

    public static func /= (lhs: inout Rational, rhs: Rational) { lhs = lhs / rhs }

    /// The multiplicative inverse. Traps on zero.
    public var reciprocal: Rational { Rational.one / self }

    /// `self` raised to a non-negative integer power.
    public func power(_ exponent: Int) -> Rational {
        precondition(exponent >= 0, "Rational.power: negative exponent")
        return withUnsafeMPQ { q in
            Rational.make { result in
                __gmpz_pow_ui(maxent_mpq_numref(result), maxent_mpq_numref_const(q), UInt(exponent))
                __gmpz_pow_ui(maxent_mpq_denref(result), maxent_mpq_denref_const(q), UInt(exponent))
            }
        }
    }

    /// ⌊self⌋ as a rational integer.
    public var floor: Rational {
        withUnsafeMPQ { q in
            Rational.make { result in
                __gmpz_fdiv_q(maxent_mpq_numref(result), maxent_mpq_numref_const(q), maxent_mpq_denref_const(q))
            }
        }
    }

    /// ⌈self⌉ as a rational integer.
    public var ceiling: Rational {
        withUnsafeMPQ { q in
            Rational.make { result in
                __gmpz_cdiv_q(maxent_mpq_numref(result), maxent_mpq_numref_const(q), maxent_mpq_denref_const(q))
            }
        }
    }
}

extension Rational {
    /// The least common multiple of two integers (always ≥ 0; 0 when either is 0).
    public static func leastCommonMultiple(_ a: Rational, _ b: Rational) -> Rational {
        precondition(a.isInteger && b.isInteger, "leastCommonMultiple of non-integers \(a), \(b)")
        return a.withUnsafeMPQ { x in
            b.withUnsafeMPQ { y in
                Rational.make { __gmpz_lcm(maxent_mpq_numref($0), maxent_mpq_numref_const(x), maxent_mpq_numref_const(y)) }
            }
        }
    }

    /// −1, 0 or +1 as `self` is below, equal to or above `other`.
    public func compare(_ other: Rational) -> Int {
        withUnsafeMPQ { a in other.withUnsafeMPQ { b in Int(__gmpq_cmp(a, b).signum()) } }
    }
}

extension Rational: Comparable, Hashable {
    public static func == (lhs: Rational, rhs: Rational) -> Bool {
        lhs.withUnsafeMPQ { a in rhs.withUnsafeMPQ { b in __gmpq_equal(a, b) != 0 } }
    }

    public static func < (lhs: Rational, rhs: Rational) -> Bool {
        lhs.withUnsafeMPQ { a in rhs.withUnsafeMPQ { b in __gmpq_cmp(a, b) < 0 } }
    }

    public func hash(into hasher: inout Hasher) {
        // Canonical form makes the limbs of numerator and denominator a faithful key.
        withUnsafeMPQ { q in
            for case let z? in [maxent_mpq_numref_const(q), maxent_mpq_denref_const(q)] {
                let size = Int(z.pointee._mp_size)
                hasher.combine(size)
                if let limbs = z.pointee._mp_d {
                    for index in 0..<abs(size) { hasher.combine(limbs[index]) }
                }
            }
        }
    }
}

extension Sequence where Element == Rational {
    /// The exact sum of the elements.
    public func sum() -> Rational {
        var total = Rational.zero
        for value in self { total += value }
        return total
    }
}
