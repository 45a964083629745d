import Foundation
import Testing
import TimeFrames
@testable import Windowing

@Suite struct CalendarTests {
    func encode(_ c: CivilDateTime, _ features: [CalendarFeature]) -> [Float] {
        var out = [Float](repeating: 0, count: 2 * features.count)
        out.withUnsafeMutableBufferPointer { CalendarFeature.encode(features, at: c.epochMilliseconds, into: $0.baseAddress!) }
        return out
    }

    @Test func knownDates() {
        // 2024-03-10 18:00 is a Sunday: hour phase 3/4, weekday 6/7, month (March) 2/12.
        let v = encode(CivilDateTime(year: 2024, month: 3, day: 10, hour: 18), [.hourOfDay, .dayOfWeek, .monthOfYear])
        let want = [sin(1.5 * Double.pi), cos(1.5 * Double.pi), sin(2 * Double.pi * 6 / 7), cos(2 * Double.pi * 6 / 7),
                    sin(Double.pi / 3), cos(Double.pi / 3)]
        for (a, b) in zip(v, want) { #expect(abs(Double(a) - b) < 1e-6) } // Float32 rounding of sin/cos
        // Midnight on Monday 1 January: every phase is 0 → (sin, cos) = (0, 1).
        #expect(encode(CivilDateTime(year: 2024, month: 1, day: 1), [.hourOfDay, .dayOfWeek, .monthOfYear]) == [0, 1, 0, 1, 0, 1])
        // 23:30 sits just before midnight on the circle.
        let late = encode(CivilDateTime(year: 2024, month: 1, day: 1, hour: 23, minute: 30), [.hourOfDay])
        #expect(abs(Double(late[0]) - sin(2 * Double.pi * 23.5 / 24)) < 1e-6 && late[1] > 0.99)
    }

    @Test func defaultsFollowTheInterval() {
        #expect(CalendarFeature.defaults(for: .hour).features == [.hourOfDay, .dayOfWeek, .monthOfYear])
        #expect(CalendarFeature.defaults(for: .minute).features == [.hourOfDay, .dayOfWeek, .monthOfYear])
        #expect(CalendarFeature.defaults(for: .day).features == [.dayOfWeek, .monthOfYear])
        #expect(CalendarFeature.defaults(for: .businessDays).features == [.dayOfWeek, .monthOfYear])
        #expect(CalendarFeature.defaults(for: .week).features == [.monthOfYear])
        #expect(CalendarFeature.defaults(for: .months(1)).features == [.monthOfYear])
        #expect(CalendarFeature.defaults(for: .months(12)).features == [])
        #expect(CalendarFeature.defaults(for: .hour).reason == "calendar features hour of day, day of week, month of year (sine/cosine pairs) for hourly data")
        #expect(CalendarFeature.defaults(for: nil).features == [])
    }

    @Test func futureCalendarContinuesTheSeries() throws {
        let layout = WindowLayout(spec: try WindowSpec(lookback: 2, horizon: 2), target: "y", calendar: [.dayOfWeek])
        // Friday 2024-01-05 → next business days are Monday and Tuesday.
        let friday = CivilDateTime(year: 2024, month: 1, day: 5).epochMilliseconds
        let f = layout.futureCalendar(after: friday, interval: .businessDays, steps: 2)
        #expect(f.timestamps.map { CivilDateTime(epochMilliseconds: $0).weekday } == [0, 1])
        #expect(f.values[0] == 0 && f.values[1] == 1) // Monday: phase 0
    }
}
