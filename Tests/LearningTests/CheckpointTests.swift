import Foundation
import Learning
import Testing

/// The checkpoint file format: little-endian sections in key order, empty arrays included.
@Suite struct CheckpointTests {
    @Test func everyKindRoundTripsIncludingEmptyArrays() throws {
        var checkpoint = Checkpoint()
        checkpoint.arrays = ["empty": [], "weights": [1.5, -0.25, .leastNonzeroMagnitude, .greatestFiniteMagnitude]]
        checkpoint.integers = ["step": 12_345]
        checkpoint.numbers = ["alpha": 0.2]
        checkpoint.doubleArrays = ["noEpisode": [], "actions": [0.1, -0.3]]
        let bytes = checkpoint.data
        #expect(try Checkpoint(data: bytes) == checkpoint)
        // The weights' payload is the four floats' little-endian bit patterns, in order.
        let payload = [Float(1.5), -0.25, .leastNonzeroMagnitude, .greatestFiniteMagnitude]
            .flatMap { value in withUnsafeBytes(of: value.bitPattern.littleEndian) { Array($0) } }
        #expect(bytes.range(of: Data(payload)) != nil)
        // A restored empty array fills an empty buffer without touching memory.
        let buffer = FloatBuffer(count: 0)
        try Checkpoint(data: bytes).restore([("empty", buffer)])
    }
}
