import TimeFrames

// TEMPORARY: replaced by Windowing's calendar features when that module lands.
/// Sine/cosine encodings of a timestamp's position in its daily, weekly and yearly cycles.
struct CalendarEncoding {
    enum Feature: String, CaseIterable {
        case hourOfDay = "hour_of_day", dayOfWeek = "day_of_week", monthOfYear = "month_of_year"
    }
    var features: [Feature]

    init(names: [String]) { features = names.compactMap(Feature.init(rawValue:)) }

    /// The features that vary for data sampled at `interval`.
    static func defaultNames(for interval: SamplingInterval) -> [String] {
        switch interval {
        case .fixed(let ms) where ms < 86_400_000: return ["hour_of_day", "day_of_week"]
        case .fixed(let ms) where ms < 7 * 86_400_000: return ["day_of_week", "month_of_year"]
        case .businessDays: return ["day_of_week", "month_of_year"]
        default: return ["month_of_year"]
        }
    }

    var width: Int { 2 * features.count }

    func encode(_ t: EpochMilliseconds, into out: UnsafeMutablePointer<Float>) {
        guard !features.isEmpty else { return }
        let c = CivilDateTime(epochMilliseconds: t)
        for (i, f) in features.enumerated() {
            let phase: Double
            switch f {
            case .hourOfDay: phase = (Double(c.hour) + Double(c.minute) / 60) / 24
            case .dayOfWeek: phase = Double(c.weekday) / 7
            case .monthOfYear: phase = (Double(c.month - 1) + Double(c.day - 1) / 31) / 12
            }
            let angle = 2 * Double.pi * phase
            out[2 * i] = Float(_sin(angle)); out[2 * i + 1] = Float(_cos(angle))
        }
    }
}

@inline(__always) private func _sin(_ x: Double) -> Double { Double.sinApprox(x) }
@inline(__always) private func _cos(_ x: Double) -> Double { Double.sinApprox(x + Double.pi / 2) }
private extension Double {
    static func sinApprox(_ x: Double) -> Double {
        // Taylor on a reduced range is enough for features; replaced with Windowing's encoder.
        var r = x.truncatingRemainder(dividingBy: 2 * .pi)
        if r > .pi { r -= 2 * .pi } else if r < -.pi { r += 2 * .pi }
        var term = r, sum = r
        for n in 1..<12 { term *= -r * r / Double((2 * n) * (2 * n + 1)); sum += term }
        return sum
    }
}
