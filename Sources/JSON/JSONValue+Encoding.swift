/// Turns an `Encodable` value into a ``JSONValue``, so that files written from Swift types go
/// through the same writer as every other JSON file of the project.
///
/// Object members are sorted by key (Unicode scalar order), so equal values always give the same
/// text; a nil optional written with `encodeIfPresent` (what synthesized conformances do) leaves
/// its key out. Floating-point numbers are written in Swift's shortest round-trip form, without a
/// trailing `.0`; NaN and infinities are refused (`EncodingError.invalidValue`), since JSON has
/// neither and a reader could not tell them apart from a missing value.
public struct JSONValueEncoder: Sendable {
    public init() {}

    /// The document of `value`; throws `EncodingError.invalidValue` for a non-finite number.
    public func encode<Value: Encodable>(_ value: Value) throws -> JSONValue {
        let node = EncodingNode()
        try value.encode(to: NodeEncoder(node: node, codingPath: []))
        return node.value
    }
}

/// One value under construction; containers write into it, possibly more than once (a type may
/// ask for its keyed container again after its superclass or a wrapped value wrote to it).
private final class EncodingNode {
    enum Content {
        case empty
        case scalar(JSONValue)
        case object([String: EncodingNode])
        case array([EncodingNode])
    }

    var content = Content.empty

    var value: JSONValue {
        switch content {
        case .empty: .object([])
        case .scalar(let value): value
        case .object(let members):
            .object(members.sorted { $0.key.unicodeScalars.lexicographicallyPrecedes($1.key.unicodeScalars) }
                .map { (key: $0.key, value: $0.value.value) })
        case .array(let elements): .array(elements.map(\.value))
        }
    }

    func child(forKey key: String) -> EncodingNode {
        var members: [String: EncodingNode] = [:]
        if case .object(let existing) = content { members = existing }
        let child = EncodingNode()
        members[key] = child
        content = .object(members)
        return child
    }

    func appendedChild() -> EncodingNode {
        var elements: [EncodingNode] = []
        if case .array(let existing) = content { elements = existing }
        let child = EncodingNode()
        elements.append(child)
        content = .array(elements)
        return child
    }

    var count: Int {
        if case .array(let elements) = content { return elements.count }
        return 0
    }
}

/// The coding-path entry of an array element, so that errors can name `hidden[1]`.
struct ArrayIndexKey: CodingKey {
    let intValue: Int?
    let stringValue: String
    init(_ index: Int) { intValue = index; stringValue = "\(index)" }
    init?(stringValue: String) { return nil }
    init?(intValue: Int) { self.init(intValue) }
}

private struct NodeEncoder: Encoder {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object = node.content {} else { node.content = .object([:]) }
        return KeyedEncodingContainer(KeyedNodeEncoder<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array = node.content {} else { node.content = .array([]) }
        return UnkeyedNodeEncoder(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueNodeEncoder(node: node, codingPath: codingPath)
    }
}

/// The scalar text of the primitive types, shared by the three container kinds.
private enum Scalar {
    static func value(of value: some Encodable, at codingPath: [any CodingKey]) throws -> JSONValue? {
        switch value {
        case let value as Bool: return .bool(value)
        case let value as String: return .string(value)
        case let value as Double: return try number(value, at: codingPath)
        case let value as Float: return try number(value, at: codingPath)
        case let value as Int: return .number(String(value))
        case let value as Int8: return .number(String(value))
        case let value as Int16: return .number(String(value))
        case let value as Int32: return .number(String(value))
        case let value as Int64: return .number(String(value))
        case let value as UInt: return .number(String(value))
        case let value as UInt8: return .number(String(value))
        case let value as UInt16: return .number(String(value))
        case let value as UInt32: return .number(String(value))
        case let value as UInt64: return .number(String(value))
        default: return nil
        }
    }

    static func number<F: BinaryFloatingPoint & LosslessStringConvertible>(_ value: F, at codingPath: [any CodingKey]) throws -> JSONValue {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: codingPath, debugDescription: "\(value) is not a JSON number"))
        }
        let text = value.description
        return .number(text.hasSuffix(".0") ? String(text.dropLast(2)) : text)
    }

    /// Writes `value` into `node`: primitives directly, anything else through its own `encode(to:)`.
    static func encode(_ value: some Encodable, into node: EncodingNode, at codingPath: [any CodingKey]) throws {
        if let scalar = try Self.value(of: value, at: codingPath) {
            node.content = .scalar(scalar)
        } else {
            try value.encode(to: NodeEncoder(node: node, codingPath: codingPath))
        }
    }
}

private struct KeyedNodeEncoder<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { node.child(forKey: key.stringValue).content = .scalar(.null) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try Scalar.encode(value, into: node.child(forKey: key.stringValue), at: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        NodeEncoder(node: node.child(forKey: key.stringValue), codingPath: codingPath + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        NodeEncoder(node: node.child(forKey: key.stringValue), codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        NodeEncoder(node: node.child(forKey: "super"), codingPath: codingPath)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        NodeEncoder(node: node.child(forKey: key.stringValue), codingPath: codingPath + [key])
    }
}

private struct UnkeyedNodeEncoder: UnkeyedEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    var count: Int { node.count }

    private var nextPath: [any CodingKey] { codingPath + [ArrayIndexKey(count)] }

    mutating func encodeNil() throws { node.appendedChild().content = .scalar(.null) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        let path = nextPath
        try Scalar.encode(value, into: node.appendedChild(), at: path)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let path = nextPath
        return NodeEncoder(node: node.appendedChild(), codingPath: path).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let path = nextPath
        return NodeEncoder(node: node.appendedChild(), codingPath: path).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let path = nextPath
        return NodeEncoder(node: node.appendedChild(), codingPath: path)
    }
}

private struct SingleValueNodeEncoder: SingleValueEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { node.content = .scalar(.null) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try Scalar.encode(value, into: node, at: codingPath)
    }
}
