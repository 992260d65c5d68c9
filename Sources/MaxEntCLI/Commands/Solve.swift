import ArgumentParser
import Arithmetic
import FiniteMDP
import Foundation
import Solvers
import JSON

/// `maxent solve`: exact standard values and certified soft values of an MDP file.
struct Solve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Solve an MDP: exact V*, Q* and Opt(s); with --alpha, certified V_α and π_α.")

    @Argument(help: "An MDP file in maxent-mdp/1 format.")
    var file: String

    @Option(help: "Temperature α > 0 of the soft objective, as an exact rational (1/5, 0.2).")
    var alpha: Rational?

    @Option(help: "Largest allowed width of every reported enclosure.")
    var tolerance: Rational = Rational(1) / Rational(10).power(30)

    @Option(help: "Instead of a width: certify at this fixed working precision (bits) and report the widths reached.")
    var precision: Int?

    @Option(help: "Solve the finite-horizon problem with this many steps instead.")
    var horizon: Int?

    @Flag(help: "Soft values by float64 soft policy iteration: fast, for huge MDPs, NOT certified.")
    var uncertified = false

    @Flag(help: "Skip the exact standard solution (its dense exact solve is the bottleneck beyond a few thousand states).")
    var softOnly = false

    @Flag(help: "Print machine-readable JSON.")
    var json = false

    @OptionGroup var certification: CertificationOptions

    func validate() throws {
        if let alpha, alpha.signum <= 0 {
            throw ValidationError("--alpha must be positive: the soft objective is undefined at α = \(alpha)")
        }
        if tolerance.signum <= 0 { throw ValidationError("--tolerance must be positive") }
        if let horizon, horizon < 0 { throw ValidationError("--horizon must be non-negative") }
        if uncertified && alpha == nil { throw ValidationError("--uncertified needs --alpha") }
        if uncertified && horizon != nil { throw ValidationError("--uncertified solves the infinite-horizon problem only") }
        if let precision, precision < 16 { throw ValidationError("--precision must be at least 16 bits") }
        if precision != nil && (horizon != nil || uncertified) {
            throw ValidationError("--precision applies to the certified infinite-horizon solve only")
        }
        if softOnly && alpha == nil { throw ValidationError("--soft-only needs --alpha") }
    }

    func run() throws {
        let mdp = try loadMDP(file)
        var standard: StandardSolution?
        if !softOnly {
            do {
                standard = try horizon.map { StandardSolver.solve(mdp, horizon: $0) } ?? StandardSolver.solve(mdp)
            } catch {
                throw Failure("\(file): \(error)")
            }
        }
        var soft: SoftSolution?
        var fast: UncertifiedSoftSolution?
        if let alpha {
            let limits = certification.limits
            let progress = CertificationProgress(label: "solve \(file) at α = \(shortText(alpha))")
            do {
                if uncertified {
                    fast = try SoftSolver.solveUncertified(mdp, alpha: alpha.doubleValue)
                } else if let precision {
                    soft = try SoftSolver.solve(mdp, alpha: alpha, precision: precision, limits: limits, progress: progress.report)
                } else if let horizon {
                    soft = try SoftSolver.solve(mdp, alpha: alpha, horizon: horizon, tolerance: tolerance, limits: limits)
                } else {
                    soft = try SoftSolver.solve(mdp, alpha: alpha, tolerance: tolerance, limits: limits, progress: progress.report)
                }
            } catch {
                throw certification.failure(file, error)
            }
        }
        let report = SolveReport(
            file: file, mdp: mdp, standard: standard, soft: soft, uncertified: fast, alpha: alpha,
            tolerance: precision == nil ? tolerance : soft?.maximumWidth ?? tolerance, widthIsRequested: precision == nil)
        print(json ? report.json().jsonText() : report.text())
    }
}

/// What `solve` prints, as text or JSON.
struct SolveReport {
    let file: String
    let mdp: MDP
    let standard: StandardSolution?
    let soft: SoftSolution?
    let uncertified: UncertifiedSoftSolution?
    let alpha: Rational?
    /// The requested width, or with a fixed precision the widest ball reached.
    let tolerance: Rational
    let widthIsRequested: Bool

    func text() -> String {
        let terminalCount = mdp.states.filter(\.isTerminal).count
        var lines = [
            "\(file): \(mdp.states.count) states (\(terminalCount) terminal), γ = \(mdp.gamma), initial state \(mdp.states[mdp.initialState].name)",
            "",
        ]
        if let standard {
            let objective = standard.horizon.map { "Standard objective, horizon \($0)" } ?? "Standard objective"
            lines.append("\(objective) — exact rationals, Bellman optimality verified exactly")
            var rows = [["state", "V*", "Opt(s)"]]
            for (index, state) in mdp.states.enumerated() {
                let optimal = state.isTerminal
                    ? "(terminal)" : standard.optimalActions[index].map { state.actions[$0].name }.joined(separator: ", ")
                rows.append([state.name, exactText(standard.values[index]), optimal])
            }
            lines += table(rows)
            lines.append("")
        }
        if let soft, let alpha {
            let digits = displayDigits(for: tolerance)
            let widths = widthIsRequested ? "every width ≤ \(upperBoundText(tolerance))" : "widest ball ≤ \(upperBoundText(tolerance))"
            lines += ["Soft objective, α = \(alpha) — certified enclosures, \(widths) (\(soft.precision)-bit balls)"]
            var rows = [["state", "V_α", "π_α(·|s)"]]
            for (index, state) in mdp.states.enumerated() {
                let policy = state.isTerminal ? "(terminal)" : zip(state.actions, soft.policy[index])
                    .map { "\($0.name) \($1.certifiedDigits(digits))" }.joined(separator: ", ")
                rows.append([state.name, soft.values[index].certifiedDigits(digits), policy])
            }
            lines += table(rows)
            lines.append("(printed digits are correct to within one unit in the last place)")
        }
        if let uncertified, let alpha {
            lines += ["Soft objective, α = \(alpha) — float64, UNCERTIFIED (no error bound)"]
            var rows = [["state", "V_α ≈", "π_α(·|s) ≈"]]
            for (index, state) in mdp.states.enumerated() {
                let policy = state.isTerminal ? "(terminal)" : zip(state.actions, uncertified.policy[index])
                    .map { "\($0.name) \(String(format: "%.12g", $1))" }.joined(separator: ", ")
                rows.append([state.name, String(format: "%.15g", uncertified.values[index]), policy])
            }
            lines += table(rows)
        }
        while lines.last == "" { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    func json() -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("file", .string(file)),
            ("gamma", .string(mdp.gamma.description)),
            ("initial", .string(mdp.states[mdp.initialState].name)),
        ]
        if let standard {
            var standardMembers: [(key: String, value: JSONValue)] = [("exact", .bool(true))]
            if let horizon = standard.horizon { standardMembers.append(("horizon", .number("\(horizon)"))) }
            standardMembers.append(("states", .object(mdp.states.enumerated().map { index, state in
                (state.name, .object([
                    ("value", .string(standard.values[index].description)),
                    ("q", .object(zip(state.actions, standard.qValues[index]).map { ($0.name, .string($1.description)) })),
                    ("optimal", .array(standard.optimalActions[index].map { .string(state.actions[$0].name) })),
                ]))
            })))
            members.append(("standard", .object(standardMembers)))
        }
        if let soft, let alpha {
            func ball(_ value: Ball) -> JSONValue { .string(value.enclosureString()) }
            members.append(("soft", .object([
                ("alpha", .string(alpha.description)),
                ("certified", .bool(true)),
                ("tolerance", .string(tolerance.description)),
                ("precisionBits", .number("\(soft.precision)")),
                ("states", .object(mdp.states.enumerated().map { index, state in
                    (state.name, .object([
                        ("value", ball(soft.values[index])),
                        ("q", .object(zip(state.actions, soft.qValues[index]).map { ($0.name, ball($1)) })),
                        ("policy", .object(zip(state.actions, soft.policy[index]).map { ($0.name, ball($1)) })),
                    ]))
                })),
            ])))
        }
        if let uncertified, let alpha {
            members.append(("soft", .object([
                ("alpha", .string(alpha.description)),
                ("certified", .bool(false)),
                ("states", .object(mdp.states.enumerated().map { index, state in
                    (state.name, .object([
                        ("value", .number(uncertified.values[index], text: jsonDouble)),
                        ("policy", .object(zip(state.actions, uncertified.policy[index]).map { ($0.name, .number($1, text: jsonDouble)) })),
                    ]))
                })),
            ])))
        }
        return .object(members)
    }
}

func jsonDouble(_ value: Double) -> String { String(format: "%.17g", value) }

/// Left-aligned columns separated by three spaces.
func table(_ rows: [[String]]) -> [String] {
    let widths = (0..<(rows.first?.count ?? 0)).map { column in rows.map { $0[column].count }.max() ?? 0 }
    return rows.map { row in
        "  " + row.enumerated().map { column, cell in
            column == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[column] - cell.count)
        }.joined(separator: "   ")
    }
}
