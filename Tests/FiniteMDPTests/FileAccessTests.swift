import Foundation
import Testing
import FiniteMDP

@Suite("Atomic file writing")
struct FileAccessTests {
    private func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("FiniteMDPTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test func writesAndReplacesAFileLeavingNothingElseBehind() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("model.json").path
        try writeFileAtomically("first é\n", to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "first é\n")
        try writeFileAtomically("second", to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "second")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["model.json"])
    }

    @Test func reportsAnUnwritableDestinationAndLeavesNoTemporaryFile() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let missing = directory.appendingPathComponent("missing/model.json").path
        #expect(throws: FileWriteError.self) { try writeFileAtomically("x", to: missing) }
        do {
            try writeFileAtomically("x", to: missing)
        } catch {
            #expect(error.description == "cannot write \(missing): No such file or directory")
        }
        // Renaming a file over a directory fails after the temporary file was written.
        try FileManager.default.createDirectory(atPath: directory.appendingPathComponent("taken").path, withIntermediateDirectories: false)
        #expect(throws: FileWriteError.self) { try writeFileAtomically("x", to: directory.appendingPathComponent("taken").path) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["taken"])
    }
}
