import Foundation
import RecurrentLayers
import Training

/// The training loop and validation of `forecast-bench recurrent`, shared by the timed run and the
/// quality-only run (`--quality`, used by scripts/bench_recurrent_quality.sh over many seeds), plus
/// `--write-init`, which hands Swift's initial weights and shuffle orders to PyTorch so both sides
/// can start from the same point (a paired comparison).
extension RecurrentBenchmark {
    static let batchSize = 64
    static let validationBatch = 256

    /// What `train` measured: wall and CPU seconds per epoch, and each epoch's mean batch loss
    /// (the mean of the batch means, as a PyTorch loop that averages `loss.item()` reports it).
    struct TrainingRun {
        var wallTimes: [Double] = [], cpuTimes: [Double] = []
        var epochLosses: [Double] = []
        /// CPU seconds of every training step (gather + trainStep) after the first epoch: on a
        /// shared machine their median and minimum move less than whole-epoch times.
        var stepCPUTimes: [Double] = []
        /// With a `floorMeter`: each epoch's GEMM floor in wall and CPU seconds (``GEMMFloorMeter``;
        /// the meter's probes are not in `wallTimes` and `cpuTimes`).
        var epochFloors: [(wall: Double, cpu: Double)] = []
    }

    /// The shuffle orders of `epochs` epochs for `seed`, exactly as `train` draws them:
    /// one `BatchShuffler.shuffle` per epoch from `SeededGenerator(seed: seed &+ 1)`.
    static func shuffleOrders(count: Int, epochs: Int, seed: UInt64) throws -> [[Int]] {
        var shuffler = try BatchShuffler(count: count, batchSize: batchSize)
        var generator = SeededGenerator(seed: seed &+ 1)
        return (0..<epochs).map { _ in
            shuffler.shuffle(using: &generator)
            return shuffler.order
        }
    }

    /// Trains `model` for `epochs` epochs: batch 64 in a seeded order (last batch the remainder),
    /// Adam lr 1e-3, MSE, clip-norm 1.0. `batchLimit` stops each epoch early (profiling only).
    /// `traceSteps` > 0 prints the batch loss of the first steps to stderr
    /// (to find where two implementations' trajectories part).
    static func train(_ model: SequenceRegressor, data: RecurrentBenchmarkData, epochs: Int, seed: UInt64,
                      batchLimit: Int? = nil, traceSteps: Int = 0, floorMeter: GEMMFloorMeter? = nil) throws -> TrainingRun {
        let lookback = RecurrentBenchmarkData.lookback, horizon = RecurrentBenchmarkData.horizon
        var optimizer = RegressorOptimizer.adam(try Adam<Float>(parameterCount: model.parameters.count, learningRate: 1e-3))
        let orders = try shuffleOrders(count: data.trainStarts.count, epochs: epochs, seed: seed)
        let inputs = UnsafeMutablePointer<Float>.allocate(capacity: lookback * batchSize)
        let targets = UnsafeMutablePointer<Float>.allocate(capacity: horizon * batchSize)
        defer { inputs.deallocate(); targets.deallocate() }
        var run = TrainingRun()
        var traced = 0
        for order in orders {
            floorMeter?.startEpoch()
            let w0 = BenchClock.wall(), c0 = BenchClock.cpu()
            var lossSum = 0.0, batches = 0, lastLoss = 0.0
            for start in stride(from: 0, to: order.count, by: batchSize) where batches < (batchLimit ?? .max) {
                let stepStart = run.wallTimes.isEmpty ? 0 : BenchClock.cpu()
                let starts = order[start..<min(start + batchSize, order.count)]
                data.gather(starts.lazy.map { data.trainStarts.lowerBound + $0 }, inputs: inputs, targets: targets,
                            batch: starts.count)
                lastLoss = try model.trainStep(inputs: inputs, targets: targets, batch: starts.count,
                                               loss: .meanSquaredError, optimizer: &optimizer, clip: .globalNorm(1.0))
                if !run.wallTimes.isEmpty && starts.count == batchSize { run.stepCPUTimes.append(BenchClock.cpu() - stepStart) }
                floorMeter?.addStep(batch: starts.count)
                lossSum += lastLoss
                batches += 1
                if traced < traceSteps {
                    FileHandle.standardError.write(Data("step \(traced) loss \(lastLoss)\n".utf8))
                    traced += 1
                }
            }
            if let meter = floorMeter {
                meter.endEpoch()
                run.wallTimes.append(BenchClock.wall() - w0 - meter.probeWall)
                run.cpuTimes.append(BenchClock.cpu() - c0 - meter.probeCPU)
                run.epochFloors.append(meter.floor)
            } else {
                run.wallTimes.append(BenchClock.wall() - w0)
                run.cpuTimes.append(BenchClock.cpu() - c0)
            }
            guard lastLoss.isFinite else { throw BenchmarkError.diverged(lastLoss) }
            run.epochLosses.append(lossSum / Double(max(1, batches)))
        }
        return run
    }

    /// Validation MSE over every validation window and horizon step (batches of 256), summed in Double.
    static func validationMSE(_ model: SequenceRegressor, data: RecurrentBenchmarkData) throws -> Double {
        let lookback = RecurrentBenchmarkData.lookback, horizon = RecurrentBenchmarkData.horizon
        let inputs = UnsafeMutablePointer<Float>.allocate(capacity: lookback * validationBatch)
        let targets = UnsafeMutablePointer<Float>.allocate(capacity: horizon * validationBatch)
        defer { inputs.deallocate(); targets.deallocate() }
        let validation = Array(data.validationStarts)
        var squaredSum = 0.0
        for s in stride(from: 0, to: validation.count, by: validationBatch) {
            let part = validation[s..<min(s + validationBatch, validation.count)]
            data.gather(part, inputs: inputs, targets: targets, batch: part.count)
            squaredSum += try model.evaluate(inputs: inputs, targets: targets, batch: part.count, loss: .meanSquaredError)
                * Double(part.count * horizon)
        }
        return squaredSum / Double(validation.count * horizon)
    }

    /// `--quality`: trains and validates only (no inference or GEMM-rate measurements) and returns
    /// one JSON line with the keys scripts/bench_recurrent_torch.py --quality prints.
    static func runQuality(cell: RecurrentCell, hidden: Int, layers: Int, threads: Int, epochs: Int, seed: UInt64,
                           data: RecurrentBenchmarkData, traceSteps: Int = 0) throws -> String {
        let model = try makeModel(cell: cell, hidden: hidden, layers: layers, seed: seed)
        let run = try train(model, data: data, epochs: epochs, seed: seed, traceSteps: traceSteps)
        let mse = try validationMSE(model, data: data)
        let name = cell == .rnnTanh ? "rnn" : cell.rawValue
        let fields: [(String, String)] = [
            ("impl", "\"swift\""), ("cell", "\"\(name)\""), ("hidden", "\(hidden)"), ("layers", "\(layers)"),
            ("threads", "\(threads)"), ("epochs", "\(epochs)"), ("seed", "\(seed)"), ("val_mse", "\(mse)"),
            ("epoch_train_loss", "[\(run.epochLosses.map { "\($0)" }.joined(separator: ", "))]"),
            ("epoch_times", "[\(run.wallTimes.map { "\($0)" }.joined(separator: ", "))]"),
            ("step_cpu_median_ms", "\(median(run.stepCPUTimes) * 1e3)"),
            ("step_cpu_min_ms", "\((run.stepCPUTimes.min() ?? .nan) * 1e3)"),
            ("epoch_cpu_times", "[\(run.cpuTimes.map { "\($0)" }.joined(separator: ", "))]"),
        ]
        return "{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
    }

    /// The benchmark's network: the recurrent stack, a linear head on the last hidden state,
    /// PyTorch's default initialisation from `seed`; buffers for batches up to 256.
    static func makeModel(cell: RecurrentCell, hidden: Int, layers: Int, seed: UInt64) throws -> SequenceRegressor {
        let configuration = RecurrentStackConfiguration(cell: cell, inputSize: 1, hiddenSize: hidden, layers: layers)
        return try SequenceRegressor(configuration: configuration, outputSize: RecurrentBenchmarkData.horizon,
                                     batchCapacity: validationBatch, steps: RecurrentBenchmarkData.lookback, seed: seed)
    }

    /// `--write-init DIR`: writes the initial parameters of (cell, shape, seed) and the shuffle
    /// orders of `epochs` epochs, for `bench_recurrent_torch.py --init DIR`:
    /// `params.f32` (the flat parameter buffer, float32 LE), `order.i32` (epochs × train windows,
    /// int32 LE) and `init.json` (each tensor's PyTorch state_dict name, shape and offset).
    static func writeInitialisation(to directory: String, cell: RecurrentCell, hidden: Int, layers: Int,
                                    epochs: Int, seed: UInt64, data: RecurrentBenchmarkData) throws {
        let model = try makeModel(cell: cell, hidden: hidden, layers: layers, seed: seed)
        let url = URL(fileURLWithPath: directory)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        let parameters = Data(bytes: model.parameters.values, count: model.parameters.count * MemoryLayout<Float>.size)
        try parameters.write(to: url.appendingPathComponent("params.f32"), options: .atomic)
        let orders = try shuffleOrders(count: data.trainStarts.count, epochs: epochs, seed: seed)
        let flat = orders.flatMap { $0.map { Int32($0) } }
        try flat.withUnsafeBytes { Data($0) }.write(to: url.appendingPathComponent("order.i32"), options: .atomic)
        let tensors = model.parameters.layout.entries.map {
            "{\"name\": \"\($0.name)\", \"shape\": [\($0.shape.map(String.init).joined(separator: ", "))], "
                + "\"offset\": \($0.offset), \"count\": \($0.count)}"
        }
        let json = "{\"seed\": \(seed), \"epochs\": \(epochs), \"train_windows\": \(data.trainStarts.count), "
            + "\"tensors\": [\(tensors.joined(separator: ", "))]}\n"
        try Data(json.utf8).write(to: url.appendingPathComponent("init.json"), options: .atomic)
    }
}

/// The middle value (upper middle for an even count); NaN when empty.
private func median(_ values: [Double]) -> Double {
    values.isEmpty ? .nan : values.sorted()[values.count / 2]
}
