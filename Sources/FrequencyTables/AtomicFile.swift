import Foundation

/// Atomic file replacement that leaves nothing behind: the bytes go to a temporary file next to
/// the target, `.NAME.tmp-PID`, which is then renamed over it (a reader sees the old file or the
/// new one, never half of one). A process killed mid-write leaves its temporary file; the next
/// write of the same target, and `removeStaleTemporaries(in:)` (run by campaigns), delete those
/// whose process no longer exists.
public enum AtomicFile {
    public static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        removeStaleTemporaries(in: directory, of: url.lastPathComponent)
        let temporary = (directory as NSString).appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
        do {
            try data.write(to: URL(fileURLWithPath: temporary))
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
