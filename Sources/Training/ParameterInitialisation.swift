import Foundation

/// Initialisers that fill flat parameter slices from a `SeededGenerator`, following PyTorch's
/// formulas (`torch.nn.init`, `nn.RNN/GRU/LSTM.reset_parameters`, `nn.Linear.reset_parameters`).
///
/// The values differ from PyTorch's (the generators differ) but the distributions are the same.
/// Draws are made in Double and rounded to `Scalar`, in buffer order, so a seed fixes every value.
/// Matrices are row-major (rows, columns), as PyTorch's (out_features, in_features) weights.
public enum ParameterInitialisation {
    /// Fills `values` from U(−bound, bound).
    @inlinable
    public static func uniform<Scalar: BinaryFloatingPoint>(
        _ values: UnsafeMutableBufferPointer<Scalar>, bound: Double, using generator: inout SeededGenerator
    ) {
        for i in values.indices { values[i] = Scalar(generator.nextUniform(-bound, bound)) }
    }

    /// PyTorch's default for every weight and bias of `nn.RNN`, `nn.GRU` and `nn.LSTM`:
    /// U(−1/√H, 1/√H) with H the hidden size.
    @inlinable
    public static func recurrentDefault<Scalar: BinaryFloatingPoint>(
        _ values: UnsafeMutableBufferPointer<Scalar>, hiddenSize: Int, using generator: inout SeededGenerator
    ) {
        uniform(values, bound: 1 / Double(hiddenSize).squareRoot(), using: &generator)
    }

    /// PyTorch's default for `nn.Linear` weights: `kaiming_uniform_(a=√5)`, whose bound
    /// gain·√(3/fan_in) with gain √(2/(1+a²)) = √(1/3) reduces to 1/√fan_in.
    /// - Parameter fanIn: the number of inputs (columns of the (out, in) weight).
    @inlinable
    public static func linearWeightDefault<Scalar: BinaryFloatingPoint>(
        _ values: UnsafeMutableBufferPointer<Scalar>, fanIn: Int, using generator: inout SeededGenerator
    ) {
        let gain = (2.0 / (1.0 + 5.0)).squareRoot()
        uniform(values, bound: gain * (3.0 / Double(fanIn)).squareRoot(), using: &generator)
    }

    /// PyTorch's default for `nn.Linear` biases: U(−1/√fan_in, 1/√fan_in).
    @inlinable
    public static func linearBiasDefault<Scalar: BinaryFloatingPoint>(
        _ values: UnsafeMutableBufferPointer<Scalar>, fanIn: Int, using generator: inout SeededGenerator
    ) {
        uniform(values, bound: 1 / Double(fanIn).squareRoot(), using: &generator)
    }

    /// Xavier/Glorot uniform (`xavier_uniform_`): U(−b, b) with b = gain·√(6/(fan_in + fan_out)),
    /// for a (rows = fan_out, columns = fan_in) matrix.
    @inlinable
    public static func xavierUniform<Scalar: BinaryFloatingPoint>(
        _ values: UnsafeMutableBufferPointer<Scalar>, rows: Int, columns: Int, gain: Double = 1,
        using generator: inout SeededGenerator
    ) {
        uniform(values, bound: gain * (6.0 / Double(rows + columns)).squareRoot(), using: &generator)
    }

    /// An orthogonal matrix (`orthogonal_`): a Gaussian (rows, columns) matrix made orthonormal
    /// by QR in Double, signs fixed so R has a positive diagonal, times `gain`.
    /// With rows ≥ columns the columns are orthonormal, else the rows are.
    /// For a stacked recurrent weight (G·H, H) call it once per H×H gate block, so each gate's
    /// recurrent matrix is orthogonal (what "orthogonal recurrent weights" usually means).
    public static func orthogonal<Scalar: BinaryFloatingPoint>(
        _ values: UnsafeMutableBufferPointer<Scalar>, rows: Int, columns: Int, gain: Double = 1,
        using generator: inout SeededGenerator
    ) {
        precondition(values.count == rows * columns, "orthogonal: buffer is not rows × columns")
        // Work on the tall orientation (m ≥ n); transpose back when the matrix is wide.
        let tall = rows >= columns
        let m = tall ? rows : columns, n = tall ? columns : rows
        var a = [Double](repeating: 0, count: m * n)  // column-major m×n: column j at a[j*m ..< (j+1)*m]
        for i in 0..<(m * n) { a[i] = generator.nextGaussian() }
        orthonormaliseColumns(&a, rows: m, columns: n)
        for r in 0..<rows {
            for c in 0..<columns {
                // Tall: element (r, c) is row r of column c. Wide: it is row c of column r.
                let v = tall ? a[c * m + r] : a[r * m + c]
                values[r * columns + c] = Scalar(gain * v)
            }
        }
    }

    /// Modified Gram–Schmidt, run twice ("twice is enough", Giraud et al. 2005) so the columns
    /// are orthonormal to rounding error. Column-major `a` (rows × columns), rows ≥ columns.
    /// Gram–Schmidt yields the Q of a QR with positive diag(R), i.e. PyTorch's sign convention.
    static func orthonormaliseColumns(_ a: inout [Double], rows m: Int, columns n: Int) {
        for _ in 0..<2 {
            for j in 0..<n {
                for k in 0..<j {
                    var dot = 0.0
                    for i in 0..<m { dot += a[k * m + i] * a[j * m + i] }
                    for i in 0..<m { a[j * m + i] -= dot * a[k * m + i] }
                }
                var norm = 0.0
                for i in 0..<m { norm += a[j * m + i] * a[j * m + i] }
                norm = norm.squareRoot()
                // A Gaussian column is dependent on the others with probability 0; guard anyway.
                let inverse = norm > 0 ? 1 / norm : 0
                for i in 0..<m { a[j * m + i] *= inverse }
            }
        }
    }
}
