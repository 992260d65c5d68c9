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
func displayDigits(for tolerance: Rational) -> Int {
    let magnitude = tolerance.doubleValue
    guard magnitude > 0 else { return 60 }
    return min(60, max(6, Int((-Foundation.log10(magnitude)).rounded(.up)) + 2))
}

/// Exact text for a rational, shortened to a decimal when the fraction is unreadably long.
func exactText(_ value: Rational, maximumLength: Int = 40) -> String {
    let text = value.description
    if text.count <= maximumLength { return text }
    return "≈ \(value.decimalString(digits: 12)) (exact fraction: \(value.denominatorDigits)-digit denominator, see --json)"
}


/// A rational for headings: exact when short (`1/5`), otherwise three significant digits (`1e-30`).
func shortText(_ value: Rational) -> String {
    let exact = value.description
    if exact.count <= 12 { return exact }
    let magnitude = value.doubleValue
    if magnitude != 0 && magnitude.isFinite { return String(format: "%.3g", magnitude) }
    let exponent = Int((value.logMagnitude / M_LN10).rounded(.down))
    let mantissa = exponent >= 0 ? value / Rational(10).power(exponent) : value * Rational(10).power(-exponent)
    return String(format: "%.3ge%d", mantissa.doubleValue, exponent)
}
