@testable import Environments
import Foundation
import Testing

@Suite struct AcrobotTests {
    @Test func referenceVectors() throws {
        var acrobot = Acrobot()
        _ = acrobot.reset()
        _ = try acrobot.setState([1.2, 0.05, -0.03, 0.02])
        let steps: [(torque: Double, state: [String], reward: String)] = [
            (5.0, ["1.0770210934", "0.2738096950", "-1.2229175118", "2.2543591565"], "-0.9765519749"),
            (5.0, ["0.6981783854", "0.9649103941", "-2.5819323070", "4.6140286370"], "-4.4880776103"),
            (-25.0, ["0.2847141056", "1.4241469917", "-1.6748605398", "0.1990613232"], "-3.9666804573"),
        ]
        for (index, expected) in steps.enumerated() {
            let transition = try acrobot.step([expected.torque])
            expectDigits(acrobot.state, expected.state, "step \(index + 1) state")
            expectDigits(transition.reward, expected.reward, "step \(index + 1) reward")
            let state = acrobot.state
            #expect(transition.observation == [cos(state[0]), sin(state[0]), cos(state[1]), sin(state[1]), state[2], state[3]])
        }
    }

    @Test func torqueIsClipped() throws {
        var clipped = Acrobot()
        var inRange = Acrobot()
        _ = clipped.reset()
        _ = inRange.reset()
        _ = try clipped.setState([1.2, 0.05, -0.03, 0.02])
        _ = try inRange.setState([1.2, 0.05, -0.03, 0.02])
        #expect(try clipped.step([-.infinity]) == inRange.step([-20]))
    }

    @Test func episodeIsTruncatedAfterFourHundredSteps() throws {
        var acrobot = Acrobot(options: .corrected)
        _ = acrobot.reset(seed: 3)
        var transitions = [Transition]()
        repeat {
            transitions.append(try acrobot.step([0]))
        } while !(transitions.last!.terminated || transitions.last!.truncated)
        #expect(transitions.count == 400)
        #expect(transitions.last!.truncated && !transitions.last!.terminated)
        #expect(transitions.allSatisfy { !$0.terminated })
    }

    /// Torque-free motion from a large swing: energy drifts only by the RK4 truncation error,
    /// which shrinks with the fourth power of the step.
    @Test func conservesEnergyToRungeKuttaAccuracy() {
        let start = SIMD4(-Double.pi / 2 + 1.0, 0.6, 0.4, -0.5)
        let energy = Acrobot.energy(start)
        func drift(step: Double, duration: Double) -> Double {
            var state = start
            var worst = 0.0
            for _ in 0..<Int((duration / step).rounded()) {
                state = Acrobot.integrate(state, torque: 0, over: step)
                worst = max(worst, abs(Acrobot.energy(state) - energy))
            }
            return worst
        }
        let coarse = drift(step: 0.05, duration: 4)
        let fine = drift(step: 0.025, duration: 4)
        #expect(coarse / fine > 12 && coarse / fine < 20, "RK4 energy error should scale as h⁴, ratio \(coarse / fine)")
        #expect(fine < 1e-5 * abs(energy))
    }

    /// The environment's own 0.2 s step over a whole episode without torque: rates stay far inside
    /// the clipping bounds and angle wrapping leaves the energy alone, so the energy follows the
    /// plain RK4 trajectory exactly, and its drift is RK4's truncation error at that step (below 1 %).
    @Test func environmentStepConservesEnergyOverAnEpisode() throws {
        var acrobot = Acrobot()
        _ = acrobot.reset()
        let start = SIMD4(-Double.pi / 2 + 0.5, 0.2, 0, 0)
        _ = try acrobot.setState([start[0], start[1], start[2], start[3]])
        let energy = Acrobot.energy(start)
        var unwrapped = start
        var worst = 0.0
        for _ in 0..<400 {
            _ = try acrobot.step([0])
            unwrapped = Acrobot.integrate(unwrapped, torque: 0, over: 0.2)
            let state = acrobot.state
            let current = Acrobot.energy(SIMD4(state[0], state[1], state[2], state[3]))
            #expect(abs(state[2]) < 4 * Double.pi && abs(state[3]) < 9 * Double.pi)
            #expect(abs(current - Acrobot.energy(unwrapped)) < 1e-9)
            worst = max(worst, abs(current - energy))
        }
        #expect(worst < 1e-2 * abs(energy), "energy drift \(worst) of \(energy)")
    }

    @Test func rewardUsesPythonModuloWrapping() {
        #expect(Acrobot.normalizeAngle(0) == 0)
        #expect(Acrobot.normalizeAngle(Double.pi) == -Double.pi)
        #expect(abs(Acrobot.normalizeAngle(3 * Double.pi / 2) - -Double.pi / 2) < 1e-15)
        #expect(abs(Acrobot.normalizeAngle(-3 * Double.pi / 2) - Double.pi / 2) < 1e-15)
    }
}
