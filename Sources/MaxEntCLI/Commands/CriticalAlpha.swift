import ArgumentParser
import Arithmetic
import FiniteMDP
import Solvers
import JSON

/// `maxent critical-alpha`: certified temperatures where MaxEnt abandons the standard optimum.
struct CriticalAlpha: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "critical-alpha",
        abstract: "Find every α where the soft probability of the standard-optimal actions at a state crosses 1/2.",
        discussion: """
            The total π_α-probability of Opt(s) is evaluated with certified enclosures on a log-spaced \
            grid of --samples temperatures in --range; each certain sign change is narrowed by bisection \
            to a bracket no wider than --tolerance. Crossings closer together than the grid spacing can \
            be missed: raise --samples to look closer.
            """)

    @Argument(help: "An MDP file in maxent-mdp/1 format.")
    var file: String

    @Option(help: "The state to examine (default: the initial state).")
    var state: String?

    @Option(help: "Temperatures to scan, as 'lo,hi' with 0 < lo < hi (exact rationals).")
    var range: String = "1/1000,1000"

    @Option(help: "Number of grid points of the scan.")
    var samples: Int = 64

    @Option(help: "Largest allowed width of each returned bracket.")
    var tolerance: Rational = Rational(1) / Rational(10).power(30)

    @Flag(help: "Print machine-readable JSON.")
    var json = false

    func validate() throws {
        _ = try parsedRange()
        if samples < 2 { throw ValidationError("--samples must be at least 2") }
        if tolerance.signum <= 0 { throw ValidationError("--tolerance must be positive") }
    }

    func parsedRange() throws(ValidationError) -> ClosedRange<Rational> {
        let parts = range.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2, let low = Rational(argument: parts[0]), let high = Rational(argument: parts[1]) else {
            throw ValidationError("--range must be 'lo,hi' with two exact rationals, got '\(range)'")
        }
        guard low.signum > 0 else { throw ValidationError("--range: temperatures must be positive, got \(low)") }
        guard low < high else { throw ValidationError("--range: lo must be smaller than hi, got \(low),\(high)") }
        return low...high
    }

    func run() throws {
        let mdp = try loadMDP(file)
        let index = try resolveState(state, in: mdp)
        guard !mdp.states[index].isTerminal else {
            throw InputError("--state: \"\(mdp.states[index].name)\" is terminal, so it has no policy to cross 1/2")
        }
        let crossings: [CriticalTemperature]
        let optimal: [Int]
        do {
            optimal = try StandardSolver.solve(mdp).optimalActions[index]
            crossings = try CriticalTemperatureSearch.find(
                mdp, state: index, range: try parsedRange(), samples: samples, tolerance: tolerance)
        } catch {
            throw Failure("\(file): \(error)")
        }
        let name = mdp.states[index].name
        let optimalNames = optimal.map { mdp.states[index].actions[$0].name }
        let digits = displayDigits(for: tolerance)
        if json {
            print(JSONValue.object([
                ("state", .string(name)),
                ("optimalActions", .array(optimalNames.map(JSONValue.string))),
                ("range", .string(range)),
                ("tolerance", .string(tolerance.description)),
                ("crossings", .array(crossings.map { crossing in
                    .object([
                        ("lower", .string(crossing.lower.description)),
                        ("upper", .string(crossing.upper.description)),
                        ("direction", .string(crossing.isFalling ? "falling" : "rising")),
                        ("probabilityAtLower", .string(crossing.probabilityAtLower.enclosureString(digits: 20))),
                        ("probabilityAtUpper", .string(crossing.probabilityAtUpper.enclosureString(digits: 20))),
                    ])
                })),
            ]).jsonText())
            return
        }
        print("State \(name): standard-optimal actions Opt(s) = {\(optimalNames.joined(separator: ", "))}")
        if optimal.count == mdp.states[index].actions.count {
            print("Every action is optimal, so their total soft probability is 1 for every α: no crossing.")
            return
        }
        print("Scanned α ∈ [\(range.replacingOccurrences(of: ",", with: ", "))] at \(samples) points; π_α(Opt(s)|s) crosses 1/2 \(crossings.count) time(s).")
        for crossing in crossings {
            print("")
            print("  α* ∈ [\(crossing.lower.decimalString(digits: digits, rounding: .down)), \(crossing.upper.decimalString(digits: digits, rounding: .up))]   (certified bracket, width ≤ \(upperBoundText(tolerance)))")
            print("  π_α(Opt|s) \(crossing.isFalling ? "falls below" : "rises above") 1/2 as α grows:"
                + " \(offsetFromHalf(crossing.probabilityAtLower)) at the lower end,"
                + " \(offsetFromHalf(crossing.probabilityAtUpper)) at the upper end")
            print("  exact ends: \(exactText(crossing.lower, maximumLength: 80)) … \(exactText(crossing.upper, maximumLength: 80))")
        }
    }

    /// `1/2 + 3.6e-31` or `1/2 − 1.6e-31`, with certified digits.
    private func offsetFromHalf(_ probability: Ball) -> String {
        let offset = (probability - Rational(1, 2)).certifiedDigits(3)
        return offset.hasPrefix("-") ? "1/2 − \(offset.dropFirst())" : "1/2 + \(offset)"
    }
}
