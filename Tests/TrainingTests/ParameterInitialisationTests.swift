import Testing
import Training

@Suite("Parameter initialisation")
struct ParameterInitialisationTests {
    /// Bounds are exact; the sample variance of U(−b, b) is b²/3, checked to 5% (its relative
    /// standard error with 20,000 draws is √(0.8/n) ≈ 0.6%).
    @Test("uniform initialisers respect PyTorch's bounds and fill the range")
    func uniformBounds() {
        var g = SeededGenerator(seed: 1)
        var values = [Float](repeating: 0, count: 20_000)
        let cases: [(Double, (UnsafeMutableBufferPointer<Float>, inout SeededGenerator) -> Void)] = [
            (1 / 8.0, { ParameterInitialisation.recurrentDefault($0, hiddenSize: 64, using: &$1) }),
            (1 / 10.0, { ParameterInitialisation.linearWeightDefault($0, fanIn: 100, using: &$1) }),
            (1 / 10.0, { ParameterInitialisation.linearBiasDefault($0, fanIn: 100, using: &$1) }),
            ((6.0 / 300).squareRoot(), { ParameterInitialisation.xavierUniform($0, rows: 200, columns: 100, using: &$1) }),
        ]
        for (bound, fill) in cases {
            values.withUnsafeMutableBufferPointer { fill($0, &g) }
            let b = Float(bound)
            #expect(values.allSatisfy { $0 >= -b && $0 <= b })
            let variance = values.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(values.count)
            #expect(abs(variance / (bound * bound / 3) - 1) < 0.05, "bound \(bound)")
        }
    }

    /// QᵀQ = I to Double rounding (1e-12) for tall, square and wide shapes, with `gain` scaling.
    @Test("orthogonal matrices are orthonormal", arguments: [(12, 5), (8, 8), (3, 9)])
    func orthogonal(shape: (Int, Int)) {
        let (rows, columns) = shape
        var g = SeededGenerator(seed: 21)
        var q = [Double](repeating: 0, count: rows * columns)
        q.withUnsafeMutableBufferPointer {
            ParameterInitialisation.orthogonal($0, rows: rows, columns: columns, gain: 2, using: &g)
        }
        // Gram matrix of the shorter side: columns when tall, rows when wide; expect 4·I (gain²).
        let tall = rows >= columns
        let k = tall ? columns : rows, m = tall ? rows : columns
        for a in 0..<k {
            for b in 0..<k {
                var dot = 0.0
                for i in 0..<m {
                    dot += tall ? q[i * columns + a] * q[i * columns + b] : q[a * columns + i] * q[b * columns + i]
                }
                #expect(abs(dot - (a == b ? 4 : 0)) < 1e-12, "(\(a), \(b)) = \(dot)")
            }
        }
    }

    @Test("the same seed gives the same weights")
    func reproducible() {
        var a = [Float](repeating: 0, count: 64), b = a
        var g1 = SeededGenerator(seed: 8), g2 = SeededGenerator(seed: 8)
        a.withUnsafeMutableBufferPointer { ParameterInitialisation.orthogonal($0, rows: 8, columns: 8, using: &g1) }
        b.withUnsafeMutableBufferPointer { ParameterInitialisation.orthogonal($0, rows: 8, columns: 8, using: &g2) }
        #expect(a.map(\.bitPattern) == b.map(\.bitPattern))
    }
}
