import FiniteMDP
import Foundation
import Testing

/// Runs a built executable of this package (it sits beside the test bundle) and captures its output.
struct CommandResult {
    let status: Int32
    let standardOutput: String
    let standardError: String
}

func productsDirectory() -> URL {
    URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
}

func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws -> CommandResult {
    let process = Process()
    process.executableURL = productsDirectory().appendingPathComponent(executable)
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let output = Pipe(), error = Pipe()
    process.standardOutput = output
    process.standardError = error
    try process.run()
    let outputData = output.fileHandleForReading.readDataToEndOfFile()
    let errorData = error.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CommandResult(
        status: process.terminationStatus,
        standardOutput: String(decoding: outputData, as: UTF8.self),
        standardError: String(decoding: errorData, as: UTF8.self))
}

/// Writes `text` to a fresh temporary file and returns its path.
func temporaryFile(_ text: String, name: String = "mdp.json") throws -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("maxent-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let url = directory.appendingPathComponent(name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
}

/// The toy twin of docs/mdp-format.md.
let toyJSON = MDP.paperToyJSON

/// An input error: exit code 2 and exactly one line on standard error that contains `fragment`.
func expectInputError(_ result: CommandResult, mentioning fragment: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(result.status == 2, sourceLocation: sourceLocation)
    let lines = result.standardError.split(separator: "\n")
    #expect(lines.count == 1, "expected one line, got: \(result.standardError)", sourceLocation: sourceLocation)
    #expect(result.standardError.contains(fragment), "\(result.standardError)", sourceLocation: sourceLocation)
    #expect(result.standardOutput.isEmpty, sourceLocation: sourceLocation)
}
