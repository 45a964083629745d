/// Split-conformal prediction intervals: quantiles of validation residuals, one row per horizon step.
///
/// After training, the model forecasts every validation window; the residual `actual − forecast`
/// (in per-series scaled units) at step `h` of each window is one sample for step `h`. For an
/// interval of level `α` the lower and upper ends are the `(1−α)/2` and `(1+α)/2` quantiles of
/// those residuals, taken with the finite-sample correction of split conformal prediction
/// (order statistic `⌈(n+1)p⌉` for upper ends, `⌊(n+1)p⌋` for lower ends), so that if future
/// windows are exchangeable with the validation windows the interval covers with probability at
/// least `α`. Quantiles are stored on a fixed probability grid and interpolated linearly between
/// grid points.
public struct ResidualQuantiles: Codable, Sendable, Equatable {
    /// The probability grid, ascending, symmetric around 0.5.
    public var probabilities: [Double]
    /// `quantiles[h][k]`: the residual quantile at `probabilities[k]` for horizon step `h`.
    public var quantiles: [[Double]]
    /// Validation residuals behind each step's quantiles.
    public var sampleCounts: [Int]

    /// The grid kept in model files: dense in the tails, where intervals are read.
    public static let defaultProbabilities: [Double] = {
        let lower: [Double] = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.125, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45]
        return lower + [0.5] + lower.reversed().map { 1 - $0 }
    }()

    /// Widest level an interval can have on the default grid.
    public static let maximumLevel = 0.99

    public init(probabilities: [Double], quantiles: [[Double]], sampleCounts: [Int]) {
        self.probabilities = probabilities
        self.quantiles = quantiles
        self.sampleCounts = sampleCounts
    }

    /// Quantiles of residuals per step.
    /// - Parameter residuals: `residuals[h]` holds the residuals at horizon step `h`; non-finite
    ///   values are dropped. A step with no residual gets zero-width quantiles.
    public init(residuals: [[Double]], probabilities: [Double] = ResidualQuantiles.defaultProbabilities) {
        self.probabilities = probabilities
        var rows: [[Double]] = []
        var counts: [Int] = []
        for stepResiduals in residuals {
            let sorted = stepResiduals.filter { $0.isFinite }.sorted()
            counts.append(sorted.count)
            rows.append(probabilities.map { Self.conformalQuantile(sorted: sorted, probability: $0) })
        }
        quantiles = rows
        sampleCounts = counts
    }

    /// The split-conformal order statistic of `sorted` at `probability`.
    static func conformalQuantile(sorted: [Double], probability p: Double) -> Double {
        let n = sorted.count
        guard n > 0 else { return 0 }
        if p == 0.5 { return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]) }
        let position = Double(n + 1) * p
        let rank = p > 0.5 ? Int(position.rounded(.up)) : Int(position.rounded(.down))  // 1-based
        return sorted[min(max(rank, 1), n) - 1]
    }

    /// Horizon steps covered.
    public var steps: Int { quantiles.count }

    /// The fewest residuals whose split-conformal interval of `level` is finite: the upper end's
    /// rank `⌈(n+1)(1+level)/2⌉` must not pass `n`, so `n ≥ 2/(1−level) − 1` (9 for 80%, 39 for
    /// 95%). With fewer, the stored end is the widest residual and the interval covers less than
    /// `level`.
    public static func samplesNeeded(level: Double) -> Int {
        Int((2 / (1 - level) - 1 - 1e-9).rounded(.up))
    }

    /// Residual quantile at probability `p` for step `step` (0-based), interpolated on the grid.
    /// Steps past the last stored one (a rolled-out horizon) reuse the last step's quantile grown
    /// by `sqrt(step / lastStep)`, the growth of a random walk's spread.
    public func quantile(step: Int, probability p: Double) -> Double {
        guard let last = quantiles.last, !probabilities.isEmpty else { return 0 }
        let row = step < quantiles.count ? quantiles[step] : last
        let growth = step < quantiles.count ? 1.0 : ((Double(step + 1) / Double(quantiles.count)).squareRoot())
        let grid = probabilities
        let value: Double
        if p <= grid[0] { value = row[0] }
        else if p >= grid[grid.count - 1] { value = row[grid.count - 1] }
        else {
            var k = 0
            while grid[k + 1] < p { k += 1 }
            let w = (p - grid[k]) / (grid[k + 1] - grid[k])
            value = row[k] + w * (row[k + 1] - row[k])
        }
        return value * growth
    }

    /// Offsets to add to a forecast at `step` for a central interval of `level` (0 < level < 1).
    public func interval(step: Int, level: Double) -> (lower: Double, upper: Double) {
        (quantile(step: step, probability: (1 - level) / 2), quantile(step: step, probability: (1 + level) / 2))
    }

    /// The same quantiles with every row from `step` on at least as wide as the row before it
    /// (lower quantiles no higher, upper ones no lower; the median row is kept): rolled-out steps
    /// further ahead cannot be more certain, and a narrower row there is sampling noise.
    public func nonNarrowing(from step: Int) -> ResidualQuantiles {
        guard step >= 1, step < quantiles.count, let mid = probabilities.firstIndex(of: 0.5) else { return self }
        var rows = quantiles
        for h in step..<rows.count {
            for j in rows[h].indices where j != mid {
                rows[h][j] = probabilities[j] < 0.5 ? min(rows[h][j], rows[h - 1][j]) : max(rows[h][j], rows[h - 1][j])
            }
        }
        return ResidualQuantiles(probabilities: probabilities, quantiles: rows, sampleCounts: sampleCounts)
    }

    /// The smallest number of residuals behind any step.
    public var minimumSampleCount: Int { sampleCounts.min() ?? 0 }
}
