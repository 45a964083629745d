import Foundation
import Testing
import TimeFrames
@testable import SampleData
import _TestSupport

/// The committed files under Fixtures/samples and the options that made them. The test
/// regenerates each and compares bytes, so the fixtures and the generator cannot drift apart and
/// a platform difference (libm, formatting) shows up on the machine that has it.
/// After a deliberate change to a generator: `UPDATE_SAMPLE_FIXTURES=1 swift test --filter SampleFixtureTests`.
enum SampleFixtures {
    struct Entry: Sendable {
        var file: String
        var kind: SampleKind
        var options: SampleOptions
        var labelsFile: String?
    }

    static let entries: [Entry] = [
        Entry(file: "stock.csv", kind: .stock, options: SampleOptions(length: 250)),
        Entry(file: "weather.csv", kind: .weather, options: SampleOptions(length: 24 * 21)),
        Entry(file: "sales.csv", kind: .sales, options: SampleOptions(length: 120)),
        Entry(file: "metrics.csv", kind: .metrics, options: SampleOptions(length: 1440), labelsFile: "metrics_labels.json"),
        Entry(file: "access.log", kind: .log,
              options: SampleOptions(length: 120, start: CivilDateTime(year: 2024, month: 3, day: 4, hour: 12), requestsPerMinute: 1),
              labelsFile: "access_labels.json"),
    ]
}

@Suite("Sample fixtures stay in sync with the generator")
struct SampleFixtureTests {
    @Test("each committed fixture is byte-identical to a fresh generation", arguments: SampleFixtures.entries.map(\.file))
    func regenerate(file: String) throws {
        let entry = try #require(SampleFixtures.entries.first { $0.file == file })
        let sample = try SampleData.generate(entry.kind, options: entry.options)
        var expected: [(String, String)] = [(entry.file, sample.text)]
        if let labels = entry.labelsFile { expected.append((labels, sample.labelWindowsJSON(key: entry.file))) }
        for (name, text) in expected {
            let url = FixturePaths.fixture("samples/" + name)
            if ProcessInfo.processInfo.environment["UPDATE_SAMPLE_FIXTURES"] == "1" {
                try Data(text.utf8).write(to: url, options: .atomic)
            }
            let committed = try Data(contentsOf: url)
            #expect(committed == Data(text.utf8), "Fixtures/samples/\(name) differs from the generator's output")
            // Tens of KB: small enough for git, large enough to test against.
            #expect(committed.count < 80_000)
        }
    }

    @Test("the same seed gives the same bytes; another seed gives others")
    func seeds() throws {
        for kind in SampleKind.allCases {
            let a = try SampleData.generate(kind, options: SampleOptions(seed: 7, length: kind == .metrics ? 720 : 100))
            let b = try SampleData.generate(kind, options: SampleOptions(seed: 7, length: kind == .metrics ? 720 : 100))
            let c = try SampleData.generate(kind, options: SampleOptions(seed: 8, length: kind == .metrics ? 720 : 100))
            #expect(a.text == b.text)
            #expect(a.text != c.text)
        }
    }

    @Test("lengths and options out of range are typed errors")
    func invalidOptions() {
        #expect(throws: SampleDataError.invalidLength(kind: .metrics, value: 10, expected: "720...10000000 minutes")) {
            try SampleData.generate(.metrics, options: SampleOptions(length: 10))
        }
        #expect(throws: SampleDataError.self) { try SampleData.generate(.stock, options: SampleOptions(length: 0)) }
        #expect(throws: SampleDataError.self) { try SampleData.generate(.sales, options: SampleOptions(stores: 0)) }
        #expect(throws: SampleDataError.self) { try SampleData.generate(.log, options: SampleOptions(requestsPerMinute: -1)) }
        #expect(SampleOptions.parseStart("2024-02-30") == nil)
        #expect(SampleOptions.parseStart("2024-02-29T13:05") == CivilDateTime(year: 2024, month: 2, day: 29, hour: 13, minute: 5))
    }
}
