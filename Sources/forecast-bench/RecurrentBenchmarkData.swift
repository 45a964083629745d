import Foundation
import Training

/// The recurrent benchmark's data: a seeded synthetic series and its 48 → 12 windows.
///
/// Series: 20,000 points of x_t = sin(2πt/24) + 0.6 sin(2πt/168 + 0.5) + 0.3 sin(2πt/8.7 + 1.3)
/// + 2t/20,000 (trend) + 0.25 ε_t, ε_t ~ N(0, 1) from `SeededGenerator(seed:)`, computed in Double,
/// then standardised with the mean and standard deviation of the training part (the first 80%)
/// and rounded to Float. `scripts/bench_recurrent_torch.py` reads this exact series from the file
/// `--write-data` writes, so both sides train on identical bits.
struct RecurrentBenchmarkData {
    static let lookback = 48
    static let horizon = 12
    static let trainFraction = 0.8

    let series: [Float]
    /// First point after the training part (16,000 for 20,000 points).
    let split: Int
    /// Window starts whose inputs and targets lie in the training part: 0 ..< split − 60 + 1 (15,941).
    let trainStarts: Range<Int>
    /// Window starts whose targets lie in the validation part: split − 48 ... count − 60 (3,989).
    let validationStarts: Range<Int>

    init(count: Int = 20_000, seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        var raw = [Double](repeating: 0, count: count)
        for t in 0..<count {
            let x = Double(t)
            raw[t] = sin(2 * .pi * x / 24) + 0.6 * sin(2 * .pi * x / 168 + 0.5) + 0.3 * sin(2 * .pi * x / 8.7 + 1.3)
                + 2 * x / Double(count) + 0.25 * generator.nextGaussian()
        }
        split = Int(Double(count) * Self.trainFraction)
        let mean = raw[0..<split].reduce(0, +) / Double(split)
        let variance = raw[0..<split].reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(split)
        let scale = 1 / variance.squareRoot()
        series = raw.map { Float(($0 - mean) * scale) }
        let window = Self.lookback + Self.horizon
        trainStarts = 0..<(split - window + 1)
        validationStarts = (split - Self.lookback)..<(count - window + 1)
    }

    /// Copies the windows starting at `starts` into time-major inputs `[48, B, 1]` and targets `[B, 12]`.
    func gather<S: Sequence>(_ starts: S, inputs: UnsafeMutablePointer<Float>, targets: UnsafeMutablePointer<Float>,
                             batch: Int) where S.Element == Int {
        series.withUnsafeBufferPointer { s in
            for (b, start) in starts.enumerated() {
                for t in 0..<Self.lookback { inputs[t * batch + b] = s[start + t] }
                for h in 0..<Self.horizon { targets[b * Self.horizon + h] = s[start + Self.lookback + h] }
            }
        }
    }
}
