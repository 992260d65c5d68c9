import Arithmetic
import FiniteMDP
import Foundation
import Solvers
import Testing

@Suite("Temperature grids and the probability of a set of actions")
struct LogGridTests {
    @Test("an evenly spaced grid keeps its exact ends and steps by a constant ratio up to its 6-digit rounding")
    func evenlySpacedGrid() throws {
        let range = Rational(1, 3)...Rational(7)
        let grid = LogGrid.evenlySpaced(range, samples: 20)
        #expect(grid.count == 20)
        #expect(grid.first == Rational(1, 3) && grid.last == Rational(7))
        #expect(zip(grid, grid.dropFirst()).allSatisfy { $0 < $1 })
        let ratio = Foundation.pow(21.0, 1.0 / 19)
        for (index, alpha) in grid.enumerated().dropFirst().dropLast() {
            // Six significant digits: the exact decimal is within half a unit of the sixth digit.
            let exact = (1.0 / 3) * Foundation.pow(ratio, Double(index))
            #expect(abs(alpha.doubleValue - exact) <= 0.5e-5 * exact)
            #expect(try Rational(parsing: String(format: "%.6g", alpha.doubleValue)) == alpha)
        }
        #expect(LogGrid.evenlySpaced(range, samples: 2) == [Rational(1, 3), Rational(7)])
    }

    @Test("a decade grid hits every whole decade exactly and nothing outside its range")
    func decadeGrid() {
        let grid = LogGrid.decades(Rational(1, 20)...Rational(30), perDecade: 4)
        for decade in [Rational(1, 10), Rational(1), Rational(10)] { #expect(grid.contains(decade)) }
        #expect(grid.first == Rational(1, 20) && grid.last == Rational(30))
        #expect(grid.allSatisfy { (Rational(1, 20)...Rational(30)).contains($0) })
        #expect(zip(grid, grid.dropFirst()).allSatisfy { $0 < $1 })
        // 10^{k/4} for k = −5 … 5 lie inside [1/20, 30] except k = −6 (0.0316) and k = 6 (31.6).
        #expect(grid.count == 11 + 2)
    }

    @Test("the probability of a set of actions is the sum of their enclosures, and all actions make 1")
    func probabilityOfActions() throws {
        let solution = try SoftSolver.solve(toyMDP(), alpha: Rational(1, 5), tolerance: Rational(1) / Rational(10).power(30))
        let everything = solution.probability(of: [0, 1], at: 0)
        #expect(everything.contains(Rational(1)))
        let left = solution.probability(of: [0], at: 0)
        #expect(left.contains(solution.policy[0][0]))
        #expect(!solution.probability(of: [1], at: 0).overlaps(left))
    }
}
