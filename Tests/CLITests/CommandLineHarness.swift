import FiniteMDP
import Foundation

import CommandLineTestSupport

/// Writes `text` to a fresh temporary file and returns its path.
func temporaryFile(_ text: String, name: String = "mdp.json") throws -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("maxent-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let url = directory.appendingPathComponent(name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
}

/// The toy twin of docs/mdp-format.md.
let toyJSON = MDP.paperToyJSON
