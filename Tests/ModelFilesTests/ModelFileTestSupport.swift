import Foundation
@testable import ModelFiles

/// A fresh empty directory under the system temporary directory.
func makeTemporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("modelfiles-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// A raw file: 8-byte little-endian length of `header`, the header text, then `data`.
func rawFile(header: String, data: [UInt8] = [], declaredLength: UInt64? = nil) -> [UInt8] {
    let h = Array(header.utf8)
    return ModelFileWriter.littleEndian(declaredLength ?? UInt64(h.count)) + h + data
}

/// The checksum metadata entry a valid forecast file carries for `data`.
func checksumEntry(_ data: [UInt8]) -> String {
    "\"\(ModelFileFormat.checksumKey)\":\"\(SHA256.hex(SHA256.hash(data)))\""
}

/// Two small tensors used across the tests.
let sampleTensors = [
    ModelTensor(name: "encoder.weight_ih_l0", shape: [4, 2], floats: [1, -2, 3.5, 0, 1e-7, -1e7, .pi, 42]),
    ModelTensor(name: "head.bias", shape: [3], floats: [0.25, -0.5, 0.125]),
]
