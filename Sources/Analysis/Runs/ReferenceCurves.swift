import JSON
import Plotting

/// Published learning curves to set beside a report's runs (`maxent report --reference-curves FILE`):
/// tianshou's, Stable-Baselines3's or CleanRL's mean test return against environment steps.
///
/// The file is CSV with the header `environment,algorithm,label,env_step,mean_return` and one point
/// per line: `environment` and `algorithm` are the names the runs use (`gym:HalfCheetah-v5`, `sac`),
/// so each curve is drawn in the panel of the runs it compares with, and only when runs of that
/// algorithm are there; `label` names the curve in the legend (no commas, e.g.
/// `tianshou SAC (HalfCheetah-v3; 10 seeds)`); steps are non-negative and increase along a curve.
/// Lines starting with `#` are comments (for the sources).
public struct ReferenceCurves: Sendable {
    /// One published curve.
    public struct Curve: Sendable, Equatable {
        public let environment: String
        /// The algorithm name of the runs it compares with: `sac`, `sac-auto`, `sac-adaent` or `ppo`.
        public let algorithm: String
        public let label: String
        public let points: [PlotPoint]

        public init(environment: String, algorithm: String, label: String, points: [PlotPoint]) {
            self.environment = environment
            self.algorithm = algorithm
            self.label = label
            self.points = points
        }
    }

    public static let header = "environment,algorithm,label,env_step,mean_return"
    public static let algorithms = ["sac", "sac-auto", "sac-adaent", "ppo"]

    /// The curves in file order of their first point.
    public let curves: [Curve]

    /// Reads the file at `path`; every problem is one line naming the file and line.
    public init(contentsOfFile path: String) throws(ReportError) {
        let bytes: [UInt8]
        do { bytes = try InputFile.contents(atPath: path) } catch { throw ReportError("\(path): \(error)") }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw ReportError("\(path): not UTF-8 text") }
        try self.init(csv: text, path: path)
    }

    /// Reads CSV text (see the type's documentation); `path` names it in messages.
    public init(csv text: String, path: String) throws(ReportError) {
        var order: [String] = []
        var collected: [String: (environment: String, algorithm: String, label: String, points: [PlotPoint])] = [:]
        var sawHeader = false
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            let lineNumber = offset + 1
            func failure(_ reason: String) -> ReportError { ReportError("\(path):\(lineNumber): \(reason)") }
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard sawHeader else {
                guard line == Self.header else { throw failure("expected the header '\(Self.header)'") }
                sawHeader = true
                continue
            }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 5 else { throw failure("expected 5 comma-separated fields, got \(fields.count)") }
            let (environment, algorithm, label) = (fields[0], fields[1], fields[2])
            guard !environment.isEmpty, !label.isEmpty else { throw failure("environment and label must not be empty") }
            guard Self.algorithms.contains(algorithm) else {
                throw failure("algorithm must be one of \(Self.algorithms.joined(separator: ", ")), got '\(algorithm)'")
            }
            guard let step = Double(fields[3]), step.isFinite, step >= 0 else {
                throw failure("env_step must be a non-negative number, got '\(fields[3])'")
            }
            guard let value = Double(fields[4]), value.isFinite else {
                throw failure("mean_return must be a finite number, got '\(fields[4])'")
            }
            let key = environment + "\u{0}" + label
            if let existing = collected[key], existing.algorithm != algorithm {
                throw failure("the curve '\(label)' is given for \(existing.algorithm) above, not \(algorithm)")
            }
            if collected[key] == nil {
                order.append(key)
                collected[key] = (environment, algorithm, label, [])
            }
            if let last = collected[key]!.points.last, step <= last.x {
                throw failure("env_step \(fields[3]) does not increase along the curve '\(label)' (previous \(last.x))")
            }
            collected[key]!.points.append(PlotPoint(x: step, y: value))
        }
        guard sawHeader else { throw ReportError("\(path): empty; expected the header '\(Self.header)'") }
        curves = order.map { key in
            let curve = collected[key]!
            return Curve(environment: curve.environment, algorithm: curve.algorithm, label: curve.label, points: curve.points)
        }
    }

    public init(curves: [Curve] = []) { self.curves = curves }
}
