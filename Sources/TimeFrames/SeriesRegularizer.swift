/// Turns the raw rows of one series into a regular one: sorted, one row per timestamp,
/// optionally resampled, gaps inserted and missing values filled.
///
/// The work is done in place; a series that is already sorted, unique and gap-free is not copied.
public enum SeriesRegularizer {
    /// Regularises `series` in place and updates `report`'s counts.
    ///
    /// - Parameters:
    ///   - series: timestamps (any order) and value columns, NaN for missing values.
    ///   - columnNames: names of `series.columns`, for messages.
    ///   - options: fill, duplicates, resample and the irregular-timestamp policy.
    ///   - report: `name` is used in messages; `filled`, `gapRowsInserted`, `duplicateRowsMerged`,
    ///     `rowsDropped` and `wasUnsorted` are updated.
    /// - Returns: warnings for people (sorted input, irregular timestamps kept).
    /// - Throws: ``RegularizationError``.
    /// - Complexity: O(n log n) when sorting is needed, O(n + gaps) otherwise.
    public static func regularize(_ series: inout TimeSeries, columnNames: [String], options: RegularizationOptions,
                                  report: inout SeriesReport) throws -> [String] {
        var warnings: [String] = []
        let name = report.name
        if !isSorted(series.timestamps) {
            sortByTime(&series)
            report.wasUnsorted = true
            warnings.append("series \(name): rows were not in time order; sorted them")
        }
        let merged = try mergeDuplicates(&series, policy: options.duplicates, name: name)
        if merged.rows > 0 && options.duplicates == .auto, let first = merged.firstTimestamp {
            warnings.append("series \(name): \(merged.rows) \(merged.rows == 1 ? "row repeats" : "rows repeat") an earlier row's timestamp "
                            + "(first at \(ISO8601Text.format(first, dateOnly: first % 86_400_000 == 0))); averaged them "
                            + "(--duplicates error refuses such rows, sum or last combines them otherwise)")
        }
        report.duplicateRowsMerged += merged.rows
        if let step = options.resample {
            resample(&series, to: step, aggregation: options.aggregation)
        }
        if report.filled.count != series.columns.count { report.filled = Array(repeating: 0, count: series.columns.count) }

        if options.fill == .drop {
            report.rowsDropped += dropMissingRows(&series)
        }
        var inferred = options.resample.map { IntervalInference.regular($0) }
            ?? SamplingInterval.infer(fromSorted: series.timestamps)
        if case let .irregular(candidate, a, b) = inferred, options.irregular == .resample, options.fill != .drop {
            let rows = series.timestamps.count
            resample(&series, to: candidate, aggregation: options.aggregation)
            inferred = .regular(candidate)
            warnings.append("series \(name): timestamps are irregular (the step from \(ISO8601Text.format(a, dateOnly: false)) "
                + "to \(ISO8601Text.format(b, dateOnly: false)) is not a multiple of \(candidate)); put the \(rows) rows on a "
                + "\(candidate) grid, \(options.aggregation.rawValue) per step (as --resample \(candidate) --agg "
                + "\(options.aggregation.rawValue) does): \(series.timestamps.count) steps with values")
        }
        switch inferred {
        case .tooShort:
            series.interval = nil
        case let .irregular(candidate, a, b):
            if options.irregular == .error && options.fill != .drop {
                throw RegularizationError.irregularTimestamps(series: name, previous: a, next: b, interval: candidate)
            }
            series.interval = nil
            if options.fill != .drop {
                warnings.append("series \(name): timestamps are irregular (step from \(ISO8601Text.format(a, dateOnly: false)) "
                    + "to \(ISO8601Text.format(b, dateOnly: false)) is not a multiple of \(candidate)); kept as they are")
            } else {
                series.interval = candidate
            }
        case let .regular(interval):
            series.interval = interval
            if options.fill != .drop {
                // Trading days: short runs of missing weekdays are closures, unless asked to resample.
                let closures = interval == .businessDays && options.resample == nil ? options.maxClosedWeekdays : 0
                let gaps = try insertGaps(&series, interval: interval, name: name, maxExpansion: options.maxGapExpansion,
                                          skippingRunsUpTo: closures)
                report.gapRowsInserted += gaps.inserted
                report.closedWeekdaysSkipped += gaps.skipped
            }
        }
        if options.fill == .interpolate || options.fill == .ffill {
            // Rows without any value before the first or after the last real row would be
            // extrapolated: a forecast would start from values nobody observed.
            report.emptyEdgeRowsDropped += dropEmptyEdgeRows(&series)
            for c in series.columns.indices {
                guard let last = series.columns[c].lastIndex(where: { !$0.isNaN }), last < series.columns[c].count - 1 else { continue }
                let count = series.columns[c].count - 1 - last, t = series.timestamps[last]
                warnings.append("series \(name): the last \(count) \(count == 1 ? "value" : "values") of column \"\(columnNames[c])\" "
                                + "(after \(ISO8601Text.format(t, dateOnly: t % 86_400_000 == 0))) "
                                + "\(count == 1 ? "is" : "are") missing and carried forward from the last one; a forecast starts "
                                + "after them")
            }
        }
        if options.fill != .drop {
            for c in series.columns.indices {
                report.filled[c] += try fill(&series.columns[c], timestamps: series.timestamps, policy: options.fill,
                                             series: name, column: columnNames[c])
            }
        }
        return warnings
    }

    static func isSorted(_ t: [EpochMilliseconds]) -> Bool {
        var i = 1
        while i < t.count { if t[i] < t[i - 1] { return false }; i += 1 }
        return true
    }

    /// Stable sort by timestamp (rows with equal timestamps keep file order, so `last` means last in the file).
    static func sortByTime(_ s: inout TimeSeries) {
        let order = s.timestamps.indices.sorted { a, b in
            s.timestamps[a] != s.timestamps[b] ? s.timestamps[a] < s.timestamps[b] : a < b
        }
        s.timestamps = order.map { s.timestamps[$0] }
        for c in s.columns.indices { s.columns[c] = order.map { s.columns[c][$0] } }
    }

    /// Combines runs of equal timestamps (input sorted). Returns how many rows were merged away
    /// and the first repeated timestamp.
    static func mergeDuplicates(_ s: inout TimeSeries, policy: DuplicatePolicy,
                                name: String) throws -> (rows: Int, firstTimestamp: EpochMilliseconds?) {
        let t = s.timestamps
        var repeated = 0
        var first: EpochMilliseconds?
        var i = 1
        while i < t.count {
            if t[i] == t[i - 1] { repeated += 1; if first == nil { first = t[i] } }
            i += 1
        }
        guard let first else { return (0, nil) }
        switch policy {
        case .error:
            throw RegularizationError.duplicateTimestamp(series: name, timestamp: first)
        case .auto where repeated > DuplicatePolicy.autoMergeLimit(rows: t.count):
            throw RegularizationError.manyDuplicateTimestamps(series: name, timestamp: first, repeated: repeated, rows: t.count)
        default:
            break
        }
        let aggregation: Aggregation = policy == .sum ? .sum : policy == .last ? .last : .mean
        return (combineRuns(&s, key: { $0 }, aggregation: aggregation), first)
    }

    static func resample(_ s: inout TimeSeries, to step: SamplingInterval, aggregation: Aggregation) {
        _ = combineRuns(&s, key: step.bucketStart, aggregation: aggregation)
    }

    /// Collapses consecutive rows with the same `key(timestamp)` into one row at that key,
    /// combining each column with `aggregation` over its present values. Returns rows removed.
    static func combineRuns(_ s: inout TimeSeries, key: (EpochMilliseconds) -> EpochMilliseconds,
                            aggregation: Aggregation) -> Int {
        let n = s.timestamps.count
        var out = 0, start = 0
        while start < n {
            let k = key(s.timestamps[start])
            var end = start + 1
            while end < n && key(s.timestamps[end]) == k { end += 1 }
            for c in s.columns.indices {
                s.columns[c][out] = combine(s.columns[c], start..<end, aggregation)
            }
            s.timestamps[out] = k
            out += 1
            start = end
        }
        let removed = n - out
        s.timestamps.removeLast(removed)
        for c in s.columns.indices { s.columns[c].removeLast(removed) }
        return removed
    }

    static func combine(_ v: [Double], _ range: Range<Int>, _ aggregation: Aggregation) -> Double {
        var count = 0, sum = 0.0, lo = Double.infinity, hi = -Double.infinity, last = Double.nan
        for i in range where !v[i].isNaN {
            count += 1; sum += v[i]; lo = Swift.min(lo, v[i]); hi = Swift.max(hi, v[i]); last = v[i]
        }
        if count == 0 { return .nan }
        switch aggregation {
        case .mean: return sum / Double(count)
        case .sum: return sum
        case .last: return last
        case .min: return lo
        case .max: return hi
        }
    }

    /// Removes the rows before the first and after the last row with any value; none when no
    /// row has a value (``fill`` then reports the column as all missing). Returns how many.
    static func dropEmptyEdgeRows(_ s: inout TimeSeries) -> Int {
        let hasValue = { (i: Int) in s.columns.contains { !$0[i].isNaN } }
        guard !s.columns.isEmpty, let first = s.timestamps.indices.first(where: hasValue),
              let last = s.timestamps.indices.last(where: hasValue) else { return 0 }
        let removed = s.timestamps.count - (last - first + 1)
        guard removed > 0 else { return 0 }
        s.timestamps = Array(s.timestamps[first...last])
        for c in s.columns.indices { s.columns[c] = Array(s.columns[c][first...last]) }
        return removed
    }

    /// Removes rows where any column is NaN. Returns rows removed.
    static func dropMissingRows(_ s: inout TimeSeries) -> Int {
        let n = s.timestamps.count
        var out = 0
        for i in 0..<n where !s.columns.contains(where: { $0[i].isNaN }) {
            s.timestamps[out] = s.timestamps[i]
            for c in s.columns.indices { s.columns[c][out] = s.columns[c][i] }
            out += 1
        }
        s.timestamps.removeLast(n - out)
        for c in s.columns.indices { s.columns[c].removeLast(n - out) }
        return n - out
    }

    /// Inserts NaN rows at every missing step of `interval`, except in runs of at most
    /// `skippingRunsUpTo` missing steps, which are left out (market closures). Returns the rows
    /// inserted and the steps skipped.
    static func insertGaps(_ s: inout TimeSeries, interval: SamplingInterval, name: String, maxExpansion: Int,
                           skippingRunsUpTo closures: Int = 0) throws -> (inserted: Int, skipped: Int) {
        let t = s.timestamps
        guard t.count >= 2 else { return (0, 0) }
        // Fast check: a fixed step with first and last exactly count-1 steps apart has no gaps
        // (the steps are all positive multiples of the interval, so none can be larger).
        if case .fixed(let ms) = interval, t[t.count - 1] - t[0] == ms * Int64(t.count - 1) { return (0, 0) }
        // Steps from each row to the next: 1 normally, more across a gap; a closure counts as 1.
        var skipped = 0
        func step(_ i: Int) -> Int {
            // infer() already checked that every step is on the grid.
            let k = interval.steps(from: t[i - 1], to: t[i]) ?? 1
            return k - 1 <= closures ? 1 : k
        }
        var total = 1
        for i in 1..<t.count {
            let k = step(i)
            if k == 1 { skipped += (interval.steps(from: t[i - 1], to: t[i]) ?? 1) - 1 }
            if k - 1 > maxExpansion * t.count {
                throw RegularizationError.gapTooLarge(series: name, previous: t[i - 1], next: t[i], interval: interval, rows: k - 1)
            }
            total += k
        }
        let inserted = total - t.count
        guard inserted > 0 else { return (0, skipped) }
        if inserted > maxExpansion * t.count {
            throw RegularizationError.gapTooLarge(series: name, previous: t[0], next: t[t.count - 1], interval: interval, rows: inserted)
        }
        var newT = [EpochMilliseconds](); newT.reserveCapacity(total)
        var source = [Int](); source.reserveCapacity(total)   // row index in the old series, -1 for a gap
        newT.append(t[0]); source.append(0)
        for i in 1..<t.count {
            let k = step(i)
            for j in 1..<max(k, 1) { newT.append(interval.advance(t[i - 1], by: j)); source.append(-1) }
            newT.append(t[i]); source.append(i)
        }
        for c in s.columns.indices {
            let old = s.columns[c]
            s.columns[c] = source.map { $0 >= 0 ? old[$0] : .nan }
        }
        s.timestamps = newT
        return (inserted, skipped)
    }

    /// Fills NaNs in one column. Returns how many were filled.
    static func fill(_ v: inout [Double], timestamps: [EpochMilliseconds], policy: FillPolicy,
                     series: String, column: String) throws -> Int {
        guard let firstPresent = v.firstIndex(where: { !$0.isNaN }) else {
            if v.isEmpty { return 0 }
            throw RegularizationError.allMissing(series: series, column: column)
        }
        var filled = 0
        switch policy {
        case .drop:
            return 0
        case .error:
            if let i = v.firstIndex(where: { $0.isNaN }) {
                throw RegularizationError.missingValue(series: series, column: column, timestamp: timestamps[i])
            }
        case .zero:
            for i in v.indices where v[i].isNaN { v[i] = 0; filled += 1 }
        case .ffill:
            for i in 0..<firstPresent { v[i] = v[firstPresent]; filled += 1 }
            for i in firstPresent..<v.count where v[i].isNaN { v[i] = v[i - 1]; filled += 1 }
        case .interpolate:
            for i in 0..<firstPresent { v[i] = v[firstPresent]; filled += 1 }
            var previous = firstPresent
            var i = firstPresent + 1
            while i < v.count {
                if !v[i].isNaN { previous = i; i += 1; continue }
                var next = i
                while next < v.count && v[next].isNaN { next += 1 }
                if next == v.count {
                    for j in i..<v.count { v[j] = v[previous]; filled += 1 }
                } else {
                    // Linear in time, so a regular series and one with dropped rows interpolate alike.
                    let t0 = Double(timestamps[previous]), t1 = Double(timestamps[next])
                    for j in i..<next {
                        let w = (Double(timestamps[j]) - t0) / (t1 - t0)
                        v[j] = v[previous] + w * (v[next] - v[previous]); filled += 1
                    }
                    previous = next
                }
                i = next + 1
            }
        }
        return filled
    }
}
