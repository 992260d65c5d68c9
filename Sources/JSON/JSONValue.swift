/// A parsed JSON document that keeps what exact MDP files need: number text as written
/// (so `0.1` can be read as exactly 1/10) and object members in file order.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// A JSON number, as its original text.
    case number(String)
    case string(String)
    case array([JSONValue])
    /// Members in file order; keys are unique (duplicates are rejected when parsing).
    case object([(key: String, value: JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case let (.bool(a), .bool(b)): a == b
        case let (.number(a), .number(b)): a == b
        case let (.string(a), .string(b)): a == b
        case let (.array(a), .array(b)): a == b
        case let (.object(a), .object(b)):
            a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: false
        }
    }
}
