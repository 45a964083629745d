import ArgumentParser

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "inspect", abstract: "(not yet available)", shouldDisplay: false)

    func run() throws {
        throw ValidationError("'forecast inspect' is not available yet.")
    }
}
