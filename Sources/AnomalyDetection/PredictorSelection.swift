/// Chooses a predictor for a series from its training span alone, so one fixed configuration
/// adapts to series as different as a noisy CPU metric and a clean daily pattern.
public enum PredictorSelection {
    /// The error quantile `choose` compares by default: 0.999, close to the largest error. The
    /// detectors flag residuals larger than those seen before, so the predictor whose worst
    /// errors on normal data are smallest leaves the most room to see an anomaly.
    public static let defaultErrorQuantile: Double? = 0.999

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
        absoluteErrors(of: predictor, over: values).map { $0.reduce(0, +) / Double($0.count) }
    }

    /// The `q` quantile of the absolute one-step errors of `predictor` over `values`; nil when it
    /// never forecast.
    public static func absoluteErrorQuantile(_ q: Double, of predictor: any OneStepPredictor, over values: [Double]) -> Double? {
        guard let errors = absoluteErrors(of: predictor, over: values) else { return nil }
        var window = RollingWindow(capacity: errors.count)
        for e in errors { window.append(e) }
        return window.quantile(q)
    }

    private static func absoluteErrors(of predictor: any OneStepPredictor, over values: [Double]) -> [Double]? {
        var predictor = predictor
        var errors: [Double] = []
        for value in values {
            if !value.isNaN, let f = predictor.forecast(steps: 1) { errors.append(abs(value - f.expected)) }
            predictor.observe(value)
        }
        return errors.isEmpty ? nil : errors
    }

    /// The candidate with the lowest one-step error on `training` (the `errorQuantile` of the
    /// absolute errors, or their mean when nil); the first
    /// candidate wins ties and stands in when none could forecast. A candidate must beat the
    /// first one by `margin` (a fraction, 0.1 = 10 % lower error) to replace it, so a noisy
    /// training span does not pick a fancier predictor by chance.
    ///
    /// - Parameters:
    ///   - candidates: fresh predictors (no values observed); must not be empty.
    ///   - training: the span to compare them on.
    /// - Returns: the index of the chosen candidate.
    public static func choose(among candidates: [any OneStepPredictor], training: [Double], margin: Double = 0.1,
                              errorQuantile: Double? = defaultErrorQuantile) -> Int {
        func error(_ p: any OneStepPredictor) -> Double? {
            errorQuantile.map { absoluteErrorQuantile($0, of: p, over: training) } ?? meanAbsoluteError(of: p, over: training)
        }
        guard let first = candidates.first, let baseError = error(first) else { return 0 }
        var bestIndex = 0
        var bestError = baseError * (1 - margin)
        for (index, candidate) in candidates.enumerated().dropFirst() {
            if let error = error(candidate), error < bestError {
                bestIndex = index
                bestError = error
            }
        }
        return bestIndex
    }
}
