import ArgumentParser
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSVIngest
import Forecasting

extension ForecastArchitecture: ExpressibleByArgument {}
extension ForecastCell: ExpressibleByArgument {}
extension WindowNormalisation: ExpressibleByArgument {}

/// `forecast fit FILE`: trains a recurrent forecaster and saves it (library: Forecasting).
struct FitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Train a GRU, LSTM or RNN forecaster on a CSV file and save it.",
        discussion: """
            Every option left out is chosen from the data (sampling interval, seasonality, length) and \
            printed with the reason. Progress goes to standard error: a bar on a terminal, one line per \
            epoch otherwise. Ctrl-C stops training at the next batch and saves the best model so far.
            """)

    @Argument(help: ArgumentHelp("CSV file to train on, or - for standard input.", valueName: "file"))
    var file: String

    @OptionGroup var input: CSVInputOptions

    @Option(help: "How the network maps the window to the horizon.")
    var architecture: ForecastArchitecture?
    @Option(help: "Recurrent cell.")
    var cell: ForecastCell?
    @Option(parsing: .unconditional, help: ArgumentHelp("Hidden units per layer (default: 32 or 64 by data size).", valueName: "n"))
    var hidden: Int?
    @Option(parsing: .unconditional, help: ArgumentHelp("Stacked recurrent layers (default: 1 or 2 by data size).", valueName: "n"))
    var layers: Int?
    @Flag(help: "Run the encoder in both directions (many-to-one, seq2seq).")
    var bidirectional = false
    @Option(parsing: .unconditional, help: ArgumentHelp("Dropout between layers, 0 ≤ p < 1.", valueName: "p"))
    var dropout: Double?
    @Option(parsing: .unconditional, help: ArgumentHelp("Past steps the network sees (default: from the seasonality).", valueName: "n"))
    var lookback: Int?
    @Option(parsing: .unconditional, help: ArgumentHelp("Steps to forecast (default: from the interval, e.g. 24 hourly, 7 daily).", valueName: "n"))
    var horizon: Int?
    @Option(parsing: .unconditional, help: ArgumentHelp("Steps between training windows.", valueName: "n"))
    var stride: Int?
    @Option(name: .customLong("window-norm"), help: "Per-window normalisation of inputs and targets.")
    var windowNorm: WindowNormalisation?
    @Flag(inversion: .prefixedNo, help: "Add a ridge-fitted linear forecast of the window to the network's output (default: on for many-to-one).")
    var linearSkip: Bool?
    @Flag(name: .customLong("no-calendar"), help: "Leave out the calendar features (hour, weekday, month).")
    var noCalendar = false
    @Option(parsing: .unconditional, help: ArgumentHelp("Most passes over the training windows (early stopping may end sooner).", valueName: "n"))
    var epochs: Int?
    @Option(name: .customLong("batch-size"), parsing: .unconditional, help: ArgumentHelp("Windows per mini-batch.", valueName: "n"))
    var batchSize: Int?
    @Option(parsing: .unconditional, help: ArgumentHelp("Adam learning rate (default 0.001).", valueName: "rate"))
    var lr: Double?
    @Option(parsing: .unconditional, help: ArgumentHelp("Epochs without validation improvement before stopping (default 5).", valueName: "n"))
    var patience: Int?
    @Option(name: .customLong("min-gain"), parsing: .unconditional, help: ArgumentHelp("Keep the trained weights only if they lower the untrained start's validation loss by this share (default 0.02).", valueName: "share"))
    var minGain: Double?
    @Option(name: .customLong("naive-check"), parsing: .unconditional, help: ArgumentHelp("Fall back to the naive forecast unless the model's validation MAE beats it by this many standard errors; 0 turns the check off (default 2).", valueName: "z"))
    var naiveCheck: Double?
    @Option(parsing: .unconditional, help: ArgumentHelp("Gradient clipping by global norm; 0 turns it off (default 1).", valueName: "norm"))
    var clip: Double?
    @Option(parsing: .unconditional, help: ArgumentHelp("Share of each series kept at its end for validation (default 0.2).", valueName: "share"))
    var validation: Double?
    @Option(name: .customLong("max-windows"), parsing: .unconditional, help: ArgumentHelp("Training windows drawn per epoch (default: all).", valueName: "n"))
    var maxWindows: Int?
    @Option(parsing: .unconditional, help: ArgumentHelp("Random seed: same seed and threads, same model, bit for bit.", valueName: "n"))
    var seed: UInt64?
    @Option(parsing: .unconditional, help: ArgumentHelp("Compute threads (default: FORECAST_THREADS or all cores).", valueName: "n"))
    var threads: Int?
    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Model file to write.", valueName: "file"))
    var output = "forecast.model"
    @Flag(help: "Train a streaming model (for forecast detect: state carried from row to row, O(1) per row): many-to-many, no window normalisation, stateful truncated BPTT.")
    var streaming = false
    @Option(parsing: .unconditional, help: ArgumentHelp("--streaming: steps per truncated-BPTT chunk (default 32).", valueName: "n"))
    var chunk: Int?
    @Flag(help: "Print nothing but errors.")
    var quiet = false

    /// The options as the library takes them (nil: chosen from the data).
    var forecasterOptions: ForecasterOptions {
        var options = ForecasterOptions()
        options.architecture = architecture; options.cell = cell; options.hidden = hidden; options.layers = layers
        options.bidirectional = bidirectional ? true : nil; options.dropout = dropout
        options.lookback = lookback; options.horizon = horizon; options.stride = stride
        options.windowNormalisation = windowNorm; options.linearSkip = linearSkip; options.calendarFeatures = noCalendar ? false : nil
        options.epochs = epochs; options.batchSize = batchSize; options.learningRate = lr; options.patience = patience
        if let clip { options.clipNorm = .some(clip == 0 ? nil : clip) }   // 0 turns clipping off; < 0 is refused
        options.validationFraction = validation; options.maxWindowsPerEpoch = maxWindows; options.minimumGain = minGain
        options.naiveCheck = naiveCheck
        options.seed = seed; options.threads = threads
        return options
    }

    /// Every given number is checked before the data is read (exit 64, the option named).
    func validate() throws {
        do { try forecasterOptions.validateGivenValues() } catch { throw ValidationError("\(error)") }
        if chunk != nil && !streaming { throw ValidationError("--chunk sets the truncated-BPTT length of --streaming; add --streaming") }
        if streaming {
            do { try Forecaster.checkStreamingOptions(forecasterOptions, features: input.features) }
            catch { throw ValidationError("\(error)") }
        }
        if let chunk, !(1...10_000).contains(chunk) { throw ValidationError("invalid value '\(chunk)' for --chunk: expected 1...10000") }
        try OutputClash.refuse(inputs: [("the input file", file)], outputs: [("--output", output)])
    }

    func run() throws {
        try Forecaster.checkModelDestination(output)
        let frame = try input.read(file, quiet: quiet, always: true).frame
        let options = forecasterOptions

        TrainingInterrupt.install()
        defer { TrainingInterrupt.uninstall() }
        let result = try InputFileError.naming(file) {
            streaming
                ? try Forecaster.fitStreaming(frame, options: options, streaming: StreamingConfiguration(chunk: chunk ?? 32),
                                              progress: TerminalTrainingProgress(quiet: quiet))
                : try Forecaster.fit(frame, options: options, progress: TerminalTrainingProgress(quiet: quiet))
        }
        try TrainingInterrupt.holdingSecondInterrupt { try result.forecaster.save(to: output) }
        if !quiet { try StandardOutput.write(result.report(modelPath: output)) }
    }
}
