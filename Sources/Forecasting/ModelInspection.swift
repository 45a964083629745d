import Foundation
import ModelFiles

/// What `forecast inspect forecast.model` prints: the container, the forecaster's configuration,
/// columns, calendar, training summary and validation scores, and every tensor.
public enum ModelInspection {
    /// Whether `path` looks like a model file (by name), so `inspect` knows which reader to use.
    public static func isModelFile(_ path: String) -> Bool {
        path.hasSuffix(".model") || path.hasSuffix(".safetensors")
    }

    /// A description of the model file at `path`. A safetensors file that is not a forecaster is
    /// listed (tensors and metadata keys) without being interpreted.
    /// - Throws: `ModelFileError` for a damaged or hostile file.
    public static func describe(path: String) throws -> String {
        let file = try ModelFileReader(acceptsForeignFiles: true).read(from: URL(fileURLWithPath: path))
        var out = "\(path): safetensors, \(file.tensors.count) tensors"
        if let v = file.formatVersion { out += ", format version \(v), checksum verified" }
        out += "\n"
        if file.metadata[ForecasterMetadataKey.configuration] != nil {
            let f = try Forecaster.load(file, path: path)
            let m = f.metadata, net = m.configuration.network, t = m.training
            out += "forecaster: \(net.architecture.rawValue), \(net.layers)×\(net.hidden)\(net.bidirectional ? " bidirectional" : "") "
                + "\(net.cell.rawValue.uppercased()), lookback \(net.lookback), horizon \(net.horizon), "
                + "window normalisation \(net.windowNormalisation.rawValue), \(f.parameterCount) parameters\n"
            if let s = net.streaming {
                out += "streaming: state carried from row to row (\(s.method.rawValue), chunk \(s.chunk)"
                    + (s.method == .burnIn ? ", burn-in \(s.burnIn)" : "") + "); detect steps it once per row\n"
            }
            out += "columns: time '\(m.columns.time)', target '\(m.columns.target)'"
                + (m.columns.ids.isEmpty ? "" : ", ids \(m.columns.ids.joined(separator: ", "))")
                + (m.columns.features.isEmpty ? "" : ", features \(m.columns.features.joined(separator: ", "))") + "\n"
            out += "calendar: \(m.calendar.interval.humanDescription), season \(m.calendar.seasonalPeriod), features "
                + (net.calendarFeatures.isEmpty ? "none" : net.calendarFeatures.joined(separator: ", ")) + "\n"
            out += "series: \(m.history.count), last \(net.lookback) rows of each stored\n"
            out += "training: \(t.epochs.count) epoch\(t.epochs.count == 1 ? "" : "s"), best \(t.bestEpoch) (validation MSE \(NumberText.significant(t.bestValidationLoss, 4))), "
                + "\(t.stopReason), \(t.trainingWindows) training / \(t.validationWindows) validation windows, "
                + "\(NumberText.fixed(t.seconds, 1))s, seed \(m.configuration.training.seed)\n"
            for s in t.validation {
                out += "  validation \(s.method): MAE \(NumberText.significant(s.mae, 5)), RMSE \(NumberText.significant(s.rmse, 5)), "
                    + "MASE \(NumberText.significant(s.mase, 4))\n"
            }
            out += "intervals: split-conformal, \(m.residualQuantiles.minimumSampleCount) validation residuals per step\n"
        } else {
            out += "not a forecaster model; metadata keys: \(file.metadata.entries.keys.sorted().joined(separator: ", "))\n"
        }
        out += "tensors:\n"
        for tensor in file.tensors {
            out += "  \(tensor.name) \(tensor.dtype.rawValue) \(tensor.shape)\n"
        }
        return out
    }

    /// The same file as one JSON object (`inspect --json`): `file`, `format_version`, `tensors`
    /// (name, dtype, shape, in file order) and `metadata`, each entry parsed when it holds JSON
    /// (the forecaster's configuration, columns, scalers, training summary…) and a string otherwise.
    /// A forecaster's file is loaded first, so its checksum and contents are verified as for `describe`.
    public static func describeJSON(path: String) throws -> String {
        let file = try ModelFileReader(acceptsForeignFiles: true).read(from: URL(fileURLWithPath: path))
        if file.metadata[ForecasterMetadataKey.configuration] != nil { _ = try Forecaster.load(file, path: path) }
        var metadata: [String: Any] = [:]
        for (key, text) in file.metadata.entries {
            metadata[key] = (try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])) ?? text
        }
        let object: [String: Any] = [
            "file": path,
            "format_version": file.formatVersion as Any? ?? NSNull(),
            "tensors": file.tensors.map { ["name": $0.name, "dtype": $0.dtype.rawValue, "shape": $0.shape] as [String: Any] },
            "metadata": metadata,
        ]
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
