import Foundation
import Testing
import TimeFrames
@testable import Windowing

@Suite struct WindowContentsTests {
    /// 10 rows 0…9, lookback 3, horizon 2, 20 % validation = 2 rows: training rows 0…7.
    @Test func exactWindowsOfOneSeries() throws {
        let data = try WindowDataset(frame: makeFrame(count: 10), options: rawOptions(lookback: 3, horizon: 2))
        #expect(data.trainEnd == [8])
        #expect(data.trainWindows.map(\.start) == [0, 1, 2, 3]) // window 3 ends at row 7, the last training row
        #expect(data.validationWindows.map(\.start) == [5])     // targets rows 8, 9; inputs 5…7 are history

        var batch = WindowBatch(capacity: 4, layout: data.layout)
        try data.gather(data.trainWindows, at: [3, 0], into: &batch)
        #expect(batch.count == 2)
        #expect(Array(batch.inputs[0..<6]) == [3, 4, 5, 0, 1, 2])      // (B=2, T=3, D=1); exact: small integers
        #expect(Array(batch.targets[0..<4]) == [6, 7, 3, 4])            // (B, H)
        #expect(Array(batch.stepTargets[0..<6]) == [4, 5, 6, 1, 2, 3])  // next value after each input step
        #expect(Array(batch.decoderInputs[0..<4]) == [5, 6, 2, 3])      // previous true value per decoder step
        #expect(batch.windows[0] == WindowRef(series: 0, start: 3))

        try data.gather(data.validationWindows, range: 0..<1, into: &batch)
        #expect(batch.count == 1)
        #expect(Array(batch.inputs[0..<3]) == [5, 6, 7])
        #expect(Array(batch.targets[0..<2]) == [8, 9])
    }

    @Test func strideCountsBackFromTheSplit() throws {
        let data = try WindowDataset(frame: makeFrame(count: 10), options: rawOptions(lookback: 3, horizon: 2, stride: 2))
        #expect(data.trainWindows.map(\.start) == [1, 3])
    }

    @Test func windowsNeverCrossSeries() throws {
        // Series k holds 1000·k + i: a window mixing two series would show a jump of ~1000.
        let frame = makeFrame(keys: ["a", "b", "c"], count: 12, values: { k, i in Double(1000 * k + i) })
        let data = try WindowDataset(frame: frame, options: rawOptions(lookback: 4, horizon: 2))
        #expect(data.seriesNames == ["store=a", "store=b", "store=c"])
        #expect(data.trainWindows.count == 3 * 5) // training rows 0…9 hold starts 0…4 for a span of 6
        var batch = WindowBatch(capacity: data.trainWindows.count, layout: data.layout)
        try data.gather(data.trainWindows, at: data.trainWindows.indices, into: &batch)
        for b in 0..<batch.count {
            let w = batch.windows[b]
            let row = Array(batch.inputs[b * 4..<(b + 1) * 4]) + Array(batch.targets[b * 2..<(b + 1) * 2])
            #expect(row == (0..<6).map { Float(1000 * w.series + w.start + $0) })
        }
    }

    @Test func covariatesAndCalendarFollowTheTarget() throws {
        let data = try WindowDataset(frame: makeFrame(count: 30), options: rawOptions(lookback: 2, horizon: 1, features: ["x"], calendar: [.hourOfDay]))
        #expect(data.layout.inputColumnNames == ["y", "x", "hour_of_day_sin", "hour_of_day_cos"])
        var batch = WindowBatch(capacity: 1, layout: data.layout)
        let w = try #require(data.trainWindows.firstIndex { $0.start == 6 })
        try data.gather(data.trainWindows, at: [w], into: &batch)
        // Rows 6 and 7 are 06:00 and 07:00: hour-of-day phase 6/24 = a quarter turn.
        let expected: [Float] = [6, 106, 1, 0, 7, 107, Float(sin(2 * Double.pi * 7 / 24)), Float(cos(2 * Double.pi * 7 / 24))]
        for (got, want) in zip(batch.inputs, expected) { #expect(abs(got - want) < 1e-6) } // Float rounding of sin/cos
        // The decoder sees the calendar of the step it predicts (08:00).
        #expect(batch.decoderInputs[0] == 7)
        #expect(abs(batch.decoderInputs[1] - Float(sin(2 * Double.pi * 8 / 24))) < 1e-6)
    }

    @Test func windowsWithMissingValuesAreLeftOut() throws {
        let frame = makeFrame(count: 20, values: { _, i in i == 5 ? .nan : Double(i) })
        let data = try WindowDataset(frame: frame, options: rawOptions(lookback: 3, horizon: 1))
        #expect(data.trainWindows.allSatisfy { !($0.start...$0.start + 3).contains(5) })
        #expect(data.windowsWithMissingValues == 4)
    }

    @Test func batchTooSmallIsAnError() throws {
        let data = try WindowDataset(frame: makeFrame(count: 10), options: rawOptions(lookback: 3, horizon: 2))
        var batch = WindowBatch(capacity: 1, layout: data.layout)
        #expect(throws: WindowingError.batchTooSmall(capacity: 1, requested: 2)) {
            try data.gather(data.trainWindows, at: [0, 1], into: &batch)
        }
    }
}

@Suite struct ForecastOriginTests {
    @Test func futureInputsHoldCovariatesAndContinueTheCalendar() throws {
        // 30 hourly rows from Monday 00:00; lookback 2, horizon 3.
        let frame = makeFrame(count: 30)
        let data = try WindowDataset(frame: frame, options: rawOptions(lookback: 2, horizon: 3, features: ["x"], calendar: [.hourOfDay]))
        var batch = WindowBatch(capacity: 2, layout: data.layout)
        let origin = data.forecastOrigin(series: 0)
        #expect(origin == WindowRef(series: 0, start: 28))
        let training = try #require(data.trainWindows.first)
        try data.gather([training, origin], range: 0..<2, into: &batch)

        // Training window (rows 0, 1): future rows 2, 3, 4 from the frame's own rows.
        let d = 4
        for j in 0..<3 {
            let row = Array(batch.futureInputs[(j * d)..<(j * d + d)])
            let angle = 2 * Double.pi * Double(2 + j) / 24
            #expect(row[0] == 0 && row[1] == 101) // covariate held at its last input value (x = 101)
            #expect(abs(Double(row[2]) - sin(angle)) < 1e-6 && abs(Double(row[3]) - cos(angle)) < 1e-6) // Float sin/cos
        }
        // Forecast origin (rows 28, 29): no future rows, targets NaN, calendar continues at 30, 31, 32 h.
        #expect(Array(batch.inputs[8..<10]) == [28, 128]) // window 1 starts at (b = 1) · T · D = 8
        #expect(abs(Double(batch.inputs[10]) - sin(2 * Double.pi * 4 / 24)) < 1e-6) // row 28 is 04:00 on Tuesday
        #expect(batch.targets[3].isNaN && batch.targets[4].isNaN && batch.targets[5].isNaN)
        #expect(batch.stepTargets[2] == 29 && batch.stepTargets[3].isNaN)
        for j in 0..<3 {
            let base = (3 + j) * d
            let angle = 2 * Double.pi * Double(30 + j) / 24
            #expect(batch.futureInputs[base + 1] == 129)
            #expect(abs(Double(batch.futureInputs[base + 2]) - sin(angle)) < 1e-6)
        }
        // The predict-time encoder gives the same future rows.
        var future = [Float](repeating: 0, count: 3 * d)
        let lastRow = Array(batch.inputs[(1 * 2 + 1) * d..<(1 * 2 + 2) * d])
        lastRow.withUnsafeBufferPointer { last in
            future.withUnsafeMutableBufferPointer { out in
                data.layout.encodeFutureInputs(lastInputRow: last.baseAddress!, after: frame.series[0].timestamps[29], interval: .hour,
                                               steps: 3, into: out.baseAddress!)
            }
        }
        #expect(future == Array(batch.futureInputs[(3 * d)..<(6 * d)]))
    }

    @Test func windowsOutsideTheSeriesAreRejected() throws {
        let data = try WindowDataset(frame: makeFrame(count: 10), options: rawOptions(lookback: 3, horizon: 2))
        var batch = WindowBatch(capacity: 1, layout: data.layout)
        #expect(throws: WindowingError.windowOutOfRange(series: 0, start: 8, lookback: 3)) {
            try data.gather([WindowRef(series: 0, start: 8)], range: 0..<1, into: &batch)
        }
        #expect(throws: WindowingError.windowOutOfRange(series: 1, start: 0, lookback: 3)) {
            try data.gather([WindowRef(series: 1, start: 0)], range: 0..<1, into: &batch)
        }
    }
}
