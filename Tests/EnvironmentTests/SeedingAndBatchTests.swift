import Environments
import Testing
import Randomness

@Suite struct SeedingAndBatchTests {
    /// Rolls out `steps` steps with actions drawn from a generator seeded with `actionSeed`.
    static func rollout(_ environment: inout some Environment, seed: UInt64, steps: Int, actionSeed: UInt64 = 99) throws -> [[Double]] {
        var generator = RandomSource(seed: actionSeed)
        var trajectory = [environment.reset(seed: seed)]
        let spaces = environment.spaces
        for _ in 0..<steps {
            let action = (0..<spaces.actionDimension).map { generator.uniform(spaces.actionLow[$0], spaces.actionHigh[$0]) }
            let transition = try environment.step(action)
            trajectory.append(transition.observation + [transition.reward])
            if transition.terminated || transition.truncated { break }
        }
        return trajectory
    }

    @Test(arguments: EnvironmentRegistry.names)
    func sameSeedGivesIdenticalTrajectories(name: String) throws {
        let descriptor = try #require(EnvironmentRegistry.descriptor(named: name))
        var first = descriptor.make(options: .corrected)
        var second = descriptor.make(options: .corrected)
        #expect(try Self.rollout(&first, seed: 42, steps: 60) == Self.rollout(&second, seed: 42, steps: 60))
    }

    @Test(arguments: ["quadrotor", "quadrotor-simplified", "acrobot"])
    func differentSeedsGiveDifferentInitialStates(name: String) throws {
        let descriptor = try #require(EnvironmentRegistry.descriptor(named: name))
        var environment = descriptor.make(options: .corrected)
        let initialStates = Set((0..<8).map { seed -> [Double] in
            _ = environment.reset(seed: UInt64(seed))
            return environment.state
        })
        #expect(initialStates.count == 8)
    }

    @Test(arguments: ["toy", "vehicle", "obstacle2d"])
    func noiselessEnvironmentsIgnoreTheSeed(name: String) throws {
        let descriptor = try #require(EnvironmentRegistry.descriptor(named: name))
        var environment = descriptor.make(options: .corrected)
        #expect(environment.reset(seed: 1) == environment.reset(seed: 2))
    }

    @Test func resetWithoutSeedContinuesTheStream() {
        var quadrotor = Quadrotor(options: .corrected)
        let seeded = quadrotor.reset(seed: 7)
        let continued = quadrotor.reset(seed: nil)
        #expect(continued != seeded)
        #expect(quadrotor.reset(seed: 7) == seeded)
    }

    @Test func referenceSeedingIgnoresTheSeed() {
        // docs/environments.md §0.3: two reset(seed: 5) calls give different states.
        var quadrotor = Quadrotor()
        #expect(quadrotor.reset(seed: 5) != quadrotor.reset(seed: 5))
    }

    @Test func referenceAcrobotCopiesShareTheirSmallPerturbations() {
        // §2.6: θ₂, θ̇₁, θ̇₂ come from a stream every worker inherits identically; θ₁ does not.
        var batch = EnvironmentRegistry.descriptor(named: "acrobot")!.makeBatch(count: 4)
        for _ in 0..<2 {
            batch.reset(seed: 1)
            let rows = (0..<4).map { Array(batch.observations[$0 * 6 ..< $0 * 6 + 6]) }
            #expect(Set(rows.map { [$0[2], $0[3], $0[4], $0[5]] }).count == 1)
            #expect(Set(rows.map { [$0[0], $0[1]] }).count == 4)
        }
    }

    @Test func batchCopyIGetsSeedPlusI() throws {
        let descriptor = EnvironmentRegistry.descriptor(named: "quadrotor")!
        var batch = descriptor.makeBatch(count: 16, options: .corrected)
        batch.reset(seed: 100)
        var singles = (0..<16).map { _ in descriptor.make(options: .corrected) }
        var expected = [Double]()
        for index in singles.indices {
            expected += singles[index].reset(seed: 100 + UInt64(index))
        }
        #expect(batch.observations == expected)

        var generator = RandomSource(seed: 5)
        for _ in 0..<40 {
            let actions = (0..<64).map { _ in generator.uniform(0, 10) }
            try batch.step(actions)
            var rewards = [Double]()
            var observations = [Double]()
            for index in singles.indices {
                let transition = try singles[index].step(Array(actions[index * 4 ..< index * 4 + 4]))
                rewards.append(transition.reward)
                observations += transition.observation
            }
            #expect(batch.observations == observations)
            #expect(batch.outcomes.map(\.reward) == rewards)
        }
        // `.corrected` reports the 4 s limit as truncation.
        #expect(batch.outcomes.allSatisfy { $0.truncated && !$0.terminated })
    }

    @Test func batchRejectsBadActionsBeforeMovingAnyCopy() throws {
        var batch = EnvironmentRegistry.descriptor(named: "acrobot")!.makeBatch(count: 3, options: .corrected)
        batch.reset(seed: 9)
        let before = batch.observations
        #expect(throws: EnvironmentError(.actionDimension(expected: 3, actual: 2))) { try batch.step([0, 0]) }
        #expect(throws: EnvironmentError(.nanAction(component: 0), copy: 2)) { try batch.step([1, 1, .nan]) }
        #expect(batch.observations == before)
        try batch.step([1, 1, 1])
        #expect(batch.observations != before)
    }

    @Test func finishedCopiesMustBeResetIndividually() throws {
        var batch = EnvironmentRegistry.descriptor(named: "toy")!.makeBatch(count: 2)
        #expect(throws: EnvironmentError(.needsReset, copy: 0)) { try batch.step([0, 0]) }
        batch.reset(seed: nil)
        try batch.step([-1, 1])
        try batch.step([0, 0])
        #expect(batch.outcomes == [
            StepOutcome(reward: 1, terminated: true, truncated: false),
            StepOutcome(reward: -1, terminated: true, truncated: false),
        ])
        #expect(throws: EnvironmentError(.needsReset, copy: 0)) { try batch.step([0, 0]) }
        batch.reset(copy: 0, seed: nil)
        #expect(throws: EnvironmentError(.needsReset, copy: 1)) { try batch.step([0, 0]) }
        batch.reset(copy: 1, seed: nil)
        try batch.step([0, 0])
        #expect(batch.observations == [0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0])
    }
}
