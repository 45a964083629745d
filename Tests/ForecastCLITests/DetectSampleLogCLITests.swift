import Foundation
import Testing
import _TestSupport

/// `forecast detect` on the tool's own sample log, as a new user runs it.
@Suite struct DetectSampleLogCLITests {
    @Test func bothLabelledIncidentsOfTheSampleLogAreSeparateAlerts() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("detect-log-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let log = dir.appendingPathComponent("l.log").path, labels = dir.appendingPathComponent("l.json").path
        let sample = try ForecastBinary.run(["sample", "log", "-o", log, "--labels", labels])
        #expect(sample.status == 0, "\(sample.err)")
        // The morning rise holds the channels near half the threshold for hours; the event it
        // opens at 08:13 must close before the error burst (window 13:47–14:59), whose first
        // flag is then an alert of its own.
        let r = try ForecastBinary.run(["detect", "--log", log, "--events", "--labels", labels, "--format", "logfmt"])
        #expect(r.status == 1, "\(r.err)")
        #expect(r.out.contains("windows found 2 of 2"), "\(r.out)")
        #expect(r.out.contains("channel=drop-to-zero"), "the outage names its rule: \(r.out)")
        for line in r.out.split(separator: "\n") where line.hasPrefix("start=") {
            #expect(line.contains(" channel="), "every event says why: \(line)")
        }
    }
}
