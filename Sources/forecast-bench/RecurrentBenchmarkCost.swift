import Foundation
import MatrixKernels
import RecurrentLayers

/// The GEMMs one training step of the benchmark's network performs and their FLOPs; with the
/// sgemm rate on 512³ (``peakRate()``) they give the "GEMM floor": the time the step would take
/// if everything but the multiply-adds were free and those ran at the large-GEMM rate.
struct RecurrentGEMMCost {
    struct Shape: Hashable {
        let transA: Bool, transB: Bool, m: Int, n: Int, k: Int
        var flops: Double { 2 * Double(m) * Double(n) * Double(k) }
    }

    /// (shape, calls per training step).
    let training: [(Shape, Int)]
    /// (shape, calls per inference pass).
    let inference: [(Shape, Int)]

    /// Shapes for a stack of `layers` unidirectional layers (gates G, hidden H, input D0 = 1),
    /// window T and batch B, with a dense head of `outputs` on the last hidden state.
    /// Forward: input projection of all steps (one GEMM), h·W_hhᵀ per step. Backward per layer:
    /// dgates·W_hh per step, dW_hh and dW_ih over all steps (one GEMM each), the input gradient
    /// for layers above the first. The head: forward, dW, dx.
    init(cell: RecurrentCell, hidden h: Int, layers: Int, inputSize: Int, steps t: Int, batch b: Int, outputs o: Int) {
        let gh = cell.gateCount * h
        var forward: [(Shape, Int)] = []
        var backward: [(Shape, Int)] = []
        for layer in 0..<layers {
            let d = layer == 0 ? inputSize : h
            forward.append((Shape(transA: false, transB: true, m: t * b, n: gh, k: d), 1))
            forward.append((Shape(transA: false, transB: true, m: b, n: gh, k: h), t))
            backward.append((Shape(transA: false, transB: false, m: b, n: h, k: gh), t))
            backward.append((Shape(transA: true, transB: false, m: gh, n: h, k: t * b), 1))
            backward.append((Shape(transA: true, transB: false, m: gh, n: d, k: t * b), 1))
            if layer > 0 { backward.append((Shape(transA: false, transB: false, m: t * b, n: d, k: gh), 1)) }
        }
        forward.append((Shape(transA: false, transB: true, m: b, n: o, k: h), 1))
        backward.append((Shape(transA: true, transB: false, m: o, n: h, k: b), 1))
        backward.append((Shape(transA: false, transB: false, m: b, n: h, k: o), 1))
        training = forward + backward
        inference = forward
    }

    static func flops(_ shapes: [(Shape, Int)]) -> Double {
        shapes.reduce(0) { $0 + $1.0.flops * Double($1.1) }
    }

    /// Wall and CPU seconds of one call of `s` (median of 5 runs of ≥ 5 ms).
    static func secondsPerCall(_ s: Shape) -> (wall: Double, cpu: Double) {
        let a = [Float](repeating: 0.01, count: s.m * s.k)
        let bm = [Float](repeating: 0.02, count: s.k * s.n)
        var c = [Float](repeating: 0, count: s.m * s.n)
        func run(_ reps: Int) {
            a.withUnsafeBufferPointer { a in
                bm.withUnsafeBufferPointer { bm in
                    c.withUnsafeMutableBufferPointer { c in
                        for _ in 0..<reps {
                            parallelGEMM(s.transA ? .transposed : .none, s.transB ? .transposed : .none, m: s.m, n: s.n, k: s.k,
                                 a: a.baseAddress!, lda: s.transA ? s.m : s.k, b: bm.baseAddress!,
                                 ldb: s.transB ? s.k : s.n, beta: 0, c: c.baseAddress!, ldc: s.n)
                        }
                    }
                }
            }
        }
        run(3)
        var reps = 1
        while true {
            let t0 = BenchClock.wall()
            run(reps)
            if BenchClock.wall() - t0 > 0.005 { break }
            reps *= 2
        }
        var walls: [Double] = [], cpus: [Double] = []
        for _ in 0..<5 {
            let t0 = BenchClock.wall(), c0 = BenchClock.cpu()
            run(reps)
            walls.append((BenchClock.wall() - t0) / Double(reps))
            cpus.append((BenchClock.cpu() - c0) / Double(reps))
        }
        return (walls.sorted()[2], cpus.sorted()[2])
    }

    /// Single-precision GEMM rate on a large square product (n = 512), in GFLOP/s.
    static func peakGFLOPS() -> Double { peakRate().wall / 1e9 }

    /// FLOP per second of wall and of CPU time on the 512³ product, at the current thread count.
    static func peakRate() -> (wall: Double, cpu: Double) {
        let s = Shape(transA: false, transB: false, m: 512, n: 512, k: 512)
        let t = secondsPerCall(s)
        return (s.flops / t.wall, s.flops / t.cpu)
    }
}

/// Wall and CPU clocks, and peak memory.
enum BenchClock {
    static func wall() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    /// CPU time of the whole process (all threads), user + system.
    static func cpu() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    /// Peak resident set size in MiB (`ru_maxrss`: KiB on Linux, bytes on macOS).
    static func peakRSSMegabytes() -> Double {
        var usage = rusage()
        #if os(macOS)
        getrusage(RUSAGE_SELF, &usage)
        return Double(usage.ru_maxrss) / 1_048_576
        #else
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_maxrss) / 1024
        #endif
    }
}
