import Foundation

extension NumberParser {
    /// Whether `text` is a number written for people rather than a plain decimal: digits grouped
    /// by thousands separators (`1,000`, `12,345.67`, `1.234.567`, `2.500,75`) or a decimal comma
    /// (`1,5`). Such values are not read as numbers (a comma is ambiguous between the two), but
    /// errors and warnings say what they are instead of calling them text.
    static func looksFormatted(_ text: String) -> Bool {
        var s = Substring(text.trimmingCharacters(in: .whitespaces))
        if s.first == "-" || s.first == "+" { s = s.dropFirst() }
        guard let first = s.first, first.isASCII, first.isNumber else { return false }
        let isDigit = { (c: Character) in c.isASCII && c.isNumber }
        // Thousands groups separated by `group`, optionally ending in `decimal` and digits.
        func grouped(_ group: Character, _ decimal: Character) -> Bool {
            let parts = s.split(separator: decimal, maxSplits: 1, omittingEmptySubsequences: false)
            if parts.count == 2, parts[1].isEmpty || !parts[1].allSatisfy(isDigit) { return false }
            let groups = parts[0].split(separator: group, omittingEmptySubsequences: false)
            guard groups.count >= 2, (1...3).contains(groups[0].count) else { return false }
            return groups.allSatisfy { $0.allSatisfy(isDigit) } && groups.dropFirst().allSatisfy { $0.count == 3 }
        }
        let decimalComma: Bool = {
            let parts = s.split(separator: ",", omittingEmptySubsequences: false)
            return parts.count == 2 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(isDigit) }
        }()
        return grouped(",", ".") || grouped(".", ",") || decimalComma
    }
}
