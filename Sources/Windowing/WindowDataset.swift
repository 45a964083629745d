import TimeFrames

/// How to turn a frame into windows. Every field has the forecaster's default but `layout`.
public struct WindowDatasetOptions: Sendable, Equatable {
    /// Columns, window shape, calendar features and per-window normalisation.
    public var layout: WindowLayout
    /// Per-series, per-column scaling fitted on the training rows.
    public var scaling: ScalingMethod = .standard
    /// Share of each series' rows, at its end, kept for validation (at least `horizon` rows).
    public var validationFraction: Double = 0.2
    /// Steps between consecutive validation windows (1: a forecast from every origin).
    public var validationStride: Int = 1
    /// Leave out series too short for one training window instead of failing (they are listed
    /// in ``WindowDataset/skippedSeries``).
    public var skipShortSeries = false

    public init(layout: WindowLayout) { self.layout = layout }
}

/// Every training and validation window of a frame, pooled over its series (one global model),
/// with the scaled rows they are cut from. Windows never cross series; a training window's
/// targets never reach the validation rows; scalers see only training rows.
///
/// Memory: one `(rows, D)` `Float` matrix per series; windows are references into it.
public struct WindowDataset: Sendable {
    public let layout: WindowLayout
    /// `store=1/item=7`-style names, one per kept series, indexing ``WindowRef/series``.
    public let seriesNames: [String]
    /// Index of each kept series in the source frame.
    public let frameIndices: [Int]
    /// Per kept series: the scalers fitted on its training rows.
    public let scalers: [SeriesScalers]
    /// Per kept series: rows before this index are training, the rest validation.
    public let trainEnd: [Int]
    /// Windows whose inputs and targets all lie in training rows, most recent last per series.
    public let trainWindows: [WindowRef]
    /// Windows whose targets all lie in validation rows (their inputs may reach back into the
    /// training rows: that is history the model is allowed to see).
    public let validationWindows: [WindowRef]
    /// Series left out by `skipShortSeries`, with the reason.
    public let skippedSeries: [(name: String, reason: String)]
    /// Windows left out because a value they need is missing (NaN).
    public let windowsWithMissingValues: Int
    /// Per series with training targets more than ``extremeSpreads`` scaled units from the
    /// centre: one sentence naming the count and the largest, for fit to print. Under plain
    /// standard scaling no value of fewer than a million rows gets that far (|z| ≤ √n), so this
    /// speaks only when the scaler set such values aside (``ScalingMethod/standard``).
    public let extremeValueWarnings: [String]
    /// Scaled distance from the centre beyond which a training target is called extreme.
    public static let extremeSpreads = 1000.0

    /// Per kept series: its timestamps and interval (for the calendar of steps past its end).
    let timestamps: [[EpochMilliseconds]]
    let intervals: [SamplingInterval?]
    /// `rows[s]`: `(rowCount, D)` encoded rows of kept series `s`, before window normalisation.
    let rows: [[Float]]
    /// `rowCounts[s]`: rows of kept series `s`.
    var rowCounts: [Int] { rows.map { $0.count / layout.inputWidth } }

    /// Builds the windows of `frame`.
    /// - Throws: ``WindowingError``: unknown columns, invalid options, a series too short
    ///   (unless skipped), or no training window at all.
    public init(frame: TimeFrame, options: WindowDatasetOptions) throws {
        let layout = options.layout
        let spec = layout.spec
        guard !frame.series.isEmpty else { throw WindowingError.emptyFrame }
        guard options.validationFraction >= 0, options.validationFraction < 0.9 else {
            throw WindowingError.invalidOption(option: "--validation", value: "\(options.validationFraction)", expected: "0 <= share < 0.9")
        }
        guard options.validationStride >= 1 else {
            throw WindowingError.invalidOption(option: "validation stride", value: "\(options.validationStride)", expected: "a positive integer")
        }
        let columns = frame.valueColumns
        func index(_ name: String) throws -> Int {
            guard let i = columns.firstIndex(of: name) else { throw WindowingError.unknownColumn(name: name, available: columns) }
            return i
        }
        let targetIndex = try index(layout.target)
        let featureIndices = try layout.features.map(index)

        var names: [String] = [], frameIndices: [Int] = [], scalers: [SeriesScalers] = [], trainEnd: [Int] = []
        var train: [WindowRef] = [], validation: [WindowRef] = [], rows: [[Float]] = []
        var skipped: [(String, String)] = [], missing = 0
        var stamps: [[EpochMilliseconds]] = [], intervals: [SamplingInterval?] = [], extremes: [String] = []
        for (si, series) in frame.series.enumerated() {
            let name = series.name(idColumns: frame.idColumns, fallback: frame.targetColumns.first ?? "series")
            let n = series.count
            let validationRows = max(spec.horizon, Int((options.validationFraction * Double(n)).rounded()))
            let end = n - validationRows
            guard end >= spec.span else {
                let error = WindowingError.seriesTooShort(series: name, rows: n, needed: spec.span + validationRows,
                                                          lookback: spec.lookback, horizon: spec.horizon, validationRows: validationRows)
                if options.skipShortSeries { skipped.append((name, error.description)); continue }
                throw error
            }
            let target = series.columns[targetIndex]
            let features = featureIndices.map { series.columns[$0] }
            let fitted = SeriesScalers(target: ColumnScaler.fit(target[0..<end], method: options.scaling),
                                       features: features.map { ColumnScaler.fit($0[0..<end], method: options.scaling) })
            let columnNames = [layout.target] + layout.features
            for (c, (column, scaler)) in zip([target] + features, [fitted.target] + fitted.features).enumerated() {
                if let i = column.firstIndex(where: { $0.isFinite && !Float(scaler.apply($0)).isFinite }) {
                    throw WindowingError.valueOutOfRange(series: name, column: columnNames[c], timestamp: series.timestamps[i], value: column[i])
                }
            }
            if let warning = Self.extremeValueWarning(series: name, column: layout.target, values: target[0..<end],
                                                      timestamps: series.timestamps, scaler: fitted.target) {
                extremes.append(warning)
            }
            var matrix = [Float](repeating: 0, count: n * layout.inputWidth)
            matrix.withUnsafeMutableBufferPointer { out in
                layout.encodeRows(timestamps: series.timestamps, target: target, features: features, scalers: fitted,
                                  from: 0, count: n, into: out.baseAddress!)
            }
            // badBefore[i]: rows before i with a missing target or covariate (prefix count).
            var badBefore = [Int](repeating: 0, count: n + 1)
            for i in 0..<n {
                let bad = !target[i].isFinite || features.contains { !$0[i].isFinite }
                badBefore[i + 1] = badBefore[i] + (bad ? 1 : 0)
            }
            let s = names.count
            func clean(_ start: Int) -> Bool { badBefore[start + spec.span] == badBefore[start] }
            // Training starts are laid out back from the split so the most recent window is kept.
            var starts: [Int] = []
            var start = end - spec.span
            while start >= 0 { starts.append(start); start -= spec.stride }
            for st in starts.reversed() { if clean(st) { train.append(WindowRef(series: s, start: st)) } else { missing += 1 } }
            start = max(0, end - spec.lookback)
            while start + spec.span <= n {
                if clean(start) { validation.append(WindowRef(series: s, start: start)) } else { missing += 1 }
                start += options.validationStride
            }
            names.append(name); frameIndices.append(si); scalers.append(fitted); trainEnd.append(end); rows.append(matrix)
            stamps.append(series.timestamps); intervals.append(series.interval)
        }
        guard !train.isEmpty else {
            throw WindowingError.noTrainingWindows(reason: skipped.isEmpty
                ? "every window has a missing value" : "every series is too short (\(skipped.count) skipped)")
        }
        self.layout = layout
        self.seriesNames = names
        self.frameIndices = frameIndices
        self.scalers = scalers
        self.trainEnd = trainEnd
        self.trainWindows = train
        self.validationWindows = validation
        self.skippedSeries = skipped
        self.windowsWithMissingValues = missing
        self.extremeValueWarnings = extremes
        self.rows = rows
        self.timestamps = stamps
        self.intervals = intervals
    }
}

extension WindowDataset {
    /// "series s: 1 training value lies more than 1000 spreads from the rest (the largest, 1e+12
    /// at 2024-01-31) …", or nil when none does.
    static func extremeValueWarning(series: String, column: String, values: ArraySlice<Double>,
                                    timestamps: [EpochMilliseconds], scaler: ColumnScaler) -> String? {
        var count = 0, worst = -1, worstDistance = 0.0
        for i in values.indices where values[i].isFinite {
            let distance = abs(scaler.apply(values[i]))
            guard distance > extremeSpreads else { continue }
            count += 1
            if distance > worstDistance { worstDistance = distance; worst = i }
        }
        guard worst >= 0 else { return nil }
        let t = timestamps[worst]
        return "series \(series): \(count) training value\(count == 1 ? "" : "s") of \"\(column)\" lie\(count == 1 ? "s" : "") more than "
            + "\(Int(extremeSpreads)) spreads from the rest (the farthest: \(values[worst]) at "
            + "\(ISO8601Text.format(t, dateOnly: t % 86_400_000 == 0))); the scaling ignores \(count == 1 ? "it" : "them"), "
            + "but the model learns from \(count == 1 ? "it" : "them"): check for a data error"
    }
}
