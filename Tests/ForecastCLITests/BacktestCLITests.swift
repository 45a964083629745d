import Foundation
import Testing
import _TestSupport

/// Runs the built `forecast backtest` binary (built beside the test bundle by `swift test`).
@Suite struct BacktestCLITests {
    @Test func writesEveryReportOnTheSampleWeather() throws {
        let dir = try ForecastBinary.folder(prefix: "bt-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = FixturePaths.fixture("samples/weather.csv").path
        let r = try ForecastBinary.run(["backtest", csv, "--target", "temperature", "--folds", "2", "--horizon", "12",
                              "--json", dir.appendingPathComponent("r.json").path,
                              "--markdown", dir.appendingPathComponent("r.md").path,
                              "--report", dir.appendingPathComponent("r.html").path])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("backtest of temperature: 1 series, 2 folds × 12 steps"))
        #expect(r.out.contains("seasonal naive") && r.out.contains("Holt-Winters"))
        for name in ["r.json", "r.md", "r.html"] {
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(name).path), "\(name)")
        }
        #expect(r.out.contains("rank: by MASE"))
        // The JSON labels every number: each by-fold entry names its model and fold.
        let data = try Data(contentsOf: dir.appendingPathComponent("r.json"))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["format"] as? String == "forecast-backtest" && object["version"] as? Int == 2)
        let byFold = try #require(object["by_fold"] as? [[String: Any]])
        #expect(byFold.count == 6 * 2 && byFold.first?["model"] as? String == "LSTM" && byFold.first?["fold"] as? Int == 1)
        let md = try String(contentsOf: dir.appendingPathComponent("r.md"), encoding: .utf8)
        #expect(md.contains("## Verdict") && md.contains("(1) |"))
        let quiet = try ForecastBinary.run(["backtest", csv, "--target", "temperature", "--folds", "2", "--horizon", "12", "--quiet"])
        #expect(quiet.status == 0 && quiet.out.isEmpty && quiet.err.isEmpty)
        // Progress goes to a terminal only: stderr is a pipe here, so it stays empty.
        #expect(r.err.isEmpty, "\(r.err)")
    }

    @Test func badOptionsAndUnwritableReportsFailCleanly() throws {
        let csv = FixturePaths.fixture("samples/weather.csv").path
        let bad = try ForecastBinary.run(["backtest", csv, "--target", "temperature", "--retrain", "sometimes"])
        #expect(bad.status != 0 && bad.err.contains("--retrain 'sometimes'"))
        let sliding = try ForecastBinary.run(["backtest", csv, "--target", "temperature", "--window", "sliding"])
        #expect(sliding.status != 0 && sliding.err.contains("--train-size") && sliding.err.contains("--window sliding"))
        let features = try ForecastBinary.run(["backtest", csv, "--target", "temperature", "--features", "humidity"])
        #expect(features.status != 0 && features.err.contains("univariate"))
        let targets = try ForecastBinary.run(["backtest", csv, "--target", "temperature", "--target", "humidity", "--folds", "2"])
        #expect(targets.status != 0 && targets.err.contains("one target column per backtest"))
        let objective = try ForecastBinary.run(["backtest", csv, "--target", "temperature", "--model", "holt-winters",
                                                "--objective", "squared-error", "--folds", "2", "--horizon", "6"])
        #expect(objective.status == 0 && objective.out.contains("Holt-Winters"), "\(objective.err)")
        let long = try ForecastBinary.run(["backtest", csv, "--target", "temperature", "--folds", "500", "--horizon", "24"])
        #expect(long.status == 65 && long.err.contains("needs at least"))
        // The data error names the file it is about, as every other command's does.
        #expect(long.err.contains("\(csv): series"), "\(long.err)")
        let dir = try ForecastBinary.folder(prefix: "bt-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = dir.appendingPathComponent("no/such/folder/r.html").path
        let unwritable = try ForecastBinary.run(["backtest", csv, "--target", "temperature", "--folds", "2", "--horizon", "6", "--quiet", "--report", missing])
        #expect(unwritable.status != 0 && unwritable.err.contains("cannot write"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }
}
