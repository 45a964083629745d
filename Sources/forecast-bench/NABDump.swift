// `forecast-bench nab --dump DIR`: per-row channel scores of the multi-scale scorer for each NAB
// file, for offline analysis of alert rules (not part of the reported numbers).
import AnomalyDetection
import Foundation

enum NABDump {
    static func write(folder: URL, labels: NABLabelWindows, predictor choice: PredictorChoice, settings base: DetectorSettings,
                      to out: URL) throws {
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        for file in NABEvaluation.dataFiles(in: folder) {
            guard let windows = labels.windowsByFile[file] else { continue }
            let data = try NABDataFile(contentsOf: folder.appendingPathComponent(file))
            let s = NABEvaluation.settings(base, rows: data.values.count)
            var predictor = choice.makePredictor(training: Array(data.values.prefix(s.learningSpan)))
            var scorer = MultiScaleScorer(window: s.scoreWindow, spans: s.spans, volatilitySpan: s.volatilitySpan,
                                          levelSpan: s.levelSpan, noveltyMargin: s.noveltyMargin, threshold: s.effectiveThreshold)
            let ranges = NABScoring.rowRanges(of: windows, in: data.timestamps)
            var lines = ["# windows " + ranges.map { "\($0.lowerBound)-\($0.upperBound)" }.joined(separator: " ") + " predictor \(predictor.name)",
                         "row,value,expected,c0,c1,c2,c3"]
            for (i, v) in data.values.enumerated() {
                var line = "\(i),\(v)"
                if let f = predictor.forecast(steps: 1), !v.isNaN {
                    let r = v - f.expected
                    let c = scorer.channelScores(r)
                    line += ",\(f.expected)," + (0..<4).map { $0 < c.count ? c[$0].map { String(format: "%.4f", $0) } ?? "" : "" }.joined(separator: ",")
                    let flagged = i >= s.learningSpan && (c.compactMap { $0 }.max() ?? 0) >= s.effectiveThreshold
                    scorer.update(r)
                    if flagged { predictor.observeFlagged(v, expected: f.expected, at: data.timestamps[i]) } else { predictor.observe(v, at: data.timestamps[i]) }
                } else {
                    line += ",,,,,"
                    predictor.observe(v, at: data.timestamps[i])
                }
                lines.append(line)
            }
            let name = file.replacingOccurrences(of: "/", with: "__")
            try lines.joined(separator: "\n").write(to: out.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
    }
}
