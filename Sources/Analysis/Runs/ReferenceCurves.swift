import JSON
import Plotting

/// Published learning curves to set beside a report's runs (`maxent report --reference-curves FILE`):
/// tianshou's, Stable-Baselines3's or CleanRL's mean test return against environment steps.
///
/// The file is CSV with the header `environment,label,env_step,mean_return` and one point per line:
/// `environment` is the name the runs use (`gym:HalfCheetah-v5`), so each curve is drawn in the panel
/// of the runs it compares with; `label` names the curve in the legend (no commas, e.g.
/// `tianshou SAC (HalfCheetah-v3; 10 seeds)`); steps are non-negative and increase along a curve.
/// Lines starting with `#` are comments (for the sources).
public struct ReferenceCurves: Sendable {
    /// One published curve.
    public struct Curve: Sendable, Equatable {
        public let environment: String
        public let label: String
        public let points: [PlotPoint]

        public init(environment: String, label: String, points: [PlotPoint]) {
            self.environment = environment
            self.label = label
            self.points = points
        }
    }

    public static let header = "environment,label,env_step,mean_return"

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
        var collected: [String: (environment: String, label: String, points: [PlotPoint])] = [:]
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
            guard fields.count == 4 else { throw failure("expected 4 comma-separated fields, got \(fields.count)") }
            let (environment, label) = (fields[0], fields[1])
            guard !environment.isEmpty, !label.isEmpty else { throw failure("environment and label must not be empty") }
            guard let step = Double(fields[2]), step.isFinite, step >= 0 else {
                throw failure("env_step must be a non-negative number, got '\(fields[2])'")
            }
            guard let value = Double(fields[3]), value.isFinite else {
                throw failure("mean_return must be a finite number, got '\(fields[3])'")
            }
            let key = environment + "\u{0}" + label
            if collected[key] == nil {
                order.append(key)
                collected[key] = (environment, label, [])
            }
            if let last = collected[key]!.points.last, step <= last.x {
                throw failure("env_step \(fields[2]) does not increase along the curve '\(label)' (previous \(last.x))")
            }
            collected[key]!.points.append(PlotPoint(x: step, y: value))
        }
        guard sawHeader else { throw ReportError("\(path): empty; expected the header '\(Self.header)'") }
        curves = order.map { key in
            let curve = collected[key]!
            return Curve(environment: curve.environment, label: curve.label, points: curve.points)
        }
    }

    public init(curves: [Curve] = []) { self.curves = curves }
}
