import Foundation
import Environments

/// Why a checkpoint could not be read or does not fit the run being resumed.
public struct CheckpointError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Everything needed to continue a run exactly: named Float32 arrays (parameters, optimiser
/// moments, replay buffer), integers, doubles and double arrays (generator states, the actions of
/// episodes in progress).
///
/// The file format is a magic line followed by sections in sorted key order — kind, name, payload
/// — all little-endian, so equal checkpoints are equal bytes. Files are written to a temporary
/// name and renamed into place, so a reader never sees a half-written checkpoint.
public struct Checkpoint: Sendable, Equatable {
    public var arrays: [String: [Float]] = [:]
    public var integers: [String: Int] = [:]
    public var numbers: [String: Double] = [:]
    public var doubleArrays: [String: [Double]] = [:]

    static let magic = Data("maxent-checkpoint/1\n".utf8)

    public init() {}

    /// Stores a copy of each named buffer.
    public mutating func store(_ buffers: [(String, FloatBuffer)]) {
        for (name, buffer) in buffers { arrays[name] = buffer.array }
    }

    /// Copies each named array back into its buffer; sizes must match.
    public func restore(_ buffers: [(String, FloatBuffer)]) throws(CheckpointError) {
        for (name, buffer) in buffers {
            guard let values = arrays[name] else { throw CheckpointError("checkpoint lacks '\(name)'") }
            guard values.count == buffer.count else {
                throw CheckpointError("checkpoint '\(name)' has \(values.count) values, this run needs \(buffer.count)")
            }
            buffer.copy(from: values)
        }
    }

    public func integer(_ name: String) throws(CheckpointError) -> Int {
        guard let value = integers[name] else { throw CheckpointError("checkpoint lacks '\(name)'") }
        return value
    }

    public func number(_ name: String) throws(CheckpointError) -> Double {
        guard let value = numbers[name] else { throw CheckpointError("checkpoint lacks '\(name)'") }
        return value
    }

    public func doubleArray(_ name: String) throws(CheckpointError) -> [Double] {
        guard let value = doubleArrays[name] else { throw CheckpointError("checkpoint lacks '\(name)'") }
        return value
    }

    /// The serialised bytes.
    public var data: Data {
        var data = Self.magic
        func appendHeader(kind: UInt8, name: String, payloadBytes: Int) {
            data.append(kind)
            let nameBytes = Data(name.utf8)
            append(UInt32(nameBytes.count), to: &data)
            data.append(nameBytes)
            append(UInt64(payloadBytes), to: &data)
        }
        for (name, values) in arrays.sorted(by: { $0.key < $1.key }) {
            appendHeader(kind: 0, name: name, payloadBytes: values.count * 4)
            values.withUnsafeBytes { data.append(contentsOf: $0) }
        }
        for (name, value) in integers.sorted(by: { $0.key < $1.key }) {
            appendHeader(kind: 1, name: name, payloadBytes: 8)
            append(UInt64(bitPattern: Int64(value)), to: &data)
        }
        for (name, value) in numbers.sorted(by: { $0.key < $1.key }) {
            appendHeader(kind: 2, name: name, payloadBytes: 8)
            append(value.bitPattern, to: &data)
        }
        for (name, values) in doubleArrays.sorted(by: { $0.key < $1.key }) {
            appendHeader(kind: 4, name: name, payloadBytes: values.count * 8)
            for value in values { append(value.bitPattern, to: &data) }
        }
        return data
    }

    /// Parses serialised bytes.
    public init(data: Data) throws(CheckpointError) {
        guard data.starts(with: Self.magic) else { throw CheckpointError("not a maxent checkpoint") }
        var reader = ByteReader(bytes: [UInt8](data), position: Self.magic.count)
        while !reader.isAtEnd {
            let kind = try reader.byte()
            let nameLength = Int(try reader.word(UInt32.self))
            let name = String(decoding: try reader.bytes(nameLength), as: UTF8.self)
            // A corrupt length can exceed Int.max; it is then certainly longer than the file.
            guard let payloadLength = Int(exactly: try reader.word(UInt64.self)) else { throw CheckpointError("checkpoint is truncated") }
            let payload = try reader.bytes(payloadLength)
            switch kind {
            case 0:
                guard payloadLength % 4 == 0 else { throw CheckpointError("corrupt array '\(messageExcerpt(name, limit: 40))'") }
                arrays[name] = payload.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
            case 1:
                var payloadReader = ByteReader(bytes: payload, position: 0)
                integers[name] = Int(Int64(bitPattern: try payloadReader.word(UInt64.self)))
            case 2:
                var payloadReader = ByteReader(bytes: payload, position: 0)
                numbers[name] = Double(bitPattern: try payloadReader.word(UInt64.self))
            case 4:
                guard payloadLength % 8 == 0 else { throw CheckpointError("corrupt array '\(messageExcerpt(name, limit: 40))'") }
                var payloadReader = ByteReader(bytes: payload, position: 0)
                var values: [Double] = []
                for _ in 0..<(payloadLength / 8) { values.append(Double(bitPattern: try payloadReader.word(UInt64.self))) }
                doubleArrays[name] = values
            default:
                throw CheckpointError("unknown section kind \(kind) for '\(messageExcerpt(name, limit: 40))'")
            }
        }
    }

    /// Writes the checkpoint atomically (temporary file, then rename).
    public func write(to url: URL) throws {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial")
        try data.write(to: temporary)
        // POSIX rename replaces the destination atomically.
        guard rename(temporary.path, url.path) == 0 else {
            throw CheckpointError("cannot move \(temporary.path) to \(url.path): \(String(cString: strerror(errno)))")
        }
    }

    /// Reads a checkpoint file.
    public init(contentsOf url: URL) throws(CheckpointError) {
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw CheckpointError("cannot read \(url.path): \(error.localizedDescription)") }
        try self.init(data: data)
    }
}

private func append<Word: FixedWidthInteger>(_ value: Word, to data: inout Data) {
    withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
}

private struct ByteReader {
    let bytes: [UInt8]
    var position: Int

    var isAtEnd: Bool { position >= bytes.count }

    mutating func byte() throws(CheckpointError) -> UInt8 {
        guard position < bytes.count else { throw CheckpointError("checkpoint is truncated") }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func bytes(_ count: Int) throws(CheckpointError) -> [UInt8] {
        guard count >= 0, count <= bytes.count - position else { throw CheckpointError("checkpoint is truncated") }
        defer { position += count }
        return Array(bytes[position..<(position + count)])
    }

    mutating func word<Word: FixedWidthInteger>(_ type: Word.Type) throws(CheckpointError) -> Word {
        let raw = try bytes(MemoryLayout<Word>.size)
        var value: Word = 0
        for (index, byte) in raw.enumerated() { value |= Word(byte) << (8 * index) }
        return value
    }
}
