import Foundation

/// Atomic file replacement that leaves nothing behind: the bytes go to a temporary file next to
/// the target, `.NAME.tmp-PID`, which is then renamed over it (a reader sees the old file or the
/// new one, never half of one). A process killed mid-write leaves its temporary file; the next
/// write of the same target, and `removeStaleTemporaries(in:)` (run by campaigns), delete those
/// whose process no longer exists.
///
/// The bytes are written with `write(2)` in a loop of chunks (`chunkSize`), each retried until
/// it is all out: one `write` call transfers at most about 2 GiB on Linux, and
/// `Data.write(to:)` of the toolchain's Foundation mishandled that for a 2.5 GB merged 2-D
/// table (the file came out with its beginning repeated after the first 2 GiB).
public enum AtomicFile {
    /// Bytes per `write` call: well under the 2 GiB a single call can transfer.
    static let chunkSize = 1 << 28

    public static func write(_ data: Data, to path: String) throws {
        try write(data, to: path, chunkSize: chunkSize)
    }

    static func write(_ data: Data, to path: String, chunkSize: Int) throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        removeStaleTemporaries(in: directory, of: url.lastPathComponent)
        let temporary = (directory as NSString).appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
        func failure(_ what: String) -> CocoaError {
            CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path,
                                                     NSLocalizedDescriptionKey: "\(what): \(String(cString: strerror(errno)))"])
        }
        do {
            let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            guard fd >= 0 else { throw failure("cannot create \(temporary)") }
            var written = 0
            let ok: Bool = data.withUnsafeBytes { raw in
                while written < raw.count {
                    let n = Foundation.write(fd, raw.baseAddress! + written, min(chunkSize, raw.count - written))
                    if n < 0 {
                        if errno == EINTR { continue }
                        return false
                    }
                    written += n
                }
                return true
            }
            let error = ok ? nil : failure("cannot write \(temporary)")
            guard close(fd) == 0, error == nil else { throw error ?? failure("cannot close \(temporary)") }
            guard rename(temporary, path) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path,
                                                               NSLocalizedDescriptionKey: String(cString: strerror(errno))])
            }
        } catch {
            unlink(temporary)
            throw error
        }
    }

    /// Deletes the temporary files of writes into `directory` (of `name` only, when given) whose
    /// writer is gone; returns their names.
    @discardableResult
    public static func removeStaleTemporaries(in directory: String, of name: String? = nil) -> [String] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        var removed: [String] = []
        for entry in entries where entry.hasPrefix(".") {
            guard let marker = entry.range(of: ".tmp-", options: .backwards),
                  let pid = Int32(entry[marker.upperBound...]), pid > 0 else { continue }
            if let name, entry[entry.index(after: entry.startIndex)..<marker.lowerBound] != name { continue }
            if pid != getpid(), kill(pid, 0) == 0 || errno == EPERM { continue } // its writer is still running
            if pid == getpid() && name == nil { continue }
            if unlink((directory as NSString).appendingPathComponent(entry)) == 0 { removed.append(entry) }
        }
        return removed
    }
}
