import Foundation
import FrequencyTables

/// What a report must say of a table it used, so a reader can tell exactly which file scored
/// the data: its name, its file, the file's SHA-256, and the key figures of its header
/// (machine space, step cap, machines or samples, H). Read from the file itself, not from the
/// catalog, so a replaced or rebuilt table shows.
public struct TableProvenance: Sendable, Equatable {
    public let name: String
    public let file: String
    /// SHA-256 of the whole file, 64 lowercase hex digits.
    public let sha256: String
    /// "(4,4)", or "2-D (4,2)" for a table of 2-D machines: (states, symbols).
    public let space: String
    public let stepCap: Int?
    /// Machines in the space (exhaustive tables); nil for a sampled table.
    public let machines: String?
    /// Machines sampled (sampled tables); nil for an exhaustive one.
    public let samples: String?
    /// H: halting machines (an estimate scaled to the space for a sampled table).
    public let halting: String?

    /// The table `name` (catalog or 2-D catalog) in `directory`; nil when the name is unknown.
    public static func read(table name: String, directory: String) throws(ScoringError) -> TableProvenance? {
        let file = TableCatalog.descriptor(named: name)?.fileName ?? GridTableDescriptor.named(name)?.fileName
        guard let file else { return nil }
        return try read(path: (directory as NSString).appendingPathComponent(file), name: name)
    }

    /// Hashes the file and reads the `# key: value` lines of its header.
    public static func read(path: String, name: String) throws(ScoringError) -> TableProvenance {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) } catch {
            throw .tableMissing(path: path, table: name)
        }
        var header: [String: String] = [:]
        var start = data.startIndex
        while start < data.endIndex, data[start] == UInt8(ascii: "#") {
            let end = data[start...].firstIndex(of: UInt8(ascii: "\n")) ?? data.endIndex
            let line = String(decoding: data[start..<end], as: UTF8.self)
            if let colon = line.firstIndex(of: ":") {
                let key = line[line.index(after: line.startIndex)..<colon].trimmingCharacters(in: .whitespaces)
                header[key] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            start = end < data.endIndex ? data.index(after: end) : end
        }
        let pair = "(\(header["states"] ?? "?"),\(header["symbols"] ?? "?"))"
        return TableProvenance(
            name: name, file: (path as NSString).lastPathComponent, sha256: SHA256.hexDigest(of: data),
            space: header["dimensions"] == "2" ? "2-D " + pair : pair, stepCap: header["steps"].flatMap { Int($0) },
            machines: header["samples"] == nil ? header["machines"] : nil, samples: header["samples"], halting: header["halting"])
    }
}
