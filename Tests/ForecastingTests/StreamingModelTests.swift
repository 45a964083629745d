import Foundation
import Testing
import TimeFrames
import Windowing
@testable import Forecasting

@Suite("Streaming models: fit, step, save, load")
struct StreamingModelTests {
    /// Small and quick (debug suite): GRU 8 × 1, a few epochs of chunks of 16.
    static func options(cell: ForecastCell = .gru, calendar: Bool = false) -> ForecasterOptions {
        var o = ForecasterOptions()
        o.cell = cell; o.hidden = 8; o.layers = 1; o.lookback = 24; o.horizon = 6; o.epochs = 6; o.learningRate = 0.01
        o.batchSize = 8; o.calendarFeatures = calendar ? nil : false; o.seed = 3
        return o
    }

    static func fit(cell: ForecastCell = .gru, calendar: Bool = false,
                    streaming: StreamingConfiguration = StreamingConfiguration(chunk: 16)) throws -> Forecaster {
        try Forecaster.fitStreaming(ForecasterEndToEndTests.frame(rows: 360), options: options(cell: cell, calendar: calendar),
                                    streaming: streaming).forecaster
    }

    @Test("fitStreaming stores a many-to-many, unnormalised, streaming configuration and learns")
    func fitStoresTheStreamingConfiguration() throws {
        let f = try Self.fit()
        let net = f.configuration.network
        #expect(net.architecture == .manyToMany && net.windowNormalisation == WindowNormalisation.none && !net.linearSkip)
        #expect(net.streaming == StreamingConfiguration(chunk: 16))
        #expect(f.streamingIncapability == nil)
        // Epoch 0 (zero head: the training mean, ~variance 1 in scaled units) is beaten by far.
        let t = f.metadata.training
        #expect(t.bestEpoch > 0)
        #expect(t.bestValidationLoss < 0.5, "streaming validation MSE \(t.bestValidationLoss)")
    }

    @Test("Stepping the state row by row gives the many-to-many forward over the same prefix",
          arguments: [ForecastCell.gru, .lstm], [true, false])
    func steppedEqualsForward(cell: ForecastCell, differenced: Bool) throws {
        let f = try Self.fit(cell: cell, calendar: true, streaming: StreamingConfiguration(chunk: 16, differenced: differenced))
        let series = ForecasterEndToEndTests.frame(rows: 360).series[1]
        let values = series.columns[0], stamps = series.timestamps
        let scaler = f.metadata.scalers[1].target
        let stream = try ForecasterStream(forecaster: f, scaler: scaler)
        let reference = try f.streamingForecasts(timestamps: stamps, values: values, scaler: scaler)
        #expect(reference.count == values.count)
        var worst = 0.0
        for t in values.indices {
            let stepped = stream.observe(values[t], at: stamps[t])
            worst = max(worst, abs(stepped - reference[t]) / scaler.scale)
        }
        // Scaled units. The forward pass runs the fused AVX-512 kernels (or the portable path),
        // the step the GEMM + gate path: the same arithmetic in another order, which docs/layers.md
        // measures at up to 2.5e-5 between the two paths; 360 steps of a contractive state keep it
        // there. 1e-4 leaves room for other BLAS builds.
        #expect(worst < 1e-4, "max |step − forward| = \(worst) scaled units (\(cell), differenced \(differenced))")
        #expect(stream.recurrentSteps == values.count)
    }

    @Test("The window path (predict, validation) runs the same model: a stream started at the window's first row")
    func windowPathMatchesAStreamOverTheWindow() throws {
        let f = try Self.fit(calendar: true)
        let series = ForecasterEndToEndTests.frame(rows: 200).series[0]
        let values = series.columns[0], stamps = series.timestamps
        let scalers = f.metadata.scalers[0], origin = 150, lookback = f.configuration.network.lookback
        let path = try f.rolledOutForecasts(timestamps: stamps, columns: [values], scalers: scalers, origins: [origin], steps: 4)[0]
        let stream = try ForecasterStream(forecaster: f, scaler: scalers.target)
        for t in (origin - lookback)..<origin { stream.observe(values[t], at: stamps[t]) }
        for k in 0..<4 {
            let stepped = try #require(stream.expected(steps: k + 1))
            // Fused forward (or prediction kernels) against the step path: as above, 1e-4 scaled units.
            #expect(abs(stepped - path[k]) / scalers.target.scale < 1e-4, "step \(k + 1): \(stepped) vs \(path[k])")
        }
    }

    @Test("A multi-step forecast is the roll-out fed its own forecasts; a missing value is fed the expected value")
    func rolloutAndMissingValues() throws {
        let f = try Self.fit()
        let series = ForecasterEndToEndTests.frame(rows: 100).series[0]
        let scaler = f.metadata.scalers[0].target
        let a = try ForecasterStream(forecaster: f, scaler: scaler)
        for t in 0..<80 { a.observe(series.columns[0][t], at: series.timestamps[t]) }
        let b = try a.copy()
        let twoAhead = try #require(a.expected(steps: 2))
        let oneAhead = try #require(b.expected(steps: 1))
        // Feeding the one-step forecast as if observed and asking again is the same roll-out.
        b.observe(oneAhead, at: series.timestamps[80])
        let fed = try #require(b.expected(steps: 1))
        // Float state in both; the scaled forecast goes through Double unscale and rescale once.
        #expect(abs(twoAhead - fed) / scaler.scale < 1e-5)
        // A missing value is the same as observing the expected value for that row.
        let c = try a.copy()
        c.observe(.nan, at: series.timestamps[80])
        #expect(abs(try #require(c.expected(steps: 1)) - fed) / scaler.scale < 1e-5)
        #expect(a.observedRows == 80 && c.observedRows == 81)
    }

    @Test("Save and load keep the streaming configuration and the stepped forecasts; a window model is refused")
    func saveLoadAndWindowModels() throws {
        let f = try Self.fit()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("stream-\(UUID().uuidString).model").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try f.save(to: path)
        let loaded = try Forecaster.load(from: path)
        #expect(loaded.configuration == f.configuration)
        #expect(loaded.streamingIncapability == nil)
        #expect(try Self.storedVersion(path) == "2")   // older builds (version 1 only) refuse it
        let series = ForecasterEndToEndTests.frame(rows: 120).series[0]
        let s1 = try ForecasterStream(forecaster: f, scaler: f.metadata.scalers[0].target)
        let s2 = try ForecasterStream(forecaster: loaded, scaler: loaded.metadata.scalers[0].target)
        for (t, v) in zip(series.timestamps, series.columns[0]) {
            // Same Float weights read back bit for bit, same arithmetic: differences are 0; the
            // tolerance only keeps floats off ==.
            #expect(abs(s1.observe(v, at: t) - s2.observe(v, at: t)) < 1e-9)
        }

        var windowOptions = Self.options()
        windowOptions.epochs = 1
        let window = try Forecaster.fit(ForecasterEndToEndTests.frame(rows: 200), options: windowOptions).forecaster
        #expect(window.configuration.network.streaming == nil)
        let windowPath = path + ".window"
        defer { try? FileManager.default.removeItem(atPath: windowPath) }
        try window.save(to: windowPath)
        #expect(try Self.storedVersion(windowPath) == "1")   // window models' files as before
        #expect(window.streamingIncapability?.contains("--streaming") == true)
        #expect(throws: ForecasterStreamError.self) { try ForecasterStream(forecaster: window, scaler: ColumnScaler(center: 0, scale: 1)) }
    }

    /// `forecast.version` in a model file's safetensors header.
    static func storedVersion(_ path: String) throws -> String? {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let length = data.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        let header = try JSONSerialization.jsonObject(with: data.subdata(in: 8..<(8 + length))) as? [String: Any]
        return (header?["__metadata__"] as? [String: String])?["forecast.version"]
    }

    @Test("A stored configuration without the streaming key (files written before it) decodes as a window model")
    func olderConfigurationsDecode() throws {
        var net = NetworkConfiguration()
        net.streaming = nil
        let json = try JSONEncoder().encode(net)
        #expect(!String(decoding: json, as: UTF8.self).contains("streaming"))  // window models' files are unchanged
        let decoded = try JSONDecoder().decode(NetworkConfiguration.self, from: json)
        #expect(decoded.streaming == nil && decoded == net)
        net.streaming = StreamingConfiguration(method: .burnIn, chunk: 8, burnIn: 40, segments: 2)
        let back = try JSONDecoder().decode(NetworkConfiguration.self, from: try JSONEncoder().encode(net))
        #expect(back.streaming == net.streaming)
        // A streaming entry written before `residual` and `differenced` existed means neither.
        let bare = try JSONDecoder().decode(StreamingConfiguration.self, from: Data(#"{"method": "truncated-bptt"}"#.utf8))
        #expect(bare == StreamingConfiguration(chunk: 32, residual: false, differenced: false))
    }

    @Test("Options a streaming model cannot have are refused with the option named")
    func incompatibleOptions() throws {
        let frame = ForecasterEndToEndTests.frame(rows: 200)
        for change in [{ (o: inout ForecasterOptions) in o.architecture = .manyToOne },
                       { (o: inout ForecasterOptions) in o.windowNormalisation = .lastValue },
                       { (o: inout ForecasterOptions) in o.linearSkip = true }] {
            var o = Self.options()
            change(&o)
            #expect(throws: ConfigurationError.self) { try Forecaster.fitStreaming(frame, options: o) }
        }
        var config = ForecasterConfiguration()
        config.network.streaming = StreamingConfiguration()
        #expect(throws: ConfigurationError.self) { try config.validate() }   // many-to-one, last-value
    }

    @Test("Burn-in training also learns (the other method, kept for comparison)")
    func burnInTrains() throws {
        let f = try Self.fit(streaming: StreamingConfiguration(method: .burnIn, chunk: 16, burnIn: 24))
        #expect(f.metadata.training.bestEpoch > 0)
        #expect(f.metadata.training.bestValidationLoss < 0.5)
    }
}
