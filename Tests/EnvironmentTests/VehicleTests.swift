import Environments
import Foundation
import Testing

@Suite struct VehicleTests {
    @Test func referenceVectors() throws {
        var vehicle = Vehicle()
        let resetObservation = vehicle.reset()
        expectDigits(resetObservation, ["-0.9694844448", "1.0258913517", "3.017295389", "3", "0", "-1"], "reset")

        let steps: [(action: [Double], observation: [String], reward: String, state: [String])] = [
            ([0.5, 0.3],
             ["-0.8111702616", "0.7584633795", "2.917295389", "3.0487630735", "0.3052100716", "-0.9977043726"],
             "-4.1500382813",
             ["-1.6271330176", "-9.9089089160", "2.9172953890", "3.0487630735", "0.3052100716", "-0.9977043726"]),
            ([0.5, 0.3],
             ["-0.6748972737", "0.4987136008", "2.8175249517", "3.0670932899", "0.6112423866", "-0.9953926555"],
             "-4.0564925215",
             ["-1.9311608936", "-9.8708544118", "2.8175249517"]),
            ([-1.0, -0.8],
             ["-0.5598252355", "0.2485751131", "2.7179856862", "2.9046514302", "0.8983085622", "-0.9947981901"],
             "-4.0149958401",
             ["-2.2413688854", "-9.8311330465", "2.7179856862"]),
        ]
        for (index, expected) in steps.enumerated() {
            let transition = try vehicle.step(expected.action)
            expectDigits(transition.observation, expected.observation, "step \(index + 1) observation")
            expectDigits(transition.reward, expected.reward, "step \(index + 1) reward")
            expectDigits(Array(vehicle.state.prefix(expected.state.count)), expected.state, "step \(index + 1) state")
        }
    }

    @Test func initialStateAndTargetSamples() {
        var vehicle = Vehicle()
        _ = vehicle.reset()
        expectDigits(vehicle.state, ["-1.329448", "-9.946102", "3.017295", "3", "0", "-1"], "initial state")

        let samples = Vehicle.targetSamples
        #expect(samples.count == 110)
        let expected: [(index: Int, arcLength: String, x: String, y: String)] = [
            (0, "13.0", "-5.1766", "-8.5607"), (1, "13.1", "-5.2657", "-8.5054"),
            (50, "19.225", "-9.2780", "-3.7215"), (109, "29.786", "-7.6434", "6.4450"),
        ]
        for sample in expected {
            expectDigits(samples[sample.index].arcLength, sample.arcLength, "s[\(sample.index)]")
            expectDigits(samples[sample.index].position.x, sample.x, "x[\(sample.index)]")
            expectDigits(samples[sample.index].position.y, sample.y, "y[\(sample.index)]")
        }
        expectDigits(Vehicle.referencePath.heading(at: samples[0].arcLength), "2.5915", "yaw[0]")
        expectDigits(Vehicle.referencePath.heading(at: samples[109].arcLength), "0.8745", "yaw[109]")
    }

    @Test func referencePathGeometry() {
        let path = Vehicle.referencePath
        #expect(path.arcLengths.count == 9)
        for (from, to) in zip(path.arcLengths, path.arcLengths.dropFirst()) {
            expectDigits(to - from, "7.6537", "chord")
        }
        expectDigits(path.arcLengths[8], "61.229", "total length")
        // docs/environments.md §3.4: the spline leaves the true circle by up to about 0.31 m.
        let total = path.arcLengths[8]
        let deviation = (0...6000).map { index -> Double in
            let point = path.position(at: total * Double(index) / 6000)
            return abs((point.x * point.x + point.y * point.y).squareRoot() - 10)
        }.max()!
        expectDigits(deviation, "0.31", "maximum deviation from the circle")
    }

    @Test func splinePassesThroughItsKnotsWithContinuousDerivatives() {
        let path = Vehicle.referencePath
        let angles = (0..<8).reversed().map { Double($0) * Double.pi / 4 } + [7 * Double.pi / 4]
        for spline in [path.xSpline, path.ySpline] {
            #expect(spline.secondDerivative(at: spline.knots[0]) == 0)
            #expect(abs(spline.secondDerivative(at: spline.knots[8])) < 1e-12)
            for knot in spline.knots.dropFirst().dropLast() {
                let offset = 1e-7
                let slopeJump = spline.derivative(at: knot) - spline.derivative(at: knot - offset)
                let curvatureJump = spline.secondDerivative(at: knot) - spline.secondDerivative(at: knot - offset)
                #expect(abs(slopeJump) < 1e-6)
                #expect(abs(curvatureJump) < 1e-6)
            }
        }
        for (knot, angle) in zip(path.arcLengths, angles) {
            let point = path.position(at: knot)
            #expect(abs(point.x - 10 * cos(angle)) < 1e-12)
            #expect(abs(point.y - 10 * sin(angle)) < 1e-12)
        }
    }

    @Test func naturalSplineReproducesALinearFunction() {
        let knots = [0.0, 0.5, 2.0, 3.5, 4.0]
        let line = NaturalCubicSpline(knots: knots, values: knots.map { 2 * $0 - 1 })
        for s in stride(from: 0.0, through: 4.0, by: 0.25) {
            #expect(abs(line.value(at: s) - (2 * s - 1)) < 1e-12)
            #expect(abs(line.derivative(at: s) - 2) < 1e-12)
            #expect(abs(line.secondDerivative(at: s)) < 1e-12)
        }
    }

    @Test(arguments: [EnvironmentOptions.reference, .corrected])
    func episodeLastsTwoHundredSteps(options: EnvironmentOptions) throws {
        var vehicle = Vehicle(options: options)
        _ = vehicle.reset()
        var transitions = [Transition]()
        repeat {
            transitions.append(try vehicle.step([0, 0]))
        } while !(transitions.last!.terminated || transitions.last!.truncated)
        #expect(transitions.count == 200)
        #expect(vehicle.targetIndex == 109)
        #expect(transitions.dropLast().allSatisfy { !$0.terminated && !$0.truncated })
        let last = transitions.last!
        #expect(last.terminated == (options.timeLimit == .asTermination))
        #expect(last.truncated == (options.timeLimit == .asTruncation))
    }
}
