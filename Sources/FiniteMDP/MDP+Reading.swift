import Arithmetic
import JSON

extension MDP {
    /// The format tag every `maxent-mdp/1` file carries in its `"format"` member.
    public static let formatTag = "maxent-mdp/1"

    /// Reads a `maxent-mdp/1` document (docs/mdp-format.md) and checks every rule of the format.
    ///
    /// Numbers are read exactly (the JSON number `0.1` is 1/10). On success the MDP satisfies
    /// `validate()`; otherwise the error names the JSON path of the first offending value found.
    /// Malformed or hostile input (deep nesting, invalid UTF-8, huge exponents) produces an
    /// error, never a crash.
    public init(json bytes: [UInt8]) throws(MDPFormatError) {
        guard bytes.contains(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) else {
            throw MDPFormatError(path: "", message: "file is empty")
        }
        let document: JSONValue
        do {
            document = try JSONValue(parsing: bytes)
        } catch {
            throw MDPFormatError(path: error.path, message: error.message)
        }
        if let path = document.firstNumberExceedingExponentDigits() {
            throw MDPFormatError(path: path, message: "numbers written with exponents (1eN) need more than \(JSONValue.maximumExponentDigits) decimal digits in all in this file; write numbers this large out in digits")
        }
        self = try MDP.decode(document)
        try validate()
    }

    /// Reads a `maxent-mdp/1` document from text; see `init(json:)` for bytes.
    public init(json text: String) throws(MDPFormatError) {
        try self.init(json: Array(text.utf8))
    }

    /// Reads a `maxent-mdp/1` file. A missing or unreadable file is an error whose message says
    /// why (with an empty path).
    public init(contentsOfFile path: String) throws(MDPFormatError) {
        let bytes: [UInt8]
        do {
            bytes = try InputFile.contents(atPath: path)
        } catch {
            throw MDPFormatError(path: "", message: error.description)
        }
        try self.init(json: bytes)
    }

    /// Translates the JSON document into the model: types, required and unknown keys, and names
    /// resolved to indices. The value rules (ranges, sums, uniqueness) are left to `validate()`.
    private static func decode(_ document: JSONValue) throws(MDPFormatError) -> MDP {
        guard case .object = document else {
            throw MDPFormatError(path: "", message: "expected a JSON object at the top level, found \(document.kindDescription)")
        }
        let root = try JSONFields(document, at: .root)
        // The format tag is checked before anything else: a file of another format (or version)
        // should be reported as such, not as a list of unknown keys.
        let format = try root.required("format")
        guard case .string(formatTag) = format else {
            let found = if case .string(let tag) = format { JSONValue.messageQuoted(tag) } else { format.kindDescription }
            throw MDPFormatError(at: JSONPath.root.appending("format"), "expected \(JSONValue.quoted(formatTag)), found \(found)")
        }
        try root.rejectUnknownKeys(allowed: ["format", "gamma", "initial", "meta", "states"])
        let gamma = try root.required("gamma").rational(at: JSONPath.root.appending("gamma"))

        let statesPath = JSONPath.root.appending("states")
        let stateValues = try root.required("states").array(at: statesPath)
        var stateFields: [JSONFields] = []
        stateFields.reserveCapacity(stateValues.count)
        var stateIndexByName: [String: Int] = [:]
        stateIndexByName.reserveCapacity(stateValues.count)
        // Names first: successors may refer to states listed later in the file.
        for (index, value) in stateValues.enumerated() {
            let fields = try JSONFields(value, at: statesPath.appending(index))
            try fields.rejectUnknownKeys(allowed: ["name", "actions"])
            let name = try fields.required("name").string(at: fields.path.appending("name"))
            if let first = stateIndexByName[name] {
                throw MDPFormatError.duplicateStateName(name, at: index, firstAt: first)
            }
            stateIndexByName[name] = index
            stateFields.append(fields)
        }
        var states: [State] = []
        states.reserveCapacity(stateFields.count)
        for fields in stateFields {
            states.append(try decodeState(fields, stateIndexByName: stateIndexByName))
        }

        var initialState = 0
        if let initial = root["initial"] {
            let initialPath = JSONPath.root.appending("initial")
            guard case .string(let name) = initial else {
                throw MDPFormatError(at: initialPath, "expected a state name (string), found \(initial.kindDescription)")
            }
            guard let index = stateIndexByName[name] else {
                throw MDPFormatError(at: initialPath, "no state named \(JSONValue.messageQuoted(name))")
            }
            initialState = index
        }
        if let meta = root["meta"] {
            guard case .object = meta else {
                throw MDPFormatError(at: JSONPath.root.appending("meta"), "expected an object, found \(meta.kindDescription)")
            }
        }
        return MDP(gamma: gamma, states: states, initialState: initialState, meta: root["meta"])
    }

    private static func decodeState(_ fields: JSONFields, stateIndexByName: [String: Int]) throws(MDPFormatError) -> State {
        let name = try fields.required("name").string(at: fields.path.appending("name"))
        guard let actionsValue = fields["actions"] else { return State(name: name) }
        let actionsPath = fields.path.appending("actions")
        let actionValues = try actionsValue.array(at: actionsPath)
        var actions: [Action] = []
        actions.reserveCapacity(actionValues.count)
        for (index, value) in actionValues.enumerated() {
            let actionFields = try JSONFields(value, at: actionsPath.appending(index))
            actions.append(try decodeAction(actionFields, stateIndexByName: stateIndexByName))
        }
        return State(name: name, actions: actions)
    }

    private static func decodeAction(_ fields: JSONFields, stateIndexByName: [String: Int]) throws(MDPFormatError) -> Action {
        try fields.rejectUnknownKeys(allowed: ["name", "measure", "reward", "next"])
        let name = try fields.required("name").string(at: fields.path.appending("name"))
        let measure = try fields["measure"]?.rational(at: fields.path.appending("measure")) ?? .one
        let reward = try fields.required("reward").rational(at: fields.path.appending("reward"))
        let next = try JSONFields(try fields.required("next"), at: fields.path.appending("next"))
        var transitions: [Transition] = []
        transitions.reserveCapacity(next.members.count)
        for (successor, probabilityValue) in next.members {
            guard let target = stateIndexByName[successor] else {
                throw MDPFormatError(at: next.path, "no state named \(JSONValue.messageQuoted(successor))")
            }
            let probability = try probabilityValue.rational(at: next.path.appending(successor))
            transitions.append(Transition(target: target, probability: probability))
        }
        return Action(name: name, measure: measure, reward: reward, transitions: transitions)
    }
}
