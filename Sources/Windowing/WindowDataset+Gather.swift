import TimeFrames

extension WindowDataset {
    /// Fills `batch` with `windows[i]` for each `i` of `indices`, in order: copies the encoded
    /// rows, normalises each window's target values, builds every target layout. No allocation.
    ///
    /// Any window whose inputs lie inside its series may be gathered, including a forecast
    /// origin at the very end (`start = rows − lookback`): targets past the end of the series
    /// are NaN there, and the calendar of the future inputs continues the series' interval.
    ///
    /// - Throws: ``WindowingError/batchTooSmall`` when `indices` holds more than the capacity;
    ///   ``WindowingError/windowOutOfRange`` for a window whose inputs leave its series.
    public func gather<I: Collection>(_ windows: [WindowRef], at indices: I, into batch: inout WindowBatch) throws where I.Element == Int {
        guard indices.count <= batch.capacity else { throw WindowingError.batchTooSmall(capacity: batch.capacity, requested: indices.count) }
        let t = layout.spec.lookback, h = layout.spec.horizon, d = layout.inputWidth, dd = layout.decoderWidth
        let calendarWidth = 2 * layout.calendar.count, calendarOffset = layout.calendarOffset
        let normalizer = layout.normalizer
        var b = 0
        for i in indices {
            let w = windows[i]
            guard w.series >= 0, w.series < rows.count, w.start >= 0, (w.start + t) * d <= rows[w.series].count else {
                throw WindowingError.windowOutOfRange(series: w.series, start: w.start, lookback: t)
            }
            rows[w.series].withUnsafeBufferPointer { source in
                let available = source.count / d - w.start // rows from the window start to the series end
                let first = source.baseAddress! + w.start * d
                let p = normalizer.parameters(of: first, count: t, stride: d)
                batch.anchors[b] = p.anchor
                batch.scales[b] = p.scale
                batch.windows[b] = w
                batch.inputs.withUnsafeMutableBufferPointer { inputs in
                    let dst = inputs.baseAddress! + b * t * d
                    dst.update(from: first, count: t * d)
                    for r in 0..<t { dst[r * d] = normalizer.apply(dst[r * d], anchor: p.anchor, scale: p.scale) }
                }
                // Target value k steps after the window start, normalised; NaN past the end.
                func value(_ k: Int) -> Float { k < available ? normalizer.apply(first[k * d], anchor: p.anchor, scale: p.scale) : .nan }
                for j in 0..<h { batch.targets[b * h + j] = value(t + j) }
                for r in 0..<t { batch.stepTargets[b * t + r] = value(r + 1) }
                let lastRow = first + (t - 1) * d
                let lastTime = w.start + t - 1
                batch.decoderInputs.withUnsafeMutableBufferPointer { dec in
                    batch.futureInputs.withUnsafeMutableBufferPointer { fut in
                        for j in 0..<h {
                            let row = dec.baseAddress! + (b * h + j) * dd
                            let future = fut.baseAddress! + (b * h + j) * d
                            row[0] = value(t + j - 1)
                            future[0] = 0
                            if d > 1 { (future + 1).update(from: lastRow + 1, count: layout.features.count) }
                            guard calendarWidth > 0 else { continue }
                            let calendar = future + calendarOffset
                            if t + j < available {
                                calendar.update(from: first + (t + j) * d + calendarOffset, count: calendarWidth)
                            } else {
                                let stamp = timestampAfter(series: w.series, row: lastTime, steps: t + j - (t - 1))
                                CalendarFeature.encode(layout.calendar, at: stamp, into: calendar)
                            }
                            (row + 1).update(from: calendar, count: calendarWidth)
                        }
                    }
                }
            }
            b += 1
        }
        batch.count = b
    }

    /// Fills `batch` with `windows[range]`.
    public func gather(_ windows: [WindowRef], range: Range<Int>, into batch: inout WindowBatch) throws {
        try gather(windows, at: range, into: &batch)
    }

    /// The window that forecasts from the end of kept series `s`: its last `lookback` rows.
    public func forecastOrigin(series s: Int) -> WindowRef {
        WindowRef(series: s, start: max(0, rowCounts[s] - layout.spec.lookback))
    }

    /// Normalised outputs of a gathered batch, `(count, width)`, in the target's original units:
    /// the window normalisation then the series' scaler are inverted.
    public func originalUnits(_ outputs: [Float], width: Int, batch: WindowBatch) -> [Double] {
        var out = [Double](repeating: .nan, count: batch.count * width)
        for b in 0..<min(batch.count, outputs.count / max(width, 1)) {
            let scaler = scalers[batch.windows[b].series].target
            for j in 0..<width {
                let z = layout.normalizer.invert(outputs[b * width + j], anchor: batch.anchors[b], scale: batch.scales[b])
                out[b * width + j] = scaler.invert(Double(z))
            }
        }
        return out
    }

    /// The timestamp `steps` intervals after row `row` of kept series `s`.
    func timestampAfter(series s: Int, row: Int, steps: Int) -> EpochMilliseconds {
        guard let interval = intervals[s] else { return timestamps[s][row] }
        return interval.advance(timestamps[s][row], by: steps)
    }
}
