import Foundation
import FrequencyTables

/// Logical depth estimates of strings (docs/aid.md).
///
/// **Short strings (CTM).** The depth of a string is the halting step of the fastest machine
/// of the table's space that outputs it (`DepthTable`, Soler-Toscano, Zenil, Delahaye &
/// Gauvrit 2014), taken over both blank symbols, like K: relabelling the symbols of a machine
/// (for m = 2, complementing) gives a machine that runs the same number of steps from the
/// relabelled blank and outputs the relabelled string. So a pattern's depth is the minimum of
/// the blank-0 depths of the strings that share the pattern, which is what this table keeps.
///
/// **Long strings (BDM).** OACC's rule (the Online Algorithmic Complexity Calculator, its
/// `stringBDMLD`): with the string cut into blocks as for BDM, the depth is
/// `sum over distinct blocks b of depth(b) * (log2(n_b) + 1)`, `n_b` the block's multiplicity.
/// Unlike BDM's K, the repetitions are weighted multiplicatively: repeating a block costs the
/// time to run its program again, not only the bits to say how often.
struct LogicalDepthTable: Sendable {
    let descriptor: TableDescriptor
    private let depths: [Pattern: Int]

    static func load(path: String, descriptor: TableDescriptor) throws(ScoringError) -> LogicalDepthTable {
        var depths: [Pattern: Int] = [:]
        let maxLength = descriptor.maxLength
        let header: DepthTable.Figures
        do {
            header = try DepthTableFile.scan(path: path) { s, d in
                guard s.count <= maxLength, let p = Pattern(normalizing: s) else { return }
                if let known = depths[p], known <= d { return }
                depths[p] = d
            }
        } catch {
            if case .unreadable = error, !FileManager.default.fileExists(atPath: path) {
                throw .tableMissing(path: path, table: descriptor.name + " logical depths")
            }
            throw .tableUnreadable(path: path, reason: error.description)
        }
        guard header.space.states == descriptor.states, header.space.symbols == descriptor.alphabet,
              header.stepCap == descriptor.steps, header.part == nil else {
            throw .tableMismatch(path: path,
                                 expected: "the depths of all (\(descriptor.states),\(descriptor.alphabet)) machines, step cap \(descriptor.steps)",
                                 found: "\(header.part.map { "shard \($0.shard) of " } ?? "")\(header.space) machines, step cap \(header.stepCap)")
        }
        if let listed = header.listedMaxLength, listed < descriptor.maxLength {
            throw .tableMismatch(path: path, expected: "depths of strings up to length \(descriptor.maxLength)",
                                 found: "strings up to length \(listed)")
        }
        return LogicalDepthTable(descriptor: descriptor, depths: depths)
    }

    /// The depth of a pattern, nil when no machine of the space outputs it within the cap.
    func depth(of pattern: Pattern) -> Int? { depths[pattern] }
}

/// A logical depth, in steps, and how it was obtained.
public struct LogicalDepthEstimate: Sendable, Equatable {
    public let steps: Double
    public let method: EstimationMethod
}

public enum LogicalDepth {
    /// OACC's aggregation of block depths: `sum of depth(b) * (log2(n_b) + 1)` over the
    /// distinct blocks, `n_b` their multiplicities.
    public static func blockSum(_ blocks: [(depth: Int, multiplicity: Int)]) -> Double {
        var sum = 0.0
        for b in blocks { sum += Double(b.depth) * (log2(Double(b.multiplicity)) + 1) }
        return sum
    }
}

extension ComplexityEstimator {
    /// The logical depth of a string (see `LogicalDepthTable`): the table's value when it
    /// lists the string, otherwise OACC's block sum over `decomposition`'s blocks. Throws
    /// when the data directory has no depth table for the alphabet's table (`reason` of
    /// `.tableMissing`) or a block has no depth.
    public func logicalDepth(of sequence: SymbolSequence, alphabet: Alphabet,
                             decomposition: BlockDecomposition = .acssDefault) throws(ScoringError) -> LogicalDepthEstimate {
        try logicalDepth(pattern: sequence.pattern, text: sequence.text, alphabet: alphabet, decomposition: decomposition)
    }

    func logicalDepth(pattern: Pattern, text: String, alphabet: Alphabet,
                      decomposition: BlockDecomposition) throws(ScoringError) -> LogicalDepthEstimate {
        try check(pattern, text, alphabet)
        let depths = try registry.depths(forTableAlphabet: alphabet.tableSize)
        if pattern.length <= depths.descriptor.maxLength {
            guard let d = depths.depth(of: pattern) else { throw .notInTable(text, table: depths.descriptor.name) }
            return LogicalDepthEstimate(steps: Double(d), method: .ctm)
        }
        // The blocks as BDM counts them.
        var blocks: [(depth: Int, multiplicity: Int)] = []
        for (r, multiplicity) in try distinctBlocks(pattern, text: text, decomposition: decomposition) {
            guard let p = Pattern(normalizing: pattern.symbols[r]), let d = depths.depth(of: p) else {
                throw .blockNotInTable(text, position: r.lowerBound, length: r.count, table: depths.descriptor.name)
            }
            blocks.append((d, multiplicity))
        }
        return LogicalDepthEstimate(steps: LogicalDepth.blockSum(blocks), method: .bdm)
    }
}
