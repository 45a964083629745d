import RecurrentLayers
import TimeFrames
import Windowing

/// A streaming model (``Forecaster/fitStreaming(_:options:streaming:progress:)``) run one row at
/// a time with its recurrent state carried forward: each ``observe(_:at:)`` scales the value,
/// advances the state by one ``RecurrentStack/step(parameters:input:state:)``, applies the head
/// and unscales, giving the expected value of the next row.
///
/// Cost per row: one step of every layer and the head, O(layers · hidden²), whatever the number
/// of rows seen. Memory: the state (`layers × hidden`, and as much again for an LSTM's cell), a
/// copy of it for multi-step forecasts and one input row, all allocated at init; `observe` does
/// not allocate.
///
/// Missing values (NaN) are replaced by the model's own expected value for that row and stepped
/// like an observed one (an autoregressive fill): the state then stays aligned in time with the
/// rows and the calendar, and the next forecast is the model's two-step-ahead one, which is what
/// it should be after a gap. Holding the state instead would shift every later row by one step
/// against what the state has seen (a daily pattern would run late by the length of the gap).
///
/// A reference type: copies share the state; ``copy()`` makes an independent one.
public final class ForecasterStream {
    /// The model.
    public let forecaster: Forecaster
    /// The target scaler of the series being streamed.
    public let scaler: ColumnScaler
    private let network: RecurrentForecastNetwork
    private let calendar: [CalendarFeature]
    private let interval: SamplingInterval
    /// The network reads changes (``StreamingConfiguration/differenced``).
    private let differenced: Bool
    /// The last row's scaled value (observed, or the fill of a missing one); NaN before the first row.
    private var level: Float = .nan
    private let state: RecurrentState<Float>
    private let scratch: RecurrentState<Float>
    private let input: UnsafeMutablePointer<Float>    // [width]
    private let output: UnsafeMutablePointer<Float>   // [1]
    /// The expected value of the next row, scaled; NaN before the first row.
    private var next: Float = .nan
    /// Rows observed so far (missing ones included).
    public private(set) var observedRows = 0
    /// Timestamp of the last row observed.
    public private(set) var lastTimestamp: EpochMilliseconds?
    /// Recurrent steps run by ``observe(_:at:)`` so far: exactly one per row.
    public private(set) var recurrentSteps = 0

    /// A stream at the zero state, before any row.
    /// - Parameters:
    ///   - forecaster: a streaming model.
    ///   - scaler: the series' target scaler (the model's for a series it was trained on; else one
    ///     fitted on the series' own learning rows).
    /// - Throws: ``ForecasterStreamError/notStreaming(_:)`` for a window model.
    public init(forecaster: Forecaster, scaler: ColumnScaler) throws {
        if let reason = forecaster.streamingIncapability { throw ForecasterStreamError.notStreaming(reason) }
        guard let net = forecaster.network as? RecurrentForecastNetwork else {
            throw ForecasterStreamError.notStreaming("its network is not a recurrent stack")
        }
        self.forecaster = forecaster
        self.scaler = scaler
        network = net
        calendar = forecaster.configuration.network.calendarFeatures.compactMap(CalendarFeature.init(rawValue:))
        interval = forecaster.metadata.calendar.interval
        differenced = forecaster.configuration.network.streaming?.differenced ?? false
        state = try RecurrentState<Float>(stack: net.encoder, batch: 1)
        scratch = try RecurrentState<Float>(stack: net.encoder, batch: 1)
        input = .allocate(capacity: net.width)
        input.initialize(repeating: 0, count: net.width)
        output = .allocate(capacity: 1)
        output.initialize(to: 0)
    }

    deinit {
        input.deallocate()
        output.deallocate()
    }

    /// Floats of recurrent state held (hidden and cell, every layer): fixed by the model.
    public var stateSize: Int { 2 * network.encoder.configuration.layers * network.encoder.configuration.hiddenSize }

    /// Advances the state by one row and returns the expected value of the next row, in original
    /// units. A NaN value is replaced by the expected value of this row (0, the training mean in
    /// scaled units, before the first row).
    @discardableResult
    public func observe(_ value: Double, at timestamp: EpochMilliseconds) -> Double {
        let z: Float = value.isNaN ? (next.isNaN ? 0 : next) : Float(scaler.apply(value))
        next = advance(state, value: z, previous: level, at: timestamp)
        level = z
        lastTimestamp = timestamp
        observedRows += 1
        recurrentSteps += 1
        return scaler.invert(Double(next))
    }

    /// The expected value `steps` rows after the last observed one, in original units: the
    /// one-step forecast, rolled out on a copy of the state (each step fed the previous forecast)
    /// for `steps > 1`. Nil before the first row.
    public func expected(steps: Int = 1) -> Double? {
        guard !next.isNaN, steps >= 1, let last = lastTimestamp else { return nil }
        var y = next
        if steps > 1 {
            scratch.load(hidden: state.hidden, cell: state.cell)
            var previous = level
            for k in 1..<steps {
                let value = y
                y = advance(scratch, value: value, previous: previous, at: interval.advance(last, by: k))
                previous = value
            }
        }
        return scaler.invert(Double(y))
    }

    /// Back to the zero state, before any row.
    public func reset() {
        state.reset()
        next = .nan
        level = .nan
        observedRows = 0
        lastTimestamp = nil
        recurrentSteps = 0
    }

    /// An independent stream in the same state.
    /// - Throws: `RecurrentLayerError` only if the state cannot be allocated again.
    public func copy() throws -> ForecasterStream {
        let c = try ForecasterStream(forecaster: forecaster, scaler: scaler)
        c.state.load(hidden: state.hidden, cell: state.cell)
        c.next = next
        c.level = level
        c.observedRows = observedRows
        c.lastTimestamp = lastTimestamp
        c.recurrentSteps = recurrentSteps
        return c
    }

    /// One step of `s` on the row of scaled `value` at `timestamp` (`previous`: the row before's,
    /// NaN at the first row); returns the forecast of the next row, scaled.
    private func advance(_ s: RecurrentState<Float>, value: Float, previous: Float, at timestamp: EpochMilliseconds) -> Float {
        input[0] = differenced ? (previous.isNaN ? 0 : value - previous) : value
        CalendarFeature.encode(calendar, at: timestamp, into: input + 1)
        do {
            try network.encoder.step(parameters: network.store, input: input, state: s)
            try network.head.forward(parameters: network.store, input: s.output, rows: 1, output: output)
        } catch {
            // Sizes are fixed at init (the state was built for this stack and store): a layer
            // error here is a bug, reported as a NaN forecast (not scored) rather than a crash.
            return .nan
        }
        return network.stepResidual ? value + output[0] : output[0]
    }
}
