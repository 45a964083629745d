/// How new the latest stretch of a series looks: the distance from the last `length` values to
/// their nearest neighbour among earlier stretches of the same length (a left matrix-profile, or
/// discord, score). A shape the series has never shown scores high even when each step of it is
/// small enough for a one-step residual to look normal (a slow ramp, a flattened cycle, a change
/// of rhythm); a pattern that repeats scores low from its second occurrence on.
///
/// Values are not normalised per stretch, so a stretch at a new level is new. Each stretch is
/// reduced to `segments` block means (piecewise aggregate approximation) to bound the cost, and
/// only the last `history` stretches are kept: each value costs O(length + history · segments)
/// time and O(history · segments) memory. Stretches overlapping the current one (ending less than
/// `length` rows before it) are excluded, so a stretch never matches a shifted copy of itself.
///
/// Calibration (`startCalibration` … `finishCalibration`, the later part of the learning span):
/// the largest distance seen there times `margin` becomes the distance that scores 1. Before
/// calibration, or when every calibration distance was 0 (a constant series), `score` is nil.
public struct SubsequenceNovelty: Sendable {
    /// Values per stretch.
    public let length: Int
    /// Block means per stretch (`length` is rounded down to a multiple of it).
    public let segments: Int
    /// Earlier stretches kept as candidates.
    public let history: Int
    /// Multiple of the calibration maximum that scores 1.
    public let margin: Double
    /// Compare stretches with their own mean removed (their shape, not their level).
    public let centred: Bool

    private let block: Int
    private var values: [Double]          // last `length` values, ring
    private var valueHead = 0
    private var seen = 0
    private var shapes: [Double]          // (history + length) stretches × segments, ring
    private var shapeCount = 0
    private var calibrationMaximum: Double?
    /// Recent nearest distances, for the novelty floor (nil when off).
    private var recentDistances: RollingWindow?
    /// A distance scores 1 only if it is also this multiple of the largest recent one.
    public let floorMargin: Double
    private var scale: Double?
    private var pendingDistance: Double?

    /// - Parameters:
    ///   - length: values per stretch (≥ 2).
    ///   - segments: block means per stretch, in 1...length.
    ///   - history: earlier stretches kept (≥ 1).
    ///   - margin: the calibration maximum is multiplied by it to give the distance scoring 1.
    ///   - centred: remove each stretch's mean before comparing (level-invariant).
    ///   - floorWindow: rows whose largest distance × `floorMargin` is also required (0 = off), so
    ///     a trend or a new normal that keeps every stretch equally new alerts at its start and
    ///     then only at record distances, not row after row.
    ///   - floorMargin: see `floorWindow`.
    public init(length: Int, segments: Int, history: Int, margin: Double, centred: Bool = false,
                floorWindow: Int = 0, floorMargin: Double = 1.0) {
        self.centred = centred
        self.floorMargin = floorMargin
        if floorWindow > 0 { recentDistances = RollingWindow(capacity: floorWindow) }
        self.segments = max(1, min(segments, max(length, 2)))
        self.block = max(1, max(length, 2) / self.segments)
        self.length = block * self.segments
        self.history = max(1, history)
        self.margin = margin
        values = Array(repeating: 0, count: self.length)
        shapes = Array(repeating: 0, count: (self.history + self.length) * self.segments)
    }

    /// Ring slots of stored stretches.
    private var slots: Int { history + length }

    /// The block means of the stretch ending at the latest value.
    private func currentShape() -> [Double] {
        var shape = [Double](repeating: 0, count: segments)
        for s in 0..<segments {
            var sum = 0.0
            for j in 0..<block { sum += values[(valueHead + s * block + j) % length] }
            shape[s] = sum / Double(block)
        }
        if centred {
            let mean = shape.reduce(0, +) / Double(segments)
            for s in 0..<segments { shape[s] -= mean }
        }
        return shape
    }

    /// Root-mean-square distance (per block) from the latest stretch to its nearest earlier,
    /// non-overlapping stretch; nil until there is one.
    public var nearestDistance: Double? {
        guard seen >= length, shapeCount > length else { return nil }
        let shape = currentShape()
        // Stretches end at rows seen−1 (current, index shapeCount−1) back; candidates end at
        // least `length` rows earlier.
        let newest = shapeCount - 1 - length, oldest = max(0, shapeCount - 1 - length - history + 1)
        var best = Double.infinity
        for k in stride(from: newest, through: oldest, by: -1) {
            let base = (k % slots) * segments
            var d = 0.0
            for s in 0..<segments {
                let e = shapes[base + s] - shape[s]
                d += e * e
                if d >= best { break }
            }
            best = min(best, d)
        }
        return (best / Double(segments)).squareRoot()
    }

    /// The nearest distance of the stretch ending at the latest value (call after `update`) over
    /// the calibrated one (≥ 1 is novel), nil before calibration.
    public var score: Double? {
        guard let scale, let d = nearestDistance else { return nil }
        let floor = floorMargin * (recentDistances?.maximum ?? 0)
        return d / max(scale, floor)
    }

    /// Adds a value (NaN is skipped: the stretch spans present values only).
    public mutating func update(_ value: Double) {
        guard value.isFinite else { return }
        values[valueHead] = value
        valueHead = (valueHead + 1) % length
        seen += 1
        if seen >= length {
            let shape = currentShape()
            let base = (shapeCount % slots) * segments
            for s in 0..<segments { shapes[base + s] = shape[s] }
            shapeCount += 1
        }
        if calibrationMaximum != nil || recentDistances != nil, let d = nearestDistance {
            if let m = calibrationMaximum { calibrationMaximum = max(m, d) }
            // The floor holds distances up to the previous row: the latest is judged against them.
            pendingDistance.map { recentDistances?.append($0) }
            pendingDistance = d
        }
    }

    /// Starts recording distances for `finishCalibration`.
    public mutating func startCalibration() { calibrationMaximum = 0 }

    /// Sets the distance that scores 1 from what was recorded since `startCalibration`.
    public mutating func finishCalibration() {
        if let m = calibrationMaximum, m > 0, m.isFinite, margin > 0 { scale = m * margin }
        calibrationMaximum = nil
    }
}
