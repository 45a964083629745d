import TimeFrames

/// Something the generator put in on purpose, so tests and demos know where to look.
public struct SampleEvent: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// Metrics: one to three minutes far above normal.
        case spike
        /// Metrics: the value drops to zero for a while (a collector or service outage).
        case dropout
        /// Metrics: a lasting step up of the level, to the end of the series.
        case levelShift = "level_shift"
        /// Log: a burst of 5xx responses.
        case errorBurst = "error_burst"
        /// Log: no request is logged at all.
        case outage
        /// Sales: a product out of stock, sales 0 on open days.
        case stockOut = "stock_out"
    }

    public var kind: Kind
    /// The series it affects: `store/item` for sales, nil for single-series samples.
    public var series: String?
    /// First and last affected timestamp (inclusive).
    public var start: EpochMilliseconds
    public var end: EpochMilliseconds
    /// The NAB label window around it (anomalies only): centred on `start`, 10% of the series
    /// length divided by the number of anomalies wide, clipped to the series, as NAB builds them.
    public var window: ClosedRange<EpochMilliseconds>?
}

/// One generated data set: the file text and what was injected into it.
public struct GeneratedSample: Sendable {
    public var kind: SampleKind
    /// The CSV (or log) text: `\n` line ends, a final newline, ASCII only.
    public var text: String
    /// Anomalies (metrics, log) and stock-outs (sales), in time order.
    public var events: [SampleEvent]

    /// The anomaly windows as NAB's `combined_windows.json` writes them: an object with one key
    /// (the data file's name) mapping to `[start, end]` pairs of `YYYY-MM-DD HH:MM:SS.ffffff`.
    public func labelWindowsJSON(key: String) -> String {
        let windows = events.compactMap(\.window)
        var s = "{\n    \"\(jsonEscaped(key))\": ["
        if windows.isEmpty { return s + "]\n}\n" }
        for (i, w) in windows.enumerated() {
            s += i == 0 ? "\n" : ",\n"
            s += "        [\n            \"\(nabTime(w.lowerBound))\",\n            \"\(nabTime(w.upperBound))\"\n        ]"
        }
        return s + "\n    ]\n}\n"
    }

    private func nabTime(_ t: EpochMilliseconds) -> String {
        SampleText.spacedDateTime(CivilDateTime(epochMilliseconds: t)) + ".000000"
    }

    private func jsonEscaped(_ s: String) -> String {
        var out = ""
        for ch in s.unicodeScalars {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }
}

/// The entry point: `SampleData.generate(.weather, options)`.
public enum SampleData {
    /// Generates the sample `kind`. Same options and seed → the same bytes on every machine.
    /// - Throws: ``SampleDataError`` for a length or option out of range.
    public static func generate(_ kind: SampleKind, options: SampleOptions = SampleOptions()) throws -> GeneratedSample {
        let length = options.length ?? kind.lengthUnit.defaultLength
        let start = options.start ?? kind.defaultStart
        switch kind {
        case .stock:
            try check(kind, length, 2...1_000_000)
            return StockSample.generate(seed: options.seed, length: length, start: start)
        case .weather:
            try check(kind, length, 1...10_000_000)
            return WeatherSample.generate(seed: options.seed, length: length, start: start)
        case .sales:
            try check(kind, length, 1...100_000)
            guard (1...100).contains(options.stores) else {
                throw SampleDataError.invalidOption(name: "stores", value: "\(options.stores)", expected: "1...100")
            }
            guard (1...1000).contains(options.items) else {
                throw SampleDataError.invalidOption(name: "items", value: "\(options.items)", expected: "1...1000")
            }
            return SalesSample.generate(seed: options.seed, days: length, start: start, stores: options.stores, items: options.items)
        case .metrics:
            try check(kind, length, 720...10_000_000)
            return MetricsSample.generate(seed: options.seed, length: length, start: start)
        case .log:
            try check(kind, length, 60...1_000_000)
            guard options.requestsPerMinute > 0 && options.requestsPerMinute <= 100_000 else {
                throw SampleDataError.invalidOption(name: "rate", value: "\(options.requestsPerMinute)", expected: "a rate in (0, 100000] requests per minute")
            }
            return LogSample.generate(seed: options.seed, minutes: length, start: start, rate: options.requestsPerMinute,
                                      format: options.logFormat)
        }
    }

    private static func check(_ kind: SampleKind, _ length: Int, _ range: ClosedRange<Int>) throws {
        guard range.contains(length) else {
            throw SampleDataError.invalidLength(kind: kind, value: length,
                                                expected: "\(range.lowerBound)...\(range.upperBound) \(kind.lengthUnit.name)")
        }
    }

    /// NAB's window for anomaly `i` of `count` in a series of `n` points starting at `start` with
    /// step `step`: centred on the anomaly's first point, `0.1·n/count` points wide, clipped.
    static func nabWindow(anomalyStart: Int, n: Int, count: Int, start: EpochMilliseconds, step: Int64) -> ClosedRange<EpochMilliseconds> {
        let width = max(1, n / (10 * max(1, count)))
        let lo = max(0, anomalyStart - width / 2)
        let hi = min(n - 1, anomalyStart + width / 2)
        return (start + Int64(lo) * step)...(start + Int64(hi) * step)
    }
}
