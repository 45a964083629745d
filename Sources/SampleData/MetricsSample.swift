import TimeFrames

/// A per-minute service metric (think requests per second) with a daily cycle, correlated noise
/// and injected anomalies after NAB's probationary period (the first 15%, at most 750 points):
/// spikes, drop-outs to zero and, last, a lasting level shift.
enum MetricsSample {
    static func generate(seed: UInt64, length n: Int, start: CivilDateTime) -> GeneratedSample {
        var rng = SampleRandom(seed: seed, stream: 4)
        let t0 = CivilDateTime(year: start.year, month: start.month, day: start.day, hour: start.hour, minute: start.minute).epochMilliseconds
        let step: Int64 = 60_000

        // One anomaly per 18 hours, at least 4; the kinds cycle, the level shift comes last so
        // that it does not move the baseline under the others.
        let count = max(4, n / 1080)
        let cycle: [SampleEvent.Kind] = [.spike, .dropout, .spike]
        let kinds = (0..<count).map { $0 == count - 1 ? SampleEvent.Kind.levelShift : cycle[$0 % cycle.count] }
        let probation = min(n * 15 / 100, 750)
        let slot = (n - probation) / count
        var starts: [Int] = [], ends: [Int] = []
        for (i, kind) in kinds.enumerated() {
            let first = probation + i * slot + slot * 3 / 10 + rng.int(in: 0...(slot * 4 / 10))
            let length: Int
            switch kind {
            case .spike: length = rng.int(in: 1...3)
            case .dropout: length = rng.int(in: 10...25)
            default: length = n - first
            }
            starts.append(first)
            ends.append(min(n - 1, first + length - 1))
        }
        let spikeHeights = kinds.map { _ in rng.uniform(25, 40) }

        var noise = 0.0
        var text = "timestamp,value\n"
        text.reserveCapacity(27 * (n + 1))
        for m in 0..<n {
            let t = t0 + Int64(m) * step
            let c = CivilDateTime(epochMilliseconds: t)
            let minuteOfDay = Double(c.hour * 60 + c.minute)
            noise = 0.9 * noise + 1.2 * rng.normal()
            var value = 40 + 15 * DeterministicMath.cos(2 * Double.pi * (minuteOfDay - 14 * 60) / 1440) + noise + 0.6 * rng.normal()
            for (i, kind) in kinds.enumerated() where m >= starts[i] && m <= ends[i] {
                switch kind {
                case .spike: value += spikeHeights[i]
                case .dropout: value = 0
                default: value += 20
                }
            }
            text += SampleText.spacedDateTime(c) + "," + SampleText.fixed(max(0, value), 2) + "\n"
        }
        let events = kinds.indices.map { i in
            SampleEvent(kind: kinds[i], series: nil, start: t0 + Int64(starts[i]) * step, end: t0 + Int64(ends[i]) * step,
                        window: SampleData.nabWindow(anomalyStart: starts[i], n: n, count: count, start: t0, step: step))
        }
        return GeneratedSample(kind: .metrics, text: text, events: events)
    }
}
