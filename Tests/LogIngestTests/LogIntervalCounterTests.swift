import Testing
import TimeFrames
@testable import LogIngest

@Suite("Streaming counter: completed intervals, silence, late lines")
struct LogIntervalCounterTests {
    func line(_ minute: Int, _ second: Int, _ level: String = "INFO") -> String {
        "2024-01-01T00:\(minute < 10 ? "0" : "")\(minute):\(second < 10 ? "0" : "")\(second)Z \(level) x"
    }

    @Test("an interval is emitted when a line of a later interval arrives; gaps come out as zeros")
    func emitsCompleted() throws {
        var counter = try LogIntervalCounter(options: LogCountOptions())
        #expect(counter.feed(line(0, 1)).isEmpty)
        #expect(counter.feed(line(0, 59)).isEmpty)
        let out = counter.feed(line(3, 0))
        #expect(out.map(\.start) == [utc(2024, 1, 1, 0, 0), utc(2024, 1, 1, 0, 1), utc(2024, 1, 1, 0, 2)])
        #expect(out.map(\.counts) == [[2], [0], [0]])
        #expect(counter.finish().map(\.counts) == [[1]])
    }

    @Test("closeIntervals(before:) shows a silent log as zeros")
    func silenceByClock() throws {
        var counter = try LogIntervalCounter(options: LogCountOptions())
        _ = counter.feed(line(0, 10))
        #expect(counter.closeIntervals(before: utc(2024, 1, 1, 0, 0, 59)).isEmpty)
        let out = counter.closeIntervals(before: utc(2024, 1, 1, 0, 2, 30))
        #expect(out.map(\.counts) == [[1], [0]])
        #expect(counter.finish().isEmpty)
    }

    @Test("lateness keeps intervals open; older lines are reported late, not counted")
    func lateness() throws {
        var counter = try LogIntervalCounter(options: LogCountOptions(), lateness: 30_000)
        _ = counter.feed(line(0, 50))
        #expect(counter.feed(line(1, 20)).isEmpty)      // 00:00 still open: 01:20 - 30 s < 01:00
        #expect(counter.feed(line(0, 55)).isEmpty)      // counted in 00:00
        let out = counter.feed(line(1, 31))
        #expect(out.map(\.counts) == [[2]])
        _ = counter.feed(line(0, 58))                   // 00:00 is gone
        #expect(counter.report.lateLines == 1)
        #expect(counter.finish().map(\.counts) == [[2]])
    }

    @Test("keys that appear later are zero in the intervals before; each interval lists its keys")
    func growingKeys() throws {
        var counter = try LogIntervalCounter(options: LogCountOptions(by: .field("level")))
        _ = counter.feed(line(0, 1, "INFO"))
        let first = counter.feed(line(1, 1, "ERROR"))
        // ERROR is known by the time 00:00 completes, so it is listed with a zero.
        #expect(first == [LogInterval(start: utc(2024, 1, 1, 0, 0), keys: ["INFO", "ERROR"], counts: [1, 0])])
        let second = counter.feed(line(2, 0, "INFO"))
        #expect(second == [LogInterval(start: utc(2024, 1, 1, 0, 1), keys: ["INFO", "ERROR"], counts: [0, 1])])
    }

    @Test("memory stays bounded: a long time-ordered stream keeps only the open interval")
    func boundedMemory() throws {
        var counter = try LogIntervalCounter(options: LogCountOptions(every: .second))
        var emitted = 0
        for s in 0..<5000 {
            let t = utc(2024, 1, 1, 0, 0) + Int64(s) * 1000
            emitted += counter.feed(ISO8601Text.format(t, dateOnly: false) + "Z tick").count
        }
        #expect(emitted == 4999)
        #expect(counter.openIntervalCount == 1)
    }
}
