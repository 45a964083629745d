/// Mini-batches of sample indices in a seeded random order, reshuffled each epoch, as a
/// `DataLoader(shuffle=True, drop_last=False)` would give: `batchCount` = ⌈count / batchSize⌉,
/// the last batch holding the remainder.
public struct BatchShuffler: Sendable {
    public let count: Int
    public let batchSize: Int
    /// Whether a last, smaller batch is dropped (`drop_last`).
    public let dropLast: Bool
    /// The current order: a permutation of 0..<count.
    public private(set) var order: [Int]

    /// Starts in the identity order; call `shuffle(using:)` at the start of each epoch.
    /// - Throws: `TrainingError.invalidOption` for a batch size < 1 or a negative count.
    public init(count: Int, batchSize: Int, dropLast: Bool = false) throws {
        guard batchSize >= 1 else {
            throw TrainingError.invalidOption(name: "batch size", value: "\(batchSize)", expected: "an integer >= 1")
        }
        guard count >= 0 else {
            throw TrainingError.invalidOption(name: "sample count", value: "\(count)", expected: "an integer >= 0")
        }
        self.count = count
        self.batchSize = batchSize
        self.dropLast = dropLast
        order = Array(0..<count)
    }

    /// Number of batches per epoch.
    public var batchCount: Int {
        dropLast ? count / batchSize : (count + batchSize - 1) / batchSize
    }

    /// Reorders the samples with a Fisher–Yates shuffle drawn from `generator`
    /// (`count − 1` draws), restarting from the identity so an epoch's order depends only on the
    /// generator's state. - Complexity: O(count), no allocation.
    public mutating func shuffle(using generator: inout SeededGenerator) {
        for i in 0..<count { order[i] = i }
        var i = count - 1
        while i > 0 {
            let j = generator.nextIndex(below: i + 1)
            order.swapAt(i, j)
            i -= 1
        }
    }

    /// The sample indices of batch `index` (0-based) in the current order.
    /// - Precondition: `index < batchCount`.
    public func batch(_ index: Int) -> ArraySlice<Int> {
        precondition(index >= 0 && index < batchCount, "batch \(index) of \(batchCount)")
        let start = index * batchSize
        return order[start..<min(start + batchSize, count)]
    }
}
