import TimeFrames

/// An nginx combined-format access log with a daily traffic cycle and one incident: a burst of
/// 5xx errors (with retries raising the request rate), then later an outage where nothing is
/// logged at all. Client addresses come from the documentation ranges (RFC 5737).
enum LogSample {
    static let paths: [(path: String, bytes: Int, weight: Double)] = [
        ("/", 5120, 10), ("/index.html", 5120, 4), ("/api/items", 2048, 20), ("/api/items/42", 640, 10),
        ("/api/cart", 900, 8), ("/api/checkout", 420, 3), ("/static/app.js", 81_920, 8),
        ("/static/style.css", 12_288, 8), ("/images/logo.png", 15_360, 6), ("/health", 2, 5), ("/login", 3_100, 4),
    ]
    static let agents = [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15",
        "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
        "curl/8.5.0", "kube-probe/1.29",
    ]
    static let prefixes = ["192.0.2.", "198.51.100.", "203.0.113."]

    static func generate(seed: UInt64, minutes n: Int, start: CivilDateTime, rate: Double, format: SampleLogFormat = .nginx) -> GeneratedSample {
        var rng = SampleRandom(seed: seed, stream: 5)
        let t0 = CivilDateTime(year: start.year, month: start.month, day: start.day, hour: start.hour, minute: start.minute).epochMilliseconds
        let step: Int64 = 60_000
        let burstLength = max(5, n / 48), outageLength = max(5, n / 72)
        let burstStart = n * 55 / 100 + rng.int(in: 0...(n / 20))
        let outageStart = n * 80 / 100 + rng.int(in: 0...(n / 20))
        let burst = burstStart..<min(n, burstStart + burstLength)
        let outage = outageStart..<min(n, outageStart + outageLength)
        let totalWeight = paths.reduce(0) { $0 + $1.weight }

        var text = ""
        text.reserveCapacity(Int(Double(n) * rate * 190))
        for m in 0..<n {
            let minuteStart = t0 + Int64(m) * step
            let c = CivilDateTime(epochMilliseconds: minuteStart)
            let hourOfDay = Double(c.hour) + Double(c.minute) / 60
            // Mean 1 over a day: quiet at 03:00, busiest at 15:00.
            var mean = rate * (0.35 + 0.65 * (1 + DeterministicMath.cos(2 * Double.pi * (hourOfDay - 15) / 24)))
            let inBurst = burst.contains(m)
            if inBurst { mean *= 1.5 } // clients retry
            let requests = rng.count(mean: mean)
            let seconds = (0..<requests).map { _ in rng.int(in: 0...59) }.sorted()
            guard !outage.contains(m) else { continue } // drawn, then lost: the server is down
            for second in seconds {
                let t = CivilDateTime(epochMilliseconds: minuteStart + Int64(second) * 1000)
                let r = request(inBurst: inBurst, totalWeight: totalWeight, rng: &rng)
                text += format == .nginx ? nginxLine(r, time: t) : syslogLine(r, time: t, rng: &rng)
            }
        }
        let windowCount = 2
        let events = [
            SampleEvent(kind: .errorBurst, series: nil, start: t0 + Int64(burst.lowerBound) * step,
                        end: t0 + Int64(burst.upperBound - 1) * step,
                        window: SampleData.nabWindow(anomalyStart: burst.lowerBound, n: n, count: windowCount, start: t0, step: step)),
            SampleEvent(kind: .outage, series: nil, start: t0 + Int64(outage.lowerBound) * step,
                        end: t0 + Int64(outage.upperBound - 1) * step,
                        window: SampleData.nabWindow(anomalyStart: outage.lowerBound, n: n, count: windowCount, start: t0, step: step)),
        ]
        return GeneratedSample(kind: .log, text: text, events: events)
    }

    /// One request's draws, rendered by either format (nginx first, so its bytes never depend
    /// on the syslog rendering's extra draws).
    struct Request {
        var client: String, method: String, path: String, status: Int, bytes: Int, referer: String, agent: String
    }

    private static func request(inBurst: Bool, totalWeight: Double, rng: inout SampleRandom) -> Request {
        let client = prefixes[rng.int(in: 0...2)] + "\(rng.int(in: 1...254))"
        var pick = rng.uniform() * totalWeight
        var chosen = paths[0]
        for p in paths {
            pick -= p.weight
            if pick < 0 { chosen = p; break }
        }
        let method = chosen.path.hasPrefix("/api/") && rng.chance(0.3) ? (rng.chance(0.8) ? "POST" : "PUT") : "GET"
        let u = rng.uniform()
        let status: Int
        if inBurst && chosen.path.hasPrefix("/api/") && u < 0.7 {
            status = rng.chance(0.7) ? 502 : 500
        } else if inBurst && u < 0.2 {
            status = 503
        } else {
            switch u {
            case ..<0.005: status = 500
            case ..<0.04: status = 404
            case ..<0.05: status = 400
            case ..<0.10: status = 304
            default: status = 200
            }
        }
        let bytes = status == 200 ? max(1, Int(Double(chosen.bytes) * rng.uniform(0.8, 1.2))) : (status == 304 ? 0 : rng.int(in: 150...600))
        let referer = chosen.path.hasPrefix("/static/") || chosen.path.hasPrefix("/images/") ? "https://shop.example.com/" : "-"
        let agent = chosen.path == "/health" ? agents[5] : agents[rng.int(in: 0...4)]
        return Request(client: client, method: method, path: chosen.path, status: status, bytes: bytes, referer: referer, agent: agent)
    }

    private static func nginxLine(_ r: Request, time: CivilDateTime) -> String {
        "\(r.client) - - [\(SampleText.commonLogTime(time))] \"\(r.method) \(r.path) HTTP/1.1\" \(r.status) \(r.bytes) \"\(r.referer)\" \"\(r.agent)\"\n"
    }

    /// `<14>Mar  4 00:00:02 web01 shop[2187]: GET /api/items 200 12ms client=192.0.2.45`; server
    /// errors are logged at priority `<11>` (user.err) with `ERROR` and a reason.
    private static func syslogLine(_ r: Request, time: CivilDateTime, rng: inout SampleRandom) -> String {
        let host = rng.chance(0.5) ? "web01" : "web02"
        let pid = host == "web01" ? 2187 : 3342
        let stamp = SampleText.monthAbbreviations[time.month - 1] + " " + (time.day < 10 ? " " : "") + "\(time.day) "
            + SampleText.pad2(time.hour) + ":" + SampleText.pad2(time.minute) + ":" + SampleText.pad2(time.second)
        let failed = r.status >= 500
        let latency = failed ? rng.int(in: 2900...3100) : rng.int(in: 3...120)
        let message = failed
            ? "ERROR \(r.method) \(r.path) \(r.status) \(latency)ms upstream timed out client=\(r.client)"
            : "\(r.method) \(r.path) \(r.status) \(latency)ms client=\(r.client)"
        return "<\(failed ? 11 : 14)>\(stamp) \(host) shop[\(pid)]: \(message)\n"
    }
}
