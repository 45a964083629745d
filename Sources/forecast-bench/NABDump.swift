// `forecast-bench nab --dump DIR`: per-row channel scores of the detector for each NAB file, for
// offline analysis of alert rules (not part of the reported numbers). The detector is the one
// scored (same settings, calibration and feedback of flagged rows to the predictor).
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
            let predictor = choice.makePredictor(training: Array(data.values.prefix(s.learningSpan)))
            var detector = try StreamingDetector(predictor: predictor, settings: s)
            detector.recordsChannels = true
            let ranges = NABScoring.rowRanges(of: windows, in: data.timestamps)
            var lines = ["# windows " + ranges.map { "\($0.lowerBound)-\($0.upperBound)" }.joined(separator: " ")
                         + " predictor \(detector.predictorName) learning \(s.learningSpan)",
                         "row,value,expected,c0,c1,c2,c3,c4,c5,shape,exceedance,flag,alert"]
            let alerts = try SeriesDetection.run(timestamps: data.timestamps, values: data.values,
                                                 predictor: choice.makePredictor(training: Array(data.values.prefix(s.learningSpan))),
                                                 settings: s).alerts
            func num(_ x: Double?) -> String { x.map { String(format: "%.4f", $0) } ?? "" }
            for (i, v) in data.values.enumerated() {
                let point = detector.process(timestamp: data.timestamps[i], value: v).point
                let c = detector.lastChannelScores
                let channels = (0..<6).map { $0 < c.count ? num(c[$0]) : "" }.joined(separator: ",")
                lines.append("\(i),\(v),\(num(point.expected)),\(channels),\(num(detector.lastShapeScore)),"
                             + "\(num(point.exceedance)),\(point.isAnomaly ? 1 : 0),\(alerts[i] ? 1 : 0)")
            }
            let name = file.replacingOccurrences(of: "/", with: "__")
            try lines.joined(separator: "\n").write(to: out.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
    }
}
