import Environments
import Foundation
import Learning
import Plotting

/// A training run as the report shows it: its directory opened through Learning's read-only
/// ``RunDirectory`` (typed settings, per-epoch log, snapshots) and the labels the report uses.
public struct RunRecord: Sendable {
    public let run: RunDirectory
    public let progress: ProgressTable

    /// Opens `directory` and reads its `config.json` and `progress.csv`.
    public init(directory: String) throws(ReportError) {
        do {
            run = try RunDirectory(URL(fileURLWithPath: directory))
            progress = try run.progress()
        } catch {
            throw ReportError(error.description)
        }
        self.directory = directory
    }

    public let directory: String
    public var environment: String { run.configuration.environment }
    /// The algorithm's name in the configuration: `sac`, `sac-auto`, `sac-adaent` or `ppo`.
    public var algorithm: String { run.configuration.algorithm.rawValue }
    public var seed: String { "\(run.configuration.seed)" }

    /// The fixed temperature α of SAC and SAC-AdaEnt runs; nil for PPO and for learned α.
    public var fixedAlpha: Double? {
        guard let sac = run.configuration.sac, run.configuration.algorithm != .ppo, !sac.autoAlpha else { return nil }
        return sac.alpha
    }

    /// Whether the run has finished an epoch, so that its latest checkpoint exists.
    public var hasCheckpoint: Bool { run.has(.latest) }

    /// The agent of the latest checkpoint (`checkpoint.bin`: the policy as training left it; the
    /// best-return `policy.bin` can be an early, lucky epoch).
    public func agent(spaces: EnvironmentSpaces? = nil) throws(ReportError) -> TrainedAgent {
        do { return try run.agent(.latest, spaces: spaces) } catch { throw ReportError(error.description) }
    }

    /// The run's environment (a `gym:` run starts Python to read its spaces).
    public func environmentDescriptor() throws(ReportError) -> EnvironmentDescriptor {
        do { return try run.environmentDescriptor() } catch { throw ReportError(error.description) }
    }

    /// Seeds in numeric order (2 before 10).
    public var seedOrder: UInt64 { run.configuration.seed }

    /// The name the report uses for the run's algorithm, with α when it is fixed:
    /// `SAC (α = 1)`, `SAC auto-α`, `SAC-AdaEnt (α = 0.2)`, `PPO`.
    public var algorithmLabel: String {
        let name = switch run.configuration.algorithm {
        case .sac: "SAC"
        case .sacAuto: "SAC auto-α"
        case .sacAdaEnt: "SAC-AdaEnt"
        case .ppo: "PPO"
        }
        guard let fixedAlpha else { return name }
        return "\(name) (α = \(TickLabel.text(fixedAlpha)))"
    }
}
