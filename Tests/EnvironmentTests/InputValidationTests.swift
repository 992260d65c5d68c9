import Environments
import Testing

@Suite struct InputValidationTests {
    @Test(arguments: EnvironmentRegistry.names)
    func badActionsAreRejectedWithoutChangingTheState(name: String) throws {
        let descriptor = try #require(EnvironmentRegistry.descriptor(named: name))
        var environment = descriptor.make(options: .corrected)
        var untouched = descriptor.make(options: .corrected)
        _ = environment.reset(seed: 3)
        _ = untouched.reset(seed: 3)
        let dimension = descriptor.spaces.actionDimension
        let valid = Array(repeating: descriptor.spaces.actionHigh[0] / 2, count: dimension)

        #expect(throws: EnvironmentError(.actionDimension(expected: dimension, actual: dimension + 1))) {
            try environment.step(valid + [0])
        }
        #expect(throws: EnvironmentError(.actionDimension(expected: dimension, actual: 0))) {
            try environment.step([])
        }
        var withNaN = valid
        withNaN[dimension - 1] = .nan
        #expect(throws: EnvironmentError(.nanAction(component: dimension - 1))) { try environment.step(withNaN) }

        #expect(environment.state == untouched.state)
        #expect(try environment.step(valid) == untouched.step(valid))
    }

    @Test(arguments: EnvironmentRegistry.names)
    func steppingBeforeResetIsRejected(name: String) throws {
        let descriptor = try #require(EnvironmentRegistry.descriptor(named: name))
        var environment = descriptor.make()
        #expect(throws: EnvironmentError(.needsReset)) {
            try environment.step(Array(repeating: 0, count: descriptor.spaces.actionDimension))
        }
    }

    @Test(arguments: EnvironmentRegistry.names)
    func badStatesAreRejected(name: String) throws {
        let descriptor = try #require(EnvironmentRegistry.descriptor(named: name))
        var environment = descriptor.make()
        _ = environment.reset()
        let before = environment.state
        let width = descriptor.stateComponents.count
        #expect(throws: EnvironmentError(.stateDimension(expected: width, actual: width + 1))) {
            try environment.setState(Array(repeating: 0, count: width + 1))
        }
        #expect(throws: EnvironmentError.self) { try environment.setState(Array(repeating: .nan, count: width)) }
        #expect(environment.state == before)
    }

    @Test func errorsDescribeThemselvesOnOneLine() {
        let errors = [
            EnvironmentError(.actionDimension(expected: 4, actual: 3)),
            EnvironmentError(.nanAction(component: 2), copy: 5),
            EnvironmentError(.stateDimension(expected: 12, actual: 1)),
            EnvironmentError(.needsReset),
        ]
        #expect(errors.map(\.description) == [
            "action has 3 components, the environment expects 4",
            "copy 5: action component 2 is NaN",
            "state has 1 component, the environment expects 12",
            "step called before reset or after the episode ended; reset first",
        ])
    }
}
