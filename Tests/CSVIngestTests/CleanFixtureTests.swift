import Foundation
import Testing
import CSVIngest
import TimeFrames
import _TestSupport

/// Reads `Fixtures/csv/<name>` from memory with the given chunk size, named by its file name.
func readFixture(_ folder: String, _ name: String, _ options: CSVReadOptions = CSVReadOptions()) throws -> IngestResult {
    let bytes = try [UInt8](Data(contentsOf: FixturePaths.fixture("\(folder)/\(name)")))
    return try CSVFrameReader.read(bytes: bytes, name: name, options: options)
}

func epoch(_ y: Int, _ mo: Int, _ d: Int, _ h: Int = 0, _ mi: Int = 0, _ s: Int = 0) -> EpochMilliseconds {
    CivilDateTime(year: y, month: mo, day: d, hour: h, minute: mi, second: s).epochMilliseconds
}

@Suite struct CleanFixtureTests {
    /// Each clean fixture with the options it needs.
    static let cases: [(String, CSVReadOptions)] = [
        ("daily-gap.csv", .init()), ("crlf-bom.csv", .init()), ("quoted.csv", .init()), ("blank-lines.csv", .init()),
        ("semicolon.csv", .init(targetDetection: .allNumeric)), ("tab.tsv", .init()), ("pipe.csv", .init()),
        ("missing-tokens.csv", .init()), ("unsorted.csv", .init()),
        ("duplicates.csv", .init(regularization: .init(duplicates: .mean))), ("business-days.csv", .init()),
        ("monthly.csv", .init()), ("month-end.csv", .init()), ("us-dates.csv", .init()), ("day-first-2digit.csv", .init()),
        ("epoch-ms.csv", .init()), ("iso-offsets.csv", .init()),
        ("custom-format.csv", .init(timeFormat: "%d-%b-%Y %I:%M %p")),
        ("irregular-minutes.csv", .init(regularization: .init(resample: .hour, aggregation: .sum))),
        ("features.csv", .init(targets: [.name("sales")], features: [.name("price"), .index(3)])),
        ("rare-duplicate.csv", .init()), ("drifting-clock.csv", .init()),
    ]

    /// libcsv's own test style: the same bytes fed in chunks of every size from 1 to the file
    /// length must give the same frame. Values are compared bit for bit: same bytes, same code.
    @Test(arguments: cases.map(\.0))
    func everyChunkSizeGivesTheSameFrame(_ name: String) throws {
        let options = Self.cases.first { $0.0 == name }!.1
        let reference = try readFixture("csv", name, options)
        let length = try Data(contentsOf: FixturePaths.fixture("csv/\(name)")).count
        // Chunk sizes 1…length, then the whole file with every line through libcsv (no fast path).
        for (chunk, fastPath) in (1...length).map({ ($0, true) }) + [(1 << 20, false)] {
            var o = options
            o.chunkSize = chunk
            o.plainLineFastPath = fastPath
            let r = try readFixture("csv", name, o)
            #expect(r.frame.series.count == reference.frame.series.count, "chunk \(chunk)")
            for (a, b) in zip(r.frame.series, reference.frame.series) {
                #expect(a.key == b.key && a.timestamps == b.timestamps && a.interval == b.interval, "chunk \(chunk)")
                #expect(a.columns.map { $0.map(\.bitPattern) } == b.columns.map { $0.map(\.bitPattern) }, "chunk \(chunk)")
            }
            #expect(r.report.series == reference.report.series, "chunk \(chunk)")
        }
    }

    @Test func byteOrderMarkAndCRLF() throws {
        let r = try readFixture("csv", "crlf-bom.csv")
        #expect(r.layout.hadByteOrderMark)
        #expect(r.frame.timeColumn == "time")   // not "\u{FEFF}time"
        #expect(r.frame.series[0].interval == .fixed(milliseconds: 15 * 60_000))
        #expect(close(r.frame.series[0].columns[0], [1.5, 2.5, 3.5]))
    }

    @Test func quotedFieldsWithDelimitersQuotesAndNewlines() throws {
        let r = try readFixture("csv", "quoted.csv")
        #expect(r.frame.idColumns == ["city, country"])
        #expect(r.frame.series.map(\.key) == [["Paris, \"FR\""], ["Bern\nCH"]])
        #expect(close(r.frame.series[0].columns[0], [3.5, 4.5]))
        #expect(r.report.series[1].name == "city, country=Bern\\nCH")
    }

    @Test func blankLinesAndMissingFinalNewline() throws {
        let r = try readFixture("csv", "blank-lines.csv")
        #expect(r.report.rowsRead == 3)
        #expect(close(r.frame.series[0].columns[0], [1, 2, 3]))
    }

    @Test func detectsDelimiters() throws {
        #expect(try readFixture("csv", "semicolon.csv", .init(targetDetection: .allNumeric)).layout.delimiter == ";")
        #expect(try readFixture("csv", "tab.tsv").layout.delimiter == "tab")
        #expect(try readFixture("csv", "pipe.csv").layout.delimiter == "|")
    }

    @Test func everyMissingTokenIsMissingAndInterpolated() throws {
        let r = try readFixture("csv", "missing-tokens.csv")
        #expect(r.report.series[0].missing == [9])
        #expect(r.report.series[0].filled == [9])
        // 0 … 10 over 10 days, linear: the fill reproduces 0, 1, …, 10.
        #expect(close(r.frame.series[0].columns[0], (0...10).map(Double.init)))
    }

    @Test func unsortedInputIsSortedWithAWarning() throws {
        let r = try readFixture("csv", "unsorted.csv")
        #expect(r.report.series[0].wasUnsorted)
        #expect(r.report.warnings.contains { $0.contains("not in time order") })
        #expect(close(r.frame.series[0].columns[0], [1, 2, 3, 4]))
    }

    @Test(arguments: [(DuplicatePolicy.mean, 2.0), (.sum, 4.0), (.last, 3.0)])
    func duplicatePolicies(_ policy: DuplicatePolicy, _ expected: Double) throws {
        let r = try readFixture("csv", "duplicates.csv", .init(regularization: .init(duplicates: policy)))
        #expect(close(r.frame.series[0].columns[0], [expected, 5]))
        #expect(r.report.series[0].duplicateRowsMerged == 1)
    }

    /// The default (`auto`): one repeated timestamp in 121 rows is a glitch, averaged and said.
    @Test func aRareDuplicateIsAveragedWithAWarning() throws {
        let r = try readFixture("csv", "rare-duplicate.csv")
        let values = r.frame.series[0].columns[0]
        #expect(values.count == 120 && values[50] == 55 && values[51] == 51)
        #expect(r.report.series[0].duplicateRowsMerged == 1)
        #expect(r.report.warnings.contains { $0.contains("1 row repeats an earlier row's timestamp (first at 2024-01-01T04:10:00); averaged") })
    }

    /// Past 1 in 100, `auto` stops at the first repeat's line: the file likely holds several series.
    @Test func manyDuplicatesAreAnErrorAtTheFirstRepeat() throws {
        let text = "t,v\n2024-01-01,1\n2024-01-01,2\n2024-01-02,3\n2024-01-02,4\n"
        #expect { try CSVFrameReader.read(bytes: Array(text.utf8), name: "long.csv") } throws: { error in
            "\(error)".hasPrefix("long.csv:3:1: series v: timestamp \"2024-01-01\" repeats an earlier row, and 2 of 4 rows repeat one")
                && "\(error)".contains("--id")
        }
        // Unsorted rows repeat non-adjacent timestamps: the same limit, named without a line.
        let unsorted = "t,v\n2024-01-01,1\n2024-01-02,3\n2024-01-01,2\n"
        #expect { try CSVFrameReader.read(bytes: Array(unsorted.utf8), name: "u.csv") } throws: { error in
            "\(error)".hasPrefix("u.csv: series v: several rows at 2024-01-01, and 1 of 3 rows repeat")
        }
    }

    /// The default for irregular steps: the series goes on a grid of its most common step
    /// (floor buckets, as `--resample`), gaps are filled, and a warning says so.
    @Test func irregularStepsArePutOnTheirMostCommonStep() throws {
        let r = try readFixture("csv", "drifting-clock.csv")
        let s = r.frame.series[0]
        #expect(s.interval == .fixed(milliseconds: 300_000))
        #expect(s.timestamps.first == epoch(2024, 1, 1) && s.timestamps.count == 60)
        // 01:40 holds rows 20 (01:40) and 21 (01:44): their mean; 01:45 had no row: interpolated.
        #expect(s.columns[0][20] == 20.5 && s.columns[0][21] == 21.25 && s.columns[0][22] == 22)
        #expect(r.report.warnings.contains { $0.contains("timestamps are irregular") && $0.contains("put the 60 rows on a 5m grid, mean per step") })
        // Asked to, it refuses instead.
        #expect(throws: CSVError.self) {
            try readFixture("csv", "drifting-clock.csv", .init(regularization: .init(irregular: .error)))
        }
    }

    @Test func tradingDaysAreRegularAndAHolidayIsSkipped() throws {
        let r = try readFixture("csv", "business-days.csv")
        let s = r.frame.series[0]
        #expect(s.interval == .businessDays)
        #expect(s.timestamps.count == 7)   // 2024-03-13 is a non-trading day: no row invented, weekends neither
        #expect(!s.timestamps.contains(epoch(2024, 3, 13)))
        #expect(r.report.series[0].closedWeekdaysSkipped == 1 && r.report.series[0].gapRowsInserted == 0)
        // Asked to, --resample 1b puts a row on every weekday and fills it.
        let every = try readFixture("csv", "business-days.csv", .init(regularization: .init(resample: .businessDays))).frame.series[0]
        #expect(every.timestamps.count == 8 && every.timestamps[4] == epoch(2024, 3, 13))
        #expect(close([every.columns[0][4]], [14]))
    }

    @Test func monthlyAndMonthEndSeries() throws {
        let m = try readFixture("csv", "monthly.csv").frame.series[0]
        #expect(m.interval == .months(1))
        #expect(m.timestamps == [epoch(2023, 11, 1), epoch(2023, 12, 1), epoch(2024, 1, 1), epoch(2024, 2, 1), epoch(2024, 3, 1)])
        let e = try readFixture("csv", "month-end.csv").frame.series[0]
        #expect(e.interval == .months(1))
        #expect(e.count == 4)
    }

    @Test func slashDatesTakeTheirOrderFromTheData() throws {
        let us = try readFixture("csv", "us-dates.csv")
        #expect(us.frame.series[0].timestamps.first == epoch(2023, 12, 30))
        #expect(us.layout.timestampForm == "MM/DD/YYYY")
        let dm = try readFixture("csv", "day-first-2digit.csv")
        #expect(dm.frame.series[0].timestamps == [epoch(2023, 12, 30), epoch(2023, 12, 31), epoch(2024, 1, 1)])
        #expect(dm.layout.timestampForm == "DD/MM/YY")
    }

    @Test func epochOffsetsAndCustomFormats() throws {
        #expect(try readFixture("csv", "epoch-ms.csv").frame.series[0].timestamps.first == epoch(2024, 3, 1))
        #expect(try readFixture("csv", "pipe.csv").frame.series[0].interval == .hour)
        let iso = try readFixture("csv", "iso-offsets.csv").frame.series[0]
        #expect(iso.timestamps == (0...3).map { epoch(2024, 3, 1, $0) })
        let custom = try readFixture("csv", "custom-format.csv", .init(timeFormat: "%d-%b-%Y %I:%M %p")).frame.series[0]
        #expect(custom.timestamps == (13...15).map { epoch(2024, 3, 1, $0) })
        let dotted = try readFixture("csv", "semicolon.csv", .init(targetDetection: .allNumeric)).frame.series[0]
        #expect(dotted.timestamps.first == epoch(2024, 3, 1, 8))
    }

    @Test func resampleIrregularMinutesToHourlySums() throws {
        let r = try readFixture("csv", "irregular-minutes.csv", .init(regularization: .init(resample: .hour, aggregation: .sum)))
        let s = r.frame.series[0]
        #expect(s.interval == .hour)
        #expect(s.timestamps == (0...2).map { epoch(2024, 3, 1, $0) })
        #expect(close(s.columns[0], [6, 4, 5]))
    }

    @Test func targetsAndFeaturesByNameAndIndex() throws {
        let r = try readFixture("csv", "features.csv", .init(targets: [.name("sales")], features: [.name("price"), .index(3)]))
        #expect(r.frame.targetColumns == ["sales"])
        #expect(r.frame.featureColumns == ["price", "promo"])
        #expect(close(r.frame.series[0].columns[2], [0, 1, 0]))
    }

    @Test func readsFromAPathAndNamesIt() throws {
        let path = FixturePaths.fixture("csv/daily-gap.csv").path
        #expect(try CSVFrameReader.read(path: path).report.source == path)
        #expect(throws: CSVError.self) { try CSVFrameReader.read(path: path + ".absent") }
    }
}
