/// Scores of a single interval or quantile against one actual.
public enum IntervalScores {
    /// Winkler score of the central interval `[lower, upper]` of nominal coverage `1 − alpha`:
    /// `(u − l) + (2/α)(l − y)` if `y < l`; `(u − l) + (2/α)(y − u)` if `y > u`; else `u − l`.
    public static func winkler(actual y: Double, lower l: Double, upper u: Double, alpha: Double) -> Double {
        let width = u - l
        if y < l { return width + 2 / alpha * (l - y) }
        if y > u { return width + 2 / alpha * (y - u) }
        return width
    }

    /// Pinball (quantile) loss of the forecast quantile `q` at level `τ` (`level`):
    /// `ρ_τ(y − q) = max(τ (y − q), (τ − 1)(y − q))`.
    public static func pinball(actual y: Double, quantile q: Double, level tau: Double) -> Double {
        let r = y - q
        return max(tau * r, (tau - 1) * r)
    }
}
