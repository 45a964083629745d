/// A read position in one log line's UTF-8 bytes: the small scanner every line parser uses.
///
/// Parsers work on bytes, not `Character`s, so a line costs no allocation until a field value
/// is actually needed as a `String`.
struct ByteCursor {
    let bytes: UnsafeBufferPointer<UInt8>
    var position: Int

    init(_ bytes: UnsafeBufferPointer<UInt8>, position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    var atEnd: Bool { position >= bytes.count }
    var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

    /// Consumes `byte` when it is next.
    mutating func skip(_ byte: UInt8) -> Bool {
        guard peek == byte else { return false }
        position += 1
        return true
    }

    mutating func skipSpaces() {
        while let b = peek, b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") { position += 1 }
    }

    /// Reads exactly `count` ASCII digits as a number.
    mutating func digits(_ count: Int) -> Int? {
        guard position + count <= bytes.count else { return nil }
        var value = 0
        for i in position..<(position + count) {
            let d = Int(bytes[i]) - 48
            guard d >= 0 && d <= 9 else { return nil }
            value = value * 10 + d
        }
        position += count
        return value
    }

    /// Reads one to `maxCount` ASCII digits.
    mutating func number(maxCount: Int) -> Int? {
        var value = 0, n = 0
        while n < maxCount, let b = peek, b >= 48 && b <= 57 {
            value = value * 10 + Int(b - 48)
            position += 1; n += 1
        }
        return n > 0 ? value : nil
    }

    /// Reads up to (not including) the next space or tab; nil when empty.
    mutating func token() -> Range<Int>? {
        let start = position
        while let b = peek, b != UInt8(ascii: " ") && b != UInt8(ascii: "\t") { position += 1 }
        return position > start ? start..<position : nil
    }

    /// Reads up to (not including) `terminator` and consumes it; nil when it never comes.
    mutating func upTo(_ terminator: UInt8) -> Range<Int>? {
        let start = position
        while let b = peek, b != terminator { position += 1 }
        guard !atEnd else { position = start; return nil }
        let range = start..<position
        position += 1
        return range
    }

    /// Reads a `"…"` string (backslash escapes skipped over, not decoded), returning its
    /// contents' range.
    mutating func quoted() -> Range<Int>? {
        guard skip(UInt8(ascii: "\"")) else { return nil }
        let start = position
        while let b = peek {
            if b == UInt8(ascii: "\\") { position += 2; continue }
            if b == UInt8(ascii: "\"") {
                let range = start..<position
                position += 1
                return range
            }
            position += 1
        }
        return nil
    }

    func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// Whether the bytes at `range` spell `text` (ASCII, case-sensitive).
    func equals(_ range: Range<Int>, _ text: [UInt8]) -> Bool {
        guard range.count == text.count else { return false }
        for (i, b) in zip(range, text) where bytes[i] != b { return false }
        return true
    }
}
