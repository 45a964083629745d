import TimeFrames
import Windowing

/// The windows of a frame (built by Windowing's ``WindowDataset``) and the batches the networks
/// take, with the future-step inputs roll-outs and decoders need.
struct ForecastDataset {
    let windows: WindowDataset
    let layout: WindowLayout
    let interval: SamplingInterval
    /// Per kept series: timestamps, and target values in original units.
    let timestamps: [[EpochMilliseconds]]
    let targets: [[Double]]

    var lookback: Int { layout.spec.lookback }
    var horizon: Int { layout.spec.horizon }
    /// Values per input step: target, features, calendar sin/cos pairs.
    var inputWidth: Int { layout.inputWidth }
    var trainWindows: [WindowRef] { windows.trainWindows }
    var validationWindows: [WindowRef] { windows.validationWindows }

    /// Windows over every series long enough for one training window and a validation part;
    /// shorter ones are skipped (listed in `windows.skippedSeries`).
    /// - Throws: `WindowingError` (no series long enough, unknown columns), ``ForecastDataError``.
    init(frame: TimeFrame, configuration: ForecasterConfiguration) throws {
        guard let first = frame.series.first(where: { $0.interval != nil }), let interval = first.interval else {
            throw ForecastDataError.noInterval(series: frame.series.first?.name(idColumns: frame.idColumns, fallback: frame.targetColumns.first ?? "series") ?? "series")
        }
        let layout = try configuration.network.windowLayout(target: frame.targetColumns.first ?? "", features: frame.featureColumns)
        var options = WindowDatasetOptions(layout: layout)
        options.validationFraction = configuration.training.validationFraction
        options.skipShortSeries = true
        let windows = try WindowDataset(frame: frame, options: options)
        let targetIndex = frame.valueColumns.firstIndex(of: layout.target) ?? 0
        self.windows = windows
        self.layout = layout
        self.interval = interval
        timestamps = windows.frameIndices.map { frame.series[$0].timestamps }
        targets = windows.frameIndices.map { frame.series[$0].columns[targetIndex] }
    }

    /// The batch of `refs`: inputs and targets gathered by Windowing (window-normalised), plus
    /// future-step inputs: features held at their last value, the calendar of the steps ahead.
    func batch(_ refs: [WindowRef], futureSteps: Int? = nil) throws -> ForecastBatch {
        var gathered = WindowBatch(capacity: max(1, refs.count), layout: layout)
        try windows.gather(refs, range: 0..<refs.count, into: &gathered)
        let steps = futureSteps ?? horizon
        var future = [Float](repeating: 0, count: refs.count * steps * inputWidth)
        for (i, ref) in refs.enumerated() {
            let lastRow = (i * lookback + lookback - 1) * inputWidth
            let calendar = layout.futureCalendar(after: timestamps[ref.series][ref.start + lookback - 1],
                                                 interval: interval, steps: steps).values
            Self.fillFuture(&future, window: i, steps: steps, layout: layout,
                            lastRow: Array(gathered.inputs[lastRow..<(lastRow + inputWidth)]), calendar: calendar)
        }
        return ForecastBatch(count: refs.count, lookback: lookback, horizon: horizon, width: inputWidth,
                             inputs: Array(gathered.inputs.prefix(refs.count * lookback * inputWidth)),
                             targets: Array(gathered.targets.prefix(refs.count * horizon)),
                             futureSteps: steps, future: future,
                             normalisers: (0..<refs.count).map { (gathered.anchors[$0], gathered.scales[$0]) })
    }

    /// Future rows of window `i`: channel 0 zero (the network writes its own outputs there),
    /// features copied from the last input row, then the calendar of each future step.
    static func fillFuture(_ future: inout [Float], window i: Int, steps: Int, layout: WindowLayout,
                           lastRow: [Float], calendar: [Float]) {
        let width = layout.inputWidth, c = 2 * layout.calendar.count
        for k in 0..<steps {
            let row = (i * steps + k) * width
            for f in 1..<layout.calendarOffset { future[row + f] = lastRow[f] }
            for j in 0..<c { future[row + layout.calendarOffset + j] = calendar[k * c + j] }
        }
    }

    /// Windows are forecast in batches of this many.
    static let inferenceBatchSize = 256

    /// Calls `body(window, forecast, actual)` for every validation window, with the forecast and
    /// the actual values in per-series scaled units (`horizon` each).
    func forEachValidationForecast(_ network: ForecastNetwork,
                                   _ body: (WindowRef, [Double], [Double]) -> Void) throws {
        var offset = 0
        let all = validationWindows
        while offset < all.count {
            let chunk = Array(all[offset..<min(offset + Self.inferenceBatchSize, all.count)])
            let batch = try self.batch(chunk)
            let output = network.forecast(batch, steps: horizon)
            for (i, window) in chunk.enumerated() {
                let norm = batch.normalisers[i]
                var forecast = [Double](repeating: 0, count: horizon), actual = forecast
                for k in 0..<horizon {
                    forecast[k] = Double(output[i * horizon + k] * norm.scale + norm.location)
                    actual[k] = Double(batch.targets[i * horizon + k] * norm.scale + norm.location)
                }
                body(window, forecast, actual)
            }
            offset += chunk.count
        }
    }
}

extension NetworkConfiguration {
    /// The Windowing layout of this network's inputs.
    func windowLayout(target: String, features: [String]) throws -> WindowLayout {
        let normalizer: WindowNormalizer
        switch windowNormalisation {
        case .none: normalizer = .none
        case .lastValue: normalizer = .lastValue
        case .meanStd: normalizer = .meanStd
        }
        return WindowLayout(spec: try WindowSpec(lookback: lookback, horizon: horizon, stride: stride), target: target,
                            features: features, calendar: calendarFeatures.compactMap(CalendarFeature.init(rawValue:)),
                            normalizer: normalizer)
    }
}
