import Training

/// Cuts a streaming network's training rows into the updates of one epoch.
///
/// - Truncated BPTT: each series' training rows are split into `segments` contiguous segments;
///   segments run side by side as rows of one batch (in groups of at most the batch size), from
///   a zero state at the segment's start, in consecutive chunks of `chunk` steps with the state
///   carried from chunk to chunk. Each chunk is one update, its gradient cut at the chunk's first
///   step. Each epoch starts the chunk grid at a random phase (the steps before the first border
///   run without an update), so borders do not always fall on the same rows.
/// - Burn-in: every window of `burnIn + chunk` training rows, shuffled, `batchSize` per update,
///   each from a zero state; targets of the first `burnIn` steps are not counted.
struct StreamingBatcher {
    private struct Segment { var series: Int; var start: Int; var end: Int }

    let data: StreamingSequences
    let streaming: StreamingConfiguration
    private let segments: [Segment]
    private let groupSize: Int
    private let windows: [Segment]
    private let windowsPerEpoch: Int
    private let batchSize: Int
    private let pass: StreamingPass

    /// - Throws: ``TrainingFailure/noTrainingWindows(_:)`` when no series has enough training rows.
    init(data: StreamingSequences, streaming: StreamingConfiguration, batchSize: Int, maxWindows: Int?,
         network: RecurrentForecastNetwork) throws {
        self.data = data
        self.streaming = streaming
        self.batchSize = batchSize
        // Input rows whose target is a training row: 0 ..< trainEnd − 1.
        let spans = data.trainEnd.map { max(0, $0 - 1) }
        switch streaming.method {
        case .truncatedBPTT:
            let perSeries = max(1, batchSize / max(1, spans.count))
            var list: [Segment] = []
            for (s, n) in spans.enumerated() where n >= 2 {
                let k = streaming.segments ?? max(1, min(perSeries, n / (8 * streaming.chunk)))
                let length = (n + k - 1) / k
                var a = 0
                while a < n { list.append(Segment(series: s, start: a, end: min(n, a + length))); a += length }
            }
            guard !list.isEmpty else {
                throw TrainingFailure.noTrainingWindows("no training rows: every series has fewer than 3 training rows")
            }
            segments = list
            groupSize = min(list.count, max(batchSize, streaming.segments.map { $0 * spans.count } ?? 0))
            windows = []
            windowsPerEpoch = 0
            pass = try StreamingPass(network: network, batch: groupSize, steps: streaming.chunk)
        case .burnIn:
            let length = streaming.burnIn + streaming.chunk
            var list: [Segment] = []
            for (s, n) in spans.enumerated() where n >= length {
                for p in 0...(n - length) { list.append(Segment(series: s, start: p, end: p + length)) }
            }
            guard !list.isEmpty else {
                throw TrainingFailure.noTrainingWindows("no training windows: every series has fewer than burn-in + chunk = "
                                                        + "\(length + 1) training rows; lower --burn-in or --chunk")
            }
            segments = []
            windows = list
            windowsPerEpoch = min(list.count, maxWindows ?? Int.max)
            groupSize = min(batchSize, windowsPerEpoch)
            pass = try StreamingPass(network: network, batch: groupSize, steps: length)
        }
    }

    /// Updates in one epoch (for progress).
    var updatesPerEpoch: Int {
        switch streaming.method {
        case .truncatedBPTT:
            let groups = (segments.count + groupSize - 1) / groupSize
            let longest = segments.map { $0.end - $0.start }.max() ?? 0
            return groups * ((longest + streaming.chunk - 1) / streaming.chunk)
        case .burnIn:
            return (windowsPerEpoch + groupSize - 1) / groupSize
        }
    }

    /// Passes over the data that make at least `minimumUpdates` updates.
    func passesPerEpoch(minimumUpdates: Int) -> Int {
        max(1, (minimumUpdates + updatesPerEpoch - 1) / max(1, updatesPerEpoch))
    }

    /// What one epoch does in which order, drawn from the seeded generator.
    struct Plan { var phase: Int; var order: [Int] }

    func plan(using generator: inout SeededGenerator) -> Plan {
        switch streaming.method {
        case .truncatedBPTT:
            let groups = (segments.count + groupSize - 1) / groupSize
            var order = Array(0..<groups)
            shuffle(&order, using: &generator)
            return Plan(phase: streaming.chunk > 1 ? generator.nextIndex(below: streaming.chunk) : 0, order: order)
        case .burnIn:
            var order = Array(0..<windows.count)
            shuffle(&order, using: &generator)
            return Plan(phase: 0, order: Array(order.prefix(windowsPerEpoch)))
        }
    }

    /// Runs one epoch: fills the pass for each update and calls `body(update, pass, steps)`,
    /// which runs it, steps the optimiser and returns false to end the epoch early.
    func epoch(_ plan: Plan, _ body: (Int, StreamingPass, Int) throws -> Bool) throws {
        var update = 0
        switch streaming.method {
        case .truncatedBPTT:
            for g in plan.order {
                let group = Array(segments[(g * groupSize)..<min(segments.count, (g + 1) * groupSize)])
                let longest = group.map { $0.end - $0.start }.max() ?? 0
                pass.resetState()
                var t = 0
                if plan.phase > 0 && plan.phase < longest {
                    fill(group, offset: 0, steps: plan.phase)
                    _ = try pass.run(steps: plan.phase, mode: .inference)
                    t = plan.phase
                }
                while t < longest {
                    let steps = min(streaming.chunk, longest - t)
                    fill(group, offset: t, steps: steps)
                    guard try body(update, pass, steps) else { return }
                    update += 1
                    t += steps
                }
            }
        case .burnIn:
            var first = 0
            while first < plan.order.count {
                let group = plan.order[first..<min(plan.order.count, first + groupSize)].map { windows[$0] }
                pass.resetState()
                fill(group, offset: 0, steps: pass.stepCapacity, lossFrom: streaming.burnIn)
                guard try body(update, pass, pass.stepCapacity) else { return }
                update += 1
                first += groupSize
            }
        }
    }

    /// Steps `offset ..< offset + steps` of each segment in `group` (rows beyond the batch or
    /// past a segment's end: zero inputs, no target); targets before step `lossFrom` not counted.
    private func fill(_ group: [Segment], offset: Int, steps: Int, lossFrom: Int = 0) {
        let b = pass.batch, w = pass.width
        for t in 0..<steps {
            for i in 0..<b {
                let slot = t * b + i
                let row = i < group.count ? group[i].start + offset + t : -1
                guard i < group.count, row < group[i].end else {
                    for j in 0..<w { pass.inputs[slot * w + j] = 0 }
                    pass.targets[slot] = .nan
                    pass.levels[slot] = 0
                    continue
                }
                let s = group[i].series
                for j in 0..<w { pass.inputs[slot * w + j] = data.inputs[s][row * w + j] }
                pass.levels[slot] = data.levels[s][row]
                pass.targets[slot] = offset + t >= lossFrom ? data.targets[s][row] : .nan
            }
        }
    }

    private func shuffle(_ order: inout [Int], using generator: inout SeededGenerator) {
        guard order.count > 1 else { return }
        for i in stride(from: order.count - 1, to: 0, by: -1) {
            order.swapAt(i, generator.nextIndex(below: i + 1))
        }
    }
}
