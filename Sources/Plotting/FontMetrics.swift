import Foundation

/// Widths and heights of text set in Helvetica (Arial, Liberation Sans: the same advance
/// widths), so a figure can be laid out, and checked for overlapping labels, without a
/// renderer. Widths are Adobe's Helvetica AFM advance widths in 1/1000 em for ASCII; any
/// other character is taken as 0.6 em, wider than most, so estimates err on the large side.
/// Heights use the ascent and descent a browser gives a text box (`getBBox()`): 0.905 and
/// 0.212 em in Liberation Sans, which the figures' font list resolves to where Helvetica and
/// Arial are missing. scripts/check-figures.sh compares these estimates with a browser.
public enum FontMetrics {
    public static let ascent = 0.905
    public static let descent = 0.212
    /// Baseline-to-baseline distance of wrapped lines, in em: the text box (1.117 em) plus a gap.
    public static let lineHeight = 1.3

    // " " through "~" (32...126).
    private static let regular: [UInt16] = [
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
        1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
        333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
        556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
    ]
    private static let bold: [UInt16] = [
        278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
        975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
        333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
        611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
    ]

    /// The advance width of `text` at `size` (in the document's units).
    public static func width(_ text: String, size: Double, bold isBold: Bool = false) -> Double {
        let table = isBold ? bold : regular
        var units = 0
        for scalar in text.unicodeScalars {
            let v = Int(scalar.value)
            units += (32...126).contains(v) ? Int(table[v - 32]) : 600
        }
        return Double(units) / 1000 * size
    }

    /// `text` broken at spaces into lines no wider than `width` (a single word wider than
    /// `width` is cut with "…": a label is never allowed to run off its space).
    public static func wrap(_ text: String, width: Double, size: Double, bold: Bool = false) -> [String] {
        var lines: [String] = [], current = ""
        for word in text.split(separator: " ") {
            let candidate = current.isEmpty ? String(word) : current + " " + word
            if current.isEmpty || Self.width(candidate, size: size, bold: bold) <= width {
                current = candidate
            } else {
                lines.append(current)
                current = String(word)
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines.map { truncated($0, width: width, size: size, bold: bold) }
    }

    /// `text`, cut and ended with "…" if it is wider than `width`.
    public static func truncated(_ text: String, width: Double, size: Double, bold: Bool = false) -> String {
        guard Self.width(text, size: size, bold: bold) > width else { return text }
        var s = text
        while !s.isEmpty && Self.width(s + "…", size: size, bold: bold) > width { s.removeLast() }
        return s + "…"
    }
}

/// The box a piece of text occupies, in the document's units.
public struct TextBox: Sendable, Equatable, CustomStringConvertible {
    public var text: String
    public var size: Double
    public var x: Double, y: Double, width: Double, height: Double

    public var maxX: Double { x + width }
    public var maxY: Double { y + height }

    /// Whether the two boxes share area (touching edges do not count).
    public func overlaps(_ other: TextBox) -> Bool {
        x < other.maxX && other.x < maxX && y < other.maxY && other.y < maxY
    }

    public var description: String {
        "'\(text)' at (\(String(format: "%.1f", x)), \(String(format: "%.1f", y))) \(String(format: "%.1f", width))x\(String(format: "%.1f", height))"
    }
}
