/// The standard machine text format of the busy-beaver community (bbchallenge), e.g. the
/// 4-state champion `1RB1LB_1LA0LC_1RZ1LD_1RD0RA`: the states A, B, C, ... in order, separated
/// by `_`, each with one 3-character transition per symbol read (0, 1, ...): the symbol
/// written, the move (`L` or `R`), the next state's letter. `---` is an entry not defined
/// yet (a partial machine), and a next state outside the machine's states (conventionally
/// `Z`) is a halting transition. In this project's formalism a halting instruction writes
/// its symbol and stops without moving, so the move letter of a halting transition is read
/// but has no effect; the halting step is the same.
public enum MachineText {
    /// The space and the entries (`state * m + symbol`) of a machine in the format; nil
    /// entries are undefined.
    public static func parse(_ text: String) throws(MachineTextError) -> (space: MachineSpace, entries: [Instruction?]) {
        let rows = text.split(separator: "_", omittingEmptySubsequences: false).map(Array.init)
        let n = rows.count
        guard let first = rows.first, first.count >= 3, first.count % 3 == 0,
              rows.allSatisfy({ $0.count == first.count }) else {
            throw .malformed(text, "every state needs the same number of 3-character transitions")
        }
        let m = first.count / 3
        let space: MachineSpace
        do { space = try MachineSpace(states: n, symbols: m) } catch { throw .malformed(text, "\(error)") }
        var entries: [Instruction?] = []
        for (q, row) in rows.enumerated() {
            for s in 0..<m {
                let t = row[3 * s..<3 * s + 3].map { $0 }
                if t == ["-", "-", "-"] { entries.append(nil); continue }
                guard let w = t[0].wholeNumberValue, w < m, t[1] == "L" || t[1] == "R",
                      let letter = t[2].asciiValue, (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(letter) else {
                    throw .malformed(text, "state \(Character(UnicodeScalar(UInt8(65 + q)))) symbol \(s): '\(String(t))'")
                }
                let next = Int(letter - UInt8(ascii: "A"))
                entries.append(next < n ? .move(write: w, direction: t[1] == "R" ? .right : .left, next: next)
                                        : .halt(write: w))
            }
        }
        return (space, entries)
    }
}

public enum MachineTextError: Error, Equatable, CustomStringConvertible {
    case malformed(String, String)

    public var description: String {
        switch self {
        case .malformed(let text, let why): return "'\(text)' is not a machine in the standard text format: \(why)"
        }
    }
}
