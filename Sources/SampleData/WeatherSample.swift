import TimeFrames

/// Hourly weather at a mid-latitude inland station. One slow latent "weather system" `w`
/// (an AR(1) with a correlation time of about three days) drives pressure up, clears the sky
/// (a larger daily temperature swing, drier air) and calms the wind, so the columns are
/// correlated the way real ones are; humidity comes from temperature and dew point through the
/// Magnus formula, so it falls in the afternoon as the temperature rises.
enum WeatherSample {
    static func generate(seed: UInt64, length: Int, start: CivilDateTime) -> GeneratedSample {
        var rng = SampleRandom(seed: seed, stream: 2)
        let t0 = CivilDateTime(year: start.year, month: start.month, day: start.day, hour: start.hour).epochMilliseconds
        let phi = 0.985 // hourly persistence of the weather system: e-folding time ≈ 66 h
        var system = rng.normal()
        var temperatureNoise = 0.0, spreadNoise = 0.0, gust = 0.0
        let twoPi = 2 * Double.pi

        var text = "time,temperature,humidity,pressure,wind_speed\n"
        text.reserveCapacity(44 * (length + 1))
        for h in 0..<length {
            let t = t0 + Int64(h) * 3_600_000
            let c = CivilDateTime(epochMilliseconds: t)
            system = phi * system + (1 - phi * phi).squareRoot() * rng.normal()
            temperatureNoise = 0.8 * temperatureNoise + 0.35 * rng.normal()
            spreadNoise = 0.9 * spreadNoise + 0.4 * rng.normal()
            gust = 0.7 * gust + 0.6 * rng.normal()

            let yearPhase = (Double(SampleText.dayOfYear(c)) + Double(c.hour) / 24 - 200) / 365.25
            let annual = DeterministicMath.cos(twoPi * yearPhase)          // +1 in mid-July
            let daily = DeterministicMath.cos(twoPi * Double(c.hour - 15) / 24) // +1 at 15:00
            let clearSky = 1 + 0.3 * system
            let temperature = 10 + 9 * annual + (4 + 1.5 * annual) * clearSky * daily + 2.5 * system + temperatureNoise
            // Dew-point depression: largest on clear afternoons, never below 0.2 °C.
            let spread = max(0.2, 1.5 + 3.5 * (daily + 1) / 2 * clearSky + 1.2 * system + spreadNoise)
            let dewPoint = temperature - spread
            let humidity = min(100, 100 * DeterministicMath.exp(17.625 * dewPoint / (243.04 + dewPoint)
                                                            - 17.625 * temperature / (243.04 + temperature)))
            let pressure = 1013 + 7 * system + 0.4 * DeterministicMath.cos(2 * twoPi * Double(c.hour - 10) / 24) + 0.2 * rng.normal()
            let wind = max(0, 3.5 - 1.6 * system + 1.2 * (daily + 1) / 2 + gust)

            text += SampleText.isoDateTime(c) + "," + SampleText.fixed(temperature, 1) + "," + SampleText.fixed(humidity, 1)
            text += "," + SampleText.fixed(pressure, 1) + "," + SampleText.fixed(wind, 1) + "\n"
        }
        return GeneratedSample(kind: .weather, text: text, events: [])
    }
}
