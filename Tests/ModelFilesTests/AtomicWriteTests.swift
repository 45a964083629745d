import Foundation
import Testing
@testable import ModelFiles

@Suite struct AtomicWriteTests {
    struct Interrupted: Error {}

    @Test func failureMidWriteKeepsTheOldFileAndLeavesNoTemporary() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("forecast.model")
        try ModelFileWriter().write(tensors: sampleTensors, to: url)
        let before = try Data(contentsOf: url)

        var writer = ModelFileWriter()
        writer.afterChunk = { written in if written > 8 { throw Interrupted() } } // after the header
        #expect(throws: Interrupted.self) {
            try writer.write(tensors: [ModelTensor(name: "other", shape: [1], floats: [9])], to: url)
        }
        #expect(try Data(contentsOf: url) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["forecast.model"])
    }

    @Test func missingDirectoryIsATypedError() throws {
        let url = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)/forecast.model")
        do {
            try ModelFileWriter().write(tensors: sampleTensors, to: url)
            Issue.record("expected an error")
        } catch let e as ModelFileError {
            #expect(e.path == url.path)
            #expect(e.description.contains("cannot write: cannot create a temporary file in /nonexistent-"))
        }
    }

    @Test func renameOntoADirectoryFailsCleanly() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("taken")
        try FileManager.default.createDirectory(at: target.appendingPathComponent("inner"), withIntermediateDirectories: true)
        #expect(throws: ModelFileError.self) { try ModelFileWriter().write(tensors: sampleTensors, to: target) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["taken"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: target.path) == ["inner"])
    }

    @Test func destinationCheckBeforeLongWork() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try ModelFileWriter.checkDestination(dir.appendingPathComponent("forecast.model"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty) // the probe is gone
        do {
            try ModelFileWriter.checkDestination(URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)/m.model"))
            Issue.record("expected an error for a missing directory")
        } catch let e as ModelFileError {
            #expect(e.description.contains("cannot create a file in /nonexistent-"))
        }
        do {
            try ModelFileWriter.checkDestination(dir)
            Issue.record("expected an error for a directory")
        } catch let e as ModelFileError {
            #expect(e.description.contains("it is a directory"))
        }
    }
}
