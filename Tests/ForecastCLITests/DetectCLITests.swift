import Foundation
import Testing
import _TestSupport

/// Runs the built `forecast detect` binary on the committed sample fixtures and on small inputs.
@Suite struct DetectCLITests {
    /// A quiet per-minute series: a slow cycle plus a deterministic wobble, and optionally a spike.
    static func csv(rows: Int, spikeAt: Int? = nil) -> String {
        var text = "timestamp,value\n"
        for i in 0..<rows {
            let minute = i % 60, hour = (i / 60) % 24, day = 4 + i / 1440
            var v = 50 + 10 * sin(2 * Double.pi * Double(i) / 240) + Double((i * 7919) % 13) / 13
            if i == spikeAt { v += 80 }
            text += String(format: "2024-03-%02d %02d:%02d:00,%.3f\n", day, hour, minute, v)
        }
        return text
    }

    @Test func flagsTheSampleMetricsAnomaliesAndScoresThem() throws {
        let r = try ForecastBinary.run(["detect", FixturePaths.fixture("samples/metrics.csv").path, "--events",
                              "--labels", FixturePaths.fixture("samples/metrics_labels.json").path])
        #expect(r.status == 1, "something flagged → exit 1: \(r.err)")
        #expect(r.out.hasPrefix("start "))
        #expect(r.out.contains("precision 1.000"), "every event the sample labels: \(r.out)")
        #expect(r.out.contains("NAB standard:"))
        #expect(r.err.contains("value: 1440 rows"))
    }

    @Test func nothingFlaggedExitsZero() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("detect-\(UUID().uuidString).csv")
        try Self.csv(rows: 1500).write(to: dir, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try ForecastBinary.run(["detect", dir.path, "--quiet"])
        #expect(r.status == 0, "\(r.out)\(r.err)")
        #expect(r.err.isEmpty, "--quiet")
        #expect(r.out.split(separator: "\n").count == 1, "the table header only")
    }

    @Test func followReadsStdinAndWritesEachAnomaly() throws {
        let r = try ForecastBinary.run(["detect", "-", "--follow", "--train-size", "500", "--format", "jsonl"],
                             stdin: Self.csv(rows: 1200, spikeAt: 900))
        #expect(r.status == 1, "\(r.err)")
        let lines = r.out.split(separator: "\n")
        #expect(lines.first?.hasPrefix("{\"timestamp\":\"2024-03-04T15:00:00\",\"series\":\"value\"") == true, "\(r.out)")
        for line in lines {
            #expect(try JSONSerialization.jsonObject(with: Data(line.utf8)) is [String: Any])
        }
    }

    /// --follow accepts what a file accepts and refuses what batch refuses: date-only
    /// timestamps, a target to name when several columns could be it, another delimiter, a
    /// stream too short to score (65, not "nothing flagged"); a row back in time is skipped.
    @Test func followReadsLikeAFileAndRefusesLikeBatch() throws {
        let daily = ExitStatusCLITests.dailyCSV(rows: 60)
        let dates = try ForecastBinary.run(["detect", "-", "--follow", "--train-size", "20"], stdin: daily)
        #expect(dates.status <= 1, "date-only timestamps are read: \(dates.err)")
        let two = try ForecastBinary.run(["detect", "-", "--follow"], stdin: "date,price,volume\n2024-01-01,1,2\n")
        #expect(two.status == 64 && two.err.contains("several columns could be the target: \"price\", \"volume\""), "\(two.err)")
        let semicolon = try ForecastBinary.run(["detect", "-", "--follow"], stdin: daily.replacingOccurrences(of: ",", with: ";"))
        #expect(semicolon.status == 65 && semicolon.err.contains("separated by ';'"), "\(semicolon.err)")
        let empty = try ForecastBinary.run(["detect", "-", "--follow"], stdin: "")
        #expect(empty.status == 65 && empty.err.contains("has 0 rows"), "\(empty.err)")
        let short = try ForecastBinary.run(["detect", "-", "--follow"], stdin: daily)
        #expect(short.status == 65 && short.err.contains("series value has 60 rows and the learning span"), "\(short.err)")
        var lines = daily.split(separator: "\n").map(String.init)
        lines.insert(lines[3], at: 30)   // file line 31 repeats 2024-01-03
        let back = try ForecastBinary.run(["detect", "-", "--follow", "--train-size", "20"], stdin: lines.joined(separator: "\n") + "\n")
        #expect(back.status <= 1 && back.err.contains("stdin:31: series value: timestamp 2024-01-03 is not after"), "\(back.err)")
    }

    @Test func logInputAndFormats() throws {
        let r = try ForecastBinary.run(["detect", "--log", FixturePaths.fixture("samples/access.log").path, "--every", "5m",
                              "--train-size", "5", "--format", "csv", "--quiet"])
        #expect(r.status == 0 || r.status == 1, "\(r.err)")
        #expect(r.out.hasPrefix("timestamp,series,value,expected,lower,upper,score,severity,channel\n"))
    }

    @Test func errorsExit64OrMoreAndNameTheProblem() throws {
        let option = try ForecastBinary.run(["detect", "x.csv", "--train-size", "lots"])
        #expect(option.status == 64 && option.err.contains("--train-size 'lots'"))
        let missing = try ForecastBinary.run(["detect", "/nonexistent/file.csv"])
        #expect(missing.status == 66 && missing.err.contains("/nonexistent/file.csv"), "\(missing.err)")
        let threshold = try ForecastBinary.run(["detect", FixturePaths.fixture("samples/metrics.csv").path, "--scorer", "conformal", "--threshold", "3"])
        #expect(threshold.status == 64 && threshold.err.contains("--threshold"), "\(threshold.err)")
        // Checked before the file is read: x.csv does not exist, so 64 (not 66) proves the order.
        let negative = try ForecastBinary.run(["detect", "x.csv", "--threshold", "-1"])
        #expect(negative.status == 64 && negative.err.contains("for --threshold: expected a positive number"), "\(negative.err)")
        let by = try ForecastBinary.run(["detect", "--log", "x.log", "--by", "\" ([0-9])[0-9][0-9] "])
        #expect(by.status == 64 && by.err.contains("--by '\" ([0-9])[0-9][0-9] '"), "\(by.err)")
        // Labels that do not name the data file fail before any detection output.
        let labels = FileManager.default.temporaryDirectory.appendingPathComponent("labels-\(UUID().uuidString).json")
        try #"{"a.csv": [], "b.csv": []}"#.write(to: labels, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: labels) }
        let unlabelled = try ForecastBinary.run(["detect", FixturePaths.fixture("samples/metrics.csv").path, "--labels", labels.path])
        #expect(unlabelled.status == 64 && unlabelled.out.isEmpty && unlabelled.err.contains("a key naming metrics.csv"), "\(unlabelled.err)")
        let follow = try ForecastBinary.run(["detect", "file.csv", "--follow"])
        #expect(follow.status == 64 && follow.err.contains("--follow"))
        // Too short to learn from: an error (65) naming file and series, never a silent "nothing flagged" (0).
        let short = FileManager.default.temporaryDirectory.appendingPathComponent("detect-short-\(UUID().uuidString).csv")
        try Self.csv(rows: 1).write(to: short, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: short) }
        let one = try ForecastBinary.run(["detect", short.path])
        #expect(one.status == 65 && one.err.contains(short.path) && one.err.contains("series value has 1 rows"), "\(one.err)")
        let all = try ForecastBinary.run(["detect", FixturePaths.fixture("samples/metrics.csv").path, "--train-size", "1440"])
        #expect(all.status == 65 && all.err.contains("at least one row after the learning span"), "\(all.err)")
    }

    @Test func modelFileIsThePredictor() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("detect-model-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("quiet.csv"), model = dir.appendingPathComponent("m.model")
        try Self.csv(rows: 800, spikeAt: 700).write(to: data, atomically: true, encoding: .utf8)
        let fit = try ForecastBinary.run(["fit", data.path, "--epochs", "2", "--hidden", "8", "--lookback", "16", "-o", model.path])
        #expect(fit.status == 0, "\(fit.err)")
        let r = try ForecastBinary.run(["detect", data.path, "--model", model.path, "--events", "--format", "csv"])
        #expect(r.status == 1, "the spike is flagged: \(r.out)\(r.err)")
        #expect(r.err.contains("lookback 16)"), "\(r.err)")
        #expect(r.out.contains("2024-03-04T11:40:00"), "the spike at row 700: \(r.out)")
        // The model learned minutes; daily data is refused before any line is written.
        let daily = dir.appendingPathComponent("daily.csv")
        try ExitStatusCLITests.dailyCSV(rows: 60).write(to: daily, atomically: true, encoding: .utf8)
        let other = try ForecastBinary.run(["detect", daily.path, "--model", model.path])
        #expect(other.status == 65 && other.out.isEmpty && other.err.contains("sampled every 1d, but the model was trained on data every"),
                "\(other.out)\(other.err)")
    }

    @Test func fitOnTheLearningSpanIsThePredictor() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("detect-fit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("quiet.csv")
        try Self.csv(rows: 800, spikeAt: 700).write(to: data, atomically: true, encoding: .utf8)
        let r = try ForecastBinary.run(["detect", data.path, "--fit", "--train-size", "400", "--events", "--format", "csv"])
        #expect(r.status == 1, "the spike is flagged: \(r.out)\(r.err)")
        #expect(r.err.contains("predictor gru(16x1"), "\(r.err)")
        #expect(r.out.contains("2024-03-04T11:40:00"), "the spike at row 700: \(r.out)")
        let both = try ForecastBinary.run(["detect", data.path, "--fit", "--model", "m.model"])
        #expect(both.status == 64 && both.err.contains("--fit"), "\(both.err)")
    }
}
