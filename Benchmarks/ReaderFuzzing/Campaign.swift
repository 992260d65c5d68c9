import Foundation
import Randomness
import Synchronization

/// A seeded fuzz campaign against one reader: `count` inputs, each a mutation of a seed document
/// or of an earlier accepted input, each read once and its error messages checked.
///
/// A crash ends the process (the driver's signal handler saves the input); a hang is caught by
/// a `HangWatchdog`; everything else — a rejection whose message is not one clear line — is
/// collected in `Report.badMessages`.
public struct FuzzCampaign {
    public let reader: FuzzReader
    private var mutator: Mutator
    private var random: RandomSource
    /// Seeds plus accepted mutants (valid documents to mutate further), at most `corpusLimit`.
    private var corpus: [[UInt8]]
    private let corpusLimit = 512

    public init(reader: FuzzReader, seed: UInt64, maximumInputLength: Int) {
        self.reader = reader
        mutator = Mutator(tokens: reader.tokens, maximumLength: maximumInputLength, seed: seed)
        random = RandomSource(seed: seed ^ 0x5EED_F022)
        corpus = reader.seeds
    }

    /// The next input; depends only on the seed and on the outcomes recorded so far.
    public mutating func nextInput() -> [UInt8] {
        let base = corpus[random.index(below: corpus.count)]
        let other = corpus[random.index(below: corpus.count)]
        return mutator.mutate(base, splicingWith: other)
    }

    /// Keeps an accepted input as a base for later mutations. Only inputs up to an eighth of the
    /// length limit are kept: enormous documents stay one mutation away, but most mutants remain
    /// small enough to vary every field.
    public mutating func record(_ input: [UInt8], _ outcome: ReaderOutcome) {
        guard outcome.accepted, input.count <= mutator.maximumLength / 8 else { return }
        if corpus.count < corpusLimit {
            corpus.append(input)
        } else {
            corpus[reader.seeds.count + random.index(below: corpusLimit - reader.seeds.count)] = input
        }
    }

    /// What a campaign found.
    public struct Report: Sendable {
        public var inputs = 0
        public var accepted = 0
        public var rejected = 0
        /// Inputs whose rejection message is not one clear line, with the message.
        public var badMessages: [(index: Int, input: [UInt8], message: String)] = []
        /// Distinct rejection messages once numbers and quoted text are blanked: how many
        /// different checks the inputs reached.
        public var distinctReasons = Set<String>()
        public var slowestInput = (index: 0, seconds: 0.0)
        public var totalBytes = 0
        public var largestInput = 0
    }

    /// Runs `count` inputs. `willRead` sees each input first (the driver keeps it for its crash
    /// and hang handlers).
    public mutating func run(count: Int, willRead: (Int, [UInt8]) -> Void = { _, _ in }) -> Report {
        var report = Report()
        for index in 0..<count {
            let input = nextInput()
            willRead(index, input)
            let start = ContinuousClock.now
            let outcome = reader.read(input)
            let elapsed = (ContinuousClock.now - start) / .seconds(1)
            record(input, outcome)
            report.inputs += 1
            report.totalBytes += input.count
            report.largestInput = max(report.largestInput, input.count)
            if elapsed > report.slowestInput.seconds { report.slowestInput = (index, elapsed) }
            if outcome.accepted { report.accepted += 1 } else { report.rejected += 1 }
            if !outcome.accepted, outcome.messages.isEmpty {
                report.badMessages.append((index, input, "(rejected without a message)"))
            }
            for message in outcome.messages {
                if let problem = Self.problem(withMessage: message) {
                    report.badMessages.append((index, input, problem + ": " + message))
                }
                report.distinctReasons.insert(Self.reasonShape(message))
            }
        }
        return report
    }

    /// The longest message a reader may print (the CLI adds the file name in front).
    public static let maximumMessageLength = 400

    /// Why `message` is not one clear line, or nil when it is: it must be non-empty, at most
    /// `maximumMessageLength` characters, and free of control characters, line or paragraph
    /// separators and bidirectional overrides.
    public static func problem(withMessage message: String) -> String? {
        if message.isEmpty { return "empty message" }
        let scalars = message.unicodeScalars
        if scalars.count > maximumMessageLength { return "message of \(scalars.count) characters" }
        if let hidden = scalars.first(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || [0x2028, 0x2029, 0x200E, 0x200F, 0xFEFF].contains($0.value)
            || (0x202A...0x202E).contains($0.value) || (0x2066...0x2069).contains($0.value) }) {
            return "message contains U+\(String(hidden.value, radix: 16, uppercase: true))"
        }
        return nil
    }

    /// The message with digit runs and quoted text blanked, so that messages from the same check
    /// count once.
    static func reasonShape(_ message: String) -> String {
        var shape = ""
        var inQuote: Character?
        var lastWasDigit = false
        for character in message {
            if let quote = inQuote {
                if character == quote { inQuote = nil; shape.append(quote) }
                continue
            }
            if character == "\"" || character == "'" { inQuote = character; shape.append(character); continue }
            if character.isNumber {
                if !lastWasDigit { shape.append("#") }
                lastWasDigit = true
                continue
            }
            lastWasDigit = false
            shape.append(character)
        }
        return shape
    }
}

/// Ends the process when one input takes longer than `deadline`: a hang must not pass as a
/// slow test. `onHang` gets the input's index and bytes (to save them) and must not return.
public final class HangWatchdog: Sendable {
    private let current = Mutex<(index: Int, input: [UInt8], started: ContinuousClock.Instant?)>((0, [], nil))
    private let stopped = Atomic<Bool>(false)

    public init(deadline: Duration, onHang: @escaping @Sendable (Int, [UInt8], Duration) -> Never) {
        let thread = Thread { [self] in
            while !stopped.load(ordering: .relaxed) {
                Thread.sleep(forTimeInterval: 0.05)
                let overdue = current.withLock { state -> (Int, [UInt8], Duration)? in
                    guard let started = state.started else { return nil }
                    let elapsed = ContinuousClock.now - started
                    return elapsed > deadline ? (state.index, state.input, elapsed) : nil
                }
                if let (index, input, elapsed) = overdue { onHang(index, input, elapsed) }
            }
        }
        thread.start()
    }

    /// Marks the start of input `index`.
    public func begin(_ index: Int, _ input: [UInt8]) {
        current.withLock { $0 = (index, input, ContinuousClock.now) }
    }

    public func stop() {
        stopped.store(true, ordering: .relaxed)
    }
}
