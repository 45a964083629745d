import AnomalyDetection
import ArgumentParser
import CSVIngest
import Forecasting
import Foundation
import LogIngest
import TimeFrames

extension AnomalyOutputFormat: ExpressibleByArgument {}
extension ScorerKind: ExpressibleByArgument {}

/// `forecast detect`: anomalies from prediction residuals (library: AnomalyDetection).
/// Exit status: 0 nothing flagged, 1 something flagged, 64 or more an error (``ExitStatus``).
struct DetectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect",
        abstract: "Flag anomalies where a series departs from its one-step-ahead forecast.",
        discussion: """
            Reads a CSV file (or raw logs with --log, counted per --every interval), learns from the \
            first --train-size rows of each series (never flagged), then scores every later row's \
            forecast residual and writes the anomalous points, or events with --events. \
            Exit status: 0 when nothing was flagged, 1 when something was, 64 or more on errors (see forecast --help).
            """)

    @Argument(help: ArgumentHelp("CSV file, or - for standard input (not with --log).", valueName: "file"))
    var file: String?

    @OptionGroup var input: CSVInputOptions

    @Option(help: ArgumentHelp("Read raw log lines from this file (- for standard input) and count them per --every.", valueName: "file"))
    var log: String?

    @Option(help: ArgumentHelp("--log: interval to count lines in: 30s, 1m, 5m, 1h (default 1m).", valueName: "interval"))
    var every: String?

    @Option(help: ArgumentHelp("--log: count only lines matching this regular expression.", valueName: "regex"))
    var match: String?

    @Option(help: ArgumentHelp("--log: one series per value of this capture group (number or name) or field.", valueName: "group|field"))
    var by: String?

    @Option(name: .customLong("log-format"), help: ArgumentHelp("--log: json, rfc5424, access, rfc3164, iso8601 (default: detected).", valueName: "format"))
    var logFormat: String?

    @Flag(help: "Read appended rows (CSV on stdin, or --log lines) as they arrive and write each anomaly as soon as it is decided.")
    var follow = false

    @Option(help: ArgumentHelp("Predictor: auto, naive, median[:k], seasonal[:period].", valueName: "name"))
    var predictor: String = "auto"

    @Option(help: ArgumentHelp("Use the recurrent forecaster of this model file (from forecast fit) as the predictor.", valueName: "file"))
    var model: String?

    @Flag(help: "Fit a small recurrent forecaster (GRU) on each series' learning span (--train-size) and use it as the predictor.")
    var fit = false

    @Option(name: .customLong("train-size"), parsing: .unconditional, help: ArgumentHelp("Rows learned from and never flagged, as a count or a share such as 15% (--follow: a count; default 720).", valueName: "n|p%"))
    var trainSize: String?

    @Option(help: "Residual scorer.")
    var scorer: ScorerKind = .multiScale

    @Option(parsing: .unconditional, help: ArgumentHelp("Flag threshold in the scorer's units (z-score, p-value, nats); default by scorer: zscore 5, multiscale 4.5, conformal 0.001, nll 12.", valueName: "x"))
    var threshold: Double?

    @Option(parsing: .unconditional, help: ArgumentHelp("Expected share of anomalous points: sets the threshold from the training rows' scores.", valueName: "share"))
    var contamination: Double?

    @Option(parsing: .unconditional, help: ArgumentHelp("Residuals the scorer's rolling statistics cover.", valueName: "n"))
    var window: Int = DetectorSettings().scoreWindow

    @Option(parsing: .unconditional, help: ArgumentHelp("Score forecasts made this many steps ahead.", valueName: "h"))
    var horizon: Int = 1

    @Option(name: .customLong("event-gap"), parsing: .unconditional, help: ArgumentHelp("Quiet rows that end an event.", valueName: "n"))
    var eventGap: Int = DetectorSettings().eventGap

    @Option(name: .customLong("event-hold"), parsing: .unconditional, help: ArgumentHelp("Unflagged rows that end an event even above the release level (0 = never).", valueName: "n"))
    var eventHold: Int = DetectorSettings().eventHold

    @Option(name: .customLong("zero-drop"), parsing: .unconditional, help: ArgumentHelp("Flag a run of k zeros once k × the level before it reaches this (−log Poisson probability; 0 = off).", valueName: "x"))
    var zeroDrop: Double = DetectorSettings().zeroDropEvidence

    @Flag(name: .customLong("flag-missing"), help: "Flag missing values instead of skipping them.")
    var flagMissing = false

    @Option(help: "Output format.")
    var format: AnomalyOutputFormat = .table

    @Flag(help: "One line per event (start, end, peak) instead of per anomalous point.")
    var events = false

    @Option(help: ArgumentHelp("NAB label windows (JSON): print precision, recall, F1 and NAB scores for this file.", valueName: "file"))
    var labels: String?

    @Flag(help: "No progress or summary on standard error.")
    var quiet = false

    func validate() throws {
        if log != nil && file != nil { throw ValidationError("give either a CSV file or --log, not both") }
        if log == nil && file == nil { throw ValidationError("give a CSV file (or - for stdin) or --log FILE") }
        // Options of log input would be ignored on a CSV without a word: refuse them.
        for (option, given) in [("--every", every != nil), ("--match", match != nil), ("--by", by != nil),
                                ("--log-format", logFormat != nil)] where given && log == nil {
            throw ValidationError("\(option) applies to --log input (raw log lines counted per interval), not to a CSV file")
        }
        if follow && log == nil && file != "-" { throw ValidationError("--follow reads CSV rows from standard input: use '-' as the file") }
        if follow && labels != nil { throw ValidationError("--labels evaluates a whole file; it cannot be combined with --follow") }
        if follow, let t = trainSize, t.hasSuffix("%") { throw ValidationError("--follow needs --train-size as a row count, not '\(t)'") }
        if fit && model != nil { throw ValidationError("give either --fit (a model fitted on the learning span) or --model FILE, not both") }
        if PredictorChoice(parsing: predictor) == nil {
            throw ValidationError("--predictor '\(predictor)': expected auto, naive, median[:k] or seasonal[:period]")
        }
        if let t = trainSize, DetectTrainSize(parsing: t) == nil {
            throw ValidationError("--train-size '\(t)': expected a row count such as 500 or a share such as 15%")
        }
        if let by, Int(by) == nil, by.isEmpty || !by.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "_.-".contains($0)) }) {
            // A regex or a phrase here can name no group or field: it would count every line under one odd key.
            throw ValidationError("--by '\(by)': expected a capture group of --match (a number, or a name in (?<name>…)) "
                                  + "or a field name such as status, status_class, method, path, host, or a key of key=value pairs")
        }
        // --threshold, --contamination, --horizon, --window: checked before any file is read (exit 64).
        do { _ = try settings(rows: nil) } catch let error as DetectorSettingsError { throw ValidationError(error.description) }
    }

    func run() throws {
        // Errors go to ForecastCommand.main, which maps them to the shared exit statuses (≥ 64).
        let flagged = follow ? try runFollow() : try runBatch()
        if flagged { throw ExitCode(ExitStatus.flagged.rawValue) }
    }

    /// Settings from the options, for a series of `rows` rows (nil in --follow).
    func settings(rows: Int?) throws -> DetectorSettings {
        var s = DetectorSettings()
        s.scorer = scorer
        s.threshold = threshold
        s.contamination = contamination
        s.scoreWindow = window
        s.horizon = horizon
        s.eventGap = eventGap
        s.eventHold = eventHold
        s.flagMissing = flagMissing
        s.zeroDropEvidence = zeroDrop
        let size = trainSize.flatMap(DetectTrainSize.init(parsing:)) ?? (rows == nil ? .rows(720) : .share(0.15))
        s.learningSpan = size.rows(of: rows ?? Int.max)
        try s.validate()
        return s
    }

    var predictorChoice: PredictorChoice { PredictorChoice(parsing: predictor) ?? .auto }

    /// A detector for one series: the model's forecaster with --model, one fitted on the learning
    /// span with --fit (falling back to --predictor if the fit fails), else --predictor.
    func makeDetector(series: String, key: [String], settings: DetectorSettings, forecaster: Forecaster?) throws -> SeriesStreamDetector {
        if fit {
            let horizon = settings.horizon
            return try SeriesStreamDetector(series: series, settings: settings, fallback: predictorChoice) { t, v in
                try RecurrentPredictorFit.fit(timestamps: t, values: v, horizon: horizon)
            }
        }
        guard let forecaster else { return try SeriesStreamDetector(series: series, predictor: predictorChoice, settings: settings) }
        let modelKey = forecaster.metadata.columns.ids.isEmpty ? [] : key
        return try SeriesStreamDetector(series: series, settings: settings, fallback: predictorChoice) { _, v in
            RecurrentPredictors.make(forecaster: forecaster, key: modelKey, training: v).predictor
        }
    }

    /// The model of --model, loaded once; says on stderr whether it streams (state carried, O(1)
    /// per row) or runs on windows (a forward pass over the lookback window per row).
    func loadModel() throws -> Forecaster? {
        guard let model else { return nil }
        let forecaster = try Forecaster.load(from: model)
        if let reason = forecaster.streamingIncapability {
            note("\(model): not a streaming model (\(reason)): each row runs the network over the last "
                 + "\(forecaster.configuration.network.lookback) rows (window path, O(lookback) per row)")
        } else {
            note("\(model): streaming model: its recurrent state is carried from row to row (one step per row)")
        }
        return forecaster
    }

    func logOptions() throws -> LogCountOptions {
        let every = self.every ?? "1m"
        guard let interval = SamplingInterval(parsing: every), case .fixed = interval else {
            throw DetectorSettingsError.invalid(option: "--every", value: every, expected: "a fixed interval such as 30s, 1m, 5m, 1h")
        }
        var format: LogFormat?
        if let f = logFormat {
            guard let parsed = LogFormat(parsing: f) else {
                throw DetectorSettingsError.invalid(option: "--log-format", value: f, expected: "json, rfc5424, access, rfc3164 or iso8601")
            }
            format = parsed
        }
        return LogCountOptions(every: interval, match: match, by: by.map { LogSeriesKey(parsing: $0, match: match) }, format: format)
    }

    /// Writes one output line now (flushed, so a pipe sees it at once in --follow).
    func emit(_ line: String) {
        StandardOutput.emit(line + "\n")   // a full disk or closed stdout: exit 74, not a crash
    }

    func note(_ text: String) {
        if !quiet { FileHandle.standardError.write(Data((text + "\n").utf8)) }
    }
}

/// `--train-size`: a row count or a share of each series.
enum DetectTrainSize: Equatable {
    case rows(Int)
    case share(Double)

    init?(parsing text: String) {
        if text.hasSuffix("%") {
            guard let p = Double(text.dropLast()), p >= 0, p < 100 else { return nil }
            self = .share(p / 100)
        } else {
            guard let n = Int(text), n >= 0 else { return nil }
            self = .rows(n)
        }
    }

    func rows(of count: Int) -> Int {
        switch self {
        case .rows(let n): return min(n, count)
        case .share(let p): return Int((p * Double(count)).rounded(.down))
        }
    }
}
