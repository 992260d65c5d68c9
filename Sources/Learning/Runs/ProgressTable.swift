import Foundation
import Environments

/// The per-epoch log `progress.csv` of a training run, read back: a header of column names, then one row of
/// numbers per epoch (an empty field is a value that was not logged that epoch).
public struct ProgressTable: Sendable {
    public let columns: [String]
    /// `rows[i][j]` is row i's value of `columns[j]`.
    public let rows: [[Double?]]

    /// Columns every run's log has, whatever the algorithm.
    static let requiredColumns = ["env_step", "test/reward"]

    /// Parses and checks the text of a `progress.csv`; `path` names the file in error messages.
    public init(csv text: String, path: String) throws(RunDirectoryError) {
        // Newline characters, "\r\n" included (one Character in Swift), end lines.
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        while lines.last?.isEmpty == true { lines.removeLast() }
        guard let header = lines.first, !header.isEmpty else { throw RunDirectoryError("\(path): empty file, expected a header line") }
        let columns = header.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        if let blank = columns.firstIndex(where: { $0.isEmpty }) {
            throw RunDirectoryError("\(path):1: column \(blank + 1) of the header has no name")
        }
        // A set, not a count per column: a corrupt header can have a million columns.
        var seen = Set<String>()
        if let duplicate = columns.first(where: { !seen.insert($0).inserted }) {
            throw RunDirectoryError("\(path):1: column \"\(messageExcerpt(duplicate, limit: 40))\" appears twice")
        }
        for required in Self.requiredColumns where !columns.contains(required) {
            throw RunDirectoryError("\(path):1: no \"\(required)\" column (header: \(messageExcerpt(header, limit: 80)))")
        }
        guard lines.count > 1 else { throw RunDirectoryError("\(path): no data rows after the header") }
        var rows: [[Double?]] = []
        for (offset, line) in lines.dropFirst().enumerated() {
            let lineNumber = offset + 2
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == columns.count else {
                throw RunDirectoryError("\(path):\(lineNumber): \(fields.count) fields, but the header has \(columns.count) columns")
            }
            rows.append(try fields.enumerated().map { index, field throws(RunDirectoryError) -> Double? in
                if field.isEmpty { return nil }
                guard let value = Double(field), value.isFinite else {
                    throw RunDirectoryError("\(path):\(lineNumber): \(messageExcerpt(columns[index], limit: 40)) = \"\(messageExcerpt(field, limit: 40))\" is not a finite number")
                }
                return value
            })
        }
        self.columns = columns
        self.rows = rows
        let steps = column("env_step")!
        for (index, step) in steps.enumerated() {
            guard let step else { throw RunDirectoryError("\(path):\(index + 2): env_step is empty") }
            if index > 0, let previous = steps[index - 1], step < previous {
                throw RunDirectoryError("\(path):\(index + 2): env_step goes back from \(stepText(previous)) to \(stepText(step))")
            }
        }
    }

    /// The values of one column, or nil when the log has no such column.
    public func column(_ name: String) -> [Double?]? {
        columns.firstIndex(of: name).map { index in rows.map { $0[index] } }
    }

    /// The pairs of two columns' values, for the rows where both are logged.
    public func pairs(_ x: String, _ y: String) -> [(x: Double, y: Double)] {
        guard let xs = column(x), let ys = column(y) else { return [] }
        return zip(xs, ys).compactMap { x, y in
            guard let x, let y else { return nil }
            return (x, y)
        }
    }
}

/// A step count as logged: an integer when it is one (`1000`), else Swift's shortest form (`1e+308`).
private func stepText(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
}
