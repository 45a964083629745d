// forecast-bench ingest: CSV ingestion throughput and peak memory on a generated long-format file.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSVIngest
import TimeFrames

enum IngestBenchmark {
    static let summary = "CSV ingest MB/s, rows/s and peak RSS on a ~200 MB long-format file (--rows N, --path F, --keep)"

    /// Layout of the generated file: `timestamp,series,a,b,c,d`, hourly ISO timestamps, rows
    /// interleaved by time (every series at t, then every series at t+1h), 4 decimals per value.
    struct Spec {
        var rows = 3_000_000
        var series = 100
    }

    static func run(_ args: [String]) throws {
        var spec = Spec()
        var path: String?
        var keep = false
        var repeats = 3
        var i = 0
        while i < args.count {
            switch args[i] {
            case "--rows": i += 1; spec.rows = Int(args[i]) ?? spec.rows
            case "--series": i += 1; spec.series = Int(args[i]) ?? spec.series
            case "--path": i += 1; path = args[i]
            case "--repeats": i += 1; repeats = Int(args[i]) ?? repeats
            case "--keep": keep = true
            default: throw BenchError.usage("unknown option \(args[i])")
            }
            i += 1
        }
        try verify()
        let file = path ?? "/tmp/forecast-bench-ingest-\(getpid()).csv"
        if access(file, F_OK) != 0 {
            let t0 = now()
            let bytes = try generate(spec, to: file)
            print("generated \(file): \(spec.rows) rows, \(bytes / 1_000_000) MB in \(String(format: "%.1f", now() - t0)) s")
        } else {
            print("using existing \(file)")
        }
        defer { if !keep && path == nil { unlink(file) } }

        let options = CSVReadOptions(time: .name("timestamp"), targets: [.name("a"), .name("b"), .name("c"), .name("d")],
                                     ids: [.name("series")])
        let baseline = peakRSSBytes()
        var best = Double.infinity, bestCPU = Double.infinity
        var result: IngestResult?
        for _ in 0..<repeats {
            result = nil   // free the previous frame before the next read
            let t0 = now(), c0 = cpuSeconds()
            result = try CSVFrameReader.read(path: file, options: options)
            best = min(best, now() - t0)
            bestCPU = min(bestCPU, cpuSeconds() - c0)
        }
        guard let r = result else { return }
        let peak = Double(peakRSSBytes()) / 1e6   // before the comparison reads below
        // Where the time goes: the same read with every line through libcsv, and libcsv alone.
        var libcsvPath = options
        libcsvPath.plainLineFastPath = false
        let c1 = cpuSeconds()
        let slow = try CSVFrameReader.read(path: file, options: libcsvPath)
        let slowCPU = cpuSeconds() - c1
        guard slow.report.rowsRead == r.report.rowsRead else { throw BenchError.mismatch("libcsv path read \(slow.report.rowsRead) rows") }
        let c2 = cpuSeconds()
        let scanned = try LibCSVScan.countRows(path: file)
        let scanCPU = cpuSeconds() - c2
        guard scanned == r.report.rowsRead + 1 else { throw BenchError.mismatch("libcsv counted \(scanned) rows") }
        let rows = r.report.rowsRead
        let mb = Double(r.report.bytesRead) / 1e6
        let parsed = Double(r.frame.series.reduce(0) { $0 + $1.count * (8 + 8 * $1.columns.count) }) / 1e6
        print("rows        \(rows) in \(r.frame.series.count) series")
        print(String(format: "time        %.3f s (best of %d)", best, repeats))
        print(String(format: "throughput  %.0f MB/s, %.2f M rows/s (wall clock)", mb / best, Double(rows) / best / 1e6))
        // On a shared machine the wall clock includes waiting for a core; CPU time does not.
        print(String(format: "cpu time    %.3f s: %.0f MB/s, %.2f M rows/s per CPU-second (one thread)",
                     bestCPU, mb / bestCPU, Double(rows) / bestCPU / 1e6))
        print(String(format: "libcsv path %.3f s CPU: %.0f MB/s (plainLineFastPath off: every line through libcsv)", slowCPU, mb / slowCPU))
        print(String(format: "libcsv only %.3f s CPU: %.0f MB/s (no-op callbacks, no parsing)", scanCPU, mb / scanCPU))
        print(String(format: "parsed      %.1f MB (Int64 timestamps + Double values)", parsed))
        print(String(format: "peak RSS    %.1f MB (%.1f MB before reading), %.2fx the parsed data",
                     peak, Double(baseline) / 1e6, peak / parsed))
        print("csv-ingest-result mbps=\(String(format: "%.1f", mb / best)) cpu_mbps=\(String(format: "%.1f", mb / bestCPU)) rows_per_s=\(Int(Double(rows) / best)) peak_rss_mb=\(String(format: "%.1f", peak)) parsed_mb=\(String(format: "%.1f", parsed))")
    }

    enum BenchError: Error, CustomStringConvertible {
        case usage(String), mismatch(String)
        var description: String {
            switch self { case .usage(let s): return s; case .mismatch(let s): return "verification failed: \(s)" }
        }
    }

    /// Reads a small generated file and checks every value against the generator before timing.
    static func verify() throws {
        let spec = Spec(rows: 600, series: 3)
        let file = "/tmp/forecast-bench-ingest-verify-\(getpid()).csv"
        defer { unlink(file) }
        _ = try generate(spec, to: file)
        let r = try CSVFrameReader.read(path: file, options: CSVReadOptions(ids: [.name("series")], targetDetection: .allNumeric))
        var rng = Generator(seed: 42)
        let steps = spec.rows / spec.series
        var expected = [[[Double]]](repeating: [[Double]](repeating: [], count: 4), count: spec.series)
        var level = [Double](repeating: 100, count: spec.series)
        for _ in 0..<steps {
            for s in 0..<spec.series {
                for c in 0..<4 { expected[s][c].append(Double(value(&rng, &level[s], c)) / 10_000) }
            }
        }
        guard r.frame.series.count == spec.series else { throw BenchError.mismatch("series count \(r.frame.series.count)") }
        for (s, series) in r.frame.series.enumerated() {
            guard series.interval == .hour, series.count == steps else { throw BenchError.mismatch("series \(s) shape") }
            for c in 0..<4 {
                for (a, b) in zip(series.columns[c], expected[s][c]) where abs(a - b) > 1e-9 * max(1, abs(b)) {
                    throw BenchError.mismatch("series \(s) column \(c): \(a) != \(b)")
                }
            }
        }
        print("verified: \(spec.rows) generated rows read back exactly")
    }

    /// Splitmix64: a tiny seeded generator, so the file is the same on every machine.
    struct Generator {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E3779B97F4A7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
            z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
            return z ^ (z >> 31)
        }
    }

    /// The next value of column `c`, in units of 1e-4 (written with 4 decimals).
    static func value(_ rng: inout Generator, _ level: inout Double, _ c: Int) -> Int64 {
        let u = Double(rng.next() >> 11) / Double(1 << 53) - 0.5
        if c == 0 { level += u; return Int64((level * 10_000).rounded()) }
        return Int64(((level * Double(c + 1)) + u * 10).rounded() * 10_000) + Int64(rng.next() % 10_000)
    }

    /// Writes the file with hand-made formatting (String(format:) per value would dominate).
    static func generate(_ spec: Spec, to path: String) throws -> Int {
        guard let f = fopen(path, "wb") else { throw BenchError.usage("cannot create \(path)") }
        defer { fclose(f) }
        var out: [UInt8] = []
        out.reserveCapacity(1 << 20)
        out += Array("timestamp,series,a,b,c,d\n".utf8)
        var written = 0
        var rng = Generator(seed: 42)
        var level = [Double](repeating: 100, count: spec.series)
        let ids = (0..<spec.series).map { Array("series_\(String(repeating: "0", count: max(0, 4 - String($0).count)))\($0)".utf8) }
        let start = CivilDateTime(year: 2020, month: 1, day: 1).epochMilliseconds
        for step in 0..<(spec.rows / spec.series) {
            let stamp = Array(ISO8601Text.format(CivilDateTime(epochMilliseconds: start + Int64(step) * 3_600_000), dateOnly: false).utf8)
            for s in 0..<spec.series {
                out += stamp; out.append(0x2C); out += ids[s]
                for c in 0..<4 {
                    out.append(0x2C)
                    appendFixed4(&out, value(&rng, &level[s], c))
                }
                out.append(0x0A)
                if out.count > (1 << 20) - 256 {
                    written += fwrite(out, 1, out.count, f); out.removeAll(keepingCapacity: true)
                }
            }
        }
        written += fwrite(out, 1, out.count, f)
        return written
    }

    /// `v / 10_000` with exactly 4 decimals.
    static func appendFixed4(_ out: inout [UInt8], _ v: Int64) {
        var x = v
        if x < 0 { out.append(0x2D); x = -x }
        let whole = x / 10_000, frac = x % 10_000
        out += Array(String(whole).utf8)
        out.append(0x2E)
        for d in [frac / 1000, frac / 100 % 10, frac / 10 % 10, frac % 10] { out.append(0x30 + UInt8(d)) }
    }

    static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// User + system CPU time of this process.
    static func cpuSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// Peak resident set size of this process so far.
    static func peakRSSBytes() -> Int {
        var usage = rusage()
        #if os(Linux)
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return usage.ru_maxrss * 1024   // kilobytes on Linux
        #else
        getrusage(RUSAGE_SELF, &usage)
        return usage.ru_maxrss          // bytes on macOS
        #endif
    }
}
