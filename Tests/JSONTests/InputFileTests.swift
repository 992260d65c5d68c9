import Foundation
import JSON
import Testing

/// The capped reader of user-named files: exact contents, and a refusal instead of reading a huge
/// file or an endless device into memory.
@Suite struct InputFileTests {
    static func file(_ bytes: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("input-\(UUID().uuidString)").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func readsTheWholeFileUpToTheLimitInclusive() throws {
        let bytes = (0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let path = try Self.file(bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try InputFile.contents(atPath: path, limit: bytes.count) == bytes)
        #expect(throws: InputFile.ReadError.self) { try InputFile.contents(atPath: path, limit: bytes.count - 1) }
    }

    @Test func aLargerRegularFileIsRefusedWithTheLimitAndTheVariable() throws {
        let path = try Self.file([UInt8](repeating: 7, count: 3 << 20))
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try InputFile.contents(atPath: path, limit: 2 << 20)
            Issue.record("a 3 MiB file passed a 2 MiB limit")
        } catch {
            #expect(error.description == "larger than the 2 MiB input limit (set MAXENT_MAX_INPUT_MIB to raise it)")
        }
    }

    @Test func anEndlessDeviceStopsAtTheLimit() {
        do {
            _ = try InputFile.contents(atPath: "/dev/zero", limit: 100_000)
            Issue.record("/dev/zero was read to the end")
        } catch {
            #expect(error.description == "larger than the 100000-byte input limit (set MAXENT_MAX_INPUT_MIB to raise it)")
        }
    }

    @Test func missingFilesAndDirectoriesSayWhy() {
        #expect(throws: InputFile.ReadError.self) { try InputFile.contents(atPath: "/no/such/file.json") }
        do { _ = try InputFile.contents(atPath: "/no/such/file.json") } catch {
            #expect(error.description == "cannot read the file: No such file or directory")
        }
        do { _ = try InputFile.contents(atPath: "/") } catch { #expect(error.description == "cannot read the file: Is a directory") }
    }

    @Test func theLimitComesFromAPositiveNumberOfMebibytes() {
        #expect(InputFile.limitBytes(fromVariable: nil) == 512 << 20)
        #expect(InputFile.limitBytes(fromVariable: "3") == 3 << 20)
        for ignored in ["0", "-4", "lots", ""] { #expect(InputFile.limitBytes(fromVariable: ignored) == 512 << 20) }
        #expect(InputFile.limitBytes(fromVariable: "\(Int.max)") == .max)
    }
}
