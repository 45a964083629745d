import Testing
import Foundation
@testable import Forecasting

@Suite("Configuration")
struct ConfigurationTests {
    @Test("The defaults validate and round-trip through JSON")
    func defaultsRoundTrip() throws {
        let c = ForecasterConfiguration()
        try c.validate()
        let decoded = try JSONDecoder().decode(ForecasterConfiguration.self, from: JSONEncoder().encode(c))
        #expect(decoded == c)
    }

    @Test("Out-of-range values name the option and the value")
    func rejectsBadValues() {
        var c = ForecasterConfiguration()
        c.network.dropout = 1.5
        #expect(throws: ConfigurationError.outOfRange(option: "--dropout", value: "1.5", expected: "0 <= p < 1")) { try c.validate() }
        c = ForecasterConfiguration()
        c.training.learningRate = .nan
        #expect(throws: ConfigurationError.self) { try c.validate() }
        c = ForecasterConfiguration()
        c.network.lookback = 0
        #expect((try? c.validate()) == nil)
    }

    @Test("Architecture names are the CLI's")
    func architectureNames() {
        #expect(ForecastArchitecture(rawValue: "many-to-one") == .manyToOne)
        #expect(ForecastArchitecture(rawValue: "seq2seq") == .seq2seq)
        #expect(ForecastCell.allCases.map(\.rawValue) == ["lstm", "gru", "rnn"])
    }
}
