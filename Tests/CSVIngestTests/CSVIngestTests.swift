import Testing
import CSVIngest
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
