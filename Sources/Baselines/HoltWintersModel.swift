import Foundation

/// The trend component of a Holt-Winters model.
public enum HoltWintersTrend: String, Sendable, Codable, CaseIterable {
    /// Level only (simple exponential smoothing, plus a season when `period > 1`).
    case none
    /// Additive linear trend (Holt).
    case additive
    /// Additive trend damped by `φ` (Gardner & McKenzie): forecasts flatten out.
    case damped
}

/// What the smoothing weights are chosen to minimise.
public enum HoltWintersObjective: String, Sendable, Codable, CaseIterable {
    /// Maximum Gaussian likelihood with σ² concentrated out: minimise `n · log(SSE/n)`.
    case likelihood
    /// Least squares of the one-step errors: minimise `SSE = Σ e_t²` (`squared-error` in the CLI).
    case squaredError = "squared-error"
}

/// The fitted smoothing weights of a ``HoltWintersModel``; the initial states are not stored,
/// they are re-derived from each history (see ``HoltWintersModel``).
public struct HoltWintersParameters: Sendable, Equatable, Codable {
    /// Level weight `α` in (0, 1).
    public var alpha: Double
    /// Trend weight `β` in (0, α) (error-correction form, `β = α β*`); 0 without a trend.
    public var beta: Double
    /// Season weight `γ` in (0, 1 − α); 0 without a season.
    public var gamma: Double
    /// Damping `φ` in [0.8, 0.98] for a damped trend; 1 otherwise.
    public var phi: Double
    /// The objective's value at the optimum, on the fitting history.
    public var objectiveValue: Double
    /// In-sample one-step mean squared error at the optimum, `SSE / n`.
    public var meanSquaredError: Double
    /// Gaussian log-likelihood at the optimum, `−n/2 · (log(2π SSE/n) + 1)`.
    public var logLikelihood: Double
    /// Function evaluations the optimiser used.
    public var evaluations: Int
}

/// Additive Holt-Winters, the ETS(A,Ad,A) state-space model, with weights fitted by likelihood
/// or least squares.
///
/// Error-correction form (Hyndman et al., *Forecasting with Exponential Smoothing*, 2008, Table 2.1),
/// with one-step error `e_t = y_t − (ℓ_{t−1} + φ b_{t−1} + s_{t−m})`:
///
///     ℓ_t = ℓ_{t−1} + φ b_{t−1} + α e_t
///     b_t = φ b_{t−1} + β e_t
///     s_t = s_{t−m} + γ e_t
///     ŷ_{T+h} = ℓ_T + (φ + φ² + … + φ^h) b_T + s_{T+h−m(k+1)},   k = ⌊(h−1)/m⌋
///
/// Forecast variance `σ_h² = σ² [1 + Σ_{j=1}^{h−1} (α + β (φ + … + φ^j) + γ [j mod m = 0])²]`
/// (ibid. Table 6.1), with `σ² = SSE / (n − p)`, `p` the number of weights.
///
/// Initial states are the classical heuristic, computed from the first (up to four) full cycles
/// of whatever history is given: `b₀` from the change in cycle means, `ℓ₀` the first cycle's
/// mean moved back to before the first value, `s₀` the mean detrended deviation per season
/// position, centred to sum to zero. Only the weights are optimised, so parameters fitted at one
/// origin apply unchanged to a later, longer history. Optimiser: ``NelderMead`` on a logistic
/// transform that keeps `0 < β < α`, `0 < γ < 1 − α`, `0.8 ≤ φ ≤ 0.98`, started from the best of a
/// small grid (or from the warm start). For additive errors both objectives have the same
/// optimum (`n log(SSE/n)` is increasing in SSE); they are offered so a user can ask for either.
public struct HoltWintersModel: BaselineModel {
    /// Season length `m`; 1 for no season.
    public var period: Int
    public var trend: HoltWintersTrend
    public var objective: HoltWintersObjective

    public init(period: Int, trend: HoltWintersTrend = .damped, objective: HoltWintersObjective = .likelihood) {
        self.period = period; self.trend = trend; self.objective = objective
    }

    public var name: String {
        let t = trend == .damped ? "damped" : trend == .additive ? "trend" : "no trend"
        return period > 1 ? "Holt-Winters (\(t), m=\(period))" : "Holt (\(t))"
    }

    /// Values needed to fit: two full cycles for the seasonal start, at least 4 otherwise.
    public var minimumHistory: Int { period > 1 ? max(2 * period, period + 4) : 4 }

    public func fit(history: [Double], warmStart: HoltWintersParameters?) throws -> HoltWintersParameters {
        let start = try HoltWintersInitialStates(history: history, period: period, trend: trend, model: name,
                                                 minimum: minimumHistory)
        let transform = HoltWintersTransform(trend: trend, seasonal: period > 1)
        let y = history
        func loss(_ u: [Double]) -> Double {
            let w = transform.weights(u)
            let run = HoltWintersFilter.run(y, weights: w, start: start)
            guard run.count > 0 else { return .infinity }
            switch objective {
            case .squaredError: return run.sse
            case .likelihood: return Double(run.count) * log(max(run.sse, 1e-300) / Double(run.count))
            }
        }
        var first: [Double]
        var gridEvaluations = 0
        if let warmStart {
            first = transform.unconstrained(.init(alpha: warmStart.alpha, beta: warmStart.beta,
                                                  gamma: warmStart.gamma, phi: warmStart.phi))
        } else {
            // Best of a small grid: Nelder–Mead is local, and the SSE surface can have several basins.
            let grid = transform.grid
            gridEvaluations = grid.count
            let losses = grid.map(loss)
            first = grid[losses.indices.min { losses[$0] < losses[$1] } ?? 0]
        }
        // A warm start is near the optimum already: a smaller first simplex saves evaluations.
        let result = NelderMead(functionTolerance: 1e-10, stepTolerance: 1e-4, maxEvaluations: 600 * max(1, first.count))
            .minimize(loss, start: first, step: warmStart == nil ? 0.6 : 0.15)
        let w = transform.weights(result.point)
        let run = HoltWintersFilter.run(y, weights: w, start: start)
        let n = Double(max(run.count, 1))
        return HoltWintersParameters(
            alpha: w.alpha, beta: w.beta, gamma: w.gamma, phi: w.phi, objectiveValue: result.value,
            meanSquaredError: run.sse / n, logLikelihood: -n / 2 * (log(2 * Double.pi * max(run.sse, 1e-300) / n) + 1),
            evaluations: gridEvaluations + result.evaluations)
    }

    public func forecast(history: [Double], parameters: HoltWintersParameters, horizon: Int,
                         coverage: Double?) throws -> BaselineForecast {
        try validate(horizon: horizon, coverage: coverage)
        let start = try HoltWintersInitialStates(history: history, period: period, trend: trend, model: name,
                                                 minimum: minimumHistory)
        let w = HoltWintersWeights(alpha: parameters.alpha, beta: parameters.beta, gamma: parameters.gamma, phi: parameters.phi)
        let run = HoltWintersFilter.run(history, weights: w, start: start)
        let m = max(1, period)
        var point: [Double] = [], spread: [Double] = []
        var dampedSum = 0.0, phiPower = 1.0, varianceFactor = 1.0
        let weightCount = 1 + (trend == .none ? 0 : 1) + (period > 1 ? 1 : 0) + (trend == .damped ? 1 : 0)
        let sigma2 = run.count > weightCount ? run.sse / Double(run.count - weightCount) : .nan
        for h in 1...horizon {
            phiPower *= w.phi
            dampedSum += phiPower
            // s_{T+h−m(k+1)}: the seasonal state for this step's position in the cycle.
            let season = period > 1 ? run.seasonal[(run.seasonIndex + h - 1) % m] : 0
            point.append(run.level + dampedSum * run.trend + season)
            spread.append((sigma2 * varianceFactor).squareRoot())
            // c_h for the next step's variance: α + β(φ + … + φ^h) + γ [h mod m = 0].
            let c = w.alpha + w.beta * dampedSum + (period > 1 && h % m == 0 ? w.gamma : 0)
            varianceFactor += c * c
        }
        return .gaussian(point: point, sigma: spread, coverage: coverage)
    }
}
