import Environments
import Testing

@Suite struct RegistryTests {
    @Test func registeredEnvironments() {
        #expect(EnvironmentRegistry.names == ["toy", "quadrotor", "quadrotor-simplified", "vehicle", "acrobot", "obstacle2d"])
        #expect(EnvironmentRegistry.descriptor(named: "hopper") == nil)
        let shapes = EnvironmentRegistry.all.map { [$0.spaces.observationDimension, $0.spaces.actionDimension, $0.stateComponents.count] }
        #expect(shapes == [[6, 1, 1], [9, 4, 12], [9, 4, 12], [6, 2, 6], [6, 1, 4], [2, 2, 2]])
        #expect(EnvironmentRegistry.all.map(\.episodeLength) == [2, 40, 40, 200, 400, 51])
        #expect(EnvironmentRegistry.all.map { $0.hoverAction != nil } == [false, true, true, false, false, false])
    }

    @Test(arguments: EnvironmentRegistry.names)
    func episodeLengthsUnderZeroActions(name: String) throws {
        let descriptor = try #require(EnvironmentRegistry.descriptor(named: name))
        var environment = descriptor.make()
        _ = environment.reset()
        let zero = Array(repeating: 0.0, count: descriptor.spaces.actionDimension)
        var steps = 0
        var transition: Transition
        repeat {
            transition = try environment.step(zero)
            steps += 1
        } while !(transition.terminated || transition.truncated)
        #expect(steps == descriptor.episodeLength)
    }

    @Test func learnerScalingFollowsTheSpec() {
        for descriptor in EnvironmentRegistry.all {
            #expect(descriptor.sac == LearnerScaling(actionMapping: .squashedToBox, normalizesObservations: false))
            #expect(descriptor.ppo == LearnerScaling(actionMapping: .unchanged, normalizesObservations: false))
        }
        let sac = LearnerScaling.ActionMapping.squashedToBox
        #expect([-1.0, 0, 1, 1.5].map { sac.environmentValue($0, low: 0, high: 10) } == [0, 5, 10, 10])
        #expect(sac.environmentValue(0.5, low: -20, high: 20) == 10)
        #expect(LearnerScaling.ActionMapping.unchanged.environmentValue(-37.5, low: -1, high: 1) == -37.5)
    }
}
