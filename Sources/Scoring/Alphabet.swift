/// The number of symbols that COULD have appeared (the task's possible outcomes), not the
/// number that did: a coin has 2, a die 6, a 3x3 grid 9. It decides which table scores a
/// string, how many strings share its pattern (count_class) and the chance level m^-L.
///
/// ACSS has tables for 2, 4, 5, 6 and 9 symbols; alphabets 3, 7 and 8 borrow the next larger
/// table (3 uses 4; 7 and 8 use 9), whose K values still rank the strings, while count_class,
/// the likelihoods and the uniform reference use the alphabet itself.
public struct Alphabet: Hashable, Sendable, CustomStringConvertible {
    public let size: Int

    public static let supported = 2...9
    /// The alphabets of ACSS's tables.
    public static let tableSizes = [2, 4, 5, 6, 9]

    public init(_ size: Int) throws(ScoringError) {
        guard Alphabet.supported.contains(size) else { throw .unsupportedAlphabet(size) }
        self.size = size
    }

    /// The alphabet of the table that scores strings of this alphabet.
    public var tableSize: Int {
        Alphabet.tableSizes.first { $0 >= size }!
    }

    /// The guess when no alphabet is given: the number of distinct symbols, at least 2.
    /// The guess is wrong whenever a symbol that could have appeared did not (a die sequence
    /// that used only two faces is scored as coin tosses), which is why callers warn.
    public static func inferred(for sequence: SymbolSequence) throws(ScoringError) -> Alphabet {
        try inferred(distinct: sequence.pattern.distinct, text: sequence.text)
    }

    public var description: String { String(size) }
}
