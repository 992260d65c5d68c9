// Times the tabular solvers on one MDP file and prints one JSON line, so that the Python
// drivers beside this file can set the figures against Storm and mpmath measured in the same run.
//
//   SolverBenchmark exact FILE
//   SolverBenchmark soft FILE ALPHA TOLERANCE
import Arithmetic
import FiniteMDP
import Foundation
import Solvers

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

let arguments = CommandLine.arguments
guard arguments.count >= 3, let mdp = try? MDP(contentsOfFile: arguments[2]) else {
    FileHandle.standardError.write(Data("usage: SolverBenchmark (exact FILE | soft FILE ALPHA TOLERANCE)\n".utf8))
    exit(2)
}
do {
    switch arguments[1] {
    case "exact":
        var solution: StandardSolution?
        let time = try seconds { solution = try StandardSolver.solve(mdp) }
        let value = solution!.values[mdp.initialState]
        print("{\"seconds\": \(time), \"initialValue\": \"\(value)\", \"denominatorDigits\": \(value.denominatorDigits), \"exactImprovementSteps\": \(solution!.exactImprovementSteps)}")
    case "soft" where arguments.count == 5:
        let alpha = try Rational(parsing: arguments[3]), tolerance = try Rational(parsing: arguments[4])
        var solution: SoftSolution?
        let time = try seconds { solution = try SoftSolver.solve(mdp, alpha: alpha, tolerance: tolerance) }
        let value = solution!.values[mdp.initialState]
        print("{\"seconds\": \(time), \"initialValue\": \"\(value.enclosureString(digits: 50))\", \"maximumWidth\": \(solution!.maximumWidth.doubleValue), \"precisionBits\": \(solution!.precision), \"newtonSteps\": \(solution!.newtonSteps)}")
    default:
        FileHandle.standardError.write(Data("usage: SolverBenchmark (exact FILE | soft FILE ALPHA TOLERANCE)\n".utf8))
        exit(2)
    }
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}
