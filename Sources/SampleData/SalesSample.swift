import TimeFrames

/// Daily unit sales of `stores × items` products in long format, one row per date, store and
/// item (date-major, as a daily export writes them).
///
/// mean = base(store, item) · weekday · season · trend · promotion · holiday; the count is
/// Poisson-like around it. Stores are closed on Jan 1 and Dec 25 (sales 0, `holiday` 1); other
/// holidays lift sales. A few stock-outs (2–5 days at 0 on open days) are hidden in the data
/// and listed in ``GeneratedSample/events``.
enum SalesSample {
    /// Monday … Sunday: busy weekends, a quiet Tuesday.
    static let weekdayFactor = [0.85, 0.80, 0.85, 0.95, 1.10, 1.35, 1.15]
    static let promotionLift = 1.45

    static func generate(seed: UInt64, days: Int, start: CivilDateTime, stores: Int, items: Int) -> GeneratedSample {
        var rng = SampleRandom(seed: seed, stream: 3)
        let firstDay = CivilDateTime.days(fromCivilYear: start.year, month: start.month, day: start.day)
        let storeScale = (0..<stores).map { _ in rng.uniform(0.7, 1.4) }
        let itemBase = (0..<items).map { _ in rng.uniform(6, 40) }
        let storeNames = (1...stores).map { "S\($0)" }
        let itemNames = (1...items).map { "I\($0)" }

        // Schedules per series: promotion days and stock-out days, drawn before the sales.
        var promoted = Array(repeating: Array(repeating: false, count: days), count: stores * items)
        var stockedOut = promoted
        var events: [SampleEvent] = []
        for k in 0..<(stores * items) {
            var d = 0
            while d < days {
                if rng.chance(0.025) {
                    let length = rng.int(in: 3...7)
                    for j in d..<min(days, d + length) { promoted[k][j] = true }
                    d += length + 7
                } else {
                    d += 1
                }
            }
            // Roughly one stock-out per series-year, at least one in the file once it spans a month.
            let outages = days >= 30 && (k == 0 || rng.chance(min(0.9, Double(days) / 365))) ? 1 : 0
            for _ in 0..<outages {
                let length = rng.int(in: 2...5)
                let first = rng.int(in: 0...max(0, days - length))
                for j in first..<min(days, first + length) { stockedOut[k][j] = true }
                let name = storeNames[k / items] + "/" + itemNames[k % items]
                events.append(SampleEvent(kind: .stockOut, series: name, start: dayMillis(firstDay + first),
                                          end: dayMillis(firstDay + first + length - 1), window: nil))
            }
        }
        events.sort { ($0.start, $0.series ?? "") < ($1.start, $1.series ?? "") }

        var text = "date,store,item,sales,promo,holiday\n"
        text.reserveCapacity(28 * (days * stores * items + 1))
        for d in 0..<days {
            let (y, m, dd) = CivilDateTime.civil(fromDays: firstDay + d)
            let date = CivilDateTime(year: y, month: m, day: dd)
            let dateText = SampleText.date(date)
            let holiday = holidayEffect(date)
            let weekday = weekdayFactor[CivilDateTime.weekday(ofDays: firstDay + d)]
            let season = 1 + 0.2 * DeterministicMath.cos(2 * Double.pi * (Double(SampleText.dayOfYear(date)) - 350) / 365.25)
            let trend = 1 + 0.0003 * Double(d)
            for s in 0..<stores {
                for i in 0..<items {
                    let k = s * items + i
                    let promo = promoted[k][d]
                    var mean = itemBase[i] * storeScale[s] * weekday * season * trend * holiday.factor
                    if promo { mean *= promotionLift }
                    // Draw even when the result is forced to 0, so schedules do not shift the stream.
                    var sales = rng.count(mean: mean)
                    if stockedOut[k][d] || holiday.factor == 0 { sales = 0 }
                    text += dateText + "," + storeNames[s] + "," + itemNames[i] + ",\(sales),\(promo ? 1 : 0),\(holiday.isHoliday ? 1 : 0)\n"
                }
            }
        }
        return GeneratedSample(kind: .sales, text: text, events: events)
    }

    static func dayMillis(_ days: Int) -> EpochMilliseconds { Int64(days) * 86_400_000 }

    /// Closed (factor 0) on Jan 1 and Dec 25; busier before Christmas, on Black Friday, Dec 31,
    /// Valentine's day and Jul 4.
    static func holidayEffect(_ c: CivilDateTime) -> (factor: Double, isHoliday: Bool) {
        switch (c.month, c.day) {
        case (1, 1), (12, 25): return (0, true)
        case (12, 24): return (1.6, true)
        case (12, 31): return (1.4, true)
        case (2, 14): return (1.2, true)
        case (7, 4): return (1.3, true)
        case (12, 18...23): return (1.3, false)
        case (11, 22...28) where c.weekday == 4: return (1.8, true) // Black Friday: the 4th Friday
        default: return (1, false)
        }
    }
}
