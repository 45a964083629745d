/// How each column of each series is scaled before windows are cut.
public enum ScalingMethod: String, Codable, Sendable, CaseIterable {
    /// Values as they are.
    case none
    /// `(x − mean) / std` (population standard deviation), unless a few extreme values make the
    /// standard deviation more than ``ColumnScaler/outlierSpreadRatio`` times the robust spread
    /// (a data error such as one 1e12 among values near 15): then `robust`'s centre and spread,
    /// since dividing by such a deviation would squash every ordinary value into float32 rounding.
    case standard
    /// `(x − median) / (IQR / 1.349)`: the same units as `standard` for normal data, but a few
    /// spikes (outages, data errors) do not squash the rest of the series.
    case robust
}

/// The scaler of one column of one series: `(x − center) / scale`. Codable, to be stored in the
/// model file.
public struct ColumnScaler: Codable, Sendable, Equatable {
    public var center: Double
    public var scale: Double

    public init(center: Double, scale: Double) { self.center = center; self.scale = scale }

    /// The scaler that changes nothing.
    public static let identity = ColumnScaler(center: 0, scale: 1)

    /// How many robust spreads (IQR / 1.349) the standard deviation may reach before `standard`
    /// scaling takes the robust centre and spread instead. Set by float32's precision, not by
    /// taste: past it, ordinary values differ by less than 1e-5 of a scaled unit and keep only
    /// about a hundred distinct float32 levels. Real data stays far below it: ordinary series sit
    /// near 1, NAB's burstiest CloudWatch series (network bytes with a flat baseline) at 15,000;
    /// one 1e12 among values near 15 reaches 4e10.
    public static let outlierSpreadRatio = 1e5

    @inlinable public func apply(_ x: Double) -> Double { (x - center) / scale }
    @inlinable public func invert(_ z: Double) -> Double { z * scale + center }

    /// Fits `method` on `values`, skipping non-finite ones.
    ///
    /// A column whose spread is zero or tiny relative to its level (a constant covariate) keeps
    /// `scale = 1` rather than dividing by almost nothing; a column with no finite value gets
    /// the identity. Robust scaling whose IQR is zero (mostly-constant data with rare changes)
    /// falls back to the standard deviation.
    public static func fit<C: Collection>(_ values: C, method: ScalingMethod) -> ColumnScaler where C.Element == Double {
        guard method != .none else { return .identity }
        var finite: [Double] = []
        finite.reserveCapacity(values.count)
        for v in values where v.isFinite { finite.append(v) }
        guard !finite.isEmpty else { return .identity }
        var mean = finite.reduce(0, +) / Double(finite.count)
        var sq = 0.0
        for v in finite { sq += (v - mean) * (v - mean) }
        var std = (sq / Double(finite.count)).squareRoot()
        if !mean.isFinite || !std.isFinite {
            // Sums of values near ±1e308, or of squares from ±1e154, overflow: redo the sums in units
            // of the largest magnitude (only then, so everyday data keeps its exact bits).
            let unit = finite.reduce(0) { max($0, abs($1)) }
            mean = finite.reduce(0) { $0 + $1 / unit } / Double(finite.count) * unit
            sq = 0
            for v in finite { sq += (v / unit - mean / unit) * (v / unit - mean / unit) }
            std = (sq / Double(finite.count)).squareRoot() * unit
        }
        // Below this spread the column is constant up to rounding: do not amplify rounding noise.
        let floor = 1e-12 * max(1, abs(mean))
        switch method {
        case .none:
            return .identity
        case .standard:
            let standard = ColumnScaler(center: mean, scale: std > floor ? std : 1)
            guard std > floor else { return standard }
            finite.sort()
            let median = quantile(finite, 0.5)
            let spread = (quantile(finite, 0.75) - quantile(finite, 0.25)) / 1.349
            let robustFloor = 1e-12 * max(1, abs(median))
            return spread > robustFloor && std > outlierSpreadRatio * spread ? ColumnScaler(center: median, scale: spread) : standard
        case .robust:
            finite.sort()
            let median = quantile(finite, 0.5)
            let iqr = quantile(finite, 0.75) - quantile(finite, 0.25)
            let scale = iqr / 1.349 > floor ? iqr / 1.349 : (std > floor ? std : 1)
            return ColumnScaler(center: median, scale: scale)
        }
    }

    /// Linear-interpolated quantile of sorted values (NumPy's default, "linear").
    static func quantile(_ sorted: [Double], _ p: Double) -> Double {
        let position = p * Double(sorted.count - 1)
        let lower = Int(position)
        let upper = min(lower + 1, sorted.count - 1)
        return sorted[lower] + (position - Double(lower)) * (sorted[upper] - sorted[lower])
    }
}

/// The scalers of one series: the target's, then one per covariate, in input order.
public struct SeriesScalers: Codable, Sendable, Equatable {
    public var target: ColumnScaler
    public var features: [ColumnScaler]

    public init(target: ColumnScaler, features: [ColumnScaler]) {
        self.target = target
        self.features = features
    }
}
