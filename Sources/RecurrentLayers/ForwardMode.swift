/// Inference or training for a forward pass: training applies dropout between layers, drawn
/// from `dropoutSeed` (same seed, same masks, whatever the thread count).
public enum ForwardMode: Sendable, Equatable {
    /// No dropout; the pass may still be followed by backward.
    case inference
    /// No dropout, and no backward follows: the pass keeps only the outputs and final states.
    /// LSTM passes in Float on AVX-512 then run the forward-only kernel (no caches for backward,
    /// the same outputs to the bit; see docs/layers.md); other cells run as ``inference``.
    /// Backward after such a pass throws ``RecurrentLayerError/backwardWithoutForward``.
    case prediction
    /// Dropout between layers with masks drawn from `dropoutSeed`.
    case training(dropoutSeed: UInt64)
}

/// SplitMix64 (Steele, Lea, Flood 2014): a small seeded generator for dropout masks, so this
/// module needs no other RNG. Same seed, same sequence, on every platform.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in [0, 1) with 53 random bits.
    mutating func nextUnit() -> Double { Double(next() >> 11) * 0x1p-53 }
}
