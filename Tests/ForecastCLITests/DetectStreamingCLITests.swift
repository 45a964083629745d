import Foundation
import Testing
import _TestSupport

/// `forecast fit --streaming` and `forecast detect --model` with streaming and window models,
/// also under `--follow`.
@Suite struct DetectStreamingCLITests {
    /// Per-minute rows from 2024-03-04 00:00 UTC: a 240-minute cycle, a wobble, and spikes.
    static func rows(_ range: Range<Int>, spikes: Set<Int> = []) -> String {
        var text = ""
        for i in range {
            let date = Date(timeIntervalSince1970: 1_709_510_400 + 60 * Double(i))
            var v = 50 + 10 * sin(2 * Double.pi * Double(i) / 240) + Double((i * 7919) % 13) / 13
            if spikes.contains(i) { v += 80 }
            text += "\(Self.format(date)),\(String(format: "%.3f", v))\n"
        }
        return text
    }

    static func format(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return f.string(from: date)
    }

    /// Fits a small model on 1,500 rows; `streaming` adds --streaming.
    static func fitModel(streaming: Bool, in dir: URL) throws -> String {
        let data = dir.appendingPathComponent("train.csv")
        try ("timestamp,value\n" + rows(0..<1500)).write(to: data, atomically: true, encoding: .utf8)
        let model = dir.appendingPathComponent(streaming ? "stream.model" : "window.model").path
        let r = try ForecastBinary.run(["fit", data.path, "--hidden", "8", "--layers", "1", "--epochs", "3", "--lookback", "24",
                                        "--horizon", "1", "--no-calendar", "--quiet", "-o", model] + (streaming ? ["--streaming", "--chunk", "24"] : []))
        #expect(r.status == 0, "\(r.err)")
        return model
    }

    @Test func detectSaysWhetherTheModelStreams() throws {
        let dir = try ForecastBinary.folder(prefix: "detect-stream")
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("new.csv")
        try ("timestamp,value\n" + Self.rows(0..<1200, spikes: [900])).write(to: data, atomically: true, encoding: .utf8)

        let streaming = try Self.fitModel(streaming: true, in: dir)
        let s = try ForecastBinary.run(["detect", data.path, "--model", streaming, "--train-size", "300"])
        #expect(s.status == 1, "the spike is flagged: \(s.err)")
        #expect(s.err.contains("streaming model: its recurrent state is carried"), "\(s.err)")
        #expect(s.err.contains("predictor lstm(8x1, streaming)"), "\(s.err)")
        #expect(s.out.contains("2024-03-04 15:00:00") || s.out.contains("2024-03-04T15:00:00"), "row 900: \(s.out)")

        let inspect = try ForecastBinary.run(["inspect", streaming])
        #expect(inspect.out.contains("streaming: state carried from row to row (truncated-bptt, chunk 24)"), "\(inspect.out)")
        // --json: the same file as one JSON object, metadata entries parsed.
        let json = try ForecastBinary.run(["inspect", streaming, "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any], "\(json.out)")
        let tensors = try #require(object["tensors"] as? [[String: Any]])
        #expect(tensors.contains { $0["name"] as? String == "weight_ih_l0" || ($0["name"] as? String)?.hasSuffix("weight_ih_l0") == true })
        let columns = try #require((object["metadata"] as? [String: Any])?["forecast.columns"] as? [String: Any])
        #expect(columns["target"] as? String == "value")

        let window = try Self.fitModel(streaming: false, in: dir)
        let w = try ForecastBinary.run(["detect", data.path, "--model", window, "--train-size", "300"])
        #expect(w.err.contains("not a streaming model"), "\(w.err)")
        #expect(w.err.contains("--streaming"), "the note says how to get one: \(w.err)")

        let bad = try ForecastBinary.run(["fit", data.path, "--chunk", "8"])
        #expect(bad.status == 64 && bad.err.contains("--streaming"), "\(bad.err)")
    }

    /// Resident memory of a running process, in KiB (Linux; nil elsewhere).
    static func residentKiB(_ pid: Int32) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }) else { return nil }
        return Int(line.split(separator: " ").dropFirst().first ?? "")
    }

    @Test func followWithAStreamingModelWritesEachAnomalyAtOnceInBoundedMemory() throws {
        let dir = try ForecastBinary.folder(prefix: "follow-stream")
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = try Self.fitModel(streaming: true, in: dir)
        let process = Process()
        process.executableURL = try #require(ForecastBinary.url)
        process.arguments = ["detect", "-", "--follow", "--model", model, "--train-size", "300", "--format", "jsonl"]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input; process.standardOutput = output; process.standardError = errors
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        let reader = output.fileHandleForReading
        var received = ""
        /// Reads output until a line holds `text` (the process keeps running: stdin is still open).
        func waitFor(_ text: String) {
            while !received.contains(text) {
                let chunk = reader.availableData
                if chunk.isEmpty { return }
                received += String(decoding: chunk, as: UTF8.self)
            }
        }
        // Phase 1: 1,500 rows with a spike at row 1,400; its line arrives before stdin closes.
        input.fileHandleForWriting.write(Data(("timestamp,value\n" + Self.rows(0..<1500, spikes: [1400])).utf8))
        waitFor(Self.format(Date(timeIntervalSince1970: 1_709_510_400 + 60 * 1400)).replacingOccurrences(of: " ", with: "T"))
        let early = Self.residentKiB(process.processIdentifier)
        // Phase 2: three times as many rows again; the state and windows do not grow with them.
        input.fileHandleForWriting.write(Data(Self.rows(1500..<6000, spikes: [5900]).utf8))
        waitFor(Self.format(Date(timeIntervalSince1970: 1_709_510_400 + 60 * 5900)).replacingOccurrences(of: " ", with: "T"))
        let late = Self.residentKiB(process.processIdentifier)
        try input.fileHandleForWriting.close()
        received += String(decoding: reader.readDataToEndOfFile(), as: UTF8.self)
        let err = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1, "\(err)")
        #expect(err.contains("streaming model"), "\(err)")
        #expect(received.contains("T23:20:00"), "row 1,400 flagged: \(received)")
        if let early, let late {
            // 4,500 more rows: a per-row buffer or a state kept per row would add megabytes; the
            // allowance covers allocator and page-cache noise.
            #expect(late - early < 4_096, "resident memory grew from \(early) KiB to \(late) KiB")
        }
    }
}
