import TimeFrames

/// What one input row and one window hold: the column order of the `(B, T, D)` inputs and of
/// the seq2seq decoder inputs, and how targets are normalised. Codable, so the model file can
/// store it and `predict` encodes new data exactly as `fit` did.
///
/// Input row (D = 1 + features + 2 × calendar):
/// `[scaled, window-normalised target | scaled covariates… | sin, cos per calendar feature…]`.
/// Decoder row (Dd = 1 + 2 × calendar): `[previous target (normalised) | calendar of this step]`.
public struct WindowLayout: Codable, Sendable, Equatable {
    public var spec: WindowSpec
    /// The column forecast.
    public var target: String
    /// Covariates, in input order.
    public var features: [String]
    public var calendar: [CalendarFeature]
    public var normalizer: WindowNormalizer

    public init(spec: WindowSpec, target: String, features: [String] = [], calendar: [CalendarFeature] = [],
                normalizer: WindowNormalizer = .lastValue) {
        self.spec = spec
        self.target = target
        self.features = features
        self.calendar = calendar
        self.normalizer = normalizer
    }

    /// D: values per input step.
    public var inputWidth: Int { 1 + features.count + 2 * calendar.count }
    /// Dd: values per seq2seq decoder step.
    public var decoderWidth: Int { 1 + 2 * calendar.count }
    /// Offset of the first calendar value in an input row.
    public var calendarOffset: Int { 1 + features.count }
    /// Names of the D input columns, in order.
    public var inputColumnNames: [String] { [target] + features + calendar.flatMap(\.columnNames) }

    /// Writes `count` input rows (scaled target, scaled covariates, calendar; no window
    /// normalisation) to `out`, row-major `(count, D)`.
    ///
    /// - Parameters:
    ///   - timestamps, target: `count` values each, from `first` on.
    ///   - features: one array per covariate in ``features`` order, indexed like `target`.
    public func encodeRows(timestamps: [EpochMilliseconds], target: [Double], features: [[Double]], scalers: SeriesScalers,
                           from first: Int, count: Int, into out: UnsafeMutablePointer<Float>) {
        let d = inputWidth
        for r in 0..<count {
            let row = out + r * d
            let i = first + r
            row[0] = Float(scalers.target.apply(target[i]))
            for f in 0..<features.count { row[1 + f] = Float(scalers.features[f].apply(features[f][i])) }
            CalendarFeature.encode(calendar, at: timestamps[i], into: row + calendarOffset)
        }
    }

    /// The network input for a forecast from the end of a history: the last `lookback` rows,
    /// encoded and window-normalised, written to `out` as `(T, D)`.
    ///
    /// - Parameters: `timestamps`, `target` and each `features[f]` hold at least `lookback`
    ///   values in original units; only the last `lookback` are used.
    /// - Returns: the window's anchor and scale, for ``WindowNormalizer/invert(_:anchor:scale:)``.
    /// - Throws: ``WindowingError/seriesTooShort`` when the history is shorter than the lookback.
    public func encodeForecastInput(timestamps: [EpochMilliseconds], target: [Double], features: [[Double]],
                                    scalers: SeriesScalers, series: String,
                                    into out: UnsafeMutablePointer<Float>) throws -> (anchor: Float, scale: Float) {
        let t = spec.lookback
        guard target.count >= t, timestamps.count == target.count, features.allSatisfy({ $0.count == target.count }) else {
            throw WindowingError.seriesTooShort(series: series, rows: target.count, needed: t, lookback: t, horizon: 0, validationRows: 0)
        }
        encodeRows(timestamps: timestamps, target: target, features: features, scalers: scalers,
                   from: target.count - t, count: t, into: out)
        let p = normalizer.parameters(of: out, count: t, stride: inputWidth)
        for r in 0..<t { out[r * inputWidth] = normalizer.apply(out[r * inputWidth], anchor: p.anchor, scale: p.scale) }
        return p
    }

    /// Calendar values of the `steps` timestamps after `last` on `interval`, `(steps, 2 × calendar)`:
    /// the known future inputs of a decoder or of an autoregressive roll-out.
    public func futureCalendar(after last: EpochMilliseconds, interval: SamplingInterval, steps: Int) -> (timestamps: [EpochMilliseconds], values: [Float]) {
        let w = 2 * calendar.count
        var stamps: [EpochMilliseconds] = []
        stamps.reserveCapacity(steps)
        var values = [Float](repeating: 0, count: steps * w)
        values.withUnsafeMutableBufferPointer { buf in
            for s in 0..<steps {
                let t = interval.advance(last, by: s + 1)
                stamps.append(t)
                if w > 0 { CalendarFeature.encode(calendar, at: t, into: buf.baseAddress! + s * w) }
            }
        }
        return (stamps, values)
    }

    /// Input rows for the `steps` steps after a window, `(steps, D)`, as ``WindowBatch/futureInputs``
    /// holds them: target channel 0 set to 0 (the caller puts each previous output there),
    /// covariates held at their value in `lastInputRow`, the calendar of each future timestamp.
    public func encodeFutureInputs(lastInputRow: UnsafePointer<Float>, after last: EpochMilliseconds, interval: SamplingInterval,
                                   steps: Int, into out: UnsafeMutablePointer<Float>) {
        let d = inputWidth
        for k in 0..<steps {
            let row = out + k * d
            row[0] = 0
            if !features.isEmpty { (row + 1).update(from: lastInputRow + 1, count: features.count) }
            CalendarFeature.encode(calendar, at: interval.advance(last, by: k + 1), into: row + calendarOffset)
        }
    }
}
