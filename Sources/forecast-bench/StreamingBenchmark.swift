// `forecast-bench streaming`: the streaming recurrent predictor of `forecast detect --fit` against
// the window path. (1) Training method: on NAB files, a GRU fitted on the probationary span by
// stateful truncated BPTT, by burn-in windows, and the window model; each is run over the whole
// file as detect runs it, and its one-step error after the learning span is reported relative to
// naive's. (2) Speed: rows per second of the detector (defaults) with each predictor on one file,
// and of the predictor alone.
import AnomalyDetection
import Forecasting
import Foundation

enum StreamingBenchmark {
    static let summary = "detect --fit: streaming GRU (truncated BPTT, burn-in) vs window GRU on NAB: one-step error, rows/s"

    struct Variant { var label: String; var settings: RecurrentFitSettings }

    static func run(_ arguments: [String]) throws {
        var folder = URL(fileURLWithPath: "../shared/data/nab")
        var every = 3
        var speedFile = "realAWSCloudwatch/ec2_cpu_utilization_5f5533.csv"
        var tbptt = RecurrentFitSettings()
        var burn = RecurrentFitSettings()
        burn.streaming = StreamingConfiguration(method: .burnIn, chunk: 32, burnIn: 64)
        var only: Set<Int>?
        var it = arguments.makeIterator()
        while let a = it.next() {
            switch a {
            case "--data": folder = URL(fileURLWithPath: it.next() ?? "")
            case "--every": every = Int(it.next() ?? "") ?? every
            case "--speed-file": speedFile = it.next() ?? speedFile
            case "--chunk": let c = Int(it.next() ?? "") ?? 32; tbptt.streaming.chunk = c; burn.streaming.chunk = c
            case "--burn-in": burn.streaming.burnIn = Int(it.next() ?? "") ?? 64
            case "--segments": tbptt.streaming.segments = Int(it.next() ?? "")
            case "--lr": let r = Double(it.next() ?? ""); tbptt.learningRate = r; burn.learningRate = r
            case "--epochs": let e = Int(it.next() ?? ""); tbptt.epochs = e; burn.epochs = e
            case "--hidden": let h = Int(it.next() ?? "") ?? 16; tbptt.hidden = h; burn.hidden = h
            case "--no-residual": tbptt.streaming.residual = false; burn.streaming.residual = false
            case "--values": tbptt.streaming.differenced = false; burn.streaming.differenced = false
            case "--diff": tbptt.streaming.differenced = true; burn.streaming.differenced = true
            case "--variants": only = Set((it.next() ?? "").split(separator: ",").compactMap { Int($0) })
            default: throw BenchError.usage("unknown option \(a) (--data DIR, --every N: every N-th file, --speed-file KEY)")
            }
        }
        var window = RecurrentFitSettings()
        window.path = .window
        let all = [Variant(label: "streaming, truncated BPTT (chunk \(tbptt.streaming.chunk))", settings: tbptt),
                   Variant(label: "streaming, burn-in \(burn.streaming.burnIn) + \(burn.streaming.chunk)", settings: burn),
                   Variant(label: "window (many-to-one, last-value)", settings: window)]
        let variants = all.enumerated().filter { only?.contains($0.offset) ?? true }.map(\.element)

        let files = NABEvaluation.dataFiles(in: folder)
        guard !files.isEmpty else { throw BenchError.usage("no NAB files under \(folder.path); pass --data DIR") }
        print("## One-step error after the learning span, relative to naive (MAE ratio; < 1 beats naive)\n")
        print("| file | " + variants.map(\.label).joined(separator: " | ") + " |")
        print("|---|" + variants.map { _ in "---:|" }.joined())
        var ratios = [[Double]](repeating: [], count: variants.count)
        var seconds = [Double](repeating: 0, count: variants.count)
        for (i, file) in files.enumerated() where i % every == 0 {
            let data = try NABDataFile(contentsOf: folder.appendingPathComponent(file))
            let span = NABScoring.probationaryLength(rows: data.values.count)
            var cells: [String] = []
            for (k, v) in variants.enumerated() {
                let started = Date()
                guard var p = try? RecurrentPredictorFit.fit(timestamps: Array(data.timestamps.prefix(span)),
                                                             values: Array(data.values.prefix(span)), horizon: 1, settings: v.settings) else {
                    cells.append("fit failed"); continue
                }
                seconds[k] += Date().timeIntervalSince(started)
                var naive = NaivePredictor()
                var model = 0.0, plain = 0.0
                for row in data.values.indices {
                    let t = data.timestamps[row], x = data.values[row]
                    if row >= span, !x.isNaN, let f = p.forecast(steps: 1), let n = naive.forecast(steps: 1) {
                        model += abs(x - f.expected); plain += abs(x - n.expected)
                    }
                    p.observe(x, at: t)
                    naive.observe(x, at: t)
                }
                let r = plain > 0 ? model / plain : .nan
                ratios[k].append(r)
                cells.append(String(format: "%.3f", r))
            }
            print("| \(file) | " + cells.joined(separator: " | ") + " |")
        }
        func median(_ x: [Double]) -> Double {
            let s = x.filter(\.isFinite).sorted()
            return s.isEmpty ? .nan : (s[(s.count - 1) / 2] + s[s.count / 2]) / 2
        }
        print("| **median** | " + ratios.map { String(format: "**%.3f**", median($0)) }.joined(separator: " | ") + " |")
        print("| fit seconds (sum) | " + seconds.map { String(format: "%.1f", $0) }.joined(separator: " | ") + " |")

        // Speed: the detector with each fitted predictor over one file.
        let data = try NABDataFile(contentsOf: folder.appendingPathComponent(speedFile))
        let span = NABScoring.probationaryLength(rows: data.values.count)
        var settings = DetectorSettings()
        settings.learningSpan = span
        print("\n## Speed on \(speedFile) (\(data.values.count) rows), detector defaults\n")
        var noShape = settings
        noShape.shapeLength = 0
        print("| predictor | detect rows/s | detect without the shape channel rows/s | predictor alone rows/s |")
        print("|---|---:|---:|---:|")
        for v in [all[0], all[2]] where only == nil {
            let fitted = try RecurrentPredictorFit.fit(timestamps: Array(data.timestamps.prefix(span)),
                                                       values: Array(data.values.prefix(span)), horizon: 1, settings: v.settings)
            var best = 0.0, bare = 0.0, alone = 0.0
            for _ in 0..<3 {
                let t0 = Date()
                _ = try SeriesDetection.run(timestamps: data.timestamps, values: data.values, predictor: fitted, settings: settings)
                best = max(best, Double(data.values.count) / Date().timeIntervalSince(t0))
                let t2 = Date()
                _ = try SeriesDetection.run(timestamps: data.timestamps, values: data.values, predictor: fitted, settings: noShape)
                bare = max(bare, Double(data.values.count) / Date().timeIntervalSince(t2))
                var p = fitted
                let t1 = Date()
                var sink = 0.0
                for (t, x) in zip(data.timestamps, data.values) {
                    p.observe(x, at: t)
                    sink += p.forecast(steps: 1)?.expected ?? 0
                }
                alone = max(alone, Double(data.values.count) / Date().timeIntervalSince(t1))
                if sink.isNaN { print("(NaN forecast)") }
            }
            print("| \(fitted.name) (\(v.label)) | \(String(format: "%.0f", best)) | \(String(format: "%.0f", bare)) | "
                  + "\(String(format: "%.0f", alone)) |")
        }
    }
}
