import Foundation
import ModelFiles
import TimeFrames
import Windowing

/// `forecast-bench windows [series] [rows]`: builds the windows of a synthetic hourly frame
/// (default 8 series × 20 000 rows, 3 covariates, 3 calendar features: D = 10, lookback 72,
/// horizon 24), checks a gathered batch against a direct computation, then times building the
/// data set and gathering every training window in shuffled batches of 64.
enum WindowingBenchmark {
    static func run(_ arguments: [String]) throws {
        let seriesCount = arguments.first.flatMap { Int($0) } ?? 8
        let rows = arguments.dropFirst().first.flatMap { Int($0) } ?? 20_000
        let start = CivilDateTime(year: 2020, month: 1, day: 1).epochMilliseconds
        let series = (0..<seriesCount).map { k in
            TimeSeries(key: ["\(k)"], timestamps: (0..<rows).map { SamplingInterval.hour.advance(start, by: $0) },
                       columns: (0..<4).map { c in wave(rows: rows, phase: Double(c + k), offset: Double(c)) },
                       interval: .hour)
        }
        let frame = TimeFrame(timeColumn: "time", idColumns: ["id"], targetColumns: ["y"], featureColumns: ["a", "b", "c"], series: series)
        var options = WindowDatasetOptions(layout: WindowLayout(spec: try WindowSpec(lookback: 72, horizon: 24), target: "y",
                                                                features: ["a", "b", "c"], calendar: [.hourOfDay, .dayOfWeek, .monthOfYear],
                                                                normalizer: .meanStd))
        options.scaling = .standard
        let clock = ContinuousClock()
        var built: WindowDataset?
        let buildTime = clock.measure { built = try? WindowDataset(frame: frame, options: options) }
        guard let data = built else { throw WindowingError.emptyFrame }

        // Check one batch against a direct computation from the frame before timing.
        var batch = WindowBatch(capacity: 64, layout: data.layout)
        try data.gather(data.trainWindows, range: 0..<64, into: &batch)
        for b in 0..<64 {
            let w = batch.windows[b]
            let y = frame.series[w.series].columns[0]
            let s = data.scalers[w.series].target
            for j in 0..<24 {
                let direct = (Float(s.apply(y[w.start + 72 + j])) - batch.anchors[b]) / batch.scales[b]
                guard abs(direct - batch.targets[b * 24 + j]) < 1e-4 else {
                    throw WindowingError.invalidOption(option: "benchmark check", value: "\(batch.targets[b * 24 + j])", expected: "\(direct)")
                }
            }
        }
        print("windows: \(seriesCount) series × \(rows) rows, D = \(data.layout.inputWidth), T = 72, H = 24: "
              + "\(data.trainWindows.count) training, \(data.validationWindows.count) validation windows; built in \(ms(buildTime)) ms")

        var order = Array(data.trainWindows.indices)
        var rng = SystemRandomNumberGenerator()
        order.shuffle(using: &rng)
        var checksum: Float = 0
        let gatherTime = try clock.measure {
            var i = 0
            while i < order.count {
                let end = min(i + 64, order.count)
                try data.gather(data.trainWindows, at: order[i..<end], into: &batch)
                checksum += batch.inputs[0] + batch.targets[0]
                i = end
            }
        }
        let seconds = Double(gatherTime.components.attoseconds) / 1e18 + Double(gatherTime.components.seconds)
        let bytes = Double(order.count * (72 * data.layout.inputWidth + 24 + 72 + 24 * data.layout.decoderWidth + 2) * 4)
        print("gather: \(order.count) windows in \(ms(gatherTime)) ms: \(Int(Double(order.count) / seconds)) windows/s, "
              + "\(String(format: "%.2f", bytes / seconds / 1e9)) GB/s written (checksum \(checksum))")

        try modelFiles(clock: clock)
    }

    /// Write and read model files of 0.2 MB (a 64×2 LSTM) and 16 MB, and hash 64 MB.
    static func modelFiles(clock: ContinuousClock) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("forecast-bench-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for floats in [50_000, 4_000_000] {
            let tensors = (0..<4).map { k in ModelTensor(name: "t\(k)", shape: [floats / 4], floats: (0..<floats / 4).map { Float($0 &* (k + 1)) }) }
            let url = dir.appendingPathComponent("m\(floats).model")
            let write = try clock.measure { try ModelFileWriter().write(tensors: tensors, to: url) }
            var file: ModelFile?
            let read = try clock.measure { file = try ModelFileReader().read(from: url) }
            guard file?.tensors == tensors else { throw ModelFileError(path: url.path, .missingTensor(name: "round trip")) }
            print("model file \(String(format: "%.1f", Double(floats * 4) / 1e6)) MB: write \(ms(write)) ms, read + verify \(ms(read)) ms")
        }
        let data = [UInt8](repeating: 0x5a, count: 64 << 20)
        var digest: [UInt8] = []
        let cpuStart = clock_t(Foundation.clock())
        let hash = clock.measure { digest = SHA256.hash(data) }
        let cpu = Double(Foundation.clock() - cpuStart) / Double(CLOCKS_PER_SEC)
        let wall = Double(hash.components.attoseconds) / 1e18 + Double(hash.components.seconds)
        // CPU time too: on a shared machine the wall clock mostly measures the other processes.
        print("SHA-256 of 64 MiB: \(String(format: "%.0f", 67.108864 / wall)) MB/s wall, \(String(format: "%.0f", 67.108864 / cpu)) MB/s CPU (\(SHA256.hex(digest).prefix(8))…)")
    }

    /// `sin(0.26 i + phase) · 10 + offset`: a cycle of about 24 rows.
    static func wave(rows: Int, phase: Double, offset: Double) -> [Double] {
        var out = [Double](repeating: 0, count: rows)
        for i in 0..<rows {
            let angle: Double = Double(i) * 0.26 + phase
            out[i] = sin(angle) * 10 + offset
        }
        return out
    }

    static func ms(_ d: Duration) -> String {
        String(format: "%.1f", Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15)
    }
}
