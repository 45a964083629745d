import TimeFrames

/// Minimal CSV field quoting (RFC 4180), shared by every command that writes CSV.
public enum CSVText {
    /// One field, quoted when it holds a comma, quote or line break.
    public static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    /// Fields joined by commas, ending in a newline.
    public static func line(_ fields: [String]) -> String { fields.map(field).joined(separator: ",") + "\n" }
}

/// Minimal JSON writing, shared by every command that writes JSON lines.
public enum JSONText {
    /// A JSON string literal, with control characters escaped.
    public static func string(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }
    /// A number with 7 significant digits, or `null` when not finite.
    public static func number(_ x: Double) -> String { x.isFinite ? NumberText.significant(x, 7) : "null" }
}

private extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
