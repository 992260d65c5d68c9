import Foundation
import Testing

/// The layers of docs/architecture.md, checked against the source: what each target imports, and
/// that the report modules read runs through Learning's API rather than re-declaring its types.
@Suite("Layering")
struct LayeringTests {
    /// The modules each target may import, besides the platform's (Foundation, Glibc, Dispatch,
    /// Synchronization). Lower layers first; a target may import only modules listed above it.
    static let allowedImports: KeyValuePairs<String, Set<String>> = [
        "JSON": [],
        "Randomness": [],
        "Arithmetic": ["_CGMP", "_CFlint"],
        "FiniteMDP": ["JSON", "Arithmetic", "Randomness"],
        "Solvers": ["Arithmetic", "FiniteMDP"],
        "Bifurcation": ["JSON", "Arithmetic", "FiniteMDP", "Solvers"],
        "Environments": ["Randomness"],
        // Gymnasium environments hosted by Python (issue 13).
        "GymnasiumBridge": ["Environments"],
        "Twins": ["JSON", "Arithmetic", "FiniteMDP", "Environments"],
        // The environments' C ABI for python/, deep twins included (issue 13).
        "EnvironmentsCABI": ["Environments", "Twins"],
        "Learning": ["JSON", "_COpenBLAS", "Environments", "GymnasiumBridge", "Randomness"],
        "Plotting": [],
        "Analysis": ["JSON", "Plotting", "Arithmetic", "FiniteMDP", "Solvers", "Environments", "Twins", "Learning"],
        "Reports": ["Plotting", "Analysis", "Arithmetic", "FiniteMDP", "Solvers", "Bifurcation", "Environments", "Twins"],
        "Studies": ["Arithmetic", "FiniteMDP", "Solvers", "Twins", "Learning", "Plotting", "Analysis", "Reports"],
        "Sweeps": ["JSON", "FiniteMDP"],
        "MaxEntCLI": [
            "JSON", "Randomness", "Arithmetic", "FiniteMDP", "Solvers", "Bifurcation", "Environments", "GymnasiumBridge", "Twins", "Learning",
            "Analysis", "Reports", "Studies", "Sweeps", "ArgumentParser",
        ],
        "maxent": ["MaxEntCLI"],
        "bifurcate": ["MaxEntCLI"],
    ]
    static let platformModules: Set<String> = ["Foundation", "Glibc", "Darwin", "Dispatch", "Synchronization"]
    static let cModules: Set<String> = ["_CGMP", "_CFlint", "_COpenBLAS"]

    @Test("every target imports only the layers below it")
    func importsFollowTheLayers() throws {
        let repository = Repository()
        let sources = repository.root.appendingPathComponent("Sources")
        let targets = try FileManager.default.contentsOfDirectory(atPath: sources.path)
            .filter { !$0.hasPrefix(".") && !Self.cModules.contains($0) }
        let known = Set(Self.allowedImports.map(\.key))
        #expect(Set(targets).subtracting(known).isEmpty, "targets missing from the layer table: \(Set(targets).subtracting(known).sorted())")
        var violations: [String] = []
        for (target, allowed) in Self.allowedImports {
            for (file, module) in try Self.imports(in: sources.appendingPathComponent(target), root: repository.root)
            where !allowed.contains(module) && !Self.platformModules.contains(module) {
                violations.append("\(file) imports \(module)")
            }
        }
        #expect(violations.isEmpty, "\(violations.joined(separator: "\n"))")
    }

    @Test("only Arithmetic and the certified solvers see GMP and FLINT, only Learning sees OpenBLAS")
    func cLibrariesStayBehindTheirWrappers() throws {
        for (target, allowed) in Self.allowedImports {
            let c = allowed.intersection(Self.cModules)
            switch target {
            case "Arithmetic", "Solvers": #expect(c.isSubset(of: ["_CGMP", "_CFlint"]))
            case "Learning": #expect(c == ["_COpenBLAS"])
            default: #expect(c.isEmpty, "\(target) may not import \(c.sorted())")
            }
        }
    }

    @Test("the report modules declare no type named like one of Learning's")
    func learningTypesAreNotCopied() throws {
        let repository = Repository()
        let sources = repository.root.appendingPathComponent("Sources")
        let learning = try Self.declaredTypes(in: sources.appendingPathComponent("Learning"), root: repository.root)
        let names = Set(learning.map(\.name))
        var copies: [String] = []
        for target in ["Plotting", "Analysis", "Reports"] {
            for declaration in try Self.declaredTypes(in: sources.appendingPathComponent(target), root: repository.root)
            where names.contains(declaration.name) {
                copies.append("\(declaration.file) declares \(declaration.name)")
            }
        }
        #expect(copies.isEmpty, "\(copies.joined(separator: "\n"))")
        #expect(names.isSuperset(of: ["TrainedAgent", "RunDirectory", "Learner", "SAC", "PPO"]))
    }

    @Test("the checks see a forbidden import and a copied type")
    func checksCatchViolations() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("layering-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("import Foundation\n@testable import Learning\nimport _CFlint\n\nprivate enum Learner {\n    case sac\n}\n".utf8)
            .write(to: folder.appendingPathComponent("Leak.swift"))
        #expect(try Self.imports(in: folder, root: folder).map(\.module) == ["Foundation", "Learning", "_CFlint"])
        #expect(try Self.declaredTypes(in: folder, root: folder).map(\.name) == ["Learner"])
    }

    /// Every `import M` (with any attributes before it) in the Swift files below `folder`.
    static func imports(in folder: URL, root: URL) throws -> [(file: String, module: String)] {
        let pattern = try Regex(#"^(?:@[\w]+(?:\([^)]*\))?\s+)*import\s+(?:(?:struct|class|enum|func|var|let|protocol|typealias)\s+)?([A-Za-z_][\w]*)"#)
        return try swiftLines(in: folder, root: root).compactMap { file, line in
            line.firstMatch(of: pattern).flatMap { $0.output[1].substring }.map { (file, String($0)) }
        }
    }

    /// Every type declared at the start of a line (any access level) in the Swift files below `folder`.
    static func declaredTypes(in folder: URL, root: URL) throws -> [(file: String, name: String)] {
        let pattern = try Regex(#"^\s*(?:(?:public|package|internal|fileprivate|private|final|indirect)\s+)*(?:struct|class|enum|actor|protocol)\s+([A-Za-z_]\w*)"#)
        return try swiftLines(in: folder, root: root).compactMap { file, line in
            line.firstMatch(of: pattern).flatMap { $0.output[1].substring }.map { (file, String($0)) }
        }
    }

    private static func swiftLines(in folder: URL, root: URL) throws -> [(file: String, line: String)] {
        guard let walker = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        var lines: [(String, String)] = []
        for case let path as String in walker where path.hasSuffix(".swift") {
            let url = folder.appendingPathComponent(path)
            let file = url.path.replacingOccurrences(of: root.path + "/", with: "")
            for line in try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n") {
                lines.append((file, line))
            }
        }
        return lines
    }
}
