/// Picks the delimiter from the first lines of the input.
enum DelimiterDetection {
    static let candidates: [UInt8] = [0x2C, 0x3B, 0x09, 0x7C]   // , ; tab |

    /// The candidate that appears in the header and the same number of times (outside quotes) on
    /// most of the first lines; the most frequent such one wins, and `,` when none appears.
    static func detect(_ prefix: UnsafeRawBufferPointer) -> UInt8 {
        var lines: [[Int]] = []   // per line, count of each candidate
        var counts = [Int](repeating: 0, count: candidates.count)
        var inQuotes = false
        var sawContent = false
        for b in prefix {
            if b == 0x22 { inQuotes.toggle(); sawContent = true; continue }
            if inQuotes { continue }
            if b == 0x0A {
                if sawContent { lines.append(counts) }
                counts = [Int](repeating: 0, count: candidates.count); sawContent = false
                if lines.count >= 20 { break }
                continue
            }
            if b != 0x0D && b != 0x20 { sawContent = true }
            if let k = candidates.firstIndex(of: b) { counts[k] += 1 }
        }
        if sawContent && lines.count < 20 { lines.append(counts) }
        guard let headerCounts = lines.first else { return 0x2C }
        var best: (score: Int, count: Int, delimiter: UInt8)? = nil
        for (k, d) in candidates.enumerated() where headerCounts[k] > 0 {
            let consistent = lines.filter { $0[k] == headerCounts[k] }.count
            if best == nil || consistent > best!.score || (consistent == best!.score && headerCounts[k] > best!.count) {
                best = (consistent, headerCounts[k], d)
            }
        }
        return best?.delimiter ?? 0x2C
    }

    /// How a delimiter is written in JSON and layouts: the character itself, or `tab`.
    static func plainName(_ d: UInt8) -> String { d == 0x09 ? "tab" : String(Character(UnicodeScalar(d))) }

    /// How a delimiter is written in messages.
    static func name(_ d: UInt8) -> String {
        switch d {
        case 0x09: return "tab"
        case 0x2C: return "','"
        case 0x3B: return "';'"
        case 0x7C: return "'|'"
        default: return "'\(Character(UnicodeScalar(d)))'"
        }
    }
}
