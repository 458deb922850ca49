import Foundation

/// Fails early, before a long run, when the output path cannot be written.
func checkWritable(_ path: String) throws(UsageError) {
    let url = URL(fileURLWithPath: path)
    let directory = url.deletingLastPathComponent().path
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
        throw UsageError("cannot write '\(path)': directory '\(directory)' does not exist")
    }
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
        throw UsageError("cannot write '\(path)': it is a directory")
    }
    guard FileManager.default.isWritableFile(atPath: directory) else {
        throw UsageError("cannot write '\(path)': directory '\(directory)' is not writable")
    }
}

/// Creates the output folder if missing; refuses a file or a folder that cannot be written.
func prepareOutputDirectory(_ path: String) throws(UsageError) {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
        guard isDirectory.boolValue else { throw UsageError("--out '\(path)' exists and is not a directory") }
    } else {
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
            throw UsageError("cannot create --out directory '\(path)': \(error.localizedDescription)")
        }
    }
    guard FileManager.default.isWritableFile(atPath: path) else { throw UsageError("--out directory '\(path)' is not writable") }
}
