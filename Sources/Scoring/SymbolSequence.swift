/// A sequence as a person types it, split into symbols.
///
/// Two ways to write one:
/// - one character per symbol: `HTHHTHTT`, `123321`, `🙂🙃🙂` (characters are Unicode
///   grapheme clusters, so an emoji is one symbol; `H` and `h` are different symbols);
/// - symbols separated by commas and/or whitespace, for symbols longer than one character:
///   `10,3,4,10`, `heads tails tails`, `1, 2, 6`.
///
/// A string containing a comma or whitespace between symbols is read the second way.
/// Leading and trailing whitespace is ignored; an empty symbol (`1,,2`, `,1`) is an error,
/// never silently dropped, because in recorded responses it usually means a lost value.
public struct SymbolSequence: Sendable, Hashable {
    /// The text as given (leading and trailing whitespace removed).
    public let text: String
    /// The distinct symbols in order of first appearance: `symbols[i]` is what label `i`
    /// of the pattern stands for.
    public let symbols: [String]
    /// The first-appearance relabelling.
    public let pattern: Pattern
    /// Whether the text was split at separators (as opposed to one character per symbol).
    public let separated: Bool

    public var length: Int { pattern.length }

    public init(parsing input: String) throws(ScoringError) {
        let text = SymbolSequence.trimmed(input)
        guard !text.isEmpty else { throw .emptyString }
        self.text = text
        guard text.contains(where: SymbolSequence.isSeparator) else {
            // One character a symbol: relabelled straight from the characters, without a
            // string per symbol, so a line of millions of symbols costs a few bytes a symbol.
            separated = false
            guard let pattern = Pattern(normalizing: text) else {
                throw .tooManyDistinctSymbols(text, distinct: Set(text).count)
            }
            self.pattern = pattern
            var seen = Set<Character>()
            var symbols: [String] = []
            for c in text where seen.insert(c).inserted {
                symbols.append(String(c))
                if symbols.count == pattern.distinct { break }
            }
            self.symbols = symbols
            return
        }
        let tokens: [Substring]
        do {
            separated = true
            // Commas split first; every comma-separated part must hold a symbol; inside a
            // part, whitespace separates symbols.
            var pieces: [Substring] = []
            for part in text.split(separator: ",", omittingEmptySubsequences: false) {
                let words = part.split(whereSeparator: { $0.isWhitespace })
                if words.isEmpty { throw .emptySymbol(text) }
                pieces += words
            }
            tokens = pieces
        }
        guard let pattern = Pattern(normalizing: tokens) else {
            throw .tooManyDistinctSymbols(text, distinct: Set(tokens).count)
        }
        self.pattern = pattern
        var seen = Set<Substring>()
        symbols = tokens.filter { seen.insert($0).inserted }.map(String.init)
    }

    /// The original symbols of positions `range`, written as the input was (separated by a
    /// space when the input was separated).
    public func text(of range: Range<Int>) -> String {
        let parts = pattern.symbols[range].map { symbols[Int($0)] }
        return parts.joined(separator: separated ? " " : "")
    }

    static func isSeparator(_ c: Character) -> Bool { c == "," || c.isWhitespace }

    static func trimmed(_ s: String) -> String {
        var sub = Substring(s)
        while let f = sub.first, f.isWhitespace { sub = sub.dropFirst() }
        while let l = sub.last, l.isWhitespace { sub = sub.dropLast() }
        return String(sub)
    }
}
