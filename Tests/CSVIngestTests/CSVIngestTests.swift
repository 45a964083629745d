import Testing
@testable import CSVIngest
import TimeFrames
import _TestSupport

/// Reads CSV text held in a string.
func readCSV(_ text: String, _ options: CSVReadOptions = CSVReadOptions(), name: String = "t.csv") throws -> IngestResult {
    try CSVFrameReader.read(bytes: Array(text.utf8), name: name, options: options)
}

/// Element-wise closeness. Inputs here are short decimals whose parse and interpolation differ
/// from the written value by at most a few ulps, so 1e-9 relative is ample and still catches any
/// wrong fill (off by at least 0.01).
func close(_ a: [Double], _ b: [Double], tolerance: Double = 1e-9) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { x, y in x.isNaN && y.isNaN || abs(x - y) <= tolerance * max(1, abs(y)) }
}

@Suite struct CleanFileTests {
    @Test func readsDailySeriesFillingOneGapAndOneMissingValue() throws {
        let r = try CSVFrameReader.read(path: FixturePaths.fixture("csv/daily-gap.csv").path)
        let s = try #require(r.frame.series.first)
        #expect(r.frame.targetColumns == ["sales"])
        #expect(s.interval == .day)
        #expect(s.count == 6)
        // 2024-01-03 is empty: interpolated halfway between 12.5 and 13 (exact in binary).
        #expect(close(s.columns[0], [10, 12.5, 12.75, 13, 11, 9]))
        #expect(r.report.series[0].missing == [1])
        #expect(r.report.series[0].filled == [2])
        #expect(r.report.series[0].gapRowsInserted == 1)
    }

    @Test func longFormatSplitsSeriesByIdInOrderOfAppearance() throws {
        let r = try readCSV("ts,store,v\n2024-01-01T00:00,b,1\n2024-01-01T00:00,a,2\n2024-01-01T01:00,b,3\n2024-01-01T01:00,a,4\n")
        #expect(r.frame.idColumns == ["store"])
        #expect(r.frame.series.map(\.key) == [["b"], ["a"]])
        #expect(close(r.frame.series[0].columns[0], [1, 3]))
        #expect(r.frame.series[1].interval == .hour)
    }
}

@Suite struct FormattedNumberTests {
    /// A column of numbers written for people is left out with a warning that says why and
    /// where (not as a "text column"), and the plain numeric column is still the target.
    @Test func formattedColumnIsLeftOutWithAWarning() throws {
        let r = try readCSV("date,price,volume\n2024-01-01,10.5,\"1,000\"\n2024-01-02,10.7,\"1,200\"\n2024-01-03,10.2,\"12,345\"\n",
                            name: "th.csv")
        #expect(r.frame.targetColumns == ["price"])
        #expect(r.report.warnings.contains { $0.contains("column \"volume\" left out") && $0.contains("(\"1,000\" at th.csv:2:17)") },
                "\(r.report.warnings)")
    }

    /// A single comma is a decimal comma (`1,00`, `12,3456`); groups must be 3 digits after a
    /// first of 1–3.
    @Test(arguments: [("1,000", true), ("12,345.67", true), ("1.234.567", true), ("2.500,75", true), ("-1,5", true),
                      ("1,00", true), ("12,3456", true), ("1.5", false), ("1000", false), ("1,000,00", false),
                      ("1234,567.5", false), ("a,b", false), (",5", false), ("1,", false)])
    func recognisesGroupedAndCommaDecimals(_ text: String, _ formatted: Bool) {
        #expect(NumberParser.looksFormatted(text) == formatted, "\(text)")
    }
}
