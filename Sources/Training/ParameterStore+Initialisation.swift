import MatrixKernels
import RecurrentLayers

/// How every tensor of a `ParameterStore` is initialised, by its `ParameterRole`.
public enum InitialisationScheme: String, Sendable, CaseIterable, Codable {
    /// PyTorch's defaults: U(±1/√H) for every recurrent weight and bias; a dense layer's weight
    /// and bias U(±1/√fan_in) (kaiming-uniform with a = √5).
    case pytorchDefault
    /// Xavier-uniform for each gate block (H rows) of every recurrent weight and for dense
    /// weights; biases zero.
    case xavier
    /// Orthogonal recurrent weights (each H × H gate block of `weight_hh`), Xavier-uniform input
    /// weights per gate block, zero recurrent biases; the dense head keeps PyTorch's default.
    case orthogonal
}

extension ParameterInitialisation {
    /// Initialises every tensor of `store` in layout order from one `SeededGenerator(seed:)`,
    /// so the same layout and seed give the same values to the bit.
    public static func initialise<T: BLASScalar>(_ store: ParameterStore<T>, scheme: InitialisationScheme, seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        for entry in store.layout.entries {
            let slice = UnsafeMutableBufferPointer(start: store.values + entry.offset, count: entry.count)
            initialise(slice, role: entry.role, shape: entry.shape, scheme: scheme, using: &generator)
        }
    }

    static func initialise<T: BLASScalar>(
        _ slice: UnsafeMutableBufferPointer<T>, role: ParameterRole, shape: [Int], scheme: InitialisationScheme,
        using generator: inout SeededGenerator
    ) {
        let columns = shape.count > 1 ? shape[1] : 1
        switch (scheme, role) {
        case (.pytorchDefault, _):
            uniform(slice, bound: role.pytorchDefaultBound(shape: shape), using: &generator)
        case (.xavier, .recurrentInputWeight(let gates, let hidden)),
             (.xavier, .recurrentHiddenWeight(let gates, let hidden)),
             (.orthogonal, .recurrentInputWeight(let gates, let hidden)):
            for g in 0..<gates {
                let block = UnsafeMutableBufferPointer(rebasing: slice[(g * hidden * columns)..<((g + 1) * hidden * columns)])
                xavierUniform(block, rows: hidden, columns: columns, using: &generator)
            }
        case (.orthogonal, .recurrentHiddenWeight(let gates, let hidden)):
            for g in 0..<gates {
                let block = UnsafeMutableBufferPointer(rebasing: slice[(g * hidden * hidden)..<((g + 1) * hidden * hidden)])
                orthogonal(block, rows: hidden, columns: hidden, using: &generator)
            }
        case (.xavier, .denseWeight):
            xavierUniform(slice, rows: shape[0], columns: columns, using: &generator)
        case (.orthogonal, .denseWeight), (.orthogonal, .denseBias):
            uniform(slice, bound: role.pytorchDefaultBound(shape: shape), using: &generator)
        case (.xavier, .recurrentBias), (.orthogonal, .recurrentBias), (.xavier, .denseBias):
            slice.update(repeating: 0)
        }
    }
}
