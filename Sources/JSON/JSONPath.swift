/// The location of a value inside a JSON document, written the way error messages show it:
/// `states[3].actions[1].next`, or `states[0].actions[0].next["s 1"]` for keys that are not
/// identifiers. The document itself is the empty path.
package struct JSONPath: CustomStringConvertible, Sendable {
    package enum Component: Sendable {
        case key(String)
        case index(Int)
    }

    package private(set) var components: [Component] = []

    package static let root = JSONPath()

    package mutating func push(_ component: Component) {
        components.append(component)
    }

    package mutating func pop() {
        components.removeLast()
    }

    package func appending(_ key: String) -> JSONPath {
        var path = self
        path.components.append(.key(key))
        return path
    }

    package func appending(_ index: Int) -> JSONPath {
        var path = self
        path.components.append(.index(index))
        return path
    }

    package var description: String {
        var text = ""
        for component in components {
            switch component {
            case .index(let index):
                text += "[\(index)]"
            case .key(let key) where Self.isIdentifier(key):
                text += text.isEmpty ? key : "." + key
            case .key(let key):
                text += "[" + JSONValue.messageQuoted(key) + "]"
            }
        }
        return text
    }

    /// Keys like `gamma` or `s_1` read naturally after a dot; anything else is quoted so the
    /// path stays unambiguous.
    private static func isIdentifier(_ key: String) -> Bool {
        guard let first = key.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { return false }
        return key.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
        }
    }
}
