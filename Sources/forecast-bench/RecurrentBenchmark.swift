import Foundation
import MatrixKernels
import RecurrentLayers
import Training
import CRecurrentKernels

/// `forecast-bench recurrent`: trains the reference configuration of issue 3 and reports speed,
/// accuracy and memory. See docs/benchmarks.md ("Recurrent training") and
/// scripts/bench_recurrent_compare.sh, which runs it beside PyTorch.
///
/// Configuration: 20,000-point seeded series (RecurrentBenchmarkData), lookback 48, horizon 12
/// from the last hidden state through a linear head, batch 64, Adam lr 1e-3, MSE, clip-norm 1.0,
/// Float, 15,941 training windows. Per (cell, shape, threads): seconds per epoch (median of
/// epochs 2–4, after a warm-up epoch), validation MSE after `epochs` epochs, inference windows/s
/// at batch 1 and 256, achieved GEMM GFLOP/s, the GEMM floor, peak RSS.
enum RecurrentBenchmark {
    struct Options {
        var cells: [RecurrentCell] = [.lstm, .gru, .rnnTanh]
        var shapes: [(hidden: Int, layers: Int)] = [(64, 2), (128, 1)]
        var threads: [Int] = [1]
        var epochs = 5
        var seed: UInt64 = 2026
        /// Seeds the initial weights and the shuffle; nil = `seed` (the data stays `seed`'s).
        var modelSeed: UInt64?
        var json = false
        var writeData: String?
        /// Stop each epoch after this many batches (for profiling under callgrind); nil = all.
        var batchLimit: Int?
        /// Train and validate only (no inference or GEMM-rate measurements); JSON lines.
        var quality = false
        /// With --quality: print the loss of the first N training steps to stderr.
        var traceSteps = 0
        /// Write the initial weights and shuffle orders of one configuration here and stop.
        var writeInit: String?
    }

    static let summary = "train LSTM/GRU/RNN on the issue-3 reference configuration (--help for options)"

    static func run(_ arguments: [String]) throws {
        let options = try parse(arguments)
        let data = RecurrentBenchmarkData(seed: options.seed)
        if let path = options.writeData {
            let bytes = data.series.withUnsafeBytes { Data($0) }  // little-endian on every supported CPU
            try bytes.write(to: URL(fileURLWithPath: path), options: .atomic)
            print("wrote \(data.series.count) float32 values to \(path)")
            return
        }
        if let directory = options.writeInit {
            guard options.cells.count == 1, options.shapes.count == 1 else {
                throw BenchmarkError.badValue("--write-init", "needs exactly one --cell and one --shape")
            }
            let seed = options.modelSeed ?? options.seed
            try writeInitialisation(to: directory, cell: options.cells[0], hidden: options.shapes[0].hidden,
                                    layers: options.shapes[0].layers, epochs: options.epochs, seed: seed, data: data)
            print("wrote the initial parameters and \(options.epochs) shuffle orders (seed \(seed)) to \(directory)")
            return
        }
        if options.quality {
            for threads in options.threads {
                ComputeThreads.set(threads)
                for (hidden, layers) in options.shapes {
                    for cell in options.cells {
                        print(try runQuality(cell: cell, hidden: hidden, layers: layers, threads: threads,
                                             epochs: options.epochs, seed: options.modelSeed ?? options.seed, data: data,
                                             traceSteps: options.traceSteps))
                        fflush(stdout)
                    }
                }
            }
            return
        }
        if !options.json {
            print("train windows \(data.trainStarts.count), validation windows \(data.validationStarts.count), "
                + "sgemm 512³ \(format(RecurrentGEMMCost.peakGFLOPS(), 1)) GFLOP/s")
            print("fast path checked against the plain-loop reference before each configuration is timed")
            print(RecurrentBenchmarkResult.header)
        }
        for threads in options.threads {
            ComputeThreads.set(threads)
            for (hidden, layers) in options.shapes {
                for cell in options.cells {
                    let result = try runOne(cell: cell, hidden: hidden, layers: layers, threads: threads,
                                            epochs: options.epochs, seed: options.modelSeed ?? options.seed, data: data,
                                            batchLimit: options.batchLimit)
                    print(options.json ? result.json : result.row)
                    fflush(stdout)
                }
            }
        }
    }

    static func runOne(cell: RecurrentCell, hidden: Int, layers: Int, threads: Int, epochs: Int, seed: UInt64,
                       data: RecurrentBenchmarkData, batchLimit: Int? = nil) throws -> RecurrentBenchmarkResult {
        let lookback = RecurrentBenchmarkData.lookback, horizon = RecurrentBenchmarkData.horizon
        let batch = batchSize, inferenceBatch = validationBatch
        let model = try makeModel(cell: cell, hidden: hidden, layers: layers, seed: seed)
        try verify(model, data: data)
        let cost = RecurrentGEMMCost(cell: cell, hidden: hidden, layers: layers, inputSize: 1, steps: lookback,
                                     batch: batch, outputs: horizon)
        let meter = GEMMFloorMeter(flopsPerWindow: RecurrentGEMMCost.flops(cost.training) / Double(batch))
        let run = try train(model, data: data, epochs: epochs, seed: seed, batchLimit: batchLimit, floorMeter: meter)
        let wallTimes = run.wallTimes, cpuTimes = run.cpuTimes
        let validationMSE = try Self.validationMSE(model, data: data)
        let validation = Array(data.validationStarts)
        let inputs = UnsafeMutablePointer<Float>.allocate(capacity: lookback * inferenceBatch)
        let targets = UnsafeMutablePointer<Float>.allocate(capacity: horizon * inferenceBatch)
        defer { inputs.deallocate(); targets.deallocate() }

        let predictions = UnsafeMutablePointer<Float>.allocate(capacity: horizon * inferenceBatch)
        defer { predictions.deallocate() }
        /// Windows per second of wall time and of process CPU time.
        func throughput(batch: Int, windows: Int) throws -> (wall: Double, cpu: Double) {
            data.gather(validation[0..<batch], inputs: inputs, targets: targets, batch: batch)
            try model.predict(inputs: inputs, batch: batch, output: predictions)  // warm-up
            let t0 = BenchClock.wall(), c0 = BenchClock.cpu()
            var done = 0, s = 0
            var before = rk_team_counts(), chunkStart = t0, chunks: [Double] = []
            rk_team_get_counts(&before)
            while done < windows {
                if s + batch > validation.count { s = 0 }
                data.gather(validation[s..<(s + batch)], inputs: inputs, targets: targets, batch: batch)
                try model.predict(inputs: inputs, batch: batch, output: predictions)
                s += batch
                done += batch
                if batch == 1 && done % 100 == 0 { let now = BenchClock.wall(); chunks.append(100 / (now - chunkStart)); chunkStart = now }
            }
            if batch == 1 && ProcessInfo.processInfo.environment["FORECAST_BENCH_TEAM"] != nil {
                var after = rk_team_counts()
                rk_team_get_counts(&after)
                let line = "b1 chunks of 100 windows/s: " + chunks.map { String(Int($0)) }.joined(separator: " ")
                    + "\nteam: split \(after.split - before.split) of \(after.requested - before.requested), cold \(after.cold - before.cold), late \(after.late - before.late), busy \(after.busy - before.busy), backoff \(after.backoff - before.backoff), slow \(after.slow - before.slow), taken \(after.taken - before.taken)\n"
                FileHandle.standardError.write(line.data(using: .utf8)!)
            }
            return (Double(done) / (BenchClock.wall() - t0), Double(done) / (BenchClock.cpu() - c0))
        }
        let batch1 = try throughput(batch: 1, windows: 2000)
        let batch256 = try throughput(batch: inferenceBatch, windows: inferenceBatch * 16)

        // Issue 3's GEMM floor: the epoch's GEMM FLOPs at the sgemm rate (512³) at this thread
        // count, measured in step with the training (GEMMFloorMeter).
        let epochFlops = RecurrentGEMMCost.flops(cost.training) * Double(data.trainStarts.count) / Double(batch)
        let epochFloors = run.epochFloors
        return RecurrentBenchmarkResult(
            cell: cell, hidden: hidden, layers: layers, threads: threads, epochs: epochs,
            trainWindows: data.trainStarts.count, validationWindows: validation.count,
            parameters: model.parameters.count, epochTimes: wallTimes, epochCPUTimes: cpuTimes,
            validationMSE: validationMSE, inferenceBatch1: batch1.wall, inferenceBatch256: batch256.wall,
            inferenceBatch1CPU: batch1.cpu, inferenceBatch256CPU: batch256.cpu,
            epochGEMMFlops: epochFlops, epochFloorSeconds: epochFloors.map(\.wall),
            epochFloorCPUSeconds: epochFloors.map(\.cpu),
            peakRSSMegabytes: BenchClock.peakRSSMegabytes())
    }

    static func parse(_ arguments: [String]) throws -> Options {
        var o = Options()
        var i = 0
        func value(_ name: String) throws -> String {
            i += 1
            guard i < arguments.count else { throw BenchmarkError.missingValue(name) }
            return arguments[i]
        }
        while i < arguments.count {
            let name = arguments[i]
            switch name {
            case "--cell":
                let v = try value(name)
                if v == "all" { o.cells = [.lstm, .gru, .rnnTanh] } else {
                    o.cells = try v.split(separator: ",").map {
                        let n = $0 == "rnn" ? "rnn_tanh" : String($0)
                        guard let c = RecurrentCell(rawValue: n) else { throw BenchmarkError.badValue(name, v) }
                        return c
                    }
                }
            case "--shape":
                let v = try value(name)
                if v != "all" {
                    o.shapes = try v.split(separator: ",").map {
                        let p = $0.split(separator: "x").compactMap { Int($0) }
                        guard p.count == 2, p[0] > 0, p[1] > 0 else { throw BenchmarkError.badValue(name, v) }
                        return (p[0], p[1])
                    }
                }
            case "--threads":
                let v = try value(name)
                o.threads = try v.split(separator: ",").map {
                    guard let n = Int($0), n > 0 else { throw BenchmarkError.badValue(name, v) }
                    return n
                }
            case "--epochs":
                let v = try value(name)
                guard let n = Int(v), n >= 1 else { throw BenchmarkError.badValue(name, v) }
                o.epochs = n
            case "--model-seed":
                let v = try value(name)
                guard let n = UInt64(v) else { throw BenchmarkError.badValue(name, v) }
                o.modelSeed = n
            case "--seed":
                let v = try value(name)
                guard let n = UInt64(v) else { throw BenchmarkError.badValue(name, v) }
                o.seed = n
            case "--batches":
                let v = try value(name)
                guard let n = Int(v), n >= 1 else { throw BenchmarkError.badValue(name, v) }
                o.batchLimit = n
            case "--json": o.json = true
            case "--quality": o.quality = true
            case "--trace-steps":
                let v = try value(name)
                guard let n = Int(v), n >= 0 else { throw BenchmarkError.badValue(name, v) }
                o.traceSteps = n
            case "--write-init": o.writeInit = try value(name)
            case "--write-data": o.writeData = try value(name)
            case "--help", "-h":
                print("""
                    usage: forecast-bench recurrent [--cell lstm,gru,rnn|all] [--shape 64x2,128x1|all]
                                                    [--threads 1,2] [--epochs 5] [--seed 2026] [--model-seed N] [--json]
                                                    [--batches N]   (stop epochs after N batches: profiling only)
                           forecast-bench recurrent --write-data FILE   (the standardised series, raw float32 LE)
                           forecast-bench recurrent --quality [--trace-steps N] ...   (train + validation MSE only,
                               JSON lines; --trace-steps prints the first N step losses to stderr)
                           forecast-bench recurrent --write-init DIR --cell C --shape HxL [--epochs 5] [--model-seed N]
                               (initial weights + shuffle orders for bench_recurrent_torch.py --init DIR)
                    """)
                exit(0)
            default:
                throw BenchmarkError.unknownOption(name)
            }
            i += 1
        }
        return o
    }
}

enum BenchmarkError: Error, CustomStringConvertible {
    case missingValue(String), badValue(String, String), unknownOption(String), diverged(Double)
    case verificationFailed(String)
    var description: String {
        switch self {
        case let .missingValue(o): return "option \(o) needs a value"
        case let .badValue(o, v): return "option \(o): cannot use '\(v)'"
        case let .unknownOption(o): return "unknown option '\(o)' (try --help)"
        case let .diverged(l): return "training diverged: last batch loss \(l)"
        case let .verificationFailed(what): return "fast path disagrees with the reference: \(what)"
        }
    }
}

func format(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }
