/// Element-wise comparison of two flat tensors with a relative tolerance, reporting like
/// llm.c's `check_tensor`: the label, the first mismatches and the largest difference. Not API.
public struct TensorComparison: CustomStringConvertible {
    public let label: String
    public let passed: Bool
    public let maxDifference: Double
    public let report: String

    /// Compares `actual` to `expected`: element `i` passes when
    /// `|a − e| <= tolerance · max(|e|, floor)` (the floor keeps expected zeros from demanding
    /// exact zeros). Shapes must agree in count.
    public init(_ label: String, actual: [Double], expected: [Double], tolerance: Double, floor: Double = 1) {
        self.label = label
        guard actual.count == expected.count else {
            passed = false
            maxDifference = .infinity
            report = "\(label): NOT OK, count \(actual.count) != expected \(expected.count)"
            return
        }
        var maxDiff = 0.0
        var bad: [String] = []
        var failures = 0
        for i in 0..<actual.count {
            let diff = abs(actual[i] - expected[i])
            if !(diff <= tolerance * max(abs(expected[i]), floor)) {
                failures += 1
                if bad.count < 5 { bad.append("  [\(i)] \(actual[i]) vs \(expected[i])") }
            }
            if diff > maxDiff || diff.isNaN { maxDiff = diff }
        }
        passed = failures == 0
        maxDifference = maxDiff
        report = "\(label): \(passed ? "OK" : "NOT OK (\(failures) of \(actual.count))") maxdiff \(maxDiff)"
            + (bad.isEmpty ? "" : "\n" + bad.joined(separator: "\n"))
    }

    public var description: String { report }
}

/// A small seeded generator for test data (SplitMix64): same seed, same numbers. Not API.
public struct SeededValues {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [lower, upper).
    public mutating func uniform(_ lower: Double, _ upper: Double) -> Double {
        lower + (upper - lower) * Double(next() >> 11) * 0x1p-53
    }

    /// `count` values uniform in [lower, upper).
    public mutating func uniform(count: Int, _ lower: Double = -1, _ upper: Double = 1) -> [Double] {
        (0..<count).map { _ in uniform(lower, upper) }
    }
}
