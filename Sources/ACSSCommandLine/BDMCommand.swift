import Foundation
import Scoring

/// `acss bdm`: the Block Decomposition Method value of strings, in either flavour.
enum BDMCommand {
    static let options: [Arguments.Option] = ScoringOptions.common + ScoringOptions.decompositionOptions + [
        .flag("--blocks", "one row per distinct block (position of first occurrence, multiplicity, K)"),
        .flag("--quiet", "no warnings on standard error (failures are still reported)"),
        .flag("--help", "show this help"),
    ]

    static let help = Arguments.helpText(
        usage: "acss bdm [options] STRING...    or    acss bdm [options] -",
        summary: "Block Decomposition Method: K of long strings from the K of their blocks, BDM = sum over distinct blocks of K(block) + log(multiplicity).",
        options: options,
        details: """
        Flavours (docs/scoring.md):
          acss      as acss 0.3-2 bdm(): log base m; when the blocks do not reach the end a
                    last, shorter block is added. Defaults: blocks of 10, step 10.
          standard  as Zenil et al. 2018 and pybdm: log2; --boundary ignore (default) drops a
                    tail shorter than a block, recursive keeps it as one block. Defaults:
                    blocks of 12, step 12. A step below the block size slides the window.

        Examples:
          acss bdm --alphabet 2 HTHTHTHTHTHTHTHTHTHTHHTT
          acss bdm --alphabet 2 --block-size 12 --step 1 010101010101010101
          acss bdm --alphabet 2 --flavour standard --boundary recursive --blocks 0101101110010110101

        Columns: \(columns.map(\.name).joined(separator: ","));
        with --blocks: \(blockColumns.map(\.name).joined(separator: ",")). Positions count from 1.
        Exit status: 0 all scored, 1 some strings failed, 2 usage error or missing tables.
        """)

    static let columns: [Column] = [
        Column("string"), Column("pattern"), Column("alphabet"), Column("length"), Column("BDM", .fixed(4)),
        Column("flavour"), Column("block_size"), Column("step"), Column("boundary"), Column("blocks"),
        Column("distinct_blocks"), Column("table"), Column("error", inTable: false),
    ]
    static let blockColumns: [Column] = [
        Column("string"), Column("block"), Column("position"), Column("multiplicity"), Column("K", .fixed(4)),
        Column("error", inTable: false),
    ]

    static func run(_ arguments: [String], _ terminal: Terminal) throws -> Int32 {
        try run(arguments, terminal, stdin: .fileDescriptor(0))
    }

    static func run(_ arguments: [String], _ terminal: Terminal, stdin: InputSource) throws -> Int32 {
        let args = try Arguments(arguments, options: options)
        if args.has("--help") { terminal.write(help); return 0 }
        let format = try OutputFormat.parse(args)
        let input = try InputSource.from(args, stdin: stdin)
        let decomposition = try ScoringOptions.decomposition(args)
        let alphabet = try ScoringOptions.alphabet(args)
        let estimator = try ScoringOptions.estimator(args)
        let listBlocks = args.has("--blocks")
        return try writeRowsPerSequence(input, args, terminal, command: "bdm", alphabet: alphabet, format: format,
                                        columns: listBlocks ? blockColumns : columns) { sequence, m, writer throws(ScoringError) in
            let result = try estimator.bdm(of: sequence, alphabet: m, decomposition: decomposition)
            if listBlocks {
                for block in result.blocks {
                    writer.write([.text(sequence.text), .text(sequence.text(of: block.firstOccurrence)),
                                  .int(block.firstOccurrence.lowerBound + 1), .int(block.multiplicity),
                                  .number(block.complexity), .missing])
                }
            } else {
                let d = result.decomposition
                writer.write([.text(sequence.text), .text(sequence.pattern.description), .int(m.size),
                              .int(sequence.length), .number(result.value), .text(d.flavour.rawValue),
                              .int(d.blockSize), .int(d.step), d.flavour == .standard ? .text(d.boundary.rawValue) : .text("tail"),
                              .int(result.blocks.reduce(0) { $0 + $1.multiplicity }), .int(result.blocks.count),
                              .text(result.table.name), .missing])
            }
        }
    }
}
