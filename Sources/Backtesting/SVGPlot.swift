import Foundation

/// A small SVG plotting surface: data coordinates in, inline `<svg>` text out. No scripts, no
/// external resources, so the HTML report stays one self-contained file.
struct SVGPlot {
    var width: Double
    var height: Double
    var margin = (top: 14.0, right: 12.0, bottom: 30.0, left: 58.0)
    var xRange: ClosedRange<Double>
    var yRange: ClosedRange<Double>
    private var body: [String] = []

    init(width: Double, height: Double, x: ClosedRange<Double>, y: ClosedRange<Double>) {
        self.width = width; self.height = height
        // Degenerate ranges (one point, a constant) get some room so nothing divides by zero.
        xRange = x.lowerBound < x.upperBound ? x : (x.lowerBound - 1)...(x.upperBound + 1)
        let pad = y.lowerBound < y.upperBound ? (y.upperBound - y.lowerBound) * 0.05 : max(1, abs(y.lowerBound) * 0.1)
        yRange = (y.lowerBound - pad)...(y.upperBound + pad)
    }

    var plotLeft: Double { margin.left }
    var plotRight: Double { width - margin.right }
    var plotTop: Double { margin.top }
    var plotBottom: Double { height - margin.bottom }

    func px(_ x: Double) -> Double { plotLeft + (x - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound) * (plotRight - plotLeft) }
    func py(_ y: Double) -> Double { plotBottom - (y - yRange.lowerBound) / (yRange.upperBound - yRange.lowerBound) * (plotBottom - plotTop) }

    private static func n(_ v: Double) -> String { String(format: "%.1f", v) }

    /// A polyline through the finite points; a NaN breaks the line.
    mutating func line(_ xs: [Double], _ ys: [Double], color: String, width: Double = 1.5, dash: String? = nil, markers: Bool = false) {
        var runs: [[(Double, Double)]] = [[]]
        for (x, y) in zip(xs, ys) {
            if y.isFinite { runs[runs.count - 1].append((px(x), py(y))) } else if !runs[runs.count - 1].isEmpty { runs.append([]) }
        }
        let dashAttribute = dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
        for run in runs where !run.isEmpty {
            let points = run.map { "\(Self.n($0.0)),\(Self.n($0.1))" }.joined(separator: " ")
            body.append("<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"\(width)\" stroke-linejoin=\"round\"\(dashAttribute) points=\"\(points)\"/>")
            if markers { for p in run { body.append("<circle cx=\"\(Self.n(p.0))\" cy=\"\(Self.n(p.1))\" r=\"2.6\" fill=\"\(color)\"/>") } }
        }
    }

    /// A filled band between `lower` and `upper`.
    mutating func band(_ xs: [Double], lower: [Double], upper: [Double], color: String, opacity: Double = 0.18) {
        let top = zip(xs, upper).filter { $0.1.isFinite }.map { "\(Self.n(px($0.0))),\(Self.n(py($0.1)))" }
        let bottom = zip(xs, lower).filter { $0.1.isFinite }.reversed().map { "\(Self.n(px($0.0))),\(Self.n(py($0.1)))" }
        guard !top.isEmpty, !bottom.isEmpty else { return }
        body.append("<polygon fill=\"\(color)\" fill-opacity=\"\(opacity)\" stroke=\"none\" points=\"\((top + bottom).joined(separator: " "))\"/>")
    }

    /// A vertical rule at `x` (fold origins).
    mutating func verticalRule(at x: Double, color: String = "#999", dash: String = "3 3") {
        let X = Self.n(px(x))
        body.append("<line x1=\"\(X)\" y1=\"\(Self.n(plotTop))\" x2=\"\(X)\" y2=\"\(Self.n(plotBottom))\" stroke=\"\(color)\" stroke-dasharray=\"\(dash)\" stroke-width=\"1\"/>")
    }

    /// A bar from `x0` to `x1`, 0 to `y` (histograms).
    mutating func bar(from x0: Double, to x1: Double, height y: Double, color: String, opacity: Double = 0.55) {
        let left = px(x0), right = px(x1), top = py(max(y, 0)), base = py(max(yRange.lowerBound, 0))
        body.append("<rect x=\"\(Self.n(left))\" y=\"\(Self.n(top))\" width=\"\(Self.n(max(0.5, right - left - 1)))\" height=\"\(Self.n(max(0, base - top)))\" fill=\"\(color)\" fill-opacity=\"\(opacity)\"/>")
    }

    /// The finished `<svg>`: frame, grid, ticks, the drawn elements, and an optional legend.
    func render(xTicks: [(Double, String)], yLabel: String? = nil, legend: [(name: String, color: String, dash: String?)] = [],
                compact: Bool = false) -> String {
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Self.n(width)) \(Self.n(height))\" role=\"img\" class=\"chart\">"
        out += "<rect x=\"\(Self.n(plotLeft))\" y=\"\(Self.n(plotTop))\" width=\"\(Self.n(plotRight - plotLeft))\" height=\"\(Self.n(plotBottom - plotTop))\" fill=\"#fff\" stroke=\"#ccc\"/>"
        let fontSize = compact ? 9.0 : 11.0
        for (value, label) in Self.niceTicks(yRange, count: compact ? 3 : 5) {
            let y = Self.n(py(value))
            out += "<line x1=\"\(Self.n(plotLeft))\" y1=\"\(y)\" x2=\"\(Self.n(plotRight))\" y2=\"\(y)\" stroke=\"#eee\"/>"
            out += "<text x=\"\(Self.n(plotLeft - 5))\" y=\"\(y)\" dy=\"0.32em\" text-anchor=\"end\" font-size=\"\(fontSize)\" fill=\"#555\">\(Self.escape(label))</text>"
        }
        for (value, label) in xTicks where xRange.contains(value) {
            let x = Self.n(px(value))
            // Labels at the ends are anchored inwards so they are not clipped by the frame.
            let nearLeft = px(value) - plotLeft < 30, nearRight = plotRight - px(value) < 30
            let anchor = nearLeft ? "start" : nearRight ? "end" : "middle"
            out += "<line x1=\"\(x)\" y1=\"\(Self.n(plotBottom))\" x2=\"\(x)\" y2=\"\(Self.n(plotBottom + 4))\" stroke=\"#999\"/>"
            out += "<text x=\"\(x)\" y=\"\(Self.n(plotBottom + 6 + fontSize))\" text-anchor=\"\(anchor)\" font-size=\"\(fontSize)\" fill=\"#555\">\(Self.escape(label))</text>"
        }
        if let yLabel {
            out += "<text transform=\"translate(12 \(Self.n((plotTop + plotBottom) / 2))) rotate(-90)\" text-anchor=\"middle\" font-size=\"\(fontSize)\" fill=\"#555\">\(Self.escape(yLabel))</text>"
        }
        out += body.joined()
        // Lay the legend out first, then draw it on a light box so lines under it stay readable.
        var lx = plotLeft + 8, ly = plotTop + 12, right = lx
        var placed: [(x: Double, y: Double, item: (name: String, color: String, dash: String?))] = []
        for item in legend {
            let itemWidth = 34 + Double(item.name.count) * fontSize * 0.56
            // Wrap to a new legend row rather than run past the plot's right edge.
            if lx + itemWidth > plotRight && lx > plotLeft + 8 { lx = plotLeft + 8; ly += fontSize + 6 }
            placed.append((lx, ly, item))
            lx += itemWidth
            right = max(right, lx)
        }
        if !placed.isEmpty {
            out += "<rect x=\"\(Self.n(plotLeft + 3))\" y=\"\(Self.n(plotTop + 3))\" width=\"\(Self.n(min(right, plotRight - 3) - plotLeft - 3))\" "
                + "height=\"\(Self.n(ly - plotTop + fontSize / 2 + 4))\" fill=\"#fff\" fill-opacity=\"0.85\"/>"
        }
        for (x, y, item) in placed {
            let dash = item.dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
            out += "<line x1=\"\(Self.n(x))\" y1=\"\(Self.n(y))\" x2=\"\(Self.n(x + 18))\" y2=\"\(Self.n(y))\" stroke=\"\(item.color)\" stroke-width=\"2.5\"\(dash)/>"
            out += "<text x=\"\(Self.n(x + 22))\" y=\"\(Self.n(y))\" dy=\"0.32em\" font-size=\"\(fontSize)\" fill=\"#333\">\(Self.escape(item.name))</text>"
        }
        return out + "</svg>"
    }

    /// About `count` round tick values (1, 2, 2.5, 5 × 10^k steps) inside `range`.
    static func niceTicks(_ range: ClosedRange<Double>, count: Int) -> [(Double, String)] {
        let span = range.upperBound - range.lowerBound
        guard span > 0, span.isFinite else { return [] }
        let raw = span / Double(max(1, count))
        let power = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * power }.first { $0 >= raw } ?? 10 * power
        // As many decimals as the step needs (2.5 × 10^k needs one more than 10^k).
        var decimals = max(0, -Int(floor(log10(step) + 1e-9)))
        if abs(step / power - 2.5) < 1e-9 && power < 10 { decimals += 1 }
        var ticks: [(Double, String)] = []
        var k = ceil(range.lowerBound / step)
        while k * step <= range.upperBound + step * 1e-9 {
            let v = k * step
            ticks.append((v, abs(v) < step * 1e-9 ? "0" : String(format: "%.\(decimals)f", v)))
            k += 1
        }
        return ticks
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
