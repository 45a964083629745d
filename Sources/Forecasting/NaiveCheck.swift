/// Is the fitted forecaster really better than the naive forecast on validation, or only by an
/// amount the validation span's own noise could produce?
///
/// For every validation window `t` (an origin) the loss differential is
/// `d_t = mean_k |y − naive| − mean_k |y − model|` over the horizon's steps, in per-series scaled
/// units. The statistic is Diebold–Mariano's: `d̄ / se(d̄)`, with the long-run variance of `d`
/// estimated per series with Bartlett weights up to lag `horizon − 1` (consecutive windows share
/// `horizon − 1` targets, so their differentials are correlated; Newey–West), summed over series.
/// MAE rather than MSE because the backtest ranks by MASE and because a few spikes or drop-outs
/// dominate a squared error: on the per-minute metrics sample the ridge forecast won on validation
/// MSE by 0.3% and lost on validation MAE.
struct NaiveCheck: Sendable {
    /// Mean of `d` (positive: the model is better), scaled units.
    var meanGain: Double
    /// Mean naive MAE per window, scaled units (for the relative gain).
    var naiveMAE: Double
    /// `meanGain / se`; nil when there are too few windows to estimate a standard error.
    var statistic: Double?
    /// Windows compared.
    var windows: Int
    /// Whether there were enough windows for a standard error (``minimumWindows(horizon:)``).
    var enoughWindows: Bool

    /// Fewest windows for a standard error: two horizons' worth, and at least 10.
    static func minimumWindows(horizon: Int) -> Int { max(10, 2 * horizon) }

    /// - Parameters:
    ///   - differentials: per series, `d_t` of its validation windows in origin order.
    ///   - naiveErrors: per series, the naive forecast's mean absolute error of each window.
    ///   - horizon: steps per window (the lag window of the variance).
    init(differentials: [[Double]], naiveErrors: [[Double]], horizon: Int) {
        let all = differentials.joined()
        windows = all.count
        meanGain = windows > 0 ? all.reduce(0, +) / Double(windows) : 0
        let naiveAll = naiveErrors.joined()
        naiveMAE = naiveAll.isEmpty ? 0 : naiveAll.reduce(0, +) / Double(naiveAll.count)
        enoughWindows = windows >= Self.minimumWindows(horizon: horizon)
        guard enoughWindows else { statistic = nil; return }
        var longRun = 0.0   // Σ over series of Σ_{|j|<h} w_j Σ_t (d_t − d̄)(d_{t+j} − d̄)
        for series in differentials {
            let x = series.map { $0 - meanGain }
            for j in 0..<min(horizon, x.count) {
                var s = 0.0
                for t in 0..<(x.count - j) { s += x[t] * x[t + j] }
                longRun += (j == 0 ? 1 : 2 * (1 - Double(j) / Double(horizon))) * s
            }
        }
        // Bartlett weights keep the estimate non-negative; a zero one (identical forecasts) has no test.
        statistic = longRun > 0 ? meanGain * Double(windows) / longRun.squareRoot() : nil
    }

    /// The mean gain as a share of naive's mean error (0 when naive makes none).
    var relativeGain: Double { naiveMAE > 0 ? meanGain / naiveMAE : 0 }

    /// Whether the model passes a check of `threshold` standard errors and beats naive's MAE by at
    /// least `minimumGain` (a share, `--min-gain`): a model that equals the naive forecast up to
    /// float rounding can differ from it consistently, hence "significantly", by 1e-8 of its error.
    /// No standard error (too few windows, or no difference at all): the gain decides alone.
    func passes(_ threshold: Double, minimumGain: Double = 0) -> Bool {
        guard meanGain > 0, relativeGain >= minimumGain else { return false }
        guard let statistic else { return true }
        return statistic >= threshold
    }

    /// One sentence for fit's output.
    func description(threshold: Double, minimumGain: Double = 0, passed: Bool, fellBack: Bool) -> String {
        // A model worse than naive reads "x% above naive", not "-x% below".
        let gain = naiveMAE > 0 ? NumberText.significant(100 * abs(relativeGain), 3) + "%" : "n/a"
        let side = relativeGain < 0 ? "above" : "below"
        let stat = statistic.map { "\(NumberText.significant($0, 3)) standard errors" }
            ?? (enoughWindows ? "the same errors as naive on every window" : "too few validation windows (\(windows)) for a standard error")
        let short = meanGain > 0 && relativeGain < minimumGain
            ? " (less than the \(NumberText.significant(100 * minimumGain, 3))% --min-gain asks)" : ""
        let what = "validation MAE \(gain) \(side) naive\(short), \(stat) (--naive-check \(NumberText.significant(threshold, 3)))"
        if passed { return "naive check passed: " + what }
        return fellBack
            ? "naive check failed: " + what + "; the model falls back to the naive forecast (last value)"
            : "naive check failed: " + what + "; kept anyway: only last-value window normalisation can fall back to naive"
    }
}
