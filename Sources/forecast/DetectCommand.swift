import ArgumentParser

struct DetectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "detect", abstract: "(not yet available)", shouldDisplay: false)

    func run() throws {
        throw ValidationError("'forecast detect' is not available yet.")
    }
}
