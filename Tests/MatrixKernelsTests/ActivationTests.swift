import Foundation
import MatrixKernels
import Testing
import _TestSupport

@Suite("Activations")
struct ActivationTests {
    @Test func sigmoidIsStableAtExtremes() {
        #expect(sigmoid(Float(-200)) == 0)
        #expect(sigmoid(Float(200)) == 1)
        #expect(abs(sigmoid(0.0) - 0.5) < 1e-15)
        #expect(!sigmoid(Float(-100)).isNaN)
    }

    @Test(arguments: Activation.allCases)
    func forwardAndBackwardMatchDefinitions(_ activation: Activation) {
        let x: [Double] = [-3, -0.5, -1e-3, 0.25, 2, 7]
        var y = [Double](repeating: 0, count: x.count)
        activation.forward(x, &y, count: x.count)
        let dy: [Double] = [1, -2, 0.5, 3, -1, 0.25]
        var dx = [Double](repeating: 0, count: x.count)
        activation.backward(output: y, dy, &dx, count: x.count)
        for i in x.indices {
            let expectedY: Double
            switch activation {
            case .sigmoid: expectedY = 1 / (1 + exp(-x[i]))
            case .tanh: expectedY = tanh(x[i])
            case .relu: expectedY = max(0, x[i])
            }
            #expect(abs(y[i] - expectedY) < 1e-15, "\(activation) y[\(i)]")
            // Central difference of the definition; h = 1e-6 gives ~1e-10 accuracy away from relu's kink.
            let h = 1e-6
            func f(_ v: Double) -> Double {
                switch activation {
                case .sigmoid: return 1 / (1 + exp(-v))
                case .tanh: return tanh(v)
                case .relu: return max(0, v)
                }
            }
            let numeric = dy[i] * (f(x[i] + h) - f(x[i] - h)) / (2 * h)
            #expect(abs(dx[i] - numeric) < 1e-8, "\(activation) dx[\(i)] \(dx[i]) vs \(numeric)")
        }
    }
}

@Suite("Tensor and threads")
struct TensorAndThreadTests {
    @Test func tensorHoldsValuesAndRejectsWrongCounts() throws {
        let t = try Tensor<Float>(shape: [2, 3], values: [1, 2, 3, 4, 5, 6])
        #expect(t.count == 6 && t[4] == 5)
        t.fill(0)
        #expect(t.array == [0, 0, 0, 0, 0, 0])
        #expect(throws: ShapeError.self) { try Tensor<Float>(shape: [2, 2], values: [1]) }
    }

    @Test func threadCountParsing() throws {
        #expect(try ComputeThreads.parse("2", source: "--threads") == 2)
        #expect(throws: ThreadCountError.self) { try ComputeThreads.parse("0", source: "--threads") }
        #expect(throws: ThreadCountError.self) { try ComputeThreads.parse("two", source: "FORECAST_THREADS") }
        do {
            _ = try ComputeThreads.parse("x", source: "--threads")
            Issue.record("parsed 'x'")
        } catch {
            #expect("\(error)".contains("--threads") && "\(error)".contains("'x'"))
        }
    }

    @Test func parallelForRunsEveryPieceOnce() {
        var hits = [Int](repeating: 0, count: 7)
        hits.withUnsafeMutableBufferPointer { buffer in
            let p = buffer.baseAddress!
            ComputeThreads.parallelFor(7) { p[$0] += 1 }
        }
        #expect(hits == [1, 1, 1, 1, 1, 1, 1])
    }
}
