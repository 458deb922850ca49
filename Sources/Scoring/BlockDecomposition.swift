import Foundation

/// The Block Decomposition Method: K of a string too long for the table, from the K of its
/// blocks. BDM = Σ over DISTINCT blocks b of [K(b) + log(multiplicity of b)]: a block that
/// repeats is paid for once, plus the bits to say how often. O(length) blocks, each one table
/// lookup.
///
/// Two flavours, because the literature has two:
/// - `acss` (R package acss 0.3-2, `bdm(string, delta, alphabet, span)`): blocks of
///   `blockSize` start at 0, step, 2·step, ...; when they do not reach the end, one last
///   shorter block runs from the next start to the end, so every symbol counts. The
///   multiplicity term is log base m (the alphabet). Defaults: blocks of 10, step 10. A string
///   no longer than a block is one block (acss stops with an error instead).
/// - `standard` (Zenil et al. 2018, Entropy 20:605; the Python `pybdm`): the multiplicity term
///   is log2. Blocks of `blockSize` at 0, step, ...; the boundary rule says what happens to a
///   tail shorter than a block: `ignore` drops it (pybdm's default), `recursive` keeps it as
///   one more block when it has at least `minLength` symbols (pybdm's recursive partition in
///   one dimension, `PartitionRecursive(min_length=...)`, default 2; pybdm's 0 acts as 1). A step below the block size gives pybdm's `correlated` (sliding) partition;
///   `recursive` needs step = block size. Defaults: blocks of 12, step 12, ignore.
///
/// Blocks are told apart by their symbols, not by their pattern ("0101" and "1010" are two
/// blocks with the same K), as both implementations count them. For m = 2 the two flavours
/// differ only in the tail rule.
public struct BlockDecomposition: Sendable, Hashable, CustomStringConvertible {
    public enum Flavour: String, Sendable, CaseIterable {
        case acss, standard
    }

    public enum Boundary: String, Sendable, CaseIterable {
        case ignore, recursive
    }

    public let flavour: Flavour
    public let blockSize: Int
    public let step: Int
    /// Only for `standard`.
    public let boundary: Boundary
    /// `standard`/`recursive` only: the shortest tail kept as a block (pybdm `min_length`).
    /// With 1, a one-symbol string (or tail) is a block of its own.
    public let minLength: Int

    /// Blocks are looked up in the table directly, so they are at most its 12 symbols long.
    public static let blockSizes = 2...12

    public static func defaultBlockSize(_ flavour: Flavour) -> Int {
        flavour == .acss ? 10 : 12
    }

    public init(flavour: Flavour = .acss, blockSize: Int? = nil, step: Int? = nil,
                boundary: Boundary = .ignore, minLength: Int = 2) throws(ScoringError) {
        let size = blockSize ?? BlockDecomposition.defaultBlockSize(flavour)
        guard BlockDecomposition.blockSizes.contains(size) else {
            throw .invalidBlockSize(size, valid: BlockDecomposition.blockSizes)
        }
        let step = step ?? size
        guard (1...size).contains(step) else { throw .invalidStep(step, blockSize: size) }
        if flavour == .standard && boundary == .recursive && step != size {
            throw .recursiveNeedsPartition(step: step, blockSize: size)
        }
        self.flavour = flavour
        self.blockSize = size
        self.step = step
        self.boundary = flavour == .acss ? .ignore : boundary
        guard (1...size).contains(minLength) else { throw .invalidMinLength(minLength, blockSize: size) }
        self.minLength = self.boundary == .recursive ? minLength : 2
    }

    /// acss defaults: blocks of 10, step 10.
    public static let acssDefault = try! BlockDecomposition()

    public var description: String {
        var text = "\(flavour.rawValue) flavour, blocks of \(blockSize), step \(step)"
        if flavour == .standard { text += ", boundary \(boundary.rawValue)" }
        if flavour == .standard && boundary == .recursive && minLength != 2 { text += ", min length \(minLength)" }
        return text
    }

    /// The blocks of a string of length `n`, in order; empty when none fits (a string
    /// shorter than a block under `standard`/`ignore`).
    public func blocks(length n: Int) -> [Range<Int>] {
        guard n > 0 else { return [] }
        switch flavour {
        case .acss:
            if n <= blockSize { return [0..<n] }
            var blocks: [Range<Int>] = []
            var start = 0
            while start + blockSize <= n {
                blocks.append(start..<(start + blockSize))
                start += step
            }
            if blocks.last!.upperBound != n {
                blocks.append((blocks.last!.lowerBound + step)..<n)
            }
            return blocks
        case .standard:
            var blocks: [Range<Int>] = []
            var start = 0
            while start + blockSize <= n {
                blocks.append(start..<(start + blockSize))
                start += step
            }
            if boundary == .recursive {
                let covered = blocks.last?.upperBound ?? 0
                if n - covered >= minLength { blocks.append(covered..<n) }
            }
            return blocks
        }
    }

    /// The multiplicity term: log_m for acss, log2 for standard.
    func multiplicityCost(_ multiplicity: Int, alphabet: Int) -> Double {
        switch flavour {
        case .acss: return log(Double(multiplicity)) / log(Double(alphabet))
        case .standard: return log2(Double(multiplicity))
        }
    }
}
