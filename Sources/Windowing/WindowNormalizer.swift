/// Per-window normalisation of the target (RevIN / NLinear style), applied after the per-series
/// scaler: every target value `z` of a window, inputs and outputs alike, becomes
/// `(z − anchor) / scale`, where anchor and scale come from the window's *input* target values
/// only (never its future). Outputs go back with ``invert(_:anchor:scale:)``.
///
/// It copes with drift: a network trained on values relative to the last observation does not
/// care that the level of the test period left the training range, and a zero output is the
/// naive forecast. Covariates and calendar features are not touched.
public struct WindowNormalizer: Codable, Sendable, Equatable {
    /// What is subtracted.
    public enum Center: String, Codable, Sendable, CaseIterable {
        case none
        /// The window's last input target value (NLinear).
        case lastValue = "last-value"
        /// The mean of the window's input target values (RevIN).
        case mean
    }

    /// What the centred values are divided by.
    public enum Spread: String, Codable, Sendable, CaseIterable {
        case none
        /// The standard deviation of the window's input target values, floored at `minimumScale`.
        case std
    }

    public var center: Center
    public var spread: Spread
    /// Floor of the divisor, in per-series-scaled units (where a series' training spread is
    /// about 1): a flat window would otherwise turn tiny wiggles of its targets into huge ones.
    /// 0.1 caps that amplification at 10× the series' own spread.
    public var minimumScale: Double

    public init(center: Center, spread: Spread, minimumScale: Double = 0.1) {
        self.center = center
        self.spread = spread
        self.minimumScale = minimumScale
    }

    /// No per-window normalisation.
    public static let none = WindowNormalizer(center: .none, spread: .none)
    /// Subtract the last input value (NLinear); the forecaster's default.
    public static let lastValue = WindowNormalizer(center: .lastValue, spread: .none)
    /// Subtract the mean and divide by the standard deviation of the inputs (RevIN without affine).
    public static let meanStd = WindowNormalizer(center: .mean, spread: .std)
    /// Subtract the last input value and divide by the inputs' standard deviation.
    public static let lastValueStd = WindowNormalizer(center: .lastValue, spread: .std)

    /// The presets by name: `none`, `last-value`, `mean-std`, `last-value-std` (the names used by
    /// the forecaster's `WindowNormalisation`).
    public init?(named name: String) {
        switch name {
        case "none": self = .none
        case "last-value": self = .lastValue
        case "mean-std": self = .meanStd
        case "last-value-std": self = .lastValueStd
        default: return nil
        }
    }

    /// Anchor and scale of a window from its `count` input target values, read `stride` apart.
    public func parameters(of values: UnsafePointer<Float>, count: Int, stride: Int = 1) -> (anchor: Float, scale: Float) {
        guard count > 0 else { return (0, 1) }
        var mean = 0.0
        if center == .mean || spread == .std {
            for i in 0..<count { mean += Double(values[i * stride]) }
            mean /= Double(count)
        }
        let anchor: Double
        switch center {
        case .none: anchor = 0
        case .lastValue: anchor = Double(values[(count - 1) * stride])
        case .mean: anchor = mean
        }
        var scale = 1.0
        if spread == .std {
            var sq = 0.0
            for i in 0..<count { let d = Double(values[i * stride]) - mean; sq += d * d }
            scale = max((sq / Double(count)).squareRoot(), minimumScale)
        }
        return (Float(anchor), Float(scale))
    }

    /// `(z − anchor) / scale`.
    @inlinable public func apply(_ z: Float, anchor: Float, scale: Float) -> Float { (z - anchor) / scale }
    /// The exact inverse of ``apply(_:anchor:scale:)``: `y · scale + anchor`.
    @inlinable public func invert(_ y: Float, anchor: Float, scale: Float) -> Float { y * scale + anchor }
}
