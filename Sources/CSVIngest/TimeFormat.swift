import TimeFrames

/// A strftime-style format compiled once and matched against field bytes (`--time-format`).
///
/// Directives: `%Y` (4-digit year), `%y` (2 digits, 69–99 → 19xx), `%m` `%d` `%e` `%H` `%I` `%M`
/// `%S` (1–2 digits), `%f` (fraction of a second, any digits), `%p` (AM/PM), `%b` `%B` (English
/// month name or abbreviation), `%j` (day of year), `%z` (`Z`, `±HH`, `±HHMM`, `±HH:MM`), `%s`
/// (epoch seconds), `%T` (= `%H:%M:%S`), `%F` (= `%Y-%m-%d`), `%%`. Other bytes match themselves.
public struct TimeFormat: Sendable, Equatable {
    enum Piece: Sendable, Equatable {
        case literal(UInt8)
        case year4, year2, month, day, hour24, hour12, minute, second, fraction, ampm, monthName, dayOfYear, offset, epoch
    }

    let pieces: [Piece]
    /// The format as given.
    public let text: String

    /// Compiles `text`.
    /// - Throws: ``CSVError/invalidOption(option:value:expected:)`` for an unknown directive.
    public init(_ text: String) throws {
        self.text = text
        var pieces: [Piece] = []
        var bytes = Array(text.utf8)[...]
        func expand(_ s: String) { bytes = Array(s.utf8)[...] + bytes }
        while let b = bytes.popFirst() {
            guard b == 0x25 else { pieces.append(.literal(b)); continue }
            guard let d = bytes.popFirst() else {
                throw CSVError.invalidOption(option: "--time-format", value: text, expected: "a directive after the final %")
            }
            switch Character(UnicodeScalar(d)) {
            case "Y": pieces.append(.year4)
            case "y": pieces.append(.year2)
            case "m": pieces.append(.month)
            case "d", "e": pieces.append(.day)
            case "H": pieces.append(.hour24)
            case "I": pieces.append(.hour12)
            case "M": pieces.append(.minute)
            case "S": pieces.append(.second)
            case "f": pieces.append(.fraction)
            case "p": pieces.append(.ampm)
            case "b", "B", "h": pieces.append(.monthName)
            case "j": pieces.append(.dayOfYear)
            case "z": pieces.append(.offset)
            case "s": pieces.append(.epoch)
            case "T": expand("%H:%M:%S")
            case "F": expand("%Y-%m-%d")
            case "%": pieces.append(.literal(0x25))
            default:
                throw CSVError.invalidOption(option: "--time-format", value: text,
                    expected: "directives among %Y %y %m %d %e %H %I %M %S %f %p %b %B %j %z %s %T %F %%; %\(Character(UnicodeScalar(d))) is not one")
            }
        }
        guard pieces.contains(where: { [.year4, .year2, .epoch].contains($0) }) else {
            throw CSVError.invalidOption(option: "--time-format", value: text, expected: "a format with a year (%Y or %y) or %s")
        }
        self.pieces = pieces
    }

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        .map { Array($0.utf8) }

    /// Epoch milliseconds of the bytes, or nil when they do not match the whole format.
    func parse(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int64? {
        var i = 0
        var y = 1970, mo = 1, d = 1, h = 0, mi = 0, s = 0, ms = 0, doy = 0, offset = 0
        var pm: Bool? = nil, epoch: Int64? = nil
        func number(_ maxDigits: Int) -> Int? {
            var v = 0, k = 0
            while k < maxDigits && i < n, let dg = TimestampParser.digit(p, i) { v = v * 10 + dg; k += 1; i += 1 }
            return k > 0 ? v : nil
        }
        for piece in pieces {
            switch piece {
            case .literal(let b):
                guard i < n, p[i] == b else { return nil }
                i += 1
            case .year4: guard let v = number(4) else { return nil }; y = v
            case .year2: guard let v = number(2) else { return nil }; y = v < 69 ? 2000 + v : 1900 + v
            case .month: guard let v = number(2) else { return nil }; mo = v
            case .day: if i < n && p[i] == 0x20 { i += 1 }; guard let v = number(2) else { return nil }; d = v
            case .hour24, .hour12: guard let v = number(2) else { return nil }; h = v
            case .minute: guard let v = number(2) else { return nil }; mi = v
            case .second: guard let v = number(2) else { return nil }; s = v
            case .dayOfYear: guard let v = number(3), v >= 1, v <= 366 else { return nil }; doy = v
            case .fraction:
                var scale = 100, k = 0
                while i < n, let dg = TimestampParser.digit(p, i) { ms += dg * scale; scale /= 10; i += 1; k += 1 }
                guard k > 0 else { return nil }
            case .ampm:
                guard i + 2 <= n, (p[i + 1] | 0x20) == 0x6D else { return nil }
                switch p[i] | 0x20 { case 0x61: pm = false; case 0x70: pm = true; default: return nil }
                i += 2
            case .monthName:
                var letters: [UInt8] = []
                while i < n, (p[i] | 0x20) >= 0x61, (p[i] | 0x20) <= 0x7A { letters.append(p[i] | 0x20); i += 1 }
                guard letters.count >= 3, let m = TimeFormat.months.firstIndex(of: Array(letters.prefix(3))) else { return nil }
                mo = m + 1
            case .offset:
                guard i < n else { return nil }
                if p[i] == 0x5A { i += 1; continue }
                guard p[i] == 0x2B || p[i] == 0x2D else { return nil }
                let sign = p[i] == 0x2B ? 1 : -1
                i += 1
                guard i + 2 <= n, let oh = TimestampParser.two(p, i) else { return nil }
                i += 2
                if i < n && p[i] == 0x3A { i += 1 }
                var om = 0
                if i + 2 <= n, let m = TimestampParser.two(p, i) { om = m; i += 2 }
                offset = sign * (oh * 3_600_000 + om * 60_000)
            case .epoch:
                guard let v = number(12) else { return nil }
                epoch = Int64(v) * 1000
            }
        }
        guard i == n else { return nil }
        if let epoch { return epoch + Int64(ms) }
        if let pm {
            guard h >= 1 && h <= 12 else { return nil }
            h = (h % 12) + (pm ? 12 : 0)
        }
        if doy > 0 {
            let start = CivilDateTime.days(fromCivilYear: y, month: 1, day: 1)
            let c = CivilDateTime.civil(fromDays: start + doy - 1)
            guard c.year == y else { return nil }
            (mo, d) = (c.month, c.day)
        }
        guard let base = TimestampParser.instant(y, mo, d, h, mi, s, ms) else { return nil }
        return base - Int64(offset)
    }
}
