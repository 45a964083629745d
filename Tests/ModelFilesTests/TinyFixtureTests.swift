import Foundation
import Testing
import _TestSupport
@testable import ModelFiles

/// `Fixtures/models/tiny.safetensors`: a 1→2 LSTM and a 2→3 dense head with PyTorch
/// `state_dict` names, opened by `scripts/check_model_file_torch.py`. Regenerate it with
/// `REGENERATE_FIXTURES=1 swift test --filter TinyFixtureTests`.
@Suite struct TinyFixtureTests {
    /// Tensor `k` holds `k + i/100 − 0.5·(i mod 3)` at flat index `i`: distinct, exact in
    /// decimal only to float precision, and easy to recompute in Python.
    static func tensors() -> [ModelTensor] {
        let specs: [(String, [Int])] = [
            ("lstm.weight_ih_l0", [8, 1]), ("lstm.weight_hh_l0", [8, 2]), ("lstm.bias_ih_l0", [8]),
            ("lstm.bias_hh_l0", [8]), ("head.weight", [3, 2]), ("head.bias", [3]),
        ]
        return specs.enumerated().map { k, spec in
            let n = spec.1.reduce(1, *)
            return ModelTensor(name: spec.0, shape: spec.1,
                               floats: (0..<n).map { i in Float(k) + Float(i) / 100 - 0.5 * Float(i % 3) })
        }
    }

    static func metadata() throws -> ModelMetadata {
        var meta = ModelMetadata(["description": "tiny fixture for scripts/check_model_file_torch.py"])
        struct Config: Codable { var cell = "lstm"; var hidden = 2; var inputs = 1; var horizon = 3 }
        try meta.set(Config(), forKey: "config")
        return meta
    }

    static let url = FixturePaths.fixture("models/tiny.safetensors")

    @Test func committedFixtureMatchesTheWriter() throws {
        if ProcessInfo.processInfo.environment["REGENERATE_FIXTURES"] == "1" {
            try ModelFileWriter().write(tensors: Self.tensors(), metadata: Self.metadata(), to: Self.url)
        }
        let file = try ModelFileReader().read(from: Self.url)
        #expect(file.tensors == Self.tensors())
        #expect(file.metadata["config"] == "{\"cell\":\"lstm\",\"hidden\":2,\"horizon\":3,\"inputs\":1}")

        // Byte-identical rewrite: the writer is deterministic (sorted metadata, fixed order).
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let again = dir.appendingPathComponent("tiny.safetensors")
        try ModelFileWriter().write(tensors: Self.tensors(), metadata: Self.metadata(), to: again)
        #expect(try Data(contentsOf: again) == Data(contentsOf: Self.url))
    }
}
