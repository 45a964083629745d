/// Finite-difference gradient checks in Double, for any function of a flat parameter vector.
/// Not API.
///
/// The numeric derivative is the central difference `(L(θ + h·e_i) − L(θ − h·e_i)) / 2h` with
/// `h = 1e-5` by default: its truncation error is O(h²) ≈ 1e-10 and its rounding error about
/// `ε·|L|/h` ≈ 1e-10 for losses of order 1, so it resolves gradients to about 1e-10 absolute.
/// The relative error of one component is `|a − n| / max(|a|, |n|, floor)`; the floor (default
/// 1e-3) keeps components that are numerically ~0 from dividing noise by noise: there the test
/// is absolute, at `floor · tolerance` ≈ 1e-9.
public enum GradientChecker {
    /// The outcome for one tensor.
    public struct Result: CustomStringConvertible {
        /// What was checked, e.g. "lstm 2x bi: weight_hh_l1".
        public let label: String
        /// The largest relative error over the checked components.
        public let maxRelativeError: Double
        /// The component with that error, its analytic and numeric derivatives.
        public let worstIndex: Int
        public let worstAnalytic: Double
        public let worstNumeric: Double
        /// How many components were checked.
        public let checked: Int

        public var description: String {
            "\(label): max relative error \(maxRelativeError) at [\(worstIndex)] " +
            "(analytic \(worstAnalytic), numeric \(worstNumeric)), \(checked) components"
        }
    }

    /// Compares `analytic[i]` with the central difference of `loss` in component `i` of
    /// `values`, for `indices` (all components when nil). `values` is restored afterwards.
    ///
    /// - Parameters:
    ///   - values: read and written through `get`/`set` (the parameters live in foreign buffers).
    ///   - loss: recomputes the scalar loss from the current values.
    public static func check(
        label: String, count: Int, indices: [Int]? = nil,
        get: (Int) -> Double, set: (Int, Double) -> Void,
        analytic: (Int) -> Double, loss: () -> Double,
        step h: Double = 1e-5, floor: Double = 1e-3
    ) -> Result {
        var worst = (error: 0.0, index: -1, a: 0.0, n: 0.0)
        let which = indices ?? Array(0..<count)
        for i in which {
            let original = get(i)
            set(i, original + h)
            let plus = loss()
            set(i, original - h)
            let minus = loss()
            set(i, original)
            let numeric = (plus - minus) / (2 * h)
            let a = analytic(i)
            let error = abs(a - numeric) / max(abs(a), abs(numeric), floor)
            if error > worst.error || worst.index < 0 { worst = (error, i, a, numeric) }
        }
        return Result(label: label, maxRelativeError: worst.error, worstIndex: worst.index,
                      worstAnalytic: worst.a, worstNumeric: worst.n, checked: which.count)
    }

    /// Up to `limit` indices of `0..<count` spread evenly (all when `count <= limit`), so large
    /// tensors are sampled in every region without making the test slow.
    public static func sampleIndices(count: Int, limit: Int) -> [Int] {
        guard count > limit else { return Array(0..<count) }
        return (0..<limit).map { $0 * count / limit }
    }
}
