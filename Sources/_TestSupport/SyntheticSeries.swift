import Foundation

/// Small synthetic series with known cycles, shared by tests of season detection and defaults. Not API.
public enum SyntheticSeries {
    /// Hourly load-like data: a daily cycle, a weaker weekly one, noise.
    public static func hourly(days: Int, seed: UInt64 = 1) -> [Double] {
        var rng = TestRandom(state: seed)
        return (0..<(24 * days)).map { t -> Double in
            let daily: Double = 3 * sin(2 * Double.pi * Double(t) / 24)
            let weekly: Double = 0.8 * sin(2 * Double.pi * Double(t) / 168)
            return 10 + daily + weekly + 0.7 * rng.normal()
        }
    }

    /// Daily sales-like data: weekend peaks, an upward trend, multiplicative noise.
    public static func dailySales(days: Int, seed: UInt64 = 2) -> [Double] {
        var rng = TestRandom(state: seed)
        let weekday: [Double] = [1.0, 0.9, 0.95, 1.0, 1.2, 1.6, 1.4] // Monday … Sunday
        return (0..<days).map { t -> Double in
            let level: Double = 200 + 0.5 * Double(t)
            return level * weekday[t % 7] * (1 + 0.08 * rng.normal())
        }
    }
}
