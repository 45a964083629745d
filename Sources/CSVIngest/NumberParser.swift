#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Decimal numbers straight from field bytes, with no String in between.
///
/// Up to 19 significant digits and a power of ten within ±22 take Clinger's fast path (one exact
/// multiply or divide, hence correctly rounded); anything else falls back to `strtod`, so every
/// input is correctly rounded.
enum NumberParser {
    // A literal, so the optimizer can lay it out statically (no lazy initialisation per call).
    private static let powersOfTen: [Double] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
                                                 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22]

    /// The number in `bytes[0..<count]` (spaces around it allowed), or nil when it is not a plain
    /// finite decimal (`1.5`, `-2`, `3e-4`, `.5`).
    @inline(__always)
    static func parse(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> Double? {
        var i = 0, end = count
        if bytes[0] == 0x20 || bytes[end - 1] == 0x20 || bytes[0] == 0x09 || bytes[end - 1] == 0x09 {
            while i < end && (bytes[i] == 0x20 || bytes[i] == 0x09) { i += 1 }
            while end > i && (bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09) { end -= 1 }
            guard i < end else { return nil }
        }
        let start = i
        var negative = false
        if bytes[i] == 0x2D { negative = true; i += 1 } else if bytes[i] == 0x2B { i += 1 }
        // Up to 19 digits (leading zeros included) cannot overflow a UInt64; longer numbers go
        // to strtod, so the digit loops need no overflow test.
        var mantissa: UInt64 = 0
        let digitsStart = i
        while i < end {
            let d = bytes[i] &- 0x30
            if d >= 10 { break }
            mantissa = mantissa &* 10 &+ UInt64(d)
            i += 1
        }
        var digits = i - digitsStart
        var exponent = 0
        if i < end && bytes[i] == 0x2E {
            i += 1
            let fractionStart = i
            while i < end {
                let d = bytes[i] &- 0x30
                if d >= 10 { break }
                mantissa = mantissa &* 10 &+ UInt64(d)
                i += 1
            }
            exponent = fractionStart - i
            digits += i - fractionStart
        }
        guard digits > 0 else { return nil }
        if i < end {
            guard (bytes[i] | 0x20) == 0x65 else { return nil }   // e or E
            i += 1
            var expNegative = false
            if i < end && (bytes[i] == 0x2D || bytes[i] == 0x2B) { expNegative = bytes[i] == 0x2D; i += 1 }
            var e = 0, expDigits = 0
            while i < end {
                let d = bytes[i] &- 0x30
                if d >= 10 { break }
                if e < 100_000 { e = e * 10 + Int(d) }
                expDigits += 1; i += 1
            }
            guard expDigits > 0, i == end else { return nil }
            exponent += expNegative ? -e : e
        }
        if digits <= 19 && mantissa <= (1 << 53) && exponent >= -22 && exponent <= 22 {
            let v = Double(mantissa)
            let r = exponent < 0 ? v / powersOfTen[-exponent] : v * powersOfTen[exponent]
            return negative ? -r : r
        }
        return slowParse(bytes + start, end - start)
    }

    /// strtod on a NUL-terminated copy, accepting only a fully consumed, finite result.
    private static func slowParse(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> Double? {
        var buffer = [CChar](repeating: 0, count: count + 1)
        for k in 0..<count { buffer[k] = CChar(bitPattern: bytes[k]) }
        return buffer.withUnsafeBufferPointer { b -> Double? in
            var endPointer: UnsafeMutablePointer<CChar>?
            let v = strtod(b.baseAddress!, &endPointer)
            guard let endPointer, endPointer - UnsafeMutablePointer(mutating: b.baseAddress!) == count, v.isFinite else { return nil }
            return v
        }
    }
}

/// The texts that mean "no value", matched without allocating.
struct MissingTokens: Sendable {
    private let tokens: [[UInt8]]   // lower-cased ASCII
    private let maxLength: Int

    init(_ list: [String]) {
        tokens = list.map { Array($0.lowercased().utf8) }
        maxLength = tokens.map(\.count).max() ?? 0
    }

    /// Whether `bytes` (spaces around allowed) is empty or one of the tokens, ignoring ASCII case.
    @inline(__always)
    func matches(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> Bool {
        guard let bytes, count > 0 else { return true }
        var i = 0, end = count
        while i < end && bytes[i] == 0x20 { i += 1 }
        while end > i && bytes[end - 1] == 0x20 { end -= 1 }
        let n = end - i
        if n == 0 { return true }
        if n > maxLength { return false }
        outer: for token in tokens where token.count == n {
            for k in 0..<n {
                var b = bytes[i + k]
                if b >= 0x41 && b <= 0x5A { b |= 0x20 }
                if b != token[k] { continue outer }
            }
            return true
        }
        return false
    }
}
