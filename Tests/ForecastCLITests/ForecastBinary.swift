import Foundation
import Testing
import _TestSupport

/// The `forecast` binary that `swift test` built beside the test bundle, and a way to run it.
enum ForecastBinary {
    static var url: URL? {
        // The test runner lives in the build folder (…/debug/forecastPackageTests.xctest); so does forecast.
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let candidates = [runner.deletingLastPathComponent(), Bundle.main.bundleURL.deletingLastPathComponent(),
                          FixturePaths.repositoryRoot.appendingPathComponent(".build/debug")]
        return candidates.map { $0.appendingPathComponent("forecast") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// Runs `forecast arguments…`, feeding `stdin` when given, and returns the exit status and
    /// both output streams. `stdoutPath` sends standard output to a file instead (e.g. /dev/full);
    /// `out` is then empty.
    static func run(_ arguments: [String], stdin: String? = nil, stdoutPath: String? = nil) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = try #require(url, "the forecast binary next to the tests")
        process.arguments = arguments
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out; process.standardError = err
        if let stdoutPath {
            process.standardOutput = try #require(FileHandle(forWritingAtPath: stdoutPath), "\(stdoutPath) opens for writing")
            try out.fileHandleForWriting.close()
        }
        if stdin != nil { process.standardInput = input }
        try process.run()
        if let stdin {
            input.fileHandleForWriting.write(Data(stdin.utf8))
            try input.fileHandleForWriting.close()
        }
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    /// A new empty temporary folder for a test's output files.
    static func folder(prefix: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
