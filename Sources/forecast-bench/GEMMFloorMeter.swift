import MatrixKernels

/// Issue 3's GEMM floor of a training epoch, measured in step with the training: the epoch's GEMM
/// FLOPs at the sgemm 512³ rate of the moments it ran.
///
/// The shared host's sgemm rate moves by up to 1.8× from one 100 ms sample to the next (76–141
/// GFLOP/s on one core over 40 s, 2026-11-23), so a rate taken before and after a 3 s epoch says
/// little about the epoch. After every `batchesPerSegment` training steps (~100 ms for LSTM 128×1)
/// the meter runs three 512³ sgemms and keeps the faster of the last two: the first brings the
/// operands back into the caches the training used (a lone call from cold caches ran well below
/// the warm rate, which would lower the bar), and a preemption inside one timed call must not pass
/// for a slow machine. Each segment of steps gets the mean of the rates on either side of it; an
/// epoch's floor is the sum over its segments. The probes' own time is kept out of the epoch's
/// time (`probeWall`, `probeCPU`); the caches they disturb are not, which counts against the
/// training.
final class GEMMFloorMeter {
    static let batchesPerSegment = 8
    static let size = 512

    private let a: UnsafeMutablePointer<Float>, b: UnsafeMutablePointer<Float>, c: UnsafeMutablePointer<Float>
    /// GEMM FLOPs of one training step per window of the batch (the cost is linear in the batch).
    private let flopsPerWindow: Double
    private var lastRate: (wall: Double, cpu: Double)
    private var segmentFlops = 0.0, segmentBatches = 0
    private(set) var floor = (wall: 0.0, cpu: 0.0)
    /// Wall and CPU seconds spent in probes since the last `startEpoch()`.
    private(set) var probeWall = 0.0, probeCPU = 0.0

    init(flopsPerWindow: Double) {
        let n = Self.size * Self.size
        a = .allocate(capacity: n); b = .allocate(capacity: n); c = .allocate(capacity: n)
        a.initialize(repeating: 0.01, count: n); b.initialize(repeating: 0.02, count: n); c.initialize(repeating: 0, count: n)
        self.flopsPerWindow = flopsPerWindow
        lastRate = (0, 0)
        for _ in 0..<3 { multiply() }  // OpenBLAS's threads and buffers up before the first sample
        lastRate = sample()
    }

    deinit { a.deallocate(); b.deallocate(); c.deallocate() }

    /// Starts a new epoch's floor (the rate carries over from the last probe).
    func startEpoch() {
        floor = (0, 0); probeWall = 0; probeCPU = 0; segmentFlops = 0; segmentBatches = 0
    }

    /// Counts one training step of `batch` windows; probes after every `batchesPerSegment` steps.
    func addStep(batch: Int) {
        segmentFlops += flopsPerWindow * Double(batch)
        segmentBatches += 1
        if segmentBatches == Self.batchesPerSegment { closeSegment() }
    }

    /// Closes the last (partial) segment; `floor` is then the epoch's.
    func endEpoch() {
        if segmentBatches > 0 { closeSegment() }
    }

    private func closeSegment() {
        let before = lastRate
        lastRate = sample()
        floor.wall += segmentFlops / ((before.wall + lastRate.wall) / 2)
        floor.cpu += segmentFlops / ((before.cpu + lastRate.cpu) / 2)
        segmentFlops = 0; segmentBatches = 0
    }

    /// FLOP per second of wall and CPU time of one warm 512³ product.
    private func sample() -> (wall: Double, cpu: Double) {
        let w0 = BenchClock.wall(), c0 = BenchClock.cpu()
        multiply()
        var wall = Double.infinity, cpu = Double.infinity
        for _ in 0..<2 {
            let w = BenchClock.wall(), c = BenchClock.cpu()
            multiply()
            wall = min(wall, BenchClock.wall() - w); cpu = min(cpu, BenchClock.cpu() - c)
        }
        probeWall += BenchClock.wall() - w0; probeCPU += BenchClock.cpu() - c0
        let flops = 2 * Double(Self.size * Self.size * Self.size)
        return (flops / wall, flops / cpu)
    }

    private func multiply() {
        let n = Self.size
        parallelGEMM(.none, .none, m: n, n: n, k: n, a: a, lda: n, b: b, ldb: n, beta: 0, c: c, ldc: n)
    }
}
