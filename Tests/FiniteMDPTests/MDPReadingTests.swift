import Arithmetic
import Foundation
import Testing
import JSON
@testable import FiniteMDP

/// A small valid document to be varied by each test: state "s" with one action to terminal "t".
private func document(
    gamma: String = #""1/2""#,
    extra: String = "",
    states: String = #"{ "name": "s", "actions": [{ "name": "go", "reward": 1, "next": { "t": 1 } }] }, { "name": "t" }"#
) -> String {
    #"{ "format": "maxent-mdp/1", "gamma": \#(gamma), \#(extra) "states": [\#(states)] }"#
}

/// The document with the action replaced by `action`.
private func document(action: String) -> String {
    document(states: #"{ "name": "s", "actions": [\#(action)] }, { "name": "t" }, { "name": "u" }"#)
}

private func readingError(_ text: String) -> MDPFormatError? {
    do {
        _ = try MDP(json: text)
        return nil
    } catch {
        return error
    }
}

@Suite("Reading maxent-mdp/1")
struct MDPReadingTests {
    @Test func readsTheSpecificationsToyExample() throws {
        // The built-in document is the example of docs/mdp-format.md, character for character.
        let mdp = try MDP(json: MDP.paperToyJSON)
        #expect(mdp.gamma == Rational(99, 100))
        #expect(mdp.initialState == 0)
        #expect(mdp.states.map(\.name) == ["s0", "s1", "s2", "win", "lose", "safe"])
        #expect(mdp.states[3...].allSatisfy { $0.isTerminal })
        let precise = mdp.states[1].actions[0]
        #expect(precise.name == "precise" && precise.measure == Rational(1, 5) && precise.reward == 1)
        #expect(precise.transitions == [MDP.Transition(target: 3, probability: 1)])
        #expect(mdp.states[0].actions[0].measure == 1)
        #expect(mdp.states[2].actions[0].measure == 2)
        #expect(mdp.meta == nil)
    }

    @Test func readsJSONNumbersExactlyFromTheirText() throws {
        let mdp = try MDP(json: document(
            gamma: "0.1",
            states: #"""
                { "name": "s", "actions": [
                    { "name": "a", "measure": 1e-3, "reward": 123456789012345678901234567890, "next": { "t": 0.1, "u": 0.9 } },
                    { "name": "b", "measure": "2.5E+10", "reward": "-0.125", "next": { "t": "3/7", "u": "4/7" } } ] },
                { "name": "t" }, { "name": "u" }
                """#
        ))
        #expect(mdp.gamma == Rational(1, 10))
        let a = mdp.states[0].actions[0], b = mdp.states[0].actions[1]
        #expect(a.measure == Rational(1, 1000))
        #expect(a.reward == Rational("123456789012345678901234567890"))
        #expect(a.reward.description == "123456789012345678901234567890")
        #expect(a.transitions.map(\.probability) == [Rational(1, 10), Rational(9, 10)])
        #expect(b.measure == Rational(25_000_000_000))
        #expect(b.reward == Rational(-1, 8))
    }

    @Test func defaultsTheInitialStateToTheFirstAndResolvesANamedOne() throws {
        #expect(try MDP(json: document()).initialState == 0)
        #expect(try MDP(json: document(extra: #""initial": "t","#)).initialState == 1)
    }

    @Test func treatsMissingOrEmptyActionsAsTerminal() throws {
        let mdp = try MDP(json: document(states: #"{ "name": "s", "actions": [] }, { "name": "t" }"#))
        #expect(mdp.states.allSatisfy { $0.isTerminal })
    }

    @Test func carriesMetaThroughUntouched() throws {
        let mdp = try MDP(json: document(extra: #""meta": { "seed": 0.10, "list": [null, "x"] },"#))
        #expect(mdp.meta == .object([("seed", .number("0.10")), ("list", .array([.null, .string("x")]))]))
    }

    // MARK: One test per rule

    @Test func rejectsAnEmptyFile() {
        #expect(readingError("") == MDPFormatError(path: "", message: "file is empty"))
        #expect(readingError(" \n\t ")?.description == "file is empty")
    }

    @Test func rejectsTextThatIsNotJSON() {
        #expect(readingError("states: []") == MDPFormatError(path: "", message: "line 1, column 1: expected a JSON value, found 's'"))
        #expect(readingError("[1, 2]")?.description == "expected a JSON object at the top level, found an array")
    }

    @Test func rejectsAJSONSyntaxErrorWithItsLocation() {
        let text = """
            {
              "format": "maxent-mdp/1",
              "gamma": 1/2,
              "states": []
            }
            """
        #expect(readingError(text)?.description == "line 3, column 13: expected ',' or '}', found '/'")
    }

    @Test func rejectsAWrongOrMissingFormatTag() {
        let wrong = document().replacingOccurrences(of: "maxent-mdp/1", with: "maxent-mdp/2")
        #expect(readingError(wrong) == MDPFormatError(path: "format", message: #"expected "maxent-mdp/1", found "maxent-mdp/2""#))
        let number = document().replacingOccurrences(of: #""maxent-mdp/1""#, with: "1")
        #expect(readingError(number)?.description == #"format: expected "maxent-mdp/1", found a number"#)
        #expect(readingError(#"{ "gamma": 1, "states": [] }"#)?.description == #"missing key "format""#)
    }

    @Test func rejectsUnknownKeysAtEveryLevel() {
        #expect(readingError(document(extra: #""metadata": {},"#))?.description == #"unknown key "metadata""#)
        #expect(readingError(document(extra: #""meta": [1, 2],"#))?.description == "meta: expected an object, found an array")
        #expect(readingError(document(states: #"{ "name": "t", "action": [] }"#))?.description == #"states[0]: unknown key "action""#)
        #expect(readingError(document(action: #"{ "name": "go", "rewrd": 1, "reward": 1, "next": { "t": 1 } }"#))
            == MDPFormatError(path: "states[0].actions[0]", message: #"unknown key "rewrd""#))
    }

    @Test func rejectsADuplicateKey() {
        let duplicateSuccessor = document(action: #"{ "name": "go", "reward": 1, "next": { "t": "1/2", "u": "1/4", "t": "1/4" } }"#)
        #expect(readingError(duplicateSuccessor) == MDPFormatError(path: "states[0].actions[0].next", message: #"duplicate key "t""#))
        let duplicateGamma = document(extra: #""gamma": 1,"#)
        #expect(readingError(duplicateGamma)?.description == #"duplicate key "gamma""#)
    }

    @Test func rejectsGammaOutsideTheUnitInterval() {
        #expect(readingError(document(gamma: #""11/10""#)) == MDPFormatError(path: "gamma", message: "must be in [0, 1], found 11/10"))
        #expect(readingError(document(gamma: "-0.5"))?.description == "gamma: must be in [0, 1], found -1/2")
        #expect(readingError(#"{ "format": "maxent-mdp/1", "states": [{ "name": "t" }] }"#)?.description == #"missing key "gamma""#)
    }

    @Test func acceptsTheEndpointsOfTheUnitIntervalForGamma() throws {
        #expect(try MDP(json: document(gamma: "0")).gamma == 0)
        #expect(try MDP(json: document(gamma: "1")).gamma == 1)
    }

    @Test func rejectsGammaOneWithAnEndComponent() {
        let states = #"""
            { "name": "a", "actions": [{ "name": "stay", "reward": 0, "next": { "b": 1 } },
                                       { "name": "quit", "reward": 0, "next": { "end": 1 } }] },
            { "name": "b", "actions": [{ "name": "back", "reward": 1, "next": { "a": 1 } }] },
            { "name": "end" }
            """#
        #expect(readingError(document(gamma: "1", states: states)) == MDPFormatError(
            path: "gamma",
            message: #"1 requires every policy to terminate, but states "a" → "b" → "a" can cycle forever (an end component)"#
        ))
        let selfLoop = #"{ "name": "a", "actions": [{ "name": "spin", "reward": 1, "next": { "a": 1 } }] }"#
        #expect(readingError(document(gamma: "1", states: selfLoop))?.message
            == #"1 requires every policy to terminate, but state "a" → "a" can cycle forever (an end component)"#)
        // The same MDP is fine when discounted.
        #expect(readingError(document(gamma: #""99/100""#, states: states)) == nil)
    }

    @Test func rejectsMalformedNumbers() {
        #expect(readingError(document(gamma: #""3/0""#)) == MDPFormatError(path: "gamma", message: "'3/0' is not a rational number: zero denominator"))
        #expect(readingError(document(gamma: #""half""#))?.description == "gamma: 'half' is not a rational number: expected a digit")
        #expect(readingError(document(gamma: "[1, 2]"))?.description == "gamma: expected a rational number (string or number), found an array")
        #expect(readingError(document(gamma: "1e999999"))?.description == "gamma: '1e999999' is not a rational number: exponent exceeds 100000 in magnitude")
        let badReward = document(action: #"{ "name": "go", "reward": "1/2/3", "next": { "t": 1 } }"#)
        #expect(readingError(badReward)?.path == "states[0].actions[0].reward")
        let badProbability = document(action: #"{ "name": "go", "reward": 0, "next": { "t": true } }"#)
        #expect(readingError(badProbability)?.description == "states[0].actions[0].next.t: expected a rational number (string or number), found a boolean")
    }

    @Test func rejectsProbabilitiesThatDoNotSumToOne() {
        let short = document(action: #"{ "name": "go", "reward": 0, "next": { "t": "1/2", "u": 0.4 } }"#)
        #expect(readingError(short) == MDPFormatError(path: "states[0].actions[0].next", message: "probabilities sum to 9/10, not 1"))
        let long = document(action: #"{ "name": "go", "reward": 0, "next": { "t": 0.7, "u": 0.4 } }"#)
        #expect(readingError(long)?.message == "probabilities sum to 11/10, not 1")
    }

    @Test func rejectsProbabilitiesThatAreNotPositive() {
        let zero = document(action: #"{ "name": "go", "reward": 0, "next": { "t": 1, "u": 0 } }"#)
        #expect(readingError(zero) == MDPFormatError(path: "states[0].actions[0].next.u", message: "must be > 0, found 0"))
        let negative = document(action: #"{ "name": "go", "reward": 0, "next": { "t": 2, "u": -1 } }"#)
        #expect(readingError(negative)?.description == "states[0].actions[0].next.u: must be > 0, found -1")
    }

    @Test func rejectsAnActionWithoutSuccessors() {
        let empty = document(action: #"{ "name": "go", "reward": 0, "next": {} }"#)
        #expect(readingError(empty)?.description == "states[0].actions[0].next: an action needs at least one successor")
        let missing = document(action: #"{ "name": "go", "reward": 0 }"#)
        #expect(readingError(missing)?.description == #"states[0].actions[0]: missing key "next""#)
    }

    @Test func rejectsZeroOrNegativeMeasures() {
        let zero = document(action: #"{ "name": "go", "measure": 0, "reward": 0, "next": { "t": 1 } }"#)
        #expect(readingError(zero) == MDPFormatError(path: "states[0].actions[0].measure", message: "must be > 0, found 0"))
        let negative = document(action: #"{ "name": "go", "measure": "-1/5", "reward": 0, "next": { "t": 1 } }"#)
        #expect(readingError(negative)?.description == "states[0].actions[0].measure: must be > 0, found -1/5")
    }

    @Test func rejectsAnUnknownSuccessor() {
        let text = document(action: #"{ "name": "go", "reward": 0, "next": { "t": "1/2", "nowhere": "1/2" } }"#)
        #expect(readingError(text) == MDPFormatError(path: "states[0].actions[0].next", message: #"no state named "nowhere""#))
    }

    @Test func rejectsAMissingReward() {
        let text = document(action: #"{ "name": "go", "next": { "t": 1 } }"#)
        #expect(readingError(text) == MDPFormatError(path: "states[0].actions[0]", message: #"missing key "reward""#))
    }

    @Test func rejectsDuplicateOrEmptyStateNames() {
        let duplicate = document(states: #"{ "name": "t" }, { "name": "u" }, { "name": "t" }"#)
        #expect(readingError(duplicate) == MDPFormatError(path: "states[2].name", message: #"duplicate state name "t" (first used by states[0])"#))
        #expect(readingError(document(states: #"{ "name": "" }"#))?.description == "states[0].name: must not be empty")
        #expect(readingError(document(states: #"{ "name": 3 }"#))?.description == "states[0].name: expected a string, found a number")
        #expect(readingError(document(states: #"{ "actions": [] }"#))?.description == #"states[0]: missing key "name""#)
        #expect(readingError(document(states: #""t""#))?.description == "states[0]: expected an object, found a string")
    }

    @Test func rejectsDuplicateOrEmptyActionNames() {
        let states = #"""
            { "name": "s", "actions": [{ "name": "go", "reward": 0, "next": { "t": 1 } },
                                       { "name": "go", "reward": 1, "next": { "t": 1 } }] },
            { "name": "t" }
            """#
        #expect(readingError(document(states: states)) == MDPFormatError(path: "states[0].actions[1].name", message: #"duplicate action name "go" in state "s""#))
        let unnamed = document(action: #"{ "name": "", "reward": 0, "next": { "t": 1 } }"#)
        #expect(readingError(unnamed)?.description == "states[0].actions[0].name: must not be empty")
    }

    @Test func rejectsABadInitialState() {
        #expect(readingError(document(extra: #""initial": "x","#)) == MDPFormatError(path: "initial", message: #"no state named "x""#))
        #expect(readingError(document(extra: #""initial": 0,"#))?.description == "initial: expected a state name (string), found a number")
    }

    @Test func requiresAtLeastOneState() {
        #expect(readingError(document(states: "")) == MDPFormatError(path: "states", message: "at least one state is required"))
        #expect(readingError(#"{ "format": "maxent-mdp/1", "gamma": 1, "states": {} }"#)?.description == "states: expected an array, found an object")
    }

    @Test func rejectsDeepNestingWithAnErrorInsteadOfACrash() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let error = readingError(document(extra: #""meta": \#(deep),"#))
        #expect(error?.path == "")
        #expect(error?.message.hasSuffix("nested more than \(JSONValue.maximumNestingDepth) levels deep") == true)
    }

    @Test func quotesKeysThatAreNotIdentifiersInPaths() {
        let text = document(states: #"""
            { "name": "s", "actions": [{ "name": "go", "reward": 0, "next": { "t 1": 1, "t.2": 0 } }] },
            { "name": "t 1" }, { "name": "t.2" }
            """#)
        #expect(readingError(text)?.path == #"states[0].actions[0].next["t.2"]"#)
    }

    @Test func reportsAMissingFileWithTheSystemsReason() {
        let error = fileReadingError("/nonexistent/directory/model.json")
        #expect(error == MDPFormatError(path: "", message: "cannot read the file: No such file or directory"))
        #expect(fileReadingError("/")?.message == "cannot read the file: Is a directory")
    }

    private func fileReadingError(_ path: String) -> MDPFormatError? {
        do {
            _ = try MDP(contentsOfFile: path)
            return nil
        } catch {
            return error
        }
    }
}
