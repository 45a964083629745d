import AnomalyDetection
import ArgumentParser
import Backtesting
import Baselines
import CSVIngest
import ForecastMetrics
import Forecasting
import LogIngest
import MatrixKernels
import ModelFiles
import SampleData
import TimeFrames
import Training
import Windowing

/// The exit status of every `forecast` command (docs/cli.md, "Exit status"): one table, one
/// mapping from the library's typed errors, so the same mistake exits the same way everywhere.
/// The codes above 1 are the BSD `sysexits.h` ones, so `detect`'s 0/1 (nothing / something
/// flagged) can never be mistaken for an error.
enum ExitStatus: Int32, CaseIterable {
    /// The command did its job (`detect`: and flagged nothing).
    case success = 0
    /// `detect` only: something was flagged.
    case flagged = 1
    /// EX_USAGE: an argument or option is wrong in itself, or names something the input does not
    /// have (an unknown column, a value out of range, options that conflict).
    case usage = 64
    /// EX_DATAERR: the input was read but cannot be used: malformed CSV, a bad timestamp, a series
    /// too short, a corrupt or foreign model file.
    case dataError = 65
    /// EX_NOINPUT: an input file does not exist or cannot be opened.
    case noInput = 66
    /// EX_SOFTWARE: an error the tool has no better name for (a bug: please report it).
    case internalError = 70
    /// EX_CANTCREAT: an output file cannot be created (missing folder, no permission).
    case cannotCreate = 73
    /// EX_IOERR: reading or writing failed part-way (a full disk, a closed pipe).
    case ioError = 74

    /// The status for an error thrown by a command's `run()`.
    static func of(_ error: Error) -> ExitStatus {
        switch error {
        case is ValidationError, is ConfigurationError, is ThreadCountError, is DetectorSettingsError:
            return .usage
        case let e as CSVError: return of(e)
        case let e as InputFileError: return of(e.error)
        case is PredictDataColumnError, is DetectSeriesTooShort: return .dataError
        case is MissingModelError: return .noInput
        case let e as ModelFileError:
            switch e.problem {
            case .cannotOpen: return .noInput
            case .cannotRead: return .ioError
            case .cannotWrite: return .cannotCreate
            default: return .dataError
            }
        case let e as ForecastDataError:
            if case .severalTargets = e { return .usage }
            return .dataError
        case let e as WindowingError:
            switch e {
            case .invalidOption, .unknownColumn: return .usage
            default: return .dataError
            }
        case let e as SampleDataError:
            if case .cannotWrite = e { return .cannotCreate }
            return .usage
        case let e as BacktestError:
            switch e {
            case .invalidSetting: return .usage
            case .internalInconsistency: return .internalError
            default: return .dataError
            }
        case let e as LogIngestError:
            switch e {
            case .cannotRead: return .noInput
            case .invalidInterval, .invalidRegex, .invalidCaptureGroup: return .usage
            default: return .dataError
            }
        case let e as NABError:
            if case .unreadable = e { return .noInput }
            return .dataError
        case let e as TrainingError:
            if case .invalidOption = e { return .usage }
            return .internalError
        case let e as BaselineError:
            if case .invalidParameter = e { return .usage }
            return .dataError
        case let e as MetricError:
            if case .invalidParameter = e { return .usage }
            return .dataError
        case let e as CSVLineStreamError:
            // As for a file: a --time/--target naming a column the header lacks, or no --target
            // where several columns could be it, is an option problem.
            switch e {
            case .missingColumn, .severalTargets: return .usage
            default: return .dataError
            }
        case is ForecasterFileError, is TrainingFailure, is RegularizationError:
            return .dataError
        case is ReportWriteError: return .cannotCreate
        case is StandardOutput.WriteError: return .ioError
        default: return .internalError
        }
    }

    private static func of(_ error: CSVError) -> ExitStatus {
        switch error {
        case .cannotOpen: return .noInput
        case .readFailed: return .ioError
        // The options are wrong for this file, or one it needs was not given (which target?).
        case .invalidOption, .unknownColumn, .columnUsedTwice, .noTarget, .ambiguousTarget: return .usage
        default: return .dataError
        }
    }
}
