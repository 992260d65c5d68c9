import Arithmetic
import JSON

/// The members of one JSON object being read as part of an MDP file, with typed accessors whose
/// errors name the member's JSON path.
struct JSONFields {
    let members: [(key: String, value: JSONValue)]
    let path: JSONPath

    /// The members of `value`, which must be an object.
    init(_ value: JSONValue, at path: JSONPath) throws(MDPFormatError) {
        guard case .object(let members) = value else {
            throw MDPFormatError(at: path, "expected an object, found \(value.kindDescription)")
        }
        self.members = members
        self.path = path
    }

    subscript(key: String) -> JSONValue? {
        members.first { $0.key == key }?.value
    }

    func required(_ key: String) throws(MDPFormatError) -> JSONValue {
        guard let value = self[key] else { throw MDPFormatError(at: path, "missing key \(JSONValue.quoted(key))") }
        return value
    }

    /// Rejects any key outside `allowed`, so that a typo such as `"rewrd"` cannot pass silently.
    func rejectUnknownKeys(allowed: [String]) throws(MDPFormatError) {
        if let unknown = members.first(where: { !allowed.contains($0.key) }) {
            throw MDPFormatError(at: path, "unknown key \(JSONValue.messageQuoted(unknown.key))")
        }
    }
}

extension JSONValue {
    func string(at path: @autoclosure () -> JSONPath) throws(MDPFormatError) -> String {
        guard case .string(let string) = self else {
            throw MDPFormatError(at: path(), "expected a string, found \(kindDescription)")
        }
        return string
    }

    func array(at path: @autoclosure () -> JSONPath) throws(MDPFormatError) -> [JSONValue] {
        guard case .array(let elements) = self else {
            throw MDPFormatError(at: path(), "expected an array, found \(kindDescription)")
        }
        return elements
    }

    /// An exact rational written as a JSON number (read from its decimal text, so `0.1` is 1/10)
    /// or as a string in rational syntax (`"3/7"`, `"-0.125"`, `"1e-3"`).
    func rational(at path: @autoclosure () -> JSONPath) throws(MDPFormatError) -> Rational {
        let text: String
        switch self {
        case .number(let digits): text = digits
        case .string(let string): text = string
        default: throw MDPFormatError(at: path(), "expected a rational number (string or number), found \(kindDescription)")
        }
        do {
            return try Rational(parsing: text)
        } catch {
            throw MDPFormatError(at: path(), "'\(JSONValue.messageText(text))' is not a rational number: \(JSONValue.messageText(error.reason))")
        }
    }
}
