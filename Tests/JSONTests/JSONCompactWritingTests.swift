import Testing
import JSON

@Suite("Compact JSON text")
struct JSONCompactWritingTests {
    static let document: JSONValue = .object([
        ("name", .string("tab\there \"quoted\" ü")), ("empty", .array([])), ("nothing", .object([])),
        ("values", .array([.number("1"), .number("-2.5e-3"), .null, .bool(true)])),
        ("nested", .object([("deeper", .array([.object([("k", .string("v"))])]))])),
    ])

    @Test("reads back as the same value, on one line with no whitespace outside strings")
    func roundTrip() throws {
        let text = Self.document.compactJSONText()
        #expect(try JSONValue(parsing: Array(text.utf8)) == Self.document)
        #expect(text.hasPrefix("{\"name\":\"tab\\there \\\"quoted\\\" ü\",\"empty\":[],\"nothing\":{},"))
        var outside = ""
        var inString = false, escaped = false
        for character in text {
            if inString {
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { inString = false }
            } else if character == "\"" {
                inString = true
            } else {
                outside.append(character)
            }
        }
        #expect(!outside.contains { $0.isWhitespace })
        // The same value as the indented writer gives, only laid out differently.
        #expect(try JSONValue(parsing: Array(Self.document.jsonText().utf8)) == JSONValue(parsing: Array(text.utf8)))
    }

    @Test("a floating-point number that JSON cannot hold becomes null")
    func nonFiniteNumbersAreNull() {
        let values = [1.5, .nan, .infinity, -.infinity, -0.25].map { JSONValue.number($0) { "\($0)" } }
        #expect(JSONValue.array(values).compactJSONText() == "[1.5,null,null,null,-0.25]")
    }
}
