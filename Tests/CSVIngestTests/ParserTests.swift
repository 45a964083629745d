import Foundation
import Testing
@testable import CSVIngest
import TimeFrames

private func bytes<T>(_ s: String, _ body: (UnsafePointer<UInt8>, Int) -> T) -> T {
    Array(s.utf8).withUnsafeBufferPointer { body($0.baseAddress!, $0.count) }
}

@Suite struct NumberParserTests {
    /// inspect's numbers: plain for everyday magnitudes, an exponent for huge or tiny ones (a
    /// 1e300 in a file must not print 300 digits into the table).
    @Test func inspectNumbersKeepTheirWidth() {
        #expect(InspectSummary.number(42) == "42" && InspectSummary.number(3.14159) == "3.142")
        #expect(InspectSummary.number(1e300) == "1e+300" && InspectSummary.number(-2.5e15) == "-2.5e+15")
        #expect(InspectSummary.number(0.00001234) == "1.234e-05" && InspectSummary.number(0) == "0")
    }

    /// Every result must equal strtod's correctly rounded value exactly: the fast path is exact
    /// by construction (Clinger), so any difference is a bug, not rounding noise.
    @Test(arguments: ["0", "-0", "1.5", "-2", "+3", ".5", "5.", "1e3", "1E-3", "123.4567", "0.1", "0.30000000000000004",
                      "9007199254740993", "12345678901234567890", "1e-30", "1.7976931348623157e308", " 42 ", "0.000001234"])
    func matchesStrtod(_ text: String) throws {
        let v = try #require(bytes(text) { NumberParser.parse($0, $1) })
        let expected = strtod(text.trimmingCharacters(in: .whitespaces), nil)
        #expect(v.bitPattern == expected.bitPattern, "\(text)")
    }

    @Test(arguments: ["", " ", "abc", "1.2.3", "1e", "--1", "inf", "nan", "1,5", "0x10", "1e400", "."])
    func rejectsNonNumbers(_ text: String) {
        #expect(bytes(text.isEmpty ? " " : text) { NumberParser.parse($0, $1) } == nil, "\(text)")
    }

    @Test func missingTokensIgnoreCaseAndSpaces() {
        let m = MissingTokens(CSVReadOptions.defaultMissingTokens)
        for t in ["NA", "na", " N/A ", "nan", "NULL", "None", "-", "?"] { #expect(bytes(t) { m.matches($0, $1) }, "\(t)") }
        for t in ["0", "NAN1", "--", "none?"] { #expect(!bytes(t) { m.matches($0, $1) }, "\(t)") }
        #expect(m.matches(nil, 0))
    }
}

@Suite struct TimestampParserTests {
    func ms(_ y: Int, _ mo: Int, _ d: Int, _ h: Int = 0, _ mi: Int = 0, _ s: Int = 0, _ milli: Int = 0) -> Int64 {
        CivilDateTime(year: y, month: mo, day: d, hour: h, minute: mi, second: s, millisecond: milli).epochMilliseconds
    }

    @Test func isoForms() {
        let cases: [(String, Int64?)] = [
            ("2024-03-01", ms(2024, 3, 1)), ("2024-03", ms(2024, 3, 1)), ("2024-03-01T13:45", ms(2024, 3, 1, 13, 45)),
            ("2024-03-01 13:45:07", ms(2024, 3, 1, 13, 45, 7)), ("2024-03-01T13:45:07.25", ms(2024, 3, 1, 13, 45, 7, 250)),
            ("2024-03-01T13:45:07,123456Z", ms(2024, 3, 1, 13, 45, 7, 123)), ("2024-03-01T13:45:00+01:00", ms(2024, 3, 1, 12, 45)),
            ("2024-03-01T13:45:00-0530", ms(2024, 3, 1, 19, 15)), ("2024-03-01 13:45:00 +02", ms(2024, 3, 1, 11, 45)),
            ("2024-02-30", nil), ("2024-13-01", nil), ("2024-03-01T24:00", nil), ("2024-03-01X13:45", nil),
            ("2024-03-01T13:45:00+", nil), ("24-03-01", nil),
        ]
        for (text, expected) in cases {
            #expect(bytes(text) { TimestampParser.parseISO($0, $1) } == expected, "\(text)")
            var cache = TimestampParser.ISODateCache()
            // Twice through the cache: the second call takes the cached date.
            _ = bytes(text) { TimestampParser.parseISO($0, $1, cache: &cache) }
            #expect(bytes(text) { TimestampParser.parseISO($0, $1, cache: &cache) } == expected, "cached \(text)")
        }
    }

    @Test func otherBuiltInForms() {
        #expect(bytes("01.03.2024 13:45:00") { TimestampParser.parseDotted($0, $1) } == ms(2024, 3, 1, 13, 45))
        #expect(bytes("1.3.2024") { TimestampParser.parseDotted($0, $1) } == ms(2024, 3, 1))
        #expect(bytes("2024/3/1 08:00") { TimestampParser.parseSlashYearFirst($0, $1) } == ms(2024, 3, 1, 8))
        #expect(bytes("1709251200") { TimestampParser.parseEpoch($0, $1, milliseconds: false) } == ms(2024, 3, 1))
        #expect(bytes("1709251200.5") { TimestampParser.parseEpoch($0, $1, milliseconds: false) } == ms(2024, 3, 1, 0, 0, 0, 500))
        #expect(bytes("1709251200000") { TimestampParser.parseEpoch($0, $1, milliseconds: true) } == ms(2024, 3, 1))
        let packed = bytes("12/31/23 23:59") { TimestampParser.parseSlashPacked($0, $1) }
        #expect(packed.map(TimestampParser.unpackSlash).map { [$0.0, $0.1, $0.2, $0.3, $0.4] } == [12, 31, 2023, 23, 59])
        #expect(bytes("13/13/2024") { TimestampParser.parseSlashPacked($0, $1) } == nil)
    }

    @Test func detectsForms() {
        #expect(TimestampForm.detect("2024-03-01T00:00", allowEpoch: false) == .iso)
        #expect(TimestampForm.detect("01.03.2024", allowEpoch: false) == .dotted)
        #expect(TimestampForm.detect("03/01/2024", allowEpoch: false) == .slashUndecided)
        #expect(TimestampForm.detect("1709251200", allowEpoch: false) == nil)
        #expect(TimestampForm.detect("1709251200", allowEpoch: true) == .epochSeconds)
        #expect(TimestampForm.detect("1709251200000", allowEpoch: true) == .epochMilliseconds)
    }

    @Test func strftimeFormats() throws {
        let f = try TimeFormat("%d/%m/%Y %H:%M:%S.%f %z")
        #expect(bytes("01/03/2024 13:45:07.5 +0100") { f.parse($0, $1) } == ms(2024, 3, 1, 12, 45, 7, 500))
        let g = try TimeFormat("%j %y")
        #expect(bytes("061 24") { g.parse($0, $1) } == ms(2024, 3, 1))
        let h = try TimeFormat("%B %e, %Y %I%p")
        #expect(bytes("March  1, 2024 12AM") { h.parse($0, $1) } == ms(2024, 3, 1))
        #expect(bytes("March  1, 2024 13PM") { h.parse($0, $1) } == nil)
        #expect(throws: CSVError.self) { try TimeFormat("%H:%M") }   // no year
        #expect(throws: CSVError.self) { try TimeFormat("%Y %Q") }
    }
}
