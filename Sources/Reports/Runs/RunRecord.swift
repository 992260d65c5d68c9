import Foundation

/// A training run directory as written by `maxent train`: its settings (`config.json`) and its
/// per-epoch log (`progress.csv`). Read as plain files, so that reports need nothing of the
/// learning code and can read runs of any version that keeps these fields.
public struct RunRecord: Sendable {
    public let directory: String
    public let environment: String
    /// The algorithm's name in the configuration: `sac`, `sac-auto`, `sac-adaent` or `ppo`.
    public let algorithm: String
    public let seed: String
    /// The fixed temperature α of SAC and SAC-AdaEnt runs; nil for PPO and for learned α.
    public let fixedAlpha: Double?
    public let progress: ProgressTable

    /// Reads `directory/config.json` and `directory/progress.csv`.
    public init(directory: String) throws(ReportError) {
        let configurationPath = directory + "/config.json", progressPath = directory + "/progress.csv"
        let configuration: [String: Any]
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: configurationPath))
            guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw ReportError("\(configurationPath): not a JSON object")
            }
            configuration = object
        } catch let error as ReportError {
            throw error
        } catch {
            throw ReportError("\(configurationPath): cannot read it as JSON (\(error.localizedDescription))")
        }
        guard let environment = configuration["environment"] as? String, !environment.isEmpty else {
            throw ReportError("\(configurationPath): no \"environment\" name")
        }
        guard let algorithm = configuration["algorithm"] as? String, !algorithm.isEmpty else {
            throw ReportError("\(configurationPath): no \"algorithm\" name")
        }
        let text: String
        do {
            text = try String(contentsOfFile: progressPath, encoding: .utf8)
        } catch {
            throw ReportError("\(progressPath): cannot read it (the run has no completed test yet, or the file is not UTF-8 text)")
        }
        self.directory = directory
        self.environment = environment
        self.algorithm = algorithm
        seed = (configuration["seed"] as? NSNumber).map { "\($0)" } ?? "?"
        let sac = configuration["sac"] as? [String: Any]
        let learnsAlpha = (sac?["autoAlpha"] as? Bool) == true
        fixedAlpha = algorithm == "ppo" || learnsAlpha ? nil : (sac?["alpha"] as? NSNumber)?.doubleValue
        progress = try ProgressTable(csv: text, path: progressPath)
    }

    /// Seeds in numeric order (2 before 10), unparsable ones last.
    var seedOrder: UInt64 { UInt64(seed) ?? .max }

    /// The name the report uses for the run's algorithm, with α when it is fixed:
    /// `SAC (α = 1)`, `SAC auto-α`, `SAC-AdaEnt (α = 0.2)`, `PPO`.
    public var algorithmLabel: String {
        let name: String
        switch algorithm {
        case "sac": name = "SAC"
        case "sac-auto": name = "SAC auto-α"
        case "sac-adaent": name = "SAC-AdaEnt"
        case "ppo": name = "PPO"
        default: name = algorithm
        }
        guard let fixedAlpha else { return name }
        return "\(name) (α = \(TickLabel.text(fixedAlpha)))"
    }
}
