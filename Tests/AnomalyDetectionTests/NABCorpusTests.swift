import Foundation
import Testing
import _TestSupport
@testable import AnomalyDetection

/// The default detector over three of NAB's artificial files (../shared/data/nab; skipped when
/// absent). The full 35-file table comes from `forecast-bench nab` (release build), see
/// docs/anomaly-detection.md; three files keep the debug-mode suite fast.
@Suite struct NABCorpusTests {
    @Test(.enabled(if: FixturePaths.sharedData("nab/labels/combined_windows.json") != nil))
    func artificialFilesScoreAsDocumented() throws {
        let chosen = ["artificialNoAnomaly/art_daily_no_noise.csv", "artificialNoAnomaly/art_flatline.csv",
                      "artificialWithAnomaly/art_daily_jumpsup.csv"]
        let folder = try #require(FixturePaths.sharedData("nab"))
        let labels = try NABLabelWindows(contentsOf: folder.appendingPathComponent("labels/combined_windows.json"))
        var results: [NABFileResult] = []
        for file in NABEvaluation.dataFiles(in: folder) where chosen.contains(file) {
            let data = try NABDataFile(contentsOf: folder.appendingPathComponent(file))
            #expect(NABScoring.rowRanges(of: labels.windowsByFile[file] ?? [], in: data.timestamps).count == labels.windowsByFile[file]?.count,
                    "every window limit is a row of \(file)")
            results.append(try NABEvaluation.evaluate(file: file, timestamps: data.timestamps, values: data.values,
                                                      windows: labels.windowsByFile[file] ?? [], predictor: .auto, settings: DetectorSettings()))
        }
        #expect(results.count == 3)
        let corpus = NABCorpusResult(files: results, labelledWindows: 1)
        // As in the docs table: the jump is found, and neither clean file raises an alert.
        #expect(corpus.metrics.detectedWindows == 1)
        let quiet = results.filter { $0.file.hasPrefix("artificialNoAnomaly") }.reduce(0) { $0 + $1.scores[0].falsePositives }
        #expect(quiet == 0, "false alerts on art_daily_no_noise and art_flatline: \(quiet)")
        #expect(corpus.normalizedScores[0] > 50, "\(corpus.normalizedScores)")
    }
}
