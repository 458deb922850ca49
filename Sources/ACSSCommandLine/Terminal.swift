import Foundation

/// Where a command reads and writes: standard input for strings given as `-`, standard output
/// for results, standard error for progress and diagnostics. Tests substitute buffers.
public final class Terminal: @unchecked Sendable {
    private let writeOut: (String) -> Void
    private let writeErr: (String) -> Void
    /// Whether standard error is a terminal (progress lines then redraw in place).
    public let interactive: Bool
    /// What `-` reads.
    let standardInput: InputSource

    public convenience init(out: @escaping (String) -> Void, err: @escaping (String) -> Void, interactive: Bool = false) {
        self.init(out: out, err: err, interactive: interactive, standardInput: .fileDescriptor(0))
    }

    init(out: @escaping (String) -> Void, err: @escaping (String) -> Void, interactive: Bool = false,
         standardInput: InputSource) {
        writeOut = out
        writeErr = err
        self.interactive = interactive
        self.standardInput = standardInput
    }

    public static let standard = Terminal(
        out: { s in FileHandle.standardOutput.write(Data(s.utf8)) },
        err: { s in FileHandle.standardError.write(Data(s.utf8)) },
        interactive: isatty(2) == 1)

    public func print(_ s: String) { writeOut(s + "\n") }
    public func write(_ s: String) { writeOut(s) }
    public func error(_ s: String) { writeErr(s + "\n") }
    public func progress(_ s: String) {
        if interactive { writeErr("\r\u{1B}[K" + s) } else { writeErr(s + "\n") }
    }
    public func endProgress() { if interactive { writeErr("\n") } }
}
