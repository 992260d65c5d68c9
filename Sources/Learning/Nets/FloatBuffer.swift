/// A fixed-size, zero-initialised block of Float32 memory with a stable address.
///
/// Networks, optimisers and workspaces allocate their buffers once, as `FloatBuffer`s, and the
/// update loop only reads and writes them through `pointer`. A buffer is written by at most one
/// worker at a time; that discipline, not the type system, is what makes sharing it safe.
public final class FloatBuffer: @unchecked Sendable {
    public let count: Int
    public let pointer: UnsafeMutablePointer<Float>

    public init(count: Int) {
        precondition(count >= 0, "FloatBuffer: negative size")
        self.count = count
        pointer = .allocate(capacity: max(count, 1))
        pointer.initialize(repeating: 0, count: max(count, 1))
    }

    public convenience init(_ values: [Float]) {
        self.init(count: values.count)
        _ = UnsafeMutableBufferPointer(start: pointer, count: values.count).update(fromContentsOf: values)
    }

    deinit {
        pointer.deallocate()
    }

    public subscript(index: Int) -> Float {
        get { pointer[index] }
        set { pointer[index] = newValue }
    }

    public var buffer: UnsafeMutableBufferPointer<Float> { UnsafeMutableBufferPointer(start: pointer, count: count) }

    /// The contents as an array (a copy).
    public var array: [Float] { Array(UnsafeBufferPointer(start: pointer, count: count)) }

    public func fill(_ value: Float) {
        pointer.update(repeating: value, count: count)
    }

    /// Overwrites the contents with those of `other`, which must have the same size.
    public func copy(from other: FloatBuffer) {
        precondition(other.count == count, "FloatBuffer: size mismatch")
        pointer.update(from: other.pointer, count: count)
    }

    /// Overwrites the contents with `values`, which must have the same size.
    public func copy(from values: [Float]) {
        precondition(values.count == count, "FloatBuffer: size mismatch")
        _ = UnsafeMutableBufferPointer(start: pointer, count: count).update(fromContentsOf: values)
    }

    /// Polyak averaging toward `source`: `self ← τ·source + (1 − τ)·self`, in the operand order of
    /// tianshou's `soft_update`.
    public func blend(toward source: FloatBuffer, rate tau: Float) {
        precondition(source.count == count, "FloatBuffer: size mismatch")
        let keep = 1 - tau
        for index in 0..<count {
            pointer[index] = tau * source.pointer[index] + keep * pointer[index]
        }
    }

    /// Whether every element is finite: x·0 is 0 for finite x and NaN otherwise, so one sum tells.
    public var isFinite: Bool {
        var sum: Float = 0
        for index in 0..<count { sum += pointer[index] * 0 }
        return sum == 0
    }
}
