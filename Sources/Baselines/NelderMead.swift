/// A small Nelder–Mead simplex minimiser in `Double`, for a handful of parameters.
///
/// Unconstrained: bounded parameters are mapped through a smooth transform by the caller (see
/// ``HoltWintersModel``). Deterministic: the same function and start give the same steps.
/// Coefficients are the standard ones (reflection 1, expansion 2, contraction ½, shrink ½;
/// Lagarias et al., SIAM J. Optim. 9(1), 1998).
public struct NelderMead: Sendable {
    /// Stop when the spread of function values across the simplex is below
    /// `functionTolerance · (|f_best| + 1e-12)` and its largest edge is below `stepTolerance`.
    public var functionTolerance: Double = 1e-10
    public var stepTolerance: Double = 1e-8
    /// Stop after this many function evaluations, whatever the tolerances.
    public var maxEvaluations: Int = 2000

    public init(functionTolerance: Double = 1e-10, stepTolerance: Double = 1e-8, maxEvaluations: Int = 2000) {
        self.functionTolerance = functionTolerance
        self.stepTolerance = stepTolerance
        self.maxEvaluations = maxEvaluations
    }

    /// The result of a minimisation.
    public struct Result: Sendable {
        public var point: [Double]
        public var value: Double
        public var evaluations: Int
        /// True when the tolerances were met before `maxEvaluations`.
        public var converged: Bool
    }

    /// Minimises `f` from `start`, with an initial simplex of `start` plus `step` along each axis.
    /// A non-finite `f` counts as +infinity, so the simplex walks away from it.
    /// - Complexity: about `maxEvaluations` calls of `f` at most.
    public func minimize(_ f: ([Double]) -> Double, start: [Double], step: Double = 0.5) -> Result {
        let n = start.count
        var evaluations = 0
        func eval(_ x: [Double]) -> Double {
            evaluations += 1
            let v = f(x)
            return v.isFinite ? v : .infinity
        }
        var simplex: [[Double]] = [start]
        for i in 0..<n {
            var x = start
            x[i] += step
            simplex.append(x)
        }
        var values = simplex.map(eval)
        var converged = false
        while evaluations < maxEvaluations {
            let order = values.indices.sorted { values[$0] < values[$1] }
            simplex = order.map { simplex[$0] }
            values = order.map { values[$0] }
            let fBest = values[0], fWorst = values[n]
            let spread = fWorst - fBest
            let size = (1...n).map { i in zip(simplex[i], simplex[0]).map { abs($0 - $1) }.max() ?? 0 }.max() ?? 0
            if n == 0 || (spread.isFinite && spread <= functionTolerance * (abs(fBest) + 1e-12) && size <= stepTolerance) {
                converged = true
                break
            }
            // Centroid of every vertex but the worst.
            var centroid = [Double](repeating: 0, count: n)
            for i in 0..<n { for j in 0..<n { centroid[j] += simplex[i][j] / Double(n) } }
            func along(_ t: Double) -> [Double] { (0..<n).map { centroid[$0] + t * (simplex[n][$0] - centroid[$0]) } }
            let reflected = along(-1), fr = eval(reflected)
            if fr < values[0] {
                let expanded = along(-2), fe = eval(expanded)
                if fe < fr { simplex[n] = expanded; values[n] = fe } else { simplex[n] = reflected; values[n] = fr }
            } else if fr < values[n - 1] {
                simplex[n] = reflected; values[n] = fr
            } else {
                // Contract outside when the reflection improved on the worst, inside otherwise.
                let outside = fr < values[n]
                let contracted = along(outside ? -0.5 : 0.5), fc = eval(contracted)
                if fc < (outside ? fr : values[n]) {
                    simplex[n] = contracted; values[n] = fc
                } else {
                    for i in 1...n {
                        simplex[i] = (0..<n).map { simplex[0][$0] + 0.5 * (simplex[i][$0] - simplex[0][$0]) }
                        values[i] = eval(simplex[i])
                    }
                }
            }
        }
        let best = values.indices.min { values[$0] < values[$1] } ?? 0
        return Result(point: simplex[best], value: values[best], evaluations: evaluations, converged: converged)
    }
}
