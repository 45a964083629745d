/// Errors from the Training module: a configuration value out of range, or buffers whose
/// counts disagree. Each case names the option or buffer, the value received and what was expected.
public enum TrainingError: Error, Equatable, CustomStringConvertible {
    /// An option is outside its valid range, e.g. `quantile` 1.5 where (0, 1) is expected.
    case invalidOption(name: String, value: String, expected: String)
    /// Two buffers that must agree in size do not, e.g. parameters 120 vs gradients 118.
    case countMismatch(buffer: String, count: Int, expected: Int)

    public var description: String {
        switch self {
        case let .invalidOption(name, value, expected):
            return "invalid \(name): got \(value), expected \(expected)"
        case let .countMismatch(buffer, count, expected):
            return "\(buffer) has \(count) elements, expected \(expected)"
        }
    }
}
