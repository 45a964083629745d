import Foundation
import Testing
import _TestSupport

/// Runs the built `forecast sample` binary: its output must be the committed fixtures, byte for byte.
@Suite struct SampleCLITests {
    @Test func stdoutIsTheFixture() throws {
        let r = try ForecastBinary.run(["sample", "stock", "--length", "250"])
        #expect(r.status == 0, "\(r.err)")
        let fixture = try String(contentsOf: FixturePaths.fixture("samples/stock.csv"), encoding: .utf8)
        #expect(r.out == fixture)
    }

    @Test func outputAndLabelsFiles() throws {
        let dir = try ForecastBinary.folder(prefix: "sample-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("access.log"), labels = dir.appendingPathComponent("labels.json")
        let r = try ForecastBinary.run(["sample", "log", "--length", "120", "--start", "2024-03-04T12:00", "--rate", "1",
                                          "-o", csv.path, "--labels", labels.path])
        #expect(r.status == 0 && r.out.isEmpty, "\(r.err)")
        #expect(try Data(contentsOf: csv) == Data(contentsOf: FixturePaths.fixture("samples/access.log")))
        // The key is the output file's name, as in the fixture.
        #expect(try Data(contentsOf: labels) == Data(contentsOf: FixturePaths.fixture("samples/access_labels.json")))
    }

    @Test func badOptionsFailWithTheOptionNamed() throws {
        let labels = try ForecastBinary.run(["sample", "sales", "--labels", "x.json"])
        #expect(labels.status == 64 && labels.err.contains("--labels applies to 'metrics' and 'log' only"))
        let short = try ForecastBinary.run(["sample", "metrics", "--length", "10"])
        #expect(short.status == 64 && short.err.contains("--length 10: for 'metrics' expected 720...10000000 minutes"))
        let start = try ForecastBinary.run(["sample", "weather", "--start", "2024-02-30"])
        #expect(start.status == 64 && start.err.contains("--start '2024-02-30'"))
        // A start between two rows of the kind's grid is refused, not moved to the row before.
        let between = try ForecastBinary.run(["sample", "weather", "--start", "2024-01-01T23:30"])
        #expect(between.status == 64 && between.err.contains("'weather' is hourly"), "\(between.err)")
        let timeOfDay = try ForecastBinary.run(["sample", "sales", "--start", "2024-01-01T10:00"])
        #expect(timeOfDay.status == 64 && timeOfDay.err.contains("'sales' is daily"), "\(timeOfDay.err)")
        let kind = try ForecastBinary.run(["sample", "bonds"])
        #expect(kind.status == 64 && kind.err.contains("'bonds'"))
        let unwritable = try ForecastBinary.run(["sample", "stock", "-o", "/nonexistent-dir/stock.csv"])
        #expect(unwritable.status == 73 && unwritable.err.contains("/nonexistent-dir/stock.csv: cannot write the sample: the folder /nonexistent-dir does not exist"))
        let otherKind = try ForecastBinary.run(["sample", "stock", "--rate", "5"])
        #expect(otherKind.status == 64 && otherKind.err.contains("--rate applies to 'log' only, not 'stock'"), "\(otherKind.err)")
        let stores = try ForecastBinary.run(["sample", "weather", "--stores", "2"])
        #expect(stores.status == 64 && stores.err.contains("--stores applies to 'sales' only"), "\(stores.err)")
    }

    /// A --labels path that cannot be written is found before the sample is written: no lone file.
    @Test func badLabelsPathWritesNothing() throws {
        let dir = try ForecastBinary.folder(prefix: "sample-labels")
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try ForecastBinary.run(["sample", "metrics", "-o", dir.appendingPathComponent("m.csv").path,
                                        "--labels", dir.appendingPathComponent("no/l.json").path])
        #expect(r.status == 73 && r.err.contains("no/l.json: cannot write the sample: the folder"), "\(r.err)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }
}
