import Environments
import Testing

@Suite struct ToyExampleTests {
    static func oneHot(_ index: Int) -> [Double] {
        (0..<6).map { $0 == index ? 1 : 0 }
    }

    @Test(arguments: [
        ([-0.5, 0.05], 3, 1.0),
        ([0, -0.0999], 3, 1.0),
        ([0, 0.1], 4, -20.0),
        ([-1, -0.1], 4, -20.0),
        ([-1, 5], 4, -20.0),
        ([0.3, 0], 5, -1.0),
        ([7, -7], 5, -1.0),
    ])
    func transitions(actions: [Double], finalState: Int, reward: Double) throws {
        var toy = ToyExample()
        #expect(toy.reset() == Self.oneHot(0))
        let first = try toy.step([actions[0]])
        #expect(first.observation == Self.oneHot(actions[0] > 0 ? 2 : 1))
        #expect(first.reward == 0 && !first.terminated && !first.truncated)
        let second = try toy.step([actions[1]])
        #expect(second.observation == Self.oneHot(finalState))
        #expect(second.reward == reward && second.terminated && !second.truncated)
        #expect(throws: EnvironmentError(.needsReset)) { try toy.step([0]) }
    }

    @Test func setStateSelectsADiscreteState() throws {
        var toy = ToyExample()
        _ = toy.reset()
        #expect(try toy.setState([2]) == Self.oneHot(2))
        #expect(try toy.step([-1]).reward == -1)
        #expect(throws: EnvironmentError.self) { try toy.setState([1.5]) }
        #expect(throws: EnvironmentError.self) { try toy.setState([6]) }
    }
}
