import Baselines
import Dispatch
import Foundation
import ForecastMetrics
import TimeFrames

/// Progress of a running backtest: fits and forecasts done out of the total.
public struct BacktestProgress: Sendable {
    public var completed: Int
    public var total: Int
    /// What just finished (or started), e.g. `Holt-Winters · store=2 · fold 3/5`.
    public var label: String
    /// The fits running right now, e.g. `LSTM · fold 2/5`, so a long network fit is visible.
    public var running: [String] = []
}

/// Rolling-origin (walk-forward) evaluation of several models on the same folds.
///
/// For every model the folds run in order, so a refit can warm-start from the previous one;
/// models (and, for local models, series) are independent chains spread over
/// ``BacktestSettings/threads`` threads. Each chain writes its own slot and the slots are
/// combined in a fixed order, so the numbers do not depend on the thread count.
public enum BacktestEngine {
    /// Runs the backtest.
    /// - Parameters:
    ///   - frame: the series; long-format frames give several.
    ///   - target: which target column to evaluate (index into `frame.targetColumns`).
    ///   - models: the models, main model first; names must be unique.
    ///   - progress: called after each fit-and-forecast step, from worker threads (serialised).
    /// - Throws: ``BacktestError`` for bad settings, series too short, or when nothing could be
    ///   evaluated. A model that fails on some folds is recorded in ``BacktestResult/failures``.
    public static func run(frame: TimeFrame, target: Int = 0, models: [any BacktestModel], settings: BacktestSettings,
                           progress: (@Sendable (BacktestProgress) -> Void)? = nil) throws -> BacktestResult {
        try settings.validate()
        guard target >= 0, target < frame.targetColumns.count else {
            throw BacktestError.noData("the frame has no target column #\(target + 1) (targets: \(frame.targetColumns))")
        }
        guard !frame.series.isEmpty else { throw BacktestError.noData("the frame holds no series") }
        guard !models.isEmpty else { throw BacktestError.noData("no models to evaluate") }
        let names = models.map(\.name)
        guard Set(names).count == names.count else { throw BacktestError.invalidSetting(name: "models", value: "\(names)", expected: "unique names") }

        let plan = try FoldPlan(frame: frame, target: target, settings: settings)
        // Chains: a global model is one chain over every series; a local model one per series.
        var chains: [(model: Int, series: [Int])] = []
        for (i, m) in models.enumerated() {
            if m.isGlobal { chains.append((i, Array(plan.series.indices))) }
            else { for s in plan.series.indices { chains.append((i, [s])) } }
        }
        let total = chains.reduce(0) { $0 + $1.series.count * settings.folds }
        let slots = ChainSlots(count: chains.count)
        let counter = ProgressCounter(total: total, report: progress)
        let threads = max(1, min(settings.threads, chains.count))
        let next = AtomicIndex()
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            while let c = next.take(below: chains.count) {
                let chain = chains[c]
                slots.store(c, runChain(model: models[chain.model], modelIndex: chain.model, series: chain.series,
                                        plan: plan, settings: settings, counter: counter, chain: c))
            }
        }
        var forecasts: [FoldForecast] = [], failures: [BacktestFailure] = []
        for c in chains.indices {
            let r = slots.result(c)
            forecasts += r.forecasts
            failures += r.failures
        }
        forecasts.sort { ($0.model, $0.series, $0.fold) < ($1.model, $1.series, $1.fold) }
        failures.sort { ($0.model, $0.series, $0.fold) < ($1.model, $1.series, $1.fold) }
        guard !forecasts.isEmpty else {
            throw BacktestError.nothingEvaluated(firstFailure: failures.first.map { "\(names[$0.model]): \($0.message)" } ?? "none")
        }
        var result = BacktestResult(settings: settings, timeColumn: frame.timeColumn, targetColumn: frame.targetColumns[target],
                                    models: names, series: plan.series.map(\.summary), forecasts: forecasts, failures: failures)
        let cut = plan.series.filter { $0.summary.valuesAfterCommonEnd > 0 }
        if let end = plan.series.compactMap(\.timestamps.last).max(), !cut.isEmpty {
            let most = cut.map(\.summary.valuesAfterCommonEnd).max() ?? 0
            result.notes.append("Every series was cut at the earliest series end, "
                + "\(ISO8601Text.format(end, dateOnly: end % 86_400_000 == 0)), so all series share their fold origins and no "
                + "fit sees any series past its origin; \(cut.count) series lost up to \(most) later values from the test: "
                + cut.prefix(6).map(\.name).joined(separator: ", ") + (cut.count > 6 ? ", …" : "") + ".")
        }
        return result
    }

    /// One model's folds in order, for its series, with the refit / warm-start policy.
    static func runChain(model: any BacktestModel, modelIndex: Int, series: [Int], plan: FoldPlan,
                         settings: BacktestSettings, counter: ProgressCounter, chain: Int = 0) -> (forecasts: [FoldForecast], failures: [BacktestFailure]) {
        var forecasts: [FoldForecast] = [], failures: [BacktestFailure] = []
        // The fit in force (nil after a failed fit, so that fold is not scored and the next fold
        // tries again), and the last good fit, which the next refit warm-starts from.
        var fitted: (any FittedBacktestModel)?
        var lastGood: (any FittedBacktestModel)?
        for fold in 0..<settings.folds {
            let histories = series.map { plan.history(series: $0, fold: fold) }
            var refitted = false
            if settings.retrain.refits(atFold: fold) || fitted == nil {
                let place = series.count == 1 ? " · \(histories[0].name)" : ""
                counter.begin(chain, "\(model.name)\(place) · fitting for fold \(fold + 1)/\(settings.folds)")
                defer { counter.end(chain) }
                do {
                    fitted = try model.fit(histories, warmStart: lastGood)
                    lastGood = fitted
                    refitted = true
                } catch {
                    fitted = nil
                    for s in series { failures.append(BacktestFailure(model: modelIndex, series: s, fold: fold, message: "fit: \(error)")) }
                }
            }
            for (s, history) in zip(series, histories) {
                defer { counter.advance("\(model.name) · \(history.name) · fold \(fold + 1)/\(settings.folds)") }
                guard let fitted else { continue }
                do {
                    let f = try fitted.forecast(history, horizon: settings.horizon, coverage: settings.coverage)
                    try check(f, horizon: settings.horizon, model: model.name)
                    forecasts.append(FoldForecast(
                        model: modelIndex, series: s, fold: fold, origin: plan.origin(series: s, fold: fold), refitted: refitted,
                        warmStarted: refitted && fitted.warmStarted, training: refitted ? fitted.training : nil,
                        timestamps: history.futureTimestamps, actual: plan.actuals(series: s, fold: fold), forecast: f,
                        scale: plan.scale(series: s, fold: fold)))
                } catch {
                    failures.append(BacktestFailure(model: modelIndex, series: s, fold: fold, message: "forecast: \(error)"))
                }
            }
        }
        return (forecasts, failures)
    }

    static func check(_ f: ModelForecast, horizon: Int, model: String) throws {
        guard f.point.count == horizon, f.lower.map({ $0.count == horizon }) ?? true, f.upper.map({ $0.count == horizon }) ?? true else {
            throw BacktestError.internalInconsistency("\(model) returned \(f.point.count) values for a horizon of \(horizon)")
        }
    }
}

/// Per-chain result slots, written by worker threads, read after they finish.
final class ChainSlots: @unchecked Sendable {
    private var results: [(forecasts: [FoldForecast], failures: [BacktestFailure])]
    private let lock = NSLock()
    init(count: Int) { results = Array(repeating: ([], []), count: count) }
    func store(_ i: Int, _ r: (forecasts: [FoldForecast], failures: [BacktestFailure])) { lock.lock(); results[i] = r; lock.unlock() }
    func result(_ i: Int) -> (forecasts: [FoldForecast], failures: [BacktestFailure]) { lock.lock(); defer { lock.unlock() }; return results[i] }
}

/// Hands out 0, 1, 2, … to worker threads.
final class AtomicIndex: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()
    func take(below limit: Int) -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard value < limit else { return nil }
        value += 1
        return value - 1
    }
}

/// Counts finished steps and reports them one at a time.
final class ProgressCounter: @unchecked Sendable {
    private var done = 0
    private let total: Int
    private let report: (@Sendable (BacktestProgress) -> Void)?
    private let lock = NSLock()
    init(total: Int, report: (@Sendable (BacktestProgress) -> Void)?) { self.total = total; self.report = report }
    private var running: [Int: String] = [:]

    func advance(_ label: String) {
        lock.lock(); defer { lock.unlock() }
        done += 1
        report?(BacktestProgress(completed: done, total: total, label: label, running: runningNow))
    }

    /// A fit of chain `chain` starts; it shows in ``BacktestProgress/running`` until ``end(_:)``.
    func begin(_ chain: Int, _ what: String) {
        lock.lock(); defer { lock.unlock() }
        running[chain] = what
        report?(BacktestProgress(completed: done, total: total, label: what, running: runningNow))
    }

    func end(_ chain: Int) {
        lock.lock(); defer { lock.unlock() }
        running[chain] = nil
    }

    private var runningNow: [String] { running.keys.sorted().compactMap { running[$0] } }
}
