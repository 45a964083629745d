import Testing
import Training

@Suite("Seeded generator and batch shuffler")
struct SeededGeneratorTests {
    /// Known answers from an independent Python implementation of SplitMix64 and xoshiro256**
    /// (SplitMix64's seed-0 outputs also appear in Vigna's reference code).
    @Test("known answers: SplitMix64 seeding and xoshiro256** outputs")
    func knownAnswers() {
        let zero = SeededGenerator(seed: 0)
        #expect(zero.state == (0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F, 0xF88B_B8A8_724C_81EC))
        var g = SeededGenerator(seed: 12345)
        #expect([g.next(), g.next(), g.next()] == [0xBE6A_3637_4160_D49B, 0x214A_AA06_37A6_88C6, 0xF69D_16DE_9954_D388])
    }

    @Test("same seed, same stream; different seed, different stream")
    func reproducible() {
        var a = SeededGenerator(seed: 99), b = SeededGenerator(seed: 99), c = SeededGenerator(seed: 100)
        let sa = (0..<100).map { _ in a.next() }
        #expect(sa == (0..<100).map { _ in b.next() })
        #expect(sa != (0..<100).map { _ in c.next() })
    }

    /// 200,000 draws: the sample mean of U[0,1) has standard error 0.29/√n ≈ 6.5e-4 and of N(0,1)
    /// 1/√n ≈ 2.2e-3; bounds of 5 standard errors make a false failure practically impossible
    /// while a wrong scale or offset (errors of 0.1 or more) fails.
    @Test("uniform, gaussian and bounded draws have the right moments and ranges")
    func distributions() {
        var g = SeededGenerator(seed: 3)
        let n = 200_000
        var sumU = 0.0, sumG = 0.0, sumG2 = 0.0, minU = 1.0, maxU = 0.0
        var counts = [Int](repeating: 0, count: 7)
        for _ in 0..<n {
            let u = g.nextUnitDouble()
            minU = min(minU, u); maxU = max(maxU, u); sumU += u
            let z = g.nextGaussian()
            sumG += z; sumG2 += z * z
            counts[g.nextIndex(below: 7)] += 1
        }
        #expect(minU >= 0 && maxU < 1)
        #expect(abs(sumU / Double(n) - 0.5) < 5 * 6.5e-4)
        #expect(abs(sumG / Double(n)) < 5 * 2.2e-3)
        // Var of z² is 2, so the variance estimate has standard error √(2/n) ≈ 3.2e-3.
        #expect(abs(sumG2 / Double(n) - 1) < 5 * 3.2e-3)
        // Each bucket expects n/7 ≈ 28,571 with standard deviation ≈ 156.
        for c in counts { #expect(abs(Double(c) - Double(n) / 7) < 5 * 156) }
    }

    @Test("the shuffler yields every index once per epoch, in a seeded order, remainder last")
    func shuffler() throws {
        var s = try BatchShuffler(count: 10, batchSize: 4)
        #expect(s.batchCount == 3)
        var g1 = SeededGenerator(seed: 5), g2 = SeededGenerator(seed: 5)
        s.shuffle(using: &g1)
        let first = (0..<s.batchCount).flatMap { Array(s.batch($0)) }
        #expect(first.sorted() == Array(0..<10))
        #expect(first != Array(0..<10))
        #expect(s.batch(2).count == 2)
        var t = try BatchShuffler(count: 10, batchSize: 4)
        t.shuffle(using: &g2)
        #expect(t.order == s.order)
        s.shuffle(using: &g1)
        #expect(s.order != t.order)  // a new epoch, a new order (10! orders; a repeat is ~3e-7 likely)
        let dropping = try BatchShuffler(count: 10, batchSize: 4, dropLast: true)
        #expect(dropping.batchCount == 2)
        #expect(throws: TrainingError.self) { try BatchShuffler(count: 10, batchSize: 0) }
    }
}
