import Foundation
import Testing
import _TestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The exit statuses of docs/cli.md ("Exit status"), command by command: 64 a bad option, 65 bad
/// data, 66 a missing input, 73 an output that cannot be created, 74 a failed write. Every error
/// names the option, or the file with line and column where there is one.
@Suite struct ExitStatusCLITests {
    /// A small daily series, `rows` long, with a weekly pattern.
    static func dailyCSV(rows: Int, header: String = "date,value") -> String {
        var text = header + "\n"
        var day = DateComponents(calendar: Calendar(identifier: .gregorian), timeZone: TimeZone(identifier: "UTC"),
                                 year: 2024, month: 1, day: 1).date ?? Date(timeIntervalSince1970: 1_704_067_200)
        let format = DateFormatter()
        format.dateFormat = "yyyy-MM-dd"; format.timeZone = TimeZone(identifier: "UTC")
        for i in 0..<rows {
            text += "\(format.string(from: day)),\(10 + (i * 7) % 5 + i / 10)\n"
            day += 86_400
        }
        return text
    }

    static func write(_ text: String, _ name: String, in dir: URL) throws -> String {
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func inspectStatuses() throws {
        let dir = try ForecastBinary.folder(prefix: "exit-inspect")
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = try ForecastBinary.run(["inspect", dir.appendingPathComponent("none.csv").path])
        #expect(missing.status == 66 && missing.err.contains("none.csv: cannot open"), "\(missing.err)")
        let empty = try ForecastBinary.run(["inspect", try Self.write("", "empty.csv", in: dir)])
        #expect(empty.status == 65 && empty.err.contains("empty.csv:1:1: the file is empty"), "\(empty.err)")
        let header = try ForecastBinary.run(["inspect", try Self.write("date,value\n", "header.csv", in: dir)])
        #expect(header.status == 65 && header.err.contains("header.csv:2:1:"), "\(header.err)")
        let csv = try Self.write(Self.dailyCSV(rows: 20), "daily.csv", in: dir)
        var lines = Self.dailyCSV(rows: 20).split(separator: "\n").map(String.init)
        lines[5] = "2024-01-05,Inf"   // file line 6
        let bad = try Self.write(lines.joined(separator: "\n") + "\n", "inf.csv", in: dir)
        let inf = try ForecastBinary.run(["inspect", bad])
        #expect(inf.status == 65 && inf.err.contains("inf.csv:6:12: column \"value\": \"Inf\" is not a number"), "\(inf.err)")
        let target = try ForecastBinary.run(["inspect", csv, "--target", "price"])
        #expect(target.status == 64 && target.err.contains("--target \"price\": no such column"), "\(target.err)")
        let full = try ForecastBinary.run(["inspect", csv], stdoutPath: "/dev/full")
        #expect(full.status == 74 && full.err.contains("cannot write the result to standard output"), "\(full.err)")
    }

    /// An output naming an input or another output is refused before anything is read or
    /// written (64, both named), also through another spelling of the path or a symbolic link.
    @Test func outputThatNamesAnInputOrAnotherOutputIsRefused() throws {
        let dir = try ForecastBinary.folder(prefix: "exit-clash")
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = Self.dailyCSV(rows: 60)
        let csv = try Self.write(text, "daily.csv", in: dir)
        let link = dir.appendingPathComponent("link.csv").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: csv)
        let dotted = dir.appendingPathComponent("./daily.csv").path
        let fit = try ForecastBinary.run(["fit", csv, "--epochs", "1", "-o", dotted])
        #expect(fit.status == 64 && fit.err.contains("--output \(dotted) is the input file \(csv)"), "\(fit.err)")
        let json = try ForecastBinary.run(["backtest", csv, "--model", "naive", "--json", link])
        #expect(json.status == 64 && json.err.contains("--json \(link) is the input file"), "\(json.err)")
        let report = dir.appendingPathComponent("r.json").path
        let twice = try ForecastBinary.run(["backtest", csv, "--model", "naive", "--json", report, "--report", report])
        #expect(twice.status == 64 && twice.err.contains("--report \(report) and --json \(report) name the same file"),
                "\(twice.err)")
        let labels = dir.appendingPathComponent("m.csv").path
        let sample = try ForecastBinary.run(["sample", "metrics", "-o", labels, "--labels", labels])
        #expect(sample.status == 64 && sample.err.contains("--labels \(labels) and --output \(labels)"), "\(sample.err)")
        // Nothing was written: the data is intact and no report or sample appeared.
        #expect(try String(contentsOfFile: csv, encoding: .utf8) == text)
        #expect(!FileManager.default.fileExists(atPath: report) && !FileManager.default.fileExists(atPath: labels))
    }

    /// Options that would be ignored are refused before the (here missing) file is read: 64, not 66.
    @Test func optionsThatWouldBeIgnoredAreRefusedFirst() throws {
        let every = try ForecastBinary.run(["detect", "missing.csv", "--every", "5m"])
        #expect(every.status == 64 && every.err.contains("--every applies to --log input"), "\(every.err)")
        let match = try ForecastBinary.run(["detect", "missing.csv", "--match", "ERROR"])
        #expect(match.status == 64 && match.err.contains("--match applies to --log input"), "\(match.err)")
        let streaming = try ForecastBinary.run(["fit", "missing.csv", "--streaming", "--bidirectional"])
        #expect(streaming.status == 64 && streaming.err.contains("--streaming runs forward in time only"), "\(streaming.err)")
    }

    @Test func helpAndVersionExitZero() throws {
        let help = try ForecastBinary.run(["--help"])
        #expect(help.status == 0 && help.out.contains("OVERVIEW:") && help.out.contains("64 a bad option"), "\(help.out)\(help.err)")
        for command in ["inspect", "sample", "fit", "predict", "backtest", "detect"] {
            let r = try ForecastBinary.run([command, "--help"])
            #expect(r.status == 0 && r.out.contains("USAGE: forecast \(command)") && r.err.isEmpty, "\(command): \(r.err)")
        }
        let version = try ForecastBinary.run(["--version"])
        #expect(version.status == 0 && !version.out.isEmpty, "\(version.err)")
        let unknown = try ForecastBinary.run(["forecasting"])
        #expect(unknown.status == 64 && unknown.err.contains("'forecasting'"), "\(unknown.err)")
    }

    /// A full disk under standard output is an error (74), never a crash or a silent 0.
    @Test func everyCommandFailsOnAFullStandardOutput() throws {
        let csv = FixturePaths.fixture("samples/metrics.csv").path
        let commands = [["sample", "stock"], ["inspect", csv],
                        ["backtest", csv, "--model", "naive", "--folds", "2", "--horizon", "5"],
                        ["detect", csv, "--quiet"]]
        for arguments in commands {
            let r = try ForecastBinary.run(arguments, stdoutPath: "/dev/full")
            #expect(r.status == 74 && r.err.contains("cannot write the result to standard output"), "\(arguments): \(r.status) \(r.err)")
        }
    }

    /// argument-parser reads `-3` after an option as another option; numeric options take it as
    /// their value, so the range check names the option and the number.
    @Test func negativeNumbersReachTheRangeChecks() throws {
        let cases: [([String], String)] = [
            (["fit", "x.csv", "--lookback", "-3"], "invalid value '-3' for --lookback: expected 1...100000"),
            (["fit", "x.csv", "--lookback=-3"], "invalid value '-3' for --lookback"),
            (["fit", "x.csv", "--lr", "-0.5"], "invalid value '-0.5' for --lr"),
            (["fit", "x.csv", "--clip", "-1"], "for --clip: expected a positive number"),
            (["fit", "x.csv", "--max-windows", "-2"], "invalid value '-2' for --max-windows"),
            (["predict", "--horizon", "-2"], "--horizon: expected a positive whole number, got -2"),
            (["predict", "--interval", "-0.8"], "--interval: '-0.8' is not a level"),
            (["predict", "--interval", "0.8,1.5"], "--interval: '1.5' is ambiguous"),
            (["sample", "stock", "--length", "-5"], "--length -5: for 'stock' expected"),
            (["sample", "stock", "--seed", "-1"], "The value '-1' is invalid for '--seed"),
        ]
        for (arguments, message) in cases {
            let r = try ForecastBinary.run(arguments)
            // x.csv does not exist: a 64 proves the option was checked before the file was opened.
            #expect(r.status == 64, "\(arguments): \(r.err)")
            #expect(r.err.contains(message), "\(arguments): \(r.err)")
            #expect(!r.err.contains("Missing value"), "\(arguments): \(r.err)")
        }
        // backtest checks its settings against the data, so it needs a file to get that far.
        let folds = try ForecastBinary.run(["backtest", FixturePaths.fixture("samples/weather.csv").path, "--target", "temperature",
                                           "--model", "naive", "--folds", "-3"])
        #expect(folds.status == 64 && folds.err.contains("-3") && !folds.err.contains("Missing value"), "\(folds.err)")
    }

    @Test func outputsThatCannotBeCreatedLeaveNothingBehind() throws {
        let dir = try ForecastBinary.folder(prefix: "exit-output")
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = try Self.write(Self.dailyCSV(rows: 60), "daily.csv", in: dir)
        let fit = try ForecastBinary.run(["fit", csv, "--epochs", "1", "-o", dir.appendingPathComponent("no/such/m.model").path])
        #expect(fit.status == 73 && fit.err.contains("no/such/m.model: cannot write"), "\(fit.err)")
        // A pipe (or a device such as /dev/full) must not be replaced by the renamed temporary file.
        let fifo = dir.appendingPathComponent("fifo").path
        #expect(mkfifo(fifo, 0o644) == 0)
        for arguments in [["fit", csv, "--epochs", "1", "-o", fifo], ["sample", "stock", "-o", fifo],
                          ["backtest", csv, "--model", "naive", "--folds", "2", "--horizon", "3", "--quiet", "--json", fifo]] {
            let r = try ForecastBinary.run(arguments)
            #expect(r.status == 73 && r.err.contains("not a regular file"), "\(arguments): \(r.err)")
            var status = stat()
            #expect(stat(fifo, &status) == 0 && (status.st_mode & S_IFMT) == S_IFIFO, "\(arguments) left the pipe alone")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["daily.csv", "fifo"])
    }
}
