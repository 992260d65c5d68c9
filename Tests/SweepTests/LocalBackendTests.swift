import CommandLineTestSupport
import Foundation
@testable import Sweeps
import Testing

@Suite("Local backend")
struct LocalBackendTests {
    /// Shell tasks that record how many tasks are inside at once, and exit with `codes[i]`.
    func countingTasks(_ codes: [Int32], in directory: URL) throws -> [LocalTask] {
        let inside = directory.appendingPathComponent("inside").path
        try FileManager.default.createDirectory(atPath: inside, withIntermediateDirectories: true)
        return codes.enumerated().map { index, code in
            let script = """
                touch \(inside)/\(index); ls \(inside) | wc -l >> \(directory.path)/counts; sleep 0.3
                echo finished >> \(directory.path)/finished.\(index); rm \(inside)/\(index); exit \(code)
                """
            return LocalTask(index: index, executable: "/bin/sh", arguments: ["-c", script],
                             outputPath: directory.path + "/\(index).out", errorPath: directory.path + "/\(index).err")
        }
    }

    func counts(in directory: URL) throws -> [Int] {
        try String(contentsOf: directory.appendingPathComponent("counts"), encoding: .utf8)
            .split(separator: "\n").map { Int($0.trimmingCharacters(in: .whitespaces))! }
    }

    @Test("never more than --jobs tasks at once, and every task runs", arguments: [1, 2, 3])
    func concurrencyLimit(jobs: Int) throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let tasks = try countingTasks([0, 0, 0, 0, 0, 0, 0], in: directory)
        var started: [Int] = []
        let result = try LocalBackend(jobs: jobs).run(tasks) { started.append($0) }
        #expect(result.outcomes == Array(repeating: .exited(0), count: 7))
        #expect(!result.interrupted)
        #expect(started == Array(0..<7))
        let counts = try counts(in: directory)
        #expect(counts.count == 7)
        #expect(counts.max()! <= jobs, "counts \(counts)")
    }

    @Test("a failing task is reported and the others still run")
    func failureDoesNotStopOthers() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let tasks = try countingTasks([0, 3, 0, 0], in: directory)
        let result = try LocalBackend(jobs: 2).run(tasks)
        #expect(result.outcomes == [.exited(0), .exited(3), .exited(0), .exited(0)])
        for index in 0..<4 {
            #expect(FileManager.default.fileExists(atPath: directory.path + "/finished.\(index)"))
        }
    }

    @Test("output and error are appended to each task's files")
    func logsAppend() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let task = LocalTask(index: 0, executable: "/bin/sh", arguments: ["-c", "echo out; echo err >&2"],
                             outputPath: directory.path + "/0.out", errorPath: directory.path + "/0.err")
        _ = try LocalBackend(jobs: 1).run([task, task])
        #expect(try String(contentsOfFile: directory.path + "/0.out", encoding: .utf8) == "out\nout\n")
        #expect(try String(contentsOfFile: directory.path + "/0.err", encoding: .utf8) == "err\nerr\n")
    }

    @Test("each of J runs gets an equal share of the cores, at least one")
    func coreShare() throws {
        #expect(LocalBackend.coreShare(jobs: 1, cores: 16) == 16)
        #expect(LocalBackend.coreShare(jobs: 3, cores: 16) == 5)
        #expect(LocalBackend.coreShare(jobs: 4, cores: 2) == 1)
        #expect(throws: SweepError.self) { try LocalBackend(jobs: 0) }
    }
}
