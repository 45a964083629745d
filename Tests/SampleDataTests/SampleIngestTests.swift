import Testing
import TimeFrames
import CSVIngest
@testable import SampleData

/// Every CSV sample must read with CSVIngest's defaults (what `forecast inspect` does) as
/// regular series with nothing missing: the built-in data is the demo's input.
@Suite("Every sample parses with CSVIngest")
struct SampleIngestTests {
    struct Expectation: Sendable {
        var kind: SampleKind
        var interval: SamplingInterval
        var series: Int
        var targets: [String]
        var ids: [String]
    }

    static let expectations: [Expectation] = [
        Expectation(kind: .stock, interval: .businessDays, series: 1,
                    targets: ["open", "high", "low", "close", "volume"], ids: []),
        Expectation(kind: .weather, interval: .hour, series: 1,
                    targets: ["temperature", "humidity", "pressure", "wind_speed"], ids: []),
        Expectation(kind: .sales, interval: .day, series: 12, targets: ["sales", "promo", "holiday"], ids: ["store", "item"]),
        Expectation(kind: .metrics, interval: .minute, series: 1, targets: ["value"], ids: []),
    ]

    @Test("default-length samples read as regular series, no gaps or missing values",
          arguments: expectations.map(\.kind))
    func parses(kind: SampleKind) throws {
        let e = try #require(Self.expectations.first { $0.kind == kind })
        let sample = try SampleData.generate(kind)
        let result = try CSVFrameReader.read(bytes: Array(sample.text.utf8), name: "\(kind).csv",
                                             options: CSVReadOptions(targetDetection: .allNumeric))
        #expect(result.frame.targetColumns == e.targets)
        #expect(result.frame.idColumns == e.ids)
        #expect(result.frame.series.count == e.series)
        let rows = sample.text.utf8.reduce(0) { $1 == 10 ? $0 + 1 : $0 } - 1
        #expect(result.report.rowsRead == rows)
        for (series, report) in zip(result.frame.series, result.report.series) {
            #expect(series.interval == e.interval)
            #expect(report.gapRowsInserted == 0)
            #expect(report.missing.allSatisfy { $0 == 0 })
            #expect(!report.wasUnsorted)
        }
    }
}
