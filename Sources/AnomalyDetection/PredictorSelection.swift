/// Chooses a predictor for a series from its training span alone, so one fixed configuration
/// adapts to series as different as a noisy CPU metric and a clean daily pattern.
public enum PredictorSelection {
    /// The strongest season length in `values`: the lag in `minimumPeriod...values.count / 2`
    /// with the highest autocorrelation, when that autocorrelation reaches `minimumCorrelation`
    /// and the lag is a local peak; nil otherwise. NaN values are skipped pairwise.
    ///
    /// - Complexity: O(n · n/2); callers pass a training span (hundreds to a few thousand rows).
    public static func dominantPeriod(of values: [Double], minimumPeriod: Int = 4, minimumCorrelation: Double = 0.6) -> Int? {
        let present = values.filter { !$0.isNaN }
        guard present.count >= 3 * minimumPeriod else { return nil }
        let mean = present.reduce(0, +) / Double(present.count)
        let variance = present.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(present.count)
        guard variance > 0 else { return nil }
        let maxLag = values.count / 2
        guard maxLag > minimumPeriod else { return nil }
        var correlation = [Double](repeating: 0, count: maxLag + 2)
        for lag in max(1, minimumPeriod - 1)...(maxLag + 1) where lag < values.count {
            var sum = 0.0, pairs = 0
            for i in lag..<values.count {
                let a = values[i], b = values[i - lag]
                if a.isNaN || b.isNaN { continue }
                sum += (a - mean) * (b - mean)
                pairs += 1
            }
            correlation[lag] = pairs > 0 ? sum / Double(pairs) / variance : 0
        }
        let peaks = (minimumPeriod...maxLag).filter { lag in
            correlation[lag] >= minimumCorrelation && correlation[lag] >= correlation[lag - 1] && correlation[lag] >= correlation[lag + 1]
        }
        guard let strongest = peaks.map({ correlation[$0] }).max() else { return nil }
        // Multiples of the true period correlate about as well; take the shortest lag that is
        // nearly as strong as the best.
        return peaks.first { correlation[$0] >= strongest - 0.05 }
    }

    /// Mean absolute one-step error of `predictor` over `values`, counting only steps where it
    /// had a forecast and the value is present; nil when it never forecast.
    public static func meanAbsoluteError(of predictor: any OneStepPredictor, over values: [Double]) -> Double? {
        var predictor = predictor
        var total = 0.0, count = 0
        for value in values {
            if !value.isNaN, let f = predictor.forecast(steps: 1) {
                total += abs(value - f.expected)
                count += 1
            }
            predictor.observe(value)
        }
        return count > 0 ? total / Double(count) : nil
    }

    /// The candidate with the lowest one-step mean absolute error on `training`; the first
    /// candidate wins ties and stands in when none could forecast. A candidate must beat the
    /// first one by `margin` (a fraction, 0.1 = 10 % lower error) to replace it, so a noisy
    /// training span does not pick a fancier predictor by chance.
    ///
    /// - Parameters:
    ///   - candidates: fresh predictors (no values observed); must not be empty.
    ///   - training: the span to compare them on.
    /// - Returns: the index of the chosen candidate.
    public static func choose(among candidates: [any OneStepPredictor], training: [Double], margin: Double = 0.1) -> Int {
        guard let first = candidates.first, let baseError = meanAbsoluteError(of: first, over: training) else { return 0 }
        var bestIndex = 0
        var bestError = baseError * (1 - margin)
        for (index, candidate) in candidates.enumerated().dropFirst() {
            if let error = meanAbsoluteError(of: candidate, over: training), error < bestError {
                bestIndex = index
                bestError = error
            }
        }
        return bestIndex
    }
}
