/// How the recurrent network turns a window of past values into `horizon` future values.
public enum ForecastArchitecture: String, Codable, Sendable, CaseIterable {
    /// The encoder's last hidden state feeds a dense head that emits all `horizon` values at once.
    case manyToOne = "many-to-one"
    /// An output at every input step, trained on the next value; multi-step forecasts roll out
    /// autoregressively, one step at a time.
    case manyToMany = "many-to-many"
    /// Encoder–decoder: the decoder runs `horizon` steps, each fed its own previous output
    /// (teacher forcing during training, with a ratio that decays).
    case seq2seq = "seq2seq"
}

/// The recurrent cell of every layer.
public enum ForecastCell: String, Codable, Sendable, CaseIterable {
    case lstm, gru, rnn
}

/// How each window is normalised before it enters the network (on top of the per-series scaler).
public enum WindowNormalisation: String, Codable, Sendable, CaseIterable {
    /// None: the network sees the per-series-scaled values.
    case none
    /// Subtract the window's last target value from inputs and targets (NLinear-style); the
    /// network predicts the change from the last value, so a zero output is the naive forecast.
    case lastValue = "last-value"
    /// Subtract the window's mean and divide by its standard deviation (RevIN-style, no affine).
    case meanStd = "mean-std"
}

/// The network and its windows: everything needed to rebuild the same model.
///
/// Stored in full in the model file (`config` metadata key), so `predict` rebuilds exactly what
/// `fit` trained.
public struct NetworkConfiguration: Codable, Sendable, Equatable {
    public var architecture: ForecastArchitecture = .manyToOne
    public var cell: ForecastCell = .lstm
    /// Hidden units per layer and direction.
    public var hidden: Int = 64
    /// Stacked recurrent layers in the encoder (and the decoder, for seq2seq).
    public var layers: Int = 2
    /// Run the encoder in both directions (the decoder, if any, stays one-directional).
    public var bidirectional: Bool = false
    /// Dropout between stacked layers, during training only.
    public var dropout: Double = 0
    /// Past steps the network sees.
    public var lookback: Int = 48
    /// Future steps it emits.
    public var horizon: Int = 24
    /// Steps between the starts of consecutive training windows.
    public var stride: Int = 1
    /// Per-window normalisation of inputs and targets.
    public var windowNormalisation: WindowNormalisation = .lastValue
    /// Sine/cosine calendar features added to the inputs: names such as `hour_of_day`.
    public var calendarFeatures: [String] = []
    /// many-to-one only: a linear map from the window's normalised target values to the horizon
    /// (`skip.weight`, `skip.bias`), fitted by ridge regression before training and added to the
    /// recurrent head's output, so the network learns what the linear forecast misses.
    public var linearSkip: Bool = false
    /// Set for a streaming model (`forecast fit --streaming`): many-to-many, no window
    /// normalisation, trained with a carried state; nil for window models (and older files).
    public var streaming: StreamingConfiguration? = nil

    public init() {}
}

extension NetworkConfiguration {
    private enum CodingKeys: String, CodingKey {
        case architecture, cell, hidden, layers, bidirectional, dropout, lookback, horizon, stride
        case windowNormalisation, calendarFeatures, linearSkip, streaming
    }

    /// Decodes a stored configuration; `linearSkip` is absent from files written before it
    /// existed, which had no skip path (false).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        architecture = try c.decode(ForecastArchitecture.self, forKey: .architecture)
        cell = try c.decode(ForecastCell.self, forKey: .cell)
        hidden = try c.decode(Int.self, forKey: .hidden)
        layers = try c.decode(Int.self, forKey: .layers)
        bidirectional = try c.decode(Bool.self, forKey: .bidirectional)
        dropout = try c.decode(Double.self, forKey: .dropout)
        lookback = try c.decode(Int.self, forKey: .lookback)
        horizon = try c.decode(Int.self, forKey: .horizon)
        stride = try c.decode(Int.self, forKey: .stride)
        windowNormalisation = try c.decode(WindowNormalisation.self, forKey: .windowNormalisation)
        calendarFeatures = try c.decode([String].self, forKey: .calendarFeatures)
        linearSkip = try c.decodeIfPresent(Bool.self, forKey: .linearSkip) ?? false
        streaming = try c.decodeIfPresent(StreamingConfiguration.self, forKey: .streaming)
    }
}

/// How the network is trained. Stored in the model file's `config` key beside the network.
public struct TrainingConfiguration: Codable, Sendable, Equatable {
    /// Upper bound on passes over the training windows (early stopping usually ends sooner).
    public var epochs: Int = 30
    public var batchSize: Int = 64
    /// Peak learning rate of Adam.
    public var learningRate: Double = 1e-3
    /// Decoupled weight decay (AdamW); 0 is plain Adam.
    public var weightDecay: Double = 0
    /// Gradient clipping by global norm; nil turns clipping off (on by default).
    public var clipNorm: Double? = 1.0
    /// Epochs without a validation improvement before training stops; the best weights are restored.
    public var patience: Int = 5
    /// Share of each series' rows kept, at its end, for validation.
    public var validationFraction: Double = 0.2
    /// Seed of initialisation, dropout, shuffling and teacher forcing: same seed, same thread count,
    /// same bits.
    public var seed: UInt64 = 42
    /// Threads for the numeric kernels; nil leaves the library default.
    public var threads: Int? = nil
    /// seq2seq only: the teacher-forcing ratio of the first epoch, multiplied by
    /// `teacherForcingDecay` after each epoch.
    public var teacherForcing: Double = 0.5
    public var teacherForcingDecay: Double = 0.8
    /// How many times training may diverge (NaN/Inf loss or gradient) and recover before it fails.
    public var maxDivergences: Int = 3
    /// Cap on training windows drawn per epoch (a random subset each epoch); nil uses all.
    public var maxWindowsPerEpoch: Int? = nil
    /// The trained weights are kept only if their validation loss is at least this share below
    /// the untrained start's (epoch 0: the linear skip forecast, or the naive forecast); otherwise
    /// the start is restored. A gain smaller than this is noise of the validation span more often
    /// than something that carries over to new data. nil or 0: no such check.
    public var minimumGain: Double? = nil
    /// The final forecaster is kept only if its validation MAE beats the naive forecast's by at
    /// least this many standard errors (a Diebold–Mariano statistic, see ``NaiveCheck``);
    /// otherwise `fit` falls back to the naive forecast and says so. nil or 0: no such check.
    public var naiveCheck: Double? = nil

    public init() {}
}

/// The full configuration of a forecaster: data columns, network and training.
public struct ForecasterConfiguration: Codable, Sendable, Equatable {
    public var network = NetworkConfiguration()
    public var training = TrainingConfiguration()

    public init(network: NetworkConfiguration = NetworkConfiguration(), training: TrainingConfiguration = TrainingConfiguration()) {
        self.network = network
        self.training = training
    }
}

/// A configuration value that cannot work, named by its option.
public enum ConfigurationError: Error, CustomStringConvertible, Equatable {
    case outOfRange(option: String, value: String, expected: String)
    case incompatible(String)

    public var description: String {
        switch self {
        case let .outOfRange(option, value, expected):
            return "invalid value '\(value)' for \(option): expected \(expected)"
        case let .incompatible(text):
            return text
        }
    }
}

extension ForecasterConfiguration {
    /// Checks ranges and combinations before any data is touched.
    /// - Throws: ``ConfigurationError`` naming the option, the value received and what was expected.
    public func validate() throws {
        let n = network, t = training
        func check(_ ok: Bool, _ option: String, _ value: Any, _ expected: String) throws {
            if !ok { throw ConfigurationError.outOfRange(option: option, value: "\(value)", expected: expected) }
        }
        try check((1...4096).contains(n.hidden), "--hidden", n.hidden, "1...4096")
        try check((1...8).contains(n.layers), "--layers", n.layers, "1...8")
        try check(n.dropout >= 0 && n.dropout < 1, "--dropout", n.dropout, "0 <= p < 1")
        try check((1...100_000).contains(n.lookback), "--lookback", n.lookback, "1...100000")
        try check((1...10_000).contains(n.horizon), "--horizon", n.horizon, "1...10000")
        try check(n.stride >= 1, "--stride", n.stride, "a positive integer")
        try check((1...100_000).contains(t.epochs), "--epochs", t.epochs, "1...100000")
        try check((1...65_536).contains(t.batchSize), "--batch-size", t.batchSize, "1...65536")
        try check(t.learningRate > 0 && t.learningRate < 10 && t.learningRate.isFinite, "--lr", t.learningRate, "0 < lr < 10")
        try check(t.patience >= 1, "--patience", t.patience, "a positive integer")
        try check(t.validationFraction > 0 && t.validationFraction < 0.9, "--validation", t.validationFraction, "0 < share < 0.9")
        if let c = t.clipNorm { try check(c > 0 && c.isFinite, "--clip", c, "a positive number") }
        if let th = t.threads { try check((1...256).contains(th), "--threads", th, "1...256") }
        if let g = t.minimumGain { try check(g >= 0 && g < 1, "--min-gain", g, "0 <= share < 1") }
        if let m = t.maxWindowsPerEpoch { try check(m >= 1, "--max-windows", m, "a positive integer") }
        if let z = t.naiveCheck { try check(z >= 0 && z.isFinite, "--naive-check", z, "a number >= 0") }
        if n.linearSkip && n.architecture != .manyToOne {
            throw ConfigurationError.incompatible(
                "--linear-skip needs --architecture many-to-one: it maps the window to all horizon values at once")
        }
        try validateStreaming()
    }
}
