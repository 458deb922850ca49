import Foundation
import TuringMachines

extension GridArray {
    /// An array written as its rows separated by "/": "000/010/000" (the form `description`
    /// writes). Every row must have the same number of cells, each 0 or 1.
    public static func parse(_ text: String) throws(ScoringError) -> GridArray {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw .invalidArray(text, reason: "it is empty; write the rows separated by '/', e.g. 000/010/000") }
        var cells: [UInt8] = []
        var columns: Int?
        var rows = 0
        for row in trimmed.split(separator: "/", omittingEmptySubsequences: false) {
            rows += 1
            guard !row.isEmpty else { throw .invalidArray(text, reason: "row \(rows) is empty") }
            var width = 0
            for ch in row {
                width += 1
                guard ch == "0" || ch == "1" else {
                    throw .invalidArray(text, reason: "'\(ch)' at row \(rows), column \(width) is not a cell: expected 0 or 1")
                }
                cells.append(ch == "1" ? 1 : 0)
            }
            if let columns, width != columns {
                throw .invalidArray(text, reason: "row \(rows) has \(width) cells but row 1 has \(columns): every row must have the same length")
            }
            columns = width
        }
        return GridArray(rows: rows, columns: columns!, cells: cells)
    }
}

/// Reads one binary array from bytes given in chunks of any size, and hands over each row as
/// soon as it is complete, so that an array of any height streams through in memory
/// O(columns) (`GridBlockCounter` takes the rows).
///
/// Two kinds of input, told apart by the first byte ("P" starts a PBM image):
/// - a matrix: one row per line, cells 0 or 1 separated by commas or by spaces/tabs (a
///   comma-separated row may have spaces around its commas); blank lines are skipped; every
///   row must have as many cells as the first. LF, CRLF or CR end a line; a UTF-8 BOM is
///   dropped.
/// - a PBM image (netpbm): "P1" (plain: the pixels as the characters 0 and 1, whitespace
///   optional) or "P4" (raw: rows of ceil(width / 8) bytes, most significant bit first), after
///   a header of the magic number, width and height separated by whitespace, with "#"
///   comments to the end of a line. 1 is black and is the cell 1. Data after the last row of
///   a P4 image is ignored (netpbm allows several images in a stream).
///
/// Every problem is a `ScoringError.badArrayInput` naming the line (and the value).
public struct GridArrayReader {
    public enum Format: String, Sendable {
        case matrix = "matrix", plainPBM = "PBM P1", rawPBM = "PBM P4"
    }

    public private(set) var format: Format?
    /// Rows handed over so far.
    public private(set) var rows = 0
    /// Known from the first row (matrix) or the header (PBM).
    public private(set) var columns: Int?
    /// The height a PBM header declared.
    private var declaredRows: Int?

    private var line = 1
    private var lastWasCR = false
    private var position = 0
    private var row: [UInt8] = []
    // Matrix: the token being read (its first bytes, for messages), its length and the row's
    // state; `firstRowLine` for the message on a row of another length.
    private var token: [UInt8] = []
    private var tokenLength = 0
    private var commaPending = false
    private var lineHasCells = false
    private var firstRowLine = 0
    // PBM header: the tokens read, the one being read, inside a comment.
    private var header: [String] = []
    private var headerToken: [UInt8] = []
    private var inComment = false
    private var inRaster = false
    /// P4: the packed bytes of the current row.
    private var packed: [UInt8] = []

    private static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
    private static let maxSide = 1 << 24

    public init() {}

    /// Reads `bytes`; `emit` receives every completed row (cells 0 or 1, valid during the call).
    public mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>, _ emit: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        for b in bytes {
            defer { position += 1 }
            if position < 3 && format == nil && b == Self.bom[position] { continue }
            if format == nil {
                format = b == UInt8(ascii: "P") ? .plainPBM : .matrix // P1 or P4: the header says which
            }
            let newline = b == 0x0A || b == 0x0D
            if format == .matrix {
                try matrixByte(b, emit)
            } else if inRaster && format == .rawPBM {
                try rawByte(b, emit)
            } else {
                try pbmTextByte(b, emit)
            }
            if newline {
                if !(b == 0x0A && lastWasCR) { line += 1 }
                lastWasCR = b == 0x0D
            } else {
                lastWasCR = false
            }
        }
    }

    /// The end of the input: the last row of a matrix without a line end, and the checks that
    /// the array is complete. Returns its shape.
    @discardableResult
    public mutating func finish(_ emit: (UnsafeBufferPointer<UInt8>) throws -> Void) throws -> (rows: Int, columns: Int) {
        switch format {
        case nil:
            throw ScoringError.badArrayInput(line: nil, reason: "the input is empty: expected an array (rows of 0/1 cells, or a PBM image)")
        case .matrix:
            try endMatrixLine(emit)
            guard rows > 0, let columns else {
                throw ScoringError.badArrayInput(line: nil, reason: "the input has no rows of cells")
            }
            return (rows, columns)
        case .plainPBM, .rawPBM:
            guard inRaster, let columns, let declaredRows else {
                let read = header + (headerToken.isEmpty ? [] : [String(decoding: headerToken, as: UTF8.self)])
                throw ScoringError.badArrayInput(line: line, reason: "bad PBM header: the input ends after '\(read.joined(separator: " "))'; expected P1 or P4, the width and the height")
            }
            guard rows == declaredRows else {
                let pixels = format == .plainPBM ? " and \(row.count) pixels" : ""
                throw ScoringError.badArrayInput(line: format == .plainPBM ? line : nil,
                                                 reason: "the PBM image ends after \(rows) of its \(declaredRows) rows\(pixels) (width \(columns)): the file is truncated")
            }
            return (rows, columns)
        }
    }

    // MARK: Matrix

    private mutating func matrixByte(_ b: UInt8, _ emit: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        switch b {
        case 0x0A, 0x0D:
            try endToken()
            try endMatrixLine(emit)
        case UInt8(ascii: ","):
            let hadToken = tokenLength > 0
            try endToken()
            if !hadToken && (commaPending || !lineHasCells) {
                throw ScoringError.badArrayInput(line: line, reason: "empty cell at cell \(row.count + 1) (two commas, or a comma first): every cell is 0 or 1")
            }
            commaPending = true
        case UInt8(ascii: " "), 0x09:
            try endToken()
        default:
            if token.count < 24 { token.append(b) }
            tokenLength += 1
        }
    }

    private mutating func endToken() throws {
        guard tokenLength > 0 else { return }
        defer { token.removeAll(keepingCapacity: true); tokenLength = 0 }
        guard tokenLength == 1, token[0] == UInt8(ascii: "0") || token[0] == UInt8(ascii: "1") else {
            let shown = String(decoding: token, as: UTF8.self) + (tokenLength > token.count ? "..." : "")
            throw ScoringError.badArrayInput(line: line, reason: "'\(shown)' (cell \(row.count + 1)) is not a cell: expected 0 or 1, separated by commas or spaces")
        }
        row.append(token[0] &- UInt8(ascii: "0"))
        commaPending = false
        lineHasCells = true
    }

    private mutating func endMatrixLine(_ emit: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        try endToken()
        defer { row.removeAll(keepingCapacity: true); commaPending = false; lineHasCells = false }
        guard !row.isEmpty else { return }
        if commaPending {
            throw ScoringError.badArrayInput(line: line, reason: "the row ends with a comma (an empty last cell): every cell is 0 or 1")
        }
        if let columns {
            guard row.count == columns else {
                throw ScoringError.badArrayInput(line: line, reason: "this row has \(row.count) cells but the first row (line \(firstRowLine)) has \(columns): every row must have the same length")
            }
        } else {
            columns = row.count
            firstRowLine = line
        }
        rows += 1
        try row.withUnsafeBufferPointer { try emit($0) }
    }

    // MARK: PBM

    private mutating func pbmTextByte(_ b: UInt8, _ emit: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        if inComment {
            if b == 0x0A || b == 0x0D { inComment = false }
            return
        }
        let space = b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0B || b == 0x0C
        if b == UInt8(ascii: "#") {
            try endHeaderToken()
            inComment = true
            return
        }
        if inRaster {
            // P1 raster.
            if space { return }
            guard b == UInt8(ascii: "0") || b == UInt8(ascii: "1") else {
                throw ScoringError.badArrayInput(line: line, reason: "'\(Self.shown(b))' is not a pixel of a plain PBM (P1): expected 0 or 1")
            }
            guard rows < declaredRows! else {
                throw ScoringError.badArrayInput(line: line, reason: "more pixels than the header's \(columns!) x \(declaredRows!)")
            }
            row.append(b &- UInt8(ascii: "0"))
            if row.count == columns! {
                rows += 1
                try row.withUnsafeBufferPointer { try emit($0) }
                row.removeAll(keepingCapacity: true)
            }
            return
        }
        if space {
            try endHeaderToken()
        } else {
            headerToken.append(b)
            // "P1" needs no whitespace before the width in practice, but netpbm writes one;
            // the magic is two bytes, so it ends on its own.
            if header.isEmpty && headerToken.count == 2 { try endHeaderToken() }
            if headerToken.count > 24 { try endHeaderToken() }
        }
    }

    private mutating func endHeaderToken() throws {
        guard !headerToken.isEmpty else { return }
        let text = String(decoding: headerToken, as: UTF8.self)
        headerToken.removeAll()
        header.append(text)
        switch header.count {
        case 1:
            switch text {
            case "P1": format = .plainPBM
            case "P4": format = .rawPBM
            case "P2", "P5": throw ScoringError.badArrayInput(line: line, reason: "bad PBM header: '\(text)' is a greyscale PGM image; expected a bitmap, P1 (plain) or P4 (raw)")
            case "P3", "P6": throw ScoringError.badArrayInput(line: line, reason: "bad PBM header: '\(text)' is a colour PPM image; expected a bitmap, P1 (plain) or P4 (raw)")
            default: throw ScoringError.badArrayInput(line: line, reason: "bad PBM header: magic number '\(text)'; expected P1 (plain) or P4 (raw)")
            }
        case 2, 3:
            let what = header.count == 2 ? "width" : "height"
            guard text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let n = Int(text), (1...Self.maxSide).contains(n) else {
                throw ScoringError.badArrayInput(line: line, reason: "bad PBM header: \(what) '\(text)' is not a whole number 1...\(Self.maxSide)")
            }
            if header.count == 2 {
                columns = n
            } else {
                declaredRows = n
                inRaster = true
                packed.reserveCapacity((columns! + 7) / 8)
                row.reserveCapacity(columns!)
            }
        default:
            preconditionFailure("the raster starts after the height")
        }
    }

    private mutating func rawByte(_ b: UInt8, _ emit: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        if inComment {
            // A comment right after the height (before the raster's one whitespace byte).
            if b == 0x0A || b == 0x0D { inComment = false }
            return
        }
        guard rows < declaredRows! else { return }
        packed.append(b)
        let columns = self.columns!
        guard packed.count == (columns + 7) / 8 else { return }
        row.removeAll(keepingCapacity: true)
        for c in 0..<columns { row.append((packed[c >> 3] >> (7 - UInt8(c & 7))) & 1) }
        packed.removeAll(keepingCapacity: true)
        rows += 1
        try row.withUnsafeBufferPointer { try emit($0) }
    }

    private static func shown(_ b: UInt8) -> String {
        (0x21...0x7E).contains(b) ? String(UnicodeScalar(b)) : "byte 0x" + String(b, radix: 16, uppercase: true)
    }
}
