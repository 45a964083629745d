import Foundation

/// Smoothing weights of a Holt-Winters run (see ``HoltWintersModel`` for the equations).
struct HoltWintersWeights: Equatable {
    var alpha: Double, beta: Double, gamma: Double, phi: Double
}

/// The states before the first value of a history: level `ℓ₀`, trend `b₀`, seasons `s₀` (the
/// seasonal state for positions 0…m−1 of the first cycle; empty without a season).
struct HoltWintersInitialStates {
    var level: Double
    var trend: Double
    var seasonal: [Double]

    /// The classical heuristic start (see ``HoltWintersModel``).
    /// - Throws: ``BaselineError/historyTooShort(model:needed:received:)`` below `minimum` values.
    init(history y: [Double], period: Int, trend kind: HoltWintersTrend, model: String, minimum: Int) throws {
        let finite = y.filter(\.isFinite).count
        guard y.count >= minimum, finite >= minimum else {
            throw BaselineError.historyTooShort(model: model, needed: minimum, received: finite)
        }
        func mean<S: Sequence>(_ values: S) -> Double where S.Element == Double {
            var sum = 0.0, n = 0
            for v in values where v.isFinite { sum += v; n += 1 }
            return n > 0 ? sum / Double(n) : .nan
        }
        if period > 1 {
            let m = period, cycles = min(y.count / m, 4)
            let means = (0..<cycles).map { j in mean(y[(j * m)..<((j + 1) * m)]) }
            let slope = kind == .none ? 0 : (means[cycles - 1] - means[0]) / Double((cycles - 1) * m)
            level = means[0] - slope * Double(m + 1) / 2
            trend = slope
            var seasons = (0..<m).map { i in
                mean((0..<cycles).map { j in y[j * m + i] - (means[j] + slope * (Double(i) - Double(m - 1) / 2)) })
            }
            seasons = seasons.map { $0.isFinite ? $0 : 0 }
            let centre = seasons.reduce(0, +) / Double(m)
            seasonal = seasons.map { $0 - centre }
        } else {
            // Least-squares line through the first (up to) ten values, read at t = −1.
            let head = Array(y.prefix(10).enumerated().filter { $0.element.isFinite })
            let n = Double(head.count)
            let tMean = head.reduce(0) { $0 + Double($1.offset) } / n
            let yMean = head.reduce(0) { $0 + $1.element } / n
            var sxy = 0.0, sxx = 0.0
            for (t, v) in head { sxy += (Double(t) - tMean) * (v - yMean); sxx += (Double(t) - tMean) * (Double(t) - tMean) }
            let slope = kind == .none || sxx == 0 ? 0 : sxy / sxx
            level = yMean - slope * (tMean + 1)
            trend = slope
            seasonal = []
        }
    }
}

/// Runs the Holt-Winters recursions over a history.
enum HoltWintersFilter {
    /// The states after the last value, and the one-step errors' sum of squares.
    struct Run {
        var level: Double
        var trend: Double
        /// Seasonal states as a ring: `seasonal[(seasonIndex + i) % m]` is `s` for the i-th next step.
        var seasonal: [Double]
        var seasonIndex: Int
        var sse: Double
        /// Values that contributed an error (finite actuals).
        var count: Int
    }

    /// One pass of the error-correction recursions. A missing (NaN) value contributes no error:
    /// the states move on by their forecast.
    /// - Complexity: O(n).
    static func run(_ y: [Double], weights w: HoltWintersWeights, start: HoltWintersInitialStates) -> Run {
        var level = start.level, trend = start.trend
        var seasonal = start.seasonal
        let m = seasonal.count
        var index = 0, sse = 0.0, count = 0
        for value in y {
            let season = m > 0 ? seasonal[index] : 0
            let dampedTrend = w.phi * trend
            let e = value.isFinite ? value - (level + dampedTrend + season) : 0
            if value.isFinite { sse += e * e; count += 1 }
            level = level + dampedTrend + w.alpha * e
            trend = dampedTrend + w.beta * e
            if m > 0 {
                seasonal[index] = season + w.gamma * e
                index = index + 1 == m ? 0 : index + 1
            }
        }
        return Run(level: level, trend: trend, seasonal: seasonal, seasonIndex: index, sse: sse, count: count)
    }
}

/// Maps unconstrained optimiser coordinates to admissible weights and back.
///
/// `α = 1e-4 + (1 − 2e-4) σ(u₀)`, `β = α σ(u₁)`, `γ = (1 − α) σ(u₂)`, `φ = 0.8 + 0.18 σ(u₃)`, with
/// `σ` the logistic function; coordinates exist only for the components the model has.
struct HoltWintersTransform {
    var hasTrend: Bool, hasSeason: Bool, isDamped: Bool

    init(trend: HoltWintersTrend, seasonal: Bool) {
        hasTrend = trend != .none; isDamped = trend == .damped; hasSeason = seasonal
    }

    private static func logistic(_ u: Double) -> Double { 1 / (1 + exp(-u)) }
    /// Clamped to ±5 (p within 0.7% of a bound): a warm start on a bound would otherwise sit
    /// where the logistic is flat and the simplex could not move it back.
    private static func logit(_ p: Double) -> Double {
        let q = min(max(p, 1e-9), 1 - 1e-9)
        return min(max(log(q / (1 - q)), -5), 5)
    }

    func weights(_ u: [Double]) -> HoltWintersWeights {
        var i = 0
        // Clamping to ±8 makes the loss flat past the bounds, so a simplex chasing an optimum on a
        // bound (φ = 0.98 is common) stops instead of walking towards infinity.
        func next() -> Double { defer { i += 1 }; return Self.logistic(min(max(u[i], -8), 8)) }
        let alpha = 1e-4 + (1 - 2e-4) * next()
        let beta = hasTrend ? alpha * next() : 0
        let gamma = hasSeason ? (1 - alpha) * next() : 0
        let phi = isDamped ? 0.8 + 0.18 * next() : 1
        return HoltWintersWeights(alpha: alpha, beta: beta, gamma: gamma, phi: phi)
    }

    func unconstrained(_ w: HoltWintersWeights) -> [Double] {
        var u = [Self.logit((w.alpha - 1e-4) / (1 - 2e-4))]
        if hasTrend { u.append(Self.logit(w.beta / w.alpha)) }
        if hasSeason { u.append(Self.logit(w.gamma / (1 - w.alpha))) }
        if isDamped { u.append(Self.logit((w.phi - 0.8) / 0.18)) }
        return u
    }

    /// Starting points for the optimiser: α ∈ {0.1, 0.3, 0.6}, β/α ∈ {0.05, 0.3}, γ/(1−α) ∈ {0.05, 0.3},
    /// φ ∈ {0.9, 0.97}, for the components present.
    var grid: [[Double]] {
        var points: [HoltWintersWeights] = []
        for a in [0.1, 0.3, 0.6] {
            for b in hasTrend ? [0.05, 0.3] : [0.0] {
                for g in hasSeason ? [0.05, 0.3] : [0.0] {
                    for p in isDamped ? [0.9, 0.97] : [1.0] {
                        points.append(HoltWintersWeights(alpha: a, beta: a * b, gamma: (1 - a) * g, phi: p))
                    }
                }
            }
        }
        return points.map(unconstrained)
    }
}
