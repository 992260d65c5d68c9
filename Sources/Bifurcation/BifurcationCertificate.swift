import Arithmetic
import FiniteMDP

/// A self-contained JSON certificate of a bifurcation extension: both MDPs, the request, the
/// parameters, the exact standard values on both MDPs and the certified soft enclosures.
/// `BifurcationCertificate.check` re-derives everything from the two embedded MDPs alone.
public enum BifurcationCertificate {
    public static let formatTag = "maxent-bifurcation-certificate/1"

    /// The certificate of a verified construction.
    public static func document(for construction: BifurcationConstruction) -> JSONValue {
        let request = construction.request, verification = construction.verification
        let original = request.mdp, extended = construction.extended
        let stateName = original.states[request.state].name
        let actions = original.states[request.state].actions.map(\.name)
        func list(_ values: [Rational]) -> JSONValue { .array(values.map { .string($0.description) }) }
        func enclosure(_ ball: Ball) -> JSONValue { .string(ball.enclosureString(digits: 40)) }
        func exactValues(_ mdp: MDP, _ values: [Rational]) -> JSONValue {
            .object(mdp.states.enumerated().map { ($1.name, .string(values[$0].description)) })
        }
        let parameters = construction.parameters
        return .object([
            ("format", .string(formatTag)),
            ("state", .string(stateName)),
            ("actions", .array(actions.map(JSONValue.string))),
            ("target", list(request.target)),
            ("alpha", .string(request.alpha.description)),
            ("epsilon", .string(request.tolerance.description)),
            ("parameters", .object([
                ("K", .string(parameters.boundaryValue.description)),
                ("W", list(parameters.expectedValues)),
                ("rho", list(parameters.continueRewards)),
                ("n1", list(parameters.continueMeasures)),
                ("n2", list(parameters.bailMeasures)),
                ("rT", list(parameters.bailRewards)),
                ("rTEnclosure", .array(parameters.bailRewardEnclosures.map(enclosure))),
            ])),
            ("claims", .object([
                ("standardPolicyUnchanged", .bool(verification.standardPolicyUnchanged)),
                ("policyWithinEpsilon", .bool(verification.policyWithinTolerance)),
                ("deviationBound", .string(verification.deviationBound.description)),
            ])),
            ("standardValues", .object([
                ("original", exactValues(original, verification.originalValues)),
                ("extended", exactValues(extended, verification.extendedValues)),
            ])),
            ("softPolicy", .object([
                ("precisionBits", .number("\(verification.precision)")),
                ("achieved", .object(zip(actions, verification.achievedPolicy).map { ($0, enclosure($1)) })),
            ])),
            ("original", documentValue(original)),
            ("extended", documentValue(extended)),
        ])
    }

    /// What re-checking a certificate found.
    public struct CheckReport: Sendable {
        public let verification: BifurcationVerification
        public let state: String
        public let actions: [String]
        public let target: [Rational]
        public let tolerance: Rational
    }

    /// Re-derives both claims from the embedded MDPs and compares them with what the certificate
    /// says: every exact value must be equal, every enclosure must overlap the recomputed one,
    /// and both claims must hold. Any discrepancy is thrown as a failure that names it.
    public static func check(_ document: JSONValue) throws(BifurcationError) -> CheckReport {
        let root = try Fields(document, path: "")
        guard try root.string("format") == formatTag else {
            throw .refused("format: expected \"\(formatTag)\"")
        }
        let state = try root.string("state")
        let target = try root.rationals("target")
        let alpha = try root.rational("alpha"), tolerance = try root.rational("epsilon")
        let original = try root.mdp("original"), extended = try root.mdp("extended")
        let claimedOriginal = try root.object("standardValues").object("original")
        // The claimed V* of M is only a candidate: the verifier checks it exactly before use.
        let claimed = original.states.map { try? claimedOriginal.rational($0.name) }
        let candidate = claimed.contains { $0 == nil } ? nil : claimed.compactMap { $0 }
        let verification = try BifurcationVerifier.verify(
            original: original, extended: extended, state: state, target: target, alpha: alpha, tolerance: tolerance,
            originalCandidate: candidate)
        guard verification.standardPolicyUnchanged else {
            throw .failed("claim (i) does not hold: \(verification.standardDifference ?? "the standard optimum changed")")
        }
        guard verification.policyWithinTolerance else {
            throw .failed("claim (ii) does not hold: max |π̂_α(a|s) − p(a)| may be as large as \(verification.deviationBound.scientificString(rounding: .up)), above ε")
        }
        let values = try root.object("standardValues")
        for (label, mdp, recomputed) in [("original", original, verification.originalValues), ("extended", extended, verification.extendedValues)] {
            let claimed = try values.object(label)
            for (index, stateOfMDP) in mdp.states.enumerated() {
                guard try claimed.rational(stateOfMDP.name) == recomputed[index] else {
                    throw .failed("standardValues.\(label).\(stateOfMDP.name): the certificate claims \(try claimed.rational(stateOfMDP.name)) but the exact value is \(recomputed[index])")
                }
            }
        }
        let actions = original.states[original.stateIndex(named: state)!].actions.map(\.name)
        let achieved = try root.object("softPolicy").object("achieved")
        for (action, ball) in zip(actions, verification.achievedPolicy) {
            let claimed = try achieved.string(action)
            guard let claimedBall = Ball(arbText: claimed, precision: ball.precision), claimedBall.overlaps(ball) else {
                throw .failed("softPolicy.achieved.\(action): the claimed enclosure \(claimed) does not contain the recomputed π̂_α = \(ball)")
            }
        }
        return CheckReport(verification: verification, state: state, actions: actions, target: target, tolerance: tolerance)
    }

    static func documentValue(_ mdp: MDP) -> JSONValue {
        // jsonText() is a valid document by construction, so it parses.
        try! JSONValue(parsing: Array(mdp.jsonText().utf8))
    }
}

/// Typed, path-reporting access to the members of a certificate object.
private struct Fields {
    let members: [(key: String, value: JSONValue)]
    let path: String

    init(_ value: JSONValue, path: String) throws(BifurcationError) {
        guard case .object(let members) = value else { throw .refused("\(path.isEmpty ? "certificate" : path): expected an object") }
        self.members = members
        self.path = path
    }

    func value(_ key: String) throws(BifurcationError) -> JSONValue {
        guard let member = members.first(where: { $0.key == key }) else {
            throw .refused("\(path.isEmpty ? "" : path + "."): missing \"\(key)\"".replacingOccurrences(of: ".: ", with: ": "))
        }
        return member.value
    }

    func string(_ key: String) throws(BifurcationError) -> String {
        guard case .string(let text) = try value(key) else { throw .refused("\(location(key)): expected a string") }
        return text
    }

    func rational(_ key: String) throws(BifurcationError) -> Rational {
        let text = try string(key)
        guard let value = Rational(text) else { throw .refused("\(location(key)): '\(text)' is not an exact rational") }
        return value
    }

    func rationals(_ key: String) throws(BifurcationError) -> [Rational] {
        guard case .array(let items) = try value(key) else { throw .refused("\(location(key)): expected an array") }
        var result: [Rational] = []
        for (index, item) in items.enumerated() {
            guard case .string(let text) = item, let value = Rational(text) else {
                throw .refused("\(location(key))[\(index)]: expected an exact rational string")
            }
            result.append(value)
        }
        return result
    }

    func object(_ key: String) throws(BifurcationError) -> Fields {
        try Fields(try value(key), path: location(key))
    }

    func mdp(_ key: String) throws(BifurcationError) -> MDP {
        let document = try value(key)
        do {
            return try MDP(json: document.jsonText())
        } catch {
            throw .refused("\(location(key)).\(error)")
        }
    }

    private func location(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
}
