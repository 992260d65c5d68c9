@testable import Environments
import Testing

@Suite struct Obstacle2DTests {
    @Test func hittingTheWall() throws {
        var obstacle = Obstacle2D()
        expectDigits(obstacle.reset(), ["-1", "0"], "reset")
        let first = try obstacle.step([1.5, 0])
        #expect(obstacle.state == [1.5, 0])
        expectDigits(first.observation, ["-0.25925925", "0"], "observation")
        #expect(first.reward == 1.5)
        let second = try obstacle.step([1, 0])
        #expect(second.reward == -200 && second.terminated && !second.truncated)
        #expect(obstacle.state == [2.5, 0], "docs/environments.md §5.3: the move happens on the collision step too")
    }

    @Test func goingAroundTheWall() throws {
        var obstacle = Obstacle2D()
        _ = obstacle.reset()
        expectDigits(try obstacle.step([0.5, 2.5]).reward, "-0.5355339059")
        let detour = try obstacle.step([2.0, 0])
        #expect(obstacle.state == [2.5, 2.5])
        expectDigits(detour.reward, "0.9860241491")
        let arrival = try obstacle.step([0.5, -2.5])
        #expect(obstacle.state == [3, 0])
        #expect(arrival.reward == 500 && arrival.terminated)
    }

    @Test func zeroActionsAreTruncatedAtStepFiftyOne() throws {
        var obstacle = Obstacle2D()
        _ = obstacle.reset()
        var transitions = [Transition]()
        repeat {
            transitions.append(try obstacle.step([0, 0]))
        } while !(transitions.last!.terminated || transitions.last!.truncated)
        #expect(transitions.count == 51)
        #expect(transitions.last!.truncated && !transitions.last!.terminated && transitions.last!.reward == 0)
    }

    @Test func actionsAreClipped() throws {
        var obstacle = Obstacle2D()
        _ = obstacle.reset()
        _ = try obstacle.step([-7, 5])
        #expect(obstacle.state == [-3, 3])
    }

    /// The reference predicate (strict counter-clockwise tests against the four edges in the
    /// reference's order) decides degenerate contacts by the side they come from. These outcomes
    /// were computed by running the reference's `ccw`/`intersect`/`line_rect_collision` in Python.
    @Test(arguments: [
        // Proper crossings.
        (SIMD2(1.5, 0.0), SIMD2(2.5, 0.0), true),
        (SIMD2(2.02, 0.0), SIMD2(3.0, 0.0), true),
        (SIMD2(1.0, 3.0), SIMD2(3.0, 1.0), true),
        // Touching an edge.
        (SIMD2(1.0, 0.0), SIMD2(2.0, 0.0), false),
        (SIMD2(3.0, 0.0), SIMD2(2.05, 0.0), true),
        (SIMD2(2.02, 3.0), SIMD2(2.02, 2.0), true),
        (SIMD2(2.02, -3.0), SIMD2(2.02, -2.0), false),
        // Grazing or ending at a corner.
        (SIMD2(1.0, 1.0), SIMD2(3.0, 3.0), false),
        (SIMD2(1.0, -1.0), SIMD2(3.0, -3.0), true),
        (SIMD2(1.0, 3.0), SIMD2(2.0, 2.0), true),
        // Collinear with an edge and parallel to one.
        (SIMD2(1.0, 2.0), SIMD2(3.0, 2.0), false),
        (SIMD2(1.0, -2.0), SIMD2(3.0, -2.0), true),
        (SIMD2(2.0, -3.0), SIMD2(2.0, 3.0), false),
        (SIMD2(1.0, 2.5), SIMD2(3.0, 2.5), false),
        (SIMD2(1.9, -3.0), SIMD2(1.9, 3.0), false),
        // §5.3 ⚠ a segment wholly inside the wall crosses no edge.
        (SIMD2(2.01, 0.0), SIMD2(2.04, 1.0), false),
    ])
    func collisionEdgeCases(start: SIMD2<Double>, end: SIMD2<Double>, hits: Bool) {
        #expect(Obstacle2D.segmentCrossesWall(from: start, to: end) == hits)
    }
}
