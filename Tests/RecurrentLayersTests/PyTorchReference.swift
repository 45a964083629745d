import Foundation
import _TestSupport

/// `Fixtures/reference/layers.json`, written by `scripts/make_reference_layers.py` (PyTorch, float64).
struct PyTorchReference: Decodable {
    struct NamedTensor: Decodable {
        let shape: [Int]
        let data: [Double]
    }
    struct Case: Decodable {
        let name: String
        let cell: String
        let inputSize: Int, hiddenSize: Int, layers: Int, bidirectional: Bool, steps: Int, batch: Int
        let parameters: [String: NamedTensor]
        let input: NamedTensor, initialHidden: NamedTensor, initialCell: NamedTensor?
        let outputWeights: NamedTensor, finalHiddenWeights: NamedTensor, finalCellWeights: NamedTensor
        let output: NamedTensor, finalHidden: NamedTensor, finalCell: NamedTensor
        let parameterGradients: [String: NamedTensor]
        let inputGradient: NamedTensor, initialHiddenGradient: NamedTensor, initialCellGradient: NamedTensor?
    }
    struct Dense: Decodable {
        let parameters: [String: NamedTensor]
        let input: NamedTensor, output: NamedTensor, outputWeights: NamedTensor
        let parameterGradients: [String: NamedTensor]
        let inputGradient: NamedTensor
    }
    let torch: String
    let cases: [Case]
    let dense: Dense

    static let shared: PyTorchReference? = {
        let url = FixturePaths.fixture("reference/layers.json")
        guard let data = try? Data(contentsOf: url) else { return nil }
        return try? JSONDecoder().decode(PyTorchReference.self, from: data)
    }()
}
