import FrequencyTables
import Synchronization

/// The tables by alphabet, loaded on first use and kept: one per table alphabet (2, 4, 5, 6,
/// 9). A table that cannot be loaded is remembered as its error, so a batch reports it on
/// every row without retrying the disk.
final class TableRegistry: Sendable {
    let directory: String?
    /// Tables chosen instead of their alphabet's default, by table alphabet.
    let choices: [Int: TableDescriptor]
    private let loaded: Mutex<[Int: Result<any ComplexityTable, ScoringError>]>
    private let loadedDepths = Mutex<[Int: Result<LogicalDepthTable, ScoringError>]>([:])

    init(directory: String, choices: [TableDescriptor] = []) {
        self.directory = directory
        self.choices = Dictionary(choices.map { ($0.alphabet, $0) }, uniquingKeysWith: { _, last in last })
        loaded = Mutex([:])
    }

    init(tables: [any ComplexityTable]) {
        directory = nil
        choices = [:]
        var byAlphabet: [Int: Result<any ComplexityTable, ScoringError>] = [:]
        for t in tables { byAlphabet[t.descriptor.alphabet] = .success(t) }
        loaded = Mutex(byAlphabet)
    }

    func table(forTableAlphabet m: Int) throws(ScoringError) -> any ComplexityTable {
        let result = loaded.withLock { cache -> Result<any ComplexityTable, ScoringError> in
            if let known = cache[m] { return known }
            let outcome = load(m)
            cache[m] = outcome
            return outcome
        }
        return try result.get()
    }

    /// The logical depths that go with the table of alphabet `m` (see `LogicalDepthTable`).
    func depths(forTableAlphabet m: Int) throws(ScoringError) -> LogicalDepthTable {
        let descriptor = try table(forTableAlphabet: m).descriptor
        let result = loadedDepths.withLock { cache -> Result<LogicalDepthTable, ScoringError> in
            if let known = cache[m] { return known }
            let outcome: Result<LogicalDepthTable, ScoringError>
            if let file = descriptor.depthFileName, let directory {
                let path = directory.hasSuffix("/") ? directory + file : directory + "/" + file
                do throws(ScoringError) {
                    outcome = .success(try LogicalDepthTable.load(path: path, descriptor: descriptor))
                } catch {
                    outcome = .failure(error)
                }
            } else {
                outcome = .failure(.noDepthTable(table: descriptor.name))
            }
            cache[m] = outcome
            return outcome
        }
        return try result.get()
    }

    private func load(_ m: Int) -> Result<any ComplexityTable, ScoringError> {
        guard let descriptor = choices[m] ?? TableCatalog.descriptor(forTableAlphabet: m) else {
            return .failure(.unsupportedAlphabet(m))
        }
        let fileName = descriptor.fileName
        guard let directory else {
            return .failure(.tableNotLoaded(alphabet: m, table: descriptor.name))
        }
        let path = directory.hasSuffix("/") ? directory + fileName : directory + "/" + fileName
        do throws(ScoringError) {
            if SampledTableFile.isSampledTable(path: path) {
                return .success(try PatternTable.loadSampled(path: path, descriptor: descriptor))
            }
            return .success(try PatternTable.load(path: path, descriptor: descriptor))
        } catch {
            return .failure(error)
        }
    }
}
