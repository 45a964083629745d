import TimeFrames

extension FitResult {
    /// What `forecast fit` prints after training: the network, how training went, and validation
    /// MAE/RMSE/MASE of the model next to the naive forecasts. The choices made from the data are
    /// reported through the progress sink before training starts (and kept in `choices`).
    public func report(modelPath: String?) -> String {
        let m = forecaster.metadata, net = m.configuration.network, t = m.training
        var out = ""
        for s in skippedSeries { out += s + "\n" }
        let cells = "\(net.layers)×\(net.hidden)\(net.bidirectional ? " bidirectional" : "") \(net.cell.rawValue.uppercased())"
        out += "model: \(net.architecture.rawValue) \(cells), lookback \(net.lookback), horizon \(net.horizon), "
            + "\(t.parameterCount) parameters; \(m.history.count) series, \(t.trainingWindows) training and "
            + "\(t.validationWindows) validation windows\n"
        let seconds = NumberText.fixed(t.seconds, 1)
        out += "training: \(t.epochs.count) epoch\(t.epochs.count == 1 ? "" : "s") in \(seconds)s, best epoch \(t.bestEpoch) (\(t.stopReason))"
            + (t.divergences > 0 ? ", recovered from \(t.divergences) divergence(s)" : "") + "\n"
        if let verdict = naiveCheck { out += verdict + "\n" }
        if fellBackToNaive {
            out += "note: the model file forecasts the last value (naive); give --naive-check 0 to keep the learned forecast\n"
        } else if t.bestEpoch == 0 {
            out += "note: " + Self.untrainedStartNote(net) + "\n"
        }
        out += "validation (\(m.columns.target), every validation window, all \(net.horizon) steps):\n"
        let width = max(6, t.validation.map(\.method.count).max() ?? 6)
        func cell(_ x: Double) -> String {
            let s = x.isNaN ? "–" : NumberText.significant(x, 5)
            return String(repeating: " ", count: max(0, 12 - s.count)) + s
        }
        out += "  " + "method".padding(width) + "         MAE        RMSE        MASE\n"
        for s in t.validation {
            out += "  " + s.method.padding(width) + cell(s.mae) + cell(s.rmse) + cell(s.mase) + "\n"
        }
        if t.validation.contains(where: { $0.mase.isNaN }) {
            out += "  (MASE –: undefined, the naive forecast has no error on the training rows to scale by: "
                + "a flat or exactly periodic series)\n"
        }
        if let path = modelPath { out += "saved \(path)\n" }
        return out
    }
}

extension FitResult {
    /// What the model file holds when no epoch beat the untrained start. The head starts at zero,
    /// so the start forecasts the window normalisation's reference plus the linear skip path.
    static func untrainedStartNote(_ net: NetworkConfiguration) -> String {
        let reference: String
        switch net.windowNormalisation {
        case .lastValue: reference = "the last value (the naive forecast)"
        case .meanStd: reference = "the window's mean"
        case .none: reference = "the training mean"
        }
        let start = net.linearSkip && net.architecture == .manyToOne
            ? "the linear skip path's ridge forecast (\(reference) when its weights are zero)"
            : reference
        return "no epoch beat the untrained start: the model file holds \(start), with no recurrent correction"
    }
}

private extension String {
    func padding(_ width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
}
