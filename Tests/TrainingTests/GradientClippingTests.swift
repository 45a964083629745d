import Testing
import Training

@Suite("Gradient clipping")
struct GradientClippingTests {
    @Test("global norm: scaled to maxNorm/(norm + 1e-6) above the limit, untouched below")
    func globalNorm() {
        var g: [Double] = [3, 4]  // norm 5
        let norm = g.withUnsafeMutableBufferPointer { GradientClipping.clipGlobalNorm($0, maxNorm: 1) }
        #expect(abs(norm - 5) < 1e-15)
        let c = 1 / (5 + 1e-6)
        #expect(abs(g[0] - 3 * c) < 1e-15 && abs(g[1] - 4 * c) < 1e-15)
        var small: [Float] = [0.3, -0.4]
        small.withUnsafeMutableBufferPointer { _ = GradientClipping.clipGlobalNorm($0, maxNorm: 1) }
        #expect(small.map(\.bitPattern) == [Float(0.3).bitPattern, Float(-0.4).bitPattern])
    }

    @Test("by value: clamped to [−limit, limit]")
    func byValue() {
        var g: [Float] = [-2, -0.5, 0, 0.7, 3]
        g.withUnsafeMutableBufferPointer { GradientClipping.clipValue($0, limit: 1) }
        #expect(g.map(\.bitPattern) == ([-1, -0.5, 0, 0.7, 1] as [Float]).map(\.bitPattern))
    }
}
