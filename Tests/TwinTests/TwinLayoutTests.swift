import Arithmetic
import FiniteMDP
import Testing
@testable import Twins

@Suite struct TwinLayoutTests {
    @Test(arguments: [UInt64(1), 2, 3])
    func defaultCounterpartMeasuresAreTwiceTheNormalisedMeasures(seed: UInt64) throws {
        var mdp = MDPGenerator.random(states: 10, actions: 4, successors: 2, gamma: Rational(9, 10), seed: seed)
        // Give the actions unequal measures so that the normalisation shows.
        for state in mdp.states.indices {
            for action in mdp.states[state].actions.indices {
                mdp.states[state].actions[action].measure = Rational(action + 1, state + 2)
            }
        }
        let counterpart = try DeepTwin(mdp: mdp).counterpart
        for (state, original) in zip(counterpart.states, mdp.states) {
            let total = original.actions.map(\.measure).sum()
            for (action, source) in zip(state.actions, original.actions) {
                #expect(action.measure == Rational(2) * source.measure / total)
            }
            if !state.isTerminal { #expect(state.actions.map(\.measure).sum() == Rational(2)) }
        }
    }

    @Test func theToyTwinsCounterpartIsTheToyFileUnderBothLayouts() throws {
        let toy = try MDP(contentsOfFile: "\(examplesDirectory)/toy.json")
        let layout = try TwinLayout(contentsOfFile: "\(examplesDirectory)/toy-layout.json", for: toy)
        #expect(try DeepTwin(mdp: toy, layout: layout).counterpart == toy)
        #expect(try DeepTwin(mdp: toy).counterpart == toy)
        let s1 = toy.stateIndex(named: "s1")!
        #expect(layout.length(state: s1, action: 0) == Rational(1, 5))
        #expect(TwinLayout.standard(for: toy).intervals[s1][0] == [
            TwinLayout.Interval(lower: -1, upper: Rational(-4, 5), includesLower: true, includesUpper: false)])
    }

    @Test func aFileWhoseMeasuresDoNotSumToTwoHasADifferentCounterpart() throws {
        var mdp = try MDP(contentsOfFile: "\(examplesDirectory)/toy.json")
        mdp.states[0].actions[1].measure = Rational(3)
        let counterpart = try DeepTwin(mdp: mdp).counterpart
        #expect(counterpart.states[0].actions.map(\.measure) == [Rational(1, 2), Rational(3, 2)])
        #expect(counterpart != mdp)
    }

    static func layoutError(_ states: String) -> String? {
        let text = "{\"format\": \"maxent-twin-layout/1\", \"states\": {\(states)}}"
        do {
            _ = try TwinLayout(json: Array(text.utf8), for: MDP.paperToy)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func badLayoutsAreRefusedWithOneLineSayingWhere() {
        #expect(Self.layoutError(#""s0": {"left": "[-1, 0]", "right": "[0, 1]"}"#)
            == #"states.s0: intervals [-1, 0] (left) and [0, 1] (right) overlap"#)
        #expect(Self.layoutError(#""s0": {"left": "[-1, 0)", "right": "(0, 1]"}"#)
            == #"states.s0: intervals [-1, 0) (left) and (0, 1] (right) leave a gap between them"#)
        #expect(Self.layoutError(#""s0": {"left": "[-1, -1/2]", "right": "[0, 1]"}"#)
            == #"states.s0: intervals [-1, -1/2] (left) and [0, 1] (right) leave a gap between them"#)
        #expect(Self.layoutError(#""s0": {"left": "[-1, 1/2]", "right": "[0, 1]"}"#)
            == #"states.s0: intervals [-1, 1/2] (left) and [0, 1] (right) overlap"#)
        #expect(Self.layoutError(#""s0": {"left": "(-1, 0]", "right": "(0, 1]"}"#)
            == #"states.s0: the intervals leave a gap at -1: the first one is (-1, 0] (left)"#)
        #expect(Self.layoutError(#""s0": {"left": "[-1, 0]", "right": "(0, 1)"}"#)
            == #"states.s0: the intervals leave a gap at 1: the last one is (0, 1) (right)"#)
        #expect(Self.layoutError(#""s0": {"left": "[-1, 0]", "sideways": "(0, 1]"}"#)
            == #"states.s0.sideways: state "s0" has no action "sideways""#)
        #expect(Self.layoutError(#""s0": {"left": "[-1, 1]"}"#) == #"states.s0: action "right" owns no interval"#)
        #expect(Self.layoutError(#""s7": {"left": "[-1, 1]"}"#) == #"states.s7: the MDP has no state "s7""#)
        #expect(Self.layoutError(#""win": {}"#) == #"states.win: "win" is terminal, it has no actions to lay out"#)
        #expect(Self.layoutError(#""s0": {"left": "[-1, 0", "right": "(0, 1]"}"#)?.hasPrefix("states.s0.left: expected an interval") == true)
        #expect(Self.layoutError(#""s2": {"any": ["[-1, 0]", "(0, 1]"]}"#) == nil)
    }

    @Test func aLayoutRoundTripsThroughItsFile() throws {
        let toy = MDP.paperToy
        let layout = try TwinLayout(contentsOfFile: "\(examplesDirectory)/toy-layout.json", for: toy)
        #expect(try TwinLayout(json: Array(layout.jsonText(for: toy).utf8), for: toy) == layout)
    }

    @Test func twinNamesAreParsedAndBadOnesRefused() throws {
        #expect(try TwinName(argument: "a.json,layout=b.json,steps=9") == TwinName(mdpPath: "a.json", layoutPath: "b.json", stepLimit: 9))
        #expect(throws: TwinError.self) { try TwinName(argument: "a.json,steps=0") }
        #expect(throws: TwinError.self) { try TwinName(argument: "a.json,colour=red") }
        #expect(throws: TwinError.self) { try TwinName(argument: "") }
        #expect(throws: TwinError.self) { try TwinName(argument: "/no/such/file.json").load() }
    }
}
