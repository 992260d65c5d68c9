import FiniteMDP
import Foundation
import JSON

/// One value of a `maxent train` option in a sweep file: the text given on the command line
/// (numbers keep their text exactly as written, so `1e-3` reaches `train` as `1e-3`), or on/off
/// for a flag such as `analysis-plain-critics`.
public enum SweepValue: Sendable, Equatable {
    case text(String)
    case flag(Bool)

    /// The value as it appears in run names and messages.
    public var displayText: String {
        switch self {
        case .text(let text): text
        case .flag(let on): on ? "true" : "false"
        }
    }

    var json: JSONValue {
        switch self {
        case .text(let text): .string(text)
        case .flag(let on): .bool(on)
        }
    }
}

/// Whether a `maxent train` option takes a value (`--seed 3`) or is a flag (`--quiet`).
public enum TrainOptionKind: Sendable, Equatable {
    case value
    case flag
}

/// Resources a Slurm array task asks for; every field may also come from a `maxent sweep run` flag.
public struct SlurmSettings: Sendable, Equatable {
    /// `--cpus-per-task`; each run trains with this many `--workers`.
    public var cpusPerTask: Int?
    /// `--mem`, as Slurm writes it (`4G`, `2000M`).
    public var memory: String?
    /// `--time`, as Slurm writes it (`04:00:00`, `2-00:00:00`).
    public var time: String?
    public var partition: String?
    public var account: String?
    /// The `%limit` of `--array`: how many tasks may run at once.
    public var arrayLimit: Int?

    public init() {}

    /// `other`'s fields where it has them, this value's elsewhere.
    public func overridden(by other: SlurmSettings) -> SlurmSettings {
        var merged = self
        if let value = other.cpusPerTask { merged.cpusPerTask = value }
        if let value = other.memory { merged.memory = value }
        if let value = other.time { merged.time = value }
        if let value = other.partition { merged.partition = value }
        if let value = other.account { merged.account = value }
        if let value = other.arrayLimit { merged.arrayLimit = value }
        return merged
    }

    /// Checks each field's syntax, naming `source` (a JSON path or a flag prefix) in the message.
    public func validated(source: (String) -> String) throws(SweepError) -> SlurmSettings {
        if let cpusPerTask, cpusPerTask < 1 { throw SweepError("\(source("cpus-per-task")): must be at least 1, got \(cpusPerTask)") }
        if let arrayLimit, arrayLimit < 1 { throw SweepError("\(source("array-limit")): must be at least 1, got \(arrayLimit)") }
        if let memory, memory.range(of: #"^[0-9]+[KMGT]?$"#, options: .regularExpression) == nil {
            throw SweepError("\(source("mem")): expected a size such as 4G or 2000M, got '\(memory)'")
        }
        if let time, time.range(of: #"^([0-9]+-)?[0-9]+(:[0-9]{2}){0,2}$"#, options: .regularExpression) == nil {
            throw SweepError("\(source("time")): expected Slurm's [days-]hours:minutes:seconds such as 04:00:00, got '\(time)'")
        }
        for (key, value) in [("partition", partition), ("account", account)] {
            if let value, value.range(of: #"^[A-Za-z0-9_.,-]+$"#, options: .regularExpression) == nil {
                throw SweepError("\(source(key)): expected letters, digits, '_', '.', ',' or '-', got '\(value)'")
            }
        }
        return self
    }
}

/// A sweep file (`docs/experiments.md`, README "Running the paper's matrix on a cluster"): `name`,
/// `grid` (train options → lists of values, whose Cartesian product is the set of runs), `fixed`
/// (train options → one value for every run), optional `exclude` (combinations of grid values to
/// leave out) and optional `slurm` (resources of each array task).
///
/// Reading checks the structure only; `SweepPlan` checks the option names and values against
/// `maxent train`.
public struct SweepFile: Sendable, Equatable {
    /// Used in Slurm job names, so restricted to letters, digits, `_`, `.` and `-`.
    public var name: String
    /// Options in file order, each with its values in file order.
    public var grid: [(option: String, values: [SweepValue])]
    public var fixed: [(option: String, value: SweepValue)]
    /// A run is left out when it matches every option of one rule; a rule option lists the
    /// values it matches.
    public var exclude: [[(option: String, values: [SweepValue])]]
    public var slurm: SlurmSettings
    /// The document as read, kept so that a sweep directory records exactly what produced it.
    public let document: JSONValue

    public static func == (lhs: SweepFile, rhs: SweepFile) -> Bool { lhs.document == rhs.document }

    /// Reads and checks the sweep file at `path`; every message starts with the path.
    public init(contentsOfFile path: String) throws(SweepError) {
        let bytes: [UInt8]
        do { bytes = try InputFile.contents(atPath: path) } catch {
            throw SweepError("\(path): \(FileManager.default.fileExists(atPath: path) ? error.description : "no such file")")
        }
        do {
            try self.init(document: JSONValue(parsing: bytes))
        } catch let error as JSONParseError {
            throw SweepError("\(path): \(error)")
        } catch let error as SweepError {
            throw SweepError("\(path): \(error)")
        } catch {
            throw SweepError("\(path): \(error)")
        }
    }

    /// Checks the structure of a parsed sweep document; messages start with the JSON path.
    public init(document: JSONValue) throws(SweepError) {
        self.document = document
        let top = try Self.members(document, at: "the document")
        if let unknown = top.first(where: { !["name", "grid", "fixed", "exclude", "slurm"].contains($0.key) }) {
            throw SweepError("unknown key \"\(unknown.key)\" (expected name, grid, fixed, exclude, slurm)")
        }
        func member(_ key: String) -> JSONValue? { top.first { $0.key == key }?.value }

        guard let nameValue = member("name") else { throw SweepError("missing key \"name\"") }
        guard case .string(let name) = nameValue else { throw SweepError("name: expected a string, found \(nameValue.kindDescription)") }
        guard name.range(of: #"^[A-Za-z0-9_.-]{1,64}$"#, options: .regularExpression) != nil else {
            throw SweepError("name: expected 1 to 64 letters, digits, '_', '.' or '-', got \"\(name)\"")
        }
        self.name = name

        guard let gridValue = member("grid") else { throw SweepError("missing key \"grid\"") }
        let gridMembers = try Self.members(gridValue, at: "grid")
        guard !gridMembers.isEmpty else { throw SweepError("grid: empty; give at least one option with a list of values") }
        grid = try gridMembers.map { member throws(SweepError) in
            let path = "grid.\(member.key)"
            guard case .array(let elements) = member.value else {
                throw SweepError("\(path): expected a list of values, found \(member.value.kindDescription)")
            }
            guard !elements.isEmpty else { throw SweepError("\(path): empty list; the grid would have no runs") }
            let values = try elements.enumerated().map { item throws(SweepError) in try Self.value(item.element, at: "\(path)[\(item.offset)]") }
            if let repeated = values.enumerated().first(where: { item in values[..<item.offset].contains(item.element) }) {
                throw SweepError("\(path)[\(repeated.offset)]: \(repeated.element.displayText) is listed twice")
            }
            return (member.key, values)
        }

        fixed = try (member("fixed").map { value throws(SweepError) in try Self.members(value, at: "fixed") } ?? []).map { member throws(SweepError) in
            (member.key, try Self.value(member.value, at: "fixed.\(member.key)"))
        }
        let gridOptions = grid.map(\.option)
        if let both = fixed.first(where: { gridOptions.contains($0.option) }) {
            throw SweepError("fixed.\(both.option): also in grid; give it in one place")
        }

        exclude = []
        if let excludeValue = member("exclude") {
            guard case .array(let rules) = excludeValue else {
                throw SweepError("exclude: expected a list of rules, found \(excludeValue.kindDescription)")
            }
            for (index, ruleValue) in rules.enumerated() {
                let path = "exclude[\(index)]"
                let ruleMembers = try Self.members(ruleValue, at: path)
                guard !ruleMembers.isEmpty else { throw SweepError("\(path): empty rule (it would exclude every run)") }
                var rule: [(option: String, values: [SweepValue])] = []
                for member in ruleMembers {
                    let memberPath = "\(path).\(member.key)"
                    guard let gridValues = grid.first(where: { $0.option == member.key })?.values else {
                        throw SweepError("\(memberPath): \"\(member.key)\" is not a grid option (grid: \(gridOptions.joined(separator: ", ")))")
                    }
                    let listed: [JSONValue] = if case .array(let elements) = member.value { elements } else { [member.value] }
                    var values: [SweepValue] = []
                    for (offset, element) in listed.enumerated() {
                        let elementPath = if case .array = member.value { "\(memberPath)[\(offset)]" } else { memberPath }
                        let value = try Self.value(element, at: elementPath)
                        guard gridValues.contains(value) else {
                            throw SweepError("\(elementPath): \(value.displayText) is not among grid.\(member.key)'s values")
                        }
                        values.append(value)
                    }
                    rule.append((member.key, values))
                }
                exclude.append(rule)
            }
        }

        slurm = SlurmSettings()
        if let slurmValue = member("slurm") {
            let keys = ["cpus-per-task", "mem", "time", "partition", "account", "array-limit"]
            for member in try Self.members(slurmValue, at: "slurm") {
                let path = "slurm.\(member.key)"
                switch member.key {
                case "cpus-per-task", "array-limit":
                    guard case .number(let digits) = member.value, let count = Int(digits) else {
                        throw SweepError("\(path): expected a whole number, found \(member.value.kindDescription)")
                    }
                    if member.key == "cpus-per-task" { slurm.cpusPerTask = count } else { slurm.arrayLimit = count }
                case "mem", "time", "partition", "account":
                    guard case .string(let text) = member.value else {
                        throw SweepError("\(path): expected a string, found \(member.value.kindDescription)")
                    }
                    switch member.key {
                    case "mem": slurm.memory = text
                    case "time": slurm.time = text
                    case "partition": slurm.partition = text
                    default: slurm.account = text
                    }
                default:
                    throw SweepError("\(path): unknown key (expected \(keys.joined(separator: ", ")))")
                }
            }
            slurm = try slurm.validated { "slurm.\($0)" }
        }
    }

    static func members(_ value: JSONValue, at path: String) throws(SweepError) -> [(key: String, value: JSONValue)] {
        guard case .object(let members) = value else {
            throw SweepError("\(path == "the document" ? "" : "\(path): ")expected an object, found \(value.kindDescription)")
        }
        return members
    }

    static func value(_ value: JSONValue, at path: String) throws(SweepError) -> SweepValue {
        switch value {
        case .number(let digits): return .text(digits)
        case .string(let text):
            guard !text.isEmpty, !text.contains(where: { $0.isNewline }) else {
                throw SweepError("\(path): expected a non-empty one-line string")
            }
            return .text(text)
        case .bool(let on): return .flag(on)
        default: throw SweepError("\(path): expected a number, a string or a boolean, found \(value.kindDescription)")
        }
    }
}
