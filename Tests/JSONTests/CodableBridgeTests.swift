import Foundation
import JSON
import Testing

/// A configuration-like type exercising what synthesized conformances ask of a coder: nested
/// structs, optionals left out, arrays, an enumeration with associated values and a raw-value one.
private struct Sample: Codable, Equatable {
    enum Mode: String, Codable { case fast, exact }
    enum Scale: Codable, Equatable { case fixed(Double), learned(initial: Double, bounds: [Double]) }
    struct Inner: Codable, Equatable { var widths: [Int]; var rate: Double }

    var name: String
    var mode: Mode
    var seed: UInt64
    var count: Int8
    var ratio: Float
    var enabled: Bool
    var inner: Inner
    var scale: Scale
    var note: String?
    var limit: Int?
}

private let sample = Sample(
    name: "a \"quoted\"/slashed\nname é", mode: .exact, seed: .max, count: -128, ratio: 0.1, enabled: true,
    inner: .init(widths: [64, 64], rate: 3e-4), scale: .learned(initial: -1e-5, bounds: [-20, 2.5]), note: nil, limit: 7)

private func parse(_ text: String) throws -> JSONValue { try JSONValue(parsing: Array(text.utf8)) }

@Suite("Codable values through the exact JSON reader and writer")
struct CodableBridgeTests {
    @Test("encoding gives the same document as Foundation's sorted-key encoder")
    func encodingMatchesFoundation() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let foundation = try JSONValue(parsing: Array(try encoder.encode(sample)))
        #expect(try JSONValueEncoder().encode(sample) == foundation)
    }

    @Test("decoding agrees with Foundation's decoder, and encoding then decoding gives the value back")
    func decodingMatchesFoundation() throws {
        let text = #"{"limit": 7, "name": "x\u00e9", "mode": "fast", "seed": 18446744073709551615, "count": 3.0, "ratio": 0.5,"#
            + #" "enabled": false, "inner": {"widths": [1, 2], "rate": 1e-3}, "scale": {"fixed": {"_0": 2}}, "extra": [null]}"#
        let ours = try JSONValueDecoder().decode(Sample.self, from: try parse(text))
        #expect(ours == (try JSONDecoder().decode(Sample.self, from: Data(text.utf8))))
        #expect(ours.note == nil && ours.count == 3 && ours.scale == .fixed(2))
        #expect(try JSONValueDecoder().decode(Sample.self, from: try JSONValueEncoder().encode(sample)) == sample)
    }

    @Test("nil optionals leave their key out; members are sorted; whole floating-point numbers lose their .0")
    func writtenText() throws {
        struct Small: Codable { var b: Double; var a: Int?; var c: [Double] }
        #expect(try JSONValueEncoder().encode(Small(b: 2, a: nil, c: [0.1, -0.0])).compactJSONText() == #"{"b":2,"c":[0.1,-0]}"#)
        #expect(try JSONValueEncoder().encode(Small(b: 1.5, a: 3, c: [])).compactJSONText() == #"{"a":3,"b":1.5,"c":[]}"#)
        #expect(throws: EncodingError.self) { try JSONValueEncoder().encode(Small(b: .nan, a: nil, c: [])) }
        #expect(throws: EncodingError.self) { try JSONValueEncoder().encode([Double.infinity]) }
    }

    @Test("errors name the field and never round or wrap a number")
    func errorsNameTheField() throws {
        func error(_ text: String) throws -> DecodingError? {
            do { _ = try JSONValueDecoder().decode(Sample.self, from: try parse(text)); return nil } catch let error as DecodingError { return error }
        }
        let base = #""name": "x", "mode": "fast", "seed": 1, "count": 1, "ratio": 1, "enabled": true, "scale": {"fixed": {"_0": 2}}"#
        func path(_ error: DecodingError?) -> String {
            switch error {
            case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?, .dataCorrupted(let context)?:
                context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
            case .keyNotFound(let key, let context)?: (context.codingPath + [key]).map(\.stringValue).joined(separator: ".")
            default: "no error"
            }
        }
        #expect(path(try error("{" + base + "}")) == "inner")
        #expect(path(try error("{" + base + #", "inner": {"widths": [1, "2"], "rate": 1}}"#)) == "inner.widths.1")
        #expect(path(try error("{" + base + #", "inner": {"widths": [1.5], "rate": 1}}"#)) == "inner.widths.0")
        #expect(path(try error("{" + base + #", "inner": {"widths": [1e40], "rate": 1}}"#)) == "inner.widths.0")
        #expect(path(try error("{" + base + #", "inner": {"widths": [], "rate": null}}"#)) == "inner.rate")
        #expect(path(try error("{" + base + #", "inner": {"widths": [], "rate": 1e999}}"#)) == "inner.rate")
        let overflow = "{" + base.replacingOccurrences(of: #""count": 1"#, with: #""count": 128"#) + #", "inner": {"widths": [], "rate": 1}}"#
        #expect(path(try error(overflow)) == "count")
        #expect(try error("[1]").map { if case .typeMismatch = $0 { true } else { false } } == true)
    }
}
