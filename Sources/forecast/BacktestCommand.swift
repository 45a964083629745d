import ArgumentParser
import Backtesting
import Baselines
import CSVIngest
import Forecasting
import Foundation
import TimeFrames

extension TrainingWindow: ExpressibleByArgument {}
extension BacktestModelChoice: ExpressibleByArgument {}
extension HoltWintersObjective: ExpressibleByArgument {}

/// `forecast backtest FILE`: rolling-origin evaluation against the baselines (library: Backtesting).
struct BacktestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Rolling-origin evaluation of a forecaster against simple baselines, with reports.",
        discussion: """
            Forecasts --horizon values from --folds origins spaced --step apart at the end of each \
            series; every fit sees only values before its origin. The baselines (naive, seasonal \
            naive, drift, moving average, damped Holt-Winters) always run on the same folds. Prints \
            a table; --json, --markdown and --report (self-contained HTML) write reports.
            """)

    @Argument(help: ArgumentHelp("CSV file to evaluate on, or - for standard input.", valueName: "file"))
    var file: String

    @OptionGroup var input: CSVInputOptions

    @Option(help: "The model under test: the recurrent network with `fit`'s defaults (lstm, gru, rnn) or a baseline; the baselines always run beside it.")
    var model: BacktestModelChoice = .lstm

    @Option(parsing: .unconditional, help: ArgumentHelp("Network: maximum training epochs per fit (default: fit's).", valueName: "n"))
    var epochs: Int?

    @Option(parsing: .unconditional, help: ArgumentHelp("Network: at most this many training windows per epoch (default: all).", valueName: "n"))
    var maxWindows: Int?

    @Option(parsing: .unconditional, help: ArgumentHelp("Network: random seed.", valueName: "n"))
    var seed: UInt64?

    @Option(parsing: .unconditional, help: ArgumentHelp("Forecast origins (folds).", valueName: "n"))
    var folds: Int = 5

    @Option(parsing: .unconditional, help: ArgumentHelp("Values forecast from each origin (default: from the interval: 24 hourly, 7 daily, 12 monthly, 5 business days).", valueName: "steps"))
    var horizon: Int?

    @Option(parsing: .unconditional, help: ArgumentHelp("Values between consecutive origins (default: the horizon).", valueName: "steps"))
    var step: Int?

    @Option(help: "Training window: everything before the origin, or the last --train-size values.")
    var window: TrainingWindow = .expanding

    @Option(name: .customLong("train-size"), parsing: .unconditional, help: ArgumentHelp("Values per fit with --window sliding; the least history of the first fold otherwise.", valueName: "n"))
    var trainSize: Int?

    @Option(help: ArgumentHelp("Refit at every origin, once at the first, or every K origins (warm-started).", valueName: "every|once|K"))
    var retrain: String = "every"

    @Option(parsing: .unconditional, help: ArgumentHelp("Season length in steps for seasonal naive, Holt-Winters and MASE (default: detected; 1 = none).", valueName: "steps"))
    var season: Int?

    @Option(parsing: .unconditional, help: ArgumentHelp("Nominal coverage of the prediction intervals.", valueName: "fraction"))
    var coverage: Double = 0.9

    @Option(help: "How Holt-Winters chooses its smoothing weights.")
    var objective: HoltWintersObjective = .likelihood

    @Option(parsing: .unconditional, help: ArgumentHelp("Worker threads (results do not depend on it).", valueName: "n"))
    var threads: Int = 2

    @Option(help: ArgumentHelp("Write every number as JSON to this file.", valueName: "file"))
    var json: String?

    @Option(help: ArgumentHelp("Write a Markdown report to this file.", valueName: "file"))
    var markdown: String?

    @Option(help: ArgumentHelp("Write a self-contained HTML report with charts to this file.", valueName: "file.html"))
    var report: String?

    @Flag(help: "No progress and no table; reports are still written.")
    var quiet = false

    func validate() throws {
        if RetrainPolicy(parsing: retrain) == nil {
            throw ValidationError("--retrain '\(retrain)': expected every, once, or a whole number K ≥ 1.")
        }
        if !input.features.isEmpty {
            throw ValidationError("--features \(input.features.joined(separator: ",")): backtest evaluates univariate forecasts "
                                  + "of the target only; leave out --features.")
        }
        try OutputClash.refuse(inputs: [("the input file", file)],
                               outputs: [("--json", json), ("--markdown", markdown), ("--report", report)])
    }

    func run() throws {
        let frame = try input.read(file, quiet: quiet).frame
        guard let first = frame.series.first else { throw BacktestError.noData("\(file) holds no series") }
        guard frame.targetColumns.count == 1 else {
            throw BacktestError.invalidSetting(name: "--target", value: frame.targetColumns.joined(separator: ", "),
                                               expected: "one target column per backtest; run it once per target")
        }
        let shortest = frame.series.map(\.count).min() ?? first.count
        let h = horizon ?? BacktestSettings.defaultHorizon(interval: first.interval, count: shortest, folds: folds)
        let settings = BacktestSettings(horizon: h, folds: folds, step: step, window: window, trainSize: trainSize,
                                        retrain: RetrainPolicy(parsing: retrain) ?? .every, coverage: coverage,
                                        season: season, threads: threads)
        let progress = quiet ? nil : BacktestProgressLine.reporter()
        var network = ForecasterOptions()
        network.epochs = epochs
        network.maxWindowsPerEpoch = maxWindows
        network.seed = seed
        let models = model.models(horizon: h, objective: objective, network: network, frame: frame)
        let result = try InputFileError.naming(file) {
            try BacktestEngine.run(frame: frame, models: models, settings: settings, progress: progress)
        }
        BacktestProgressLine.finish(progress != nil)
        let title = file == "-" ? "standard input" : URL(fileURLWithPath: file).lastPathComponent
        if let json { try AtomicFile.write(try result.json(), to: json) }
        if let markdown { try AtomicFile.write(result.markdown(), to: markdown) }
        if let report { try AtomicFile.write(result.html(title: title), to: report) }
        if !quiet {
            var text = result.textTable()
            for (label, path) in [("JSON", json), ("Markdown", markdown), ("HTML report", report)] {
                if let path { text += "\(label): \(path)\n" }
            }
            try StandardOutput.write(text)   // a full disk or closed stdout: exit 74, not a silent 0
        }
    }
}

/// The one-line progress display on a terminal (nothing when stderr is not a terminal).
enum BacktestProgressLine {
    static func reporter() -> (@Sendable (BacktestProgress) -> Void)? {
        guard isatty(STDERR_FILENO) == 1 else { return nil }
        return { p in
            // What is fitting now, so a long network fit stays visible while baselines finish around it.
            let line = "\r[\(p.completed)/\(p.total)] " + (p.running.isEmpty ? p.label : p.running.joined(separator: "; ") + " …")
            let padded = line.count < 100 ? line + String(repeating: " ", count: 100 - line.count) : String(line.prefix(100))
            FileHandle.standardError.write(Data(padded.utf8))
        }
    }

    static func finish(_ shown: Bool) {
        if shown { FileHandle.standardError.write(Data(("\r" + String(repeating: " ", count: 100) + "\r").utf8)) }
    }
}
