import Baselines
import Forecasting
import TimeFrames

/// The model under test, as the command line names it; the baselines always run beside it.
public enum BacktestModelChoice: String, Sendable, CaseIterable {
    /// The recurrent forecaster with `forecast fit`'s defaults and this cell.
    case lstm, gru, rnn
    case holtWinters = "holt-winters"
    case naive
    case seasonalNaive = "seasonal-naive"
    case drift
    case movingAverage = "moving-average"

    /// The display name of the matching standard baseline; nil for the network.
    var baselineName: String? {
        switch self {
        case .lstm, .gru, .rnn: return nil
        case .holtWinters: return "Holt-Winters"
        case .naive: return "naive"
        case .seasonalNaive: return "seasonal naive"
        case .drift: return "drift"
        case .movingAverage: return "moving average"
        }
    }

    var cell: ForecastCell? {
        switch self {
        case .lstm: return .lstm
        case .gru: return .gru
        case .rnn: return .rnn
        default: return nil
        }
    }
}

extension BacktestModelChoice {
    /// The models of a backtest: the chosen one first, then every standard baseline.
    /// - Parameters:
    ///   - network: `forecast fit` options for the network (its cell is set from the choice).
    ///   - frame: the data, for the column names the network is trained under.
    public func models(horizon: Int, objective: HoltWintersObjective = .likelihood,
                       network: ForecasterOptions = ForecasterOptions(), frame: TimeFrame? = nil,
                       target: Int = 0) -> [any BacktestModel] {
        let all = BaselineBacktestModel.standardSet(horizon: horizon, objective: objective)
        if let cell {
            var options = network
            options.cell = cell
            let net = NetworkBacktestModel(horizon: horizon, options: options, timeColumn: frame?.timeColumn ?? "time",
                                           idColumns: frame?.idColumns ?? [],
                                           targetColumn: frame.map { $0.targetColumns[min(target, $0.targetColumns.count - 1)] } ?? "value")
            return [net] + all
        }
        guard let main = all.first(where: { $0.name == baselineName }) else { return all }
        return [main] + all.filter { $0.name != baselineName }
    }
}

extension BacktestSettings {
    /// A horizon that suits the sampling interval: a day of hourly data, a week of daily data,
    /// a year of monthly data, … capped so that `folds` folds leave half the series for training.
    public static func defaultHorizon(interval: SamplingInterval?, count: Int, folds: Int) -> Int {
        var h: Int
        switch interval {
        case .some(.businessDays): h = 5
        case .some(.months(1)): h = 12
        case .some(.months(3)): h = 4
        case .some(.months): h = 1
        case .some(.fixed(let ms)):
            switch ms {
            case ..<3_600_000: h = ms > 0 ? Int(3_600_000 / ms) : 12   // an hour of sub-hourly data
            case 3_600_000: h = 24
            case 86_400_000: h = 7
            case 7 * 86_400_000: h = 4
            default: h = 12
            }
        case .none: h = 12
        }
        return max(1, min(h, count / (2 * max(1, folds))))
    }
}
