import Foundation
import Testing
import _TestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `forecast fit` and `forecast predict` on hostile input, as a new user would meet it: every
/// error names the file (line, column) or the option, says what predict needs in predict's terms,
/// and exits with the documented status.
@Suite struct FitPredictCLITests {
    /// Fits a tiny model on 60 daily rows (seconds in a debug build) and returns the folder,
    /// the CSV and the model paths.
    static func tinyModel(prefix: String) throws -> (dir: URL, csv: String, model: String) {
        let dir = try ForecastBinary.folder(prefix: prefix)
        let csv = try ExitStatusCLITests.write(ExitStatusCLITests.dailyCSV(rows: 60), "daily.csv", in: dir)
        let model = dir.appendingPathComponent("m.model").path
        let fit = try ForecastBinary.run(["fit", csv, "--epochs", "1", "--hidden", "4", "--lookback", "14", "--quiet", "-o", model])
        #expect(fit.status == 0, "\(fit.err)")
        return (dir, csv, model)
    }

    @Test func fitDataErrorsNameTheFile() throws {
        let dir = try ForecastBinary.folder(prefix: "fit-data")
        defer { try? FileManager.default.removeItem(at: dir) }
        let short = try ForecastBinary.run(["fit", try ExitStatusCLITests.write(ExitStatusCLITests.dailyCSV(rows: 3), "short.csv", in: dir)])
        #expect(short.status == 65, "\(short.err)")
        #expect(short.err.contains("short.csv: series value has 3 rows but needs at least"), "the file and the target, not 'series series': \(short.err)")
        let one = try ForecastBinary.run(["fit", try ExitStatusCLITests.write(ExitStatusCLITests.dailyCSV(rows: 1), "one.csv", in: dir)])
        #expect(one.status == 65 && one.err.contains("one.csv: series value: the sampling interval could not be inferred"), "\(one.err)")
        let text = ExitStatusCLITests.dailyCSV(rows: 30).replacingOccurrences(of: "2024-01-10,", with: "2024-01-10,abc")
        let nonNumeric = try ForecastBinary.run(["fit", try ExitStatusCLITests.write(text, "text.csv", in: dir)])
        #expect(nonNumeric.status == 65 && nonNumeric.err.contains("text.csv:11:12: column \"value\""), "\(nonNumeric.err)")
        let target = try ForecastBinary.run(["fit", dir.appendingPathComponent("short.csv").path, "--target", "price"])
        #expect(target.status == 64 && target.err.contains("--target \"price\": no such column"), "\(target.err)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).allSatisfy { $0.hasSuffix(".csv") }, "no model written")
    }

    @Test func predictSaysWhatItNeeds() throws {
        let (dir, _, model) = try Self.tinyModel(prefix: "predict-data")
        defer { try? FileManager.default.removeItem(at: dir) }
        let short = try ExitStatusCLITests.write(ExitStatusCLITests.dailyCSV(rows: 10), "short.csv", in: dir)
        let r = try ForecastBinary.run(["predict", "--model", model, "--data", short])
        #expect(r.status == 65, "\(r.err)")
        #expect(r.err.contains("short.csv: series value has 10 rows; the model forecasts from the last 14 rows"), "\(r.err)")
        #expect(!r.err.contains("validation") && !r.err.contains("horizon 0"), "fit's wording: \(r.err)")

        let other = try ExitStatusCLITests.write(ExitStatusCLITests.dailyCSV(rows: 30, header: "day,price"), "other.csv", in: dir)
        let columns = try ForecastBinary.run(["predict", "--model", model, "--data", other])
        #expect(columns.status == 65, "\(columns.err)")
        #expect(columns.err.contains("other.csv: no column \"date\"; the model \(model) was trained on the columns time \"date\", target \"value\""),
                "\(columns.err)")
        #expect(!columns.err.contains("--time"), "the user gave no --time: \(columns.err)")

        let hourly = "date,value\n" + (0..<40).map { String(format: "2024-01-01 %02d:%02d:00,%d\n", $0 / 2, ($0 % 2) * 30, $0) }.joined()
        let interval = try ForecastBinary.run(["predict", "--model", model, "--data", try ExitStatusCLITests.write(hourly, "h.csv", in: dir)])
        #expect(interval.status == 65 && interval.err.contains("is sampled every 30m, but the model was trained on data every 1d"), "\(interval.err)")

        var gappy = ExitStatusCLITests.dailyCSV(rows: 40).split(separator: "\n").map(String.init)
        gappy[30] = String(gappy[30].prefix(11)) + "NA"
        let filled = try ForecastBinary.run(["predict", "--model", model, "--data", try ExitStatusCLITests.write(gappy.joined(separator: "\n") + "\n", "gappy.csv", in: dir)])
        #expect(filled.status == 0 && filled.err.contains("note: read \(dir.appendingPathComponent("gappy.csv").path): 1 missing values filled"), "\(filled.err)")

        let ok = try ForecastBinary.run(["predict", "--model", model, "--data", dir.appendingPathComponent("daily.csv").path, "--quiet", "--format", "csv"])
        #expect(ok.status == 0 && ok.out.hasPrefix("date,forecast,lower_80,upper_80,lower_95,upper_95\n2024-03-01,"), "\(ok.out)\(ok.err)")
        let full = try ForecastBinary.run(["predict", "--model", model], stdoutPath: "/dev/full")
        #expect(full.status == 74, "\(full.err)")
    }

    /// Values near the top of the Double range: fit scales them without overflow and forecasts
    /// finite numbers; values a model's 32-bit arithmetic cannot hold are refused, never printed as nan.
    @Test func extremeMagnitudesNeverPrintNaN() throws {
        let (dir, _, model) = try Self.tinyModel(prefix: "predict-huge")
        defer { try? FileManager.default.removeItem(at: dir) }
        let huge = ExitStatusCLITests.dailyCSV(rows: 60).split(separator: "\n").enumerated()
            .map { $0.offset == 0 ? String($0.element) : String($0.element) + "e300" }.joined(separator: "\n") + "\n"
        let csv = try ExitStatusCLITests.write(huge, "huge.csv", in: dir)
        let fitted = dir.appendingPathComponent("huge.model").path
        let fit = try ForecastBinary.run(["fit", csv, "--epochs", "1", "--hidden", "4", "--lookback", "14", "--quiet", "-o", fitted])
        #expect(fit.status == 0, "\(fit.err)")
        let ok = try ForecastBinary.run(["predict", "--model", fitted, "--quiet", "--format", "csv"])
        #expect(ok.status == 0 && !ok.out.lowercased().contains("nan") && ok.out.contains("e+30"), "\(ok.out)\(ok.err)")
        // The small model's scaler meets 1e300 values: the network overflows, predict says so.
        let r = try ForecastBinary.run(["predict", "--model", model, "--data", csv])
        #expect(r.status == 65 && r.err.contains("huge.csv: series value: the forecast is not a finite number"), "\(r.out)\(r.err)")
        #expect(r.out.isEmpty)
    }

    @Test func modelFilesThatAreNotModels() throws {
        let dir = try ForecastBinary.folder(prefix: "predict-model")
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = try ForecastBinary.run(["predict", "--model", dir.appendingPathComponent("none.model").path])
        #expect(missing.status == 66 && missing.err.contains("none.model: cannot open"), "\(missing.err)")
        #expect(missing.err.contains("run forecast fit FILE first, or pass --model FILE"), "\(missing.err)")
        let csv = try ExitStatusCLITests.write(ExitStatusCLITests.dailyCSV(rows: 5), "data.model", in: dir)
        for command in [["predict", "--model", csv], ["inspect", csv]] {
            let r = try ForecastBinary.run(command)
            #expect(r.status == 65 && r.err.contains("data.model: starts with the text \"date,val\": a text file (a CSV?), not a model file"),
                    "\(command): \(r.err)")
        }
        let folder = try ForecastBinary.run(["predict", "--model", dir.path])
        #expect(folder.status == 66 && folder.err.contains("it is a directory, not a model file"), "\(folder.err)")
        let csvFolder = try ForecastBinary.run(["inspect", dir.path])
        #expect(csvFolder.status == 66 && csvFolder.err.contains("it is a directory, not a CSV file"), "\(csvFolder.err)")
    }

    /// What reading did to the data (holidays skipped, rows sorted, values filled) is printed, not silent.
    @Test func inspectAndFitSayWhatReadingChanged() throws {
        let holidays = try ForecastBinary.run(["inspect", FixturePaths.fixture("csv/business-days.csv").path])
        #expect(holidays.status == 0 && holidays.out.contains("closed    1 weekdays without a row (holidays): skipped"), "\(holidays.out)")
        #expect(holidays.out.contains("rows      7\n"), "no row invented: \(holidays.out)")

        let dir = try ForecastBinary.folder(prefix: "fit-read")
        defer { try? FileManager.default.removeItem(at: dir) }
        var lines = ExitStatusCLITests.dailyCSV(rows: 60).split(separator: "\n").map(String.init)
        lines.swapAt(10, 11)
        lines[20] = String(lines[20].prefix(11)) + "NA"
        let csv = try ExitStatusCLITests.write(lines.joined(separator: "\n") + "\n", "messy.csv", in: dir)
        let fit = try ForecastBinary.run(["fit", csv, "--epochs", "1", "--hidden", "4", "-o", dir.appendingPathComponent("m.model").path])
        #expect(fit.status == 0, "\(fit.err)")
        #expect(fit.err.contains("read \(csv): 60 rows, 1 series; 1 missing values filled, 1 series sorted by time"), "\(fit.err)")
        #expect(fit.err.contains("warning: series value: rows were not in time order; sorted them"), "\(fit.err)")
    }

    /// Starts a long `fit` of a small daily series in a fresh folder and returns once its first
    /// epoch is logged (the Ctrl-C handler is installed and training is under way).
    static func fitUnderWay(prefix: String) throws -> (dir: URL, model: String, process: Process, err: Pipe, log: Data) {
        let dir = try ForecastBinary.folder(prefix: prefix)
        let csv = try ExitStatusCLITests.write(ExitStatusCLITests.dailyCSV(rows: 400), "daily.csv", in: dir)
        let model = dir.appendingPathComponent("m.model").path
        let process = Process()
        process.executableURL = try #require(ForecastBinary.url)
        process.arguments = ["fit", csv, "--epochs", "100000", "--patience", "100000", "--hidden", "4", "--lookback", "14", "-o", model]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // Never hang the suite: a fit still running after two minutes is killed (and the test fails).
        let pid = process.processIdentifier
        DispatchQueue.global().asyncAfter(deadline: .now() + 120) { if process.isRunning { kill(pid, SIGKILL) } }
        var seen = Data()
        while !String(decoding: seen, as: UTF8.self).contains("epoch 1:") {
            let chunk = err.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += chunk
        }
        return (dir, model, process, err, seen)
    }

    /// Ctrl-C during training stops at the next batch and saves the best model so far, whole.
    @Test func interruptedFitSavesACompleteModel() throws {
        var (dir, model, process, err, seen) = try Self.fitUnderWay(prefix: "fit-sigint")
        defer { try? FileManager.default.removeItem(at: dir) }
        kill(process.processIdentifier, SIGINT)
        seen += err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let log = String(decoding: seen, as: UTF8.self)
        #expect(process.terminationReason == .exit && process.terminationStatus == 0, "\(log)")
        #expect(log.contains("interrupted"), "\(log)")
        let inspect = try ForecastBinary.run(["inspect", model])
        #expect(inspect.status == 0, "the saved model loads (its checksum holds): \(inspect.err)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["daily.csv", "m.model"], "no temporary file left")
    }

    /// A second Ctrl-C ends the process at once (by the signal), and still leaves no file behind:
    /// not half a model, not a temporary one.
    @Test func secondInterruptLeavesNoFile() throws {
        let (dir, _, process, err, _) = try Self.fitUnderWay(prefix: "fit-sigint2")
        defer { try? FileManager.default.removeItem(at: dir) }
        let pid = process.processIdentifier
        kill(pid, SIGINT)
        kill(pid, SIGINT)
        _ = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        if process.terminationReason == .uncaughtSignal {
            #expect(process.terminationStatus == SIGINT)
            #expect(files == ["daily.csv"], "no model and no temporary file: \(files)")
        } else {
            // Both signals landed before the handler saw the first: one stop, a whole model.
            #expect(process.terminationStatus == 0 && files == ["daily.csv", "m.model"], "\(files)")
        }
    }
}
