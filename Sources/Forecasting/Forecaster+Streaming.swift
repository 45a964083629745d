import RecurrentLayers
import TimeFrames
import Windowing

extension Forecaster {
    /// Why this model cannot be stepped one row at a time with a carried state, or nil when it
    /// can (a streaming model: ``NetworkConfiguration/streaming`` set, no covariates).
    public var streamingIncapability: String? {
        let net = configuration.network
        guard net.streaming != nil else {
            return "it was trained on windows (\(net.architecture.rawValue), window normalisation "
                + "\(net.windowNormalisation.rawValue)), never with a state carried from row to row; fit it with --streaming"
        }
        if !metadata.columns.features.isEmpty {
            return "it reads covariates (\(metadata.columns.features.joined(separator: ", "))) that a stream of one value per row does not carry"
        }
        return nil
    }

    /// Trains a streaming model (`forecast fit --streaming`, `forecast detect --fit`): a
    /// many-to-many network with no window normalisation, scaled per series on the training rows
    /// (scalers stored in the model), trained as ``StreamingConfiguration`` says. Options left nil
    /// are chosen from the data as for ``fit(_:options:progress:warmStart:)``.
    /// - Throws: ``ConfigurationError`` when `options` ask for something a streaming model cannot
    ///   be (another architecture or window normalisation, a linear skip path, bidirectional,
    ///   covariates); otherwise as ``fit(_:options:progress:warmStart:)``.
    public static func fitStreaming(_ frame: TimeFrame, options: ForecasterOptions,
                                    streaming: StreamingConfiguration = StreamingConfiguration(),
                                    progress: TrainingProgressSink? = nil) throws -> FitResult {
        try checkStreamingOptions(options, features: frame.featureColumns)
        var o = options
        o.architecture = .manyToMany
        o.windowNormalisation = WindowNormalisation.none
        o.linearSkip = false
        var resolved = try o.resolve(for: frame)
        resolved.configuration.network.streaming = streaming
        // The untrained start predicts the training mean, not a forecast worth keeping.
        resolved.configuration.training.minimumGain = nil
        resolved.choices.append(streaming.description)
        try resolved.configuration.validate()
        return try fit(frame, resolved: resolved, progress: progress)
    }

    /// Refuses what a streaming model cannot be, from the options alone (so a command can check
    /// before reading any data): another architecture or window normalisation, a linear skip
    /// path, bidirectional layers, covariates (`features`).
    /// - Throws: ``ConfigurationError/incompatible(_:)`` naming the option.
    public static func checkStreamingOptions(_ o: ForecasterOptions, features: [String]) throws {
        func refuse(_ text: String) throws { throw ConfigurationError.incompatible("--streaming " + text) }
        if let a = o.architecture, a != .manyToMany { try refuse("trains a many-to-many network; leave out --architecture \(a.rawValue)") }
        if let w = o.windowNormalisation, w != WindowNormalisation.none {
            try refuse("carries the state from row to row, which a window normalisation would break; leave out --window-norm \(w.rawValue)")
        }
        if o.linearSkip == true { try refuse("has no linear skip path (it maps a whole window); leave out --linear-skip") }
        if o.bidirectional == true { try refuse("runs forward in time only; leave out --bidirectional") }
        if !features.isEmpty {
            try refuse("takes the target alone (and calendar features); leave out --features \(features.joined(separator: ","))")
        }
    }

    /// Trains `network` with the trainer its configuration asks for: ``StreamingTrainer`` for a
    /// streaming model, ``ForecasterTrainer`` otherwise.
    static func train(_ network: ForecastNetwork, on dataset: ForecastDataset, configuration: ForecasterConfiguration,
                      progress: TrainingProgressSink?) throws -> TrainingOutcome {
        if let streaming = configuration.network.streaming, let recurrent = network as? RecurrentForecastNetwork {
            return try StreamingTrainer(configuration: configuration.training, streaming: streaming, progress: progress)
                .train(recurrent, on: try StreamingSequences(dataset: dataset, differenced: streaming.differenced))
        }
        return try ForecasterTrainer(configuration: configuration.training, progress: progress).train(network, on: dataset)
    }

    /// One-step forecasts over a whole series in one many-to-many forward pass from a zero state
    /// (no stepping): element t is the expected value of row t + 1, in original units. The same
    /// arithmetic as stepping a ``ForecasterStream`` row by row, in another order; tests compare
    /// the two. A missing value repeats the last present one (as in training).
    /// - Parameters:
    ///   - timestamps, values: the series, ascending; at least one row.
    ///   - scaler: the series' target scaler.
    /// - Throws: ``ForecasterStreamError`` for a model that is not streaming; `RecurrentLayerError`.
    public func streamingForecasts(timestamps: [EpochMilliseconds], values: [Double], scaler: ColumnScaler) throws -> [Double] {
        if let reason = streamingIncapability { throw ForecasterStreamError.notStreaming(reason) }
        guard let net = network as? RecurrentForecastNetwork, !values.isEmpty, timestamps.count == values.count else { return [] }
        let calendar = configuration.network.calendarFeatures.compactMap(CalendarFeature.init(rawValue:))
        let width = net.width, n = values.count
        var x = [Float](repeating: 0, count: n * width)
        var last: Float = 0
        var level = [Float](repeating: 0, count: n)
        let differenced = configuration.network.streaming?.differenced ?? false
        x.withUnsafeMutableBufferPointer { row in
            for t in 0..<n {
                if !values[t].isNaN { last = Float(scaler.apply(values[t])) }
                level[t] = last
                row[t * width] = differenced ? (t > 0 ? last - level[t - 1] : 0) : last
                CalendarFeature.encode(calendar, at: timestamps[t], into: row.baseAddress! + t * width + 1)
            }
        }
        let workspace = try RecurrentWorkspace<Float>(stack: net.encoder, batch: 1, steps: n)
        try x.withUnsafeBufferPointer {
            try net.encoder.forward(parameters: net.store, input: $0.baseAddress!, batch: 1, steps: n, workspace: workspace)
        }
        var y = [Float](repeating: 0, count: n)
        try y.withUnsafeMutableBufferPointer {
            try net.head.forward(parameters: net.store, input: workspace.output, rows: n, output: $0.baseAddress!)
        }
        if net.stepResidual { for t in 0..<n { y[t] += level[t] } }
        return y.map { scaler.invert(Double($0)) }
    }
}

/// A model that cannot be run as a stream.
public enum ForecasterStreamError: Error, CustomStringConvertible, Equatable {
    case notStreaming(String)

    public var description: String {
        switch self {
        case .notStreaming(let reason): return "this model cannot carry its state from row to row: \(reason)"
        }
    }
}
