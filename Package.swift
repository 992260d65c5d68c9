// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "MaxEntWorkbench",
    products: [
        .executable(name: "maxent", targets: ["maxent"]),
        .executable(name: "bifurcate", targets: ["bifurcate"]),
        .library(name: "JSON", targets: ["JSON"]),
        .library(name: "Arithmetic", targets: ["Arithmetic"]),
        .library(name: "FiniteMDP", targets: ["FiniteMDP"]),
        .library(name: "Solvers", targets: ["Solvers"]),
        .library(name: "Bifurcation", targets: ["Bifurcation"]),
        .library(name: "Environments", targets: ["Environments"]),
        .library(name: "Learning", targets: ["Learning"]),
        .library(name: "Twins", targets: ["Twins"]),
        .library(name: "Plotting", targets: ["Plotting"]),
        .library(name: "Analysis", targets: ["Analysis"]),
        .library(name: "Reports", targets: ["Reports"]),
        .library(name: "Sweeps", targets: ["Sweeps"]),
        // The environments behind a C ABI for the Python package in python/, Swift runtime linked in.
        .library(name: "MaxEntEnvironments", type: .dynamic, targets: ["EnvironmentsCABI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
    ],
    targets: [
        // C libraries, bound through module maps; only the Swift wrappers import them.
        .systemLibrary(name: "_CGMP", path: "Sources/_CGMP"),
        .systemLibrary(name: "_CFlint", path: "Sources/_CFlint"),
        .systemLibrary(name: "_COpenBLAS", path: "Sources/_COpenBLAS"),

        // JSON: the one exact reader and writer of every JSON file the tools read or write (number
        // text kept verbatim, members in file order); no dependencies.
        .target(name: "JSON"),
        // Seeded pseudo-random numbers shared by generators, environments and learners.
        .target(name: "Randomness"),
        // Arithmetic: exact rationals (GMP) and certified balls (Arb).
        .target(name: "Arithmetic", dependencies: ["_CGMP", "_CFlint"]),
        // Finite MDPs with action measures, the maxent-mdp/1 file format, generators and exports.
        .target(name: "FiniteMDP", dependencies: ["JSON", "Arithmetic", "Randomness"]),
        // Exact standard solving and certified soft solving.
        .target(name: "Solvers", dependencies: ["Arithmetic", "FiniteMDP"]),
        // The entropic bifurcation extension: construction, independent verification, certificates.
        .target(name: "Bifurcation", dependencies: ["JSON", "Arithmetic", "FiniteMDP", "Solvers"]),
        // The paper's continuous-control environments (issue 6).
        .target(name: "Environments", dependencies: ["Randomness"]),
        // The C ABI of libMaxEntEnvironments.so (issue 13): registered environments behind opaque handles.
        .target(
            name: "EnvironmentsCABI", dependencies: ["Environments", "Twins"],
            linkerSettings: [.unsafeFlags(["-static-stdlib"])]
        ),
        // Any Gymnasium environment as an Environment, hosted by a Python process over a binary pipe protocol (issue 13).
        .target(name: "GymnasiumBridge", dependencies: ["Environments"]),
        // Deep twins: every finite MDP as a continuous-control task (`mdp:FILE`), with its exact
        // counterpart and the best policy of SAC's squashed-Gaussian family (issue 16).
        .target(name: "Twins", dependencies: ["JSON", "Arithmetic", "FiniteMDP", "Environments"]),
        // Deep RL: networks on OpenBLAS, SAC, SAC auto-α, SAC-AdaEnt, PPO, the training loop (issue 4).
        .target(name: "Learning", dependencies: ["JSON", "_COpenBLAS", "Environments", "GymnasiumBridge", "Randomness"]),
        // Plotting: SVG charts, diagrams and self-contained HTML pages; knows no domain type.
        .target(name: "Plotting"),
        // Analysis: statistics over seeds, exact landscapes and sweeps of tabular MDPs, trained agents
        // read through Learning's run directories.
        .target(name: "Analysis", dependencies: ["JSON", "Plotting", "Arithmetic", "FiniteMDP", "Solvers", "Environments", "Twins", "Learning"]),
        // Reports: the figures and the HTML page setting deep runs beside the exact answers.
        .target(name: "Reports", dependencies: [
            "Plotting", "Analysis", "Arithmetic", "FiniteMDP", "Solvers", "Bifurcation", "Environments", "Twins",
        ]),
        // Studies: many training runs on a deep twin, launched in parallel, set beside the exact answer (issue 16).
        .target(name: "Studies", dependencies: ["Arithmetic", "FiniteMDP", "Solvers", "Twins", "Learning", "Plotting", "Analysis", "Reports"]),
        // Sweeps: a grid of `maxent train` runs from one file, run here in parallel or as a Slurm job array (issue 14).
        .target(name: "Sweeps", dependencies: ["JSON", "FiniteMDP"]),

        // The command-line interface: every command is one type in MaxEntCLI/Commands; the
        // executables are one-line mains over it.
        .target(
            name: "MaxEntCLI",
            dependencies: [
                "JSON", "Arithmetic", "FiniteMDP", "Solvers", "Bifurcation", "Environments", "GymnasiumBridge", "Learning", "Analysis", "Reports", "Randomness",
                "Twins", "Studies", "Sweeps",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "maxent", dependencies: ["MaxEntCLI"]),
        .executableTarget(name: "bifurcate", dependencies: ["MaxEntCLI"]),

        .testTarget(name: "JSONTests", dependencies: ["JSON"]),
        .testTarget(
            name: "ArithmeticTests",
            dependencies: ["Arithmetic", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(
            name: "FiniteMDPTests",
            dependencies: ["JSON", "FiniteMDP", "Arithmetic", "Randomness", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(
            name: "SolverTests",
            dependencies: [
                "Solvers", "FiniteMDP", "Arithmetic",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "BifurcationTests",
            dependencies: [
                "JSON", "Bifurcation", "Solvers", "FiniteMDP", "Arithmetic", "Randomness",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        // Extreme inputs: the certified solvers and the bifurcation construction against an
        // independent oracle, or a clean refusal.
        .testTarget(
            name: "AdversarialTests",
            dependencies: [
                "Solvers", "Bifurcation", "FiniteMDP", "Arithmetic",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(name: "EnvironmentTests", dependencies: ["Environments", "Randomness"]),
        .testTarget(name: "TwinTests", dependencies: ["Twins", "Studies", "Reports", "Analysis", "Environments", "FiniteMDP", "Arithmetic", "Randomness", "Solvers", "Learning"]),
        .testTarget(name: "LearningTests", dependencies: ["JSON", "Learning", "Environments", "Randomness"], exclude: ["Fixtures"]),
        .testTarget(name: "LearningBenchmarkTests", dependencies: ["LearningBenchmark", "Learning", "Randomness"]),
        .testTarget(name: "ReportTests", dependencies: [
            "Reports", "Analysis", "Plotting", "Arithmetic", "FiniteMDP", "Solvers", "Bifurcation", "Learning", "Twins",
        ]),
        // Running the built executables from tests, shared by the command-line test targets.
        .target(name: "CommandLineTestSupport", path: "Tests/CommandLineTestSupport"),
        .testTarget(name: "CLITests", dependencies: ["CommandLineTestSupport", "MaxEntCLI", "FiniteMDP", "maxent", "bifurcate"]),
        .testTarget(name: "SweepTests", dependencies: ["CommandLineTestSupport", "Sweeps", "JSON", "FiniteMDP", "maxent"]),
        // The repository itself: every citation resolves into docs/.
        .testTarget(name: "RepositoryTests"),

        // Benchmarks: executables that time our code against a peer measured in the same run.
        .executableTarget(
            name: "SolverBenchmark", dependencies: ["Arithmetic", "FiniteMDP", "Solvers"], path: "Benchmarks/SolverBenchmark"),
        .executableTarget(name: "LearningBenchmark", dependencies: ["Learning", "Environments", "Randomness"], path: "Benchmarks/LearningBenchmark"),
        .executableTarget(name: "EnvironmentBenchmark", dependencies: ["Environments", "GymnasiumBridge", "Randomness"], path: "Benchmarks/EnvironmentBenchmark"),

        // Fuzzing every file the tools read: seeded mutations (ReaderFuzzing), a short run in
        // `swift test` (FuzzTests) and the long run (ReaderFuzz).
        .target(
            name: "ReaderFuzzing", dependencies: ["Arithmetic", "FiniteMDP", "Bifurcation", "Environments", "Learning", "Randomness"],
            path: "Benchmarks/ReaderFuzzing"),
        .executableTarget(name: "ReaderFuzz", dependencies: ["ReaderFuzzing"], path: "Benchmarks/ReaderFuzz"),
        .testTarget(
            name: "FuzzTests", dependencies: ["JSON", "ReaderFuzzing", "Arithmetic", "FiniteMDP", "Bifurcation", "Environments", "Learning"],
            exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
