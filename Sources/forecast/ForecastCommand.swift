import ArgumentParser

/// The `forecast` command: parses arguments and calls the library; no forecasting logic lives here.
@main
struct ForecastCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast",
        abstract: "Forecast time series from CSV files with recurrent networks, on a plain CPU.",
        version: "0.1.0",
        subcommands: [
            InspectCommand.self, SampleCommand.self, FitCommand.self, PredictCommand.self,
            BacktestCommand.self, DetectCommand.self,
        ])
}
