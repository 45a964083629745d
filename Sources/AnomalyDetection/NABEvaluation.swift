import Foundation
import TimeFrames

/// One data file's result in a NAB evaluation.
public struct NABFileResult: Sendable {
    /// Key in the label file, e.g. `realTraffic/speed_7578.csv`.
    public var file: String
    public var rows: Int
    public var predictorName: String
    /// Raw score per profile, in `NABProfile.all` order.
    public var scores: [NABFileScore]
    public var metrics: EventLevelMetrics
}

/// A detector's results over a set of NAB files.
public struct NABCorpusResult: Sendable {
    public var files: [NABFileResult]
    /// Windows listed in the labels for the files evaluated (NAB's perfect-score count).
    public var labelledWindows: Int

    /// Normalised score per profile (null detector 0, perfect 100), in `NABProfile.all` order.
    public var normalizedScores: [Double] {
        NABProfile.all.enumerated().map { p, profile in
            let raw = files.reduce(0) { $0 + $1.scores[p].raw }
            let null = files.reduce(0) { $0 - profile.fnWeight * Double($1.scores[p].windows) }
            return NABScoring.normalized(raw: raw, null: null, perfect: profile.tpWeight * Double(labelledWindows))
        }
    }

    /// Event-level counts summed over the files.
    public var metrics: EventLevelMetrics { files.reduce(EventLevelMetrics()) { $0 + $1.metrics } }
}

/// Runs a detector over NAB data files and scores it as NAB does. One configuration serves every
/// file: the predictor and the scorer learn from each file's probationary span only (its first
/// 15 %, at most 750 rows), which is also never flagged, and alerts are event starts.
public enum NABEvaluation {
    /// The data files under `folder`, as label keys (`category/file.csv`), sorted.
    public static func dataFiles(in folder: URL) -> [String] {
        let manager = FileManager.default
        guard let categories = try? manager.contentsOfDirectory(atPath: folder.path) else { return [] }
        var files: [String] = []
        for category in categories.sorted() where category != "labels" {
            let sub = folder.appendingPathComponent(category)
            guard let names = try? manager.contentsOfDirectory(atPath: sub.path) else { continue }
            files += names.filter { $0.hasSuffix(".csv") }.sorted().map { "\(category)/\($0)" }
        }
        return files
    }

    /// Detector settings for a file of `rows` rows: `base` with the learning span set to NAB's
    /// probationary length.
    public static func settings(_ base: DetectorSettings, rows: Int) -> DetectorSettings {
        var s = base
        s.learningSpan = NABScoring.probationaryLength(rows: rows)
        return s
    }

    /// Runs detection over one series and scores its alerts against `windows`. With `fit`, the
    /// predictor is a recurrent forecaster fitted on the learning span (`predictor` if that fails),
    /// as `fitSettings` say (default: the streaming GRU of `detect --fit`).
    /// - Throws: `DetectorSettingsError` for invalid settings.
    public static func evaluate(file: String, timestamps: [EpochMilliseconds], values: [Double], windows: [NABWindow],
                                predictor: PredictorChoice, settings base: DetectorSettings, fit: Bool = false,
                                fitSettings: RecurrentFitSettings = RecurrentFitSettings()) throws -> NABFileResult {
        let s = settings(base, rows: values.count)
        let training = Array(values.prefix(s.learningSpan))
        var chosen = predictor.makePredictor(training: training)
        if fit, let fitted = try? RecurrentPredictorFit.fit(timestamps: Array(timestamps.prefix(s.learningSpan)), values: training,
                                                             horizon: s.horizon, settings: fitSettings) {
            chosen = fitted
        }
        let run = try SeriesDetection.run(timestamps: timestamps, values: values, predictor: chosen, settings: s)
        let alerts = run.alerts
        let ranges = NABScoring.rowRanges(of: windows, in: timestamps)
        return NABFileResult(file: file, rows: values.count, predictorName: run.predictorName,
                             scores: NABProfile.all.map { NABScoring.score(detections: alerts, windows: ranges, profile: $0) },
                             metrics: EventLevelMetrics(detections: alerts, windows: ranges))
    }

    /// Evaluates every data file under `folder` that the labels list.
    /// - Parameter fit: fit a recurrent predictor per file on its learning span (see `evaluate(file:…)`).
    /// - Parameter files: keeps the files whose position in the sorted list passes (all when nil),
    ///   e.g. even positions for one half of a split.
    /// - Throws: `NABError` for unreadable files, `DetectorSettingsError` for invalid settings.
    public static func evaluate(folder: URL, labels: NABLabelWindows, predictor: PredictorChoice,
                                settings: DetectorSettings, files: ((Int) -> Bool)? = nil, fit: Bool = false,
                                fitSettings: RecurrentFitSettings = RecurrentFitSettings()) throws -> NABCorpusResult {
        var results: [NABFileResult] = []
        var labelled = 0
        for (position, file) in dataFiles(in: folder).enumerated() where files?(position) ?? true {
            guard let windows = labels.windowsByFile[file] else { continue }
            let data = try NABDataFile(contentsOf: folder.appendingPathComponent(file))
            results.append(try evaluate(file: file, timestamps: data.timestamps, values: data.values, windows: windows,
                                        predictor: predictor, settings: settings, fit: fit, fitSettings: fitSettings))
            labelled += windows.count
        }
        return NABCorpusResult(files: results, labelledWindows: labelled)
    }
}
