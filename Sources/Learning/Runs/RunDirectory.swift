import Foundation
import Environments
import JSON

/// Why a run directory, or one of its files, cannot be read; the message names the file.
public struct RunDirectoryError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// A training run directory opened for reading, as `maxent train` writes it: its typed
/// configuration, its per-epoch log and its two snapshots. Opening a run never changes it, and
/// nothing here constructs a learner: ``agent(_:)`` loads only the networks that act and judge.
public struct RunDirectory: Sendable {
    /// Every setting of the run (``TrainingConfiguration``), as JSON.
    public static let configurationFileName = "config.json"
    /// One row per epoch: env steps, episodes, test return, losses, α.
    public static let progressFileName = "progress.csv"
    /// The rows of `progress.csv` as JSON lines.
    public static let progressLinesFileName = "progress.jsonl"
    /// Wall-clock figures, kept apart so that the progress logs of identical runs are identical bytes.
    public static let timingFileName = "timing.csv"

    /// One of the learner states a run keeps on disk.
    public enum Snapshot: String, Sendable, CaseIterable {
        /// `checkpoint.bin`: the whole run (learner, replay buffer, generators) after its latest
        /// epoch, written atomically; `--resume` continues from it.
        case latest = "checkpoint.bin"
        /// `policy.bin`: the learner after the epoch with the best mean test return so far.
        case best = "policy.bin"

        public var fileName: String { rawValue }
    }

    public let url: URL
    public let configuration: TrainingConfiguration

    /// Opens the run in `url`: reads and checks `config.json`.
    public init(_ url: URL) throws(RunDirectoryError) {
        let file = url.appendingPathComponent(Self.configurationFileName)
        let data: Data
        do { data = try Data(contentsOf: file) } catch {
            throw RunDirectoryError("\(url.path) is not a run directory (no \(Self.configurationFileName))")
        }
        let document: JSONValue
        do { document = try JSONValue(parsing: [UInt8](data)) } catch {
            throw RunDirectoryError("\(file.path): cannot read it as JSON (\(messageExcerpt(error.description, limit: 120)))")
        }
        let configuration: TrainingConfiguration
        do {
            configuration = try JSONValueDecoder().decode(TrainingConfiguration.self, from: document)
        } catch let error as DecodingError {
            throw RunDirectoryError("\(file.path): \(Self.explain(error))")
        } catch {
            throw RunDirectoryError("\(file.path): \(error.localizedDescription)")
        }
        let problems = configuration.problems
        guard problems.isEmpty else { throw RunDirectoryError("\(file.path): \(problems.joined(separator: "; "))") }
        self.url = url
        self.configuration = configuration
    }

    /// The file of `snapshot` (it exists once the run has finished its first epoch).
    public func url(of snapshot: Snapshot) -> URL { url.appendingPathComponent(snapshot.fileName) }

    /// Whether `snapshot` has been written yet.
    public func has(_ snapshot: Snapshot) -> Bool { FileManager.default.fileExists(atPath: url(of: snapshot).path) }

    /// The per-epoch log, parsed and checked.
    public func progress() throws(RunDirectoryError) -> ProgressTable {
        let file = url.appendingPathComponent(Self.progressFileName)
        let text: String
        do { text = try String(contentsOf: file, encoding: .utf8) } catch {
            throw RunDirectoryError("\(file.path): cannot read it (the run has no completed test yet, or the file is not UTF-8 text)")
        }
        return try ProgressTable(csv: text, path: file.path)
    }

    /// The trained agent of `snapshot`, for evaluation only (`spaces`: the environment's, when the
    /// caller has already made it; see ``TrainedAgent/init(configuration:checkpoint:spaces:)``).
    public func agent(_ snapshot: Snapshot = .latest, spaces: EnvironmentSpaces? = nil) throws(RunDirectoryError) -> TrainedAgent {
        let file = url(of: snapshot)
        guard has(snapshot) else { throw RunDirectoryError("\(url.path) has no \(snapshot.fileName) yet") }
        do {
            return try TrainedAgent(configuration: configuration, checkpoint: Checkpoint(contentsOf: file), spaces: spaces)
        } catch {
            throw RunDirectoryError("\(file.path): \(error)")
        }
    }

    /// The run's environment: a registered one, a deep twin (once `Twins` installed its scheme), or a
    /// Gymnasium one, for which a Python process is started to read its spaces (as evaluating does).
    public func environmentDescriptor() throws(RunDirectoryError) -> EnvironmentDescriptor {
        do { return try TrainingRun.environmentDescriptor(configuration) } catch {
            throw RunDirectoryError("\(url.path): \(error)")
        }
    }

    /// One line for a configuration that does not decode, naming the field.
    static func explain(_ error: DecodingError) -> String {
        func field(_ path: [any CodingKey]) -> String {
            path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().drop { $0 == "." }.description
        }
        switch error {
        case .typeMismatch(_, let context) where context.codingPath.isEmpty:
            return "not a JSON object"
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            return "\(field(context.codingPath)): expected \(type)"
        case .keyNotFound(let key, let context):
            return "missing \"\(field(context.codingPath + [key]))\""
        case .dataCorrupted(let context):
            // The description can quote the offending text whole (an enumeration's unknown raw value).
            let detail = messageExcerpt(context.debugDescription, limit: 120)
            return context.codingPath.isEmpty ? detail : "\(field(context.codingPath)): \(detail)"
        @unknown default:
            return "\(error)"
        }
    }
}
