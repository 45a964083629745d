/// Why a metric could not be computed.
public enum MetricError: Error, CustomStringConvertible, Equatable, Sendable {
    /// `actual` and `predicted` (or an interval bound) differ in length.
    case lengthMismatch(what: String, expected: Int, received: Int)
    /// No pair was left to average: every actual was missing, or the input was empty.
    case noObservations(metric: String)
    /// The metric is undefined for this input, with the reason (e.g. all actuals zero for MAPE).
    case undefined(metric: String, reason: String)
    /// A parameter is out of range, e.g. a nominal coverage outside (0, 1).
    case invalidParameter(name: String, value: Double, expected: String)

    public var description: String {
        switch self {
        case let .lengthMismatch(what, expected, received):
            return "metric input '\(what)' has \(received) values, expected \(expected) (one per actual)"
        case let .noObservations(metric):
            return "\(metric): no observations to average (empty input or every actual missing)"
        case let .undefined(metric, reason):
            return "\(metric) is undefined here: \(reason)"
        case let .invalidParameter(name, value, expected):
            return "\(name) = \(value) is out of range; expected \(expected)"
        }
    }
}
