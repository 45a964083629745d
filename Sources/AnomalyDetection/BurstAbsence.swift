/// The absence rule: a series that bursts from time to time (large residuals between quiet
/// stretches) and then stays quiet far longer than it ever has. An absence leaves no residual,
/// so no residual channel can see it; this counts the rows since the last large residual and
/// compares that with the longest such quiet stretch so far (learning span included).
///
/// A residual is large when it lies `burstScore` robust scales (1.4826 · MAD of the learning
/// span's residuals, fixed at its end) from their median. The rule applies only to series whose
/// learning span held at least `minimumBursts` separate bursts, and fires at each row of a quiet
/// stretch once it is longer than `margin` × the longest earlier one. Memory O(learning span), at most
/// `maximumLearningResiduals` values, during learning, O(1) after it.
public struct BurstAbsence: Sendable {
    public let burstScore: Double
    public let margin: Double
    public let minimumBursts: Int
    /// Flag only the first row of a quiet stretch past the limit (one short event) instead of
    /// every row until the next burst.
    public var flagsFirstRowOnly = false
    /// The learning span's residuals (the first `maximumLearningResiduals`), until `finishLearning`.
    private var learningResiduals = RollingWindow(capacity: Self.maximumLearningResiduals)
    private var center = 0.0
    private var scale: Double?
    /// Rows since the last large residual (or since the first row).
    public private(set) var quietRows = 0
    /// The longest quiet stretch that has ended.
    public private(set) var longestQuiet = 0
    /// Separate bursts (large residuals after a quiet row) seen in the learning span.
    public private(set) var learnedBursts = 0
    private var learning = true

    /// The most learning-span residuals kept (memory stays bounded however long the span is;
    /// the first ones are the sample the burst level is taken from).
    public static let maximumLearningResiduals = 10_000
    /// Learning-span residuals held (until `finishLearning`).
    public var heldResiduals: Int { learningResiduals.count }

    /// - Parameters:
    ///   - burstScore: robust z a residual must reach to count as a burst.
    ///   - margin: a quiet stretch fires once longer than this multiple of the longest earlier one.
    ///   - minimumBursts: separate bursts the learning span must hold for the rule to apply.
    public init(burstScore: Double, margin: Double, minimumBursts: Int) {
        self.burstScore = burstScore
        self.margin = max(1, margin)
        self.minimumBursts = max(1, minimumBursts)
    }

    /// Adds the next row's residual (NaN for a row without one); returns true when the row is
    /// in a quiet stretch long enough to flag (never during the learning span).
    public mutating func update(_ residual: Double) -> Bool {
        if learning {
            if learningResiduals.count < Self.maximumLearningResiduals { learningResiduals.append(residual) }
            quietRows += 1
            return false
        }
        guard let scale, scale > 0 else { return false }
        let large = !residual.isNaN && abs(residual - center) >= burstScore * scale
        if large {
            longestQuiet = max(longestQuiet, quietRows)
            quietRows = 0
        } else {
            quietRows += 1
        }
        guard learnedBursts >= minimumBursts else { return false }
        let limit = margin * Double(longestQuiet)
        // Each row past the limit, or (`flagsFirstRowOnly`) the first one only.
        return flagsFirstRowOnly ? Double(quietRows) > limit && Double(quietRows - 1) <= limit : Double(quietRows) > limit
    }

    /// Ends the learning span: fixes the burst level from its residuals and replays them to
    /// count its bursts and quiet stretches.
    public mutating func finishLearning() {
        learning = false
        let residuals = learningResiduals.valuesInOrder
        let location = learningResiduals.robustLocation()
        learningResiduals = RollingWindow(capacity: 1)
        guard let (center, s) = location else { return }
        self.center = center
        scale = s
        // Replay: count bursts and quiet stretches (missing rows are not in the list, a small
        // undercount of the quiet stretches that hold them).
        var quiet = 0, previousLarge = false
        for r in residuals {
            let large = s > 0 && abs(r - center) >= burstScore * s
            if large {
                if !previousLarge { learnedBursts += 1 }
                longestQuiet = max(longestQuiet, quiet)
                quiet = 0
            } else {
                quiet += 1
            }
            previousLarge = large
        }
        quietRows = quiet
    }
}
