/// How a streaming model is trained: a many-to-many network whose hidden state is carried from
/// one row to the next at run time (`forecast detect`, ``ForecasterStream``), so it must learn
/// with a carried state too.
///
/// Stored in the model file inside `forecast.config` → `network.streaming`; its presence is what
/// makes a model streaming (`Forecaster.streamingIncapability` is nil). Files written before it
/// existed have no such key and load as window models.
public struct StreamingConfiguration: Codable, Sendable, Equatable {
    /// How training sequences are cut.
    public enum Method: String, Codable, Sendable, CaseIterable {
        /// Stateful truncated BPTT: each series' training span is cut into contiguous segments run
        /// side by side; each segment is processed in consecutive chunks of `chunk` steps, the
        /// state carried from one chunk to the next (gradient cut at chunk borders), from a zero
        /// state at the segment's start. What the network sees is what it sees when streaming.
        case truncatedBPTT = "truncated-bptt"
        /// Shuffled windows of `burnIn + chunk` steps from a zero state; the loss of the first
        /// `burnIn` steps is ignored. The state the loss sees has run at least `burnIn` steps.
        case burnIn = "burn-in"
    }

    public var method: Method = .truncatedBPTT
    /// Steps per chunk: the truncated-BPTT length, or the steps whose loss counts (burn-in).
    public var chunk: Int = 32
    /// burn-in only: steps run from the zero state before the loss counts.
    public var burnIn: Int = 64
    /// truncated BPTT only: contiguous segments each series' training span is cut into (rows of
    /// one batch); nil: as many as give each segment at least 8 chunks, at most `batchSize`
    /// rows in all.
    public var segments: Int? = nil
    /// The network predicts the change from the row's own value: the forecast of row t + 1 is
    /// `x[t] + head(h[t])` (scaled units). With the head initialised to zero the untrained model
    /// is the naive forecast, and the network only learns what naive misses, which a small GRU
    /// learns far more easily than the identity map (measured in docs/anomaly-detection.md). Per
    /// step, so it streams (unlike a window's last-value normalisation, which shifts every input
    /// of the window by the same value).
    public var residual: Bool = true
    /// The network reads each row's change from the row before (`x[t] − x[t−1]`, 0 at the first
    /// row) instead of its value: the state then does not depend on the level, which a new level
    /// outside the training span's range would otherwise push into saturation. With `residual`
    /// the forecast is still `x[t] + head(h[t])` (the level comes back through the residual).
    /// On NAB this lifted `detect --fit` from 62.5 to 66.3 (docs/anomaly-detection.md).
    public var differenced: Bool = true

    public init(method: Method = .truncatedBPTT, chunk: Int = 32, burnIn: Int = 64, segments: Int? = nil,
                residual: Bool = true, differenced: Bool = true) {
        self.differenced = differenced
        self.method = method
        self.chunk = chunk
        self.burnIn = burnIn
        self.segments = segments
        self.residual = residual
    }

    private enum CodingKeys: String, CodingKey { case method, chunk, burnIn, segments, residual, differenced }

    /// Decodes a stored configuration; keys other than `method` may be absent (defaults).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        method = try c.decode(Method.self, forKey: .method)
        chunk = try c.decodeIfPresent(Int.self, forKey: .chunk) ?? 32
        burnIn = try c.decodeIfPresent(Int.self, forKey: .burnIn) ?? 64
        segments = try c.decodeIfPresent(Int.self, forKey: .segments)
        residual = try c.decodeIfPresent(Bool.self, forKey: .residual) ?? false
        differenced = try c.decodeIfPresent(Bool.self, forKey: .differenced) ?? false
    }

    /// One line for `fit`'s list of choices.
    public var description: String {
        switch method {
        case .truncatedBPTT:
            return "streaming: many-to-many, no window normalisation\(differenced ? ", reads each row's change" : "")"
                + "\(residual ? ", predicts the change from each value" : ""), trained by stateful truncated BPTT (chunks of \(chunk) steps, state carried from chunk to chunk, "
                + "gradient cut at chunk borders)"
        case .burnIn:
            return "streaming: many-to-many, no window normalisation\(differenced ? ", reads each row's change" : "")"
                + "\(residual ? ", predicts the change from each value" : ""), trained on windows of \(burnIn + chunk) steps whose first \(burnIn) (burn-in) do not count in the loss"
        }
    }
}

extension ForecasterConfiguration {
    /// The combinations a streaming model needs; called by ``validate()``.
    /// - Throws: ``ConfigurationError`` naming the option that conflicts.
    func validateStreaming() throws {
        guard let s = network.streaming else { return }
        let n = network
        func refuse(_ text: String) throws { throw ConfigurationError.incompatible("--streaming: " + text) }
        if n.architecture != .manyToMany { try refuse("needs --architecture many-to-many (an output at every step is the next value)") }
        if n.windowNormalisation != .none {
            try refuse("needs --window-norm none: a window normalised by its own last value or mean cannot be carried from row to row")
        }
        if n.bidirectional { try refuse("cannot be --bidirectional: the reverse direction needs the whole window") }
        if n.linearSkip { try refuse("cannot take --linear-skip (a map of the whole window)") }
        if !(1...10_000).contains(s.chunk) {
            throw ConfigurationError.outOfRange(option: "--chunk", value: "\(s.chunk)", expected: "1...10000")
        }
        if !(0...100_000).contains(s.burnIn) {
            throw ConfigurationError.outOfRange(option: "--burn-in", value: "\(s.burnIn)", expected: "0...100000")
        }
        if let k = s.segments, !(1...65_536).contains(k) {
            throw ConfigurationError.outOfRange(option: "--segments", value: "\(k)", expected: "1...65536")
        }
    }
}
