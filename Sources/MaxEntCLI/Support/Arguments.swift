import ArgumentParser
import Arithmetic
import FiniteMDP
import Foundation

extension Rational: ExpressibleByArgument {
    /// Accepts the same exact syntax as MDP files: `1/5`, `0.2`, `1e-30`.
    public init?(argument: String) {
        guard let value = try? Rational(parsing: argument) else { return nil }
        self = value
    }
}

/// Reads and validates an MDP file, turning every format problem into a one-line input error
/// that names the file and the JSON path.
func loadMDP(_ path: String) throws(InputError) -> MDP {
    do {
        return try MDP(contentsOfFile: path)
    } catch {
        throw InputError("\(path): \(error)")
    }
}

/// The index of the state named `name`, or the initial state when `name` is nil.
func resolveState(_ name: String?, in mdp: MDP, option: String = "--state") throws(InputError) -> Int {
    guard let name else { return mdp.initialState }
    guard let index = mdp.stateIndex(named: name) else {
        let known = mdp.states.prefix(8).map(\.name).joined(separator: ", ")
        throw InputError("\(option): no state named \"\(name)\" (states: \(known)\(mdp.states.count > 8 ? ", …" : ""))")
    }
    return index
}

/// Significant digits worth printing for enclosures of width `tolerance`.
func displayDigits(for tolerance: Rational) -> Int { Rational.displayDigits(resolving: tolerance) }

/// Exact text for a rational, shortened to a decimal when the fraction is unreadably long.
func exactText(_ value: Rational, maximumLength: Int = 40) -> String {
    let text = value.description
    if text.count <= maximumLength { return text }
    return "≈ \(value.decimalString(digits: 12)) (exact fraction: \(value.denominatorDigits)-digit denominator, see --json)"
}


/// A rational for headings: exact when short (`1/5`), otherwise three significant digits
/// rounded to nearest (`1e-30`). Not for bounds: those print with `upperBoundText`.
func shortText(_ value: Rational) -> String {
    let exact = value.description
    return exact.count <= 12 ? exact : value.scientificString(significantDigits: 3, rounding: .toNearestOrEven)
}

/// A certified upper bound (or a limit that a certified quantity is claimed to stay under):
/// exact when short, otherwise rounded up, so the printed number is still an upper bound.
func upperBoundText(_ value: Rational, significantDigits: Int = 3) -> String {
    let exact = value.description
    return exact.count <= 12 ? exact : value.scientificString(significantDigits: significantDigits, rounding: .up)
}
