import ArgumentParser
import Foundation
import CSVIngest
import Forecasting
import ModelFiles

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ForecastOutput.Format: ExpressibleByArgument {}

/// `forecast predict`: the next values with prediction intervals (library: Forecasting).
struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Forecast the next values with prediction intervals from a saved model.",
        discussion: """
            Forecasts after the history stored in the model, or after --data (same columns as training). \
            Timestamps continue each series' calendar. Intervals are split-conformal, from the model's \
            validation residuals per horizon step. Notes go to standard error; --quiet keeps only the result.
            """)

    @Option(help: ArgumentHelp("Model file written by forecast fit.", valueName: "file"))
    var model = "forecast.model"

    @Option(help: ArgumentHelp("CSV with the training columns to forecast after (default: the history in the model).", valueName: "file"))
    var data: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Steps to forecast (default: the trained horizon; longer ones roll out).", valueName: "n"))
    var horizon: Int?

    @Option(parsing: .unconditional, help: ArgumentHelp("Interval levels as fractions (0.8) or percentages (80, at least 50), comma-separated; `none` for no intervals.", valueName: "levels"))
    var interval = "0.8,0.95"

    @Option(help: "Output format.")
    var format: ForecastOutput.Format = .table

    @Flag(help: "Print only the forecast.")
    var quiet = false

    /// The interval levels of `--interval` as fractions (80 and 0.8 alike), each once.
    func levels() throws -> [Double] {
        guard interval != "none" else { return [] }
        var levels: [Double] = []
        for part in interval.split(separator: ",", omittingEmptySubsequences: false) {
            let text = part.trimmingCharacters(in: .whitespaces)
            guard let level = Double(text), level.isFinite else {
                throw ValidationError("--interval: '\(text)' is not a number; expected levels such as 0.8,0.95 (or none)")
            }
            if level > 1 && level < 50 {
                // 1.5 as "1.5%" is almost always a slip for 0.95 or 95: refuse rather than guess.
                throw ValidationError("--interval: '\(text)' is ambiguous; write a fraction (0.8) or a percentage of 50 or more (80), "
                                      + "e.g. 0.8,0.95 or 80,95")
            }
            let fraction = level > 1 && level < 100 ? level / 100 : level
            // One bound for every spelling (0.999, 99.9, 100): the widest level the model file keeps.
            let widest = ResidualQuantiles.maximumLevel
            guard fraction > 0 && fraction <= widest else {
                throw ValidationError("--interval: '\(text)' is not a level; expected levels above 0 and at most "
                                      + "\(NumberText.significant(widest, 3)) (\(NumberText.significant(widest * 100, 3))%), e.g. 0.8,0.95")
            }
            if !levels.contains(fraction) { levels.append(fraction) }   // 0.8,0.8 → one pair of columns
        }
        return levels
    }

    /// Options are checked before the model or data is read (exit 64, the option named).
    func validate() throws {
        _ = try levels()
        if let horizon, horizon < 1 { throw ValidationError("--horizon: expected a positive whole number, got \(horizon)") }
    }

    func run() throws {
        let levels = try levels()
        let forecaster: Forecaster
        do {
            forecaster = try Forecaster.load(from: model)
        } catch let error as ModelFileError where !FileManager.default.fileExists(atPath: model) {
            throw MissingModelError(path: model, error: error)   // a new user's first predict: say where models come from
        }
        var request = PredictionRequest(horizon: horizon, levels: levels)
        if let data {
            // Read the new data with the training columns, by name; what it lacks is said in predict's terms.
            let columns = forecaster.metadata.columns
            let options = CSVReadOptions(time: .name(columns.time), targets: [.name(columns.target)],
                                         ids: columns.ids.map { .name($0) }, features: columns.features.map { .name($0) })
            do {
                let read = try CSVFrameReader.read(path: data, options: options)
                request.data = read.frame
                if !quiet {
                    let changes = read.report.changes
                    if !changes.isEmpty { fputs("note: read \(data): \(changes.joined(separator: ", "))\n", stderr) }
                    for warning in read.report.warnings { fputs("warning: \(warning)\n", stderr) }
                }
            } catch CSVError.unknownColumn(let file, _, .name(let column), let header) {
                throw PredictDataColumnError(file: file, column: column, model: model, columns: columns, header: header)
            }
        }
        let prediction = try InputFileError.naming(data ?? model) { try forecaster.predict(request) }
        if !quiet { for note in prediction.notes { fputs("note: \(note)\n", stderr) } }
        try StandardOutput.write(prediction.output.rendered(as: format))
    }
}
