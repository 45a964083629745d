/// `exp`, `log`, `sin`, `cos` from IEEE-754 basic operations only.
///
/// Platform libms may differ in the last bit (glibc and Apple's libm do), and a generator that
/// compounds values (a price walk) would carry that difference into its output. These versions
/// use only `+ - * /`, which IEEE-754 rounds exactly, so they give the same bits everywhere.
/// Accuracy is within a few ulps, ample for synthetic data.
public enum DeterministicMath {
    static let ln2Hi = 6.93147180369123816490e-01   // ln 2 split so k·ln2Hi is exact for |k| < 2^20
    static let ln2Lo = 1.90821492927058770002e-10
    static let log2e = 1.44269504088896338700e+00
    static let halfPiHi = 1.57079632673412561417e+00 // π/2 split the same way
    static let halfPiLo = 6.07710050650619224932e-11

    /// e^x; 0 below -745, +∞ above 709.78.
    public static func exp(_ x: Double) -> Double {
        if x.isNaN { return x }
        if x > 709.78 { return .infinity }
        if x < -745 { return 0 }
        let k = (x * log2e).rounded()
        let r = (x - k * ln2Hi) - k * ln2Lo           // |r| ≤ 0.35
        // Taylor series to r^14/14!: the next term is below 1e-19 for |r| ≤ 0.35.
        var p = 1.0
        for n in stride(from: 14, through: 1, by: -1) { p = 1 + p * r / Double(n) }
        return scale(p, Int(k))
    }

    /// p·2^k by repeated exact scaling (exact while the result is normal).
    private static func scale(_ p: Double, _ k: Int) -> Double {
        var result = p, k = k
        while k > 1000 { result *= 0x1p1000; k -= 1000 }
        while k < -1000 { result *= 0x1p-1000; k += 1000 }
        return result * Double(sign: .plus, exponent: k, significand: 1)
    }

    /// Natural logarithm; -∞ at 0, NaN below.
    public static func log(_ x: Double) -> Double {
        if x.isNaN || x < 0 { return .nan }
        if x == 0 { return -.infinity }
        if x.isInfinite { return x }
        var e = Double(x.exponent)
        var m = x.significand                         // [1, 2), exact
        if m > 1.4142135623730951 { m /= 2; e += 1 }  // m in (0.707, 1.414]
        // log m = 2·atanh(s), s = (m-1)/(m+1), |s| ≤ 0.172: the series to s^25 is exact to 1e-19.
        let s = (m - 1) / (m + 1), s2 = s * s
        var sum = 0.0
        for n in stride(from: 25, through: 3, by: -2) { sum = (sum + 1 / Double(n)) * s2 }
        let logM = 2 * s + 2 * s * sum
        return e * ln2Hi + (e * ln2Lo + logM)
    }

    /// sin x for |x| below about 1e6 (the range the generators use).
    public static func sin(_ x: Double) -> Double {
        let (k, r) = reduce(x)
        switch k & 3 {
        case 0: return sinPoly(r)
        case 1: return cosPoly(r)
        case 2: return -sinPoly(r)
        default: return -cosPoly(r)
        }
    }

    /// cos x for |x| below about 1e6.
    public static func cos(_ x: Double) -> Double {
        let (k, r) = reduce(x)
        switch k & 3 {
        case 0: return cosPoly(r)
        case 1: return -sinPoly(r)
        case 2: return -cosPoly(r)
        default: return sinPoly(r)
        }
    }

    /// x = k·π/2 + r with |r| ≤ π/4.
    private static func reduce(_ x: Double) -> (Int, Double) {
        let k = (x / (halfPiHi + halfPiLo)).rounded()
        return (Int(k), (x - k * halfPiHi) - k * halfPiLo)
    }

    /// Taylor series on |r| ≤ π/4: terms to r^17 (sin) and r^18 (cos), the next below 1e-19.
    private static func sinPoly(_ r: Double) -> Double {
        let r2 = r * r
        var p = 1.0
        for n in stride(from: 17, through: 3, by: -2) { p = 1 - p * r2 / Double(n * (n - 1)) }
        return r * p
    }

    private static func cosPoly(_ r: Double) -> Double {
        let r2 = r * r
        var p = 1.0
        for n in stride(from: 18, through: 2, by: -2) { p = 1 - p * r2 / Double(n * (n - 1)) }
        return p
    }
}
