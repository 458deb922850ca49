import Foundation

extension Double {
    /// Compact human form: 1.23e13 for large numbers, fixed for small ones.
    var compact: String {
        if self >= 1e6 { return String(format: "%.3g", self) }
        return String(format: "%.0f", self)
    }
}

func formatDuration(_ seconds: Double) -> String {
    if !seconds.isFinite { return "?" }
    if seconds < 60 { return String(format: "%.0fs", seconds) }
    if seconds < 3600 { return String(format: "%dm%02ds", Int(seconds) / 60, Int(seconds) % 60) }
    return String(format: "%dh%02dm", Int(seconds) / 3600, (Int(seconds) % 3600) / 60)
}
