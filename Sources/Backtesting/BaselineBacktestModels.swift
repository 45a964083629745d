import Baselines

/// Any ``BaselineModel`` as a local ``BacktestModel``; the model is built per series so it can
/// use that series' season length.
public struct BaselineBacktestModel: BacktestModel {
    public let name: String
    public var isGlobal: Bool { false }
    private let fitOne: @Sendable (BacktestHistory, (any FittedBacktestModel)?) throws -> any FittedBacktestModel

    /// - Parameters:
    ///   - name: display name (e.g. `seasonal naive`).
    ///   - make: builds the baseline for a series' history (read its `season`).
    public init<M: BaselineModel>(name: String, make: @escaping @Sendable (BacktestHistory) -> M) {
        self.name = name
        fitOne = { history, warmStart in
            let model = make(history)
            let previous = (warmStart as? FittedBaseline<M>)?.parameters
            let parameters = try model.fit(history: history.values, warmStart: previous)
            // Parameter-free baselines have nothing to carry forward.
            return FittedBaseline(model: model, parameters: parameters, warmStarted: previous != nil && !(previous is NoParameters))
        }
    }

    public func fit(_ histories: [BacktestHistory], warmStart: (any FittedBacktestModel)?) throws -> any FittedBacktestModel {
        guard histories.count == 1 else {
            throw BacktestError.internalInconsistency("local model \(name) given \(histories.count) series at once")
        }
        return try fitOne(histories[0], warmStart)
    }

    /// The standard yardsticks, in report order: naive, seasonal naive (when the season is
    /// above 1), drift, moving average (window = season, or the horizon without one), and
    /// additive Holt-Winters with a damped trend (seasonal when two full seasons fit in the
    /// history, else Holt's damped trend).
    public static func standardSet(horizon: Int, objective: HoltWintersObjective = .likelihood) -> [BaselineBacktestModel] {
        [
            BaselineBacktestModel(name: "naive") { _ in NaiveModel() },
            BaselineBacktestModel(name: "seasonal naive") { SeasonalNaiveModel(period: max(1, $0.season)) },
            BaselineBacktestModel(name: "drift") { _ in DriftModel() },
            BaselineBacktestModel(name: "moving average") { MovingAverageModel(window: $0.season > 1 ? $0.season : max(1, horizon)) },
            BaselineBacktestModel(name: "Holt-Winters") { h in
                let seasonal = h.season > 1 && h.values.count >= 2 * h.season + 4
                return HoltWintersModel(period: seasonal ? h.season : 1, trend: .damped, objective: objective)
            },
        ]
    }
}

struct FittedBaseline<M: BaselineModel>: FittedBacktestModel {
    let model: M
    let parameters: M.Parameters
    let warmStarted: Bool

    func forecast(_ history: BacktestHistory, horizon: Int, coverage: Double) throws -> ModelForecast {
        try model.forecast(history: history.values, parameters: parameters, horizon: horizon, coverage: coverage)
    }
}
