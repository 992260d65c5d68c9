import Testing
@testable import JSON

@Suite("JSON parser")
struct JSONParserTests {
    private func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        try JSONValue(parsing: Array(text.utf8))
    }

    private func parseError(_ text: String) -> JSONParseError? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func parsesEveryKindOfValueKeepingOrderAndNumberText() throws {
        let value = try parse(#" { "b": [1, -0.10, 2.5E+10, 1e-3], "a": {"x": null, "y": true, "z": false}, "s": "t" } "#)
        #expect(value == .object([
            ("b", .array([.number("1"), .number("-0.10"), .number("2.5E+10"), .number("1e-3")])),
            ("a", .object([("x", .null), ("y", .bool(true)), ("z", .bool(false))])),
            ("s", .string("t")),
        ]))
    }

    @Test func keepsHugeIntegersAsText() throws {
        let digits = String(repeating: "9", count: 400)
        #expect(try parse(digits) == .number(digits))
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let value = try parse(#""q\" b\\ s\/ \b\f\n\r\t \u00e9 \uD83D\uDE00 é 😀""#)
        #expect(value == .string("q\" b\\ s/ \u{08}\u{0C}\n\r\t é 😀 é 😀"))
    }

    @Test func rejectsUnpairedSurrogates() {
        #expect(parseError(#""\uD83D""#)?.message == "line 1, column 2: unpaired surrogate in a \\u escape")
        #expect(parseError(#""\uDE00x""#)?.message == "line 1, column 2: unpaired surrogate in a \\u escape")
        #expect(parseError(#""\uD83D\u0041""#)?.message == "line 1, column 2: unpaired surrogate in a \\u escape")
    }

    @Test func rejectsInvalidUTF8() {
        for bytes: [UInt8] in [[0x22, 0xFF, 0x22], [0x22, 0xC0, 0xAF, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xE2, 0x82]] {
            #expect(throws: JSONParseError(path: "", message: "line 1, column 2: invalid UTF-8 in a string")) {
                try JSONValue(parsing: bytes)
            }
        }
    }

    @Test func locatesSyntaxErrorsByLineAndColumn() {
        let text = """
            {
              "a": 1,
              "b": [1, 2] "c": 3
            }
            """
        #expect(parseError(text) == JSONParseError(path: "", message: "line 3, column 15: expected ',' or '}', found '\"'"))
        // Columns count characters, not UTF-8 bytes.
        #expect(parseError("[\"é\" 1]")?.message == "line 1, column 6: expected ',' or ']', found '1'")
    }

    @Test(arguments: [
        ("", "line 1, column 1: expected a JSON value, found the end of the input"),
        ("hello", "line 1, column 1: expected a JSON value, found 'h'"),
        ("{} x", "line 1, column 4: unexpected 'x' after the JSON value"),
        ("[1,]", "line 1, column 4: expected a JSON value, found ']'"),
        ("{\"a\":1,}", "line 1, column 8: expected a string key, found '}'"),
        ("{\"a\" 1}", "line 1, column 6: expected ':' after the key \"a\", found '1'"),
        ("[1 2]", "line 1, column 4: expected ',' or ']', found '2'"),
        ("01", "line 1, column 2: a JSON number must not have a leading zero"),
        ("-x", "line 1, column 2: expected a digit after '-', found 'x'"),
        ("1.", "line 1, column 3: expected a digit after '.', found the end of the input"),
        ("1e+", "line 1, column 4: expected a digit in the exponent, found the end of the input"),
        ("NaN", "line 1, column 1: expected a JSON value, found 'N'"),
        ("tru", "line 1, column 1: expected a JSON value, found 't'"),
        ("\"abc", "line 1, column 5: unterminated string"),
        ("\"a\nb\"", "line 1, column 3: control character U+000A in a string must be escaped"),
        ("\"\\x\"", "line 1, column 3: invalid escape '\\x' in a string"),
        ("\"\\u12G4\"", "line 1, column 6: expected four hexadecimal digits after \\u, found 'G'"),
        ("[1]]", "line 1, column 4: unexpected ']' after the JSON value"),
    ])
    func rejectsMalformedDocuments(text: String, message: String) {
        #expect(parseError(text) == JSONParseError(path: "", message: message))
    }

    @Test func namesTheObjectOfADuplicateKey() {
        let text = #"{"states": [{"actions": [{}, {"next": {"s1": 1, "s2": 1, "s1": 2}}]}]}"#
        #expect(parseError(text) == JSONParseError(path: "states[0].actions[1].next", message: #"duplicate key "s1""#))
        #expect(parseError(#"{"a": 1, "a": 1}"#)?.description == #"duplicate key "a""#)
        #expect(parseError(#"{"odd key": {"x": 1, "x": 2}}"#)?.path == #"["odd key"]"#)
    }

    @Test func acceptsNestingUpToTheLimit() throws {
        let depth = JSONValue.maximumNestingDepth
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        _ = try parse(text)
    }

    @Test func rejectsDeeperNestingWithoutExhaustingTheStack() {
        let limit = JSONValue.maximumNestingDepth
        let justTooDeep = String(repeating: "[", count: limit + 1) + String(repeating: "]", count: limit + 1)
        #expect(parseError(justTooDeep)?.message == "line 1, column \(limit + 1): objects and arrays are nested more than \(limit) levels deep")
        let hostile = String(repeating: "{\"a\":", count: 200_000)
        #expect(parseError(hostile)?.message.hasSuffix("nested more than \(limit) levels deep") == true)
    }

    @Test func ignoresAByteOrderMark() throws {
        #expect(try JSONValue(parsing: [0xEF, 0xBB, 0xBF] + Array("[true]".utf8)) == .array([.bool(true)]))
    }

    @Test func writtenTextParsesBackToTheSameValue() throws {
        let value = JSONValue.object([
            ("name \"quoted\"\n", .string("tab\t, nul \u{0}, é, 😀")),
            ("list", .array([.number("1e-3"), .null, .array([]), .object([])])),
            ("nested", .object([("x", .bool(false))])),
        ])
        #expect(try JSONValue(parsing: Array(value.jsonText().utf8)) == value)
    }
}
