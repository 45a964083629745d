import Foundation
import ForecastMetrics
import TimeFrames

extension BacktestResult {
    /// The metrics of the compact stdout table, in order.
    static let tableMetrics: [Metric] = [.mae, .rmse, .mase, .smape, .wape, .bias, .coverage, .winkler]

    /// One line describing the design: target, series, folds, horizon, window, retraining.
    public var designLine: String {
        let s = settings
        var text = "backtest of \(targetColumn): \(series.count) series, \(s.folds) folds × \(s.horizon) steps (step \(s.step), "
            + "\(s.window.rawValue) window"
        if let t = s.trainSize { text += " of \(t)" }
        text += ", retrain \(s.retrain)), \(NumberText.percentage(s.coverage)) intervals"
        let seasons = Set(series.map(\.season)).sorted()
        // "season 1/7" read like a fraction: several series' seasons are listed as such.
        text += seasons.count == 1 ? ", season \(seasons[0])" : ", seasons " + seasons.map(String.init).joined(separator: ", ")
        return text
    }

    /// The compact table for a terminal: one row per model, `*` after the best value per column.
    public func textTable() -> String {
        let columns = Self.tableMetrics
        let nameWidth = max(6, models.map(\.count).max() ?? 0)
        var out = designLine + "\n\n"
        out += NumberText.pad("model", nameWidth, right: false) + "  " + NumberText.pad("rank", 4)
        for c in columns { out += "  " + NumberText.pad(c.title, 9) }
        out += "\n"
        let primary = primaryMetric
        let order = models.indices.sorted { (ranking.ranks[primary]?[$0] ?? Int.max, $0) < (ranking.ranks[primary]?[$1] ?? Int.max, $1) }
        for m in order {
            let rank = ranking.ranks[primary]?[m].map { "\($0)" } ?? "–"
            var row = NumberText.pad(models[m], nameWidth, right: false) + "  " + NumberText.pad(rank, 4)
            for c in columns {
                let v = overall[m].value(of: c)
                var cell = c == .coverage ? NumberText.percentage(v) : NumberText.format(v)
                cell += ranking.ranks[c]?[m] == 1 ? "*" : " "
                row += "  " + NumberText.pad(cell, 9)
            }
            if m > 0, let mine = overall[0].value(of: primary), let theirs = overall[m].value(of: primary),
               theirs < mine, !MetricRanking.ties(theirs, mine) {
                row += "  ← beats \(models[0])"
            }
            while row.last == " " { row.removeLast() }
            out += row + "\n"
        }
        out += "\nrank: by \(primary.title) (lower is better); * best per column (bias by |bias|, coverage by distance to nominal).\n"
        let zeros = overall.first?.mapeSkippedZeros ?? 0
        if zeros > 0 { out += "MAPE left out \(zeros) of \(overall[0].count) actuals per model because they are zero.\n" }
        for line in verdict { out += line + "\n" }
        return out
    }

    /// A Markdown report: design, overall table (best per row in bold), MAE by step, MASE by series
    /// and by fold,
    /// the verdict and any failures.
    public func markdown() -> String {
        var out = "# Backtest: \(targetColumn)\n\n" + designLine + ".\n\n"
        out += "## Verdict\n\n" + verdict.map { "- " + $0 }.joined(separator: "\n") + "\n\n"
        out += "## Metrics (all folds, steps and series)\n\n"
        out += "| metric | " + models.joined(separator: " | ") + " |\n|---|" + String(repeating: "---:|", count: models.count) + "\n"
        for metric in Metric.allCases {
            out += "| \(metric.title) |"
            for m in models.indices {
                let v = overall[m].value(of: metric)
                let text = metric == .coverage ? NumberText.percentage(v) : NumberText.format(v)
                let rank = ranking.ranks[metric]?[m] ?? nil
                let suffix = rank.map { " (\($0))" } ?? ""
                out += rank == 1 ? " **\(text)**\(suffix) |" : " \(text)\(suffix) |"
            }
            out += "\n"
        }
        out += "\nBest value per row in bold; (n) is the model's rank for that metric. " + Metric.allCases.map { "\($0.title): \($0.meaning)" }.joined(separator: "; ") + ".\n"
        if let zeros = overall.first?.mapeSkippedZeros, zeros > 0 {
            out += "MAPE left out \(zeros) of \(overall[0].count) actuals per model because they are zero.\n"
        }
        out += "\n"
        out += "## MAE by horizon step\n\n| step | " + models.joined(separator: " | ") + " |\n|---:|"
            + String(repeating: "---:|", count: models.count) + "\n"
        for h in 0..<settings.horizon {
            out += "| \(h + 1) |" + models.indices.map { " \(NumberText.format(byStep[$0][h].mae)) |" }.joined() + "\n"
        }
        out += "\n## MASE by series\n\n| series | season | " + models.joined(separator: " | ") + " |\n|---|---:|"
            + String(repeating: "---:|", count: models.count) + "\n"
        for (s, info) in series.enumerated() {
            let values = models.indices.map { bySeries[$0][s].mase }
            let best = values.compactMap { $0 }.min()
            out += "| \(info.name) | \(info.season) |" + values.map { v in
                let t = NumberText.format(v)
                return v != nil && v == best ? " **\(t)** |" : " \(t) |"
            }.joined() + "\n"
        }
        let metric = primaryMetric
        out += "\n## \(metric.title) by fold\n\n| fold | origin\(series.count > 1 ? " (\(series[0].name))" : "") | " + models.joined(separator: " | ") + " |\n|---:|---|"
            + String(repeating: "---:|", count: models.count) + "\n"
        for k in 0..<settings.folds {
            let values = models.indices.map { byFold[$0][k].value(of: metric) }
            let best = values.compactMap { $0 }.min()
            out += "| \(k + 1) | \(originText(fold: k)) |" + values.map { v in
                let t = NumberText.format(v)
                return v != nil && v == best ? " **\(t)** |" : " \(t) |"
            }.joined() + "\n"
        }
        if !failures.isEmpty {
            out += "\n## Failures\n\n" + failures.map { "- \(models[$0.model]), \(series[$0.series].name), fold \($0.fold + 1): \($0.message)" }
                .joined(separator: "\n") + "\n"
        }
        return out
    }
}
