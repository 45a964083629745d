import Testing
import TimeFrames

@Suite struct CivilTimeTests {
    @Test func epochIsThursdayMidnight() {
        let c = CivilDateTime(epochMilliseconds: 0)
        #expect(c == CivilDateTime(year: 1970, month: 1, day: 1))
        #expect(c.weekday == 3)
    }

    @Test func roundTripsEveryDayOverFourCenturies() {
        var previous = CivilDateTime.days(fromCivilYear: 1799, month: 12, day: 31)
        for year in 1800...2200 {
            for month in 1...12 {
                for day in 1...CivilDateTime.daysInMonth(year: year, month: month) {
                    let days = CivilDateTime.days(fromCivilYear: year, month: month, day: day)
                    #expect(days == previous + 1)
                    previous = days
                    let back = CivilDateTime.civil(fromDays: days)
                    #expect(back.year == year && back.month == month && back.day == day)
                }
            }
        }
    }

    @Test func knownInstants() {
        // 2024-02-29T12:34:56.789Z, checked with `date -u -d @1709210096.789`.
        let c = CivilDateTime(year: 2024, month: 2, day: 29, hour: 12, minute: 34, second: 56, millisecond: 789)
        #expect(c.epochMilliseconds == 1_709_210_096_789)
        #expect(CivilDateTime(epochMilliseconds: -1) == CivilDateTime(year: 1969, month: 12, day: 31, hour: 23, minute: 59, second: 59, millisecond: 999))
        #expect(c.description == "2024-02-29T12:34:56.789")
    }
}

@Suite struct SamplingIntervalTests {
    @Test func monthsClampDayAndCrossYears() {
        let jan31 = CivilDateTime(year: 2023, month: 1, day: 31).epochMilliseconds
        #expect(CivilDateTime(epochMilliseconds: SamplingInterval.months(1).advance(jan31, by: 1)) == CivilDateTime(year: 2023, month: 2, day: 28))
        #expect(CivilDateTime(epochMilliseconds: SamplingInterval.months(1).advance(jan31, by: -1)) == CivilDateTime(year: 2022, month: 12, day: 31))
        #expect(CivilDateTime(epochMilliseconds: SamplingInterval.months(12).advance(jan31, by: 2)) == CivilDateTime(year: 2025, month: 1, day: 31))
        let jan30 = CivilDateTime(year: 2023, month: 1, day: 30, hour: 6).epochMilliseconds
        #expect(CivilDateTime(epochMilliseconds: SamplingInterval.months(1).advance(jan30, by: 2)) == CivilDateTime(year: 2023, month: 3, day: 30, hour: 6))
    }

    /// A month-end series stays on month ends (a reviewer saw Apr 30 → May 30 → … and
    /// Feb 28 → Mar 28), and a series on the 30th is still regular through months that end on it.
    @Test func monthEndsStepToMonthEnds() {
        func day(_ y: Int, _ m: Int, _ d: Int) -> EpochMilliseconds { CivilDateTime(year: y, month: m, day: d).epochMilliseconds }
        let monthly = SamplingInterval.months(1)
        let fromApril = (1...4).map { CivilDateTime(epochMilliseconds: monthly.advance(day(2023, 4, 30), by: $0)) }
        #expect(fromApril == [CivilDateTime(year: 2023, month: 5, day: 31), CivilDateTime(year: 2023, month: 6, day: 30),
                              CivilDateTime(year: 2023, month: 7, day: 31), CivilDateTime(year: 2023, month: 8, day: 31)])
        #expect(CivilDateTime(epochMilliseconds: monthly.advance(day(2019, 2, 28), by: 1)) == CivilDateTime(year: 2019, month: 3, day: 31))
        #expect(CivilDateTime(epochMilliseconds: SamplingInterval.months(3).advance(day(2023, 6, 30), by: 1)) == CivilDateTime(year: 2023, month: 9, day: 30))
        #expect(CivilDateTime(epochMilliseconds: SamplingInterval.months(3).advance(day(2023, 9, 30), by: 1)) == CivilDateTime(year: 2023, month: 12, day: 31))
        // Both readings are one regular step.
        #expect(monthly.steps(from: day(2023, 4, 30), to: day(2023, 5, 30)) == 1)
        #expect(monthly.steps(from: day(2023, 4, 30), to: day(2023, 5, 31)) == 1)
        #expect(monthly.steps(from: day(2023, 2, 28), to: day(2023, 5, 31)) == 3)
        #expect(monthly.steps(from: day(2023, 4, 30), to: day(2023, 5, 29)) == nil)
    }

    @Test func businessDaysSkipWeekends() {
        let friday = CivilDateTime(year: 2024, month: 3, day: 1).epochMilliseconds
        #expect(CivilDateTime(epochMilliseconds: SamplingInterval.businessDays.advance(friday, by: 1)) == CivilDateTime(year: 2024, month: 3, day: 4))
        #expect(CivilDateTime(epochMilliseconds: SamplingInterval.businessDays.advance(friday, by: 5)) == CivilDateTime(year: 2024, month: 3, day: 8))
        #expect(CivilDateTime(epochMilliseconds: SamplingInterval.businessDays.advance(friday, by: -5)) == CivilDateTime(year: 2024, month: 2, day: 23))
    }

    @Test func parsesAndPrintsDurations() {
        for text in ["1h", "15m", "30s", "1d", "1w", "1b", "1mo", "3mo", "1y", "250ms"] {
            let interval = SamplingInterval(parsing: text)
            #expect(interval != nil, "\(text)")
            #expect(interval?.description == text)
        }
        #expect(SamplingInterval(parsing: "1q") == .months(3))
        #expect(SamplingInterval(parsing: "12") == nil)
        #expect(SamplingInterval(parsing: "0h") == nil)
        #expect(SamplingInterval(parsing: "h") == .hour)
    }
}
