import Foundation
import ReaderFuzzing

// The long fuzz run: `count` seeded mutations per reader (default 100,000), each read in this
// process under a per-input deadline and an address-space limit, so that a crash, a hang or an
// exhausted memory cannot pass unnoticed. A crashing input is saved by the signal handler, a
// hanging one by the watchdog, both under --out; the run then stops with a non-zero status.
//
//   swift build -c release --product ReaderFuzz
//   .build/release/ReaderFuzz [--reader mdp,certificate,actions,checkpoint] [--count 100000]
//       [--seed 1] [--deadline 10] [--max-length 1048576] [--memory-limit-gib 8] [--out fuzz-findings]

struct Options {
    var readers = FuzzReader.all
    var count = 100_000
    var seed: UInt64 = 1
    var deadlineSeconds = 10
    var maximumLength = 1 << 20
    var memoryLimitGiB = 8
    var outputDirectory = "fuzz-findings"
}

func usage(_ problem: String) -> Never {
    FileHandle.standardError.write(Data("ReaderFuzz: \(problem)\n".utf8))
    exit(2)
}

func parseOptions() -> Options {
    var options = Options()
    var arguments = CommandLine.arguments.dropFirst()
    while let flag = arguments.popFirst() {
        guard let value = arguments.popFirst() else { usage("\(flag) needs a value") }
        func number<N: FixedWidthInteger>(_ type: N.Type, atLeast minimum: N) -> N {
            guard let number = N(value), number >= minimum else { usage("\(flag): expected an integer ≥ \(minimum), got '\(value)'") }
            return number
        }
        switch flag {
        case "--reader":
            options.readers = value.split(separator: ",").map { name -> FuzzReader in
                guard let reader = FuzzReader.named(String(name)) else {
                    usage("--reader: no reader '\(name)' (readers: \(FuzzReader.all.map(\.name).joined(separator: ", ")))")
                }
                return reader
            }
        case "--count": options.count = number(Int.self, atLeast: 1)
        case "--seed": options.seed = number(UInt64.self, atLeast: 0)
        case "--deadline": options.deadlineSeconds = number(Int.self, atLeast: 1)
        case "--max-length": options.maximumLength = number(Int.self, atLeast: 1)
        case "--memory-limit-gib": options.memoryLimitGiB = number(Int.self, atLeast: 1)
        case "--out": options.outputDirectory = value
        default: usage("unknown option \(flag)")
        }
    }
    return options
}

// MARK: Saving the input that crashed

// The signal handler may only use what was prepared before the crash: these buffers are
// allocated once, and each input is copied into `crashInput` before it is read.
nonisolated(unsafe) var crashInput = UnsafeMutableRawBufferPointer.allocate(byteCount: 1, alignment: 1)
nonisolated(unsafe) var crashInputLength = 0
nonisolated(unsafe) var crashPath = UnsafeMutablePointer<CChar>.allocate(capacity: 4096)
nonisolated(unsafe) var crashNote = UnsafeMutablePointer<CChar>.allocate(capacity: 4096)

func writeAll(_ descriptor: Int32, _ pointer: UnsafeRawPointer, _ count: Int) {
    var offset = 0
    while offset < count {
        let written = write(descriptor, pointer + offset, count - offset)
        if written <= 0 { return }
        offset += written
    }
}

nonisolated(unsafe) let crashHandler: @convention(c) (Int32) -> Void = { signal in
    let descriptor = open(crashPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    if descriptor >= 0 {
        writeAll(descriptor, crashInput.baseAddress!, crashInputLength)
        close(descriptor)
    }
    writeAll(2, crashNote, strlen(crashNote))
    // SA_RESETHAND restored the default action: re-raise so the process still dies by the signal.
    raise(signal)
}

func installCrashHandler(maximumLength: Int) {
    crashInput = UnsafeMutableRawBufferPointer.allocate(byteCount: maximumLength, alignment: 16)
    // A stack overflow leaves no stack for the handler: give it its own.
    let alternateStackSize = 1 << 16
    var alternateStack = stack_t()
    alternateStack.ss_sp = UnsafeMutableRawPointer.allocate(byteCount: alternateStackSize, alignment: 16)
    alternateStack.ss_size = alternateStackSize
    sigaltstack(&alternateStack, nil)
    var action = sigaction()
    action.__sigaction_handler.sa_handler = crashHandler
    action.sa_flags = Int32(SA_ONSTACK) | Int32(bitPattern: UInt32(SA_RESETHAND))
    sigemptyset(&action.sa_mask)
    for signal in [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE] { sigaction(signal, &action, nil) }
}

func prepareCrashRecord(reader: String, index: Int, input: [UInt8], directory: String) {
    input.withUnsafeBytes { crashInput.copyMemory(from: $0) }
    crashInputLength = input.count
    let path = "\(directory)/crash-\(reader)-\(index).bin"
    _ = path.withCString { strncpy(crashPath, $0, 4095) }
    _ = "\nReaderFuzz: CRASH in reader \(reader) on input #\(index), saved to \(path)\n".withCString { strncpy(crashNote, $0, 4095) }
}

// MARK: The run

let options = parseOptions()
try FileManager.default.createDirectory(atPath: options.outputDirectory, withIntermediateDirectories: true)
var limit = rlimit(rlim_cur: rlim_t(options.memoryLimitGiB) << 30, rlim_max: rlim_t(options.memoryLimitGiB) << 30)
setrlimit(Int32(RLIMIT_AS.rawValue), &limit)
installCrashHandler(maximumLength: options.maximumLength)

print("ReaderFuzz: \(options.count) inputs per reader, seed \(options.seed), deadline \(options.deadlineSeconds) s per input, "
      + "inputs up to \(options.maximumLength) bytes, address space limited to \(options.memoryLimitGiB) GiB")
var failed = false
for reader in options.readers {
    let directory = options.outputDirectory
    let watchdog = HangWatchdog(deadline: .seconds(options.deadlineSeconds)) { index, input, elapsed in
        let path = "\(directory)/hang-\(reader.name)-\(index).bin"
        _ = FileManager.default.createFile(atPath: path, contents: Data(input))
        FileHandle.standardError.write(Data("ReaderFuzz: HANG in reader \(reader.name) on input #\(index) (\(elapsed) without finishing), saved to \(path)\n".utf8))
        exit(3)
    }
    var campaign = FuzzCampaign(reader: reader, seed: options.seed, maximumInputLength: options.maximumLength)
    let start = ContinuousClock.now
    let report = campaign.run(count: options.count) { index, input in
        prepareCrashRecord(reader: reader.name, index: index, input: input, directory: directory)
        watchdog.begin(index, input)
    }
    watchdog.stop()
    let elapsed = (ContinuousClock.now - start) / .seconds(1)
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    print("""
        \(reader.name) — \(reader.summary)
          \(report.inputs) inputs, 0 crashes, 0 hangs: \(report.accepted) accepted, \(report.rejected) rejected \
        (\(report.distinctReasons.count) distinct reasons), \(report.badMessages.count) messages that are not one clear line
          mean input \(report.totalBytes / max(1, report.inputs)) bytes, largest \(report.largestInput); slowest input #\(report.slowestInput.index) \
        \(String(format: "%.3f", report.slowestInput.seconds)) s; \(String(format: "%.1f", elapsed)) s in all; peak RSS so far \(usage.ru_maxrss / 1024) MiB
        """)
    for (index, input, message) in report.badMessages.prefix(10) {
        let path = "\(directory)/message-\(reader.name)-\(index).bin"
        _ = FileManager.default.createFile(atPath: path, contents: Data(input))
        print("  BAD MESSAGE (input #\(index), \(path)): \(message.prefix(300))")
    }
    failed = failed || !report.badMessages.isEmpty
}
exit(failed ? 1 : 0)
