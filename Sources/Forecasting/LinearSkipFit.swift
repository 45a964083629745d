import Foundation
import Windowing

/// The ridge regression behind the linear skip path: a `lookback → horizon` linear forecast of the
/// window-normalised target, fitted in closed form on the training windows before the recurrent
/// network trains (which then learns what it misses).
///
/// With X the windows' normalised target inputs `(N, L)` and Y their normalised targets `(N, H)`,
/// `W = (XᵀX + λI)⁻¹ XᵀY`. The penalty is relative to the data, `λ = r · trace(XᵀX) / L`, with r
/// chosen on the validation windows from ``relativePenalties`` plus "∞" (zero weights: the
/// forecast the window normalisation gives for free, the naive one under `last-value`). So the
/// skip path is never worse on validation than no skip path. Under `last-value` normalisation the
/// last input column is always zero, which is why r has no zero entry.
struct LinearSkipFit {
    /// Candidate relative penalties r.
    static let relativePenalties: [Double] = [1e-4, 1e-3, 1e-2, 1e-1, 1, 10]

    /// `[horizon, lookback]` row-major, as `skip.weight` holds them.
    var weights: [Float]
    /// The chosen r; nil when zero weights won.
    var relativePenalty: Double?
    /// Validation MSE (normalised units) of the chosen weights and of zero weights.
    var validationMSE: Double
    var zeroValidationMSE: Double

    /// One line for the choices `fit` prints.
    var description: String {
        let fit = NumberText.significant(validationMSE, 4), zero = NumberText.significant(zeroValidationMSE, 4)
        guard let r = relativePenalty else {
            return "linear skip: zero weights (every ridge fit did worse on validation than none: MSE \(zero))"
        }
        return "linear skip: ridge regression of the window, penalty \(NumberText.significant(r, 2)) × mean(diag XᵀX) "
            + "chosen on validation (MSE \(fit) vs \(zero) without it)"
    }

    /// Fits on `data`'s training windows and chooses the penalty on its validation windows.
    static func fit(_ data: ForecastDataset) throws -> LinearSkipFit {
        let l = data.lookback, h = data.horizon
        var gram = [Double](repeating: 0, count: l * l)   // XᵀX
        var cross = [Double](repeating: 0, count: l * h)  // XᵀY
        try forEachWindow(data, data.trainWindows) { x, y in
            for a in 0..<l where x[a] != 0 {
                let xa = x[a]
                for b in 0..<l { gram[a * l + b] += xa * x[b] }
                for k in 0..<h { cross[a * h + k] += xa * y[k] }
            }
        }
        var trace = 0.0
        for a in 0..<l { trace += gram[a * l + a] }
        var candidates: [(r: Double?, w: [Double])] = [(nil, [Double](repeating: 0, count: l * h))]
        if trace > 0 && trace.isFinite {
            for r in relativePenalties {
                if let w = solveRidge(gram: gram, cross: cross, size: l, outputs: h, penalty: r * trace / Double(l)) {
                    candidates.append((r, w))
                }
            }
        }
        var sums = [Double](repeating: 0, count: candidates.count), count = 0
        try forEachWindow(data, data.validationWindows) { x, y in
            for (c, candidate) in candidates.enumerated() {
                for k in 0..<h {
                    var f = 0.0
                    for a in 0..<l { f += x[a] * candidate.w[a * h + k] }
                    sums[c] += (f - y[k]) * (f - y[k])
                }
            }
            count += h
        }
        let mse = sums.map { count > 0 ? $0 / Double(count) : .infinity }
        var best = 0
        for c in candidates.indices where mse[c].isFinite && mse[c] < mse[best] { best = c }
        let w = candidates[best].w
        var weights = [Float](repeating: 0, count: h * l)
        for k in 0..<h { for a in 0..<l { weights[k * l + a] = Float(w[a * h + k]) } }
        return LinearSkipFit(weights: weights, relativePenalty: candidates[best].r,
                             validationMSE: mse[best], zeroValidationMSE: mse[0])
    }

    /// Calls `body(x, y)` with each window's normalised target inputs (L) and targets (H).
    private static func forEachWindow(_ data: ForecastDataset, _ refs: [WindowRef],
                                      _ body: ([Double], [Double]) -> Void) throws {
        let l = data.lookback, h = data.horizon, width = data.inputWidth
        var start = 0
        while start < refs.count {
            let chunk = Array(refs[start..<min(start + ForecastDataset.inferenceBatchSize, refs.count)])
            let batch = try data.batch(chunk, futureSteps: 1)
            for i in 0..<chunk.count {
                let x = (0..<l).map { Double(batch.inputs[(i * l + $0) * width]) }
                let y = (0..<h).map { Double(batch.targets[i * h + $0]) }
                body(x, y)
            }
            start += chunk.count
        }
    }

    /// `(G + λI)⁻¹ C` by Cholesky, G `size × size` symmetric, C `size × outputs`; nil when the
    /// matrix is not positive definite (numerically).
    static func solveRidge(gram: [Double], cross: [Double], size n: Int, outputs m: Int, penalty: Double) -> [Double]? {
        var a = gram
        for i in 0..<n { a[i * n + i] += penalty }
        // In place: lower triangle becomes the Cholesky factor.
        for j in 0..<n {
            var d = a[j * n + j]
            for k in 0..<j { d -= a[j * n + k] * a[j * n + k] }
            guard d > 0, d.isFinite else { return nil }
            let root = d.squareRoot()
            a[j * n + j] = root
            for i in (j + 1)..<max(j + 1, n) {
                var s = a[i * n + j]
                for k in 0..<j { s -= a[i * n + k] * a[j * n + k] }
                a[i * n + j] = s / root
            }
        }
        var x = cross
        for c in 0..<m {
            for i in 0..<n {  // forward: L z = c
                var s = x[i * m + c]
                for k in 0..<i { s -= a[i * n + k] * x[k * m + c] }
                x[i * m + c] = s / a[i * n + i]
            }
            for i in stride(from: n - 1, through: 0, by: -1) {  // back: Lᵀ w = z
                var s = x[i * m + c]
                for k in (i + 1)..<max(i + 1, n) { s -= a[k * n + i] * x[k * m + c] }
                x[i * m + c] = s / a[i * n + i]
            }
        }
        return x
    }
}
