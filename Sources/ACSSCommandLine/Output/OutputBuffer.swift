import Foundation

/// Buffered standard output: rows accumulate and go to the terminal in large writes.
final class OutputBuffer {
    private let terminal: Terminal
    private(set) var bytes: [UInt8] = []
    private static let flushSize = 1 << 16

    init(_ terminal: Terminal) {
        self.terminal = terminal
        bytes.reserveCapacity(Self.flushSize + 4096)
    }

    func append(_ s: String) {
        var s = s
        s.withUTF8 { bytes.append(contentsOf: $0) }
        flushIfFull()
    }

    func append(_ b: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: b)
        flushIfFull()
    }

    func append(_ s: Substring) {
        append(String(s))
    }

    func append(_ b: [UInt8]) {
        bytes.append(contentsOf: b)
        flushIfFull()
    }

    private func flushIfFull() { if bytes.count >= Self.flushSize { flush() } }

    func flush() {
        guard !bytes.isEmpty else { return }
        terminal.write(String(decoding: bytes, as: UTF8.self))
        bytes.removeAll(keepingCapacity: true)
    }
}
