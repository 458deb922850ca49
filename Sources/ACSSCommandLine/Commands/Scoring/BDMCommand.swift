import Foundation
import Scoring

/// `acss bdm`: the Block Decomposition Method value of strings, in either flavour.
struct BDMCommand: Command {
    static let name = "bdm"
    static let abstract = "Block Decomposition Method for strings longer than the tables"
    static let blocks = Flag("--blocks", "one row per distinct block (position of first occurrence, multiplicity, K)")
    static let normalized = Flag("--normalized", "add nbdm (pybdm's (BDM - min)/(max - min) over objects with the same blocks' shapes) and bdm_per_symbol (BDM/(length·log2 m)); disjoint blocks only")
    static let blockEntropy = Flag("--block-entropy", "add block_entropy (Shannon entropy of the blocks, bits) and block_entropy_normalized (divided by log2 of the most distinct blocks possible)")
    static let given = Option("--given", "Y", "add conditional_bdm K(x|Y) (coarse conditional BDM, Hernández-Orozco & Zenil 2021), bdm_given (BDM(Y)), joint_bdm (BDM of x followed by Y) and mutual_information (BDM(x) + BDM(Y) - joint_bdm); strings only")
    static let options: [any OptionDeclaration] = [
        ScoringInput.alphabet,
        ScoringInput.input.described("read strings from FILE, one per line (as '-' reads standard input); with --2d one array: a matrix (cells 0/1 separated by commas or spaces, a row per line) or a PBM image (P1 or P4)"),
        ScoringInput.column, ScoringInput.idColumn, ScoringInput.format, TableSource.directory,
        TableSource.table.described(TableSource.table.help + "; with --2d: \(GridTableDescriptor.tables.map(\.name).joined(separator: " or ")), default \(GridTableDescriptor.defaultTable.name)"),
        DecompositionOptions.flavour,
        DecompositionOptions.blockSize.described("BDM block size, 2...12 (default 10 for acss, 12 for standard); with --2d: d x d blocks, 2...4 (default 4)"),
        DecompositionOptions.step,
        DecompositionOptions.boundary.described("standard flavour: ignore (default) drops a tail shorter than a block; recursive keeps it as a block; with --2d: ignore (default), recursive or correlated"),
        DecompositionOptions.minLength, GridBDMRun.twoD, GridBDMRun.shift,
        normalized, blockEntropy, given, blocks, LocalCommand.quiet,
    ]

    static let usage = "acss bdm [options] STRING...    or    acss bdm [options] -\n       acss bdm --2d [options] ARRAY...    or    acss bdm --2d [options] --input FILE|-"
    static let summary = "Block Decomposition Method: K of long strings from the K of their blocks, BDM = sum over distinct blocks of K(block) + log(multiplicity)."
    static var details: String {
        """
        Flavours (docs/scoring.md):
          acss      as acss 0.3-2 bdm(): log base m; when the blocks do not reach the end a
                    last, shorter block is added. Defaults: blocks of 10, step 10.
          standard  as Zenil et al. 2018 and pybdm: log2; --boundary ignore (default) drops a
                    tail shorter than a block, recursive keeps it as one block. Defaults:
                    blocks of 12, step 12. A step below the block size slides the window.

        2-D (--2d; Zenil et al. 2018, pybdm BDM(ndim=2)): d x d blocks (--block-size, default
        4) scored by a 2-D table, BDM = sum over distinct blocks of K(block) + log2(multiplicity),
        with the Shannon entropy of the blocks (block_entropy, bits). Boundaries:
          ignore      tiles from the top-left corner; leftover rows and columns are dropped.
          recursive   leftover strips are re-tiled with smaller squares, down to --min-length.
          correlated  a d x d window slides by --shift (default 1) in both directions.
        Large images stream (memory grows with the width only).

        Examples:
          acss bdm --alphabet 2 HTHTHTHTHTHTHTHTHTHTHHTT
          acss bdm --alphabet 2 --block-size 12 --step 1 010101010101010101
          acss bdm --alphabet 2 --flavour standard --boundary recursive --blocks 0101101110010110101
          acss bdm --2d --table G4-T2000 --block-size 3 --boundary recursive 10011/01001/00100/11010/10101
          acss bdm --2d --table G4-T2000 --block-size 3 --boundary correlated --input image.pbm

        Measures around BDM (docs/aid.md): --normalized adds nbdm and bdm_per_symbol,
        --block-entropy adds block_entropy and block_entropy_normalized (bits, log base 2),
        --given Y adds given, conditional_bdm, bdm_given, joint_bdm and mutual_information.
        With --flavour standard these follow pybdm (nbdm, ent); the maximum BDM uses the
        strings the table lists, so a string missing from the table changes nbdm.

        Columns: \(columns.map(\.name).joined(separator: ","));
        with --blocks: \(blockColumns.map(\.name).joined(separator: ",")). Positions count from 1.
        With --2d: \(GridBDMRun.columns.map(\.name).joined(separator: ","));
        with --blocks: \(GridBDMRun.blockColumns.map(\.name).joined(separator: ",")). Rows and columns count from 0.
        Exit status: 0 all scored, 1 some strings (arrays) failed, 2 usage error or missing tables.
        """
    }

    typealias Value = BDMValue


    typealias Block = BDMBlock

    static let columns = ScoringColumns.bdm
    static let blockColumns = ScoringColumns.bdmBlocks

    /// Strings (the default) or binary arrays (--2d).
    enum Mode {
        case strings(ScoringInput, BlockDecomposition)
        case arrays(GridBDMRun)
    }

    let mode: Mode
    let listBlocks: Bool
    let quiet: Bool
    let normalize: Bool
    let entropy: Bool
    let given: SymbolSequence?

    init(_ args: ParsedArguments) throws {
        normalize = args.has(Self.normalized)
        entropy = args.has(Self.blockEntropy)
        listBlocks = args.has(Self.blocks)
        if listBlocks && (normalize || entropy || args.value(Self.given) != nil) {
            throw UsageError("--blocks lists blocks; --normalized, --block-entropy and --given add columns to the values: use one or the other")
        }
        if let text = args.value(Self.given) {
            if args.has(GridBDMRun.twoD) { throw UsageError("--given applies to strings, not to --2d arrays") }
            do { given = try SymbolSequence(parsing: text) } catch { throw UsageError("invalid value for --given: \(error.description)") }
        } else {
            given = nil
        }
        if args.has(GridBDMRun.twoD) {
            mode = .arrays(try GridBDMRun(args))
        } else {
            try GridBDMRun.refuseWithoutTwoD(args)
            mode = .strings(try ScoringInput(args), try DecompositionOptions(args).decomposition)
        }
        quiet = args.has(LocalCommand.quiet)
    }

    func run(_ terminal: Terminal) throws -> Int32 {
        switch mode {
        case .arrays(let run): return try run.run(terminal, listBlocks: listBlocks, normalize: normalize, entropy: entropy)
        case .strings(let scoring, let decomposition): return try run(terminal, scoring, decomposition)
        }
    }

    private func run(_ terminal: Terminal, _ scoring: ScoringInput, _ decomposition: BlockDecomposition) throws -> Int32 {
        let estimator = try scoring.tables.estimator()
        if listBlocks {
            return try writeRowsPerSequence(scoring, terminal, command: Self.name, quiet: quiet,
                                            columns: Self.blockColumns) { sequence, m, writer throws(ScoringError) in
                let result = try estimator.bdm(of: sequence, alphabet: m, decomposition: decomposition)
                for block in result.blocks { writer.write(Block(sequence: sequence, block: block)) }
            }
        }
        let additions = BDMAdditions(normalized: normalize, blockEntropy: entropy, given: given)
        return try writeRowsPerSequence(scoring, terminal, command: Self.name, quiet: quiet,
                                        columns: additions.columns) { sequence, m, writer throws(ScoringError) in
            let value = try additions.value(of: sequence, alphabet: m, decomposition: decomposition, estimator: estimator)
            writer.write(value)
        }
    }
}
