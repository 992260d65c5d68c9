import Environments
import Testing

@Suite struct QuadrotorTests {
    /// The docs/environments.md §8 override: x = 0.05, y = −0.05, z = 0.5, v = (0.02, −0.01, 0.03), angles and rates 0.
    static let vectorState = [0.05, -0.05, 0.5, 0, 0, 0, 0.02, -0.01, 0.03, 0, 0, 0]

    @Test func referenceVectors() throws {
        var quadrotor = Quadrotor()
        _ = quadrotor.reset()
        let resetObservation = try quadrotor.setState(Self.vectorState)
        expectDigits(resetObservation, ["-0.05", "0.05", "-0.5", "0", "0", "0", "1.48", "0.01", "-0.03"], "reset")

        let steps: [(action: [Double], observation: [String], reward: String)] = [
            ([3.0, 2.0, 2.5, 2.2],
             ["-0.052", "0.051", "-0.5209026154", "0.0026396333", "-0.000806288", "8.505577e-6", "1.48", "0.01", "-0.2090261538"],
             "-3.1229675038"),
            ([3.0, 2.0, 2.5, 2.2],
             ["0.0960935286", "0.0523062048", "-0.5597074043", "0.0079189050", "-0.0024188475", "2.551673e-5", "1.4809352858", "0.0130620481", "-0.3880478893"],
             "-3.5508989578"),
            ([1.0, 4.0, 0.5, 2.0],
             ["0.2444345417", "0.0544227247", "-0.6027356086", "0.0139180968", "0.0074870588", "1.764808e-5", "1.4834101312", "0.0211651984", "-0.4302820427"],
             "-4.5293871784"),
        ]
        for (index, expected) in steps.enumerated() {
            let transition = try quadrotor.step(expected.action)
            expectDigits(transition.observation, expected.observation, "step \(index + 1) observation")
            expectDigits(transition.reward, expected.reward, "step \(index + 1) reward")
            #expect(!transition.terminated && !transition.truncated)
        }
    }

    @Test(arguments: [Quadrotor.Actuation.rotorSpeeds, .thrustAndMoments])
    func hoversExactlyAtTheHoverAction(actuation: Quadrotor.Actuation) throws {
        var quadrotor = Quadrotor(actuation: actuation)
        _ = quadrotor.reset()
        let start = [0.03, -0.02, 0.4, 0, 0, 0, 0, 0, 0, 0, 0, 0]
        _ = try quadrotor.setState(start)
        var steps = 0
        var transition: Transition
        repeat {
            transition = try quadrotor.step(quadrotor.hoverAction)
            steps += 1
        } while !transition.terminated
        #expect(steps == 40)
        #expect(quadrotor.state == start, "the hover action must hold the state bit for bit")
    }

    @Test func hoverRotorSpeedMatchesTheSpec() {
        expectDigits(Quadrotor.hoverRotorSpeed, "2.2568")
        let squashed = LearnerScaling.ActionMapping.squashedToBox
        // §4.1: the normalised hover action ≈ −0.549 maps back to the hover speed.
        expectDigits(Quadrotor.hoverRotorSpeed / 5 - 1, "-0.549")
        #expect(squashed.environmentValue(Quadrotor.hoverRotorSpeed / 5 - 1, low: 0, high: 10) - Quadrotor.hoverRotorSpeed < 1e-15)
    }

    @Test func simplifiedBoundsAreWhatTheRotorsCanProduce() {
        let spaces = Quadrotor(actuation: .thrustAndMoments).spaces
        expectDigits(spaces.actionHigh, ["125.2", "31.3", "31.3", "0.15"])
        expectDigits(spaces.actionLow, ["0", "-31.3", "-31.3", "-0.15"])
        #expect(Quadrotor().spaces.actionLow == [0, 0, 0, 0])
        #expect(Quadrotor().spaces.actionHigh == [10, 10, 10, 10])
    }

    @Test func simplifiedModelWithMixedInputsFollowsTheRotorModel() throws {
        let kt = 0.313
        let kd = 7.5e-4
        var rotor = Quadrotor()
        var simplified = Quadrotor(actuation: .thrustAndMoments)
        _ = rotor.reset()
        _ = simplified.reset()
        _ = try rotor.setState(Self.vectorState)
        _ = try simplified.setState(Self.vectorState)
        for speeds in [[3.0, 2.0, 2.5, 2.2], [1.0, 4.0, 0.5, 2.0], [2.4, 2.2, 2.1, 2.3]] {
            let s = speeds.map { $0 * $0 }
            let inputs = [kt * (s[0] + s[1] + s[2] + s[3]), kt * (s[0] - s[2]), kt * (s[1] - s[3]), kd * (s[0] + s[2] - s[1] - s[3])]
            let expected = try rotor.step(speeds)
            let actual = try simplified.step(inputs)
            #expect(actual == expected)
        }
    }

    @Test func actionsAreClippedToTheBox() throws {
        var clipped = Quadrotor()
        var inRange = Quadrotor()
        _ = clipped.reset()
        _ = inRange.reset()
        _ = try clipped.setState(Self.vectorState)
        _ = try inRange.setState(Self.vectorState)
        #expect(try clipped.step([-3, 25, .infinity, 4]) == inRange.step([0, 10, 10, 4]))
    }

    @Test func theTargetLagsOneStep() throws {
        var quadrotor = Quadrotor()
        _ = quadrotor.reset()
        _ = try quadrotor.setState(Array(repeating: 0, count: 12))
        let first = try quadrotor.step(quadrotor.hoverAction)
        let second = try quadrotor.step(quadrotor.hoverAction)
        // §4.5: after step k the target is 1.5·t_{k−1}.
        #expect(first.observation[0] == 0)
        #expect(second.observation[0] == 1.5 * 0.1)
    }
}
