import Arithmetic
import FiniteMDP
import JSON

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
                ("rule", .string(parameters.rule.rawValue)),
                ("K", .string(parameters.boundaryValue.description)),
                ("K0Bracket", list([parameters.lowestBoundaryValue.lower, parameters.lowestBoundaryValue.upper])),
                ("W", list(parameters.expectedValues)),
                ("rTBound", list(parameters.bailRewardBounds)),
                ("q", parameters.reachFactors.map(list) ?? .null),
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
            ("standardOptimalAtAddedStates", .object(verification.addedStateOptimalActions.map { entry in
                (entry.state, .array(entry.actions.map(JSONValue.string)))
            })),
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

    /// What a certificate states, read and type-checked but not yet verified: the reading side of
    /// `check`, which a malformed or hostile file leaves with a one-line `.refused` reason.
    public struct Claims: Sendable {
        public let state: String
        /// The actions of `state` in the original MDP, in order.
        public let actions: [String]
        public let target: [Rational]
        public let alpha: Rational
        public let tolerance: Rational
        public let original: MDP
        public let extended: MDP
        /// The claimed exact V* of each state of `original`, then of `extended`, in state order.
        public let originalValues: [Rational]
        public let extendedValues: [Rational]
        /// The claimed enclosure of π̂_α(a|s) for each of `actions`, as Arb text.
        public let achievedEnclosures: [String]

        /// Reads a certificate file's bytes.
        public init(json bytes: [UInt8]) throws(BifurcationError) {
            let document: JSONValue
            do {
                document = try JSONValue(parsing: bytes)
            } catch {
                throw .refused(error.description)
            }
            try self.init(document)
        }

        /// Reads a parsed certificate document.
        public init(_ document: JSONValue) throws(BifurcationError) {
            if let path = document.firstNumberExceedingExponentDigits() {
                throw .refused("\(path): numbers written with exponents (1eN) need more than \(JSONValue.maximumExponentDigits) decimal digits in all in this file")
            }
            let root = try Fields(document, path: "")
            guard try root.string("format") == formatTag else {
                throw .refused("format: expected \"\(formatTag)\"")
            }
            state = try root.string("state")
            target = try root.rationals("target")
            alpha = try root.rational("alpha")
            tolerance = try root.rational("epsilon")
            original = try root.mdp("original")
            extended = try root.mdp("extended")
            guard let index = original.stateIndex(named: state), let extendedIndex = extended.stateIndex(named: state) else {
                throw .refused("state: \(JSONValue.messageQuoted(state)) is not a state of both embedded MDPs")
            }
            actions = original.states[index].actions.map(\.name)
            guard target.count == extended.states[extendedIndex].actions.count else {
                throw .refused("target: \(target.count) entries, but \(JSONValue.messageQuoted(state)) has \(extended.states[extendedIndex].actions.count) actions in the extension")
            }
            let values = try root.object("standardValues")
            originalValues = try values.object("original").rationals(named: original.states.map(\.name))
            extendedValues = try values.object("extended").rationals(named: extended.states.map(\.name))
            let achieved = try root.object("softPolicy").object("achieved")
            achievedEnclosures = try actions.map { (action) throws(BifurcationError) in try achieved.enclosure(action) }
        }
    }

    /// What re-checking a certificate found.
    public struct CheckReport: Sendable {
        public let verification: BifurcationVerification
        public let state: String
        public let actions: [String]
        public let target: [Rational]
        public let tolerance: Rational
    }

    /// Reads `document` (see `Claims`) and re-checks it.
    public static func check(_ document: JSONValue) throws(BifurcationError) -> CheckReport {
        try check(try Claims(document))
    }

    /// Re-derives both claims from the embedded MDPs and compares them with what the certificate
    /// says: every exact value must be equal, every enclosure must overlap the recomputed one,
    /// and both claims must hold. Any discrepancy is thrown as a failure that names it.
    public static func check(_ claims: Claims) throws(BifurcationError) -> CheckReport {
        // The claimed V* of M is only a candidate: the verifier checks it exactly before use.
        let verification = try BifurcationVerifier.verify(
            original: claims.original, extended: claims.extended, state: claims.state, target: claims.target,
            alpha: claims.alpha, tolerance: claims.tolerance, originalCandidate: claims.originalValues)
        // Claim (i) is decided by solving M̂; the theorem says it holds exactly when the admissibility
        // condition does, so a disagreement would be a flaw in the theorem or the solver, not the file.
        if verification.standardPolicyUnchanged != verification.admissibilityHolds {
            throw .failed("internal contradiction: claim (i) \(verification.standardPolicyUnchanged ? "holds" : "fails") but the admissibility condition \(verification.admissibilityHolds ? "holds" : "fails")")
        }
        guard verification.standardPolicyUnchanged else {
            let violated = verification.admissibility?.first { !$0.holds }.map { "; \($0.description)" } ?? ""
            throw .rejected(.standardPolicyUnchanged, (verification.standardDifference ?? "the standard optimum changed") + violated)
        }
        guard verification.policyWithinTolerance else {
            throw .rejected(.policyWithinTolerance, "max |π̂_α(a|s) − p(a)| may be as large as \(verification.deviationBound.scientificString(rounding: .up)), above ε")
        }
        for (label, mdp, claimed, recomputed) in [
            ("original", claims.original, claims.originalValues, verification.originalValues),
            ("extended", claims.extended, claims.extendedValues, verification.extendedValues),
        ] {
            for index in mdp.states.indices where claimed[index] != recomputed[index] {
                throw .rejected(.recordedStandardValues, "standardValues.\(label).\(JSONValue.messageText(mdp.states[index].name)): the certificate claims \(JSONValue.messageText(claimed[index])) but the exact value is \(JSONValue.messageText(recomputed[index]))")
            }
        }
        for (index, ball) in verification.achievedPolicy.enumerated() where index < claims.actions.count {
            let claimed = claims.achievedEnclosures[index]
            guard let claimedBall = Ball(arbText: claimed, precision: ball.precision), claimedBall.overlaps(ball) else {
                throw .rejected(.recordedSoftPolicy, "softPolicy.achieved.\(JSONValue.messageText(claims.actions[index])): the claimed enclosure \(JSONValue.messageText(claimed)) does not contain the recomputed π̂_α = \(ball)")
            }
        }
        return CheckReport(verification: verification, state: claims.state, actions: claims.actions, target: claims.target, tolerance: claims.tolerance)
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
        guard let value = Rational(text) else { throw .refused("\(location(key)): '\(JSONValue.messageText(text))' is not an exact rational") }
        return value
    }

    /// The exact rational under each of `keys` (state names), in order.
    func rationals(named keys: [String]) throws(BifurcationError) -> [Rational] {
        // One table, not a search per state: certificates of large extensions list thousands.
        let valueByKey = Dictionary(members.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        var values: [Rational] = []
        values.reserveCapacity(keys.count)
        for key in keys {
            guard let member = valueByKey[key] else {
                throw .refused("\(path): missing \(JSONValue.messageQuoted(key))")
            }
            guard case .string(let text) = member, let value = Rational(text) else {
                throw .refused("\(path)[\(JSONValue.messageQuoted(key))]: expected an exact rational string")
            }
            values.append(value)
        }
        return values
    }

    /// An Arb enclosure written as text (`[0.2 +/- 1e-40]`).
    func enclosure(_ key: String) throws(BifurcationError) -> String {
        guard let member = members.first(where: { $0.key == key }) else {
            throw .refused("\(path): missing \(JSONValue.messageQuoted(key))")
        }
        guard case .string(let text) = member.value, Ball(arbText: text, precision: 128) != nil else {
            throw .refused("\(path)[\(JSONValue.messageQuoted(key))]: expected a finite Arb enclosure such as \"[0.2 +/- 1e-40]\"")
        }
        return text
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
