import Testing
import Foundation
import TimeFrames
@testable import Forecasting

@Suite("Forecast output: CSV, JSON, table")
struct ForecastOutputTests {
    static let output: ForecastOutput = {
        let t0 = CivilDateTime(year: 2024, month: 3, day: 1).epochMilliseconds
        let steps = (1...2).map { SamplingInterval.day.advance(t0, by: $0) }
        func series(_ store: String, _ base: Double) -> SeriesForecast {
            SeriesForecast(key: [store], timestamps: steps, values: [base, base + 1],
                           intervals: [PredictionInterval(level: 0.8, lower: [base - 1, base], upper: [base + 1, base + 2]),
                                       PredictionInterval(level: 0.975, lower: [base - 2, base - 1], upper: [base + 2, base + 3])])
        }
        return ForecastOutput(timeColumn: "date", idColumns: ["store"], targetColumn: "sales", dateOnly: true,
                              series: [series("a,1", 10), series("b", 20.5)])
    }()

    @Test("CSV uses the training names and lower_/upper_ columns per level")
    func csv() {
        let lines = Self.output.csv().split(separator: "\n").map(String.init)
        #expect(lines[0] == "store,date,forecast,lower_80,upper_80,lower_97.5,upper_97.5")
        #expect(lines[1] == "\"a,1\",2024-03-02,10,9,11,8,12")
        #expect(lines[4] == "b,2024-03-03,21.5,20.5,22.5,19.5,23.5")
        #expect(lines.count == 5)
    }

    @Test("JSON carries the same values")
    func json() throws {
        let text = Self.output.json()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["target"] as? String == "sales")
        let series = try #require(object["series"] as? [[String: Any]])
        #expect(series.count == 2)
        let first = try #require((series[0]["forecasts"] as? [[String: Any]])?.first)
        #expect(first["date"] as? String == "2024-03-02")
        #expect(first["upper_97.5"] as? Double == 12)
    }

    @Test("The table names each series and aligns columns")
    func table() {
        let text = Self.output.table()
        #expect(text.contains("store=a,1\n"))
        #expect(text.contains("date        forecast  lower_80  upper_80"))
    }
}
