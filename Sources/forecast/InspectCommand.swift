import ArgumentParser
import CSVIngest
import Forecasting

/// `forecast inspect FILE`: what is in a CSV file, as the other commands will read it.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show what a CSV file holds: series, interval, gaps, missing values, ranges.",
        discussion: "Reads the file exactly as fit, backtest and detect do (same options), then prints per series its rows, span, interval, missing and filled counts, min/mean/max and a sparkline. Use - to read standard input.")

    @Argument(help: ArgumentHelp("CSV file to inspect, - for standard input, or a .model file written by forecast fit.", valueName: "file"))
    var file: String

    @OptionGroup var input: CSVInputOptions

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func run() throws {
        // A model file written by `forecast fit` (or any safetensors file): what is inside.
        if ModelInspection.isModelFile(file) {
            try StandardOutput.write(json ? try ModelInspection.describeJSON(path: file) : try ModelInspection.describe(path: file))
            return
        }
        // Without --target, inspect describes every numeric column; irregular series are shown, not refused.
        let options = try input.readOptions(targetDetection: .allNumeric, irregular: .keep)
        let summary = InspectSummary(try CSVFrameReader.read(path: file, options: options))
        try StandardOutput.write(json ? try summary.json() + "\n" : summary.text())
    }
}
