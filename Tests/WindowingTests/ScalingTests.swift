import Foundation
import Testing
import TimeFrames
@testable import Windowing

@Suite struct ScalingTests {
    @Test func standardAndRobustScalersOnKnownValues() {
        let s = ColumnScaler.fit([1, 2, 3, 4, .nan], method: .standard)
        #expect(abs(s.center - 2.5) < 1e-12)                  // exact mean, NaN skipped
        #expect(abs(s.scale - 1.25.squareRoot()) < 1e-12)     // population std
        // Median 3, quartiles 2 and 4 (linear interpolation): IQR 2 → scale 2 / 1.349.
        let r = ColumnScaler.fit([1, 2, 3, 4, 5, 1000], method: .robust)
        #expect(abs(r.center - 3.5) < 1e-12)
        #expect(abs(r.scale - (4.75 - 2.25) / 1.349) < 1e-12)
        #expect(ColumnScaler.fit([7, 7, 7], method: .standard) == ColumnScaler(center: 7, scale: 1))
        #expect(ColumnScaler.fit([Double.nan], method: .robust) == .identity)
        #expect(abs(r.invert(r.apply(123.25)) - 123.25) < 1e-9)
    }

    /// One data error (1e12 among values 10…19) would make the standard deviation ~1e11 and
    /// squash every ordinary value into float rounding: standard scaling takes the robust centre
    /// and spread instead, and the dataset warns about the value with its timestamp.
    @Test func anExtremeValueDoesNotSquashTheRest() throws {
        var values = (0..<60).map { 10 + Double($0 % 10) }
        values[30] = 1e12
        let guarded = ColumnScaler.fit(values, method: .standard)
        #expect(guarded == ColumnScaler.fit(values, method: .robust))
        // Spiky but ordinary data (std ≈ 3 robust spreads) keeps the mean and std.
        var spiky = (0..<60).map { 10 + Double($0 % 10) }
        spiky[30] = 60
        let plain = ColumnScaler.fit(spiky, method: .standard)
        #expect(abs(plain.center - spiky.reduce(0, +) / 60) < 1e-12)

        let frame = makeFrame(count: 60, interval: .day, values: { _, i in values[i] })
        var options = try rawOptions(lookback: 5, horizon: 3)
        options.scaling = .standard
        let data = try WindowDataset(frame: frame, options: options)
        #expect(data.scalers[0].target == ColumnScaler.fit(values[0..<data.trainEnd[0]], method: .robust))
        let warning = try #require(data.extremeValueWarnings.first)
        #expect(warning.contains("1 training value of \"y\" lies more than 1000 spreads") && warning.contains("at 2024-01-31"))

        // Beyond float32 once scaled: an error naming the series, column, timestamp and value.
        values[30] = 1e300
        let huge = makeFrame(count: 60, interval: .day, values: { _, i in values[i] })
        #expect { try WindowDataset(frame: huge, options: options) } throws: { error in
            "\(error)".contains("column \"y\" holds 1e+300 at 2024-01-31") && "\(error)".contains("float32")
        }
    }

    @Test func validationRowsNeverReachTheScalers() throws {
        // Training rows are 0…79; validation rows hold a huge level shift that would move any
        // scaler fitted on them.
        let frame = makeFrame(count: 100, values: { _, i in i < 80 ? Double(i % 10) : 1e6 })
        var options = try rawOptions(lookback: 5, horizon: 3, features: ["x"])
        options.scaling = .standard
        let data = try WindowDataset(frame: frame, options: options)
        #expect(data.trainEnd == [80])
        let train = (0..<80).map { Double($0 % 10) }
        let expected = ColumnScaler.fit(train, method: .standard)
        #expect(data.scalers[0].target == expected) // same arithmetic on the same rows: identical
        #expect(abs(data.scalers[0].features[0].center - 139.5) < 1e-9) // x = 100…179 over rows 0…79
        // No training window's targets reach row 80.
        #expect(data.trainWindows.allSatisfy { $0.start + 8 <= 80 })
        #expect(data.validationWindows.allSatisfy { $0.start + 5 >= 80 })
    }

    @Test func lastValueNormalisationAndItsInverse() throws {
        var options = try rawOptions(lookback: 3, horizon: 2, normalizer: .lastValue)
        options.scaling = .standard
        let frame = makeFrame(count: 40, values: { _, i in 50 + 3 * Double(i) + (i % 2 == 0 ? 1.0 : -1.0) })
        let data = try WindowDataset(frame: frame, options: options)
        var batch = WindowBatch(capacity: 2, layout: data.layout)
        try data.gather(data.trainWindows, range: 0..<2, into: &batch)
        // The last input of every window is 0 after subtracting itself.
        #expect(batch.inputs[2] == 0 && batch.inputs[5] == 0)
        #expect(batch.scales[0] == 1)
        // Inverting the normalised targets gives the original values back.
        let back = data.originalUnits(Array(batch.targets[0..<4]), width: 2, batch: batch)
        func value(_ i: Int) -> Double { 50 + 3 * Double(i) + (i % 2 == 0 ? 1.0 : -1.0) }
        let want = [3, 4, 4, 5].map(value)
        for (b, w) in zip(back, want) { #expect(abs(b - w) < 1e-4) } // Float32 round trip of values ~60
    }

    @Test func meanStdNormalisationIsExactOnAKnownWindow() throws {
        let data = try WindowDataset(frame: makeFrame(count: 20), options: rawOptions(lookback: 3, horizon: 1, normalizer: .meanStd))
        var batch = WindowBatch(capacity: 1, layout: data.layout)
        try data.gather(data.trainWindows, range: 0..<1, into: &batch) // inputs 0, 1, 2; target 3
        let std = Float((2.0 / 3).squareRoot())
        #expect(batch.anchors[0] == 1)
        #expect(abs(batch.scales[0] - std) < 1e-6)
        #expect(abs(batch.inputs[0] + 1 / std) < 1e-6 && batch.inputs[1] == 0)
        #expect(abs(batch.targets[0] - 2 / std) < 1e-6)
        var outputs: [Float] = [batch.targets[0]]
        batch.denormalize(&outputs, width: 1)
        #expect(abs(outputs[0] - 3) < 1e-6) // float rounding of (3 − 1) / std · std
    }

    @Test func flatWindowsAreNotAmplifiedBeyondTheFloor() {
        let values: [Float] = [2, 2, 2, 2]
        let p = values.withUnsafeBufferPointer { WindowNormalizer.meanStd.parameters(of: $0.baseAddress!, count: 4) }
        #expect(p.anchor == 2 && abs(p.scale - 0.1) < 1e-7)
    }

    @Test func forecastInputMatchesTheDatasetEncoding() throws {
        // The predict path (encodeForecastInput on raw history) must equal the fit path (gather).
        var options = try rawOptions(lookback: 4, horizon: 2, features: ["x"], calendar: [.hourOfDay, .dayOfWeek], normalizer: .meanStd)
        options.scaling = .robust
        let frame = makeFrame(count: 50, values: { _, i in sin(Double(i)) * 10 + Double(i) })
        let data = try WindowDataset(frame: frame, options: options)
        var batch = WindowBatch(capacity: 1, layout: data.layout)
        let last = data.validationWindows.count - 1
        try data.gather(data.validationWindows, range: last..<last + 1, into: &batch)
        let w = batch.windows[0]
        let end = w.start + 4
        let series = frame.series[0]
        var input = [Float](repeating: 0, count: 4 * data.layout.inputWidth)
        let p = try input.withUnsafeMutableBufferPointer { out in
            try data.layout.encodeForecastInput(timestamps: Array(series.timestamps[0..<end]), target: Array(series.columns[0][0..<end]),
                                                features: [Array(series.columns[1][0..<end])], scalers: data.scalers[0],
                                                series: "s", into: out.baseAddress!)
        }
        #expect(input == Array(batch.inputs[0..<input.count])) // same code, same operations: identical
        #expect(p.anchor == batch.anchors[0] && p.scale == batch.scales[0])
    }
}
