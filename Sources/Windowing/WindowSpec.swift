/// The shape of one training example: `lookback` past steps in, `horizon` future steps out,
/// consecutive training windows `stride` steps apart.
public struct WindowSpec: Codable, Sendable, Equatable {
    /// Past steps the network sees (T).
    public var lookback: Int
    /// Future steps to forecast (H).
    public var horizon: Int
    /// Steps between the starts of consecutive training windows of a series.
    public var stride: Int

    /// - Throws: ``WindowingError/invalidOption(option:value:expected:)`` for a non-positive value.
    public init(lookback: Int, horizon: Int, stride: Int = 1) throws {
        for (option, value) in [("--lookback", lookback), ("--horizon", horizon), ("--stride", stride)] where value < 1 {
            throw WindowingError.invalidOption(option: option, value: String(value), expected: "a positive integer")
        }
        self.lookback = lookback
        self.horizon = horizon
        self.stride = stride
    }

    /// Rows one window spans: `lookback + horizon`.
    public var span: Int { lookback + horizon }
}

/// One window: a series and the row where its inputs start. Inputs are rows
/// `start ..< start + lookback`, targets rows `start + lookback ..< start + lookback + horizon`.
public struct WindowRef: Hashable, Sendable {
    /// Index into the data set's series (its `seriesNames`).
    public var series: Int
    public var start: Int

    public init(series: Int, start: Int) { self.series = series; self.start = start }
}
