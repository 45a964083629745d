import AnomalyDetection
import Foundation
import LogIngest
import TimeFrames

extension DetectCommand {
    /// Streams rows from stdin (CSV) or a log, writing each anomaly as soon as it is decided.
    /// Memory: per series, the learning span until it ends, then the scorer's window.
    func runFollow() throws -> Bool {
        let settings = try self.settings(rows: nil)
        let formatter = AnomalyRecordFormatter(format: format, events: events)
        if let header = formatter.header { emit(header) }
        var detectors: [String: SeriesStreamDetector] = [:]
        var order: [String] = []
        var rowCounts: [String: Int] = [:]
        var flagged = false
        let forecaster = try loadModel()

        func output(_ r: (points: [ScoredPoint], closed: [AnomalyEvent]), series: String) {
            for p in r.points where p.isAnomaly {
                flagged = true
                if !events { emit(formatter.line(point: p, series: series)) }
            }
            for e in r.closed where events { emit(formatter.line(event: e, series: series)) }
        }
        func feed(series: String, timestamp: EpochMilliseconds, value: Double) throws {
            if detectors[series] == nil {
                detectors[series] = try makeDetector(series: series, key: [series], settings: settings, forecaster: forecaster)
                order.append(series)
            }
            rowCounts[series, default: 0] += 1
            output(detectors[series]!.process(timestamp: timestamp, value: value), series: series)
        }

        if let log {
            var counter = try LogIntervalCounter(options: try logOptions(), source: log)
            func take(_ intervals: [LogInterval]) throws {
                for interval in intervals {
                    for (key, count) in zip(interval.keys, interval.counts) {
                        try feed(series: key.isEmpty ? "count" : key, timestamp: interval.start, value: Double(count))
                    }
                }
            }
            try LogIngest.forEachLine(path: log, idleTimeout: 1000, onIdle: {
                try take(counter.closeIntervals(before: Int64(Date().timeIntervalSince1970 * 1000)))
            }) { line in try take(counter.feed(line)) }
            try take(counter.finish())
        } else {
            var rows = CSVLineStream(time: input.time, target: input.target.first, id: input.id.first)
            try LogIngest.forEachLine(path: "-") { line in
                do {
                    if let row = try rows.feed(line) { try feed(series: row.series, timestamp: row.timestamp, value: row.value) }
                } catch let error as CSVLineStreamError {
                    // A stream cannot be sorted: a row that goes back in time is skipped, said on stderr.
                    guard case .notAfterPrevious = error else { throw error }
                    note("warning: \(error)")
                }
            }
        }
        for series in order {
            output(detectors[series]!.finish(), series: series)
            if let reason = detectors[series]?.fallbackReason {
                note("\(series): --fit failed (\(reason)); used predictor \(detectors[series]?.predictorName ?? "-") instead")
            }
        }
        // As in batch: a stream that ended before any series could be scored did not show that
        // nothing is anomalous ("nothing flagged" would be a lie). (A log key seen only a few
        // times beside scored ones is normal, so one short series is not an error here.)
        let source = log.map { $0 == "-" ? "standard input" : $0 } ?? "standard input"
        let scorable = { (rows: Int) in rows >= DetectSeriesTooShort.minimumRows && rows > settings.learningSpan }
        if !rowCounts.values.contains(where: scorable) {
            let longest = order.max { (rowCounts[$0] ?? 0) < (rowCounts[$1] ?? 0) }
            let rows = longest.flatMap { rowCounts[$0] } ?? 0
            throw DetectSeriesTooShort(source: source, series: longest ?? input.target.first ?? (log == nil ? "value" : "count"),
                                       rows: rows, learningRows: min(rows, settings.learningSpan))
        }
        return flagged
    }
}
