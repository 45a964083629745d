import Foundation
import ModelFiles
import Windowing

/// Metadata keys the forecaster writes (docs/model-format.md, "Forecaster metadata keys").
public enum ForecasterMetadataKey {
    public static let version = "forecast.version"
    public static let configuration = "forecast.config"
    public static let columns = "forecast.columns"
    public static let calendar = "forecast.calendar"
    public static let scalers = "forecast.scalers"
    public static let training = "forecast.training"
    public static let residualQuantiles = "forecast.residual_quantiles"
    public static let history = "forecast.history"
}

/// A model file that is a valid container but not a forecaster this version can use.
public enum ForecasterFileError: Error, CustomStringConvertible {
    case unsupportedVersion(path: String, found: Int, supported: Int)
    case weights(path: String, reason: String)

    public var description: String {
        switch self {
        case let .unsupportedVersion(path, found, supported):
            return "\(path): forecaster metadata version \(found) is not supported (this build reads versions 1 to \(supported))"
        case let .weights(path, reason):
            return "\(path): the weights do not fit the stored configuration: \(reason)"
        }
    }
}

extension Forecaster {
    /// Windows per forward pass of a loaded model.
    static let loadedBatchCapacity = 32

    /// Checks that `path` can take the model file before training starts (the directory exists and
    /// is writable, `path` is not a directory).
    /// - Throws: `ModelFileError` naming the path.
    public static func checkModelDestination(_ path: String) throws {
        try ModelFileWriter.checkDestination(URL(fileURLWithPath: path))
    }

    /// Writes the model file atomically (temporary file, fsync, rename): weights under PyTorch
    /// state_dict names, metadata under the `forecast.*` keys.
    /// - Throws: `ModelFileError` when the file cannot be written.
    public func save(to path: String) throws {
        let tensors = network.stateDict().map { ModelTensor(name: $0.name, shape: $0.shape, floats: $0.values) }
        var meta = ModelMetadata()
        let m = metadata
        meta[ForecasterMetadataKey.version] = String(m.configuration.network.streaming != nil ? ForecasterMetadata.streamingVersion : m.version)
        try meta.set(m.configuration, forKey: ForecasterMetadataKey.configuration)
        try meta.set(m.columns, forKey: ForecasterMetadataKey.columns)
        try meta.set(m.calendar, forKey: ForecasterMetadataKey.calendar)
        try meta.set(m.scalers, forKey: ForecasterMetadataKey.scalers)
        try meta.set(m.training, forKey: ForecasterMetadataKey.training)
        try meta.set(m.residualQuantiles, forKey: ForecasterMetadataKey.residualQuantiles)
        try meta.set(m.history, forKey: ForecasterMetadataKey.history)
        try ModelFileWriter().write(tensors: tensors, metadata: meta, to: URL(fileURLWithPath: path))
    }

    /// Reads and validates a model file, rebuilds the network from its configuration and loads the
    /// weights by name. Nothing in the file is executed.
    /// - Throws: `ModelFileError` (container problems), ``ForecasterFileError``.
    public static func load(from path: String) throws -> Forecaster {
        let file = try ModelFileReader().read(from: URL(fileURLWithPath: path))
        return try load(file, path: path)
    }

    /// The forecaster in an already read model file.
    public static func load(_ file: ModelFile, path: String) throws -> Forecaster {
        let meta = file.metadata
        func value<T: Decodable>(_ type: T.Type, _ key: String) throws -> T {
            do { return try meta.value(type, forKey: key) } catch let error as ModelFileError {
                throw ModelFileError(path: path, error.problem)
            }
        }
        let version = Int(meta[ForecasterMetadataKey.version] ?? "") ?? -1
        guard version == ForecasterMetadata.currentVersion || version == ForecasterMetadata.streamingVersion else {
            throw ForecasterFileError.unsupportedVersion(path: path, found: version, supported: ForecasterMetadata.streamingVersion)
        }
        let metadata = ForecasterMetadata(
            version: version,
            configuration: try value(ForecasterConfiguration.self, ForecasterMetadataKey.configuration),
            columns: try value(ModelColumns.self, ForecasterMetadataKey.columns),
            calendar: try value(ModelCalendar.self, ForecasterMetadataKey.calendar),
            scalers: try value([SeriesScalers].self, ForecasterMetadataKey.scalers),
            training: try value(TrainingSummary.self, ForecasterMetadataKey.training),
            residualQuantiles: try value(ResidualQuantiles.self, ForecasterMetadataKey.residualQuantiles),
            history: try value([SeriesHistory].self, ForecasterMetadataKey.history))
        do { try metadata.configuration.validate() } catch {
            throw ForecasterFileError.weights(path: path, reason: "stored configuration is invalid: \(error)")
        }
        let columnCount = 1 + metadata.columns.features.count
        guard metadata.scalers.count == metadata.history.count,
              metadata.scalers.allSatisfy({ $0.features.count == metadata.columns.features.count }),
              metadata.history.allSatisfy({ h in h.columns.count == columnCount && h.columns.allSatisfy { $0.count == h.timestamps.count } }) else {
            throw ForecasterFileError.weights(path: path, reason: "scalers and history do not match the columns")
        }
        let inputWidth = 1 + metadata.columns.features.count + 2 * metadata.configuration.network.calendarFeatures.count
        // A loaded model forecasts its stored series, or a few more (more are split into passes).
        let capacity = min(loadedBatchCapacity, max(1, metadata.history.count))
        let network = try makeNetwork(metadata.configuration, inputWidth: inputWidth, batchCapacity: capacity)
        var weights: [Float] = []
        for entry in network.stateDict() {
            guard let tensor = file.tensors.first(where: { $0.name == entry.name }) else {
                throw ForecasterFileError.weights(path: path, reason: "tensor '\(entry.name)' is missing")
            }
            guard tensor.shape == entry.shape else {
                throw ForecasterFileError.weights(path: path, reason: "tensor '\(entry.name)' has shape \(tensor.shape), expected \(entry.shape)")
            }
            weights += try tensor.floats()
        }
        network.restore(weights)  // stateDict order is the parameter store order
        return Forecaster(metadata: metadata, network: network)
    }
}
