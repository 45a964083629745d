import Backtesting
import CSVIngest
import Forecasting
import TimeFrames
import Windowing

/// A problem with a file's contents found after reading it (too short, no interval, columns that
/// do not fit a model), named by the file: the library works on frames and does not know the path.
/// ``ExitStatus`` maps it as the error it wraps.
struct InputFileError: Error, CustomStringConvertible {
    var file: String
    var error: Error
    var description: String { "\(file == "-" ? "standard input" : file): \(error)" }

    /// Runs `body` and names `file` in the data errors it throws (not in option errors, and not
    /// in CSV errors, which carry their own file, line and column).
    static func naming<T>(_ file: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ForecastDataError {
            if case .severalTargets = error { throw error }
            throw InputFileError(file: file, error: error)
        } catch let error as WindowingError {
            switch error {
            case .invalidOption, .unknownColumn: throw error
            default: throw InputFileError(file: file, error: error)
            }
        } catch let error as TrainingFailure {
            throw InputFileError(file: file, error: error)
        } catch let error as RegularizationError {
            throw InputFileError(file: file, error: error)
        } catch let error as BacktestError {
            switch error {
            case .seriesTooShort, .noData: throw InputFileError(file: file, error: error)
            default: throw error
            }
        }
    }
}

/// `predict --data FILE` lacks a column the model was trained on.
struct PredictDataColumnError: Error, CustomStringConvertible {
    var file: String
    var column: String
    var model: String
    var columns: ModelColumns
    var header: [String]

    var description: String {
        var needed = ["time \"\(columns.time)\"", "target \"\(columns.target)\""]
        needed += columns.ids.map { "id \"\($0)\"" } + columns.features.map { "feature \"\($0)\"" }
        return "\(file): no column \"\(column)\"; the model \(model) was trained on the columns "
            + needed.joined(separator: ", ") + ", and --data needs them under the same names; the file has "
            + header.map { "\"\($0)\"" }.joined(separator: ", ")
    }
}

/// `predict --model FILE` where no file exists: where model files come from.
struct MissingModelError: Error, CustomStringConvertible {
    var path: String
    var error: Error
    var description: String {
        "\(error); predict reads a model written by forecast fit (default forecast.model in the working folder): "
            + "run forecast fit FILE first, or pass --model FILE"
    }
}
