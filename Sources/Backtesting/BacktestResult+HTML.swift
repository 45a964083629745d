import ForecastMetrics

extension BacktestResult {
    /// One self-contained HTML page (inline CSS and SVG; no scripts, fonts or network): the
    /// verdict, the metric table with the best value per row marked, history with every fold's
    /// forecast and interval, error by horizon step, residual distribution, and per-series small
    /// multiples when there are several series.
    /// - Parameter title: shown at the top, e.g. the data file's name.
    public func html(title: String) -> String {
        let charts = BacktestCharts(result: self)
        let e = SVGPlot.escape
        var page = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Backtest: \(e(title))</title>
        <style>
        body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #222;
               max-width: 1180px; margin: 24px auto; padding: 0 20px; line-height: 1.4; background: #fafafa; }
        h1 { font-size: 1.5em; margin: 0 0 4px; } h2 { font-size: 1.15em; margin: 28px 0 8px; }
        .design { color: #555; margin: 0 0 16px; }
        .verdict { background: #fff; border-left: 4px solid #1f6fb4; padding: 10px 16px; margin: 12px 0; }
        .verdict.loses { border-left-color: #c0392b; } .verdict p { margin: 4px 0; }
        table { border-collapse: collapse; background: #fff; font-variant-numeric: tabular-nums; font-size: 0.92em; }
        th, td { padding: 5px 10px; border-bottom: 1px solid #e4e4e4; text-align: right; white-space: nowrap; }
        th:first-child, td:first-child, th:last-child { text-align: left; }
        thead th { border-bottom: 2px solid #bbb; vertical-align: bottom; }
        td.best { background: #e3f4e1; font-weight: 600; } td.best::before { content: "★ "; color: #2a9d4b; }
        .rank { display: inline-block; min-width: 1.2em; margin-left: 6px; color: #888; font-size: 0.78em; font-weight: 400; text-align: left; }
        td.meaning { color: #777; font-size: 0.85em; text-align: left; white-space: normal; }
        .swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 5px; }
        .chart { width: 100%; height: auto; display: block; background: #fff; }
        .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(360px, 1fr)); gap: 12px; }
        .grid figure, figure { margin: 0; } figcaption { font-size: 0.85em; color: #555; margin: 4px 0 10px; }
        .two { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
        @media (max-width: 900px) { .two { grid-template-columns: 1fr; } }
        .lost { color: #c0392b; } .scroll { overflow-x: auto; } footer { color: #888; font-size: 0.8em; margin-top: 32px; }
        </style></head><body>
        <h1>Backtest: \(e(title))</h1>
        <p class="design">\(e(designLine)).</p>

        """
        page += "<div class=\"verdict\(mainModelLoses ? " loses" : "")\">" + verdict.map { "<p>\(e($0))</p>" }.joined() + "</div>\n"

        page += "<h2>Metrics over all folds, steps and series</h2>\n<div class=\"scroll\"><table><thead><tr><th>metric</th>"
        for (m, name) in models.enumerated() {
            page += "<th><span class=\"swatch\" style=\"background:\(charts.color(ofModel: m))\"></span>\(e(name))</th>"
        }
        page += "<th>meaning</th></tr></thead><tbody>\n"
        for metric in Metric.allCases {
            page += "<tr><td>\(e(metric.title))</td>"
            for m in models.indices {
                let v = overall[m].value(of: metric)
                let text = metric == .coverage ? NumberText.percentage(v) : NumberText.format(v)
                let rank = ranking.ranks[metric]?[m] ?? nil
                let badge = rank.map { "<span class=\"rank\">\($0)</span>" } ?? ""
                page += rank == 1 ? "<td class=\"best\">\(text)\(badge)</td>" : "<td>\(text)\(badge)</td>"
            }
            page += "<td class=\"meaning\">\(e(metric.meaning))</td></tr>\n"
        }
        let scored = overall.first?.count ?? 0
        page += "</tbody></table></div>\n<p class=\"design\">★ best per row; the small number is the model's rank for that metric (bias by |bias|, coverage by distance to the nominal \(NumberText.percentage(settings.coverage)); width is not ranked). \(scored) forecast values scored per model"
        if let zeros = overall.first?.mapeSkippedZeros, zeros > 0 { page += "; MAPE skipped \(zeros) zero actuals" }
        page += ".</p>\n"   // a MASE note, if any, is in the verdict above

        let main = e(models[0]), baseline = charts.bestBaseline.map { e(models[$0]) }
        page += "<h2>History and forecasts: \(e(series[0].name))</h2>\n<figure>"
            + charts.history(series: 0, width: 1120, height: 340)
            + "<figcaption>Actuals (black), each fold's forecast by \(main) with its \(NumberText.percentage(settings.coverage)) interval (shaded)"
            + (baseline.map { " and by the best baseline, \($0) (dashed)" } ?? "") + "; dotted lines mark the forecast origins.</figcaption></figure>\n"

        page += "<div class=\"two\"><figure><h2>Error by horizon step</h2>" + charts.errorByStep(width: 560, height: 300)
            + "<figcaption>MAE at each step ahead, over all folds and series.</figcaption></figure>"
        page += "<figure><h2>Residual distribution</h2>" + charts.residuals(width: 560, height: 300)
            + "<figcaption>Actual − forecast, share of values per bin (1st–99th percentile shown).</figcaption></figure></div>\n"

        if series.count > 1 {
            page += "<h2>Every series</h2>\n<div class=\"grid\">"
            for s in series.indices.prefix(48) {
                let metric: Metric = bySeries[0][s].mase != nil ? .mase : .mae
                let mine = bySeries[0][s].value(of: metric)
                let score = mine.map { " · \(metric.title) \(NumberText.format($0))" } ?? ""
                let best = bySeries.indices.min { (bySeries[$0][s].value(of: metric) ?? .infinity) < (bySeries[$1][s].value(of: metric) ?? .infinity) }
                let beaten = best.flatMap { b in mine.flatMap { v in b != 0 && !MetricRanking.ties(bySeries[b][s].value(of: metric) ?? .infinity, v) ? b : nil } }
                let note = beaten.map { " · beaten by \(models[$0])" } ?? ""
                page += "<figure>" + charts.history(series: s, width: 380, height: 170, compact: true)
                    + "<figcaption>\(e(series[s].name))\(score)\(beaten == nil ? "" : "<strong class=\"lost\">\(e(note))</strong>")</figcaption></figure>"
            }
            page += "</div>\n"
            if series.count > 48 { page += "<p class=\"design\">First 48 of \(series.count) series shown; the JSON report has all.</p>\n" }
            page += "<h2>MASE by series</h2>\n<div class=\"scroll\"><table><thead><tr><th>series</th><th>season</th>"
                + models.map { "<th>\(e($0))</th>" }.joined() + "</tr></thead><tbody>\n"
            for s in series.indices {
                let values = models.indices.map { bySeries[$0][s].mase }
                let best = values.compactMap { $0 }.min()
                page += "<tr><td>\(e(series[s].name))</td><td>\(series[s].season)</td>" + values.map { v in
                    v != nil && v == best ? "<td class=\"best\">\(NumberText.format(v))</td>" : "<td>\(NumberText.format(v))</td>"
                }.joined() + "</tr>\n"
            }
            page += "</tbody></table></div>\n"
        }
        let metric = primaryMetric
        page += "<h2>\(e(metric.title)) by fold</h2>\n<div class=\"scroll\"><table><thead><tr><th>fold</th><th>origin\(series.count > 1 ? " (\(e(series[0].name)))" : "")</th>"
            + models.map { "<th>\(e($0))</th>" }.joined() + "</tr></thead><tbody>\n"
        for k in 0..<settings.folds {
            let values = models.indices.map { byFold[$0][k].value(of: metric) }
            let best = values.compactMap { $0 }.min()
            page += "<tr><td>\(k + 1)</td><td>\(e(originText(fold: k)))</td>" + values.map { v in
                v != nil && v == best ? "<td class=\"best\">\(NumberText.format(v))</td>" : "<td>\(NumberText.format(v))</td>"
            }.joined() + "</tr>\n"
        }
        page += "</tbody></table></div>\n"
        if !failures.isEmpty {
            page += "<h2>Failures</h2>\n<ul>" + failures.prefix(50).map {
                "<li>\(e(models[$0.model])), \(e(series[$0.series].name)), fold \($0.fold + 1): \(e($0.message))</li>"
            }.joined() + "</ul>\n"
        }
        page += "<footer>Written by forecast backtest. Rolling origin: fold k of N forecasts from origin count − horizon − (N − 1 − k)·step; "
            + "every fitted thing saw only values before its origin. Seasonal-naive MASE scale from each fold's training values.</footer>\n"
        return page + "</body></html>\n"
    }
}
