import CommandLineTestSupport
import FiniteMDP
import Foundation
import Testing

@Suite struct TwinCommandTests {
    static let examples = String(#filePath.split(separator: "/", omittingEmptySubsequences: false).dropLast(3).joined(separator: "/")) + "/examples"

    @Test func theToyTwinsCounterpartIsWrittenAndIsTheToyFile() throws {
        let out = try temporaryFile("", name: "counterpart.json")
        let result = try run("maxent", ["twin", "\(Self.examples)/toy.json", "--layout", "\(Self.examples)/toy-layout.json", "--counterpart", out])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("s1\tprecise\t(-1/10, 1/10)\t1/5\t1/5"))
        #expect(try MDP(contentsOfFile: out) == MDP(contentsOfFile: "\(Self.examples)/toy.json"))
    }

    @Test func badLayoutsAreOneLineInputErrors() throws {
        func layout(_ states: String) throws -> String {
            try temporaryFile("{\"format\": \"maxent-twin-layout/1\", \"states\": {\(states)}}", name: "layout.json")
        }
        let toy = "\(Self.examples)/toy.json"
        expectInputError(try run("maxent", ["twin", toy, "--layout", layout(#""s0": {"left": "[-1, 0]", "right": "[0, 1]"}"#)]),
                         mentioning: "states.s0: intervals [-1, 0] (left) and [0, 1] (right) overlap")
        expectInputError(try run("maxent", ["twin", toy, "--layout", layout(#""s0": {"left": "[-1, 0)", "right": "(0, 1]"}"#)]),
                         mentioning: "leave a gap between them")
        expectInputError(try run("maxent", ["twin", toy, "--layout", layout(#""s1": {"precise": "[-1, 0)", "sharp": "[0, 1]"}"#)]),
                         mentioning: #"states.s1.sharp: state "s1" has no action "sharp""#)
    }

    @Test func missingFilesAndUnknownStatesAreOneLineInputErrors() throws {
        expectInputError(try run("maxent", ["env", "rollout", "--env", "mdp:/no/such/file.json", "--seed", "1", "--policy", "zero"]),
                         mentioning: "/no/such/file.json: cannot read the file")
        expectInputError(try run("maxent", ["train", "--env", "mdp:/no/such/file.json", "--algo", "sac"]),
                         mentioning: "/no/such/file.json: cannot read the file")
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("study-\(UUID().uuidString)").path
        expectInputError(try run("maxent", ["study", "temperature", "--mdp", "\(Self.examples)/toy.json", "--state", "s9",
                                            "--alphas", "1", "--seeds", "1", "--out", out]),
                         mentioning: #"--state: no state named "s9""#)
        expectInputError(try run("maxent", ["study", "temperature", "--mdp", "\(Self.examples)/toy.json", "--alphas", "1,-2",
                                            "--seeds", "1", "--out", out]),
                         mentioning: "--alphas: '-2' is not a positive exact number")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func aTwinRollsOutThroughTheEnvCommand() throws {
        let twin = try run("maxent", ["env", "rollout", "--env", "mdp:\(Self.examples)/toy.json,layout=\(Self.examples)/toy-layout.json",
                                      "--seed", "1", "--policy", "random"])
        let toy = try run("maxent", ["env", "rollout", "--env", "toy", "--seed", "1", "--policy", "random"])
        #expect(twin.status == 0 && toy.status == 0)
        // The same steps; only the header line names the environment.
        #expect(twin.standardOutput.split(separator: "\n").dropFirst() == toy.standardOutput.split(separator: "\n").dropFirst())
    }
}
