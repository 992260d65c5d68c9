import Foundation
import CommandLineTestSupport

var maxentPath: String { productsDirectory().appendingPathComponent("maxent").path }

/// Runs `maxent` with `arguments` (and extra environment variables) to completion.
func maxent(_ arguments: [String], environment: [String: String] = [:]) throws -> CommandResult {
    try run("maxent", arguments, environment: environment)
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
