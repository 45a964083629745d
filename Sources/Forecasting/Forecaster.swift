import TimeFrames

/// A trained recurrent forecaster: the network and everything needed to forecast from it.
///
/// ```swift
/// let result = try Forecaster.fit(frame, options: ForecasterOptions(), progress: nil)
/// try result.forecaster.save(to: "forecast.model")
/// let forecast = try Forecaster.load(from: "forecast.model").predict(PredictionRequest())
/// ```
public final class Forecaster {
    /// Configuration, columns, scalers, training summary, residual quantiles, history.
    public internal(set) var metadata: ForecasterMetadata
    let network: ForecastNetwork

    init(metadata: ForecasterMetadata, network: ForecastNetwork) {
        self.metadata = metadata
        self.network = network
    }

    public var configuration: ForecasterConfiguration { metadata.configuration }
    /// Trainable scalars in the network.
    public var parameterCount: Int { network.parameterCount }
}
