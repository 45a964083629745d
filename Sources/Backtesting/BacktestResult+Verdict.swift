import ForecastMetrics

extension BacktestResult {
    /// Plain sentences on how the first model (the one under test) did against each baseline, on
    /// MASE overall and per series: where it wins, and where it loses, said as plainly.
    public var verdict: [String] {
        guard models.count > 1, let mine = overall[0].mase else {
            return models.count > 1 ? ["\(models[0]) has no MASE (no forecast was scored), so it cannot be compared."] : []
        }
        var lines: [String] = []
        let others = (1..<models.count).compactMap { i in overall[i].mase.map { (models[i], $0) } }
        let better = others.filter { $0.1 < mine }.sorted { $0.1 < $1.1 }
        if better.isEmpty {
            let runnerUp = others.min { $0.1 < $1.1 }
            lines.append("\(models[0]) has the lowest MASE overall (\(NumberText.format(mine))"
                + (runnerUp.map { "; the best baseline, \($0.0), has \(NumberText.format($0.1)))." } ?? ")."))
        } else {
            let list = better.map { "\($0.0) (\(NumberText.format($0.1)))" }.joined(separator: ", ")
            lines.append("\(models[0]) LOSES to \(list) on MASE overall: it scores \(NumberText.format(mine)). "
                + "On this data a simpler forecast is the better choice.")
        }
        if series.count > 1 {
            let losses = series.indices.filter { s in
                guard let m = bySeries[0][s].mase else { return false }
                return (1..<models.count).contains { i in (bySeries[i][s].mase ?? .infinity) < m }
            }
            lines.append(losses.isEmpty ? "It has the lowest MASE on every one of the \(series.count) series."
                         : "A baseline beats it on \(losses.count) of \(series.count) series: "
                           + losses.prefix(8).map { series[$0].name }.joined(separator: ", ") + (losses.count > 8 ? ", …" : "") + ".")
        }
        if let cov = overall[0].coverage, let nominal = overall[0].nominalCoverage, abs(cov - nominal) > 0.1 {
            lines.append("Its \(NumberText.percentage(nominal)) intervals held \(NumberText.percentage(cov)) of the actuals: "
                         + (cov < nominal ? "too narrow." : "wider than needed."))
        }
        let failedModels = Set(failures.map(\.model))
        for m in failedModels.sorted() {
            let n = failures.filter { $0.model == m }.count
            lines.append("\(models[m]) failed on \(n) fold(s) and is scored on the rest only; first reason: "
                         + (failures.first { $0.model == m }?.message ?? ""))
        }
        return lines
    }
}
