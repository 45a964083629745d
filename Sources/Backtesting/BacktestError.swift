/// Why a backtest could not run.
public enum BacktestError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A setting (CLI option) out of range: its name, the value received, what was expected.
    case invalidSetting(name: String, value: String, expected: String)
    /// A series is too short for the folds asked for.
    case seriesTooShort(series: String, count: Int, needed: Int, hint: String)
    /// The frame holds no series, or not the target asked for.
    case noData(String)
    /// Every model failed on every fold: nothing to report.
    case nothingEvaluated(firstFailure: String)
    /// A bug: an invariant of the engine was broken.
    case internalInconsistency(String)

    public var description: String {
        switch self {
        case let .invalidSetting(name, value, expected):
            return "\(name): got \(value); expected \(expected)"
        case let .seriesTooShort(series, count, needed, hint):
            return "series \(series) has \(count) values but the backtest needs at least \(needed); \(hint)"
        case let .noData(what):
            return "nothing to backtest: \(what)"
        case let .nothingEvaluated(first):
            return "every model failed on every fold; first failure: \(first)"
        case let .internalInconsistency(what):
            return "internal error in the backtest engine (please report): \(what)"
        }
    }
}
