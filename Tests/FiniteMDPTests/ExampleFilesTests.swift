import Arithmetic
import Testing
import FiniteMDP

/// The repository's `examples/` directory, found from this source file's location.
private let examplesDirectory = String(#filePath.split(separator: "/", omittingEmptySubsequences: false).dropLast(3).joined(separator: "/")) + "/examples"

@Suite("Example files")
struct ExampleFilesTests {
    @Test(arguments: ["toy", "chain", "episodic"])
    func examplesAreValidAndRoundTrip(name: String) throws {
        let model = try MDP(contentsOfFile: "\(examplesDirectory)/\(name).json")
        #expect(try MDP(json: model.jsonText()) == model)
    }

    @Test func toyIsTheTabularTwinOfThePapersTask() throws {
        let toy = try MDP(contentsOfFile: "\(examplesDirectory)/toy.json")
        #expect(toy.gamma == Rational(99, 100))
        #expect(toy.states.map(\.name) == ["s0", "s1", "s2", "win", "lose", "safe"])
        #expect(toy.states[1].actions.map(\.measure) == [Rational(1, 5), Rational(9, 5)])
        #expect(toy.states[1].actions.map(\.reward) == [1, -20])
        #expect(toy.states[2].actions.map(\.measure) == [2])
        // The built-in default of `bifurcate` is this very file.
        #expect(toy == MDP.paperToy)
    }

    @Test func episodicExampleIsUndiscountedWithoutEndComponents() throws {
        let episodic = try MDP(contentsOfFile: "\(examplesDirectory)/episodic.json")
        #expect(episodic.gamma == 1)
        #expect(episodic.endComponentCycle() == nil)
    }

    @Test func chainExampleIsDiscounted() throws {
        let chain = try MDP(contentsOfFile: "\(examplesDirectory)/chain.json")
        #expect(chain.gamma == Rational(9, 10))
        #expect(chain.states.count == 5)
    }
}
