import TimeFrames

/// Daily OHLCV of one stock on weekdays: a geometric random walk whose volatility follows
/// GARCH(1,1), so calm and turbulent stretches alternate as in real prices.
enum StockSample {
    /// GARCH(1,1): σ²ₜ = ω + α·ε²ₜ₋₁ + β·σ²ₜ₋₁, with α + β = 0.98 (persistent clusters, as fitted
    /// to daily equity returns) and a long-run daily volatility of 1.6%.
    static let alpha = 0.08, beta = 0.90, longRunVolatility = 0.016
    /// Daily drift of the log price: about 7% a year.
    static let drift = 0.00028

    static func generate(seed: UInt64, length: Int, start: CivilDateTime) -> GeneratedSample {
        var rng = SampleRandom(seed: seed, stream: 1)
        let longRunVariance = longRunVolatility * longRunVolatility
        let omega = longRunVariance * (1 - alpha - beta)
        var variance = longRunVariance
        var previousShock = 0.0
        var previousClose = 100.0
        var day = CivilDateTime(year: start.year, month: start.month, day: start.day).epochMilliseconds
        while CivilDateTime(epochMilliseconds: day).weekday >= 5 { day = SamplingInterval.businessDays.advance(day, by: 1) }

        var text = "date,open,high,low,close,volume\n"
        text.reserveCapacity(48 * (length + 1))
        for _ in 0..<length {
            variance = omega + alpha * previousShock * previousShock + beta * variance
            let sigma = variance.squareRoot()
            let shock = sigma * rng.normal()
            let logReturn = drift - variance / 2 + shock
            let close = previousClose * DeterministicMath.exp(logReturn)
            // Part of the day's move happens overnight, so the open is between the two closes.
            let gap = 0.3 * shock + 0.15 * sigma * rng.normal()
            let open = previousClose * DeterministicMath.exp(gap)
            let highWick = abs(rng.normal()) * sigma * 0.45
            let lowWick = abs(rng.normal()) * sigma * 0.45
            let openCents = cents(open), closeCents = cents(close)
            let high = max(cents(max(open, close) * DeterministicMath.exp(highWick)), openCents, closeCents)
            let low = min(cents(min(open, close) * DeterministicMath.exp(-lowWick)), openCents, closeCents)
            // Volume rises with the size of the move (|shock| / long-run σ averages 0.8).
            let volumeLog = 0.25 * rng.normal() + 0.5 * (abs(shock) / longRunVolatility - 0.8)
            let volume = Int((1_200_000 * DeterministicMath.exp(volumeLog)).rounded())

            text += SampleText.date(CivilDateTime(epochMilliseconds: day)) + ","
            text += dollars(openCents) + "," + dollars(high) + "," + dollars(low) + "," + dollars(closeCents)
            text += ",\(volume)\n"

            previousShock = shock
            previousClose = close
            day = SamplingInterval.businessDays.advance(day, by: 1)
        }
        return GeneratedSample(kind: .stock, text: text, events: [])
    }

    private static func cents(_ price: Double) -> Int { max(1, Int((price * 100).rounded())) }

    private static func dollars(_ cents: Int) -> String {
        let c = cents % 100
        return "\(cents / 100).\(c < 10 ? "0" : "")\(c)"
    }
}
