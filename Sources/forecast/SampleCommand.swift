import ArgumentParser
import Foundation
import SampleData

extension SampleKind: ExpressibleByArgument {}
extension SampleLogFormat: ExpressibleByArgument {}

/// `forecast sample KIND`: writes a built-in sample data set (library: SampleData).
struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Write built-in sample data: stock, weather, sales, metrics or log.",
        discussion: """
            The same --seed and options give the same bytes on every machine. --length counts \
            trading days (stock, default 500), hours (weather, 1440), days (sales, 365), \
            minutes (metrics, 4320; log, 1440).
            """)

    @Argument(help: "What to generate.")
    var kind: SampleKind

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("File to write (default: standard output).", valueName: "file"))
    var output: String?

    @Option(parsing: .unconditional, help: "Random seed.")
    var seed: UInt64 = 42

    @Option(parsing: .unconditional, help: ArgumentHelp("Rows, days or minutes to generate (see above).", valueName: "n"))
    var length: Int?

    @Option(help: ArgumentHelp("First date, YYYY-MM-DD or YYYY-MM-DDTHH:MM (default depends on the kind).", valueName: "date"))
    var start: String?

    @Option(help: ArgumentHelp("metrics, log: also write the anomaly windows as NAB-format JSON to this file.", valueName: "file"))
    var labels: String?

    @Option(parsing: .unconditional, help: "sales: number of stores (default 3).")
    var stores: Int?

    @Option(parsing: .unconditional, help: "sales: number of items per store (default 4).")
    var items: Int?

    @Option(parsing: .unconditional, help: ArgumentHelp("log: mean requests per minute (default 8).", valueName: "n"))
    var rate: Double?

    @Option(name: .customLong("log-format"), help: "log: nginx (combined access log, the default) or syslog (RFC 3164).")
    var logFormat: SampleLogFormat?

    func validate() throws {
        if labels != nil && kind != .metrics && kind != .log {
            throw ValidationError("--labels applies to 'metrics' and 'log' only, not '\(kind.rawValue)'.")
        }
        // An option of another kind would be ignored without a word: refuse it.
        for (option, given, kinds) in [("--stores", stores != nil, [SampleKind.sales]), ("--items", items != nil, [.sales]),
                                       ("--rate", rate != nil, [.log]), ("--log-format", logFormat != nil, [.log])]
        where given && !kinds.contains(kind) {
            throw ValidationError("\(option) applies to '\(kinds[0].rawValue)' only, not '\(kind.rawValue)'.")
        }
        if let start {
            guard let first = SampleOptions.parseStart(start) else {
                throw ValidationError("--start '\(start)': expected YYYY-MM-DD or YYYY-MM-DDTHH:MM.")
            }
            // A start between two rows of the kind's grid would be moved to the row before it.
            let daily = kind == .stock || kind == .sales
            if daily && (first.hour != 0 || first.minute != 0) {
                throw ValidationError("--start '\(start)': '\(kind.rawValue)' is daily; give a date (YYYY-MM-DD).")
            }
            if kind == .weather && first.minute != 0 {
                throw ValidationError("--start '\(start)': 'weather' is hourly; give a whole hour (YYYY-MM-DDTHH:00).")
            }
        }
        try OutputClash.refuse(inputs: [], outputs: [("--output", output), ("--labels", labels)])
    }

    func run() throws {
        let options = SampleOptions(seed: seed, length: length, start: start.flatMap(SampleOptions.parseStart),
                                    stores: stores ?? 3, items: items ?? 4, requestsPerMinute: rate ?? 8,
                                    logFormat: logFormat ?? .nginx)
        // Both files are checked first, so a bad --labels path does not leave the sample written alone.
        for path in [output, labels].compactMap({ $0 }) { try GeneratedSample.checkDestination(path) }
        let sample = try SampleData.generate(kind, options: options)
        if let output {
            try sample.write(toPath: output)
        } else {
            try StandardOutput.write(sample.text)
        }
        if let labels {
            let key = output.map { URL(fileURLWithPath: $0).lastPathComponent } ?? (kind == .log ? (options.logFormat == .nginx ? "access.log" : "syslog.log") : "metrics.csv")
            try sample.writeLabels(toPath: labels, key: key)
        }
    }
}
