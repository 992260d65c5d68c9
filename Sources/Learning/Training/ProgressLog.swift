import Foundation
import JSON

/// One row of `progress.csv` / `progress.jsonl`: named values in a fixed column order; nil prints
/// as an empty CSV field and JSON `null`.
struct ProgressRow {
    var values: [(String, Double?)]

    init(_ values: [(String, Double?)]) { self.values = values }

    var csvHeader: String { values.map(\.0).joined(separator: ",") }
    var csvLine: String { values.map { $0.1.map(Self.number) ?? "" }.joined(separator: ",") }
    var jsonLine: String {
        JSONValue.object(values.map { (key: $0.0, value: $0.1.map { .number(Self.number($0)) } ?? .null) }).compactJSONText()
    }

    /// Integers without a fraction, everything else in Swift's shortest round-trip form; non-finite
    /// values never reach a row (the trainer stops first).
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}

/// The run directory's text logs, appended once per epoch and cut back to the last checkpoint on
/// resume so that a resumed run's logs equal an uninterrupted run's.
struct ProgressLog {
    let directory: URL
    var csv: URL { directory.appendingPathComponent(RunDirectory.progressFileName) }
    var jsonl: URL { directory.appendingPathComponent(RunDirectory.progressLinesFileName) }
    var timing: URL { directory.appendingPathComponent(RunDirectory.timingFileName) }

    func append(_ row: ProgressRow) throws {
        if !FileManager.default.fileExists(atPath: csv.path) {
            try Data((row.csvHeader + "\n").utf8).write(to: csv)
        }
        try appendLine(row.csvLine, to: csv)
        try appendLine(row.jsonLine, to: jsonl)
    }

    /// Wall-clock figures go to their own file: they differ between identical runs.
    func appendTiming(epoch: Int, seconds: Double, stepsPerSecond: Double) throws {
        if !FileManager.default.fileExists(atPath: timing.path) {
            try Data("epoch,wall_seconds,steps_per_second\n".utf8).write(to: timing)
        }
        try appendLine("\(epoch),\(String(format: "%.3f", seconds)),\(String(format: "%.1f", stepsPerSecond))", to: timing)
    }

    /// Keeps the first `rows` data rows of every log.
    func truncate(toRows rows: Int) throws {
        try keepLines(rows + 1, of: csv)
        try keepLines(rows, of: jsonl)
        try keepLines(rows + 1, of: timing)
    }

    private func appendLine(_ line: String, to url: URL) throws {
        if !FileManager.default.fileExists(atPath: url.path) {
            try Data().write(to: url)
        }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data((line + "\n").utf8))
    }

    private func keepLines(_ count: Int, of url: URL) throws {
        guard FileManager.default.fileExists(atPath: url.path) else { return }
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let kept = lines.prefix(count).filter { !$0.isEmpty }
        try Data(kept.map { $0 + "\n" }.joined().utf8).write(to: url)
    }
}
