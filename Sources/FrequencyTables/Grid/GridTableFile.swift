import Enumeration
import Foundation
import TuringMachines

/// The 2-D table file (docs/table-format.md, "2-D tables"): the 1-D format's header, seal and
/// checksums, with body lines `ROWSxCOLUMNS<TAB>cells<TAB>count`: the shape, the cells row-major
/// with the top row first as 0/1 characters, and c0 (blank 0) of each array of the symmetry
/// class whose canonical member the line names (see `GridOutputTable`). Lines are sorted by
/// rows, columns, then cells. The counts must add up: each line stands for as many arrays as
/// its class has members, so Σ members = `distinct` (or `listed_distinct`) and
/// Σ members · count = `halting` − `large_outputs` (or `listed_count_sum`).
public enum GridTableFile {
    public static let magic = "# acss grid output table"
    public static let formatVersion = TableFile.formatVersion

    public static func render(_ table: GridOutputTable) -> String {
        let f = table.figures
        var body = ""
        body.reserveCapacity(table.classes.count * 24)
        for (array, count) in table.sortedClasses {
            body += "\(array.rows)x\(array.columns)\t"
            body += String(decoding: (0..<array.area).map { UInt8(ascii: "0") + UInt8(truncatingIfNeeded: array.bits >> UInt64($0)) & 1 }, as: UTF8.self)
            body += "\t\(count)\n"
        }
        var header: [(String, String)] = [
            ("format", String(formatVersion)),
            ("dimensions", "2"),
            ("states", String(f.states)),
            ("symbols", "2"),
            ("steps", String(f.stepCap)),
            ("blank", "0"),
            ("machines", String(f.machines)),
            ("halting", String(f.halting)),
            ("non_halting", String(f.nonHalting)),
            ("keep_area", String(f.keepArea)),
            ("large_outputs", String(f.largeOutputs)),
            ("distinct", String(f.distinct)),
            ("latest_halt", String(f.latestHalt)),
            ("halting_at_cap", String(f.haltingAtCap)),
            ("halting_after_half_cap", String(f.haltingLateHalf)),
            ("listing", "one line per class of the 8 symmetries of the square (its least member, rows <= columns); c0 is that of each member"),
        ]
        if let area = f.listedMaxArea {
            let listed = table.listedFigures
            header.append(("listed_max_area", String(area)))
            header.append(("listed_distinct", String(listed.arrays)))
            header.append(("listed_count_sum", String(listed.countSum)))
        }
        if let part = f.part {
            header.append(("shard", part.shard.description))
            header.append(("split_level", String(part.splitLevel)))
        }
        return TableWriter.text(magic: magic, header: header, body: body, timing: f.timing)
    }

    /// Whether the file starts with this format's magic line.
    public static func isGridTable(path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: magic.utf8.count + 1)) ?? Data()
        return head == Data((magic + "\n").utf8)
    }

    public static func write(_ table: GridOutputTable, to path: String) throws(TableFileError) {
        try TableWriter.write(render(table), to: path)
    }

    public static func read(path: String) throws(TableFileError) -> GridOutputTable {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw .unreadable(path: path, reason: TableFile.describe(error))
        }
        return try parse(data, source: path)
    }

    public static func parse(_ data: Data, source: String) throws(TableFileError) -> GridOutputTable {
        let result: Result<GridOutputTable, TableFileError> = data.withUnsafeBytes { raw in
            do throws(TableFileError) {
                return .success(try parse(bytes: raw, source: source))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private static func parse(bytes: UnsafeRawBufferPointer, source: String) throws(TableFileError) -> GridOutputTable {
        let text = try TableText(bytes: bytes, source: source, magic: magic)
        try text.checkFormat(formatVersion)
        func bad(_ key: String, _ value: String, _ why: String) -> TableFileError {
            .badHeaderValue(source: source, key: key, value: "\(value) (\(why))")
        }
        guard try text.value("dimensions") == "2" else { throw bad("dimensions", try text.value("dimensions"), "expected 2") }
        guard try text.value("symbols") == "2", try text.value("blank") == "0" else {
            throw bad("symbols", try text.value("symbols"), "2-D tables have symbols 0 and 1, blank 0")
        }
        let states = try text.integer("states", as: Int.self)
        guard (1...GridTreeEnumerator.maxStates).contains(states) else { throw bad("states", String(states), "expected 1...5") }
        let part = try text.shard().map { shard throws(TableFileError) in
            OutputTable.Part(shard: shard, splitLevel: try text.integer("split_level", as: Int.self))
        }
        let keepArea = try text.integer("keep_area", as: Int.self)
        guard (1...PackedGrid.maxArea).contains(keepArea) else { throw bad("keep_area", String(keepArea), "expected 1...64") }
        let listedMaxArea = try text.optionalInteger("listed_max_area", as: Int.self)
        if let area = listedMaxArea, !(1...keepArea).contains(area) {
            throw bad("listed_max_area", String(area), "expected 1...keep_area")
        }
        let f = GridOutputTable.Figures(
            states: states, stepCap: try text.integer("steps", as: Int.self),
            machines: try text.integer("machines", as: UInt64.self), halting: try text.integer("halting", as: UInt64.self),
            latestHalt: try text.integer("latest_halt", as: Int.self),
            haltingAtCap: try text.integer("halting_at_cap", as: UInt64.self),
            haltingLateHalf: try text.integer("halting_after_half_cap", as: UInt64.self),
            keepArea: keepArea, largeOutputs: try text.integer("large_outputs", as: UInt64.self),
            distinct: try text.integer("distinct", as: Int.self), listedMaxArea: listedMaxArea, part: part,
            timing: try text.timing())
        // Figures that must agree whatever the body.
        let all = UInt64(GridMachine.machineCount(states: states)!)
        if part == nil, f.machines != all { throw bad("machines", String(f.machines), "a whole run has (8n+2)^(2n) = \(all) machines") }
        guard f.machines <= all else { throw bad("machines", String(f.machines), "more than the \(all) machines of the space") }
        guard f.halting <= f.machines, try text.integer("non_halting", as: UInt64.self) == f.nonHalting else {
            throw bad("non_halting", try text.value("non_halting"), "halting + non_halting must equal machines")
        }
        guard f.stepCap >= 1, f.latestHalt <= f.stepCap, f.halting == 0 || f.latestHalt >= 1 else {
            throw bad("latest_halt", String(f.latestHalt), "must lie in 1...steps (\(f.stepCap))")
        }
        guard f.haltingAtCap <= f.haltingLateHalf, f.haltingLateHalf <= f.halting, f.largeOutputs <= f.halting else {
            throw bad("halting_at_cap", String(f.haltingAtCap), "the tails must satisfy at_cap <= after_half_cap <= halting, and large_outputs <= halting")
        }

        // The body.
        let expected = try text.value("data_sha256")
        let checksumOK = text.digest == expected
        var classes: [PackedGrid: UInt64] = [:]
        var lines = 1
        for i in text.bodyStart..<bytes.count where bytes[i] == UInt8(ascii: "\n") { lines += 1 }
        classes.reserveCapacity(lines)
        var previous: PackedGrid?
        var arrays = 0
        var sum: UInt64 = 0
        var position = text.bodyStart
        var lineNumber = text.headerLines
        let maxArea = listedMaxArea ?? keepArea
        while position < bytes.count {
            var stop = position
            while stop < bytes.count && bytes[stop] != UInt8(ascii: "\n") { stop += 1 }
            let line = UnsafeRawBufferPointer(rebasing: bytes[position..<stop])
            position = stop + 1
            lineNumber += 1
            guard let (array, count) = parseLine(line), array.area <= maxArea else {
                throw .badRecord(source: source, line: lineNumber, text: String(decoding: line.prefix(80), as: UTF8.self),
                               checksumMatches: checksumOK, expected: "'ROWSxCOLUMNS<TAB>cells<TAB>count' (cells 0/1 filling the shape, area <= \(maxArea), a positive count)")
            }
            guard GridSymmetry.canonical(array) == array else {
                throw .badRecord(source: source, line: lineNumber, text: String(decoding: line.prefix(80), as: UTF8.self),
                               checksumMatches: checksumOK, expected: "the least member of its symmetry class (\(GridSymmetry.canonical(array)))")
            }
            if let previous, !GridSymmetry.precedes(previous, array) { throw .unsorted(source: source, line: lineNumber) }
            previous = array
            let members = GridSymmetry.orbitSize(array)
            arrays += members
            let (product, o1) = count.multipliedReportingOverflow(by: UInt64(members))
            let (next, o2) = sum.addingReportingOverflow(product)
            guard !o1 && !o2 else { throw .countMismatch(source: source, what: "halting", header: String(f.halting), actual: "more than 2^64") }
            sum = next
            classes[array] = count
        }
        guard checksumOK else { throw .checksumMismatch(source: source, expected: expected, actual: text.digest) }
        if listedMaxArea == nil {
            guard arrays == f.distinct else { throw .countMismatch(source: source, what: "distinct", header: String(f.distinct), actual: String(arrays)) }
            guard sum == f.halting - f.largeOutputs else {
                throw .countMismatch(source: source, what: "halting - large_outputs", header: String(f.halting - f.largeOutputs), actual: String(sum))
            }
        } else {
            let listedDistinct = try text.integer("listed_distinct", as: Int.self)
            let listedSum = try text.integer("listed_count_sum", as: UInt64.self)
            guard arrays == listedDistinct else { throw .countMismatch(source: source, what: "listed_distinct", header: String(listedDistinct), actual: String(arrays)) }
            guard sum == listedSum else { throw .countMismatch(source: source, what: "listed_count_sum", header: String(listedSum), actual: String(sum)) }
            guard f.distinct >= arrays, f.halting - f.largeOutputs >= sum else {
                throw bad("distinct", String(f.distinct), "the full run has at least the listed arrays and their counts")
            }
        }
        return GridOutputTable(figures: f, classes: classes)
    }

    /// `RxC<TAB>cells<TAB>count`, or nil. Parsed in place (millions of lines per shard file).
    static func parseLine(_ line: UnsafeRawBufferPointer) -> (PackedGrid, UInt64)? {
        var i = 0
        func number(until stop: UInt8) -> Int? {
            var value = 0, digits = 0
            while i < line.count, line[i] != stop {
                let c = line[i]
                guard c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9"), digits < 3, !(digits == 0 && c == UInt8(ascii: "0")) else { return nil }
                value = value * 10 + Int(c - UInt8(ascii: "0"))
                digits += 1
                i += 1
            }
            guard digits > 0, i < line.count else { return nil }
            i += 1 // the separator
            return value
        }
        guard let rows = number(until: UInt8(ascii: "x")), let columns = number(until: UInt8(ascii: "\t")),
              rows * columns <= PackedGrid.maxArea else { return nil }
        let area = rows * columns
        guard i + area < line.count, line[i + area] == UInt8(ascii: "\t") else { return nil }
        var bits: UInt64 = 0
        for k in 0..<area {
            switch line[i + k] {
            case UInt8(ascii: "0"): break
            case UInt8(ascii: "1"): bits |= 1 << UInt64(k)
            default: return nil
            }
        }
        i += area + 1
        guard let count = TableText.parseCount(UnsafeRawBufferPointer(rebasing: line[i...])), count > 0, count <= UInt128(UInt64.max)
        else { return nil }
        return (PackedGrid(rows: rows, columns: columns, bits: bits), UInt64(count))
    }

}
