import CommandLineTestSupport
import Foundation
import Testing

/// Valid but demanding MDP files on which `solve` used to die by a signal (SIGSEGV, SIGABRT, or
/// the kernel's out-of-memory kill): γ near 1 with rewards ±10⁶ and measures 10^∓30, γ = 1 with
/// termination probability 10⁻¹², and 40 random states with rewards up to 10⁸.
private let fixtures = String(#filePath.split(separator: "/", omittingEmptySubsequences: false).dropLast(2).joined(separator: "/"))
    + "/Fixtures/certified"

private let demandingCases: [(file: String, alpha: String)] = [
    ("cyclic-gamma-near-1", "1e-9"), ("cyclic-gamma-near-1", "1/1000"), ("cyclic-gamma-near-1", "1"),
    ("gamma-1-rare-termination", "1e-9"), ("gamma-1-rare-termination", "1/1000"), ("gamma-1-rare-termination", "1"),
    ("random-40-large-rewards", "1e-9"), ("random-40-large-rewards", "1/1000"),
]

/// A certified answer or a one-line refusal with exit 1; never a signal, never `nan` or `inf`
/// beside "certified".
private func expectCertifiedOrRefused(_ result: CommandResult, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(result.status == 0 || result.status == 1, "ended with status \(result.status): \(result.standardError)",
            sourceLocation: sourceLocation)
    if result.status == 0 {
        #expect(result.standardOutput.contains("certified"), sourceLocation: sourceLocation)
        for word in ["nan", "inf"] {
            #expect(!result.standardOutput.lowercased().contains(word), "printed \(word)", sourceLocation: sourceLocation)
        }
    } else {
        #expect(result.standardError.split(separator: "\n").count == 1, "\(result.standardError)", sourceLocation: sourceLocation)
    }
}

@Test(arguments: demandingCases)
func demandingFilesEndInACertifiedAnswer(file: String, alpha: String) throws {
    let path = "\(fixtures)/\(file).json"
    let text = try run("maxent", ["solve", path, "--alpha", alpha])
    expectCertifiedOrRefused(text)
    // These eight all certify within the default limits.
    #expect(text.status == 0)
    #expect(text.standardOutput.contains("certified enclosures, every width ≤ 1e-30"))
    let json = try run("maxent", ["solve", path, "--alpha", alpha, "--json", "--soft-only"])
    expectCertifiedOrRefused(json)
    let document = try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any]
    #expect((document?["soft"] as? [String: Any])?["certified"] as? Bool == true)
}

@Test func aPrecisionLimitIsRefusedNamingTheQuantityTheValueAndTheFlag() throws {
    let path = "\(fixtures)/cyclic-gamma-near-1.json"
    let result = try run("maxent", ["solve", path, "--alpha", "1e-9", "--soft-only", "--max-precision", "128"])
    #expect(result.status == 1)
    #expect(result.standardOutput.isEmpty)
    let lines = result.standardError.split(separator: "\n")
    #expect(lines.count == 1)
    #expect(result.standardError.contains("bits of working precision"))
    #expect(result.standardError.contains("above the limit of 128 bits"))
    #expect(result.standardError.contains("--max-precision"))
    expectInputError(try run("maxent", ["solve", path, "--alpha", "1", "--max-precision", "8"]), mentioning: "--max-precision")
    expectInputError(try run("maxent", ["solve", path, "--alpha", "1", "--max-memory", "0"]), mentioning: "--max-memory")
}

@Test(arguments: ["16", "24", "40"])
func aLowFixedPrecisionNeverPrintsANonFiniteCertifiedNumber(bits: String) throws {
    for file in ["cyclic-gamma-near-1", "random-40-large-rewards"] {
        let path = "\(fixtures)/\(file).json"
        expectCertifiedOrRefused(try run("maxent", ["solve", path, "--alpha", "1e-9", "--soft-only", "--precision", bits]))
        expectCertifiedOrRefused(try run("maxent", ["solve", path, "--alpha", "1e-9", "--soft-only", "--precision", bits, "--json"]))
    }
}
