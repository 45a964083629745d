import Foundation
import TimeFrames

/// A NAB application profile: the weights of true positives, false negatives and false
/// positives (NAB's `config/profiles.json`).
public struct NABProfile: Sendable, Equatable {
    public var name: String
    public var tpWeight: Double
    public var fnWeight: Double
    public var fpWeight: Double

    public static let standard = NABProfile(name: "standard", tpWeight: 1, fnWeight: 1, fpWeight: 0.11)
    public static let rewardLowFP = NABProfile(name: "reward_low_FP_rate", tpWeight: 1, fnWeight: 1, fpWeight: 0.22)
    public static let rewardLowFN = NABProfile(name: "reward_low_FN_rate", tpWeight: 1, fnWeight: 2, fpWeight: 0.11)
    /// The three profiles NAB reports, in its order.
    public static let all = [standard, rewardLowFP, rewardLowFN]
}

/// One file's NAB score under one profile.
public struct NABFileScore: Sendable {
    /// The raw (unnormalised) score: Σ window terms + Σ false-positive terms.
    public var raw: Double
    /// Windows scored (those with at least one row after the probationary period).
    public var windows: Int
    /// Windows with a detection inside.
    public var detectedWindows: Int
    /// Detections after the probationary period outside every window.
    public var falsePositives: Int
}

/// NAB's scoring, as `nab/sweeper.py` computes it for a fixed threshold:
/// - rows before the probationary length min(⌊0.15·n⌋, 750) are ignored entirely;
/// - a window [a, b] of width w = b − a + 1 earns, for its earliest detection at row i,
///   `tpWeight · σ̃(−(b − i + 1)/w) / σ̃(−1)`, or `−fnWeight` when it has none;
/// - a detection outside every window costs `fpWeight · σ̃(|i − b′| / (w′ − 1))` after the
///   closest preceding window [a′, b′], or `−fpWeight` when no window precedes it;
/// where σ̃(x) = 2/(1 + e^{5x}) − 1, and −1 for x > 3 (the scaled sigmoid).
public enum NABScoring {
    /// NAB's scaled sigmoid of a relative position.
    public static func scaledSigmoid(_ position: Double) -> Double {
        position > 3 ? -1 : 2 / (1 + exp(5 * position)) - 1
    }

    /// Rows not scored at the start of a file of `rows` rows: min(⌊0.15·rows⌋, 750).
    public static func probationaryLength(rows: Int) -> Int { Int(min((0.15 * Double(rows)).rounded(.down), 750)) }

    /// Row ranges of `windows` in a file with `timestamps`: from the first row at or after the
    /// start to the last row at or before the end; windows holding no row are dropped.
    public static func rowRanges(of windows: [NABWindow], in timestamps: [EpochMilliseconds]) -> [ClosedRange<Int>] {
        windows.compactMap { w in
            guard let first = timestamps.firstIndex(where: { $0 >= w.start }),
                  let last = timestamps.lastIndex(where: { $0 <= w.end }), first <= last else { return nil }
            return first...last
        }.sorted { $0.lowerBound < $1.lowerBound }
    }

    /// Scores one file.
    /// - Parameters:
    ///   - detections: one flag per row (true = the detector raised an alert at that row).
    ///   - windows: the file's label windows as row ranges, ascending and disjoint.
    ///   - profile: the weights.
    public static func score(detections: [Bool], windows: [ClosedRange<Int>], profile: NABProfile) -> NABFileScore {
        let probation = probationaryLength(rows: detections.count)
        let maxTP = scaledSigmoid(-1)
        var raw = 0.0
        var scoredWindows = 0, detected = 0, falsePositives = 0
        // Window terms: the earliest scorable detection in each window that has scorable rows.
        for w in windows where w.upperBound >= probation {
            scoredWindows += 1
            let width = Double(w.count)
            if let i = (max(w.lowerBound, probation)...w.upperBound).first(where: { $0 < detections.count && detections[$0] }) {
                detected += 1
                raw += scaledSigmoid(-Double(w.upperBound - i + 1) / width) * profile.tpWeight / maxTP
            } else {
                raw -= profile.fnWeight
            }
        }
        // False-positive terms.
        var windowIndex = 0
        var previous: ClosedRange<Int>?
        for i in probation..<detections.count {
            while windowIndex < windows.count && windows[windowIndex].upperBound < i {
                previous = windows[windowIndex]
                windowIndex += 1
            }
            guard detections[i] else { continue }
            if windowIndex < windows.count && windows[windowIndex].contains(i) { continue }
            falsePositives += 1
            if let p = previous {
                // NAB divides by the previous window's width − 1; a one-row window has no width.
                let position = Double(i - p.upperBound) / Double(max(p.count - 1, 1))
                raw += scaledSigmoid(position) * profile.fpWeight
            } else {
                raw -= profile.fpWeight
            }
        }
        return NABFileScore(raw: raw, windows: scoredWindows, detectedWindows: detected, falsePositives: falsePositives)
    }

    /// NAB's normalisation: 100 · (raw − null) / (perfect − null), where null is the score of a
    /// detector that never fires and perfect is tpWeight × the number of windows.
    public static func normalized(raw: Double, null: Double, perfect: Double) -> Double {
        perfect == null ? 0 : 100 * (raw - null) / (perfect - null)
    }
}

/// Event-level precision, recall and F1 against label windows.
public struct EventLevelMetrics: Sendable, Equatable {
    /// Alerts (event starts) after the probationary period.
    public var alerts: Int
    /// Alerts inside a window.
    public var truePositiveAlerts: Int
    /// Windows scored, and those with at least one alert inside.
    public var windows: Int
    public var detectedWindows: Int

    public init(alerts: Int = 0, truePositiveAlerts: Int = 0, windows: Int = 0, detectedWindows: Int = 0) {
        self.alerts = alerts
        self.truePositiveAlerts = truePositiveAlerts
        self.windows = windows
        self.detectedWindows = detectedWindows
    }

    /// Share of alerts inside a window; 1 when there are no alerts (nothing wrong was said).
    public var precision: Double { alerts == 0 ? 1 : Double(truePositiveAlerts) / Double(alerts) }
    /// Share of windows detected; 1 when there are no windows.
    public var recall: Double { windows == 0 ? 1 : Double(detectedWindows) / Double(windows) }
    /// Harmonic mean of precision and recall.
    public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }

    /// Counts for one file, scoring only rows after NAB's probationary period.
    public init(detections: [Bool], windows ranges: [ClosedRange<Int>]) {
        let probation = NABScoring.probationaryLength(rows: detections.count)
        self.init()
        for i in probation..<detections.count where detections[i] {
            alerts += 1
            if ranges.contains(where: { $0.contains(i) }) { truePositiveAlerts += 1 }
        }
        for w in ranges where w.upperBound >= probation {
            windows += 1
            if (max(w.lowerBound, probation)...w.upperBound).contains(where: { detections[$0] }) { detectedWindows += 1 }
        }
    }

    /// Sums counts over files.
    public static func + (a: EventLevelMetrics, b: EventLevelMetrics) -> EventLevelMetrics {
        EventLevelMetrics(alerts: a.alerts + b.alerts, truePositiveAlerts: a.truePositiveAlerts + b.truePositiveAlerts,
                          windows: a.windows + b.windows, detectedWindows: a.detectedWindows + b.detectedWindows)
    }
}
