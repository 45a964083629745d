import Foundation
import Testing
@testable import ModelFiles

@Suite struct RoundTripTests {
    struct Config: Codable, Equatable {
        var hidden: Int
        var cell: String
        var scale: [Double]
    }

    @Test func tensorsAndMetadataSurviveAWriteAndRead() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("forecast.model")
        var meta = ModelMetadata(["note": "quotes \" and \\ and\nnewline, ünïcödé"])
        let config = Config(hidden: 64, cell: "lstm", scale: [1.5, .nan, -.infinity])
        try meta.set(config, forKey: "config")
        try ModelFileWriter().write(tensors: sampleTensors, metadata: meta, to: url)

        let file = try ModelFileReader().read(from: url)
        #expect(file.tensors == sampleTensors)
        #expect(file.formatVersion == ModelFileFormat.version)
        #expect(file.metadata["note"] == meta["note"])
        #expect(file.metadata[ModelFileFormat.formatKey] == ModelFileFormat.formatName)
        let back = try file.metadata.value(Config.self, forKey: "config")
        #expect(back.hidden == 64 && back.cell == "lstm" && back.scale[0] == 1.5)
        #expect(back.scale[1].isNaN && back.scale[2] == -.infinity)
        #expect(try file.tensor("head.bias").floats() == [0.25, -0.5, 0.125]) // exact: bit patterns copied
    }

    @Test func layoutIsSafetensors() throws {
        let header = try ModelFileWriter.header(tensors: sampleTensors, metadata: ModelMetadata(), path: "x")
        #expect(header.count % 8 == 0)
        let text = String(decoding: header, as: UTF8.self)
        #expect(text.hasPrefix("{\"__metadata__\":{"))
        #expect(text.contains("\"encoder.weight_ih_l0\":{\"dtype\":\"F32\",\"shape\":[4,2],\"data_offsets\":[0,32]}"))
        #expect(text.contains("\"head.bias\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[32,44]}"))
    }

    @Test func emptyAndZeroSizedTensors() throws {
        let tensors = [ModelTensor(name: "empty", shape: [0, 3], floats: []), ModelTensor(name: "scalar", shape: [], floats: [7])]
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("m.safetensors")
        try ModelFileWriter().write(tensors: tensors, to: url)
        let file = try ModelFileReader().read(from: url)
        #expect(file.tensors == tensors)
    }

    @Test func missingMetadataAndBadTypesAreTypedErrors() throws {
        var meta = ModelMetadata()
        try meta.set(["a": 1], forKey: "counts")
        #expect(throws: ModelFileError(path: "", .missingMetadata(key: "nope"))) { try meta.value(Int.self, forKey: "nope") }
        do {
            _ = try meta.value([String: String].self, forKey: "counts")
            Issue.record("expected a decoding error")
        } catch let e as ModelFileError {
            #expect(e.description.hasPrefix("metadata \"counts\" cannot be decoded: expected String"))
        }
    }

    @Test func writerRejectsInconsistentTensorsAndReservedKeys() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("bad.model")
        let cases: [([ModelTensor], ModelMetadata, String)] = [
            ([ModelTensor(name: "w", shape: [2, 2], floats: [1, 2, 3])], ModelMetadata(),
             "tensor \"w\": shape [2, 2] of F32 needs 4 elements but 12 bytes were given"),
            ([ModelTensor(name: "w", shape: [1], floats: [1]), ModelTensor(name: "w", shape: [1], floats: [2])], ModelMetadata(),
             "tensor \"w\": name used twice"),
            ([ModelTensor(name: "w", shape: [-1], floats: [])], ModelMetadata(), "tensor \"w\": negative dimension in shape [-1]"),
            ([], ModelMetadata([ModelFileFormat.checksumKey: "x"]), "metadata key \"tensors_sha256\" is reserved for the file format"),
        ]
        for (tensors, meta, message) in cases {
            #expect(throws: ModelFileError.self) { try ModelFileWriter().write(tensors: tensors, metadata: meta, to: url) }
            do { try ModelFileWriter().write(tensors: tensors, metadata: meta, to: url) } catch {
                #expect("\(error)" == "\(url.path): \(message)")
            }
        }
        #expect(!FileManager.default.fileExists(atPath: url.path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }
}

@Suite struct SummaryTests {
    @Test func summaryListsTensorsAndMetadata() throws {
        var meta = ModelMetadata(["note": "line one\nline two", "long": String(repeating: "x", count: 100)])
        try meta.set([1, 2], forKey: "list")
        let header = try ModelFileWriter.header(tensors: sampleTensors, metadata: meta, path: "m")
        let bytes = ModelFileWriter.littleEndian(UInt64(header.count)) + header + sampleTensors.flatMap(\.bytes)
        let file = try ModelFileReader().parse(bytes: bytes)
        let text = file.summary(path: "m.model", valueWidth: 20)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "m.model: forecast model file, format version 1, checksum verified")
        #expect(lines[1] == "  2 tensors, 11 values, 44 bytes")
        #expect(lines[2] == "    encoder.weight_ih_l0  F32  [4, 2]")
        #expect(lines[3] == "    head.bias             F32  [3]")
        #expect(lines.contains("    long            xxxxxxxxxxxxxxxxxxx…"))
        #expect(lines.contains("    note            line one line two"))
        #expect(lines.contains("    list            [1,2]"))
    }
}
