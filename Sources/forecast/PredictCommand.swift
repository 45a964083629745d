import ArgumentParser
import Foundation
import CSVIngest
import Forecasting

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

    @Option(help: ArgumentHelp("Steps to forecast (default: the trained horizon; longer ones roll out).", valueName: "n"))
    var horizon: Int?

    @Option(help: ArgumentHelp("Interval levels, comma-separated; `none` for no intervals.", valueName: "levels"))
    var interval = "0.8,0.95"

    @Option(help: "Output format.")
    var format: ForecastOutput.Format = .table

    @Flag(help: "Print only the forecast.")
    var quiet = false

    func run() throws {
        var levels: [Double] = []
        if interval != "none" {
            for part in interval.split(separator: ",") {
                guard let level = Double(part.trimmingCharacters(in: .whitespaces)) else {
                    throw ValidationError("--interval: '\(part)' is not a number; expected levels such as 0.8,0.95")
                }
                let fraction = level > 1 && level < 100 ? level / 100 : level
                if !levels.contains(fraction) { levels.append(fraction) }   // 0.8,0.8 → one pair of columns
            }
        }
        let forecaster = try Forecaster.load(from: model)
        var request = PredictionRequest(horizon: horizon, levels: levels)
        if let data {
            // Read the new data with the training columns, by name.
            let columns = forecaster.metadata.columns
            let options = CSVReadOptions(time: .name(columns.time), targets: [.name(columns.target)],
                                         ids: columns.ids.map { .name($0) }, features: columns.features.map { .name($0) })
            request.data = try CSVFrameReader.read(path: data, options: options).frame
        }
        let prediction = try forecaster.predict(request)
        if !quiet { for note in prediction.notes { fputs("note: \(note)\n", stderr) } }
        try StandardOutput.write(prediction.output.rendered(as: format))
    }
}
