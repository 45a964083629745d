import ArgumentParser

struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sample", abstract: "(not yet available)", shouldDisplay: false)

    func run() throws {
        throw ValidationError("'forecast sample' is not available yet.")
    }
}
