import Arithmetic
import Bifurcation
import Environments
@testable import FiniteMDP
import Foundation
import Learning
import ReaderFuzzing
import Testing
import JSON

/// The bytes of `Tests/FuzzTests/Fixtures/<name>`.
private func fixture(_ name: String) throws -> [UInt8] {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").appendingPathComponent(name)
    return [UInt8](try Data(contentsOf: url))
}

/// The message of `outcome`, which must be a rejection with exactly one one-line message.
private func onlyMessage(_ outcome: ReaderOutcome, sourceLocation: SourceLocation = #_sourceLocation) -> String? {
    #expect(!outcome.accepted, sourceLocation: sourceLocation)
    #expect(outcome.messages.count == 1, "\(outcome.messages)", sourceLocation: sourceLocation)
    guard let message = outcome.messages.first else { return nil }
    #expect(FuzzCampaign.problem(withMessage: message) == nil, "\(message)", sourceLocation: sourceLocation)
    return message
}

@Suite("Fuzzing the readers")
struct ReaderFuzzTests {
    /// The short seeded run of CI: a few hundred mutated files per reader, none may crash or
    /// hang, and every rejection must be one clear line. `Benchmarks/ReaderFuzz` runs the same
    /// campaigns for 100,000 inputs per reader.
    @Test(arguments: FuzzReader.all.map(\.name))
    func shortSeededCampaign(reader name: String) throws {
        let reader = try #require(FuzzReader.named(name))
        // A hang must fail loudly rather than stall CI; the deadline is far above any input's time.
        let watchdog = HangWatchdog(deadline: .seconds(120)) { index, input, elapsed in
            fatalError("reader \(name) hangs on input #\(index) (\(elapsed)): \(String(decoding: input.prefix(300), as: UTF8.self))")
        }
        defer { watchdog.stop() }
        var campaign = FuzzCampaign(reader: reader, seed: 20_261_130, maximumInputLength: 1 << 16)
        let report = campaign.run(count: 400) { watchdog.begin($0, $1) }
        let badMessages = report.badMessages.map { "input #\($0.index): \($0.message.prefix(300))" }
        #expect(badMessages.isEmpty, "\(badMessages.prefix(3))")
        // The mutants must get past the syntax: some are accepted, and the rejections come
        // from many different checks.
        #expect(report.accepted > 0)
        #expect(report.distinctReasons.count >= 4, "\(report.distinctReasons)")
    }

    @Test func campaignsReplayExactlyFromTheirSeed() {
        for reader in FuzzReader.all {
            var first = FuzzCampaign(reader: reader, seed: 5, maximumInputLength: 1 << 14)
            var second = FuzzCampaign(reader: reader, seed: 5, maximumInputLength: 1 << 14)
            for _ in 0..<50 {
                let input = first.nextInput()
                #expect(second.nextInput() == input)
                let outcome = reader.read(input)
                first.record(input, outcome)
                second.record(input, outcome)
            }
        }
    }

    @Test func oneLineMessagesAreTold() {
        #expect(FuzzCampaign.problem(withMessage: "states[0].gamma: must be in [0, 1], found 2") == nil)
        #expect(FuzzCampaign.problem(withMessage: "a\nb") != nil)
        #expect(FuzzCampaign.problem(withMessage: "a\u{2028}b") != nil)
        #expect(FuzzCampaign.problem(withMessage: "") != nil)
        #expect(FuzzCampaign.problem(withMessage: String(repeating: "x", count: 401)) != nil)
    }
}

/// Inputs the fuzzer (or reading the readers for it) found, each with the one-line refusal
/// it must now get.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    @Test func checkpointLengthAboveIntMaxIsTruncationNotATrap() throws {
        // Was: Int(UInt64) overflow trap (SIGILL) in Checkpoint(data:).
        let outcome = FuzzReader.checkpoint.read(try fixture("checkpoint-payload-length-above-int-max.bin"))
        #expect(onlyMessage(outcome) == "checkpoint is truncated")
    }

    @Test func checkpointLengthNearIntMaxIsTruncationNotATrap() throws {
        // Was: position + count overflow trap in the byte reader.
        let outcome = FuzzReader.checkpoint.read(try fixture("checkpoint-payload-length-int-max.bin"))
        #expect(onlyMessage(outcome) == "checkpoint is truncated")
    }

    @Test func lineSeparatorInANameIsEscaped() throws {
        // Was: the raw U+2028 inside the message, which breaks the line in editors and logs.
        let outcome = FuzzReader.mdp.read(try fixture("mdp-line-separator-in-initial.json"))
        #expect(onlyMessage(outcome) == #"initial: no state named "\u2028""#)
    }

    @Test func controlCharacterInANumberIsEscaped() throws {
        // Was: two raw newlines in the message ('1⏎' … unexpected character '⏎').
        let outcome = FuzzReader.mdp.read(try fixture("mdp-newline-in-number.json"))
        #expect(onlyMessage(outcome) == #"gamma: '1\n' is not a rational number: unexpected character '\n'"#)
    }

    @Test func aHugeNumberIsShownAsAnExcerpt() throws {
        // Was: a message of 100,030 characters (every digit of γ = 10^100000).
        let outcome = FuzzReader.mdp.read(try fixture("mdp-gamma-of-100001-digits.json"))
        let message = try #require(onlyMessage(outcome))
        #expect(message == "gamma: must be in [0, 1], found 100000000000000000000000000000…000000000000000000000000000000 (100001 characters)")
    }

    @Test func exponentsCannotBlowUpMemory() throws {
        // 1,001 rewards of 10^99999: 10 kB of text, 41 MB of exact numbers. A 10 MB file of them
        // would need 41 GB; the reader refuses once the exponents pass 10^8 digits in all.
        let actions = (0...1_000).map { #"{"name":"a\#($0)","reward":1e99999,"next":{"t":1}}"# }.joined(separator: ",")
        let text = #"{"format":"maxent-mdp/1","gamma":"1/2","states":[{"name":"s","actions":[\#(actions)]},{"name":"t"}]}"#
        let message = try #require(onlyMessage(FuzzReader.mdp.read(Array(text.utf8))))
        #expect(message.hasPrefix("states[0].actions[1000].reward: numbers written with exponents (1eN) need more than 100000000 decimal digits"))
        // Written out in digits, the same numbers are not limited (their size is the file's).
        #expect(JSONValue.number(String(repeating: "9", count: 200_000)).firstNumberExceedingExponentDigits(10) == nil)
        #expect(JSONValue.array([.number("1e60000"), .string("2E+50000")]).firstNumberExceedingExponentDigits(100_000) == "[1]")
        #expect(JSONValue.array([.number("1e60000"), .string("2E+40000")]).firstNumberExceedingExponentDigits(100_000) == nil)
    }

    @Test func actionsFileWithWindowsLineEndingsIsRead() throws {
        // Was: one "line" containing CR LF, refused with a two-line message.
        let file = try ActionFile(bytes: try fixture("actions-crlf.txt"), actionDimension: 1, environmentName: "toy")
        #expect(file.actions == [[0.5], [-0.25]])
        #expect(file.lineNumbers == [1, 2])
    }

    @Test func certificateNumbersWithControlCharactersAreEscaped() throws {
        // Was: "alpha: '1⏎5' is not an exact rational", split over two lines.
        let certificate = String(decoding: try #require(FuzzReader.certificate.seeds.first), as: UTF8.self)
        #expect(certificate.contains(#""alpha": "1/5""#))
        let tampered = certificate.replacingOccurrences(of: #""alpha": "1/5""#, with: #""alpha": "1\n5""#)
        #expect(onlyMessage(FuzzReader.certificate.read(Array(tampered.utf8))) == #"alpha: '1\n5' is not an exact rational"#)
    }

    @Test func certificateSeedIsAcceptedAndVerifies() throws {
        // The campaign starts from a real certificate, so its mutants reach every field.
        let claims = try BifurcationCertificate.Claims(json: try #require(FuzzReader.certificate.seeds.first))
        #expect(claims.actions == ["left", "right"] && claims.target == [Rational(1, 5), Rational(4, 5)])
        let report = try BifurcationCertificate.check(claims)
        #expect(report.verification.policyWithinTolerance && report.verification.standardPolicyUnchanged)
    }

    @Test func probabilitiesAreSummedExactlyInATree() {
        // The balanced sum that keeps validation near-linear must equal the plain running sum.
        let terms = (1...37).map { Rational($0 % 5 == 0 ? -$0 : $0, 3 * $0 + 1) }
        #expect(MDP.pairwiseSum(terms) == terms.reduce(Rational.zero, +))
        #expect(MDP.pairwiseSum([]) == .zero)
    }

    @Test func progressStepsBeyondIntAreReportedNotTrapped() throws {
        // Was: Int(1e308) trapped while wording "env_step goes back from … to …".
        let outcome = FuzzReader.progress.read(try fixture("progress-env-step-of-1e308.csv"))
        #expect(onlyMessage(outcome) == "progress.csv:3: env_step goes back from 1e+308 to 0")
    }

    @Test func progressColumnNamesAreShownWithoutControlCharacters() {
        let outcome = FuzzReader.progress.read(Array("env_step,test/reward,a\u{1B}b,a\u{1B}b\n1,2,3,4\n".utf8))
        #expect(onlyMessage(outcome) == #"progress.csv:1: column "a\u{1b}b" appears twice"#)
    }

    @Test func runConfigurationsCannotSizeNetworksBeyondMemory() throws {
        // Was: a hidden width of Int.max in config.json ended `evaluate` and `report` by a trap
        // while the networks were allocated (fuzz input run-config #2559).
        let seed = String(decoding: try #require(FuzzReader.runConfiguration.seeds.first), as: UTF8.self)
        #expect(seed.contains(#""hidden" : ["#))
        let hostile = seed.replacingOccurrences(of: #""hidden" : ["#, with: #""hidden" : [9223372036854775807, "#)
        let message = try #require(onlyMessage(FuzzReader.runConfiguration.read(Array(hostile.utf8))))
        #expect(message.hasSuffix("config.json: hidden width 9223372036854775807 exceeds 65536"))
        // The limits leave every preset of the paper valid.
        for environment in ["toy", "quadrotor", "vehicle", "acrobot", "obstacle2d"] {
            for algorithm in Algorithm.allCases {
                #expect(try TrainingConfiguration.preset(.paper, environment: environment, algorithm: algorithm).problems == [])
            }
        }
    }

    @Test func negativeHiddenWidthsAreRefusedBeforeSizing() throws {
        // Was: the size check itself overflowed on a width of Int.min (fuzz input run-config #1594,
        // a splice of two presets, here without the keys the splice repeated).
        let message = try #require(onlyMessage(FuzzReader.runConfiguration.read(try fixture("run-config-negative-hidden-width.json"))))
        #expect(message.hasSuffix("config.json: hidden sizes must be positive"))
    }

    @Test func repeatedKeysInARunConfigurationAreRefused() throws {
        // The splice as the fuzzer made it: its `sac` object repeats `hidden` and five other keys,
        // which Foundation's decoder used to settle silently by keeping one of them.
        let message = try #require(onlyMessage(FuzzReader.runConfiguration.read(try fixture("run-config-spliced-duplicate-keys.json"))))
        #expect(message.hasSuffix(#"config.json: cannot read it as JSON (sac: duplicate key "alphaLearningRate")"#))
    }

    @Test func runConfigurationNamesAreShownWithoutLineSeparators() throws {
        let seed = String(decoding: try #require(FuzzReader.runConfiguration.seeds.first), as: UTF8.self)
        let hostile = seed.replacingOccurrences(of: #""environment" : "toy""#, with: #""environment" : "\u2028toy""#)
        let message = try #require(onlyMessage(FuzzReader.runConfiguration.read(Array(hostile.utf8))))
        // (Other test suites may have installed more environment schemes, listed after these.)
        #expect(message.hasPrefix(#"RUN/config.json: unknown environment '\u{2028}toy'; expected one of toy, quadrotor, quadrotor-simplified, vehicle, acrobot, obstacle2d"#))
    }
}
