import ArgumentParser

struct FitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "fit", abstract: "(not yet available)", shouldDisplay: false)

    func run() throws {
        throw ValidationError("'forecast fit' is not available yet.")
    }
}
