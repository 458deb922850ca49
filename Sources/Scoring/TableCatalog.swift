/// Which table scores which alphabet: the one place that names the shipped table files.
///
/// ACSS's tables (docs/formalism.md §3, §4), rebuilt by this project: the exhaustive (5,2)
/// table D(5) for binary strings (and this project's exhaustive D(6), chosen by name), and
/// sampled (4,m) tables for 4, 5, 6 and 9 symbols. How each was made (its space, step cap,
/// samples and run time) is in its file's header and in data/MANIFEST.tsv, the one source of
/// those figures. Adding a table is adding its descriptor here (and, if its format differs, a
/// `ComplexityTable` conformance).
public struct TableDescriptor: Sendable, Hashable, CustomStringConvertible {
    /// Symbols of the table's machines (2, 4, 5, 6 or 9).
    public let alphabet: Int
    /// Short name shown in outputs, e.g. "D5-T500".
    public let name: String
    /// File in the data directory.
    public let fileName: String
    /// Expected header figures, checked on load so a wrong file is never used silently.
    public let states: Int
    public let steps: Int
    /// Longest strings scored by direct lookup (ACSS's 12); longer ones use BDM.
    public let maxLength: Int
    /// The logical-depth companion (`acss build --depth-out`) in the data directory, for the
    /// exhaustive tables; nil where none is made (sampled tables: a sample sees only some
    /// machines, so its fastest halt is not the space's).
    public var depthFileName: String? = nil

    public var description: String { name }
}

public enum TableCatalog {
    /// The file whose presence marks a data directory.
    public static let markerFile = "D5-T500.tsv"

    public static let tables: [TableDescriptor] = [
        TableDescriptor(alphabet: 2, name: "D5-T500", fileName: "D5-T500.tsv", states: 5, steps: 500, maxLength: 12,
                        depthFileName: "D5-T500-depth.tsv"),
        // The first table of an alphabet is its default; the others are chosen by name
        // (`ComplexityEstimator(dataDirectory:using:)`, `acss score --table`).
        // D(6) covers every binary string up to length 16 and all but 2 of length 17
        // (docs/d5-vs-d6.md), so it scores strings up to 17 directly; data/ lists them all.
        TableDescriptor(alphabet: 2, name: "D6-T1000", fileName: "D6-T1000.tsv", states: 6, steps: 1000, maxLength: 17,
                        depthFileName: "D6-T1000-depth.tsv"),
        TableDescriptor(alphabet: 4, name: "K.4", fileName: "K4-T2000.tsv", states: 4, steps: 2000, maxLength: 12),
        TableDescriptor(alphabet: 5, name: "K.5", fileName: "K5-T2000.tsv", states: 4, steps: 2000, maxLength: 12),
        TableDescriptor(alphabet: 6, name: "K.6", fileName: "K6-T2000.tsv", states: 4, steps: 2000, maxLength: 12),
        TableDescriptor(alphabet: 9, name: "K.9", fileName: "K9-T4000.tsv", states: 4, steps: 4000, maxLength: 12),
    ]

    /// The default table of a table alphabet.
    public static func descriptor(forTableAlphabet m: Int) -> TableDescriptor? {
        tables.first { $0.alphabet == m }
    }

    /// A table by its name ("D6-T1000", "K.4", ...).
    public static func descriptor(named name: String) -> TableDescriptor? {
        tables.first { $0.name == name }
    }
}
