#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a file could not be written.
public struct FileWriteError: Error, CustomStringConvertible, Sendable {
    /// The file that was to be written.
    public let path: String
    /// The operating system's reason.
    public let reason: String

    public var description: String { "cannot write \(path): \(reason)" }
}

/// Replaces the file at `path` with `text` (UTF-8) atomically: the text goes to a temporary
/// file in the same directory, is flushed to disk, and is then renamed over `path`. Readers see
/// either the old file or the complete new one, never a half-written file; on failure the old
/// file is untouched and the temporary file is removed.
///
/// A new file gets the usual permissions (0666 less the umask).
public func writeFileAtomically(_ text: String, to path: String) throws(FileWriteError) {
    func failure(_ reason: String = String(cString: strerror(errno))) -> FileWriteError {
        FileWriteError(path: path, reason: reason)
    }
    guard !path.isEmpty, !path.hasSuffix("/") else { throw failure("not a file name") }
    let directory = path.lastIndex(of: "/").map { String(path[...$0]) } ?? ""
    let baseName = path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path

    var temporaryPath = ""
    var descriptor: Int32 = -1
    // O_EXCL with a fresh random name: no other writer, not even a concurrent run of the same
    // command, can ever share the temporary file.
    for _ in 0..<16 where descriptor < 0 {
        temporaryPath = directory + "." + baseName + ".\(getpid()).\(UInt32.random(in: .min ... .max)).tmp"
        descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        if descriptor < 0, errno != EEXIST { throw failure() }
    }
    guard descriptor >= 0 else { throw failure() }

    let bytes = Array(text.utf8)
    let written = bytes.withUnsafeBytes { buffer -> Bool in
        var offset = 0
        while offset < buffer.count {
            let count = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            if count < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += count
        }
        return true
    }
    guard written, fsync(descriptor) == 0 else {
        let error = failure()
        close(descriptor)
        unlink(temporaryPath)
        throw error
    }
    guard close(descriptor) == 0, rename(temporaryPath, path) == 0 else {
        let error = failure()
        unlink(temporaryPath)
        throw error
    }
}
