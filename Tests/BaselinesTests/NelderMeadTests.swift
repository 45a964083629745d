import Testing
@testable import Baselines

@Suite struct NelderMeadTests {
    @Test func findsTheRosenbrockMinimum() {
        let rosenbrock = { (x: [Double]) -> Double in
            let a = 1 - x[0], b = x[1] - x[0] * x[0]
            return a * a + 100 * b * b
        }
        let r = NelderMead(functionTolerance: 1e-14, stepTolerance: 1e-10, maxEvaluations: 5000)
            .minimize(rosenbrock, start: [-1.2, 1], step: 0.5)
        #expect(r.converged)
        // The valley is flat along its floor: 1e-5 in x is about 1e-10 in f, our tolerance.
        #expect(abs(r.point[0] - 1) < 1e-5 && abs(r.point[1] - 1) < 1e-5)
    }

    @Test func findsAShiftedQuadraticInFourDimensions() {
        let centre: [Double] = [3, -2, 0.5, 10]
        let weights: [Double] = [1, 10, 0.1, 3]
        func f(_ x: [Double]) -> Double {
            var sum = 0.0
            for i in 0..<4 { let d = x[i] - centre[i]; sum += weights[i] * d * d }
            return sum
        }
        let r = NelderMead(functionTolerance: 1e-16, stepTolerance: 1e-9).minimize(f, start: [0, 0, 0, 0], step: 1)
        for i in 0..<4 { #expect(abs(r.point[i] - centre[i]) < 1e-6, "coordinate \(i)") }   // f tolerance ~1e-16 → x ~1e-8
    }

    @Test func walksAwayFromNonFiniteValuesAndRespectsTheBudget() {
        // f is NaN for x < 0; the minimum 0 sits at x = 2.
        let f = { (x: [Double]) -> Double in x[0] < 0 ? .nan : (x[0] - 2) * (x[0] - 2) }
        let r = NelderMead().minimize(f, start: [0.1], step: -1)
        #expect(abs(r.point[0] - 2) < 1e-4)
        let capped = NelderMead(maxEvaluations: 10).minimize(f, start: [0.1], step: 0.1)
        #expect(!capped.converged && capped.evaluations <= 12)   // a shrink step may overrun by n
    }
}
