import Arithmetic
import Foundation

/// What one certified soft solve may use. The solver estimates its needs from the input before
/// allocating anything and refuses, naming the quantity, its value and the limit, when an
/// estimate exceeds one of these (docs/theory.md §3 gives the contraction and residual bound the estimates follow).
public struct CertificationLimits: Sendable {
    /// The limits a caller can raise.
    public enum Limit: Sendable {
        /// `maximumPrecision`.
        case precision
        /// `maximumMemory`.
        case memory
    }

    /// Largest working precision of the balls, in bits.
    public var maximumPrecision: Int
    /// Largest estimated memory of the ball arrays of one solve, in bytes.
    public var maximumMemory: Int

    /// 65 536 bits and 4 GiB: an order of magnitude above what the demanding cases in the tests
    /// need, and well inside a shared 24 GiB machine.
    public static let standard = CertificationLimits(maximumPrecision: 1 << 16, maximumMemory: 4 << 30)

    public init(maximumPrecision: Int, maximumMemory: Int) {
        self.maximumPrecision = maximumPrecision
        self.maximumMemory = maximumMemory
    }
}

/// Where a long certified solve stands, reported once per refinement step.
public struct SoftSolveProgress: Sendable {
    /// Working precision of the current pass, in bits.
    public let precision: Int
    /// Newton steps taken so far, over all passes.
    public let newtonSteps: Int
    /// log₁₀ of the certified bound on ‖V − V_α‖ (weighted), and the log₁₀ the solve aims at.
    public let log10ErrorBound: Double
    public let log10Target: Double
}

/// The estimated cost of certifying one MDP: computed from the input alone, before any
/// allocation, and checked against `CertificationLimits`.
struct CertificationCost {
    /// Working precision (bits) that resolves the requested width after the losses below.
    let precision: Int
    /// Bytes of the ball arrays at that precision.
    let memory: Int
    /// What the precision is made of, for the refusal message.
    let breakdown: String

    /// Balls kept per solve: three per transition coefficient and action row (kernel, Q, scratch)
    /// and six per state (values, image, enclosure, residual…); each is an `arb_t` (48 bytes)
    /// plus two limb arrays of `precision` bits once it exceeds two limbs.
    static func memory(_ mdp: CompiledMDP, precision: Int) -> Int {
        let balls = mdp.target.count + 3 * mdp.actionRowCount + 6 * mdp.stateCount
        let limbBytes = precision > 128 ? 2 * ((precision + 63) / 64) * 8 : 0
        let (product, overflow) = balls.multipliedReportingOverflow(by: 48 + limbBytes)
        return overflow ? Int.max : product
    }

    /// Bits needed to certify widths ≤ 2^−toleranceBits: the tolerance, plus what is lost to the
    /// magnitude of the values (relative rounding), the contraction gap 1/(1 − β) and the largest
    /// weight (the residual is divided by both), and 1/α (policy widths are Q widths over α).
    init(_ mdp: CompiledMDP, toleranceBits: Int, valueScale: Double, weights: ContractionWeights, alpha: Rational) {
        func log2(_ x: Double) -> Int { x.isFinite ? Int(Foundation.log2(Swift.max(x, 1)).rounded(.up)) : Int.max / 4 }
        let valueBits = log2(1 + valueScale)
        let weightBits = log2(1 + (weights.weight.max() ?? 1))
        let gapBits = Int((-(Rational.one - weights.beta).logMagnitude / Foundation.log(2)).rounded(.up))
        let alphaBits = Swift.max(0, Int((-alpha.logMagnitude / Foundation.log(2)).rounded(.up)))
        precision = toleranceBits + valueBits + weightBits + gapBits + alphaBits + 48
        memory = Self.memory(mdp, precision: precision)
        breakdown = "width 2^-\(toleranceBits), |V| up to 2^\(valueBits), 1/(1−β) = 2^\(gapBits), "
            + "largest weight 2^\(weightBits), 1/α = 2^\(alphaBits)"
    }

    /// Refuses, with one line naming the quantity, its value and the limit, when this cost
    /// (or the memory at a later, larger `precision`) exceeds `limits`.
    static func check(
        precision: Int, memory: Int, breakdown: String, limits: CertificationLimits
    ) throws(SolverError) {
        guard precision <= limits.maximumPrecision else {
            throw SolverError(
                "certifying needs about \(precision) bits of working precision (\(breakdown)), "
                    + "above the limit of \(limits.maximumPrecision) bits",
                exceededLimit: .precision)
        }
        guard memory <= limits.maximumMemory else {
            throw SolverError(
                "certifying needs about \(gibibytes(memory)) GiB for its balls at \(precision) bits "
                    + "(\(breakdown)), above the limit of \(gibibytes(limits.maximumMemory)) GiB",
                exceededLimit: .memory)
        }
    }

    private static func gibibytes(_ bytes: Int) -> String {
        Rational(bytes, 1 << 30).scientificString(significantDigits: 3, rounding: .up)
    }
}
