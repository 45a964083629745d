import AnomalyDetection
import CSVIngest
import Foundation
import LogIngest
import TimeFrames

extension DetectCommand {
    /// Detection over a whole CSV file or log; returns whether anything was flagged.
    func runBatch() throws -> Bool {
        let source = log ?? file ?? "-"
        // The labels are read and matched to the data file before any work, so a wrong file
        // fails at once instead of after the detection output.
        let labelled = try labels.map { path -> [NABWindow] in
            let all = try NABLabelWindows(contentsOf: URL(fileURLWithPath: path))
            guard let windows = all.windows(for: source) ?? (all.windowsByFile.count == 1 ? all.windowsByFile.first?.value : nil) else {
                throw DetectorSettingsError.invalid(option: "--labels", value: path,
                                                    expected: "a key naming \((source as NSString).lastPathComponent)")
            }
            return windows
        }
        let frame: TimeFrame
        if let log {
            let counts = try LogIngest.count(path: log, options: try logOptions())
            if counts.report.unparsedLines > 0 { note(counts.report.description) }
            frame = counts.frame
        } else {
            frame = try input.read(source, quiet: quiet).frame
        }
        func seriesName(_ series: TimeSeries, _ column: String) -> String {
            let name = series.name(idColumns: frame.idColumns, fallback: column)
            return !series.key.isEmpty && frame.targetColumns.count > 1 ? name + "/" + column : name
        }
        // Every series is checked before the first line is written: an error leaves no partial output.
        for series in frame.series {
            for (c, column) in frame.targetColumns.enumerated() {
                let rows = series.columns[c].count, learning = try settings(rows: rows).learningSpan
                if rows < DetectSeriesTooShort.minimumRows || rows - learning < 1 {
                    throw DetectSeriesTooShort(source: source == "-" ? "standard input" : source, series: seriesName(series, column),
                                               rows: rows, learningRows: learning)
                }
            }
        }
        // Checked before any output, so a model of another interval leaves no header behind.
        let forecaster = try loadModel()
        if let forecaster { try InputFileError.naming(source) { try forecaster.checkInterval(of: frame) } }
        let formatter = AnomalyRecordFormatter(format: format, events: events)
        if let header = formatter.header { emit(header) }
        var flagged = false
        for series in frame.series {
            for (c, column) in frame.targetColumns.enumerated() {
                let name = seriesName(series, column)
                let values = series.columns[c]
                let seriesSettings = try settings(rows: values.count)
                var detector = try makeDetector(series: name, key: series.key, settings: seriesSettings, forecaster: forecaster)
                var alerts = [Bool](repeating: false, count: values.count)
                var eventCount = 0
                func output(_ r: (points: [ScoredPoint], closed: [AnomalyEvent])) {
                    for p in r.points where p.isAnomaly && !events { emit(formatter.line(point: p, series: name)) }
                    for e in r.closed {
                        alerts[e.startIndex] = true
                        eventCount += 1
                        if events { emit(formatter.line(event: e, series: name)) }
                    }
                }
                for (t, v) in zip(series.timestamps, values) { output(detector.process(timestamp: t, value: v)) }
                output(detector.finish())
                flagged = flagged || eventCount > 0
                if let reason = detector.fallbackReason { note("\(name): --fit failed (\(reason)); used predictor \(detector.predictorName ?? "-") instead") }
                note("\(name): \(values.count) rows, predictor \(detector.predictorName ?? "-"), threshold "
                     + "\(detector.threshold.map { String(format: "%g", $0) } ?? "-") \(scorer.rawValue), \(eventCount) event\(eventCount == 1 ? "" : "s")")
                if let windows = labelled {
                    printEvaluation(alerts: alerts, timestamps: series.timestamps, windows: windows, series: name)
                }
            }
        }
        return flagged
    }

    /// NAB scores and event-level metrics of this series' alerts (event starts).
    func printEvaluation(alerts: [Bool], timestamps: [EpochMilliseconds], windows: [NABWindow], series: String) {
        let ranges = NABScoring.rowRanges(of: windows, in: timestamps)
        let m = EventLevelMetrics(detections: alerts, windows: ranges)
        var lines = ["", "evaluation of \(series) against \(windows.count) label windows (rows after NAB's probationary period):",
                     String(format: "  alerts %d, inside a window %d; windows found %d of %d", m.alerts, m.truePositiveAlerts, m.detectedWindows, m.windows),
                     String(format: "  precision %.3f  recall %.3f  F1 %.3f", m.precision, m.recall, m.f1)]
        for profile in NABProfile.all {
            let s = NABScoring.score(detections: alerts, windows: ranges, profile: profile)
            let null = -profile.fnWeight * Double(s.windows)
            let normalized = NABScoring.normalized(raw: s.raw, null: null, perfect: profile.tpWeight * Double(windows.count))
            lines.append(String(format: "  NAB %@: %.1f (raw %.3f)", profile.name, normalized, s.raw))
        }
        emit(lines.joined(separator: "\n"))
    }
}

/// A series too short to learn from and then score: flagging nothing there would read as "all
/// normal", so it is an error (exit 65) instead.
struct DetectSeriesTooShort: Error, CustomStringConvertible {
    /// Below this, no scorer's scale means anything.
    static let minimumRows = 10
    var source: String
    var series: String
    var rows: Int
    var learningRows: Int

    var description: String {
        if rows < Self.minimumRows {
            return "\(source): series \(series) has \(rows) rows; detect needs at least \(Self.minimumRows)"
        }
        return "\(source): series \(series) has \(rows) rows and the learning span (--train-size) takes "
            + "\(learningRows) of them; detect needs at least one row after the learning span to score"
    }
}
