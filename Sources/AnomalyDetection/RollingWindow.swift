/// The last `capacity` values of a stream, kept both in arrival order and sorted, so the median,
/// any quantile and the maximum are read in O(1) after an O(capacity) insertion.
///
/// Memory is bounded by `capacity`: the detectors stream through files of any length with it.
/// NaN values are never stored (callers skip missing data before they reach a window).
public struct RollingWindow: Sendable {
    /// Most values the window holds; the oldest is dropped when a new one arrives at capacity.
    public let capacity: Int
    private var ring: [Double] = []
    private var head = 0
    private(set) var sorted: [Double] = []

    /// - Parameter capacity: number of recent values kept; at least 1.
    public init(capacity: Int) {
        self.capacity = max(1, capacity)
        ring.reserveCapacity(self.capacity)
        sorted.reserveCapacity(self.capacity)
    }

    /// Number of values held (at most `capacity`).
    public var count: Int { sorted.count }

    /// True until the first value arrives.
    public var isEmpty: Bool { sorted.isEmpty }

    /// Adds `value` (ignored when NaN), dropping the oldest value when full.
    public mutating func append(_ value: Double) {
        guard !value.isNaN else { return }
        if ring.count < capacity {
            ring.append(value)
        } else {
            let old = ring[head]
            ring[head] = value
            head = (head + 1) % capacity
            sorted.remove(at: Self.lowerBound(sorted, old))
        }
        sorted.insert(value, at: Self.lowerBound(sorted, value))
    }

    /// The value at quantile `q` in [0, 1] by linear interpolation between order statistics
    /// (numpy's default); nil when empty.
    public func quantile(_ q: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let position = min(max(q, 0), 1) * Double(sorted.count - 1)
        let low = Int(position.rounded(.down))
        let high = min(low + 1, sorted.count - 1)
        let fraction = position - Double(low)
        return sorted[low] + (sorted[high] - sorted[low]) * fraction
    }

    /// The median; nil when empty.
    public var median: Double? { quantile(0.5) }

    /// Median absolute deviation from `center`; nil when empty. O(count).
    public func medianAbsoluteDeviation(from center: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        // The absolute deviations of a sorted array form two sorted runs meeting at `center`;
        // merge them from the middle outwards instead of sorting.
        let n = sorted.count
        let target = (n - 1) / 2 // lower median index; the upper one is read next when n is even
        var left = Self.lowerBound(sorted, center) - 1
        var right = left + 1
        var k = 0
        var previous = 0.0
        while true {
            let takeLeft: Bool
            if left < 0 { takeLeft = false } else if right >= n { takeLeft = true } else {
                takeLeft = center - sorted[left] <= sorted[right] - center
            }
            let deviation = takeLeft ? center - sorted[left] : sorted[right] - center
            if takeLeft { left -= 1 } else { right += 1 }
            if k == target {
                if n % 2 == 1 { return deviation }
                previous = deviation
            } else if k == target + 1 {
                return (previous + deviation) / 2
            }
            k += 1
        }
    }

    /// The median and a robust scale: 1.4826 · MAD, or, when that is at most `minimumScale` (more
    /// than half the values equal), 1.2533 · the mean absolute deviation from the median (each
    /// estimates σ for Gaussian data); nil when empty. O(count).
    public func robustLocation(minimumScale: Double = 0) -> (center: Double, scale: Double)? {
        guard let center = median, let mad = medianAbsoluteDeviation(from: center) else { return nil }
        var scale = 1.4826 * mad
        if scale <= minimumScale {
            scale = 1.2533 * ring.reduce(0) { $0 + abs($1 - center) } / Double(ring.count)
        }
        return (center, scale)
    }

    /// The largest value; nil when empty.
    public var maximum: Double? { sorted.last }

    /// Values in arrival order, oldest first.
    public var valuesInOrder: [Double] {
        ring.count < capacity ? ring : Array(ring[head...] + ring[..<head])
    }

    private static func lowerBound(_ a: [Double], _ x: Double) -> Int {
        var low = 0, high = a.count
        while low < high {
            let mid = (low + high) / 2
            if a[mid] < x { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
