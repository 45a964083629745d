import Foundation
import Testing
import _TestSupport

/// Runs the built `forecast backtest` binary (built beside the test bundle by `swift test`).
@Suite struct BacktestCLITests {
    static var binary: URL? {
        // The test runner lives in the build folder (…/debug/forecastPackageTests.xctest); so does forecast.
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let candidates = [runner.deletingLastPathComponent(), Bundle.main.bundleURL.deletingLastPathComponent(),
                          FixturePaths.repositoryRoot.appendingPathComponent(".build/debug")]
        for candidate in candidates {
            let url = candidate.appendingPathComponent("forecast")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return nil
    }

    static func run(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = try #require(binary, "the forecast binary next to the tests")
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out; process.standardError = err
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bt-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func writesEveryReportOnTheSampleWeather() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = FixturePaths.fixture("samples/weather.csv").path
        let r = try Self.run(["backtest", csv, "--target", "temperature", "--folds", "2", "--horizon", "12",
                              "--json", dir.appendingPathComponent("r.json").path,
                              "--markdown", dir.appendingPathComponent("r.md").path,
                              "--report", dir.appendingPathComponent("r.html").path])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("backtest of temperature: 1 series, 2 folds × 12 steps"))
        #expect(r.out.contains("seasonal naive") && r.out.contains("Holt-Winters"))
        for name in ["r.json", "r.md", "r.html"] {
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(name).path), "\(name)")
        }
        let quiet = try Self.run(["backtest", csv, "--target", "temperature", "--folds", "2", "--horizon", "12", "--quiet"])
        #expect(quiet.status == 0 && quiet.out.isEmpty)
    }

    @Test func badOptionsAndUnwritableReportsFailCleanly() throws {
        let csv = FixturePaths.fixture("samples/weather.csv").path
        let bad = try Self.run(["backtest", csv, "--target", "temperature", "--retrain", "sometimes"])
        #expect(bad.status != 0 && bad.err.contains("--retrain 'sometimes'"))
        let long = try Self.run(["backtest", csv, "--target", "temperature", "--folds", "500", "--horizon", "24"])
        #expect(long.status != 0 && long.err.contains("needs at least"))
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = dir.appendingPathComponent("no/such/folder/r.html").path
        let unwritable = try Self.run(["backtest", csv, "--target", "temperature", "--folds", "2", "--horizon", "6", "--quiet", "--report", missing])
        #expect(unwritable.status != 0 && unwritable.err.contains("cannot write"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }
}
