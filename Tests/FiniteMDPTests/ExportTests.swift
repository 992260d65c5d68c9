import Arithmetic
import Testing
import PropertyBased
@testable import FiniteMDP

/// One choice of an exported model: its action label, reward and successor distribution.
private struct Choice: Equatable {
    var label: String
    var reward: Rational
    var successors: [Int: Rational]
}

/// An exported model read back: enough to recompute values and compare with the source MDP.
private struct ExportedModel {
    var initialState: Int
    var doneStates: Set<Int>
    var choices: [[Choice]]

    /// Maximal expected total reward until `done` from `state`, for models whose only cycles are
    /// the self-loops of done states (like the toy example).
    func acyclicValue(of state: Int) -> Rational {
        guard !doneStates.contains(state) else { return 0 }
        return choices[state].map { choice in
            choice.successors.reduce(choice.reward) { $0 + $1.value * acyclicValue(of: $1.key) }
        }.max() ?? 0
    }
}

private func parseDRN(_ text: String) throws -> ExportedModel {
    var model = ExportedModel(initialState: -1, doneStates: [], choices: [])
    var declaredStates = 0, declaredChoices = 0
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var index = 0
    while index < lines.count, lines[index] != "@model" {
        if lines[index] == "@nr_states" { declaredStates = try #require(Int(lines[index + 1])) }
        if lines[index] == "@nr_choices" { declaredChoices = try #require(Int(lines[index + 1])) }
        index += 1
    }
    for line in lines[(index + 1)...] where !line.isEmpty && !line.hasPrefix("//") {
        let fields = line.split(separator: " ").map(String.init)
        if line.hasPrefix("state ") {
            let state = try #require(Int(fields[1]))
            #expect(state == model.choices.count)
            #expect(fields[2] == "[0]")
            if fields.contains("init") { model.initialState = state }
            if fields.contains("done") { model.doneStates.insert(state) }
            model.choices.append([])
        } else if line.hasPrefix("\taction ") {
            let reward = try Rational(parsing: String(fields[2].dropFirst().dropLast()))
            model.choices[model.choices.count - 1].append(Choice(label: fields[1], reward: reward, successors: [:]))
        } else {
            let parts = line.drop(while: { $0 == "\t" }).split(separator: " : ").map(String.init)
            let target = try #require(Int(parts[0])), probability = try Rational(parsing: parts[1])
            let state = model.choices.count - 1
            model.choices[state][model.choices[state].count - 1].successors[target] = probability
        }
    }
    #expect(model.choices.count == declaredStates)
    #expect(model.choices.map(\.count).reduce(0, +) == declaredChoices)
    return model
}

private func parsePRISM(_ text: String) throws -> ExportedModel {
    var model = ExportedModel(initialState: -1, doneStates: [], choices: [])
    var rewards: [String: Rational] = [:]
    var inRewards = false
    for rawLine in text.split(separator: "\n").map(String.init) {
        let line = String(rawLine.drop(while: { $0 == " " }))
        if line.hasPrefix("formula terminal = ") {
            let disjuncts = line.dropFirst("formula terminal = ".count).dropLast().split(separator: " | ")
            model.doneStates = Set(try disjuncts.map { try #require(Int($0.dropFirst(2))) })
        } else if line.hasPrefix("s : [0..") {
            let fields = line.split(separator: " ")
            model.choices = Array(repeating: [], count: try #require(Int(fields[2].dropFirst(4).dropLast())) + 1)
            model.initialState = try #require(Int(fields[4].dropLast()))
        } else if line == "rewards \"reward\"" {
            inRewards = true
        } else if line.hasPrefix("[a") && inRewards {
            let parts = line.dropLast().split(separator: " : ").map(String.init)
            rewards[parts[0]] = try Rational(parsing: parts[1])
        } else if line.hasPrefix("[a") {
            let code = line.split(separator: ";", maxSplits: 1)[0]
            let label = String(code.dropFirst().prefix { $0 != "]" })
            let state = try #require(Int(code.split(separator: " ")[1].dropFirst(2)))
            var successors: [Int: Rational] = [:]
            for update in code.split(separator: " -> ")[1].split(separator: " + ") {
                let parts = update.split(separator: " : ")
                let target = try #require(Int(parts[1].dropFirst(4).dropLast()))
                successors[target] = try Rational(parsing: String(parts[0]))
            }
            model.choices[state].append(Choice(label: label, reward: 0, successors: successors))
        }
    }
    for state in model.choices.indices {
        for choice in model.choices[state].indices {
            model.choices[state][choice].reward = rewards["[\(model.choices[state][choice].label)] s=\(state)"] ?? 0
        }
    }
    for state in model.doneStates {
        model.choices[state] = [Choice(label: "stay", reward: 0, successors: [state: 1])]
    }
    #expect(text.contains("\n  [stay] terminal -> true;\n"))
    #expect(text.contains("\nlabel \"done\" = terminal;\n"))
    return model
}

/// Checks that `exported` is the stopping construction of `mdp`: same initial state, done exactly
/// at terminal states and the stop state, rewards r(s,a), probabilities γP(·|s,a) plus 1 − γ to stop.
private func expectStoppingConstruction(_ exported: ExportedModel, of mdp: MDP) {
    let stop = mdp.gamma < 1 ? mdp.states.count : nil
    #expect(exported.choices.count == mdp.states.count + (stop == nil ? 0 : 1))
    #expect(exported.initialState == mdp.initialState)
    var expectedDone = Set(mdp.states.indices.filter { mdp.states[$0].isTerminal })
    if let stop { expectedDone.insert(stop) }
    #expect(exported.doneStates == expectedDone)
    for state in exported.doneStates {
        #expect(exported.choices[state] == [Choice(label: "stay", reward: 0, successors: [state: 1])])
    }
    for (index, state) in mdp.states.enumerated() where !state.isTerminal {
        let expected = state.actions.enumerated().map { actionIndex, action in
            var successors: [Int: Rational] = [:]
            if mdp.gamma.signum > 0 {
                for transition in action.transitions { successors[transition.target] = mdp.gamma * transition.probability }
            }
            if let stop { successors[stop] = 1 - mdp.gamma }
            return Choice(label: "a\(actionIndex)", reward: action.reward, successors: successors)
        }
        #expect(exported.choices[index] == expected)
        #expect(exported.choices[index].allSatisfy { $0.successors.values.reduce(0, +) == 1 })
    }
}

private func toyModel() throws -> MDP { MDP.paperToy }

@Suite("PRISM and DRN exports")
struct ExportTests {
    @Test func toyDRNHasTheValueOfTheToyExample() throws {
        let toy = try toyModel()
        let text = toy.drnText()
        #expect(text.contains("@type: MDP\n@value_type: rational\n"))
        #expect(text.contains("@reward_models\nreward\n"))
        let exported = try parseDRN(text)
        expectStoppingConstruction(exported, of: toy)
        #expect(exported.acyclicValue(of: exported.initialState) == Rational(99, 100))
    }

    @Test func toyPRISMHasTheValueOfTheToyExample() throws {
        let toy = try toyModel()
        let text = toy.prismText()
        #expect(text.contains("\nmdp\n"))
        #expect(text.contains("  [a1] s=1 -> 99/100 : (s'=4) + 1/100 : (s'=6); // \"imprecise\"\n"))
        #expect(text.contains("  [a1] s=1 : -20;\n"))
        let exported = try parsePRISM(text)
        expectStoppingConstruction(exported, of: toy)
        #expect(exported.acyclicValue(of: exported.initialState) == Rational(99, 100))
    }

    @Test func exportsOfGeneratedModelsAreTheStoppingConstruction() async {
        await propertyCheck(count: 30, input: Gen.int(in: 0...1_000_000), Gen.int(in: 0...3)) { seed, gammaChoice in
            let gamma = [Rational(0), Rational(1, 3), Rational(19, 20), Rational(1)][gammaChoice]
            let model = MDPGenerator.random(states: 1 + seed % 25, actions: 1 + seed % 3, successors: 1 + seed % 4, gamma: gamma, seed: UInt64(seed))
            expectStoppingConstruction(try parseDRN(model.drnText()), of: model)
            expectStoppingConstruction(try parsePRISM(model.prismText()), of: model)
        }
    }

    @Test func undiscountedExportsAddNoStopState() throws {
        let model = MDPGenerator.random(states: 10, actions: 2, successors: 2, gamma: 1, seed: 5)
        #expect(try parseDRN(model.drnText()).choices.count == 10)
        #expect(model.prismText().contains("s : [0..9] init 0;"))
    }
}

@Test func prismLiteralsBeyondSixtyFourBitsAreWrittenAsArbitraryPrecisionNumbers() throws {
    let huge = try Rational(parsing: "5462956417381002911076373700990609/6250000000000000000000000000000000")
    #expect(MDP.prismLiteral(huge) == "5462956417381002911076373700990609.0/6250000000000000000000000000000000.0")
    #expect(MDP.prismLiteral(Rational(-3, 7)) == "-3/7")
    #expect(MDP.prismLiteral(try Rational(parsing: "123456789012345678901")) == "123456789012345678901.0")
}
