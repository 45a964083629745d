import Foundation

/// Short, aligned number text for tables: about four significant digits, no exponent for the
/// magnitudes forecasts have, `–` for a missing value.
enum NumberText {
    static func format(_ value: Double?, percent: Bool = false) -> String {
        guard let value else { return "–" }
        guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "∞" : "−∞") }
        let magnitude = abs(value)
        if magnitude >= 1e7 || (magnitude > 0 && magnitude < 1e-4) { return String(format: "%.3e", value) }
        let digits = magnitude == 0 ? 0 : Int(floor(log10(magnitude)))
        let decimals = max(0, min(4, 3 - digits))
        return String(format: "%.\(decimals)f", value)
    }

    /// A fraction as a percentage, e.g. `0.873` → `87.3%`.
    static func percentage(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "–" }
        return String(format: "%.1f%%", value * 100)
    }

    static func pad(_ s: String, _ width: Int, right: Bool = true) -> String {
        let n = s.count
        guard n < width else { return s }
        let fill = String(repeating: " ", count: width - n)
        return right ? fill + s : s + fill
    }
}
