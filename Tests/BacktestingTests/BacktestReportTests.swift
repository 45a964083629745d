import Foundation
import Testing
import ForecastMetrics
@testable import Backtesting

@Suite struct BacktestReportTests {
    static func result(series: Int = 1, main: BacktestModelChoice = .holtWinters) throws -> BacktestResult {
        let frame = TestFrames.hourly((1...series).map { TestFrames.seasonal(count: 200, seed: $0) })
        return try BacktestEngine.run(frame: frame, models: main.models(horizon: 12), settings: BacktestSettings(horizon: 12, folds: 3))
    }

    @Test func jsonHoldsEveryForecastAndDecodesBack() throws {
        let r = try Self.result(series: 2)
        let decoded = try BacktestResult.decodeDocument(Data(try r.json().utf8))
        #expect(decoded == r.document)
        #expect(decoded.forecasts.count == 5 * 2 * 3)   // models × series × folds
        #expect(decoded.overall.map(\.metrics) == r.overall)
        #expect(try r.json().contains("\"by_fold\""))
    }

    @Test func verdictSaysPlainlyWhenTheMainModelLoses() throws {
        let r = try Self.result(main: .naive)   // naive on a clean daily cycle: the seasonal models win
        #expect(r.verdict.first?.contains("naive LOSES to") == true)
        // Whichever model wins this data, put it first: the verdict must say it wins.
        let winner = r.models[r.ranking.best(for: .mase)[0]]
        let choice = try #require(BacktestModelChoice.allCases.first { $0.models(horizon: 12)[0].name == winner })
        let good = try Self.result(main: choice)
        #expect(good.verdict.first?.contains("\(winner) has the lowest MASE") == true)
    }

    @Test func tableAndMarkdownMarkTheBest() throws {
        let r = try Self.result()
        let table = r.textTable()
        #expect(table.contains("backtest of y: 1 series, 3 folds × 12 steps"))
        for name in r.models { #expect(table.contains(name)) }
        let md = r.markdown()
        #expect(md.contains("| MASE |"))
        let maseRow = md.split(separator: "\n").first { $0.hasPrefix("| MASE |") }!
        #expect(maseRow.filter { $0 == "*" }.count >= 4)   // one bolded cell: **x**
        #expect(md.contains("## MAE by horizon step"))
        #expect(md.contains("## MASE by fold") && md.contains("| 3 | 2024-01-"))
        // Three folds: the fold-by-fold line counts them.
        #expect(r.verdict.contains { $0.hasPrefix("Fold by fold, it has the lowest MASE in ") && $0.hasSuffix(" of 3 folds.") })
    }

    @Test func htmlIsSelfContainedWithEveryChart() throws {
        let html = try Self.result(series: 3).html(title: "test <data>.csv")
        #expect(!html.contains("<script") && !html.contains("https://") && !html.contains("@import") && !html.contains("url("))
        // The only URL is the SVG namespace, which browsers never fetch.
        #expect(html.components(separatedBy: "http://").count - 1 == html.components(separatedBy: "xmlns=\"http://www.w3.org/2000/svg\"").count - 1)
        #expect(html.contains("test &lt;data&gt;.csv"))
        #expect(html.components(separatedBy: "<svg").count - 1 == 3 + 3)   // history, step error, residuals + 3 small multiples
        #expect(html.contains("class=\"best\""))
        #expect(html.contains("MASE by series"))
    }

    @Test func atomicWriteReplacesAndLeavesNoTemporaryFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bt-atomic-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("r.json").path
        try AtomicFile.write("one", to: path)
        try AtomicFile.write("two", to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "two")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["r.json"])
        #expect(throws: ReportWriteError.self) { try AtomicFile.write("x", to: folder.appendingPathComponent("no/such/r.json").path) }
    }

    @Test func numberTextIsShortAndSaysMissing() {
        #expect(NumberText.format(1234.5678) == "1235")
        #expect(NumberText.format(1.23456) == "1.235")
        #expect(NumberText.format(0.012345) == "0.0123")
        #expect(NumberText.format(nil) == "–")
        #expect(NumberText.percentage(0.873) == "87.3%")
    }
}
