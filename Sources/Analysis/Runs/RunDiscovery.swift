import Foundation

/// Finds the run directories named on the command line: a directory with a `config.json` is a
/// run; any other directory is searched (a few levels deep) for runs, so that a study's parent
/// folder can be given instead of every run.
public enum RunDiscovery {
    static let searchDepth = 4

    /// The run directories under `paths`, in sorted order within each path, without repeats.
    public static func runDirectories(_ paths: [String]) throws(ReportError) -> [String] {
        var found: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ReportError("\(path): no such run directory")
            }
            guard isDirectory.boolValue else { throw ReportError("\(path): not a directory (expected a run directory)") }
            let runs = search(normalized(path), depth: 0)
            guard !runs.isEmpty else {
                throw ReportError("\(path): not a run directory (no config.json), and none below it")
            }
            for run in runs where !found.contains(run) { found.append(run) }
        }
        return found
    }

    private static func normalized(_ path: String) -> String {
        var path = path
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        return path
    }

    private static func search(_ directory: String, depth: Int) -> [String] {
        let manager = FileManager.default
        if manager.fileExists(atPath: directory + "/config.json") { return [directory] }
        guard depth < searchDepth, let entries = try? manager.contentsOfDirectory(atPath: directory) else { return [] }
        return entries.sorted().filter { !$0.hasPrefix(".") }.flatMap { entry -> [String] in
            let child = directory == "/" ? "/" + entry : directory + "/" + entry
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: child, isDirectory: &isDirectory), isDirectory.boolValue else { return [] }
            return search(child, depth: depth + 1)
        }
    }
}
