import Synchronization
@testable import ACSSCommandLine

/// Runs `acss` in-process and captures what it prints (for the command tests).
final class CommandCapture: Sendable {
    let out = Mutex("")
    let err = Mutex("")

    func terminal(stdin input: String = "") -> Terminal {
        terminal(bytes: Array(input.utf8))
    }

    func terminal(bytes: [UInt8]) -> Terminal {
        Terminal(out: { s in self.out.withLock { $0 += s } }, err: { s in self.err.withLock { $0 += s } },
                 standardInput: .bytes(bytes))
    }

    /// With raw bytes as standard input (invalid UTF-8, NUL, a BOM, CR line ends).
    func run(_ arguments: [String], stdinBytes: [UInt8]) -> Int32 {
        ACSSCommand.run(arguments, terminal: terminal(bytes: stdinBytes))
    }

    /// Through the top-level dispatcher (usage errors become exit status 2 there), with `stdin`
    /// as standard input.
    func run(_ arguments: [String], stdin input: String = "") -> Int32 {
        ACSSCommand.run(arguments, terminal: terminal(stdin: input))
    }

    /// `acss score ... -` with `input` as standard input.
    func score(_ arguments: [String], stdin input: String) -> Int32 {
        run(["score"] + arguments, stdin: input)
    }

    var stdout: String { out.withLock { $0 } }
    var stderr: String { err.withLock { $0 } }
    /// The non-empty lines of standard output.
    var lines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty } }
}
