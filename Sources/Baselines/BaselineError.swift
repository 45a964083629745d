/// Why a baseline could not fit or forecast.
public enum BaselineError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The history holds fewer usable (finite) values than the model needs.
    case historyTooShort(model: String, needed: Int, received: Int)
    /// A setting is out of range: its name, the value received, and what was expected.
    case invalidParameter(model: String, name: String, value: String, expected: String)

    public var description: String {
        switch self {
        case let .historyTooShort(model, needed, received):
            return "\(model): needs at least \(needed) observed values before the forecast origin, got \(received); "
                + "use a later first origin (fewer folds or a larger --train-size) or a shorter season"
        case let .invalidParameter(model, name, value, expected):
            return "\(model): \(name) = \(value) is out of range; expected \(expected)"
        }
    }
}
