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
    private static let powersOfTen: [Double] = (0...22).map { e in (0..<e).reduce(1.0) { a, _ in a * 10 } }

    /// The number in `bytes[0..<count]` (spaces around it allowed), or nil when it is not a plain
    /// finite decimal (`1.5`, `-2`, `3e-4`, `.5`).
    @inline(__always)
    static func parse(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> Double? {
        var i = 0, end = count
        while i < end && (bytes[i] == 0x20 || bytes[i] == 0x09) { i += 1 }
        while end > i && (bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09) { end -= 1 }
        guard i < end else { return nil }
        let start = i
        var negative = false
        if bytes[i] == 0x2D { negative = true; i += 1 } else if bytes[i] == 0x2B { i += 1 }
        var mantissa: UInt64 = 0
        var significant = 0, exponent = 0, digits = 0
        // Integer part.
        while i < end {
            let d = bytes[i] &- 0x30
            if d >= 10 { break }
            if significant < 19 {
                if mantissa != 0 || d != 0 { significant += 1 }
                mantissa = mantissa &* 10 &+ UInt64(d)
            } else { exponent += 1 }
            digits += 1; i += 1
        }
        if i < end && bytes[i] == 0x2E {
            i += 1
            while i < end {
                let d = bytes[i] &- 0x30
                if d >= 10 { break }
                if significant < 19 {
                    if mantissa != 0 || d != 0 { significant += 1 }
                    mantissa = mantissa &* 10 &+ UInt64(d); exponent -= 1
                }
                digits += 1; i += 1
            }
        }
        guard digits > 0 else { return nil }
        if i < end && (bytes[i] | 0x20) == 0x65 {   // e or E
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
            guard expDigits > 0 else { return nil }
            exponent += expNegative ? -e : e
        }
        guard i == end else { return nil }
        if mantissa <= (1 << 53) && exponent >= -22 && exponent <= 22 {
            var v = Double(mantissa)
            v = exponent < 0 ? v / powersOfTen[-exponent] : v * powersOfTen[exponent]
            return negative ? -v : v
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
