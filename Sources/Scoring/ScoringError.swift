/// Everything that can go wrong when scoring. Every message names the offending value and,
/// where there is one, says what would be valid.
public enum ScoringError: Error, Equatable, Sendable, CustomStringConvertible {
    case emptyString
    case emptySymbol(String)
    case tooManyDistinctSymbols(String, distinct: Int)
    case moreSymbolsThanAlphabet(String, distinct: Int, alphabet: Int)
    case unsupportedAlphabet(Int)
    case cannotInferAlphabet(String, distinct: Int)
    /// An estimator built from tables in memory was not given the table of this alphabet.
    case tableNotLoaded(alphabet: Int, table: String)
    case tablesNotFound(searched: [String])
    case tableMissing(path: String, table: String)
    case tableUnreadable(path: String, reason: String)
    case tableMismatch(path: String, expected: String, found: String)
    case noDepthTable(table: String)
    case notCovered(String, length: Int, maxLength: Int, table: String)
    case notInTable(String, table: String)
    case invalidPrior(Double)
    case invalidSpan(Int, valid: ClosedRange<Int>)
    case shorterThanSpan(String, length: Int, span: Int)
    case invalidBlockSize(Int, valid: ClosedRange<Int>)
    case invalidStep(Int, blockSize: Int)
    case recursiveNeedsPartition(step: Int, blockSize: Int)
    case shorterThanBlock(String, length: Int, blockSize: Int)
    /// Boundary `recursive`: the string is shorter than both the block and the minimum length.
    case shorterThanMinLength(String, length: Int, minLength: Int)
    case normalizationNeedsPartition(step: Int, blockSize: Int)
    case noPerturbation(String)
    case blockNotInTable(String, position: Int, length: Int, table: String)
    case windowNotInTable(String, position: Int, span: Int, table: String)
    case referenceUnavailable(length: Int, alphabet: Int, maxLength: Int)
    case invalidLength(Int)
    case gridReferenceUnavailable(rows: Int, columns: Int, maxArea: Int)
    case invalidArray(String, reason: String)
    case arrayNotCovered(String, area: Int, maxArea: Int, table: String)
    case arrayNotInTable(String, table: String)
    case invalidGridBlockSize(Int, valid: ClosedRange<Int>)
    case gridBlockTooLarge(Int, maxArea: Int, table: String)
    case invalidShift(Int, blockSize: Int)
    case invalidMinLength(Int, blockSize: Int)
    case noGridBlocks(rows: Int, columns: Int, blockSize: Int, boundary: String)
    case gridBlockNotInTable(String, row: Int, column: Int, table: String)
    case badArrayInput(line: Int?, reason: String)

    public var description: String {
        switch self {
        case .emptyString: "empty string: a sequence needs at least one symbol"
        case .emptySymbol(let s): "'\(quoted(s))' has an empty symbol between separators (a lost value?); write each symbol once, separated by one comma or by spaces"
        case .tooManyDistinctSymbols(let s, let k): "'\(quoted(s))' has \(k) distinct symbols: the Coding Theorem Method (as ACSS) handles at most \(Pattern.maxDistinct)"
        case .moreSymbolsThanAlphabet(let s, let k, let m): "'\(quoted(s))' has \(k) distinct symbols but the alphabet has \(m): give --alphabet of at least \(k), or check the data"
        case .unsupportedAlphabet(let m): "alphabet \(m) is not supported: ACSS tables exist for 2, 4, 5, 6 and 9 symbols (3 uses the 4-symbol table, 7 and 8 the 9-symbol one), so the alphabet must be 2...9"
        case .cannotInferAlphabet(let s, let k): "'\(quoted(s))' has \(k) distinct symbols and no --alphabet was given: no table has more than 9 symbols"
        case .tableNotLoaded(let m, let table): "alphabet \(m): the table \(table) is not among the tables this estimator was given"
        case .tablesNotFound(let searched): "cannot find the complexity tables (data/D5-T500.tsv); looked in: \(searched.joined(separator: ", ")). Use --tables DIR or set ACSS_DATA=DIR"
        case .tableMissing(let path, let table): "table \(table) not found: \(path) does not exist"
        case .tableUnreadable(let path, let reason): "table \(path) cannot be used: \(reason)"
        case .tableMismatch(let path, let expected, let found): "table \(path) is not the expected table: expected \(expected), found \(found)"
        case .noDepthTable(let table): "the table \(table) has no logical-depth companion: depths exist for the exhaustive binary tables (D5-T500, D6-T1000), not for sampled ones"
        case .notCovered(let s, let l, let max, let table): "'\(quoted(s))' has length \(l): the table \(table) scores lengths up to \(max) directly (--strict forbids the BDM estimate for longer strings)"
        case .notInTable(let s, let table): "'\(quoted(s))' is not in the table \(table) (no machine produced it; --strict forbids the BDM estimate)"
        case .invalidPrior(let p): "invalid prior \(p): the prior probability of a random source must lie strictly between 0 and 1"
        case .invalidSpan(let span, let valid): "invalid span \(span): expected \(valid.lowerBound)...\(valid.upperBound)"
        case .shorterThanSpan(let s, let l, let span): "'\(quoted(s))' has length \(l), shorter than the span \(span)"
        case .invalidBlockSize(let b, let valid): "invalid block size \(b): expected \(valid.lowerBound)...\(valid.upperBound) (blocks are scored by direct table lookup)"
        case .invalidStep(let step, let b): "invalid step \(step): expected 1...\(b) (a step larger than the block size would skip symbols)"
        case .recursiveNeedsPartition(let step, let b): "boundary 'recursive' splits the tail of a partition, so it needs step = block size (got step \(step), block size \(b))"
        case .shorterThanBlock(let s, let l, let b): "'\(quoted(s))' has length \(l), shorter than the block size \(b): with boundary 'ignore' nothing would be left; score it directly or use --boundary recursive"
        case .shorterThanMinLength(let s, let l, let min): "'\(quoted(s))' has length \(l), shorter than the minimum block length \(min) of boundary 'recursive': no block would be left; use --min-length \(l) or score it directly"
        case .normalizationNeedsPartition(let step, let b): "normalized BDM needs disjoint blocks (step = block size; got step \(step), block size \(b)): the largest BDM of overlapping windows is not the sum over the most complex blocks, so pybdm refuses it too"
        case .noPerturbation(let reason): reason
        case .blockNotInTable(let s, let position, let length, let table): "'\(quoted(s))': the block of \(length) symbols at position \(position + 1) is not in the table \(table); choose a smaller block size"
        case .windowNotInTable(let s, let position, let span, let table): "'\(quoted(s))': the window of \(span) symbols at position \(position + 1) is not in the table \(table); choose a smaller span"
        case .referenceUnavailable(let l, let m, let max): "no uniform reference for length \(l), alphabet \(m): it is computed exactly from the table, which covers lengths 1...\(max)"
        case .invalidLength(let l): "invalid length \(l): expected a positive whole number"
        case .gridReferenceUnavailable(let r, let c, let max): "no uniform reference for \(r)x\(c) arrays: it is computed from every array of the shape, for areas up to \(max) cells"
        case .invalidArray(let s, let reason): "'\(quoted(s))' is not a binary array: \(reason)"
        case .arrayNotCovered(let s, let area, let max, let table): "'\(quoted(s))' has \(area) cells: the 2-D table \(table) lists arrays of up to \(max) cells (use acss bdm --2d for larger arrays)"
        case .arrayNotInTable(let s, let table): "'\(quoted(s))' is not in the 2-D table \(table): no machine produced it or its complement"
        case .invalidGridBlockSize(let d, let valid): "invalid block size \(d) for 2-D BDM: expected \(valid.lowerBound)...\(valid.upperBound) (d x d blocks are scored by direct lookup in a 2-D table)"
        case .gridBlockTooLarge(let d, let max, let table): "block size \(d): \(d)x\(d) blocks have \(d * d) cells but the 2-D table \(table) lists arrays of up to \(max) cells; choose a smaller --block-size"
        case .invalidShift(let s, let d): "invalid shift \(s): expected 1...\(d) (the block size; a larger shift would skip cells)"
        case .invalidMinLength(let l, let d): "invalid minimum length \(l): expected 1...\(d) (the block size: a tail (1-D) or leftover strip (2-D) shorter than this is dropped)"
        case .noGridBlocks(let r, let c, let d, let boundary): "a \(r)x\(c) array has no \(d)x\(d) block with boundary '\(boundary)': use a smaller --block-size or --boundary recursive"
        case .gridBlockNotInTable(let block, let row, let column, let table): "the block \(block) at row \(row), column \(column) (0-based) is not in the 2-D table \(table): no machine produced it or its complement; choose a smaller block size or a larger table"
        case .badArrayInput(let line, let reason): (line.map { "line \($0): " } ?? "") + reason
        }
    }
}

/// A string as shown inside messages: long ones are cut so one bad row cannot flood a log.
func quoted(_ s: String) -> String {
    s.count <= 60 ? s : String(s.prefix(57)) + "..."
}
