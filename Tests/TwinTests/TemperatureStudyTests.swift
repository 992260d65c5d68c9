import Analysis
import Arithmetic
import FiniteMDP
import Foundation
import Synchronization
import Testing
@testable import Studies
@testable import Twins

@Suite struct TemperatureStudyTests {
    static func study(in directory: URL, algorithms: [String] = ["sac", "ppo"]) throws -> TemperatureStudy {
        try TemperatureStudy(
            environment: TwinName(mdpPath: "\(examplesDirectory)/toy.json", layoutPath: "\(examplesDirectory)/toy-layout.json"),
            state: "s0", alphas: [Rational(2), Rational(1, 2)], algorithms: algorithms, seeds: 2, steps: 50,
            trainArguments: ["sac-adaent": ["--entropy-n-sample", "20"]], directory: directory)
    }

    static func temporaryDirectory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("study-tests-\(UUID().uuidString)")
    }

    @Test func everyAlgorithmTemperatureAndSeedIsOneRunAndPPOHasNoTemperature() throws {
        let study = try Self.study(in: Self.temporaryDirectory(), algorithms: ["sac", "sac-adaent", "ppo"])
        #expect(study.runs.count == 2 * 2 + 2 * 2 + 2)
        #expect(study.runs.filter { $0.algorithm == "ppo" }.allSatisfy { $0.alpha == nil })
        #expect(Set(study.runs.map(\.directoryName)).count == study.runs.count)
        #expect(study.runs.first?.directoryName == "sac-alpha1_2-seed1")
        let arguments = study.arguments(for: study.runs[0])
        #expect(arguments.starts(with: ["train", "--env"]))
        #expect(arguments.contains("0.5") && arguments.contains("--workers") && !arguments.contains("--entropy-n-sample"))
        // Each algorithm gets only its own extra settings.
        for run in study.runs {
            #expect(study.arguments(for: run).contains("--entropy-n-sample") == (run.algorithm == "sac-adaent"))
            #expect(study.arguments(for: run).contains("--alpha") == (run.algorithm != "ppo"))
        }
    }

    @Test func aRerunSkipsFinishedRunsAndRetriesFailedOnes() throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let study = try Self.study(in: directory)
        let launched = Mutex<[String]>([])
        // A stand-in for `maxent train`: records the run and fails the PPO seed-2 run the first time.
        let failing = Mutex(true)
        let launch: @Sendable ([String], URL) -> Int32 = { arguments, _ in
            let out = arguments[arguments.firstIndex(of: "--out")! + 1]
            try? FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            launched.withLock { $0.append(URL(fileURLWithPath: out).lastPathComponent) }
            return out.hasSuffix("ppo-seed2") && failing.withLock({ value in defer { value = false }; return value }) ? 1 : 0
        }
        let failures = try study.execute(jobs: 2, launch: launch)
        #expect(failures.map(\.run.directoryName) == ["ppo-seed2"])
        #expect(launched.withLock { Set($0) } == Set(study.runs.map(\.directoryName)))
        launched.withLock { $0.removeAll() }
        #expect(try study.execute(jobs: 2, launch: launch).isEmpty)
        #expect(launched.withLock { $0 } == ["ppo-seed2"])
        #expect(study.runs.allSatisfy(study.isFinished))
    }

    @Test func theSummaryGivesTheCertifiedProbabilityToFifteenDigits() throws {
        let directory = Self.temporaryDirectory()
        let study = try Self.study(in: directory)
        let results = try TemperatureStudyResults(study)
        // No run has trained: the summary is the header alone, and every run is missing.
        #expect(results.summaryCSV == "algo,alpha,seed,learned_probability,exact_probability,family_probability,final_test_return,run\n")
        #expect(results.missing.count == study.runs.count)
        // π_α(left|s0) of the toy (docs/theory.md §5): with V(s1) = α log(e^{1/α}/5 + 9e^{−20/α}/5) and
        // V(s2) = −1 + α log 2, π = 1/(1 + e^{0.99(V(s2) − V(s1))/α}); at α = 2 in double precision.
        let alpha = 2.0
        let v1 = alpha * log(0.2 * exp(1 / alpha) + 1.8 * exp(-20 / alpha)), v2 = -1 + alpha * log(2)
        let expected = 1 / (1 + exp(0.99 * (v2 - v1) / alpha))
        let certified = results.temperature(Rational(2))!.exactProbability
        #expect(abs(certified.midpointDouble - expected) < 1e-14)
        let digits = certified.certifiedDigits(15)
        #expect(digits.filter(\.isNumber).drop { $0 == "0" }.count >= 12)
        #expect(abs(Double(digits)! - expected) < 1e-13)
    }

    @Test func probabilityBandsStayInsideZeroOne() throws {
        // Five PPO seeds as in the headline study: the t-interval of the mean reaches below 0.
        let estimate = MeanEstimate([0.0, 0.02, 0.05, 0.31, 0.38])
        #expect(try #require(estimate.lower) < 0)
        let band = try #require(TemperatureStudyReport.probabilityBand(estimate))
        #expect(band.lowerBound == 0 && band.upperBound == estimate.upper!)
        let high = try #require(TemperatureStudyReport.probabilityBand(MeanEstimate([1.0, 1.0, 0.9, 1.0, 0.95])))
        #expect(high.upperBound == 1 && high.lowerBound > 0)
        #expect(TemperatureStudyReport.probabilityBand(MeanEstimate([0.3])) == nil)
    }
}
