import Foundation
import MatrixKernels
import RecurrentLayers

/// `forecast-bench layers [--threads N] [--cells lstm,gru,rnn] [--shapes 64x2,128x1] [--batches N]
/// [--strategy split|blas] [--profile] [--fused-input-limit N] [--portable]`: forward + backward of a recurrent stack and a 12-output dense head
/// on one batch (64 windows × 48 steps × 1 feature, issue 3's reference configuration), in Float.
/// Each configuration is first checked against the plain-loop reference, then timed; prints
/// milliseconds per batch (median), the epoch time this implies for 15,941 windows, GFLOP/s and
/// the GEMM floor (this configuration's GEMM FLOPs at the sgemm rate measured here). CPU columns
/// are process CPU time, meaningful when the machine is shared (see processCPUSeconds).
enum LayersBenchmark {
    struct Options {
        var threads = ComputeThreads.count
        var cells: [RecurrentCell] = [.lstm, .gru, .rnnTanh]
        var shapes: [(hidden: Int, layers: Int)] = [(64, 2), (128, 1)]
        var batches = 30
        var batch = 64, steps = 48, inputSize = 1, horizon = 12
        var splitsBatch = true
        /// For profiling: skip the sgemm rate measurement (its GEMMs would dominate a profile).
        var measuresSGEMM = true
    }

    struct BenchmarkError: Error, CustomStringConvertible {
        let description: String
    }

    static func parse(_ arguments: [String]) throws -> Options {
        var o = Options()
        var i = 0
        func value() throws -> String {
            i += 1
            guard i < arguments.count else { throw BenchmarkError(description: "\(arguments[i - 1]) needs a value") }
            return arguments[i]
        }
        while i < arguments.count {
            switch arguments[i] {
            case "--threads": o.threads = try ComputeThreads.parse(try value(), source: "--threads")
            case "--profile": o.measuresSGEMM = false
            case "--fused-input-limit": RecurrentExecution.fusedInputLimit = max(0, Int(try value()) ?? .max)
            case "--portable": RecurrentExecution.usesFusedKernels = false
            case "--batches": o.batches = max(3, Int(try value()) ?? 30)
            case "--batch": o.batch = max(1, Int(try value()) ?? 64)
            case "--strategy":
                let v = try value()
                guard v == "split" || v == "blas" else { throw BenchmarkError(description: "--strategy: expected split or blas, got '\(v)'") }
                o.splitsBatch = v == "split"
            case "--cells":
                o.cells = try value().split(separator: ",").map { name in
                    switch name {
                    case "lstm": return .lstm
                    case "gru": return .gru
                    case "rnn": return .rnnTanh
                    default: throw BenchmarkError(description: "--cells: unknown cell '\(name)' (lstm, gru, rnn)")
                    }
                }
            case "--shapes":
                o.shapes = try value().split(separator: ",").map { s in
                    let parts = s.split(separator: "x").compactMap { Int($0) }
                    guard parts.count == 2, parts[0] > 0, parts[1] > 0 else {
                        throw BenchmarkError(description: "--shapes: expected HIDDENxLAYERS like 64x2, got '\(s)'")
                    }
                    return (parts[0], parts[1])
                }
            default: throw BenchmarkError(description: "unknown option '\(arguments[i])'")
            }
            i += 1
        }
        return o
    }

    static func run(_ arguments: [String]) throws {
        let o = try parse(arguments)
        ComputeThreads.set(o.threads)
        RecurrentExecution.splitsBatch = o.splitsBatch
        let sgemmSmall = o.measuresSGEMM ? sgemmRate(m: o.batch, n: 4 * 64, k: 64) : .nan
        let sgemmLarge = o.measuresSGEMM ? sgemmRate(m: 512, n: 512, k: 512) : .nan
        print("layers: batch \(o.batch), steps \(o.steps), input \(o.inputSize), head \(o.horizon); threads \(o.threads), "
              + "strategy \(o.splitsBatch ? "split batch" : "BLAS threads")")
        let core = OpenBLASCore.name ?? "Accelerate"
        let fix = OpenBLASCore.correction.map { " (OpenBLAS picked \($0.from); switched)" } ?? ""
        print("BLAS kernels: \(core)\(fix)")
        print(String(format: "sgemm: %.1f GFLOP/s at 512³, %.1f GFLOP/s at %d×256×64", sgemmLarge, sgemmSmall, o.batch))
        print("cell      shape   fwd ms  fwd+bwd ms  epoch s  CPU ms  CPU epoch s  GFLOP/s(CPU)  GEMM floor s  min CPU ms")
        for cell in o.cells {
            for shape in o.shapes {
                let r = try measure(cell: cell, hidden: shape.hidden, layers: shape.layers, options: o)
                let epochBatches = 15_941.0 / Double(o.batch)
                let floor = r.flops / (sgemmLarge * 1e9) * epochBatches
                print(String(format: "%-8@  %3dx%d  %7.2f  %10.2f  %7.2f  %6.2f  %11.2f  %12.1f  %12.2f  %10.2f",
                             cell.rawValue as NSString, shape.hidden, shape.layers, r.forward * 1e3, r.step * 1e3,
                             r.step * epochBatches, r.stepCPU * 1e3, r.stepCPU * epochBatches,
                             r.flops / r.stepCPU / 1e9, floor, r.stepCPUMin * 1e3))
            }
        }
    }

    /// Seeded parameters in ±1/√H (PyTorch's default range) from a small LCG.
    static func initialise(_ store: ParameterStore<Float>, hidden: Int) {
        var state: UInt64 = 0x1234_5678
        let bound = 1 / Float(hidden).squareRoot()
        for i in 0..<store.count {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            store.values[i] = (Float(state >> 40) / Float(1 << 24) * 2 - 1) * bound
        }
    }

    /// Medians per batch, and the fastest batch's CPU time (`stepCPUMin`: the least disturbed by
    /// other processes on a shared machine, for before/after comparisons).
    struct Result { var forward: Double; var step: Double; var stepCPU: Double; var stepCPUMin: Double; var flops: Double }

    /// CPU seconds used by the whole process (all threads): on a shared, oversubscribed machine
    /// this is what a step costs, where wall time also counts waiting for a core.
    static func processCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }

    static func measure(cell: RecurrentCell, hidden: Int, layers: Int, options o: Options) throws -> Result {
        var layout = ParameterLayout()
        let stack = try RecurrentStack(.init(cell: cell, inputSize: o.inputSize, hiddenSize: hidden, layers: layers),
                                       registeringIn: &layout, prefix: "rnn.")
        let head = try DenseLayer(inputSize: stack.outputSize, outputSize: o.horizon, registeringIn: &layout)
        let store = ParameterStore<Float>(layout: layout)
        initialise(store, hidden: hidden)
        let ws = try RecurrentWorkspace<Float>(stack: stack, batch: o.batch, steps: o.steps)
        var input = [Float](repeating: 0, count: o.steps * o.batch * o.inputSize)
        for i in input.indices { input[i] = Float(sin(Double(i) * 0.37)) }

        // Verify against the plain-loop reference on the first 4 rows before timing.
        let rows = 4
        var small = [Float]()
        for t in 0..<o.steps { small += input[(t * o.batch * o.inputSize)..<((t * o.batch + rows) * o.inputSize)] }
        try stack.forward(parameters: store, input: small, batch: rows, steps: o.steps, workspace: ws)
        let ref = try stack.referenceForward(parameters: store, input: small, batch: rows, steps: o.steps)
        let fast = ws.outputArray()
        let maxDiff = zip(fast, ref.output).map { abs($0 - $1) }.max() ?? .nan
        // Float over 48 chained steps: rounding ~1e-6; anything above 1e-4 is a wrong kernel.
        guard maxDiff < 1e-4 else { throw BenchmarkError(description: "\(cell.rawValue) \(hidden)x\(layers): fast path differs from reference by \(maxDiff)") }

        let last = o.batch * stack.outputSize
        var y = [Float](repeating: 0, count: o.batch * o.horizon)
        var dy = [Float](repeating: 0, count: o.batch * o.horizon)
        var dFinal = [Float](repeating: 0, count: stack.stateCount * o.batch * hidden)
        let lastLayer = (layers - 1) * o.batch * hidden
        func forward() throws {
            try stack.forward(parameters: store, input: input, batch: o.batch, steps: o.steps,
                              mode: .training(dropoutSeed: 1), workspace: ws)
            try head.forward(parameters: store, input: ws.output + (o.steps - 1) * last, rows: o.batch, output: &y)
        }
        func step() throws {
            store.zeroGradients()
            try forward()
            for i in y.indices { dy[i] = 2 * (y[i] - 0.1) / Float(y.count) }
            try dFinal.withUnsafeMutableBufferPointer { d in
                try head.backward(parameters: store, input: ws.output + (o.steps - 1) * last, rows: o.batch,
                                  outputGradient: dy, inputGradient: d.baseAddress! + lastLayer)
            }
            try stack.backward(parameters: store, input: input, outputGradient: nil, finalHiddenGradient: dFinal,
                               computeInputGradient: false, workspace: ws)
        }
        for _ in 0..<3 { try step() }
        let clock = ContinuousClock()
        var forwardTimes: [Double] = [], stepTimes: [Double] = [], stepCPU: [Double] = []
        for _ in 0..<o.batches {
            forwardTimes.append(seconds(try clock.measure { try forward() }))
            let cpu0 = processCPUSeconds()
            stepTimes.append(seconds(try clock.measure { try step() }))
            stepCPU.append(processCPUSeconds() - cpu0)
        }
        return Result(forward: median(forwardTimes), step: median(stepTimes), stepCPU: median(stepCPU),
                      stepCPUMin: stepCPU.min() ?? .nan,
                      flops: gemmFlops(cell: cell, hidden: hidden, layers: layers, options: o))
    }

    /// GEMM FLOPs of one forward + backward: per layer, input projection and recurrent product
    /// forward; their input-side and weight-side gradients backward (layer 0's input gradient skipped).
    static func gemmFlops(cell: RecurrentCell, hidden h: Int, layers: Int, options o: Options) -> Double {
        let gh = Double(cell.gateCount * h), tb = Double(o.batch * o.steps)
        var total = 0.0
        for k in 0..<layers {
            let inSize = Double(k == 0 ? o.inputSize : h)
            let projection = 2 * tb * inSize * gh, recurrent = 2 * tb * Double(h) * gh
            total += projection * (k == 0 ? 2 : 3) + recurrent * 3
        }
        return total + 3 * 2 * Double(o.batch * h * o.horizon)
    }

    static func sgemmRate(m: Int, n: Int, k: Int) -> Double {
        let a = [Float](repeating: 0.5, count: m * k), b = [Float](repeating: 0.25, count: k * n)
        var c = [Float](repeating: 0, count: m * n)
        let reps = max(3, Int(2e9 / Double(2 * m * n * k)))
        parallelGEMM(.none, .transposed, m: m, n: n, k: k, a: a, lda: k, b: b, ldb: k, beta: 0, c: &c, ldc: n)
        let elapsed = seconds(ContinuousClock().measure {
            for _ in 0..<reps { parallelGEMM(.none, .transposed, m: m, n: n, k: k, a: a, lda: k, b: b, ldb: k, beta: 0, c: &c, ldc: n) }
        })
        return Double(reps) * 2 * Double(m * n * k) / elapsed / 1e9
    }

    static func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
}
