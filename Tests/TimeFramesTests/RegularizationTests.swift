import Testing
import TimeFrames

private func day(_ y: Int, _ m: Int, _ d: Int, _ h: Int = 0) -> EpochMilliseconds {
    CivilDateTime(year: y, month: m, day: d, hour: h).epochMilliseconds
}

@Suite struct IntervalInferenceTests {
    @Test func fixedStepsWithGaps() {
        let t = [0, 1, 2, 4, 5].map { day(2024, 1, 1, $0) }
        #expect(SamplingInterval.infer(fromSorted: t) == .regular(.hour))
        #expect(SamplingInterval.infer(fromSorted: [day(2024, 1, 1)]) == .tooShort)
    }

    @Test func tradingDaysNeedAWeekendStep() {
        // Thu, Fri, Mon, Tue: weekdays only, one step over a weekend.
        #expect(SamplingInterval.infer(fromSorted: [7, 8, 11, 12].map { day(2024, 3, $0) }) == .regular(.businessDays))
        // Mon … Thu only: plain days.
        #expect(SamplingInterval.infer(fromSorted: [4, 5, 6, 7].map { day(2024, 3, $0) }) == .regular(.day))
        #expect(SamplingInterval.businessDays.steps(from: day(2024, 3, 8), to: day(2024, 3, 18)) == 6)
    }

    @Test func monthsQuartersAndMonthEnds() {
        #expect(SamplingInterval.infer(fromSorted: [1, 4, 7, 10].map { day(2024, $0, 15) }) == .regular(.months(3)))
        #expect(SamplingInterval.infer(fromSorted: [day(2024, 1, 31), day(2024, 2, 29), day(2024, 4, 30)]) == .regular(.months(1)))
    }

    @Test func irregularStepsAreReported() {
        let t = [day(2024, 1, 1, 0), day(2024, 1, 1, 1), day(2024, 1, 1, 2), day(2024, 1, 1, 2) + 25 * 60_000]
        guard case .irregular(let candidate, _, _) = SamplingInterval.infer(fromSorted: t) else {
            Issue.record("expected irregular"); return
        }
        #expect(candidate == .hour)
    }
}

@Suite struct SeriesRegularizerTests {
    func regularize(_ t: [EpochMilliseconds], _ v: [Double], _ options: RegularizationOptions = .init()) throws -> (TimeSeries, SeriesReport) {
        var s = TimeSeries(key: [], timestamps: t, columns: [v], interval: nil)
        var report = SeriesReport(name: "s", missing: [v.filter(\.isNaN).count], filled: [0])
        _ = try SeriesRegularizer.regularize(&s, columnNames: ["v"], options: options, report: &report)
        return (s, report)
    }

    /// Values here are small integers and halves, exact in binary, so the fills are exact.
    @Test(arguments: [(FillPolicy.interpolate, [1.0, 2, 3, 4]), (.ffill, [1, 1, 1, 4]), (.zero, [1, 0, 0, 4])])
    func fillsAGapAndAMissingValue(_ policy: FillPolicy, _ expected: [Double]) throws {
        let (s, r) = try regularize([day(2024, 1, 1), day(2024, 1, 2), day(2024, 1, 4)], [1, .nan, 4], .init(fill: policy))
        #expect(s.columns[0].map(\.bitPattern) == expected.map(\.bitPattern))
        #expect(r.gapRowsInserted == 1 && r.filled == [2])
    }

    /// Rows without any value before the first or after the last real one are dropped, not
    /// extrapolated (a forecast would start from them); zero fill keeps them, as asked.
    @Test func emptyEdgeRowsAreDroppedNotExtrapolated() throws {
        let t = (1...6).map { day(2024, 1, $0) }
        let (s, r) = try regularize(t, [.nan, 1, .nan, 3, .nan, .nan])
        #expect(s.timestamps == Array(t[1...3]) && s.columns[0].map(\.bitPattern) == [1.0, 2, 3].map(\.bitPattern))
        #expect(r.emptyEdgeRowsDropped == 3 && r.filled == [1])
        let (zero, z) = try regularize(t, [.nan, 1, .nan, 3, .nan, .nan], .init(fill: .zero))
        #expect(zero.count == 6 && z.emptyEdgeRowsDropped == 0 && z.filled == [4])
        // A row with a value in another column stays; the missing tail is filled and said so.
        var two = TimeSeries(key: [], timestamps: Array(t[0..<4]), columns: [[1, 2, .nan, .nan], [5, 6, 7, 8]], interval: nil)
        var report = SeriesReport(name: "s", missing: [2, 0], filled: [0, 0])
        let warnings = try SeriesRegularizer.regularize(&two, columnNames: ["v", "w"], options: .init(), report: &report)
        #expect(two.count == 4 && report.emptyEdgeRowsDropped == 0 && report.filled == [2, 0])
        #expect(warnings.contains { $0.contains("the last 2 values of column \"v\" (after 2024-01-02) are missing") }, "\(warnings)")
    }

    @Test func dropKeepsHolesAndErrorRefuses() throws {
        let (s, r) = try regularize([day(2024, 1, 1), day(2024, 1, 2), day(2024, 1, 4)], [1, .nan, 4], .init(fill: .drop))
        #expect(s.count == 2 && r.rowsDropped == 1 && s.interval == .fixed(milliseconds: 3 * 86_400_000))
        #expect(throws: RegularizationError.self) {
            _ = try regularize([day(2024, 1, 1), day(2024, 1, 3), day(2024, 1, 4)], [1, 2, 4], .init(fill: .error))
        }
    }

    @Test func resampleBucketsAndAggregates() throws {
        let t = [day(2024, 1, 1, 0) + 60_000, day(2024, 1, 1, 0) + 120_000, day(2024, 1, 1, 2) + 5_000]
        let (s, _) = try regularize(t, [1, 3, 5], .init(resample: .hour, aggregation: .max))
        #expect(s.timestamps == [day(2024, 1, 1, 0), day(2024, 1, 1, 1), day(2024, 1, 1, 2)])
        #expect(s.columns[0].map(\.bitPattern) == [3.0, 4, 5].map(\.bitPattern))   // hour 1 interpolated
    }

    /// Trading days of March 2024 around Good Friday (29 Mar, NYSE closed) plus a two-week hole:
    /// the holiday is skipped (no invented price), the long hole is a gap and is filled; with
    /// --resample 1b every weekday gets a row.
    @Test func businessDayClosuresAreSkippedNotInvented() throws {
        let tradingDays = [25, 26, 27, 28].map { day(2024, 3, $0) } + [1, 2, 3, 4, 5].map { day(2024, 4, $0) }
            + [22, 23].map { day(2024, 4, $0) }   // 8–19 April missing: ten weekdays, a gap
        let values = (0..<tradingDays.count).map { Double($0) }
        let (s, r) = try regularize(tradingDays, values)
        #expect(s.interval == .businessDays)
        #expect(r.closedWeekdaysSkipped == 1, "Good Friday")
        #expect(r.gapRowsInserted == 10 && r.filled == [10], "the two-week hole is not a closure")
        #expect(!s.timestamps.contains(day(2024, 3, 29)), "no row for the holiday")
        #expect(s.timestamps.contains(day(2024, 4, 8)) && s.timestamps.contains(day(2024, 4, 19)))
        #expect(s.columns[0][3].bitPattern == 3.0.bitPattern && s.columns[0][4].bitPattern == 4.0.bitPattern,
                "Thursday then Monday, with nothing between")

        let (every, filled) = try regularize(tradingDays, values, .init(resample: .businessDays))
        #expect(filled.closedWeekdaysSkipped == 0 && filled.gapRowsInserted == 11)
        #expect(every.timestamps.contains(day(2024, 3, 29)))

        let (strict, counted) = try regularize(tradingDays, values, .init(maxClosedWeekdays: 0))
        #expect(counted.gapRowsInserted == 11 && strict.count == tradingDays.count + 11)
        // --fill error no longer fails on a holiday, only on the real gap.
        #expect(throws: RegularizationError.self) { _ = try regularize(tradingDays, values, .init(fill: .error)) }
        _ = try regularize(Array(tradingDays.prefix(9)), Array(values.prefix(9)), .init(fill: .error))
    }
}

@Suite struct IngestReportTests {
    @Test func changesAndInventedRows() {
        var report = IngestReport(source: "x.csv", rowsRead: 100)
        report.series = [SeriesReport(name: "a", rowsRead: 100, missing: [0], filled: [300], gapRowsInserted: 300)]
        #expect(report.changes == ["300 missing rows inserted", "300 missing values filled"])
        #expect(report.inventedRowsWarning()?.hasPrefix("300 of 400 rows (75%) were not in the file") == true)
        report.series[0].gapRowsInserted = 20
        report.series[0].closedWeekdaysSkipped = 9
        #expect(report.inventedRowsWarning() == nil, "20 of 120 rows is under a quarter")
        #expect(report.changes.first == "9 weekdays without a row skipped as market closures (holidays), not filled")
        #expect(IngestReport(source: "y.csv").changes.isEmpty)
    }
}
