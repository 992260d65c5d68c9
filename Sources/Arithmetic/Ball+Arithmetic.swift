import _CFlint

extension Ball {
    static func binary(
        _ lhs: Ball, _ rhs: Ball,
        _ operation: (UnsafeMutablePointer<arb_struct>, UnsafePointer<arb_struct>, UnsafePointer<arb_struct>, Int) -> Void
    ) -> Ball {
        Ball.make(precision: max(lhs.precision, rhs.precision)) { result, precision in
            lhs.withUnsafeArb { a in rhs.withUnsafeArb { b in operation(result, a, b, precision) } }
        }
    }

    /// Contains every `x + y` with `x ∈ lhs`, `y ∈ rhs`.
    public static func + (lhs: Ball, rhs: Ball) -> Ball { binary(lhs, rhs) { arb_add($0, $1, $2, $3) } }
    /// Contains every `x − y` with `x ∈ lhs`, `y ∈ rhs`.
    public static func - (lhs: Ball, rhs: Ball) -> Ball { binary(lhs, rhs) { arb_sub($0, $1, $2, $3) } }
    /// Contains every `x · y` with `x ∈ lhs`, `y ∈ rhs`.
    public static func * (lhs: Ball, rhs: Ball) -> Ball { binary(lhs, rhs) { arb_mul($0, $1, $2, $3) } }
    /// Contains every `x / y`; if `rhs` contains zero the result is the whole real line.
    public static func / (lhs: Ball, rhs: Ball) -> Ball { binary(lhs, rhs) { arb_div($0, $1, $2, $3) } }

    public static prefix func - (operand: Ball) -> Ball {
        Ball.make(precision: operand.precision) { result, _ in operand.withUnsafeArb { arb_neg(result, $0) } }
    }

    public static func + (lhs: Ball, rhs: Rational) -> Ball { lhs + Ball(rhs, precision: lhs.precision) }
    public static func - (lhs: Ball, rhs: Rational) -> Ball { lhs - Ball(rhs, precision: lhs.precision) }
    public static func * (lhs: Ball, rhs: Rational) -> Ball { lhs * Ball(rhs, precision: lhs.precision) }
    public static func / (lhs: Ball, rhs: Rational) -> Ball { lhs / Ball(rhs, precision: lhs.precision) }
    public static func * (lhs: Rational, rhs: Ball) -> Ball { Ball(lhs, precision: rhs.precision) * rhs }
}
