import ForecastMetrics
import TimeFrames

extension BacktestResult {
    /// The metric models are ranked and judged by: MASE, or MAE when the model under test has no
    /// MASE (every fold's history was constant, so the scale is zero).
    public var primaryMetric: Metric { overall.first?.mase != nil ? .mase : .mae }

    /// The origin time of fold `k` (0-based) as text, in the first series' calendar.
    func originText(fold k: Int) -> String {
        guard let s = series.first, k < s.origins.count else { return "" }
        let i = s.origins[k] - s.tailStart
        guard i >= 0, i < s.tailTimestamps.count else { return "" }
        return ISO8601Text.format(s.tailTimestamps[i], dateOnly: s.dateOnly)
    }

    /// Whether some baseline beats the model under test on ``primaryMetric`` overall.
    public var mainModelLoses: Bool {
        let metric = primaryMetric
        guard let mine = overall.first?.value(of: metric) else { return false }
        return overall.dropFirst().contains { ($0.value(of: metric) ?? .infinity) < mine && !MetricRanking.ties($0.value(of: metric) ?? .infinity, mine) }
    }

    /// Why MASE is missing or partial, in words; nil when every scored value has a MASE.
    public var maseNote: String? {
        guard let main = overall.first, main.maseSkippedNoScale > 0 else { return nil }
        let total = main.count
        let constant = series.indices.filter { bySeries[0][$0].count > 0 && bySeries[0][$0].mase == nil }.map { series[$0].name }
        let reason = "the history before the origin was constant, so its in-sample naive MAE (the MASE scale) is 0"
        if main.mase == nil {
            return "MASE is undefined here: \(reason); models are ranked by MAE instead."
        }
        return "MASE leaves out \(main.maseSkippedNoScale) of \(total + main.skippedMissing) values because \(reason)"
            + (constant.isEmpty ? "." : " (series " + constant.prefix(8).joined(separator: ", ") + (constant.count > 8 ? ", …" : "") + ").")
    }

    /// Plain sentences on how the first model (the one under test) did against each baseline, on
    /// ``primaryMetric`` overall and per series: where it wins, and where it loses, said as plainly.
    public var verdict: [String] {
        let metric = primaryMetric, name = metric.title
        guard models.count > 1, let mine = overall[0].value(of: metric) else {
            return models.count > 1 ? ["\(models[0]) has no forecast that could be scored, so it cannot be compared."] + notes : notes
        }
        var lines: [String] = []
        if let note = maseNote, metric == .mae { lines.append(note) }
        let others = (1..<models.count).compactMap { i in overall[i].value(of: metric).map { (models[i], $0) } }
        let better = others.filter { $0.1 < mine && !MetricRanking.ties($0.1, mine) }.sorted { $0.1 < $1.1 }
        if better.isEmpty {
            let tied = others.filter { MetricRanking.ties($0.1, mine) }.map(\.0)
            let runnerUp = others.filter { !MetricRanking.ties($0.1, mine) }.min { $0.1 < $1.1 }
            if tied.count == others.count {
                lines.append("\(models[0]) ties with every baseline on \(name) (\(NumberText.format(mine))): no model is better here.")
            } else {
                lines.append("\(models[0]) has the lowest \(name) overall (\(NumberText.format(mine))"
                    + (tied.isEmpty ? "" : ", tied with " + tied.joined(separator: ", "))
                    + (runnerUp.map { "; the best \(tied.isEmpty ? "" : "other ")baseline, \($0.0), has \(NumberText.format($0.1)))." } ?? ")."))
            }
        } else {
            let list = better.map { "\($0.0) (\(NumberText.format($0.1)))" }.joined(separator: ", ")
            lines.append("\(models[0]) LOSES to \(list) on \(name) overall: it scores \(NumberText.format(mine)). "
                + "On this data a simpler forecast is the better choice.")
        }
        if series.count > 1 {
            let losses = series.indices.filter { s in
                // Per series, MASE where it is defined for that series, else MAE.
                let m: Metric = bySeries[0][s].mase != nil ? .mase : .mae
                guard let v = bySeries[0][s].value(of: m) else { return false }
                return (1..<models.count).contains { i in
                    let other = bySeries[i][s].value(of: m) ?? .infinity
                    return other < v && !MetricRanking.ties(other, v)
                }
            }
            lines.append(losses.isEmpty ? "It has the lowest \(name) on every one of the \(series.count) series."
                         : "A baseline beats it on \(losses.count) of \(series.count) series: "
                           + losses.prefix(8).map { series[$0].name }.joined(separator: ", ") + (losses.count > 8 ? ", …" : "") + ".")
        }
        if settings.folds > 1 {
            let wins = (0..<settings.folds).filter { k in
                guard let v = byFold[0][k].value(of: metric) else { return false }
                return !(1..<models.count).contains { i in
                    let other = byFold[i][k].value(of: metric) ?? .infinity
                    return other < v && !MetricRanking.ties(other, v)
                }
            }.count
            lines.append("Fold by fold, it has the lowest \(name) in \(wins) of \(settings.folds) folds.")
        }
        if let cov = overall[0].coverage, let nominal = overall[0].nominalCoverage, abs(cov - nominal) > 0.1 {
            lines.append("Its \(NumberText.percentage(nominal)) intervals held \(NumberText.percentage(cov)) of the actuals: "
                         + (cov < nominal ? "too narrow." : "wider than needed."))
        }
        if let note = maseNote, metric == .mase { lines.append(note) }
        let failedModels = Set(failures.map(\.model))
        for m in failedModels.sorted() {
            let n = failures.filter { $0.model == m }.count
            lines.append("\(models[m]) failed on \(n) fold(s) and is scored on the rest only; first reason: "
                         + (failures.first { $0.model == m }?.message ?? ""))
        }
        return lines + notes
    }
}
