import ArgumentParser

struct BacktestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "backtest", abstract: "(not yet available)", shouldDisplay: false)

    func run() throws {
        throw ValidationError("'forecast backtest' is not available yet.")
    }
}
