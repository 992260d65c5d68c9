import Foundation
import Learning
import Testing

/// The BLAS kernel choice, tested through its inputs (the CPU's features, the core OpenBLAS
/// reports, the user's `OPENBLAS_CORETYPE`), since the machine running the tests may well be one
/// OpenBLAS recognises.
@Suite("BLAS kernel selection")
struct BLASKernelTests {
    static let sse3Only: CPUFeatures = [.sse3]
    static let avx2Machine: CPUFeatures = [.sse3, .avx, .avx2, .fma]
    /// Intel Xeon family 6 model 207 (Emerald Rapids), which Debian's OpenBLAS 0.3.21 does not know.
    static let avx512Machine: CPUFeatures = avx2Machine.union([.avx512f, .avx512dq, .avx512cd, .avx512bw, .avx512vl])
    static let avx512bf16Machine: CPUFeatures = avx512Machine.union(.avx512bf16)

    @Test("a fallback to the SSE3 kernels on an AVX-512 CPU is corrected to the CPU's own family")
    func correctsFallback() {
        let withBF16 = BLASKernelDecision.decide(features: Self.avx512bf16Machine, reportedCore: "Prescott", userCoreType: nil)
        #expect(withBF16.select == "Cooperlake")
        #expect(withBF16.reason.contains("Prescott"))
        let plain = BLASKernelDecision.decide(features: Self.avx512Machine, reportedCore: "Prescott", userCoreType: nil)
        #expect(plain.select == "SkylakeX")
        // An AVX2 kernel on an AVX-512 CPU (an OpenBLAS older than the CPU's family) is a fallback too.
        #expect(BLASKernelDecision.decide(features: Self.avx512Machine, reportedCore: "Haswell", userCoreType: nil).select == "SkylakeX")
        #expect(BLASKernelDecision.decide(features: Self.avx2Machine, reportedCore: "Prescott", userCoreType: "").select == "Haswell")
    }

    @Test("a correct detection, an unknown core name and a CPU without features are kept")
    func keepsCorrectDetection() {
        for (features, core) in [(Self.avx512bf16Machine, "Cooperlake"), (Self.avx512Machine, "SkylakeX"),
                                 (Self.avx2Machine, "Haswell"), (Self.avx2Machine, "Zen"), (Self.sse3Only, "Prescott"),
                                 (Self.avx512bf16Machine, "SapphireRapids"), ([], "ARMV8")] {
            let decision = BLASKernelDecision.decide(features: features, reportedCore: core, userCoreType: nil)
            #expect(decision.select == nil, "\(core) on \(features)")
            #expect(decision.reason.hasPrefix("detected by OpenBLAS"))
        }
        // A kernel above the CPU's family (a newer core this table does not rank lower) is never downgraded.
        #expect(BLASKernelDecision.decide(features: Self.avx2Machine, reportedCore: "SkylakeX", userCoreType: nil).select == nil)
    }

    @Test("a kernel the user chose with OPENBLAS_CORETYPE is respected, and the better one named")
    func respectsUserChoice() {
        let decision = BLASKernelDecision.decide(features: Self.avx512bf16Machine, reportedCore: "Prescott", userCoreType: "Prescott")
        #expect(decision.select == nil)
        #expect(decision.reason == "OPENBLAS_CORETYPE=Prescott set by the user; the CPU also runs Cooperlake")
        let best = BLASKernelDecision.decide(features: Self.avx2Machine, reportedCore: "Haswell", userCoreType: "Haswell")
        #expect(best == BLASKernelDecision(select: nil, reason: "OPENBLAS_CORETYPE=Haswell set by the user"))
    }

    @Test("each family is the best one for exactly its own required features")
    func familyTable() {
        for family in OpenBLASKernelFamily.allCases {
            #expect(OpenBLASKernelFamily.best(for: family.requiredFeatures) == family)
            #expect(OpenBLASKernelFamily(reportedCore: family.coreName) == family)
        }
        #expect(OpenBLASKernelFamily.best(for: Self.avx512Machine.subtracting(.avx512bw)) == .avx2)
        #expect(OpenBLASKernelFamily.best(for: [.avx, .avx2, .fma]) == nil)
    }

    @Test("cpuid's features agree with the kernel's view in /proc/cpuinfo", .enabled(if: FileManager.default.fileExists(atPath: "/proc/cpuinfo")))
    func featuresMatchCPUInfo() throws {
        let text = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
        guard let flagsLine = text.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return }
        let flags = Set(flagsLine.split(separator: ":")[1].split(separator: " ").map(String.init))
        // Linux calls SSE3 "pni" (Prescott New Instructions); the other names are cpuid's.
        let linuxNames: [(CPUFeatures, String)] = [
            (.sse3, "pni"), (.avx, "avx"), (.avx2, "avx2"), (.fma, "fma"), (.avx512f, "avx512f"), (.avx512dq, "avx512dq"),
            (.avx512cd, "avx512cd"), (.avx512bw, "avx512bw"), (.avx512vl, "avx512vl"), (.avx512bf16, "avx512_bf16"),
        ]
        for (feature, name) in linuxNames {
            #expect(CPUFeatures.current.contains(feature) == flags.contains(name), "\(name)")
        }
    }

    @Test("the kernel in use is at least the CPU's best family unless the user chose one")
    func currentKernel() {
        let kernel = BLASKernel.current
        #expect(kernel.library.hasPrefix("OpenBLAS"))
        let userChoice = ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] ?? ""
        if userChoice.isEmpty, let best = OpenBLASKernelFamily.best(for: CPUFeatures.current),
           let running = OpenBLASKernelFamily(reportedCore: kernel.core) {
            #expect(running >= best, "\(kernel)")
        } else if !userChoice.isEmpty {
            #expect(kernel.core.lowercased() == userChoice.lowercased())
        }
    }
}
