import Foundation
import Learning
import Testing

/// The kernel choice end to end, in a fresh process each time (OpenBLAS chooses once per process):
/// `LearningBenchmark --blas-kernel` prints the kernel it runs on.
@Suite("BLAS kernel selection at run time")
struct KernelSelectionTests {
    static func kernelLine(_ arguments: [String], coreType: String?) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("LearningBenchmark")
        process.arguments = arguments + ["--blas-kernel"]
        var environment = ProcessInfo.processInfo.environment
        environment["OPENBLAS_CORETYPE"] = coreType
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return String(decoding: data, as: UTF8.self)
    }

    static let best = OpenBLASKernelFamily.best(for: CPUFeatures.current)

    @Test("a failed detection (OpenBLAS started on Prescott) is corrected to the CPU's family", .enabled(if: best.map { $0 > .sse3 } ?? false))
    func correctsSimulatedFallback() throws {
        let line = try Self.kernelLine(["--blas-fallback", "Prescott"], coreType: nil)
        let best = try #require(Self.best)
        #expect(line.hasPrefix("BLAS kernel: \(best.coreName) (OpenBLAS"), "\(line)")
        #expect(line.contains("OpenBLAS had detected Prescott"), "\(line)")
    }

    @Test("a kernel set with OPENBLAS_CORETYPE is kept")
    func keepsUserChoice() throws {
        let line = try Self.kernelLine([], coreType: "Prescott")
        #expect(line.hasPrefix("BLAS kernel: Prescott (OpenBLAS"), "\(line)")
        #expect(line.contains("OPENBLAS_CORETYPE=Prescott set by the user"), "\(line)")
    }

    @Test("left to itself, the engine runs at least the CPU's best family")
    func defaultChoice() throws {
        let line = try Self.kernelLine([], coreType: nil)
        let core = try #require(line.dropFirst("BLAS kernel: ".count).split(separator: " ").first).description
        if let best = Self.best, let running = OpenBLASKernelFamily(reportedCore: core) {
            #expect(running >= best, "\(line)")
        }
    }
}
