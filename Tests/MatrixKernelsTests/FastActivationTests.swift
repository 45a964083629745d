import Foundation
import MatrixKernels
import Testing

@Suite("Vectorised Float activations")
struct FastActivationTests {
    /// Over a dense grid of [−20, 20] and around 0, against Double's libm.
    @Test func tanhAndSigmoidAreWithinAFewUlp() {
        var worstTanh = 0.0, worstSigmoid = 0.0
        var x = -20.0
        while x <= 20 {
            var lanes = FloatVector()
            for i in 0..<8 { lanes[i] = Float(x + Double(i) * 1.37e-4) }
            let t = fastTanh(lanes), s = fastSigmoid(lanes)
            for i in 0..<8 {
                let xi = Double(lanes[i])
                worstTanh = max(worstTanh, abs(Double(t[i]) - tanh(xi)))
                worstSigmoid = max(worstSigmoid, abs(Double(s[i]) - 1 / (1 + exp(-xi))))
            }
            x += 8 * 1.37e-4
        }
        // A few Float ulp of values ≤ 1 (ulp(1) = 1.2e-7): what training tolerates and libm gives ~1.
        #expect(worstTanh < 5e-7, "tanh max abs error \(worstTanh)")
        #expect(worstSigmoid < 5e-7, "sigmoid max abs error \(worstSigmoid)")
        // Odd symmetry, limits within 2 ulp of ±1 (FMA rounding of the rational form at the clamp),
        // identity for tiny x.
        let v = FloatVector(-100, -8, -1e-5, 0, 1e-5, 0.3, 8, 100)
        let t = fastTanh(v)
        #expect(t[0] == -t[7] && abs(t[7] - 1) <= 2.4e-7 && t[7] <= 1)
        #expect(t[3] == 0 && t[2] == -1e-5)
        #expect(abs(Double(t[5]) - tanh(0.3)) / tanh(0.3) < 5e-7, "relative error near 0")
    }

    @Test func partialLoadsAndStores() {
        let source: [Float] = [1, 2, 3]
        let v = source.withUnsafeBufferPointer { loadVector($0.baseAddress!, 3) }
        #expect(v == FloatVector(1, 2, 3, 0, 0, 0, 0, 0))
        var target = [Float](repeating: 9, count: 5)
        target.withUnsafeMutableBufferPointer { storeVector(v * 2, $0.baseAddress!, 3) }
        #expect(target == [2, 4, 6, 9, 9])
    }
}
