#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading a file a user names (an MDP, a layout, a certificate, an actions file, a sweep file),
/// whole, with a cap on its size: a path such as `/dev/zero` or a runaway pipe would otherwise be
/// read until memory runs out. The cap is ``limitBytes``: 512 MiB, or `MAXENT_MAX_INPUT_MIB`
/// mebibytes when that is set to a positive integer. Plain system calls only (no Foundation), so
/// that the self-contained environments library can use it.
package enum InputFile {
    /// The environment variable that raises (or lowers) the cap, in MiB.
    package static let limitVariable = "MAXENT_MAX_INPUT_MIB"
    package static let defaultLimitMiB = 512

    /// The cap in bytes, from the environment.
    package static var limitBytes: Int {
        limitBytes(fromVariable: getenv(limitVariable).map { String(cString: $0) })
    }

    /// The cap for a value of ``limitVariable`` (nil when unset): a positive number of MiB, else
    /// the default.
    package static func limitBytes(fromVariable value: String?) -> Int {
        let mebibytes = value.flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil } ?? defaultLimitMiB
        return mebibytes.multipliedReportingOverflow(by: 1 << 20).overflow ? .max : mebibytes << 20
    }

    /// Why a file could not be read, in words that fit after "PATH: ".
    package struct ReadError: Error, CustomStringConvertible, Sendable {
        package let description: String
    }

    /// The whole content of the file at `path` (`-` for standard input when `allowsStandardInput`).
    /// Refuses, before reading, a regular file larger than the cap, and stops reading anything else
    /// (a device, a pipe) as soon as it passes the cap.
    package static func contents(
        atPath path: String, allowsStandardInput: Bool = false, limit: Int = limitBytes
    ) throws(ReadError) -> [UInt8] {
        func failure(_ what: String = "cannot read the file") -> ReadError {
            ReadError(description: "\(what): \(String(cString: strerror(errno)))")
        }
        let descriptor = allowsStandardInput && path == "-" ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure() }
        defer { if descriptor != STDIN_FILENO { close(descriptor) } }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw failure() }
        if (status.st_mode & S_IFMT) == S_IFDIR {
            errno = EISDIR
            throw failure()
        }
        let limitText = limit >= 1 << 20 ? "\(limit >> 20) MiB" : "\(limit)-byte"
        let tooLarge = ReadError(description: "larger than the \(limitText) input limit (set \(limitVariable) to raise it)")
        if (status.st_mode & S_IFMT) == S_IFREG, Int(status.st_size) > limit { throw tooLarge }
        var contents: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure()
            }
            if count == 0 { return contents }
            guard contents.count + count <= limit else { throw tooLarge }
            contents.append(contentsOf: chunk[0..<count])
        }
    }
}
