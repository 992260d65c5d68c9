import FiniteMDP
import Foundation
import JSON

/// One run of a sweep: its place in the job array, its directory name and its `maxent train`
/// arguments (without `--out`, which the task adds).
public struct SweepRun: Sendable, Equatable {
    /// The array task index (0-based, in grid order).
    public let index: Int
    /// A readable, stable directory name: the grid values in grid order (`quadrotor-sac-seed1`).
    public let name: String
    /// `maxent train` arguments, grid and fixed options in file order.
    public let arguments: [String]
    /// Whether the sweep sets `workers` itself, so a backend must not give runs its core share.
    public let setsWorkers: Bool
}

/// What `maxent train` accepts, provided by the command line so that a sweep is checked against
/// the real `train` command: its option names and a check of one run's arguments.
public struct TrainInterface: Sendable {
    public let options: [String: TrainOptionKind]
    /// Options a sweep may not set because the sweep decides them.
    public let reserved: [String: String]
    /// Returns the one-line reason `train` would refuse the arguments, or nil if it accepts them.
    public let check: @Sendable ([String]) -> String?

    public init(options: [String: TrainOptionKind], reserved: [String: String], check: @escaping @Sendable ([String]) -> String?) {
        self.options = options
        self.reserved = reserved
        self.check = check
    }
}

/// The runs of a sweep file: the Cartesian product of the grid in file order (the last option
/// varies fastest), less the excluded combinations, each checked against `maxent train`.
public struct SweepPlan: Sendable, Equatable {
    public let file: SweepFile
    public let runs: [SweepRun]

    /// Plans `file`, refusing unknown option names, values of the wrong kind, any run that `train`
    /// would refuse (naming the run and the grid values it combines) and an empty result.
    public init(file: SweepFile, train: TrainInterface) throws(SweepError) {
        self.file = file
        let known = train.options.keys.sorted().joined(separator: ", ")
        let settings: [(path: String, option: String)] = file.grid.map { ("grid.\($0.option)", $0.option) }
            + file.fixed.map { ("fixed.\($0.option)", $0.option) }
        for (path, option) in settings {
            if let reason = train.reserved[option] { throw SweepError("\(path): \(reason)") }
            guard train.options[option] != nil else {
                let hint = option.hasPrefix("-") ? " (write option names without dashes)" : ""
                throw SweepError("\(path): \"\(option)\" is not a maxent train option\(hint); known: \(known)")
            }
        }
        for (option, values) in file.grid {
            for (index, value) in values.enumerated() {
                try Self.checkKind(value, of: option, train: train, at: "grid.\(option)[\(index)]")
            }
        }
        for (option, value) in file.fixed {
            try Self.checkKind(value, of: option, train: train, at: "fixed.\(option)")
        }

        var runs: [SweepRun] = []
        var names: [String: [String]] = [:]
        for combination in Self.product(file.grid.map { $0.values.indices.map { $0 } }) {
            let chosen = zip(file.grid, combination).map { (option: $0.option, value: $0.values[$1]) }
            if file.exclude.contains(where: { rule in
                rule.allSatisfy { condition in chosen.contains { $0.option == condition.option && condition.values.contains($0.value) } }
            }) { continue }
            let name = chosen.map { Self.nameSegment(option: $0.option, value: $0.value) }.joined(separator: "-")
            let describedValues = zip(file.grid, combination).map { "grid.\($0.option)[\($1)]" }
            if let earlier = names[name] {
                throw SweepError("\(describedValues.joined(separator: ", ")) and \(earlier.joined(separator: ", ")) both name their run '\(name)'; make the values distinct")
            }
            names[name] = describedValues
            var arguments: [String] = []
            for (option, value) in chosen.map({ ($0.option, $0.value) }) + file.fixed.map({ ($0.option, $0.value) }) {
                switch value {
                // `--alpha=-1`, not `--alpha -1`, which would read -1 as an option name.
                case .text(let text): arguments += text.hasPrefix("-") ? ["--\(option)=\(text)"] : ["--\(option)", text]
                case .flag(let on): if on { arguments.append("--\(option)") }
                }
            }
            if let reason = train.check(arguments) {
                throw SweepError("run \(name) (\(describedValues.joined(separator: ", "))): maxent train refuses it: \(reason)")
            }
            let setsWorkers = file.fixed.contains { $0.option == "workers" } || file.grid.contains { $0.option == "workers" }
            runs.append(SweepRun(index: runs.count, name: name, arguments: arguments, setsWorkers: setsWorkers))
        }
        guard !runs.isEmpty else { throw SweepError("exclude: every combination of the grid is excluded; the sweep has no runs") }
        self.runs = runs
    }

    static func checkKind(_ value: SweepValue, of option: String, train: TrainInterface, at path: String) throws(SweepError) {
        switch (train.options[option], value) {
        case (.flag, .text(let text)):
            throw SweepError("\(path): --\(option) is a flag; give true or false, not \"\(text)\"")
        case (.value, .flag(let on)):
            throw SweepError("\(path): --\(option) takes a value; got \(on)")
        default: break
        }
    }

    /// Every index combination, the last position varying fastest.
    static func product(_ ranges: [[Int]]) -> [[Int]] {
        ranges.reduce([[]]) { partial, range in partial.flatMap { prefix in range.map { prefix + [$0] } } }
    }

    /// `env` and `algo` values stand alone (`quadrotor`, `sac`), as in `maxent train`'s default run
    /// directory; a flag reads `option` or `no-option`; other values are prefixed by their option
    /// (`seed1`, `alpha0.2`). Characters unsafe in file names become `_`.
    static func nameSegment(option: String, value: SweepValue) -> String {
        let raw: String = switch value {
        case .flag(let on): on ? option : "no-\(option)"
        case .text(let text): ["env", "algo", "preset"].contains(option) ? text : "\(option)\(text)"
        }
        return String(raw.map { $0.isLetter || $0.isNumber || "._+-".contains($0) ? $0 : "_" })
    }
}

/// The layout of a sweep directory:
///
///     DIR/sweep.json            the sweep file as given, and the planned runs
///     DIR/sweep.sbatch          the Slurm job-array script (Slurm backend)
///     DIR/runs/<name>/          each run's `maxent train` directory
///     DIR/logs/<index>.out|err  each task's standard output and error, appended over attempts
///     DIR/state/<name>.json     each run's last known state, written by its task
public struct SweepDirectory: Sendable {
    public let path: String

    public init(path: String) {
        var path = path
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        self.path = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }

    public var planPath: String { path + "/sweep.json" }
    public var scriptPath: String { path + "/sweep.sbatch" }
    public var logsPath: String { path + "/logs" }
    public var statePath: String { path + "/state" }
    public func runPath(_ run: SweepRun) -> String { path + "/runs/" + run.name }
    public func outputPath(_ run: SweepRun) -> String { logsPath + "/\(run.index).out" }
    public func errorPath(_ run: SweepRun) -> String { logsPath + "/\(run.index).err" }
    public func statePath(_ run: SweepRun) -> String { statePath + "/\(run.name).json" }

    /// Creates the directory (or adopts an existing one holding the same sweep) and records the
    /// plan. Refuses a directory that holds another sweep, or anything else, and one that cannot
    /// be written.
    public func prepare(for plan: SweepPlan) throws(SweepError) {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw SweepError("--out \(path): exists and is not a directory") }
            if manager.fileExists(atPath: planPath) {
                let recorded = try readPlanDocument()
                guard recorded == Self.planDocument(plan) else {
                    throw SweepError("--out \(path): holds a different sweep (its sweep.json differs); choose another --out")
                }
            } else if let entries = try? manager.contentsOfDirectory(atPath: path), !entries.isEmpty {
                throw SweepError("--out \(path): exists, is not empty and holds no sweep.json; choose another --out")
            }
        }
        do {
            for directory in [path, path + "/runs", logsPath, statePath] {
                try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
        } catch {
            throw SweepError("--out \(path): cannot create the sweep directory (\(Self.reason(error)))")
        }
        guard access(path, W_OK) == 0 else { throw SweepError("--out \(path): not writable") }
        do {
            try writeFileAtomically(Self.planDocument(plan).jsonText() + "\n", to: planPath)
        } catch {
            throw SweepError("--out \(path): \(error)")
        }
    }

    /// The plan recorded in the directory, re-checked against `train`.
    public func readPlan(train: TrainInterface) throws(SweepError) -> SweepPlan {
        let document = try readPlanDocument()
        guard case .object(let members) = document, let file = members.first(where: { $0.key == "file" })?.value else {
            throw SweepError("\(planPath): not a sweep record (no \"file\")")
        }
        do {
            return try SweepPlan(file: SweepFile(document: file), train: train)
        } catch {
            throw SweepError("\(planPath): \(error)")
        }
    }

    func readPlanDocument() throws(SweepError) -> JSONValue {
        guard let data = FileManager.default.contents(atPath: planPath) else {
            throw SweepError("\(path): not a sweep directory (no sweep.json)")
        }
        do {
            return try JSONValue(parsing: [UInt8](data))
        } catch {
            throw SweepError("\(planPath): \(error)")
        }
    }

    /// `sweep.json`: the sweep file as given, and for reading by people and scripts, each run's
    /// index, name and `train` arguments.
    static func planDocument(_ plan: SweepPlan) -> JSONValue {
        .object([
            ("format", .string("maxent-sweep/1")),
            ("file", plan.file.document),
            ("runs", .array(plan.runs.map { run in
                .object([
                    ("index", .number(String(run.index))), ("name", .string(run.name)),
                    ("arguments", .array(run.arguments.map(JSONValue.string))),
                ])
            })),
        ])
    }

    static func reason(_ error: Error) -> String {
        (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
    }
}
