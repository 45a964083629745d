import ArgumentParser
import CSVIngest
import Foundation
import TimeFrames

extension FillPolicy: ExpressibleByArgument {}
extension DuplicatePolicy: ExpressibleByArgument {}
extension Aggregation: ExpressibleByArgument {}

/// The CSV reading options every data-taking command shares (`inspect`, `fit`, `backtest`,
/// `detect`): mount with `@OptionGroup var input: CSVInputOptions`.
struct CSVInputOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Time column, by name or 0-based index (default: detected).", valueName: "column"))
    var time: String?

    @Option(help: ArgumentHelp("Column to forecast; repeat for several (default: the one numeric column left).", valueName: "column"))
    var target: [String] = []

    @Option(help: ArgumentHelp("Column whose values key a series in long format; repeat for several, `none` for one series (default: text columns).", valueName: "column"))
    var id: [String] = []

    @Option(help: ArgumentHelp("Covariate columns, comma-separated or repeated.", valueName: "columns"))
    var features: [String] = []

    @Option(help: ArgumentHelp("Field delimiter: , ; | tab (default: detected).", valueName: "char"))
    var delimiter: String?

    @Option(name: .customLong("time-format"), help: ArgumentHelp("strftime-style timestamp format, e.g. %d/%m/%Y %H:%M.", valueName: "format"))
    var timeFormat: String?

    @Option(help: "How missing values and gaps are filled.")
    var fill: FillPolicy = .interpolate

    @Option(help: "What to do with several rows at one timestamp: auto averages them when at most 1 row in 100 repeats a timestamp, and stops otherwise.")
    var duplicates: DuplicatePolicy = .auto

    @Option(help: ArgumentHelp("Put the series on this interval first: 30s, 15m, 1h, 1d, 1w, 1mo, 1q, 1y.", valueName: "interval"))
    var resample: String?

    @Option(help: "How values in one resampling bucket are combined.")
    var agg: Aggregation = .mean

    /// Reads `path` with these options and, unless `quiet`, says on standard error what reading
    /// did to the data (rows filled, merged, sorted) and what it warned about, so that no guess or
    /// fill goes unsaid. `fit`, `backtest` and CSV `detect` read their data through this; with
    /// `always` false the line is left out when reading changed nothing.
    func read(_ path: String, quiet: Bool, always: Bool = false) throws -> IngestResult {
        let read = try CSVFrameReader.read(path: path, options: try readOptions())
        let warnings = read.report.warnings + [read.report.inventedRowsWarning()].compactMap({ $0 })
        let changes = read.report.changes
        if !quiet && (always || !changes.isEmpty || !warnings.isEmpty) {
            fputs("read \(path == "-" ? "standard input" : path): \(read.report.rowsRead) rows, \(read.frame.series.count) series"
                  + (changes.isEmpty ? "" : "; " + changes.joined(separator: ", ")) + "\n", stderr)
            for warning in warnings { fputs("warning: \(warning)\n", stderr) }
        }
        return read
    }

    /// The library options these flags stand for.
    func readOptions(targetDetection: TargetDetection = .singleNumeric, irregular: IrregularPolicy = .resample) throws -> CSVReadOptions {
        var delimiterByte: UInt8? = nil
        if let d = delimiter {
            let named: [String: UInt8] = ["tab": 0x09, "\\t": 0x09, "\t": 0x09, "comma": 0x2C, "semicolon": 0x3B, "pipe": 0x7C]
            if let b = named[d.lowercased()] { delimiterByte = b }
            else if d.utf8.count == 1 { delimiterByte = d.utf8.first }
            else { throw CSVError.invalidOption(option: "--delimiter", value: d, expected: "one character such as , ; | or tab") }
        }
        var interval: SamplingInterval? = nil
        if let r = resample {
            guard let i = SamplingInterval(parsing: r) else {
                throw CSVError.invalidOption(option: "--resample", value: r, expected: "an interval such as 30s, 15m, 1h, 1d, 1w, 1b, 1mo, 1q, 1y")
            }
            interval = i
        }
        let ids: [ColumnSelector]? = id.isEmpty ? nil : id == ["none"] ? [] : id.map(ColumnSelector.init)
        let featureList = features.flatMap { $0.split(separator: ",").map { String($0) } }
        return CSVReadOptions(
            time: time.map(ColumnSelector.init), targets: target.map(ColumnSelector.init), ids: ids,
            features: featureList.map(ColumnSelector.init), targetDetection: targetDetection, delimiter: delimiterByte,
            timeFormat: timeFormat,
            regularization: RegularizationOptions(fill: fill, duplicates: duplicates, resample: interval,
                                                  aggregation: agg, irregular: irregular))
    }
}
