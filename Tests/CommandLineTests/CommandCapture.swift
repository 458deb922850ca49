import Synchronization
@testable import ACSSCommandLine

/// Runs `acss` in-process and captures what it prints (for the command tests).
final class CommandCapture: Sendable {
    let out = Mutex("")
    let err = Mutex("")

    func run(_ arguments: [String]) -> Int32 {
        ACSSCommand.run(arguments, terminal: Terminal(out: { s in self.out.withLock { $0 += s } },
                                                      err: { s in self.err.withLock { $0 += s } }))
    }

    var stdout: String { out.withLock { $0 } }
    var stderr: String { err.withLock { $0 } }
}
