import Arithmetic
import Testing
import PropertyBased
import JSON
@testable import FiniteMDP

@Suite("Writing maxent-mdp/1")
struct MDPWritingTests {
    private let toy = MDP(
        gamma: Rational(99, 100),
        states: [
            MDP.State(name: "s0", actions: [
                MDP.Action(name: "left", reward: 0, transitions: [MDP.Transition(target: 1, probability: 1)]),
                MDP.Action(name: "right", reward: 0, transitions: [MDP.Transition(target: 2, probability: 1)]),
            ]),
            MDP.State(name: "s1", actions: [
                MDP.Action(name: "precise", measure: Rational(1, 5), reward: 1, transitions: [MDP.Transition(target: 3, probability: 1)]),
                MDP.Action(name: "imprecise", measure: Rational(9, 5), reward: -20, transitions: [MDP.Transition(target: 4, probability: 1)]),
            ]),
            MDP.State(name: "s2", actions: [
                MDP.Action(name: "any", measure: 2, reward: -1, transitions: [MDP.Transition(target: 5, probability: 1)]),
            ]),
            MDP.State(name: "win"), MDP.State(name: "lose"), MDP.State(name: "safe"),
        ]
    )

    @Test func roundTripsTheToyExample() throws {
        #expect(try MDP(json: toy.jsonText()) == toy)
    }

    @Test func writesIntegersAsNumbersFractionsAsStringsAndOmitsUnitMeasures() throws {
        let text = toy.jsonText()
        #expect(text.contains(#""gamma": "99/100""#))
        #expect(text.contains(#"{ "name": "left", "reward": 0, "next": { "s1": 1 } }"#))
        #expect(text.contains(#"{ "name": "precise", "measure": "1/5", "reward": 1, "next": { "win": 1 } }"#))
        #expect(text.contains(#""measure": 2, "reward": -1"#))
        #expect(text.hasSuffix("}\n"))
        // The file is the format's document, not just any JSON: the tag and initial are explicit.
        let document = try JSONValue(parsing: Array(text.utf8))
        guard case .object(let members) = document else { Issue.record("not an object"); return }
        #expect(members.map(\.key) == ["format", "gamma", "initial", "states"])
    }

    @Test func roundTripsAwkwardNamesHugeNumbersMetaAndANonFirstInitialState() throws {
        let huge = try Rational(parsing: "-123456789012345678901234567890/7")
        let model = MDP(
            gamma: 1,
            states: [
                MDP.State(name: "quote \" backslash \\ newline \n tab \t", actions: [
                    MDP.Action(name: "é 😀 \u{1}", measure: Rational(1, 3), reward: huge, transitions: [
                        MDP.Transition(target: 1, probability: Rational(2, 3)),
                        MDP.Transition(target: 2, probability: Rational(1, 3)),
                    ]),
                ]),
                MDP.State(name: "0"),
                MDP.State(name: "t.2"),
            ],
            initialState: 1,
            meta: .object([("note", .string("kept")), ("values", .array([.number("1.50"), .null, .bool(true), .object([])]))])
        )
        #expect(try MDP(json: model.jsonText()) == model)
    }

    @Test func roundTripsGeneratedModels() async {
        await propertyCheck(count: 50, input: Gen.int(in: 0...1_000_000), Gen.int(in: 0...3)) { seed, gammaChoice in
            let gamma = [Rational(0), Rational(1, 2), Rational(99, 100), Rational(1)][gammaChoice]
            let model = MDPGenerator.random(states: 1 + seed % 40, actions: 1 + seed % 4, successors: 1 + seed % 5, gamma: gamma, seed: UInt64(seed))
            let text = model.jsonText()
            let reread = try MDP(json: text)
            #expect(reread == model)
            // Writing is a function of the value: the reread model writes the same text.
            #expect(reread.jsonText() == text)
        }
    }
}
