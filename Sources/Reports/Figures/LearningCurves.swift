import Analysis
import Plotting

/// Learning curves of training runs: the runs grouped by environment (one panel each) and by
/// algorithm (one colour each, the same in every panel), each group a mean over its seeds with a
/// 95% confidence band.
public struct LearningCurves: Sendable {
    /// One algorithm's runs in one environment.
    public struct Group: Sendable {
        public let environment: String
        public let algorithm: String
        public let runs: [RunRecord]

        /// The mean and band of `column` against environment steps over the group's seeds.
        public func aggregate(_ column: String) -> SeedAggregate {
            SeedAggregate(runs.map { $0.progress.points(x: "env_step", y: column) }.filter { !$0.isEmpty })
        }
    }

    public let groups: [Group]
    /// Algorithm labels in colour order.
    public let algorithms: [String]
    /// Published curves, each drawn dashed in the panel of its environment.
    public let references: ReferenceCurves
    /// The published curves' labels in colour order (after the algorithms').
    private let referenceLabels: [String]

    public init(runs: [RunRecord], references: ReferenceCurves = ReferenceCurves()) {
        self.references = references
        referenceLabels = Array(Set(references.curves.map(\.label))).sorted()
        let keyed = Dictionary(grouping: runs) { "\($0.environment)\u{0}\($0.algorithmLabel)" }
        groups = keyed.values.map { runs in
            Group(environment: runs[0].environment, algorithm: runs[0].algorithmLabel, runs: runs)
        }.sorted { ($0.environment, $0.algorithm) < ($1.environment, $1.algorithm) }
        algorithms = Array(Set(runs.map(\.algorithmLabel))).sorted()
    }

    /// The environments, one panel each, in alphabetical order.
    public var environments: [String] { Array(Set(groups.map(\.environment))).sorted() }

    /// The colour of an algorithm label, the same in every figure of the report.
    public func color(of algorithm: String) -> String {
        Palette.color(algorithms.firstIndex(of: algorithm) ?? 0)
    }

    /// One figure per environment: mean test return and its band for every algorithm.
    public var returnFigures: [ReportFigure] {
        environments.map { environment in
            let members = groups.filter { $0.environment == environment }
            let published = publishedCurves(in: environment, upTo: members)
            var domain = spread(of: members, column: "test/reward")
            if let low = published.flatMap(\.points).map(\.y).min(), let high = published.flatMap(\.points).map(\.y).max() {
                let covered = domain.map { min($0.lowerBound, low)...max($0.upperBound, high) } ?? low...high
                domain = AxisScale.niceDomain(covering: covered, kind: .linear)
            }
            let referenceLayers = published.map { curve in
                ChartLayer(.line(curve.points), name: curve.label, color: color(ofReference: curve.label), dashed: true)
            }
            let chart = LineChart(
                title: "Test return on \(environment)", xLabel: "environment steps", yLabel: "test return", yDomain: domain,
                layers: members.flatMap { layers(for: $0, column: "test/reward", bounds: domain) } + referenceLayers,
                width: 560, plotHeight: 260)
            let counts = members.map { group in "\(group.algorithm): \(seedText(group.aggregate("test/reward")))" }
            var caption = "Mean test return on \(environment) against environment steps (warm-up excluded), one colour per "
                + "algorithm, shaded: 95% confidence band of the mean across seeds (Student t, n − 1 degrees of freedom), "
                + "cut off where it leaves the range of the seeds' own returns (the vertical axis). "
                + "Seeds: \(counts.joined(separator: "; "))."
            if !published.isEmpty {
                caption += " Dashed: published mean test returns from the reference file (\(published.map(\.label).joined(separator: "; "))), "
                    + "up to the runs' last step."
            }
            return ReportFigure(svg: chart.svg, caption: caption)
        }
    }

    /// The published curves of `environment` for the algorithms its runs use, each cut at the last
    /// step those runs reached (a point just beyond it is kept so that the curve spans their range).
    func publishedCurves(in environment: String, upTo members: [Group]) -> [ReferenceCurves.Curve] {
        references.curves.filter { $0.environment == environment }.compactMap { curve in
            let runs = members.flatMap(\.runs).filter { $0.algorithm == curve.algorithm }
            guard !runs.isEmpty else { return nil }
            let lastStep = runs.flatMap { $0.progress.column("env_step")?.compactMap { $0 } ?? [] }.max() ?? 0
            let within = curve.points.prefix { $0.x <= lastStep }
            let points = Array(within) + curve.points.dropFirst(within.count).prefix(1)
            return ReferenceCurves.Curve(environment: curve.environment, algorithm: curve.algorithm, label: curve.label, points: points)
        }
    }

    /// Published curves take the palette's colours after the algorithms'.
    private func color(ofReference label: String) -> String {
        Palette.color(algorithms.count + (referenceLabels.firstIndex(of: label) ?? 0))
    }

    /// SAC-AdaEnt's surrogate rate (per environment) and α wherever it changes during training.
    public var diagnosticFigures: [ReportFigure] {
        var figures: [ReportFigure] = []
        for environment in environments {
            let members = groups.filter { $0.environment == environment }
            let withRate = members.filter { !$0.aggregate("loss/surrogate_rate").grid.isEmpty }
            if !withRate.isEmpty {
                let chart = LineChart(
                    title: "SAC-AdaEnt surrogate rate on \(environment)", xLabel: "environment steps", yLabel: "surrogate rate",
                    yDomain: 0...1, layers: withRate.flatMap { layers(for: $0, column: "loss/surrogate_rate", bounds: 0...1) }, width: 560, plotHeight: 220)
                figures.append(ReportFigure(svg: chart.svg, caption: "The surrogate rate: the fraction of minibatch states at which "
                    + "SAC-AdaEnt's actor followed the plain (no-entropy) critics instead of the soft ones, because the two "
                    + "critics ranked the policy's sampled actions differently (cosine similarity c(s) < κ, docs/experiments.md §6.2); "
                    + "averaged over each epoch's updates, then mean and 95% band across seeds (the band clipped to [0, 1])."))
            }
            let withAlpha = members.filter { group in
                let values = group.runs.flatMap { $0.progress.column("alpha")?.compactMap { $0 } ?? [] }
                guard let low = values.min(), let high = values.max() else { return false }
                return high - low > 1e-12 * max(1, abs(high))
            }
            if !withAlpha.isEmpty {
                let chart = LineChart(
                    title: "Learned temperature α on \(environment)", xLabel: "environment steps", yLabel: "α",
                    layers: withAlpha.flatMap { layers(for: $0, column: "alpha") }, width: 560, plotHeight: 220)
                figures.append(ReportFigure(svg: chart.svg, caption: "The temperature α after each epoch's last update, for the "
                    + "runs that learn it (fixed-α runs are left out); mean and 95% band across seeds."))
            }
        }
        return figures
    }

    /// The mean curve and band of one group; `bounds` clips the band (a rate's mean lies in
    /// [0, 1] even where its t-interval does not; a return's band is cut at the axis).
    private func layers(for group: Group, column: String, bounds: ClosedRange<Double>? = nil) -> [ChartLayer] {
        let aggregate = group.aggregate(column)
        let color = color(of: group.algorithm)
        var band = aggregate.band
        if let bounds {
            band = (band.lower.clipped(toY: bounds), band.upper.clipped(toY: bounds))
        }
        var layers: [ChartLayer] = []
        if band.lower.count >= 2 {
            layers.append(ChartLayer(.band(lower: band.lower, upper: band.upper), name: nil, color: color))
        }
        let mean = aggregate.meanCurve
        layers.append(ChartLayer(mean.count == 1 ? .scatter(mean) : .line(mean), name: group.algorithm, color: color))
        return layers
    }

    /// The range of every value the groups' runs logged in `column`, extended to whole ticks.
    private func spread(of groups: [Group], column: String) -> ClosedRange<Double>? {
        let values = groups.flatMap(\.runs).flatMap { $0.progress.column(column)?.compactMap { $0 } ?? [] }
        guard let low = values.min(), let high = values.max() else { return nil }
        return AxisScale.niceDomain(covering: low...high, kind: .linear)
    }

    private func seedText(_ aggregate: SeedAggregate) -> String {
        guard let range = aggregate.runCountRange else { return "no data" }
        return range.lowerBound == range.upperBound ? "\(range.upperBound)" : "\(range.lowerBound)–\(range.upperBound)"
    }
}
