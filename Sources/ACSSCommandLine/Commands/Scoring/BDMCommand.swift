import Foundation
import Scoring

/// `acss bdm`: the Block Decomposition Method value of strings, in either flavour.
struct BDMCommand: Command {
    static let name = "bdm"
    static let abstract = "Block Decomposition Method for strings longer than the tables"
    static let blocks = Flag("--blocks", "one row per distinct block (position of first occurrence, multiplicity, K)")
    static let options: [any OptionDeclaration] = [
        ScoringInput.alphabet,
        ScoringInput.input.described("read strings from FILE, one per line (as '-' reads standard input); with --2d one array: a matrix (cells 0/1 separated by commas or spaces, a row per line) or a PBM image (P1 or P4)"),
        ScoringInput.column, ScoringInput.idColumn, ScoringInput.format, TableSource.directory,
        TableSource.table.described(TableSource.table.help + "; with --2d: \(GridTableDescriptor.tables.map(\.name).joined(separator: " or ")), default \(GridTableDescriptor.defaultTable.name)"),
        DecompositionOptions.flavour,
        DecompositionOptions.blockSize.described("BDM block size, 2...12 (default 10 for acss, 12 for standard); with --2d: d x d blocks, 2...4 (default 4)"),
        DecompositionOptions.step,
        DecompositionOptions.boundary.described("standard flavour: ignore (default) drops a tail shorter than a block; recursive keeps it as a block; with --2d: ignore (default), recursive or correlated"),
        GridBDMRun.twoD, GridBDMRun.shift, GridBDMRun.minLength,
        blocks, LocalCommand.quiet,
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

    init(_ args: ParsedArguments) throws {
        if args.has(GridBDMRun.twoD) {
            mode = .arrays(try GridBDMRun(args))
        } else {
            try GridBDMRun.refuseWithoutTwoD(args)
            mode = .strings(try ScoringInput(args), try DecompositionOptions(args).decomposition)
        }
        listBlocks = args.has(Self.blocks)
        quiet = args.has(LocalCommand.quiet)
    }

    func run(_ terminal: Terminal) throws -> Int32 {
        switch mode {
        case .arrays(let run): return try run.run(terminal, listBlocks: listBlocks)
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
        return try writeRowsPerSequence(scoring, terminal, command: Self.name, quiet: quiet,
                                        columns: Self.columns) { sequence, m, writer throws(ScoringError) in
            let result = try estimator.bdm(of: sequence, alphabet: m, decomposition: decomposition)
            writer.write(Value(sequence: sequence, alphabet: m, result: result))
        }
    }
}
