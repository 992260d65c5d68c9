import _COpenBLAS
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The x86-64 instruction-set extensions that decide which OpenBLAS kernels a CPU can run, each
/// counted only when the operating system also saves the registers it uses.
public struct CPUFeatures: OptionSet, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let sse3 = CPUFeatures(rawValue: 1 << 0)
    public static let avx = CPUFeatures(rawValue: 1 << 1)
    public static let avx2 = CPUFeatures(rawValue: 1 << 2)
    public static let fma = CPUFeatures(rawValue: 1 << 3)
    public static let avx512f = CPUFeatures(rawValue: 1 << 4)
    public static let avx512dq = CPUFeatures(rawValue: 1 << 5)
    public static let avx512cd = CPUFeatures(rawValue: 1 << 6)
    public static let avx512bw = CPUFeatures(rawValue: 1 << 7)
    public static let avx512vl = CPUFeatures(rawValue: 1 << 8)
    public static let avx512bf16 = CPUFeatures(rawValue: 1 << 9)

    static let named: [(CPUFeatures, String)] = [
        (.sse3, "sse3"), (.avx, "avx"), (.avx2, "avx2"), (.fma, "fma"), (.avx512f, "avx512f"), (.avx512dq, "avx512dq"),
        (.avx512cd, "avx512cd"), (.avx512bw, "avx512bw"), (.avx512vl, "avx512vl"), (.avx512bf16, "avx512_bf16"),
    ]

    /// The features' names as Linux's `/proc/cpuinfo` spells them, space-separated.
    public var description: String { Self.named.filter { contains($0.0) }.map(\.1).joined(separator: " ") }

    /// The features of the CPU this process runs on (empty on other architectures).
    public static let current: CPUFeatures = {
        var registers: [UInt32] = [0, 0, 0, 0]
        guard maxent_cpuid(1, 0, &registers) != 0 else { return [] }
        let leaf1ECX = registers[2]
        var features: CPUFeatures = []
        if leaf1ECX & (1 << 0) != 0 { features.insert(.sse3) }
        // AVX registers are usable only when the OS has enabled XSAVE and saves the SSE and AVX state.
        let osSavesXState = leaf1ECX & (1 << 27) != 0
        let stateMask = osSavesXState ? maxent_xgetbv0() : 0
        let avxState = stateMask & 0x6 == 0x6
        let avx512State = avxState && stateMask & 0xE0 == 0xE0
        if avxState && leaf1ECX & (1 << 28) != 0 { features.insert(.avx) }
        if avxState && leaf1ECX & (1 << 12) != 0 { features.insert(.fma) }
        guard maxent_cpuid(7, 0, &registers) != 0 else { return features }
        let leaf7EBX = registers[1]
        if avxState && leaf7EBX & (1 << 5) != 0 { features.insert(.avx2) }
        if avx512State {
            for (bit, feature) in [(16, CPUFeatures.avx512f), (17, .avx512dq), (28, .avx512cd), (30, .avx512bw), (31, .avx512vl)]
            where leaf7EBX & (1 << UInt32(bit)) != 0 {
                features.insert(feature)
            }
            if maxent_cpuid(7, 1, &registers) != 0, registers[0] & (1 << 5) != 0 { features.insert(.avx512bf16) }
        }
        return features
    }()
}

/// The families of OpenBLAS's x86-64 single-precision kernels, from the least to the most capable,
/// with the CPU features each needs and the name `OPENBLAS_CORETYPE` accepts for it.
public enum OpenBLASKernelFamily: Int, Sendable, Comparable, CaseIterable {
    /// SSE3 kernels (Prescott, Core2, Nehalem, the Opterons…): OpenBLAS's fallback for CPUs it does not know.
    case sse3
    /// AVX kernels (Sandybridge, Bulldozer and its successors).
    case avx
    /// AVX2 + FMA kernels (Haswell, Zen).
    case avx2
    /// AVX-512 kernels (SkylakeX).
    case avx512
    /// AVX-512 with bfloat16 (Cooperlake): SkylakeX's single-precision kernels plus bfloat16 ones.
    case avx512bf16

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The core name that selects this family through `OPENBLAS_CORETYPE`.
    public var coreName: String {
        switch self {
        case .sse3: "Prescott"
        case .avx: "Sandybridge"
        case .avx2: "Haswell"
        case .avx512: "SkylakeX"
        case .avx512bf16: "Cooperlake"
        }
    }

    /// The features a CPU must have to run the family's kernels.
    public var requiredFeatures: CPUFeatures {
        switch self {
        case .sse3: [.sse3]
        case .avx: [.sse3, .avx]
        case .avx2: [.sse3, .avx, .avx2, .fma]
        case .avx512: [.sse3, .avx, .avx2, .fma, .avx512f, .avx512dq, .avx512cd, .avx512bw, .avx512vl]
        case .avx512bf16: [.sse3, .avx, .avx2, .fma, .avx512f, .avx512dq, .avx512cd, .avx512bw, .avx512vl, .avx512bf16]
        }
    }

    /// The most capable family a CPU with `features` runs, or nil when it lacks even SSE3 (not x86-64).
    public static func best(for features: CPUFeatures) -> OpenBLASKernelFamily? {
        allCases.last { features.isSuperset(of: $0.requiredFeatures) }
    }

    /// The family of a core name as `openblas_get_corename()` reports it, or nil for a name this
    /// table does not know (a newer core, or another architecture), which is then trusted as it is.
    public init?(reportedCore: String) {
        switch reportedCore.lowercased() {
        case "prescott", "core2", "penryn", "dunnington", "nehalem", "atom", "nano", "athlon", "opteron", "opteron_sse3",
             "barcelona", "bobcat", "katmai", "coppermine", "northwood", "banias":
            self = .sse3
        case "sandybridge", "bulldozer", "piledriver", "steamroller", "excavator":
            self = .avx
        case "haswell", "zen":
            self = .avx2
        case "skylakex":
            self = .avx512
        case "cooperlake":
            self = .avx512bf16
        default:
            return nil
        }
    }
}

/// What to do with the kernel OpenBLAS picked by itself: keep it, or select a better one the CPU runs.
public struct BLASKernelDecision: Sendable, Equatable {
    /// The core to select through `OPENBLAS_CORETYPE`, or nil to keep the loaded one.
    public var select: String?
    /// Why, in words, for the benchmarks and `config.json`.
    public var reason: String

    public init(select: String?, reason: String) {
        self.select = select
        self.reason = reason
    }

    /// Decides from the CPU's `features`, the core OpenBLAS reports (`openblas_get_corename()`)
    /// and the user's `OPENBLAS_CORETYPE` (nil or empty when unset).
    ///
    /// A user's choice is always kept. Otherwise the loaded kernel is replaced only when it belongs
    /// to a family below the best one the CPU supports — what happens when OpenBLAS does not
    /// recognise a CPU and falls back to its SSE3 kernels — and only by that best family, so the
    /// choice depends on the machine alone and results stay deterministic per machine.
    public static func decide(features: CPUFeatures, reportedCore: String, userCoreType: String?) -> BLASKernelDecision {
        let best = OpenBLASKernelFamily.best(for: features)
        if let userCoreType, !userCoreType.isEmpty {
            var reason = "OPENBLAS_CORETYPE=\(userCoreType) set by the user"
            if let best, let loaded = OpenBLASKernelFamily(reportedCore: reportedCore), loaded < best {
                reason += "; the CPU also runs \(best.coreName)"
            }
            return BLASKernelDecision(select: nil, reason: reason)
        }
        guard let best else { return BLASKernelDecision(select: nil, reason: "detected by OpenBLAS (CPU features unknown)") }
        guard let loaded = OpenBLASKernelFamily(reportedCore: reportedCore) else {
            return BLASKernelDecision(select: nil, reason: "detected by OpenBLAS")
        }
        guard loaded < best else { return BLASKernelDecision(select: nil, reason: "detected by OpenBLAS") }
        return BLASKernelDecision(
            select: best.coreName,
            reason: "selected for the CPU (\(best.coreName)); OpenBLAS had detected \(reportedCore)")
    }
}

/// The BLAS kernel the networks run on, chosen once per process before the first product.
public struct BLASKernel: Sendable, Equatable, CustomStringConvertible {
    /// The core OpenBLAS runs, as `openblas_get_corename()` reports it.
    public let core: String
    /// The library and version, e.g. "OpenBLAS 0.3.21".
    public let library: String
    /// How the core was chosen.
    public let reason: String

    /// For example "Cooperlake (OpenBLAS 0.3.21; detected by OpenBLAS)".
    public var description: String { "\(core) (\(library); \(reason))" }

    /// The kernel in use, after correcting a failed detection. Reading it is what makes the choice;
    /// every network reads it when it is built, before its first product.
    public static let current: BLASKernel = select()

    static func select() -> BLASKernel {
        let library = String(cString: openblas_get_config()).split(separator: " ").prefix(2).joined(separator: " ")
        let reported = String(cString: openblas_get_corename())
        let decision = BLASKernelDecision.decide(
            features: CPUFeatures.current, reportedCore: reported,
            userCoreType: getenv("OPENBLAS_CORETYPE").map { String(cString: $0) })
        guard let wanted = decision.select else { return BLASKernel(core: reported, library: library, reason: decision.reason) }
        guard reinitialize(core: wanted) else {
            return BLASKernel(core: reported, library: library,
                              reason: "detected by OpenBLAS; the CPU runs \(wanted) but this OpenBLAS cannot switch kernels")
        }
        let now = String(cString: openblas_get_corename())
        guard now.lowercased() == wanted.lowercased() else {
            // The library lacks that kernel and fell back: return to what it had detected.
            _ = reinitialize(core: reported)
            return BLASKernel(core: String(cString: openblas_get_corename()), library: library,
                              reason: "detected by OpenBLAS; the CPU runs \(wanted) but this OpenBLAS has no such kernel")
        }
        return BLASKernel(core: now, library: library, reason: decision.reason)
    }

    /// Makes OpenBLAS choose its kernel table again as if `OPENBLAS_CORETYPE` were `core`, through
    /// the entry points its own start-up runs (present in every `DYNAMIC_ARCH` build, as Debian's);
    /// false when the library has no such entry points (a build for one fixed CPU). The process
    /// environment is left as it was, so child processes make their own choice.
    static func reinitialize(core: String) -> Bool {
        typealias Entry = @convention(c) () -> Void
        let everyLibrary = UnsafeMutableRawPointer(bitPattern: 0)
        guard let quitSymbol = dlsym(everyLibrary, "gotoblas_dynamic_quit"),
              let initSymbol = dlsym(everyLibrary, "gotoblas_dynamic_init") else { return false }
        let previous = getenv("OPENBLAS_CORETYPE").map { String(cString: $0) }
        setenv("OPENBLAS_CORETYPE", core, 1)
        unsafeBitCast(quitSymbol, to: Entry.self)()
        unsafeBitCast(initSymbol, to: Entry.self)()
        if let previous { setenv("OPENBLAS_CORETYPE", previous, 1) } else { unsetenv("OPENBLAS_CORETYPE") }
        return true
    }

    /// Makes OpenBLAS run `core` as if its own detection had picked it, with no user choice left,
    /// so that a benchmark can show ``current`` correcting a failed detection on a CPU OpenBLAS
    /// knows. Must run before anything reads ``current``; returns false when it cannot.
    public static func simulateDetection(of core: String) -> Bool {
        unsetenv("OPENBLAS_CORETYPE")
        return reinitialize(core: core) && String(cString: openblas_get_corename()).lowercased() == core.lowercased()
    }
}
