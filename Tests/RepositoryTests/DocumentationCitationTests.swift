import Foundation
import Testing

/// Every `§` reference in the repository must point at a section of a page in `docs/` that exists,
/// so that a user who clones the repository can follow each one.
@Suite("Documentation citations")
struct DocumentationCitationTests {
    @Test("every § citation in Sources, Tests, README, proofs, examples, Benchmarks and docs names an existing section")
    func everyCitationResolves() throws {
        let repository = Repository()
        let index = try repository.sectionIndex()
        var problems: [String] = []
        var citations = 0
        for file in try repository.citingFiles() {
            let text = try String(contentsOf: repository.root.appendingPathComponent(file), encoding: .utf8)
            let defaultPage = file.hasPrefix("docs/") ? file : nil
            let found = try CitationChecker.problems(in: text, file: file, defaultPage: defaultPage, sections: index)
            problems += found.problems
            citations += found.citations
        }
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        // The code cites the docs throughout; finding almost none would mean the scan is broken.
        #expect(citations > 150)
    }

    @Test("the checker rejects a missing section, a bare §, a page outside docs/ and a path outside the repository")
    func checkerRejectsBadCitations() throws {
        let sections = ["docs/theory.md": Set(["1", "4", "4.2"])]
        func problems(_ text: String) throws -> [String] {
            try CitationChecker.problems(in: text, file: "x.swift", defaultPage: nil, sections: sections).problems
        }
        #expect(try problems("// Bif(M, s, p) (docs/theory.md §4.2), then §4 and §1.").isEmpty)
        #expect(try problems("// RFC 8259 §8.1 allows it.").isEmpty)
        // An item of a numbered list under a heading is a section too: §8.6 is item 6 of §8.
        let listed = ["docs/experiments.md": Set(["8", "8.6"])]
        #expect(try CitationChecker.problems(
            in: "(docs/experiments.md §8.6)", file: "x", defaultPage: nil, sections: listed).problems.isEmpty)
        // In a page of docs/, a bare § after a line that names another page refers to the page itself.
        let twoPages = ["docs/theory.md": Set(["1"]), "docs/experiments.md": Set(["2"])]
        #expect(try CitationChecker.problems(
            in: "see docs/theory.md §1\nthen §2", file: "docs/experiments.md", defaultPage: "docs/experiments.md",
            sections: twoPages).problems.isEmpty)
        #expect(try !problems("// see docs/theory.md §4.3").isEmpty)
        #expect(try !problems("// §4 before any page is named").isEmpty)
        #expect(try !problems("// theory.md §4").isEmpty)
        #expect(try !problems("// spec §4").isEmpty)
        #expect(try !problems("// ../" + "shared/" + "spec/theory.md").isEmpty)
        #expect(try !problems("// docs/missing.md §1").isEmpty)
    }
}

/// Finds the `§` references of one file and checks them against the sections of `docs/`.
enum CitationChecker {
    static let pages = ["theory", "environments", "experiments", "mdp-format", "architecture"]
    /// Where the specifications lived before docs/ existed, outside the repository (spelled in
    /// pieces so that this file does not match the grep that looks for them).
    static let outsidePaths = ["shared" + "/spec", "../" + "shared"]

    /// A bare `§x.y` refers to the page most recently named before it in the same file; in a page of
    /// docs/ it refers to a page named earlier on the same line, else to the page itself.
    static func problems(
        in text: String, file: String, defaultPage: String?, sections: [String: Set<String>]
    ) throws -> (problems: [String], citations: Int) {
        var problems: [String] = []
        var citations = 0
        let barePage = try Regex("(^|[^/\\w-])(\(pages.joined(separator: "|")))\\.md")
        for (number, line) in text.components(separatedBy: "\n").enumerated() {
            let location = "\(file):\(number + 1)"
            if outsidePaths.contains(where: line.contains) {
                problems.append("\(location): points outside the repository: \(line.trimmed)")
            }
            if line.firstMatch(of: barePage) != nil {
                problems.append("\(location): cites a page without its docs/ path: \(line.trimmed)")
            }
            if line.contains("spec §") {
                problems.append("\(location): cites \"spec\" instead of a page of docs/: \(line.trimmed)")
            }
        }
        // Walk the whole text so that a page named on one line covers the § references that follow it.
        let tokens = try Regex("docs/([\\w-]+)\\.md|(RFC \\d+ )?§\\s?(\\d+(?:\\.\\d+)*)")
        var page = defaultPage
        var pageLine = 0
        for match in text.matches(of: tokens) {
            let lineNumber = text[..<match.range.lowerBound].count(where: { $0 == "\n" }) + 1
            let location = "\(file):\(lineNumber)"
            if defaultPage != nil, lineNumber != pageLine { page = defaultPage }
            if let name = match.output[1].substring {
                page = "docs/\(name).md"
                pageLine = lineNumber
                if sections[page!] == nil {
                    problems.append("\(location): \(page!) does not exist")
                }
                continue
            }
            guard match.output[2].substring == nil, let section = match.output[3].substring else { continue }
            citations += 1
            guard let page else {
                problems.append("\(location): §\(section) names no page of docs/ before it")
                continue
            }
            if let known = sections[page], !known.contains(String(section)) {
                problems.append("\(location): \(page) has no section \(section)")
            }
        }
        return (problems, citations)
    }
}

/// The repository this test file lives in.
struct Repository {
    let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The sections of every page in docs/: its numbered headings (`## 4.`, `### 4.2 …`), and the
    /// items of a numbered list directly under a heading (item 6 under `## 8.` is section 8.6).
    func sectionIndex() throws -> [String: Set<String>] {
        var index: [String: Set<String>] = [:]
        let heading = try Regex("^#+\\s+(\\d+(?:\\.\\d+)*)\\.?\\s")
        let listItem = try Regex("^(\\d+)\\.\\s")
        for name in try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("docs").path)
        where name.hasSuffix(".md") {
            let text = try String(contentsOf: root.appendingPathComponent("docs/\(name)"), encoding: .utf8)
            var sections: Set<String> = []
            var current: String?
            for line in text.components(separatedBy: "\n") {
                if let number = line.firstMatch(of: heading)?.output[1].substring {
                    current = String(number)
                    sections.insert(String(number))
                } else if line.hasPrefix("#") {
                    current = nil
                } else if let current, let item = line.firstMatch(of: listItem)?.output[1].substring {
                    sections.insert("\(current).\(item)")
                }
            }
            index["docs/\(name)"] = sections
        }
        return index
    }

    /// The text files that may cite docs/: Sources, Tests, proofs, examples, Benchmarks, docs and README.md.
    func citingFiles() throws -> [String] {
        let extensions: Set<String> = ["swift", "md", "py", "sh", "txt"]
        var files = ["README.md"]
        for folder in ["Sources", "Tests", "proofs", "examples", "Benchmarks", "docs"] {
            guard let walker = FileManager.default.enumerator(atPath: root.appendingPathComponent(folder).path) else { continue }
            for case let path as String in walker where extensions.contains((path as NSString).pathExtension) {
                // This folder's tests hold deliberately bad citations.
                if folder == "Tests", path.hasPrefix("RepositoryTests/") { continue }
                files.append("\(folder)/\(path)")
            }
        }
        return files.sorted()
    }
}

extension String {
    fileprivate var trimmed: String { trimmingCharacters(in: .whitespaces) }
}
