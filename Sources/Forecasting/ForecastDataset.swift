import TimeFrames

/// One series ready for windows: per-series-scaled columns and where training ends.
struct PreparedSeries {
    var key: [String]
    var timestamps: [EpochMilliseconds]
    /// `scaled[c][t]`: target (c = 0) then features, after the per-series scaler.
    var scaled: [[Float]]
    var scalers: [ColumnScale]
    /// Rows `0..<trainEnd` are training rows; the rest validation.
    var trainEnd: Int

    var count: Int { timestamps.count }
}

/// A window: input rows `start ..< start + lookback` of series `series`, targets after them.
struct WindowReference: Equatable {
    var series: Int32
    var start: Int32
}

/// The windows of a frame and how to turn them into network inputs and targets.
///
/// Inputs at each step: the target (per-window normalised), the features, then the calendar
/// encodings of that step's timestamp. Targets: the next `horizon` target values, normalised with
/// the same per-window location and scale as the inputs.
struct ForecastDataset {
    var series: [PreparedSeries]
    var lookback: Int
    var horizon: Int
    var normalisation: WindowNormalisation
    var calendar: CalendarEncoding
    var interval: SamplingInterval
    var trainWindows: [WindowReference] = []
    var validationWindows: [WindowReference] = []

    /// Values per input step.
    var inputWidth: Int { featureCount + 1 + calendar.width }
    var featureCount: Int { (series.first?.scaled.count ?? 1) - 1 }

    /// Builds windows: training windows lie wholly in training rows (every `stride`-th start);
    /// validation windows have all their targets in validation rows (every start), their inputs
    /// may reach back into training rows, which are the past.
    mutating func buildWindows(stride: Int) {
        trainWindows = []; validationWindows = []
        let span = lookback + horizon
        for (s, item) in series.enumerated() {
            var start = 0
            while start + span <= item.trainEnd {
                trainWindows.append(WindowReference(series: Int32(s), start: Int32(start)))
                start += stride
            }
            start = max(0, item.trainEnd - lookback)
            while start + span <= item.count {
                validationWindows.append(WindowReference(series: Int32(s), start: Int32(start)))
                start += 1
            }
        }
    }

    /// The per-window location and scale of a target history (scaled units).
    func windowNormaliser(_ target: UnsafeBufferPointer<Float>) -> (location: Float, scale: Float) {
        switch normalisation {
        case .none: return (0, 1)
        case .lastValue: return (target[target.count - 1], 1)
        case .meanStd:
            var mean: Double = 0
            for v in target { mean += Double(v) }
            mean /= Double(target.count)
            var sq: Double = 0
            for v in target { sq += (Double(v) - mean) * (Double(v) - mean) }
            let std = (sq / Double(target.count)).squareRoot()
            return (Float(mean), Float(max(std, 1e-3)))
        }
    }

    /// Writes one window's inputs, `(lookback, inputWidth)` row-major at `row0`, from the scaled
    /// target history, the features' histories and the timestamps (each `lookback` long); returns
    /// the normaliser used.
    func encodeInputs(target: ArraySlice<Float>, features: [ArraySlice<Float>], timestamps: ArraySlice<EpochMilliseconds>,
                      into inputs: UnsafeMutablePointer<Float>) -> (location: Float, scale: Float) {
        let norm = Array(target).withUnsafeBufferPointer { windowNormaliser($0) }
        let width = inputWidth
        var t = 0
        for (value, time) in zip(target, timestamps) {
            let row = inputs + t * width
            row[0] = (value - norm.location) / norm.scale
            for c in 0..<features.count { row[1 + c] = features[c][features[c].startIndex + t] }
            calendar.encode(time, into: row + 1 + features.count)
            t += 1
        }
        return norm
    }

    /// The batch of `windows`: inputs, targets (known in training and validation), future-step
    /// inputs and per-window normalisers.
    func batch(_ windows: [WindowReference], futureSteps: Int? = nil) -> ForecastBatch {
        let b = windows.count, width = inputWidth, steps = futureSteps ?? horizon
        var inputs = [Float](repeating: 0, count: b * lookback * width)
        var targets = [Float](repeating: 0, count: b * horizon)
        var future = [Float](repeating: 0, count: b * steps * width)
        var normalisers: [(location: Float, scale: Float)] = []
        normalisers.reserveCapacity(b)
        inputs.withUnsafeMutableBufferPointer { input in
            future.withUnsafeMutableBufferPointer { futureBuffer in
                for (i, w) in windows.enumerated() {
                    let s = series[Int(w.series)], start = Int(w.start), end = start + lookback
                    let norm = encodeInputs(target: s.scaled[0][start..<end],
                                            features: (1..<s.scaled.count).map { s.scaled[$0][start..<end] },
                                            timestamps: s.timestamps[start..<end],
                                            into: input.baseAddress! + i * lookback * width)
                    normalisers.append(norm)
                    for k in 0..<horizon where end + k < s.count {
                        targets[i * horizon + k] = (s.scaled[0][end + k] - norm.location) / norm.scale
                    }
                    encodeFuture(lastInputRow: input.baseAddress! + (i * lookback + lookback - 1) * width,
                                 lastTimestamp: s.timestamps[end - 1], steps: steps,
                                 into: futureBuffer.baseAddress! + i * steps * width)
                }
            }
        }
        return ForecastBatch(count: b, lookback: lookback, horizon: horizon, width: width, inputs: inputs,
                             targets: targets, futureSteps: steps, future: future, normalisers: normalisers)
    }

    /// Future-step inputs after a window: features held at their last value, calendar encodings of
    /// the timestamps that continue the series' calendar, channel 0 left at zero.
    func encodeFuture(lastInputRow: UnsafePointer<Float>, lastTimestamp: EpochMilliseconds, steps: Int,
                      into out: UnsafeMutablePointer<Float>) {
        let width = inputWidth
        for k in 0..<steps {
            let row = out + k * width
            row[0] = 0
            for c in 0..<featureCount { row[1 + c] = lastInputRow[1 + c] }
            calendar.encode(interval.advance(lastTimestamp, by: k + 1), into: row + 1 + featureCount)
        }
    }
}
