import TimeFrames

/// Number and time text for the sample files, independent of locale and platform `printf`.
enum SampleText {
    static let powersOfTen: [Double] = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000]

    /// `x` with exactly `decimals` digits after the point (0...6), rounded half away from zero
    /// from the one IEEE product `x·10^decimals`; never `-0.00`.
    static func fixed(_ x: Double, _ decimals: Int) -> String {
        guard x.isFinite else { return "NaN" }
        let scaled = (x * powersOfTen[decimals]).rounded()
        guard abs(scaled) < 9e18 else { return "NaN" }
        let n = Int64(scaled)
        var digits = String(n.magnitude)
        if decimals > 0 {
            if digits.count <= decimals { digits = String(repeating: "0", count: decimals - digits.count + 1) + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -decimals))
        }
        return n < 0 ? "-" + digits : digits
    }

    static func pad2(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }

    /// `2024-03-01`
    static func date(_ c: CivilDateTime) -> String { "\(c.year)-\(pad2(c.month))-\(pad2(c.day))" }

    /// `2024-03-01T13:00:00`
    static func isoDateTime(_ c: CivilDateTime) -> String {
        "\(date(c))T\(pad2(c.hour)):\(pad2(c.minute)):\(pad2(c.second))"
    }

    /// `2024-03-01 13:00:00` (the NAB data's form)
    static func spacedDateTime(_ c: CivilDateTime) -> String {
        "\(date(c)) \(pad2(c.hour)):\(pad2(c.minute)):\(pad2(c.second))"
    }

    static let monthAbbreviations = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `01/Mar/2024:13:00:05 +0000` (Apache/nginx access logs)
    static func commonLogTime(_ c: CivilDateTime) -> String {
        "\(pad2(c.day))/\(monthAbbreviations[c.month - 1])/\(c.year):\(pad2(c.hour)):\(pad2(c.minute)):\(pad2(c.second)) +0000"
    }

    /// Day of the year, 1...366.
    static func dayOfYear(_ c: CivilDateTime) -> Int {
        CivilDateTime.days(fromCivilYear: c.year, month: c.month, day: c.day)
            - CivilDateTime.days(fromCivilYear: c.year, month: 1, day: 1) + 1
    }
}
