import ArgumentParser
import Arithmetic
import Foundation
import Solvers

/// The limits of certified work (`--max-precision`, `--max-memory`), shared by the commands that
/// certify soft values, and how their refusals and progress reach the user.
struct CertificationOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Largest working precision of certified balls, in bits; a solve that needs more refuses.",
        valueName: "bits"))
    var maxPrecision: Int = CertificationLimits.standard.maximumPrecision

    @Option(help: ArgumentHelp(
        "Largest memory for the certified balls of one solve, in GiB (an estimate checked before allocating).",
        valueName: "GiB"))
    var maxMemory: Int = CertificationLimits.standard.maximumMemory >> 30

    func validate() throws {
        guard maxPrecision >= 64 else { throw ValidationError("--max-precision must be at least 64 bits, got \(maxPrecision)") }
        guard (1...(1 << 20)).contains(maxMemory) else {
            throw ValidationError("--max-memory must be between 1 and 1048576 GiB, got \(maxMemory)")
        }
    }

    var limits: CertificationLimits {
        CertificationLimits(maximumPrecision: maxPrecision, maximumMemory: maxMemory << 30)
    }

    /// The one-line failure for a solver error, naming the flag that raises a limit it hit.
    func failure(_ file: String, _ error: SolverError) -> Failure {
        switch error.exceededLimit {
        case .precision: Failure("\(file): \(error); raise it with --max-precision BITS")
        case .memory: Failure("\(file): \(error); raise it with --max-memory GIB")
        case nil: Failure("\(file): \(error)")
        }
    }
}

/// Prints where a long certified solve stands on standard error: nothing for the first two
/// seconds, then at most one line a second with the precision, the certified error bound, the
/// target and an estimate of the time left.
final class CertificationProgress {
    private let label: String
    private let start = Date()
    private var lastPrinted: Date?
    /// The first report at the current precision: the rate of progress is measured from it.
    private var passStart: (precision: Int, time: Date, log10ErrorBound: Double)?

    init(label: String) { self.label = label }

    func report(_ status: SoftSolveProgress) {
        let now = Date()
        if passStart?.precision != status.precision {
            passStart = (status.precision, now, status.log10ErrorBound)
        }
        guard now.timeIntervalSince(start) >= 2, lastPrinted.map({ now.timeIntervalSince($0) >= 1 }) ?? true else { return }
        lastPrinted = now
        var eta = "time left unknown"
        if let passStart, now > passStart.time {
            let digitsPerSecond = (passStart.log10ErrorBound - status.log10ErrorBound) / now.timeIntervalSince(passStart.time)
            if digitsPerSecond > 0, status.log10ErrorBound.isFinite {
                eta = "about \(Int(max(0, status.log10ErrorBound - status.log10Target) / digitsPerSecond + 1)) s left at this precision"
            }
        }
        let bound = status.log10ErrorBound.isFinite ? "1e\(Int(status.log10ErrorBound.rounded(.up)))" : "not finite yet"
        FileHandle.standardError.write(Data(
            "\(label): \(status.precision)-bit balls, \(status.newtonSteps) Newton steps, error bound \(bound), target 1e\(Int(status.log10Target.rounded(.down))), \(eta)\n".utf8))
    }
}
