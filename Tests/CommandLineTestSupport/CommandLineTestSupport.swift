import Foundation
import Testing

/// What a built executable of this package did: its exit status and both output streams.
public struct CommandResult: Sendable {
    public let status: Int32
    public let standardOutput: String
    public let standardError: String
}

/// The directory holding the built executables (beside the test bundle).
public func productsDirectory() -> URL {
    URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
}

/// Runs the built `executable` (`maxent`, `bifurcate`) with `arguments` to completion, with extra
/// environment variables on top of the test process's own.
public func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws -> CommandResult {
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

/// An input error: exit status 2, exactly one line on standard error containing `fragment`, and
/// nothing on standard output.
public func expectInputError(_ result: CommandResult, mentioning fragment: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(result.status == 2, sourceLocation: sourceLocation)
    let lines = result.standardError.split(separator: "\n")
    #expect(lines.count == 1, "expected one line, got: \(result.standardError)", sourceLocation: sourceLocation)
    #expect(result.standardError.contains(fragment), "\(result.standardError)", sourceLocation: sourceLocation)
    #expect(result.standardOutput.isEmpty, "\(result.standardOutput)", sourceLocation: sourceLocation)
}
