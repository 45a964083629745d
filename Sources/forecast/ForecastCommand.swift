import ArgumentParser

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `forecast` command: parses arguments and calls the library; no forecasting logic lives here.
@main
struct ForecastCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast",
        abstract: "Forecast time series from CSV files with recurrent networks, on a plain CPU.",
        discussion: """
            Exit status: 0 success (detect: nothing flagged), 1 detect flagged something, 64 a bad \
            option or argument, 65 bad input data, 66 an input file cannot be opened, 70 an internal \
            error, 73 an output file cannot be created, 74 a read or write failed part-way.
            """,
        version: "0.1.0",
        subcommands: [
            InspectCommand.self, SampleCommand.self, FitCommand.self, PredictCommand.self,
            BacktestCommand.self, DetectCommand.self,
        ])

    /// Parses, runs, and turns every error into one `Error: …` line on standard error and the exit
    /// status of ``ExitStatus`` (the only place where errors become exit codes).
    static func main() {
        var command: ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            exit(withError: error)   // help, --version, or a usage error with the usage text: 0 or 64
        }
        do {
            try command.run()
        } catch let code as ExitCode {
            terminate(code.rawValue)      // detect's "flagged" (1): the output is already written
        } catch where String(reflecting: type(of: error)).hasPrefix("ArgumentParser.") {
            // --help and --version run as commands that throw to ask for their text; a ValidationError
            // thrown by run() gets the usage line as from validate(): exit 0 or 64.
            exit(withError: error)
        } catch {
            let message = "\(error)"
            fputs("Error: \(message.isEmpty ? String(reflecting: error) : message)\n", stderr)
            terminate(ExitStatus.of(error).rawValue)
        }
    }
}

/// The C library's `exit` (the command type's own `exit(withError:)` shadows the name).
private func terminate(_ status: Int32) -> Never {
    #if canImport(Glibc)
    Glibc.exit(status)
    #else
    Darwin.exit(status)
    #endif
}
