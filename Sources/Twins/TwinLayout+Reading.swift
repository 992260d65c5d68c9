import Arithmetic
import FiniteMDP
import JSON

/// A layout file, an environment name or a twin request that cannot be used, in one line that
/// says what and where.
public struct TwinError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension TwinLayout {
    /// The format tag of layout files.
    public static let formatTag = "maxent-twin-layout/1"

    /// Reads a layout file for `mdp`:
    ///
    /// ```json
    /// { "format": "maxent-twin-layout/1",
    ///   "states": { "s1": { "precise": "(-1/10, 1/10)", "imprecise": ["[-1, -1/10]", "[1/10, 1]"] } } }
    /// ```
    ///
    /// Each listed state gives every one of its actions one interval or a list of them (exact
    /// rationals; `[`/`]` include an end, `(`/`)` exclude it), and together they must partition
    /// [−1, 1]. States not listed keep the default layout (``standard(for:)``).
    public init(contentsOfFile path: String, for mdp: MDP) throws(TwinError) {
        let bytes: [UInt8]
        do { bytes = try InputFile.contents(atPath: path) } catch { throw TwinError("\(path): \(error)") }
        do {
            try self.init(json: bytes, for: mdp)
        } catch {
            throw TwinError("\(path): \(error)")
        }
    }

    /// Reads a layout document for `mdp` (see ``init(contentsOfFile:for:)``).
    public init(json bytes: [UInt8], for mdp: MDP) throws(TwinError) {
        let document: JSONValue
        do { document = try JSONValue(parsing: bytes) } catch { throw TwinError(error.description) }
        guard case .object(let members) = document else { throw TwinError("expected a JSON object") }
        for member in members where !["format", "states"].contains(member.key) {
            throw TwinError("unknown key \"\(member.key)\"")
        }
        guard let format = members.first(where: { $0.key == "format" })?.value, format == .string(Self.formatTag) else {
            throw TwinError("format: expected \"\(Self.formatTag)\"")
        }
        guard case .object(let states)? = members.first(where: { $0.key == "states" })?.value else {
            throw TwinError("states: expected an object mapping state names to their actions' intervals")
        }
        var intervals = TwinLayout.standard(for: mdp).intervals
        for (stateName, entry) in states {
            let path = "states.\(stateName)"
            guard let state = mdp.stateIndex(named: stateName) else {
                throw TwinError("\(path): the MDP has no state \"\(stateName)\"")
            }
            let actions = mdp.states[state].actions
            guard !actions.isEmpty else { throw TwinError("\(path): \"\(stateName)\" is terminal, it has no actions to lay out") }
            guard case .object(let owners) = entry else {
                throw TwinError("\(path): expected an object mapping action names to intervals")
            }
            var owned = [[Interval]](repeating: [], count: actions.count)
            for (actionName, value) in owners {
                guard let action = actions.firstIndex(where: { $0.name == actionName }) else {
                    throw TwinError("\(path).\(actionName): state \"\(stateName)\" has no action \"\(actionName)\"")
                }
                let texts: [JSONValue]
                if case .array(let list) = value { texts = list } else { texts = [value] }
                for (index, text) in texts.enumerated() {
                    let location = texts.count == 1 && !(value.isArray) ? "\(path).\(actionName)" : "\(path).\(actionName)[\(index)]"
                    guard case .string(let string) = text else { throw TwinError("\(location): expected an interval such as \"[-1, 0)\"") }
                    do { owned[action].append(try Interval(parsing: string)) } catch { throw TwinError("\(location): \(error)") }
                }
            }
            let candidate = TwinLayout(intervals: [owned])
            if let problem = candidate.partitionProblem(state: 0, actionNames: actions.map(\.name)) {
                throw TwinError("\(path): \(problem)")
            }
            intervals[state] = owned
        }
        self.init(intervals: intervals)
    }

    /// The layout as a file that ``init(json:for:)`` reads back, listing every non-terminal state.
    public func jsonText(for mdp: MDP) -> String {
        let states = mdp.states.indices.filter { !mdp.states[$0].isTerminal }.map { state in
            let actions = mdp.states[state].actions.indices.map { action in
                let owned = intervals[state][action].map { JSONValue.string("\($0)") }
                return (key: mdp.states[state].actions[action].name, value: owned.count == 1 ? owned[0] : .array(owned))
            }
            return (key: mdp.states[state].name, value: JSONValue.object(actions))
        }
        return JSONValue.object([(key: "format", value: .string(Self.formatTag)), (key: "states", value: .object(states))]).jsonText() + "\n"
    }
}

extension TwinLayout.Interval {
    /// Reads `[a, b]`, `[a, b)`, `(a, b]` or `(a, b)` with exact rational ends (`-1/10`, `0.1`).
    public init(parsing text: String) throws(TwinError) {
        let trimmed = text.trimmingBlanks
        guard let open = trimmed.first, let close = trimmed.last, "[(".contains(open), "])".contains(close), trimmed.count >= 2 else {
            throw TwinError("expected an interval such as \"[-1, 0)\" or \"(-1/10, 1/10)\", got \"\(text)\"")
        }
        let ends = trimmed.dropFirst().dropLast().split(separator: ",", omittingEmptySubsequences: false)
        guard ends.count == 2 else { throw TwinError("an interval has two ends separated by a comma, got \"\(text)\"") }
        let values = ends.map { Rational(String($0).trimmingBlanks) }
        guard let lower = values[0], let upper = values[1] else {
            throw TwinError("interval ends must be exact numbers such as -1/10 or 0.25, got \"\(text)\"")
        }
        self.init(lower: lower, upper: upper, includesLower: open == "[", includesUpper: close == "]")
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    fileprivate var trimmingBlanks: String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isBlank($0) }), let last = lastIndex(where: { !isBlank($0) }) else { return "" }
        return String(self[first...last])
    }
}

extension JSONValue {
    var isArray: Bool {
        if case .array = self { return true }
        return false
    }
}
