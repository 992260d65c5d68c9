import CommandLineTestSupport
import Foundation
import Testing

@Test func bifurcateDefaultsToTheToyAndVerifiesBothClaims() throws {
    let result = try run("bifurcate", ["--target", "0.2,0.8"])
    #expect(result.status == 0)
    #expect(result.standardOutput.contains("standard-optimal action(s): left   (V*(s0) = 99/100, exact)"))
    #expect(result.standardOutput.contains("0.80000000000000000000000000000000"))
    #expect(result.standardOutput.contains("✓ standard optimal policy unchanged — verified exactly"))
    #expect(result.standardOutput.contains("✓ MaxEnt policy at s0 equals the target within ε — verified"))
    #expect(result.standardOutput.contains("exact admissibility rule"))
}

@Test func bifurcateWritesExtensionCertificateAndPrismThatCheckOut() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bifurcate-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let extended = directory.appendingPathComponent("extended.json").path
    let certificate = directory.appendingPathComponent("certificate.json").path
    let prism = directory.appendingPathComponent("extended.prism").path
    let result = try run("maxent", [
        "bifurcate", "--target", "1/3,2/3", "--alpha", "1/2", "--output", extended, "--certificate", certificate,
        "--prism", prism,
    ])
    #expect(result.status == 0)
    let solved = try run("maxent", ["solve", extended])
    #expect(solved.status == 0)
    #expect(solved.standardOutput.contains("s0 ") && solved.standardOutput.contains("99/100"))
    let checked = try run("maxent", ["verify-certificate", certificate])
    #expect(checked.status == 0)
    #expect(checked.standardOutput.contains("certificate verified from scratch"))
    #expect(checked.standardOutput.contains("standard-optimal actions at the added states (exact): m[s0,left]: "))
    #expect(try String(contentsOfFile: prism, encoding: .utf8).contains("mdp"))
}

@Test func bifurcateRefusals() throws {
    expectInputError(try run("bifurcate", ["--target", "0,1"]), mentioning: "never 0")
    expectInputError(try run("bifurcate", ["--target", "0.2,0.7"]), mentioning: "sums to 9/10, not exactly 1")
    expectInputError(try run("bifurcate", ["--target", "0.2,0.3,0.5"]), mentioning: "3 entries")
    expectInputError(try run("bifurcate", ["--target", "0.2,abc"]), mentioning: "--target: entry 2")
    expectInputError(try run("bifurcate", ["--target", "0.2,0.8", "--state", "win"]), mentioning: "terminal")
    expectInputError(try run("bifurcate", ["--target", "0.2,0.8", "--alpha", "0"]), mentioning: "α must be positive")
    expectInputError(try run("bifurcate", ["--target", "0.2,0.8", "--n2", "1,1", "--conservative"]), mentioning: "not admissible")
    expectInputError(try run("bifurcate", ["--target", "0.000001,0.999999", "--max-measure", "10"]), mentioning: "smallest achievable maximum")
    let undiscounted = try temporaryFile(toyJSON.replacingOccurrences(of: #""gamma": "99/100""#, with: #""gamma": 0"#))
    expectInputError(try run("bifurcate", ["--target", "0.2,0.8", "--mdp", undiscounted]), mentioning: "γ = 0")
    expectInputError(try run("bifurcate", []), mentioning: "--target")
}

@Test func tamperedCertificatesAreRejected() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("certificate-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let certificate = directory.appendingPathComponent("certificate.json").path
    #expect(try run("bifurcate", ["--target", "0.2,0.8", "--certificate", certificate]).status == 0)
    let text = try String(contentsOfFile: certificate, encoding: .utf8)
    let tampered = try temporaryFile(text.replacingOccurrences(of: "\"s1\": \"1\"", with: "\"s1\": \"2\""))
    let result = try run("maxent", ["verify-certificate", tampered])
    #expect(result.status == 1)
    #expect(result.standardError.contains("REJECTED"))
    expectInputError(try run("maxent", ["verify-certificate", try temporaryFile("{}")]), mentioning: "format")
}

@Test func bifurcateBuildsUndiscountedExtensionsThroughCycles() throws {
    let loop = try temporaryFile("""
        {"format": "maxent-mdp/1", "gamma": 1, "initial": "s", "states": [
          {"name": "s", "actions": [
            {"name": "go", "reward": 1, "next": {"back": 1}},
            {"name": "stop", "reward": 0, "next": {"end": 1}}]},
          {"name": "back", "actions": [{"name": "return", "reward": 0, "next": {"s": "1/2", "end": "1/2"}}]},
          {"name": "end"}]}
        """)
    let result = try run("bifurcate", ["--mdp", loop, "--target", "1/2,1/2", "--alpha", "1", "--json"])
    #expect(result.status == 0)
    #expect(result.standardOutput.contains("\"q\": \"1/2\""))
    #expect(result.standardOutput.contains("\"standardPolicyUnchanged\": true"))
    #expect(result.standardOutput.contains("\"standardOptimalAtMediocre\""))
}
