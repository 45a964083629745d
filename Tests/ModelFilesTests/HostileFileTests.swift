import Foundation
import Testing
@testable import ModelFiles

/// A corpus of broken and hostile files, built here byte by byte. Each must give a typed error
/// with the path and a precise message, never a crash or a large allocation.
@Suite struct HostileFileTests {
    /// 12 bytes of data for one `F32` tensor of shape [3].
    static let data: [UInt8] = Array(repeating: 0, count: 12)
    static let sum = "\"format\":\"forecast-model\",\"format_version\":\"1\"," + checksumEntry(data)
    static let formatOnly = "\"format\":\"forecast-model\",\"format_version\":\"1\""

    static func header(_ tensors: String, metadata: String = sum) -> String {
        "{\"__metadata__\":{\(metadata)}\(tensors.isEmpty ? "" : ",")\(tensors)}"
    }

    static let cases: [(name: String, bytes: [UInt8], message: String)] = [
        ("empty file", [], "file is 0 bytes, too small for a model file (at least 8 bytes of header length expected)"),
        ("truncated length", [1, 0, 0], "file is 3 bytes, too small for a model file (at least 8 bytes of header length expected)"),
        ("header length huge", rawFile(header: "{}", declaredLength: UInt64.max),
         "header length 18446744073709551615 bytes exceeds the limit of 16777216 bytes"),
        ("header length past end", rawFile(header: "{}", declaredLength: 1000),
         "header length 1000 bytes runs past the end of the 10-byte file (truncated?)"),
        ("not JSON", rawFile(header: "PK\u{3}\u{4}pickle"), "header is not valid JSON at byte 0 of the header: unexpected character 'P'"),
        ("unterminated JSON", rawFile(header: "{\"a\":"), "header is not valid JSON at byte 5 of the header: unexpected end of header"),
        ("duplicate key", rawFile(header: "{\"a\":1,\"a\":2}"), "header is not valid JSON at byte 7 of the header: duplicate key \"a\""),
        ("header an array", rawFile(header: "[1,2]"), "header: the header is not a JSON object"),
        ("metadata not strings", rawFile(header: header("", metadata: "\"epochs\":12")),
         "__metadata__ value for \"epochs\" is not a string (safetensors metadata is string to string)"),
        ("metadata not an object", rawFile(header: "{\"__metadata__\":[]}"), "header: __metadata__ is not an object"),
        ("unknown dtype", rawFile(header: header("\"w\":{\"dtype\":\"F128\",\"shape\":[3],\"data_offsets\":[0,12]}"), data: data),
         "tensor \"w\": unknown dtype \"F128\" (expected one of F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL)"),
        ("dtype not a string", rawFile(header: header("\"w\":{\"dtype\":4,\"shape\":[3],\"data_offsets\":[0,12]}"), data: data),
         "header: tensor \"w\": dtype is not a string"),
        ("missing field", rawFile(header: header("\"w\":{\"dtype\":\"F32\",\"shape\":[3]}"), data: data),
         "header: tensor \"w\" has no \"data_offsets\" field"),
        ("unknown field", rawFile(header: header("\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12],\"exec\":\"rm\"}"), data: data),
         "header: tensor \"w\" has unknown field \"exec\""),
        ("negative dimension", rawFile(header: header("\"w\":{\"dtype\":\"F32\",\"shape\":[-3],\"data_offsets\":[0,12]}"), data: data),
         "tensor \"w\": invalid shape: negative dimension -3"),
        ("fractional dimension", rawFile(header: header("\"w\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,12]}"), data: data),
         "tensor \"w\": invalid shape: dimension 1.5 is not an integer"),
        ("shape product overflow", rawFile(header: header("\"w\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,12]}"), data: data),
         "tensor \"w\": shape [4294967296, 4294967296] has too many elements (size overflows the limits)"),
        ("dimension beyond Int64", rawFile(header: header("\"w\":{\"dtype\":\"F32\",\"shape\":[99999999999999999999],\"data_offsets\":[0,12]}"), data: data),
         "tensor \"w\": shape [99999999999999999999] has too many elements (size overflows the limits)"),
        ("rank too high", rawFile(header: header("\"w\":{\"dtype\":\"F32\",\"shape\":[1,1,1,1,1,1,1,1,3],\"data_offsets\":[0,12]}"), data: data),
         "tensor \"w\": invalid shape: 9 dimensions, more than the limit of 8"),
        ("negative offset", rawFile(header: header("\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[-12,0]}"), data: data),
         "tensor \"w\": invalid data_offsets: negative offset -12"),
        ("reversed offsets", rawFile(header: header("\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[12,0]}"), data: data),
         "tensor \"w\": invalid data_offsets: begin 12 is after end 0"),
        ("one offset", rawFile(header: header("\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0]}"), data: data),
         "tensor \"w\": invalid data_offsets: expected an array of two integers [begin, end]"),
        ("offsets past the data (truncated)", rawFile(header: header("\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12]}"), data: Array(data.prefix(8))),
         "tensor \"w\": data_offsets end at byte 12, past the 8 bytes of tensor data (truncated?)"),
        ("shape disagrees with range", rawFile(header: header("\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,12]}"), data: data),
         "tensor \"w\": shape and dtype need 8 bytes but data_offsets span 12 bytes"),
        ("wrong dtype size", rawFile(header: header("\"w\":{\"dtype\":\"F64\",\"shape\":[3],\"data_offsets\":[0,12]}"), data: data),
         "tensor \"w\": shape and dtype need 24 bytes but data_offsets span 12 bytes"),
        ("overlapping tensors", rawFile(header: header(
            "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}"), data: data),
         "tensors \"a\" and \"b\" overlap in the data section"),
        ("gap between tensors", rawFile(header: header(
            "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}"), data: data),
         "tensor \"b\" begins at byte 8 but the previous tensor ends at byte 4 (gap in the data section)"),
        ("trailing garbage", rawFile(header: header("\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12]}"), data: data + [1, 2, 3]),
         "3 bytes after the last tensor (trailing garbage or wrong offsets)"),
        ("checksum mismatch", rawFile(header: header("\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12]}"), data: [1] + data.dropFirst()),
         "SHA-256 of the tensor data is \(SHA256.hex(SHA256.hash([1] + data.dropFirst()))) but the file records \(SHA256.hex(SHA256.hash(data))) (the file is corrupted)"),
        ("no checksum", rawFile(header: header("\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12]}", metadata: formatOnly), data: data),
         "no SHA-256 checksum in the metadata (key \"tensors_sha256\")"),
        ("not a forecast file", rawFile(header: header("", metadata: "\"format\":\"gguf\"")),
         "not a forecast model file (metadata \"format\" is \"gguf\", expected \"forecast-model\")"),
        ("plain safetensors", rawFile(header: "{}"),
         "not a forecast model file (metadata \"format\" is absent, expected \"forecast-model\")"),
        ("no version", rawFile(header: header("", metadata: "\"format\":\"forecast-model\"")),
         "metadata has no key \"format_version\""),
        ("future version", rawFile(header: header("", metadata: "\"format\":\"forecast-model\",\"format_version\":\"99\""), data: []),
         "format version \"99\" is not supported (this build reads version 1)"),
        ("invalid UTF-8 name", rawFile(header: "{\"\u{FFFD}\":1}").map { $0 == 0xEF ? 0xC0 : $0 },
         "header is not valid JSON at byte 1 of the header: string is not valid UTF-8"),
        ("deep nesting", rawFile(header: String(repeating: "[", count: 10_000)),
         "header is not valid JSON at byte 9 of the header: nesting deeper than 8 levels"),
    ]

    @Test(arguments: 0..<cases.count)
    func rejectsWithAPreciseMessage(_ index: Int) throws {
        let c = Self.cases[index]
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("hostile.model")
        try Data(c.bytes).write(to: url)
        do {
            _ = try ModelFileReader().read(from: url)
            Issue.record("\(c.name): read succeeded")
        } catch let e as ModelFileError {
            #expect(e.description == "\(url.path): \(c.message)", "\(c.name)")
        }
    }

    @Test func bitFlipsAnywhereAreCaught() throws {
        // Flip every bit of a valid file in turn: each variant must fail with a typed error
        // (a flip inside a metadata string value that the reader does not interpret is the
        // only way to stay valid, and the checksum value is such a string, so it fails too).
        var meta = ModelMetadata()
        meta["k"] = "v"
        let header = try ModelFileWriter.header(tensors: sampleTensors, metadata: meta, path: "x")
        let valid = ModelFileWriter.littleEndian(UInt64(header.count)) + header + sampleTensors.flatMap(\.bytes)
        let reader = ModelFileReader()
        #expect(throws: Never.self) { try reader.parse(bytes: valid) }
        // Bytes whose change the reader cannot notice: tensor names and the caller's own
        // metadata "k":"v" (a renamed tensor is caught later by the forecaster's lookup).
        let text = Array(String(decoding: header, as: UTF8.self).utf8)
        var unchecked = Set<Int>()
        for needle in ["encoder.weight_ih_l0", "head.bias", "\"k\":\"v\""] {
            let n = Array(needle.utf8)
            if let at = (0...(text.count - n.count)).first(where: { Array(text[$0..<$0 + n.count]) == n }) {
                unchecked.formUnion((at..<at + n.count).map { $0 + 8 })
            }
        }
        for byte in 0..<valid.count {
            for bit in 0..<8 {
                var copy = valid
                copy[byte] ^= 1 << bit
                do {
                    _ = try reader.parse(bytes: copy)
                    #expect(unchecked.contains(byte), "flip of bit \(bit) of byte \(byte) was accepted")
                } catch is ModelFileError {} catch {
                    Issue.record("untyped error \(error)")
                }
            }
        }
    }

    @Test func foreignSafetensorsWithoutChecksumOpensWhenAllowed() throws {
        let bytes = rawFile(header: "{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12]}}", data: Self.data)
        let file = try ModelFileReader(acceptsForeignFiles: true).parse(bytes: bytes)
        #expect(file.tensors.map(\.shape) == [[3]])
        #expect(file.formatVersion == nil)
    }

    @Test func tighterLimitsAreEnforced() throws {
        let bytes = rawFile(header: Self.header("\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12]}"), data: Self.data)
        #expect(throws: ModelFileError(path: "<memory>", .dataTooLarge(bytes: 12, cap: 8))) {
            try ModelFileReader(limits: ModelFileLimits(maxDataBytes: 8)).parse(bytes: bytes)
        }
        #expect(throws: ModelFileError(path: "<memory>", .tooManyTensors(count: 1, cap: 0))) {
            try ModelFileReader(limits: ModelFileLimits(maxTensors: 0)).parse(bytes: bytes)
        }
    }
}
