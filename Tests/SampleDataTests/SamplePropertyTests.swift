import Foundation
import Testing
import TimeFrames
import LogIngest
@testable import SampleData

/// Splits generated CSV text into a header and rows of fields (the samples never quote).
func table(_ text: String) -> (header: [String], rows: [[String]]) {
    let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    return (lines[0], Array(lines.dropFirst()))
}

func mean(_ v: [Double]) -> Double { v.reduce(0, +) / Double(max(1, v.count)) }

func correlation(_ a: [Double], _ b: [Double]) -> Double {
    let ma = mean(a), mb = mean(b)
    var sab = 0.0, saa = 0.0, sbb = 0.0
    for (x, y) in zip(a, b) { sab += (x - ma) * (y - mb); saa += (x - ma) * (x - ma); sbb += (y - mb) * (y - mb) }
    return sab / (saa * sbb).squareRoot()
}

/// Days since the epoch of `YYYY-MM-DD…`.
func dayNumber(_ text: String) -> Int {
    let p = text.prefix(10).split(separator: "-").compactMap { Int($0) }
    return CivilDateTime.days(fromCivilYear: p[0], month: p[1], day: p[2])
}

@Suite("Statistical properties of the samples")
struct SamplePropertyTests {
    @Test("stock: weekdays only, consistent OHLC, realistic volatility that clusters")
    func stock() throws {
        let (header, rows) = table(try SampleData.generate(.stock, options: SampleOptions(length: 2000)).text)
        #expect(header == ["date", "open", "high", "low", "close", "volume"])
        #expect(rows.count == 2000)
        #expect(rows.allSatisfy { CivilDateTime.weekday(ofDays: dayNumber($0[0])) < 5 })
        let days = rows.map { dayNumber($0[0]) }
        #expect(zip(days, days.dropFirst()).allSatisfy { $1 - $0 == 1 || $1 - $0 == 3 }) // next weekday, no gaps
        for r in rows {
            let (o, h, l, c) = (Double(r[1])!, Double(r[2])!, Double(r[3])!, Double(r[4])!)
            #expect(h >= max(o, c) && l <= min(o, c) && l > 0)
            #expect((Int(r[5]) ?? 0) > 0)
        }
        let close = rows.map { Double($0[4])! }
        let returns = zip(close, close.dropFirst()).map { Foundation.log($1 / $0) }
        let sd = (mean(returns.map { $0 * $0 }) - mean(returns) * mean(returns)).squareRoot()
        #expect(sd > 0.012 && sd < 0.022) // long-run daily volatility is 1.6%
        // Volatility clusters: |r| is autocorrelated (about 0.15 for α=0.08, β=0.90). With 2000
        // returns the standard error is ~0.022, so > 0.06 is a clear signal and i.i.d. would fail.
        let absolute = returns.map(abs)
        #expect(correlation(Array(absolute.dropLast()), Array(absolute.dropFirst())) > 0.06)
        // Volume rises with the size of the move.
        #expect(correlation(absolute, rows.dropFirst().map { Double($0[5])! }) > 0.3)
    }

    @Test("weather: daily and yearly cycles, humidity falls as temperature rises, wind with low pressure")
    func weather() throws {
        let (header, rows) = table(try SampleData.generate(.weather, options: SampleOptions(length: 24 * 365)).text)
        #expect(header == ["time", "temperature", "humidity", "pressure", "wind_speed"])
        let hour = rows.map { Int($0[0].dropFirst(11).prefix(2))! }
        let month = rows.map { Int($0[0].dropFirst(5).prefix(2))! }
        let t = rows.map { Double($0[1])! }, h = rows.map { Double($0[2])! }
        let p = rows.map { Double($0[3])! }, w = rows.map { Double($0[4])! }
        let afternoon = mean(zip(hour, t).filter { $0.0 == 15 }.map(\.1))
        let night = mean(zip(hour, t).filter { $0.0 == 4 }.map(\.1))
        #expect(afternoon - night > 4)
        let july = mean(zip(month, t).filter { $0.0 == 7 }.map(\.1))
        let january = mean(zip(month, t).filter { $0.0 == 1 }.map(\.1))
        #expect(july - january > 12)
        #expect(correlation(t, h) < -0.3)
        #expect(correlation(p, w) < -0.5)
        #expect(h.allSatisfy { $0 > 0 && $0 <= 100 })
        #expect(p.allSatisfy { $0 > 960 && $0 < 1060 })
        #expect(w.allSatisfy { $0 >= 0 })
    }

    @Test("sales: weekly and yearly seasonality, promotion lift, closed holidays, stock-outs at zero")
    func sales() throws {
        let sample = try SampleData.generate(.sales, options: SampleOptions(length: 730, stores: 2, items: 3))
        let (header, rows) = table(sample.text)
        #expect(header == ["date", "store", "item", "sales", "promo", "holiday"])
        #expect(rows.count == 730 * 6)
        let sales = rows.map { Double($0[3])! }
        let weekday = rows.map { CivilDateTime.weekday(ofDays: dayNumber($0[0])) }
        let saturday = mean(zip(weekday, sales).filter { $0.0 == 5 }.map(\.1))
        let tuesday = mean(zip(weekday, sales).filter { $0.0 == 1 }.map(\.1))
        #expect(saturday / tuesday > 1.4) // the weekday factors are 1.35 / 0.80
        let december = mean(zip(rows, sales).filter { $0.0[0].dropFirst(5).hasPrefix("12") && $0.0[5] == "0" }.map(\.1))
        let june = mean(zip(rows, sales).filter { $0.0[0].dropFirst(5).hasPrefix("06") }.map(\.1))
        #expect(december / june > 1.25)
        let promo = mean(zip(rows, sales).filter { $0.0[4] == "1" && $0.0[5] == "0" }.map(\.1))
        let plain = mean(zip(rows, sales).filter { $0.0[4] == "0" && $0.0[5] == "0" }.map(\.1))
        #expect(promo / plain > 1.2)
        #expect(rows.filter { $0[0].hasSuffix("-12-25") || $0[0].hasSuffix("-01-01") }.allSatisfy { $0[3] == "0" && $0[5] == "1" })
        let stockOuts = sample.events.filter { $0.kind == .stockOut }
        #expect(stockOuts.count >= 2)
        for event in stockOuts {
            let parts = try #require(event.series?.split(separator: "/").map(String.init))
            let days = rows.filter { $0[1] == parts[0] && $0[2] == parts[1] }
                .filter { Int64(dayNumber($0[0])) * 86_400_000 >= event.start && Int64(dayNumber($0[0])) * 86_400_000 <= event.end }
            #expect(!days.isEmpty && days.allSatisfy { $0[3] == "0" })
        }
    }

    @Test("metrics: anomalies are where the labels say, and nothing like them elsewhere")
    func metrics() throws {
        let sample = try SampleData.generate(.metrics)
        let (header, rows) = table(sample.text)
        #expect(header == ["timestamp", "value"])
        let values = rows.map { Double($0[1])! }
        let t0 = CivilDateTime(year: 2024, month: 3, day: 4).epochMilliseconds
        func index(_ t: EpochMilliseconds) -> Int { Int((t - t0) / 60_000) }
        #expect(Set(sample.events.map(\.kind)) == [.spike, .dropout, .levelShift])
        var flagged = Set<Int>()
        for e in sample.events {
            let window = try #require(e.window)
            #expect(window.contains(e.start))
            let (a, b) = (index(e.start), index(e.end))
            #expect(a >= 648) // after NAB's probationary 15%
            let before = mean(Array(values[(a - 60)..<a]))
            switch e.kind {
            case .spike: #expect(values[a...b].allSatisfy { $0 - before > 15 })
            case .dropout: #expect(values[a...b].allSatisfy { $0 == 0 })
            default: #expect(mean(Array(values[a..<min(values.count, a + 120)])) - before > 10)
            }
            flagged.formUnion(index(window.lowerBound)...index(window.upperBound))
        }
        // Outside the windows (and before the level shift) no point is a spike or a drop-out:
        // the noise has a standard deviation of about 2.8, so 15 is more than 5 of them.
        let shift = index(try #require(sample.events.last).start)
        for i in 15..<(shift - 1) where !flagged.contains(i) {
            let local = Array(values[(i - 15)..<i]).sorted()[7]
            #expect(abs(values[i] - local) < 15, "unlabelled jump at row \(i + 2)")
        }
        // The labels JSON parses and lists the same windows.
        let json = try JSONSerialization.jsonObject(with: Data(sample.labelWindowsJSON(key: "metrics.csv").utf8)) as? [String: [[String]]]
        #expect(json?["metrics.csv"]?.count == sample.events.count)
        #expect(json?["metrics.csv"]?.first?.first?.hasSuffix(".000000") == true)
    }

    @Test("log: nginx combined lines that LogIngest reads; 5xx burst and a drop to zero where labelled")
    func log() throws {
        let sample = try SampleData.generate(.log, options: SampleOptions(length: 480, start: CivilDateTime(year: 2024, month: 3, day: 4, hour: 8)))
        let lines = sample.text.split(separator: "\n")
        let all = try LogIngest.count(lines: lines, source: "sample")
        #expect(all.report.format == .accessLog)
        #expect(all.report.unparsedLines == 0)
        let total = try #require(all.frame.series.first)
        let burst = try #require(sample.events.first { $0.kind == .errorBurst })
        let outage = try #require(sample.events.first { $0.kind == .outage })
        func rows(_ e: SampleEvent) -> [Int] { total.timestamps.indices.filter { total.timestamps[$0] >= e.start && total.timestamps[$0] <= e.end } }
        #expect(rows(outage).count >= 5)
        #expect(rows(outage).allSatisfy { total.columns[0][$0] == 0 })
        // Elsewhere traffic never stops for 3 minutes running (mean ≥ 3.6 requests a minute here).
        let outageRows = Set(rows(outage))
        let zeros = total.columns[0].indices.filter { total.columns[0][$0] == 0 && !outageRows.contains($0) }
        #expect(!zeros.indices.contains { $0 >= 2 && zeros[$0] - zeros[$0 - 2] == 2 })

        let errors = try LogIngest.count(lines: lines, source: "sample",
                                         options: LogCountOptions(by: .field("status_class")))
        let fiveXX = try #require(errors.frame.series.first { $0.key == ["5xx"] })
        let inBurst = rows(burst).map { fiveXX.columns[0][$0] }
        let outside = fiveXX.columns[0].indices.filter { !rows(burst).contains($0) }.map { fiveXX.columns[0][$0] }
        #expect(mean(inBurst) > 10 * max(mean(outside), 0.05))
        #expect(burst.window.map { $0.contains(burst.start) } == true)
    }

    @Test("log as syslog: RFC 3164 lines that LogIngest reads; errors at user.err burst, then silence, where labelled")
    func syslog() throws {
        let options = SampleOptions(length: 480, start: CivilDateTime(year: 2024, month: 3, day: 4, hour: 8), logFormat: .syslog)
        let sample = try SampleData.generate(.log, options: options)
        let nginx = try SampleData.generate(.log, options: SampleOptions(length: 480, start: CivilDateTime(year: 2024, month: 3, day: 4, hour: 8)))
        #expect(sample.events == nginx.events) // the same incident in either format
        let lines = sample.text.split(separator: "\n")
        let bySeverity = try LogIngest.count(lines: lines, source: "syslog",
                                             options: LogCountOptions(by: .field("severity"), year: 2024))
        #expect(bySeverity.report.format == .rfc3164)
        #expect(bySeverity.report.unparsedLines == 0)
        #expect(bySeverity.frame.series.first?.timestamps.first == CivilDateTime(year: 2024, month: 3, day: 4, hour: 8).epochMilliseconds)
        let err = try #require(bySeverity.frame.series.first { $0.key == ["err"] })
        let info = try #require(bySeverity.frame.series.first { $0.key == ["info"] })
        let burst = try #require(sample.events.first { $0.kind == .errorBurst })
        let outage = try #require(sample.events.first { $0.kind == .outage })
        let inBurst = err.timestamps.indices.filter { err.timestamps[$0] >= burst.start && err.timestamps[$0] <= burst.end }
        let elsewhere = err.timestamps.indices.filter { !inBurst.contains($0) }
        #expect(mean(inBurst.map { err.columns[0][$0] }) > 10 * max(mean(elsewhere.map { err.columns[0][$0] }), 0.05))
        let silent = info.timestamps.indices.filter { info.timestamps[$0] >= outage.start && info.timestamps[$0] <= outage.end }
        #expect(silent.count >= 5 && silent.allSatisfy { info.columns[0][$0] == 0 && err.columns[0][$0] == 0 })
    }
}
