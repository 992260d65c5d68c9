import CommandLineTestSupport
import Foundation
import Testing

@Test func solveShowsTheExactStandardValueAndCertifiedSoftPolicy() throws {
    let file = try temporaryFile(toyJSON)
    let result = try run("maxent", ["solve", file, "--alpha", "1/5"])
    #expect(result.status == 0)
    #expect(result.standardOutput.contains("s0      99/100   left"))
    #expect(result.standardOutput.contains("certified enclosures, every width ≤ 1e-30"))
    #expect(result.standardOutput.contains("left 0.999509914632886094963944190535"))
}

@Test func solveWritesParseableJSON() throws {
    let file = try temporaryFile(toyJSON)
    let result = try run("maxent", ["solve", file, "--alpha", "0.2", "--json"])
    #expect(result.status == 0)
    let document = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
    let standard = document?["standard"] as? [String: Any]
    let states = standard?["states"] as? [String: Any]
    #expect((states?["s0"] as? [String: Any])?["value"] as? String == "99/100")
    #expect((document?["soft"] as? [String: Any])?["certified"] as? Bool == true)
}

@Test func uncertifiedModeSaysSo() throws {
    let file = try temporaryFile(toyJSON)
    let result = try run("maxent", ["solve", file, "--alpha", "1/5", "--uncertified"])
    #expect(result.status == 0)
    #expect(result.standardOutput.contains("UNCERTIFIED"))
}

@Test func badSolveArgumentsAreUsageErrors() throws {
    let file = try temporaryFile(toyJSON)
    expectInputError(try run("maxent", ["solve", file, "--alpha", "0"]), mentioning: "--alpha must be positive")
    expectInputError(try run("maxent", ["solve", file, "--alpha=-1/5"]), mentioning: "--alpha must be positive")
    expectInputError(try run("maxent", ["solve", file, "--alpha", "abc"]), mentioning: "abc")
    expectInputError(try run("maxent", ["solve", file, "--tolerance", "0"]), mentioning: "--tolerance must be positive")
    expectInputError(try run("maxent", ["solve", file, "--horizon", "-3"]), mentioning: "--horizon")
    expectInputError(try run("maxent", ["solve", file, "--frobnicate"]), mentioning: "frobnicate")
    expectInputError(try run("maxent", ["solve"]), mentioning: "file")
}

@Test func badFilesAreInputErrorsWithTheirPath() throws {
    let missing = FileManager.default.temporaryDirectory.appendingPathComponent("no-such-file.json").path
    expectInputError(try run("maxent", ["solve", missing]), mentioning: "no-such-file.json")
    let notJSON = try temporaryFile("this is not json")
    expectInputError(try run("maxent", ["solve", notJSON]), mentioning: notJSON)
    let badSum = try temporaryFile(toyJSON.replacingOccurrences(of: #""next": { "s1": 1 }"#, with: #""next": { "s1": "9/10" }"#))
    expectInputError(try run("maxent", ["solve", badSum]), mentioning: "states[0].actions[0].next: probabilities sum to 9/10, not 1")
    let empty = try temporaryFile("")
    expectInputError(try run("maxent", ["solve", empty]), mentioning: "empty")
}

@Test func criticalAlphaBracketsTheToyTemperature() throws {
    let file = try temporaryFile(toyJSON)
    let result = try run("maxent", ["critical-alpha", file, "--state", "s0", "--range", "1/10,10", "--tolerance", "1e-20"])
    #expect(result.status == 0)
    #expect(result.standardOutput.contains("crosses 1/2 1 time(s)"))
    #expect(result.standardOutput.contains("α* ∈ [0.8685889639138633156"))
}

@Test func criticalAlphaRefusesImpossibleRequests() throws {
    let file = try temporaryFile(toyJSON)
    expectInputError(try run("maxent", ["critical-alpha", file, "--state", "win"]), mentioning: "terminal")
    expectInputError(try run("maxent", ["critical-alpha", file, "--state", "nowhere"]), mentioning: "no state named \"nowhere\"")
    expectInputError(try run("maxent", ["critical-alpha", file, "--range", "0,1"]), mentioning: "positive")
    expectInputError(try run("maxent", ["critical-alpha", file, "--range", "2,1"]), mentioning: "lo must be smaller")
    expectInputError(try run("maxent", ["critical-alpha", file, "--range", "1"]), mentioning: "'lo,hi'")
}

/// Files a user names are read with a size cap: an endless device or a huge file is refused in one
/// line (exit 2) instead of exhausting memory, and the message names the variable that raises it.
@Test(arguments: [
    ["solve", "/dev/zero"],
    ["env", "rollout", "--env", "toy", "--seed", "1", "--actions", "/dev/zero"],
    ["train", "--env", "mdp:/dev/zero", "--algo", "sac", "--out", "/tmp/maxent-never-written"],
    ["verify-certificate", "/dev/zero"],
])
func endlessInputFilesAreRefusedAtTheLimit(arguments: [String]) throws {
    let result = try run("maxent", arguments, environment: ["MAXENT_MAX_INPUT_MIB": "1"])
    #expect(result.status == 2)
    #expect(result.standardError.hasSuffix("/dev/zero: larger than the 1 MiB input limit (set MAXENT_MAX_INPUT_MIB to raise it)\n"))
    #expect(result.standardError.split(separator: "\n").count == 1)
    #expect(!FileManager.default.fileExists(atPath: "/tmp/maxent-never-written"))
}
