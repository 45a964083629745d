import MatrixKernels

/// A fully connected layer `y = x · Wᵀ + b` (PyTorch's `torch.nn.Linear`), whose `weight`
/// `[outputSize, inputSize]` and `bias` `[outputSize]` live in a shared ``ParameterLayout``.
public struct DenseLayer: Sendable, Equatable {
    /// Features in.
    public let inputSize: Int
    /// Features out.
    public let outputSize: Int
    /// The prefix of the two names, e.g. `"head."`.
    public let prefix: String
    let weightOffset: Int
    let biasOffset: Int

    /// Registers `{prefix}weight` and `{prefix}bias` in `layout`.
    /// - Throws: ``RecurrentLayerError/invalidConfiguration(field:value:expected:)`` for a size
    ///   below 1; ``DuplicateParameterError`` for a reused prefix.
    public init(inputSize: Int, outputSize: Int, registeringIn layout: inout ParameterLayout,
                prefix: String = "head.") throws {
        for (field, value) in [("inputSize", inputSize), ("outputSize", outputSize)] where value < 1 {
            throw RecurrentLayerError.invalidConfiguration(field: "dense \(field)", value: "\(value)", expected: "at least 1")
        }
        self.inputSize = inputSize
        self.outputSize = outputSize
        self.prefix = prefix
        weightOffset = try layout.register(prefix + "weight", shape: [outputSize, inputSize], role: .denseWeight)
        biasOffset = try layout.register(prefix + "bias", shape: [outputSize], role: .denseBias(fanIn: inputSize))
    }

    /// `output[rows, out] = input[rows, in] · Wᵀ + b`. `input` rows are `inputStride` apart (so a
    /// strided view, e.g. the last step of a recurrent output, needs no copy).
    /// - Throws: ``RecurrentLayerError/parameterStoreMismatch(needed:available:)``.
    public func forward<T: BLASScalar>(
        parameters: ParameterStore<T>, input: UnsafePointer<T>, inputStride: Int? = nil, rows: Int,
        output: UnsafeMutablePointer<T>
    ) throws {
        try check(parameters)
        let values = parameters.storage
        gemm(.none, .transposed, m: rows, n: outputSize, k: inputSize, a: input, lda: inputStride ?? inputSize,
             b: values + weightOffset, ldb: inputSize, beta: 0, c: output, ldc: outputSize)
        T.addRowVector(rows: rows, columns: outputSize, values + biasOffset, to: output, ld: outputSize)
    }

    /// Adds dW = dyᵀ · x and db = Σ dy to `parameters.gradients`, and writes
    /// `inputGradient[rows, in] = dy · W` when given (overwrites; rows `inputStride` apart).
    /// - Throws: ``RecurrentLayerError/parameterStoreMismatch(needed:available:)``.
    public func backward<T: BLASScalar>(
        parameters: ParameterStore<T>, input: UnsafePointer<T>, inputStride: Int? = nil, rows: Int,
        outputGradient: UnsafePointer<T>, inputGradient: UnsafeMutablePointer<T>? = nil
    ) throws {
        try check(parameters)
        let grads = parameters.gradients
        gemm(.transposed, .none, m: outputSize, n: inputSize, k: rows, a: outputGradient, lda: outputSize,
             b: input, ldb: inputStride ?? inputSize, beta: 1, c: grads + weightOffset, ldc: inputSize)
        T.addColumnSums(rows: rows, columns: outputSize, outputGradient, ld: outputSize, into: grads + biasOffset)
        if let inputGradient {
            gemm(.none, .none, m: rows, n: inputSize, k: outputSize, a: outputGradient, lda: outputSize,
                 b: parameters.storage + weightOffset, ldb: inputSize, beta: 0, c: inputGradient,
                 ldc: inputStride ?? inputSize)
        }
    }

    private func check<T>(_ store: ParameterStore<T>) throws {
        guard store.count >= biasOffset + outputSize else {
            throw RecurrentLayerError.parameterStoreMismatch(needed: biasOffset + outputSize, available: store.count)
        }
    }
}
