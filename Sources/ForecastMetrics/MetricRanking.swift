/// Ranks of models per metric: 1 is best, ties share a rank, nil when a model has no value.
public struct MetricRanking: Sendable, Equatable, Codable {
    /// `ranks[metric][i]` is the rank of the i-th model for `metric`.
    public var ranks: [Metric: [Int?]]

    /// Ranks `summaries` (one per model, in model order) for every ``Metric`` using
    /// ``Metric/badness(of:nominalCoverage:)``: lower badness ranks first. Values within a relative
    /// 1e-12 of each other tie, so that sums of the same numbers in another order still tie.
    public init(_ summaries: [MetricSummary]) {
        var ranks: [Metric: [Int?]] = [:]
        for metric in Metric.allCases {
            let badness = summaries.map { metric.badness(of: $0.value(of: metric), nominalCoverage: $0.nominalCoverage) }
            ranks[metric] = badness.map { mine in
                guard let mine else { return nil }
                let better = badness.compactMap { $0 }.filter { $0 < mine && !Self.ties($0, mine) }.count
                return better + 1
            }
        }
        self.ranks = ranks
    }

    /// The index of every model ranked first for `metric` (several on a tie; empty if none).
    public func best(for metric: Metric) -> [Int] {
        (ranks[metric] ?? []).enumerated().compactMap { $0.element == 1 ? $0.offset : nil }
    }

    /// Whether two values tie: within a relative 1e-6. The networks compute in float32 (7
    /// digits), so a network that forecasts the last value scores naive's metric up to a few
    /// 1e-8 of it (0.97327884 against 0.97327879 on a stock series); no real difference between
    /// two forecasts is that small.
    public static func ties(_ a: Double, _ b: Double) -> Bool {
        abs(a - b) <= 1e-6 * max(abs(a), abs(b), 1e-300)
    }
}
