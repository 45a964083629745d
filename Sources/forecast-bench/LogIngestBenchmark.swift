import Foundation
import LogIngest
import SampleData

/// `forecast-bench logs [minutes] [rate]`: generates an nginx access log with SampleData
/// (default 1440 minutes at 300 requests a minute, about 80 MB), then times LogIngest counting it
/// four ways: all lines, a literal `--match`, a regex `--match` on 5xx, and `--by status_class`. Prints MB/s and lines/s.
enum LogIngestBenchmark {
    static func run(_ arguments: [String]) throws {
        let minutes = arguments.first.flatMap { Int($0) } ?? 1440
        let rate = arguments.dropFirst().first.flatMap { Double($0) } ?? 300
        let clock = ContinuousClock()
        var sample: GeneratedSample? = nil
        let generation = clock.measure {
            sample = try? SampleData.generate(.log, options: SampleOptions(length: minutes, requestsPerMinute: rate))
        }
        guard let sample else { throw SampleDataError.invalidOption(name: "rate", value: "\(rate)", expected: "a valid log size") }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("forecast-bench-\(getpid()).log").path
        try sample.write(toPath: path)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let bytes = Double(sample.text.utf8.count)
        let megabytes = bytes / 1_000_000
        print("log: \(minutes) minutes, \(String(format: "%.1f", megabytes)) MB, generated in \(seconds(generation)) s (\(String(format: "%.0f", megabytes / seconds(generation))) MB/s)")

        let cases: [(String, LogCountOptions)] = [
            ("count every line", LogCountOptions()),
            ("--match POST", LogCountOptions(match: "POST")),
            ("--match ' 5\\d\\d '", LogCountOptions(match: #"" 5\d\d "#)),
            ("--by status_class", LogCountOptions(by: .field("status_class"))),
        ]
        for (name, options) in cases {
            var counts: LogCounts? = nil
            let elapsed = clock.measure { counts = try? LogIngest.count(path: path, options: options) }
            guard let counts else { throw LogIngestError.empty(source: path) }
            let s = seconds(elapsed)
            print("\(name.padding(toLength: 22, withPad: " ", startingAt: 0)) \(String(format: "%7.1f", megabytes / s)) MB/s  "
                  + "\(String(format: "%9.0f", Double(counts.report.lines) / s)) lines/s  (\(counts.frame.series.count) series, \(counts.report.countedLines) counted)")
        }
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
}
