import Foundation

/// The content of a study report, once: headings, paragraphs, lists, tables, figures and
/// references. report.md and report.html are two renderings of one `ReportDocument`
/// (`StudyReportDocument.build`), so they cannot say different things.
struct ReportDocument {
    /// Inline text: plain runs, code, bold and links. Built by string interpolation,
    /// `"Input: \(code: path) (\(layout) layout)"`; every run is escaped by the renderer of
    /// its format, so user text (task names, file names, covariate values) is never markup.
    struct Text: ExpressibleByStringInterpolation, ExpressibleByStringLiteral {
        enum Run { case plain(String), code(String), strong(String), link(String, href: String) }
        var runs: [Run]

        init(runs: [Run]) { self.runs = runs }
        init(stringLiteral value: String) { runs = [.plain(value)] }
        init(stringInterpolation: Interpolation) { runs = stringInterpolation.runs }
        static func + (a: Text, b: Text) -> Text { Text(runs: a.runs + b.runs) }

        struct Interpolation: StringInterpolationProtocol {
            var runs: [Run] = []
            init(literalCapacity: Int, interpolationCount: Int) {}
            mutating func appendLiteral(_ literal: String) { if !literal.isEmpty { runs.append(.plain(literal)) } }
            mutating func appendInterpolation<T>(_ value: T) { runs.append(.plain("\(value)")) }
            mutating func appendInterpolation(code: String) { runs.append(.code(code)) }
            mutating func appendInterpolation(strong: String) { runs.append(.strong(strong)) }
            mutating func appendInterpolation(_ text: Text) { runs += text.runs }
            mutating func appendInterpolation(link: String, href: String) { runs.append(.link(link, href: href)) }
        }
    }

    enum Block {
        case heading(level: Int, Text)
        case paragraph(Text)
        case list([Text])
        case numbered([Text])
        case table(header: [Text], rows: [[Text]])
        /// A figure file, its drawing (inlined in HTML) and caption.
        case figure(file: String, svg: String, caption: Text)
    }

    var title: String
    var blocks: [Block] = []

    mutating func heading(_ text: Text, level: Int = 2) { blocks.append(.heading(level: level, text)) }
    mutating func paragraph(_ text: Text) { blocks.append(.paragraph(text)) }
    mutating func list(_ items: [Text]) { if !items.isEmpty { blocks.append(.list(items)) } }
    mutating func table(_ header: [Text], _ rows: [[Text]]) { blocks.append(.table(header: header, rows: rows)) }

    // MARK: Markdown

    func markdown() -> String {
        var md = "# \(title)\n\n"
        var figureNumber = 0
        for block in blocks {
            switch block {
            case .heading(let level, let text): md += String(repeating: "#", count: level) + " " + Self.markdown(text) + "\n\n"
            case .paragraph(let text): md += Self.markdown(text) + "\n\n"
            case .list(let items): md += items.map { "- " + Self.markdown($0) + "\n" }.joined() + "\n"
            case .numbered(let items): md += items.enumerated().map { "\($0.offset + 1). " + Self.markdown($0.element) + "\n" }.joined() + "\n"
            case .table(let header, let rows):
                md += "| " + header.map { Self.markdown($0, inTable: true) }.joined(separator: " | ") + " |\n"
                md += "|" + String(repeating: "---|", count: header.count) + "\n"
                for row in rows { md += "| " + row.map { Self.markdown($0, inTable: true) }.joined(separator: " | ") + " |\n" }
                md += "\n"
            case .figure(let file, _, let caption):
                figureNumber += 1
                md += "![\(file)](\(file))\n\n*Figure \(figureNumber).* " + Self.markdown(caption) + "\n\n"
            }
        }
        return md
    }

    static func markdown(_ text: Text, inTable: Bool = false) -> String {
        text.runs.map { run -> String in
            var s: String
            switch run {
            case .plain(let p): s = p
            case .code(let c): s = "`\(c)`"
            case .strong(let b): s = "**\(b)**"
            case .link(let t, let href): s = "[\(t)](\(href))"
            }
            // A table cell ends at an unescaped bar, and a row at a line end.
            if inTable { s = s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }
            return s
        }.joined()
    }

    // MARK: HTML

    /// One self-contained page: inline CSS, the figures as inline SVG, no scripts, nothing
    /// fetched from elsewhere.
    func html() -> String {
        var h = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(Self.escape(title))</title>
        <style>
        body { font-family: Helvetica, Arial, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; line-height: 1.45; }
        h1, h2, h3 { line-height: 1.2; }
        table { border-collapse: collapse; margin: 0.5rem 0 1rem; font-size: 0.9rem; }
        th, td { border: 1px solid #ccc; padding: 0.2rem 0.45rem; text-align: left; vertical-align: top; }
        th { background: #f3f3f3; }
        code { font-family: Menlo, Consolas, monospace; font-size: 0.9em; background: #f5f5f5; padding: 0 0.15rem; overflow-wrap: anywhere; }
        figure { margin: 1rem 0 1.5rem; }
        figure svg { max-width: 100%; height: auto; border: 1px solid #eee; }
        figcaption { font-size: 0.9rem; max-width: 40rem; }
        .table-wrap { overflow-x: auto; }
        </style>
        </head>
        <body>
        <h1>\(Self.escape(title))</h1>

        """
        var figureNumber = 0
        for block in blocks {
            switch block {
            case .heading(let level, let text): h += "<h\(level)>\(Self.html(text))</h\(level)>\n"
            case .paragraph(let text): h += "<p>\(Self.html(text))</p>\n"
            case .list(let items): h += "<ul>\n" + items.map { "<li>\(Self.html($0))</li>\n" }.joined() + "</ul>\n"
            case .numbered(let items): h += "<ol>\n" + items.map { "<li>\(Self.html($0))</li>\n" }.joined() + "</ol>\n"
            case .table(let header, let rows):
                h += "<div class=\"table-wrap\"><table>\n<thead><tr>" + header.map { "<th>\(Self.html($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
                for row in rows { h += "<tr>" + row.map { "<td>\(Self.html($0))</td>" }.joined() + "</tr>\n" }
                h += "</tbody></table></div>\n"
            case .figure(let file, let svg, let caption):
                figureNumber += 1
                h += "<figure id=\"\(Self.escape(file))\">\n" + Self.inlineSVG(svg)
                    + "<figcaption><strong>Figure \(figureNumber).</strong> \(Self.html(caption)) (<code>\(Self.escape(file))</code>)</figcaption>\n</figure>\n"
            }
        }
        return h + "</body>\n</html>\n"
    }

    /// An SVG file's text as an element of the page (without its XML declaration).
    static func inlineSVG(_ svg: String) -> String {
        guard let start = svg.range(of: "<svg") else { return "" }
        return String(svg[start.lowerBound...])
    }

    static func html(_ text: Text) -> String {
        text.runs.map { run -> String in
            switch run {
            case .plain(let p): return escape(p)
            case .code(let c): return "<code>\(escape(c))</code>"
            case .strong(let b): return "<strong>\(escape(b))</strong>"
            case .link(let t, let href): return "<a href=\"\(escape(href))\">\(escape(t))</a>"
            }
        }.joined()
    }

    /// Text as HTML character data or a quoted attribute value.
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}
