import CRecurrentKernels
import Foundation
import MatrixKernels
import Testing
import _TestSupport
@testable import Training

/// The AVX-512 optimiser kernels behind `Adam<Float>.step` and `GradientClipping` on Float:
/// Adam must give exactly the scalar formula's bits (the same operations in the same order, no
/// fused multiply-adds), including the masked tail; the squared norm is another summation order
/// than one running Double sum, so it is compared to 1e-13 relative.
@Suite("Optimiser kernels")
struct OptimizerKernelTests {
    /// The scalar update of `Adam.step`, written out in Float.
    static func scalarAdam(_ p: inout [Float], _ g: [Float], _ m: inout [Float], _ v: inout [Float], stepSize: Float,
                           oneMinusBeta1: Float, beta2: Float, oneMinusBeta2: Float, epsilon: Float, bc2: Float,
                           decay: Float, shrink: Float, l2: Bool, decoupled: Bool) {
        for i in p.indices {
            var pi = p[i], gi = g[i]
            if decoupled { pi *= shrink }
            if l2 { gi += decay * pi }
            let mi = m[i] + oneMinusBeta1 * (gi - m[i])
            let vi = beta2 * v[i] + oneMinusBeta2 * gi * gi
            m[i] = mi
            v[i] = vi
            pi -= stepSize * (mi / (vi.squareRoot() / bc2 + epsilon))
            p[i] = pi
        }
    }

    @Test(.enabled(if: AVX512Kernels.available), arguments: [1, 15, 16, 17, 1000, 68_620], [0, 1, 2])
    func adamKernelHasTheScalarBits(_ count: Int, _ decayMode: Int) throws {
        var rng = SeededValues(seed: 31 + UInt64(count))
        let p0 = rng.uniform(count: count).map(Float.init)
        let g = rng.uniform(count: count).map { Float($0 * 1e-2) }
        var mScalar = rng.uniform(count: count).map { Float($0 * 1e-3) }
        var vScalar = rng.uniform(count: count).map { Float(abs($0) * 1e-5) }
        var pScalar = p0, pKernel = p0, mKernel = mScalar, vKernel = vScalar
        // Step 7 of lr 1e-3, β (0.9, 0.999): the constants Adam.step derives, in Float.
        let t = 7.0, lr = 1e-3, decay = decayMode == 0 ? 0 : 0.01
        let bc2 = Float((1 - pow(0.999, t)).squareRoot()), stepSize = Float(lr / (1 - pow(0.9, t)))
        let l2 = decayMode == 1, decoupled = decayMode == 2
        Self.scalarAdam(&pScalar, g, &mScalar, &vScalar, stepSize: stepSize, oneMinusBeta1: Float(1 - 0.9), beta2: 0.999,
                        oneMinusBeta2: Float(1 - 0.999), epsilon: 1e-8, bc2: bc2, decay: Float(decay),
                        shrink: Float(1 - lr * decay), l2: l2, decoupled: decoupled)
        var constants = rk_adam_constants(stepSize: stepSize, oneMinusBeta1: Float(1 - 0.9), beta2: 0.999,
                                          oneMinusBeta2: Float(1 - 0.999), epsilon: 1e-8, biasCorrection2Sqrt: bc2,
                                          decay: Float(decay), shrink: Float(1 - lr * decay), l2: l2 ? 1 : 0,
                                          decoupled: decoupled ? 1 : 0)
        rk_adam_step(count, &pKernel, g, &mKernel, &vKernel, &constants)
        #expect(pKernel.map(\.bitPattern) == pScalar.map(\.bitPattern))
        #expect(mKernel.map(\.bitPattern) == mScalar.map(\.bitPattern))
        #expect(vKernel.map(\.bitPattern) == vScalar.map(\.bitPattern))
    }

    /// Adam<Float>.step (which takes the kernel on this CPU) against Adam<Double>.step on the same
    /// values (the wiring of the constants): parameters in [−1, 1] move by ~1e-3 per step; Float
    /// rounding of the start and of three updates is ≤ ~2e-7, while a wrong constant or lane
    /// moves a parameter by a sizeable part of the 3e-3 change (≥ 1e-5).
    @Test func adamFloatFollowsDouble() throws {
        let count = 37
        var rng = SeededValues(seed: 5)
        let start = rng.uniform(count: count)
        var floatAdam = try Adam<Float>(parameterCount: count, weightDecay: 0.01)
        var doubleAdam = try Adam<Double>(parameterCount: count, weightDecay: 0.01)
        var pf = start.map(Float.init), pd = start
        for step in 0..<3 {
            let g = (0..<count).map { sin(Double($0 * 7 + step)) }
            let gf = g.map(Float.init)
            pf.withUnsafeMutableBufferPointer { p in gf.withUnsafeBufferPointer { floatAdam.step(parameters: p, gradients: $0) } }
            pd.withUnsafeMutableBufferPointer { p in g.withUnsafeBufferPointer { doubleAdam.step(parameters: p, gradients: $0) } }
        }
        for i in 0..<count {
            #expect(abs(pd[i] - start[i]) > 1e-5, "element \(i) did not move")
            #expect(abs(Double(pf[i]) - pd[i]) <= 1e-6, "element \(i): \(pf[i]) vs \(pd[i])")
        }
    }

    @Test(.enabled(if: AVX512Kernels.available), arguments: [0, 1, 5, 16, 33, 68_620])
    func sumOfSquaresMatchesARunningSum(_ count: Int) {
        var rng = SeededValues(seed: 8)
        let values = rng.uniform(count: count).map(Float.init)
        var expected = 0.0
        for x in values { expected += Double(x) * Double(x) }
        let sum = rk_sum_squares(count, values)
        // Two Double summation orders over ≤ 68,620 non-negative terms: both within n·2⁻⁵³ relative.
        #expect(abs(sum - expected) <= 1e-11 * max(expected, 1e-300))
        var scaled = values
        rk_scale(count, &scaled, 0.37)
        #expect(scaled.map(\.bitPattern) == values.map { ($0 * 0.37).bitPattern })
    }
}
