import FrequencyTables

/// Test fixtures that edit a table's text on purpose: after an edit the header checksum no
/// longer matches (the reader refuses that first); `resealed` recomputes it from the format's
/// definition (docs/table-format.md: SHA-256 of the magic line and every header line but
/// `header_sha256`, `cpu_seconds` and `wall_seconds`), so a test can reach the checks behind
/// the seal, as a table written wrongly, or sealed after an edit, would.
public enum TableSeal {
    public static func resealed(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var sealed = lines[0] + "\n"
        var sealLine: Int?
        var i = 1
        while i < lines.count, lines[i].hasPrefix("#") {
            let key = lines[i].dropFirst(2).prefix { $0 != ":" }
            if key == "header_sha256" { sealLine = i } else if key != "cpu_seconds" && key != "wall_seconds" { sealed += lines[i] + "\n" }
            i += 1
        }
        guard let sealLine else { return text }
        lines[sealLine] = "# header_sha256: " + SHA256.hexDigest(of: sealed)
        return lines.joined(separator: "\n")
    }
}
