import Arithmetic
import Bifurcation
import Environments
import FiniteMDP
import Foundation
import Learning

/// What a reader made of one input.
public struct ReaderOutcome: Sendable {
    /// Whether the input was read successfully.
    public var accepted: Bool
    /// Every error message the reader produced (empty when accepted); each must be one clear line.
    public var messages: [String]

    public static let accepted = ReaderOutcome(accepted: true, messages: [])
    public static func rejected(_ message: String) -> ReaderOutcome { ReaderOutcome(accepted: false, messages: [message]) }
}

/// A file reader of the tools, with the valid documents a campaign starts from and the
/// dictionary its mutations splice in.
public struct FuzzReader: Sendable {
    public let name: String
    /// What the reader covers, for the campaign's summary.
    public let summary: String
    public let seeds: [[UInt8]]
    public let tokens: [[UInt8]]
    public let read: @Sendable ([UInt8]) -> ReaderOutcome

    /// The readers of every file a command reads: MDP files, bifurcation certificates, rollout
    /// actions files, and the files of training run directories (configuration, progress log,
    /// checkpoints).
    public static let all: [FuzzReader] = [mdp, certificate, actions, runConfiguration, progress, checkpoint]

    public static func named(_ name: String) -> FuzzReader? { all.first { $0.name == name } }

    // MARK: MDP files

    /// `maxent-mdp/1` files (`solve`, `critical-alpha`, `bifurcate --mdp`, `export`, `report --mdp`):
    /// JSON syntax, decoding and every validation rule.
    public static let mdp = FuzzReader(
        name: "mdp",
        summary: "maxent-mdp/1 files: MDP(json:) = JSON parser, decoding, validate()",
        seeds: mdpSeeds,
        tokens: jsonTokens,
        read: { bytes in
            do {
                _ = try MDP(json: bytes)
                return .accepted
            } catch {
                return .rejected("\(error)")
            }
        })

    static let mdpSeeds: [[UInt8]] = [
        Array(MDP.paperToyJSON.utf8),
        Array(MDPGenerator.random(states: 5, actions: 3, successors: 2, gamma: Rational(9, 10), seed: 7).jsonText().utf8),
        Array(MDPGenerator.random(states: 4, actions: 2, successors: 2, gamma: .one, seed: 3).jsonText().utf8),
        Array(#"""
            {"format":"maxent-mdp/1","gamma":"999999/1000000","initial":"b","meta":{"note":["x",1,null,true]},
             "states":[{"name":"a","actions":[{"name":"x","measure":"1e-30","reward":"-1e6","next":{"b":"1/3","a":"2/3"}}]},
                       {"name":"b","actions":[{"name":"y","measure":1e30,"reward":0.25,"next":{"a":1}},
                                              {"name":"z","reward":"3/7","next":{"t":1}}]},
                       {"name":"t"}]}
            """#.utf8),
    ]

    static let jsonTokens: [[UInt8]] = {
        var tokens: [[UInt8]] = [
            "1e100000", "1e-100000", "-1e99999", "\"1e99999\"", "\"-1e-99999\"", "1e100001", "1e999999999999", "1e-9",
            "123456789012345678901234567890123456789", "\"98765432109876543210/3\"", "\"0/0\"", "\"1/0\"", "\"-0\"", "-0",
            "0", "1", "2", "-1", "0.5", "\"1/2\"", "\"3/7\"", "\"+1\"", "\" 1\"", "\"1.\"", "\".5\"", "\"1e\"", "NaN",
            "Infinity", "-", "1e", "1.", ".5", "00", "01", "1E+2", "true", "false", "null", "{}", "[]", "\"\"",
            "\"\\u0000\"", "\"\\ud800\"", "\"\\udc00\\ud800\"", "\"\\ud83d\\ude00\"", "\"\\u2028\"", "\"a\\nb\"",
            "\"\\\"\"", "\"\\x\"", "\"\\u12\"", "\"name\"", "\"next\"", "\"reward\"", "\"measure\"", "\"actions\"",
            "\"states\"", "\"gamma\"", "\"initial\"", "\"meta\"", "\"format\"", "\"maxent-mdp/1\"", "\"s0\"", "\"win\"",
            ",", ":", "{", "}", "[", "]", "\"", "\\", " ", "\n", "\u{FEFF}", "\"name\":\"x\",\"name\":\"y\"",
        ].map { Array($0.utf8) }
        tokens += [[0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xFF], [0xE2, 0x80, 0xA8], [0xC2, 0x85],
                   [0xEF, 0xBB, 0xBF], [0x22, 0xE2, 0x80, 0xAE, 0x22], [0x00]]
        tokens.append(Array(("\"" + String(repeating: "a", count: 5_000) + "\"").utf8))
        tokens.append(Array(String(repeating: "9", count: 20_000).utf8))
        tokens.append(Array(("\"1/" + String(repeating: "7", count: 3_000) + "\"").utf8))
        tokens.append(Array((String(repeating: "[", count: 600) + String(repeating: "]", count: 600)).utf8))
        tokens.append(Array((String(repeating: "{\"a\":", count: 520) + "1" + String(repeating: "}", count: 520)).utf8))
        return tokens
    }()

    // MARK: Bifurcation certificates

    /// Certificates read by `verify-certificate`: JSON syntax, every claimed field and both
    /// embedded MDPs (the reading side of `BifurcationCertificate.check`, without re-solving).
    public static let certificate = FuzzReader(
        name: "certificate",
        summary: "bifurcation certificates: BifurcationCertificate.Claims(json:) incl. both embedded MDPs",
        seeds: [certificateSeed],
        tokens: jsonTokens + [
            "\"[0.2 +/- 1e-40]\"", "\"[nan +/- inf]\"", "\"[1e999999999999 +/- 1]\"", "\"[+/- inf]\"", "\"0.2\"",
            "\"target\"", "\"alpha\"", "\"epsilon\"", "\"standardValues\"", "\"softPolicy\"", "\"achieved\"",
            "\"original\"", "\"extended\"", "\"left\"", "\"right\"", "\"maxent-bifurcation-certificate/1\"",
        ].map { Array($0.utf8) },
        read: { bytes in
            do {
                _ = try BifurcationCertificate.Claims(json: bytes)
                return .accepted
            } catch {
                return .rejected("\(error)")
            }
        })

    /// The certificate of the README's main job (the toy's extension at α = 1/5).
    static let certificateSeed: [UInt8] = {
        let toy = try! MDP(json: MDP.paperToyJSON)
        let request = BifurcationRequest(
            mdp: toy, state: 0, target: [Rational(1, 5), Rational(4, 5)], alpha: Rational(1, 5), tolerance: try! Rational(parsing: "1e-30"))
        let construction = try! EntropicBifurcation.construct(request)
        return Array(BifurcationCertificate.document(for: construction).jsonText().utf8)
    }()

    // MARK: Actions files

    /// Actions files of `env rollout --actions`, read for every environment's action dimension;
    /// an accepted file is replayed (at most 200 steps), as the command does.
    public static let actions = FuzzReader(
        name: "actions",
        summary: "env rollout actions files: ActionFile for each environment, then the episode they drive",
        seeds: [
            "0.5\n-0.25\n1\n", "1,2,3,4\n0,0,0,0\r\n\n-1e3,1e3,0.5,7\n", "0.1,0.2\n0.3,0.4\n", " 1 , -1 \n\t2,\t3\n",
            "0\n0\n0\n0\n0\n0\n0\n0\n0\n0\n",
        ].map { Array($0.utf8) },
        tokens: [
            "nan", "-nan", "inf", "-inf", "infinity", "1e308", "1e309", "-1e400", "0x1p-1074", "0x1.fffffffffffffp1023",
            "4.9e-324", "2.5e-324", ",", ",,", "\n", "\r\n", "\r", " ", "\t", "1,2,3,4", "+", "-", "1e", ".", "e5", "",
            "\u{2028}", "\u{85}", "1_000", "١", "NaN(123)",
        ].map { Array($0.utf8) } + [[0xFF, 0xFE], [0xC0, 0x80], [0x00], Array(String(repeating: "1", count: 2_000).utf8)],
        read: { bytes in
            var outcome = ReaderOutcome(accepted: false, messages: [])
            for descriptor in EnvironmentRegistry.all {
                let file: ActionFile
                do {
                    file = try ActionFile(bytes: bytes, actionDimension: descriptor.spaces.actionDimension, environmentName: descriptor.name)
                } catch {
                    outcome.messages.append("\(error)")
                    continue
                }
                outcome.accepted = true
                var environment = descriptor.make()
                _ = environment.reset(seed: 0)
                for action in file.actions.prefix(200) {
                    do {
                        let transition = try environment.step(action)
                        if transition.terminated || transition.truncated { break }
                    } catch {
                        outcome.messages.append("\(error)")
                        break
                    }
                }
            }
            if outcome.accepted { outcome.messages.removeAll() }
            return outcome
        })

    // MARK: Checkpoints

    /// `checkpoint.bin` / `policy.bin` of training runs (`train --resume`, `evaluate`, `report`).
    public static let checkpoint = FuzzReader(
        name: "checkpoint",
        summary: "training checkpoints: Checkpoint(data:)",
        seeds: [checkpointSeed],
        tokens: [
            [0, 0, 0, 0], [1, 0, 0, 0], [4, 0, 0, 0], [8, 0, 0, 0], [0xFF, 0xFF, 0xFF, 0xFF], [0xFF, 0xFF, 0xFF, 0x7F],
            [0, 0, 0, 0, 0, 0, 0, 0], [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F],
            [0, 0, 0, 0, 0, 0, 0, 0x80], [0x01], [0x02], [0x03], [0x04], [0x05], [0xE2, 0x80, 0xA8], [0x0A],
        ],
        read: { bytes in
            do {
                _ = try Checkpoint(data: Data(bytes))
                return .accepted
            } catch {
                return .rejected("\(error)")
            }
        })

    static let checkpointSeed: [UInt8] = {
        var checkpoint = Checkpoint()
        checkpoint.arrays = ["actor.weights": [0.5, -1.25, 3], "critic.bias": [0]]
        checkpoint.integers = ["epoch": 3, "steps": 30_000]
        checkpoint.numbers = ["alpha": 0.2]
        checkpoint.doubleArrays = ["returns": [-1, 2.5]]
        return [UInt8](checkpoint.data)
    }()

    // MARK: Training run directories

    /// `config.json` of a run directory (`evaluate`, `report`, `train --resume`): decoding and the
    /// configuration's checks; an accepted configuration also builds the agent's networks, as
    /// `evaluate` does before it restores their weights.
    public static let runConfiguration = FuzzReader(
        name: "run-config",
        summary: "run directories' config.json: RunDirectory(url), then the networks it sizes",
        seeds: runConfigurationSeeds,
        tokens: jsonTokens + [
            "1e308", "-1e308", "9223372036854775807", "9223372036854775808", "-9223372036854775808", "4294967296",
            "65536", "100000000", "2147483647", "0.0", "-0.0", "1e-400", "\"sac\"", "\"ppo\"", "\"sac-adaent\"",
            "\"sac-auto\"", "\"toy\"", "\"quadrotor\"", "\"hidden\"", "\"batchSize\"", "\"replayCapacity\"",
        ].map { Array($0.utf8) },
        read: { bytes in
            // A directory of its own per input: tests read inputs concurrently.
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("reader-fuzz-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                try Data(bytes).write(to: directory.appendingPathComponent(RunDirectory.configurationFileName))
            } catch {
                fatalError("cannot write the fuzz input to \(directory.path): \(error)")
            }
            // Messages name the file; the temporary directory is shown as `RUN`.
            func message(_ error: some Error) -> String { "\(error)".replacingOccurrences(of: directory.path, with: "RUN") }
            let run: RunDirectory
            do {
                run = try RunDirectory(directory)
            } catch {
                return .rejected(message(error))
            }
            // No weights: the networks are built, then restoring them must fail cleanly.
            do {
                _ = try TrainedAgent(configuration: run.configuration, checkpoint: Checkpoint())
                return .accepted
            } catch {
                return ReaderOutcome(accepted: true, messages: [message(error)])
            }
        })

    static let runConfigurationSeeds: [[UInt8]] = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return [("toy", Algorithm.sac), ("toy", .sacAdaEnt), ("acrobot", .ppo), ("quadrotor", .sacAuto)].map { environment, algorithm in
            [UInt8](try! encoder.encode(try! TrainingConfiguration.preset(.cpu, environment: environment, algorithm: algorithm)))
        }
    }()

    /// `progress.csv` of a run directory (`report`): header, fields, the env_step column.
    public static let progress = FuzzReader(
        name: "progress",
        summary: "run directories' progress.csv: ProgressTable(csv:path:)",
        seeds: [
            "env_step,test/reward,test/reward_std,loss/actor,alpha\n1000,-3.5,0.5,0.25,0.2\n2000,-1,0.125,,0.2\n3000,1,0,0.5,0.2\n",
            "epoch,env_step,test/reward\r\n1,10240,-80.5\r\n2,20480,0.5\r\n",
        ].map { Array($0.utf8) },
        tokens: [
            "1e308", "-1e308", "1e309", "nan", "inf", "-inf", "9.3e18", "-9.3e18", "0x1p1023", "", ",", ",,", "\n", "\r\n",
            "\r", "\u{0B}", "\u{85}", "\u{2028}", "env_step", "test/reward", "\"", " ", "\t", "1", "-1", "0",
        ].map { Array($0.utf8) } + [[0x00], [0x1B], [0x7F], [0xFF], [0xC0, 0x80], Array(String(repeating: "a,", count: 3_000).utf8)],
        read: { bytes in
            do {
                _ = try ProgressTable(csv: String(decoding: bytes, as: UTF8.self), path: "progress.csv")
                return .accepted
            } catch {
                return .rejected("\(error)")
            }
        })
}
