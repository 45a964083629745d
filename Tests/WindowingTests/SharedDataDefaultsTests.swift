import CSVIngest
import Foundation
import Testing
import TimeFrames
import _TestSupport
@testable import Windowing

/// The defaults on every real data set in `../shared/data`, as a new user would meet them: read
/// with at most a target given, choose settings, build windows, gather a batch. Skipped when the
/// folder is absent.
@Suite(.enabled(if: FixturePaths.sharedData("ett/ETTh1.csv") != nil))
struct SharedDataDefaultsTests {
    /// Every CSV under the shared data folder, with the target a user would give (nil: detected).
    static func files() -> [(path: String, target: String?)] {
        guard let root = FixturePaths.sharedData("") else { return [] }
        let targets = ["ETTh1.csv": "OT", "seattle-weather.csv": "temp_max", "sp500-2000.csv": "close"]
        let enumerator = FileManager.default.enumerator(atPath: root.path)
        var out: [(String, String?)] = []
        while let relative = enumerator?.nextObject() as? String {
            guard relative.hasSuffix(".csv") else { continue }
            out.append((root.appendingPathComponent(relative).path, targets[(relative as NSString).lastPathComponent]))
        }
        return out.sorted { $0.0 < $1.0 }
    }

    @Test func defaultsWorkOnEveryFile() throws {
        let files = Self.files()
        #expect(files.count >= 5)
        for (path, target) in files {
            var options = CSVReadOptions()
            if let target { options.targets = [.name(target)] }
            let frame: TimeFrame
            do {
                frame = try CSVFrameReader.read(path: path, options: options).frame
            } catch {
                // Reading is not under test here: a file that needs reader options is listed.
                print("\((path as NSString).lastPathComponent): not read with default options: \(error)")
                continue
            }
            let interval = frame.series.first?.interval
            let series = frame.series.map { ($0.name(idColumns: frame.idColumns, fallback: frame.targetColumns[0]), $0.columns[0]) }
            let d = try WindowDefaults.choose(series: series, interval: interval)
            var dataOptions = WindowDatasetOptions(layout: WindowLayout(spec: try d.spec, target: frame.targetColumns[0],
                                                                        calendar: d.calendar.value))
            dataOptions.skipShortSeries = false
            let data = try WindowDataset(frame: frame, options: dataOptions)
            var batch = WindowBatch(capacity: 32, layout: data.layout)
            try data.gather(data.trainWindows, range: 0..<min(32, data.trainWindows.count), into: &batch)
            #expect(batch.inputs.allSatisfy(\.isFinite) && batch.targets.allSatisfy(\.isFinite), "\(path)")
            #expect(!data.validationWindows.isEmpty, "\(path)")
            let name = (path as NSString).lastPathComponent
            print("\(name) [\(interval.map(\.description) ?? "?")]: \(data.trainWindows.count) training / \(data.validationWindows.count) validation windows")
            for r in d.reasons { print("    \(r)") }
        }
    }
}
