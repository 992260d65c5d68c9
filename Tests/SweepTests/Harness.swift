import Foundation
import Testing

/// The result of running a built executable of this package.
struct CommandResult {
    let status: Int32
    let standardOutput: String
    let standardError: String
}

/// The directory holding the built executables (beside the test bundle).
func productsDirectory() -> URL {
    URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
}

var maxentPath: String { productsDirectory().appendingPathComponent("maxent").path }

/// Runs `maxent` with `arguments` (and extra environment variables) to completion.
func maxent(_ arguments: [String], environment: [String: String] = [:]) throws -> CommandResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: maxentPath)
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let output = Pipe(), error = Pipe()
    process.standardOutput = output
    process.standardError = error
    try process.run()
    let outputData = output.fileHandleForReading.readDataToEndOfFile()
    let errorData = error.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CommandResult(status: process.terminationStatus, standardOutput: String(decoding: outputData, as: UTF8.self),
                         standardError: String(decoding: errorData, as: UTF8.self))
}

/// A fresh, empty temporary directory.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("maxent-sweep-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Writes a sweep file into `directory` and returns its path.
func writeSweep(_ text: String, in directory: URL, name: String = "test.sweep.json") throws -> String {
    let url = directory.appendingPathComponent(name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
}

/// An input error: exit status 2 and exactly one line on standard error containing `fragment`.
func expectInputError(_ result: CommandResult, mentioning fragment: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(result.status == 2, sourceLocation: sourceLocation)
    let lines = result.standardError.split(separator: "\n")
    #expect(lines.count == 1, "expected one line, got: \(result.standardError)", sourceLocation: sourceLocation)
    #expect(result.standardError.contains(fragment), "\(result.standardError)", sourceLocation: sourceLocation)
}

/// The files of a `maxent train` run directory that the same settings reproduce byte for byte
/// (timing.csv holds wall-clock times).
let reproducibleRunFiles = ["config.json", "progress.csv", "progress.jsonl", "checkpoint.bin", "policy.bin"]

func runFiles(_ directory: String) throws -> [String: Data] {
    var files: [String: Data] = [:]
    for name in reproducibleRunFiles { files[name] = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name)) }
    return files
}

/// Lines of a text file (0 when it does not exist).
func lineCount(_ path: String) -> Int {
    guard let data = FileManager.default.contents(atPath: path) else { return 0 }
    return data.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
}

/// Polls `condition` every 50 ms for at most `seconds`; returns whether it became true.
func waitUntil(seconds: Double, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if condition() { return true }
        usleep(50_000)
    }
    return condition()
}

/// Tiny toy runs: a few epochs of 30 steps with small networks.
let toyFixed = #""env": "toy", "step-per-epoch": 30, "hidden": "16,16", "test-episodes": 3"#
