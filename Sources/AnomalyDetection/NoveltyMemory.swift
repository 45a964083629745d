import Foundation

/// The largest deviation of the last `maximumAge` values, each weighted by how long ago it came:
/// `max over i of deviation[i] · 0.5^(age[i] / halfLife)` (no decay when `halfLife` is 0). The
/// novelty floor of `RobustZScorer` with a fading memory: a disturbance raises the bar for the
/// ones after it, less and less as it recedes, instead of fully until it leaves the window.
///
/// A monotonic queue: each value is pushed once and popped at most once, so `append` is O(1)
/// amortised and `largest` O(1); memory is at most `maximumAge` entries. All entries decay at the
/// same rate, so an entry that is not larger (decayed) than a newer one never will be again and
/// is dropped at once.
public struct NoveltyMemory: Sendable {
    /// Rows after which a deviation's weight has halved (0 = no decay).
    public let halfLife: Double
    /// Rows a deviation is remembered at all (≥ 1).
    public let maximumAge: Int
    private var entries: [(position: Int, deviation: Double)] = []
    private var first = 0 // entries before this index are popped (compacted from time to time)
    private var position = 0

    /// - Parameters:
    ///   - halfLife: rows after which a deviation counts half (0 or less = no decay).
    ///   - maximumAge: rows a deviation is kept (at least 1).
    public init(halfLife: Double, maximumAge: Int) {
        self.halfLife = halfLife > 0 && halfLife.isFinite ? halfLife : 0
        self.maximumAge = max(1, maximumAge)
    }

    /// The weight of a deviation `age` rows old.
    private func weight(age: Int) -> Double { halfLife > 0 ? exp2(-Double(age) / halfLife) : 1 }

    /// Adds the next row's deviation (its absolute value; NaN is ignored but still ages the others).
    public mutating func append(_ deviation: Double) {
        defer { position += 1 }
        while first < entries.count && position - entries[first].position >= maximumAge { first += 1 }
        guard deviation.isFinite else { return }
        let d = abs(deviation)
        // Drop the newest entries that, decayed to now, are no larger than d: d outlives them.
        while entries.count > first, let last = entries.last,
              last.deviation * weight(age: position - last.position) <= d {
            entries.removeLast()
        }
        entries.append((position, d))
        if first > 64 && first * 2 > entries.count {
            entries.removeFirst(first)
            first = 0
        }
    }

    /// The largest decayed deviation held (the last appended one has weight 1); 0 when empty.
    public var largest: Double {
        guard first < entries.count else { return 0 }
        return entries[first].deviation * weight(age: position - 1 - entries[first].position)
    }
}
