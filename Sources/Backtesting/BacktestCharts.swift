import ForecastMetrics
import TimeFrames

/// The report's charts, as inline SVG.
struct BacktestCharts {
    let result: BacktestResult
    static let palette = ["#1f6fb4", "#e6862a", "#2a9d4b", "#8e5bbd", "#a0522d", "#d6589f", "#6b6b6b", "#a8a820", "#17a2b8"]
    static let actualColor = "#222"

    func color(ofModel m: Int) -> String { Self.palette[m % Self.palette.count] }

    /// The baseline with the lowest overall MASE (or MAE), drawn beside the main model.
    var bestBaseline: Int? {
        guard result.models.count > 1 else { return nil }
        let key: (Int) -> Double = { result.overall[$0].mase ?? result.overall[$0].mae ?? .infinity }
        return (1..<result.models.count).min { key($0) < key($1) }
    }

    /// Tick positions and labels for a time axis.
    static func timeTicks(_ range: ClosedRange<Double>, dateOnly: Bool, count: Int) -> [(Double, String)] {
        guard range.upperBound > range.lowerBound else { return [] }
        let spanDays = (range.upperBound - range.lowerBound) / 86_400_000
        return (0...count).map { i in
            var t = range.lowerBound + (range.upperBound - range.lowerBound) * Double(i) / Double(count)
            // Round inner ticks to a whole day (spans over ten days) or hour, so labels read cleanly.
            let unit = spanDays > 10 ? 86_400_000.0 : 3_600_000.0
            if i > 0, i < count, spanDays > 1 { t = (t / unit).rounded() * unit }
            let c = CivilDateTime(epochMilliseconds: EpochMilliseconds(t))
            func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
            let label: String
            if dateOnly || spanDays > 60 { label = "\(c.year)-\(two(c.month))-\(two(c.day))" }
            else { label = "\(two(c.month))-\(two(c.day)) \(two(c.hour)):\(two(c.minute))" }
            return (t, label)
        }
    }

    /// Ticks at the start, at each forecast origin (so the dotted origin lines are labelled with
    /// their exact time), and at the end; a tick closer than ~90 px to the previous one is dropped.
    static func originTicks(_ info: BacktestSeries, xs: [Double], pixelsPerUnit: Double) -> [(Double, String)] {
        var positions = [xs[0]]
        positions += info.origins.compactMap { o in
            let i = o - info.tailStart
            return i >= 0 && i < xs.count ? xs[i] : nil
        }
        positions.append(xs[xs.count - 1])
        var kept: [Double] = []
        for p in positions where kept.last.map({ (p - $0) * pixelsPerUnit >= 90 }) ?? true { kept.append(p) }
        let spanDays = (xs[xs.count - 1] - xs[0]) / 86_400_000
        return kept.map { t in
            let c = CivilDateTime(epochMilliseconds: EpochMilliseconds(t))
            func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
            let label = info.dateOnly || spanDays > 60 ? "\(c.year)-\(two(c.month))-\(two(c.day))"
                : "\(two(c.month))-\(two(c.day)) \(two(c.hour)):\(two(c.minute))"
            return (t, label)
        }
    }

    /// History with each fold's forecast and interval band against the actuals.
    func history(series s: Int, width: Double, height: Double, compact: Bool = false) -> String {
        let info = result.series[s]
        let xs = info.tailTimestamps.map(Double.init)
        let mine = result.forecasts.filter { $0.series == s && $0.model == 0 }
        let other = bestBaseline.map { b in result.forecasts.filter { $0.series == s && $0.model == b } } ?? []
        var ys = info.tailValues.filter(\.isFinite)
        for f in mine + other { ys += f.forecast.point.filter(\.isFinite) }
        for f in mine { ys += (f.forecast.lower ?? []).filter(\.isFinite) + (f.forecast.upper ?? []).filter(\.isFinite) }
        guard let lo = ys.min(), let hi = ys.max(), let x0 = xs.first, let x1 = xs.last else { return "" }
        var plot = SVGPlot(width: width, height: height, x: x0...x1, y: lo...hi)
        if compact { plot.margin = (top: 8, right: 6, bottom: 20, left: 44) }
        for origin in info.origins {
            let i = origin - info.tailStart
            if i >= 0, i < xs.count { plot.verticalRule(at: xs[i]) }
        }
        for f in mine {
            let fx = f.timestamps.map(Double.init)
            if let lower = f.forecast.lower, let upper = f.forecast.upper { plot.band(fx, lower: lower, upper: upper, color: color(ofModel: 0)) }
        }
        plot.line(xs, info.tailValues, color: Self.actualColor, width: compact ? 1 : 1.3)
        for f in other { plot.line(f.timestamps.map(Double.init), f.forecast.point, color: color(ofModel: f.model), width: 1.5, dash: "5 3") }
        for f in mine { plot.line(f.timestamps.map(Double.init), f.forecast.point, color: color(ofModel: 0), width: compact ? 1.5 : 2) }
        var legend: [(name: String, color: String, dash: String?)] = [("actual", Self.actualColor, nil), (result.models[0], color(ofModel: 0), nil)]
        if let b = bestBaseline { legend.append((result.models[b], color(ofModel: b), "5 3")) }
        let ticks = compact ? Self.timeTicks(x0...x1, dateOnly: info.dateOnly, count: 2)
            : Self.originTicks(info, xs: xs, pixelsPerUnit: (width - 70) / max(1, x1 - x0))
        return plot.render(xTicks: ticks,
                           legend: compact ? [] : legend, compact: compact)
    }

    /// MAE at each horizon step, one line per model.
    func errorByStep(width: Double, height: Double) -> String {
        let steps = (1...result.settings.horizon).map(Double.init)
        let values = result.byStep.map { $0.map { $0.mae ?? .nan } }
        let finite = values.flatMap { $0 }.filter(\.isFinite)
        guard let hi = finite.max() else { return "" }
        // Headroom above the highest line for the legend (two rows with many models).
        var plot = SVGPlot(width: width, height: height, x: 1...max(2, Double(result.settings.horizon)), y: 0...(hi * 1.3))
        for m in result.models.indices.reversed() {
            plot.line(steps, values[m], color: color(ofModel: m), width: m == 0 ? 2.5 : 1.5, dash: m == 0 ? nil : "4 2", markers: m == 0)
        }
        let tickStep = max(1, result.settings.horizon / 8)
        let ticks = stride(from: 1, through: result.settings.horizon, by: tickStep).map { (Double($0), "\($0)") }
        return plot.render(xTicks: ticks, yLabel: "MAE", legend: result.models.indices.map { (result.models[$0], color(ofModel: $0), $0 == 0 ? nil : "4 2") })
    }

    /// Histogram of residuals (actual − forecast) of the main model and the best baseline.
    func residuals(width: Double, height: Double) -> String {
        func residualsOf(_ m: Int) -> [Double] {
            result.forecasts.filter { $0.model == m }.flatMap { f in zip(f.actual, f.forecast.point).map { $0 - $1 }.filter(\.isFinite) }
        }
        let shown = [0] + (bestBaseline.map { [$0] } ?? [])
        let sets = shown.map(residualsOf)
        let all = sets.flatMap { $0 }.sorted()
        guard all.count >= 2 else { return "" }
        // The 1st–99th percentile range, so one wild miss does not squash the rest into a bar.
        let lo = all[Int(Double(all.count - 1) * 0.01)], hi = all[Int(Double(all.count - 1) * 0.99)]
        guard hi > lo else { return "" }
        let bins = 30, width0 = (hi - lo) / Double(bins)
        let counts = sets.map { values -> [Double] in
            var c = [Double](repeating: 0, count: bins)
            for v in values { c[min(bins - 1, max(0, Int((v - lo) / width0)))] += 1 }
            return c.map { $0 / Double(max(1, values.count)) }
        }
        let top = counts.flatMap { $0 }.max() ?? 1
        var plot = SVGPlot(width: width, height: height, x: lo...hi, y: 0...(top * 1.15))   // headroom for the legend
        for (k, m) in shown.enumerated() {
            for b in 0..<bins {
                plot.bar(from: lo + Double(b) * width0, to: lo + Double(b + 1) * width0, height: counts[k][b],
                         color: color(ofModel: m), opacity: k == 0 ? 0.6 : 0.35)
            }
        }
        plot.verticalRule(at: 0, color: "#333", dash: "2 2")
        return plot.render(xTicks: SVGPlot.niceTicks(lo...hi, count: 6), yLabel: "share",
                           legend: shown.map { (result.models[$0], color(ofModel: $0), nil) })
    }
}
