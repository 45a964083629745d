/// The metrics a backtest reports, in table order, with how each one ranks models.
public enum Metric: String, CaseIterable, Codable, Sendable {
    case mae, rmse, mape, smape, mase, wape, bias, coverage, meanWidth = "width", winkler, pinball

    /// Short column title, e.g. `MAE`, `sMAPE %`.
    public var title: String {
        switch self {
        case .mae: return "MAE"
        case .rmse: return "RMSE"
        case .mape: return "MAPE %"
        case .smape: return "sMAPE %"
        case .mase: return "MASE"
        case .wape: return "WAPE %"
        case .bias: return "bias"
        case .coverage: return "coverage"
        case .meanWidth: return "width"
        case .winkler: return "Winkler"
        case .pinball: return "pinball"
        }
    }

    /// One line on what the number means, for report legends.
    public var meaning: String {
        switch self {
        case .mae: return "mean |y − ŷ|"
        case .rmse: return "√ mean (y − ŷ)²"
        case .mape: return "100 · mean |y − ŷ|/|y| over y ≠ 0"
        case .smape: return "100 · mean 2|y − ŷ|/(|y| + |ŷ|)"
        case .mase: return "MAE / in-sample seasonal-naive MAE"
        case .wape: return "100 · Σ|y − ŷ| / Σ|y|"
        case .bias: return "mean (ŷ − y); > 0 forecasts high"
        case .coverage: return "share of actuals inside the interval"
        case .meanWidth: return "mean interval width u − l"
        case .winkler: return "width + (2/α)·miss distance"
        case .pinball: return "mean quantile loss of the bounds"
        }
    }

    /// How far a value is from ideal, for ranking: lower is better. The value itself for errors
    /// and scores, `|bias|` for bias, and `|coverage − nominal|` for coverage (an interval that
    /// covers more than promised is too wide, not better). Nil when the value is nil, or for
    /// coverage without a nominal level. Width alone does not rank (narrow is only good when it
    /// covers), so it returns nil.
    public func badness(of value: Double?, nominalCoverage: Double?) -> Double? {
        guard let value, value.isFinite else { return nil }
        switch self {
        case .bias: return abs(value)
        case .coverage:
            guard let nominalCoverage else { return nil }
            return abs(value - nominalCoverage)
        case .meanWidth: return nil
        default: return value
        }
    }
}

extension Metric {
    /// How the metric ranks models, in words (the JSON `ranks_by`).
    public var ranksBy: String {
        switch self {
        case .bias: return "|bias|"
        case .coverage: return "distance to nominal"
        case .meanWidth: return "not ranked"
        default: return "lower"
        }
    }
}

/// Lets `[Metric: …]` encode as a JSON object keyed by the metric name.
extension Metric: CodingKeyRepresentable {}
