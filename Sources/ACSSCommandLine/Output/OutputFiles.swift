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
