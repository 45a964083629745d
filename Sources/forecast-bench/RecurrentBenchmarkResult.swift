import Foundation
import RecurrentLayers

/// One row of `forecast-bench recurrent`, printed as a table row or as JSON with the same keys
/// as scripts/bench_recurrent_torch.py.
struct RecurrentBenchmarkResult {
    let cell: RecurrentCell
    let hidden: Int, layers: Int, threads: Int, epochs: Int
    let trainWindows: Int, validationWindows: Int, parameters: Int
    let epochTimes: [Double], epochCPUTimes: [Double]
    let validationMSE: Double
    let inferenceBatch1: Double, inferenceBatch256: Double
    /// Windows per second of process CPU time (steadier than wall time on a shared machine).
    let inferenceBatch1CPU: Double, inferenceBatch256CPU: Double
    let epochGEMMFlops: Double
    /// Each epoch's GEMM floor (its GEMM FLOPs over the sgemm 512³ rate measured in step with it,
    /// ``GEMMFloorMeter``), wall and CPU time.
    let epochFloorSeconds: [Double], epochFloorCPUSeconds: [Double]
    let peakRSSMegabytes: Double

    var gemmFloorSeconds: Double { Self.median(Array(timedSlice(epochFloorSeconds))) }
    var gemmFloorCPUSeconds: Double { Self.median(Array(timedSlice(epochFloorCPUSeconds))) }
    /// The median over the timed epochs of each epoch's time over its own floor.
    var floorRatio: Double { Self.median(Array(timedSlice(zip(epochTimes, epochFloorSeconds).map { $0 / $1 }))) }
    var floorCPURatio: Double { Self.median(Array(timedSlice(zip(epochCPUTimes, epochFloorCPUSeconds).map { $0 / $1 }))) }

    var epochSeconds: Double { Self.median(Array(timedSlice(epochTimes))) }
    var epochCPUSeconds: Double { Self.median(Array(timedSlice(epochCPUTimes))) }
    /// The benchmark's short name: lstm, gru, rnn (tanh), rnn_relu.
    var cellName: String { cell == .rnnTanh ? "rnn" : cell.rawValue }
    var gflops: Double { epochGEMMFlops / epochSeconds / 1e9 }

    /// Epochs 2–4 (after the warm-up epoch), or whatever exists after the first.
    func timedSlice(_ xs: [Double]) -> ArraySlice<Double> {
        xs.count >= 4 ? xs[1..<4] : (xs.count > 1 ? xs[1...] : xs[...])
    }
    static func median(_ xs: [Double]) -> Double {
        let s = xs.sorted()
        return s.isEmpty ? .nan : (s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2)
    }

    static let header = "cell  shape   thr  s/epoch  cpu-s  val-MSE   infer-b1/s  infer-b256/s  GFLOP/s  floor-s  x-floor  cpu-floor  x-cpu-floor  RSS-MB"

    var row: String {
        let shape = "\(hidden)x\(layers)"
        return [cellName.padding(toLength: 5, withPad: " ", startingAt: 0),
                shape.padding(toLength: 7, withPad: " ", startingAt: 0),
                String(threads).padding(toLength: 4, withPad: " ", startingAt: 0),
                pad(format(epochSeconds, 2), 8), pad(format(epochCPUSeconds, 2), 6), pad(format(validationMSE, 5), 9),
                pad(format(inferenceBatch1, 0), 11), pad(format(inferenceBatch256, 0), 13), pad(format(gflops, 1), 8),
                pad(format(gemmFloorSeconds, 2), 8), pad(format(floorRatio, 2), 8),
                pad(format(gemmFloorCPUSeconds, 2), 10), pad(format(floorCPURatio, 2), 12),
                pad(format(peakRSSMegabytes, 0), 7)].joined(separator: " ")
    }

    func pad(_ s: String, _ n: Int) -> String { String(repeating: " ", count: max(0, n - s.count)) + s }

    var json: String {
        let fields: [(String, String)] = [
            ("impl", "\"swift\""), ("cell", "\"\(cellName)\""), ("hidden", "\(hidden)"), ("layers", "\(layers)"),
            ("threads", "\(threads)"), ("epochs", "\(epochs)"), ("train_windows", "\(trainWindows)"),
            ("val_windows", "\(validationWindows)"), ("parameters", "\(parameters)"),
            ("epoch_seconds", "\(epochSeconds)"), ("epoch_cpu_seconds", "\(epochCPUSeconds)"),
            ("epoch_times", "[\(epochTimes.map { "\($0)" }.joined(separator: ", "))]"),
            ("val_mse", "\(validationMSE)"), ("infer_b1_wps", "\(inferenceBatch1)"),
            ("infer_b256_wps", "\(inferenceBatch256)"), ("infer_b1_cpu_wps", "\(inferenceBatch1CPU)"),
            ("infer_b256_cpu_wps", "\(inferenceBatch256CPU)"), ("gemm_gflops", "\(gflops)"),
            ("epoch_gemm_gflop", "\(epochGEMMFlops / 1e9)"), ("gemm_floor_seconds", "\(gemmFloorSeconds)"),
            ("gemm_floor_cpu_seconds", "\(gemmFloorCPUSeconds)"), ("gemm_floor_ratio", "\(floorRatio)"),
            ("gemm_floor_cpu_ratio", "\(floorCPURatio)"),
            ("epoch_floor_seconds", "[\(epochFloorSeconds.map { "\($0)" }.joined(separator: ", "))]"),
            ("peak_rss_mb", "\(peakRSSMegabytes)"),
        ]
        return "{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
    }
}
