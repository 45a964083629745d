import Baselines
import CSVIngest
import Forecasting
import TimeFrames
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// ETTh1 (target OT, univariate): the standard 12/4/4-month split, standardised with the training
/// rows' mean and std, test MSE and MAE from every test origin at horizons 24 and 48, for LSTM
/// and GRU with default and tuned settings, next to naive and seasonal naive on the same origins.
///
/// `forecast-bench ett [--data PATH] [--horizons 24,48] [--configs lstm,gru,lstm-tuned,gru-tuned]`
enum ETTBenchmark {
    static let summary = "Forecasting: ETTh1 OT test MSE/MAE at h=24, 48 vs naive and seasonal naive"

    struct Method { var name: String; var options: ForecasterOptions }

    static func run(_ arguments: [String]) throws {
        var path = "../shared/data/ett/ETTh1.csv"
        var horizons = [24, 48]
        var configs = ["lstm", "gru", "lstm-tuned", "gru-tuned"]
        var epochs: Int?
        var i = 0
        while i + 1 < arguments.count {
            switch arguments[i] {
            case "--data": path = arguments[i + 1]
            case "--horizons": horizons = arguments[i + 1].split(separator: ",").compactMap { Int($0) }
            case "--configs": configs = arguments[i + 1].split(separator: ",").map(String.init)
            case "--epochs": epochs = Int(arguments[i + 1])
            default: break
            }
            i += 2
        }
        let read = try CSVFrameReader.read(path: path, options: CSVReadOptions(targets: [.name("OT")], ids: []))
        var frame = read.frame
        let full = frame.series[0]
        let trainRows = 8640, validationRows = 2880, testEnd = 14400
        let fitEnd = trainRows + validationRows
        frame.series[0] = TimeSeries(key: full.key, timestamps: Array(full.timestamps[0..<fitEnd]),
                                     columns: full.columns.map { Array($0[0..<fitEnd]) }, interval: full.interval)
        let target = full.columns[0]
        print("ETTh1 OT: train rows [0, \(trainRows)), validation [\(trainRows), \(fitEnd)), test [\(fitEnd), \(testEnd)); "
              + "MSE/MAE on values standardised with the training rows' mean and std")
        print("| horizon | method | test MSE | test MAE | epochs (best) | fit seconds |")
        print("|---|---|---|---|---|---|")
        for h in horizons {
            let origins = Array(fitEnd...(testEnd - h))
            var standardise: ((Double) -> Double)?
            func score(_ name: String, _ forecast: (Int) -> [Double], _ extra: String) {
                var se = 0.0, ae = 0.0, n = 0
                for (j, o) in origins.enumerated() {
                    let f = forecast(j)
                    for k in 0..<h {
                        let e = standardise!(f[k]) - standardise!(target[o + k])
                        se += e * e; ae += abs(e); n += 1
                    }
                    _ = o
                }
                print("| \(h) | \(name) | \(NumberText.fixed(se / Double(n), 4)) | \(NumberText.fixed(ae / Double(n), 4)) | \(extra)")
                fflush(stdout)
            }
            var baselinesPrinted = false
            for config in configs {
                var o = ForecasterOptions()
                o.horizon = h
                o.validationFraction = Double(validationRows) / Double(fitEnd)
                o.cell = config.hasPrefix("gru") ? .gru : .lstm
                o.epochs = epochs
                if config.hasSuffix("tuned") {
                    o.lookback = 168; o.hidden = 64; o.layers = 1; o.learningRate = 3e-3; o.batchSize = 128
                    o.patience = 4; o.epochs = epochs ?? 20
                }
                // Ctrl-C ends training at the next batch with the best weights so far; the test
                // evaluation still runs.
                TrainingInterrupt.install()
                defer { TrainingInterrupt.uninstall() }
                let started = MonotonicClock.seconds()
                let fit = try Forecaster.fit(frame, options: o, progress: TerminalTrainingProgress(style: .lines))
                let seconds = MonotonicClock.seconds() - started
                let forecaster = fit.forecaster
                let scaler = forecaster.metadata.scalers[0]
                standardise = { scaler.target.apply($0) }
                if !baselinesPrinted {
                    let seasonal = SeasonalNaiveModel(period: 24)
                    func baseline(_ model: SeasonalNaiveModel, _ j: Int) -> [Double] {
                        // The history up to the origin; the model reads only its last `period` values.
                        (try? model.forecast(history: Array(target[(origins[j] - 48)..<origins[j]]), horizon: h).point)
                            ?? Array(repeating: .nan, count: h)
                    }
                    score("naive", { baseline(SeasonalNaiveModel(period: 1), $0) }, "– | – |")
                    score("seasonal naive (m=24)", { baseline(seasonal, $0) }, "– | – |")
                    baselinesPrinted = true
                }
                let forecasts = try forecaster.forecasts(timestamps: full.timestamps, columns: [target], scalers: scaler, origins: origins)
                let t = forecaster.metadata.training
                let net = forecaster.configuration.network
                let label = "\(net.cell.rawValue.uppercased()) \(config.hasSuffix("tuned") ? "tuned" : "default") "
                    + "(\(net.layers)×\(net.hidden), lookback \(net.lookback))"
                score(label, { forecasts[$0] }, "\(t.epochs.count) (\(t.bestEpoch)) | \(NumberText.fixed(seconds, 0)) |")
            }
        }
    }
}
