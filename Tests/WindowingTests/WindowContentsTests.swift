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
