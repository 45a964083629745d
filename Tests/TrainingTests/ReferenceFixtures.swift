import Foundation
import _TestSupport

/// Decoded `Fixtures/reference/training-*.json`, written by scripts/make_reference_training.py.
struct LossReference: Decodable {
    struct Case: Decodable {
        let loss: String
        let predictions: [Double]
        let targets: [Double]
        let value: Double
        let gradient: [Double]
    }
    let quantiles: [Double]
    let cases: [Case]
}

struct ScheduleReference: Decodable {
    struct Step: Decodable { let step_size: Int; let gamma: Double; let lrs: [Double] }
    struct Cosine: Decodable { let t_max: Int; let eta_min: Double; let lrs: [Double] }
    struct Plateau: Decodable {
        let metrics: [Double]; let factor: Double; let patience: Int; let threshold: Double
        let cooldown: Int?; let min_lr: Double?; let lrs: [Double]
    }
    let base: Double
    let step: Step
    let cosine: Cosine
    let plateau: Plateau
    let plateau_max_abs: Plateau
}

struct OptimiserReference: Decodable {
    struct OptimizerSpec: Decodable {
        let kind: String; let lr: Double; let weight_decay: Double?; let momentum: Double?
        let nesterov: Bool?; let betas: [Double]?; let eps: Double?
    }
    struct ClipSpec: Decodable { let kind: String; let max: Double? }
    struct ScheduleSpec: Decodable {
        let kind: String; let step_size: Int?; let gamma: Double?; let t_max: Int?; let eta_min: Double?
        let factor: Double?; let patience: Int?; let threshold: Double?
    }
    struct Step: Decodable { let loss: Double; let lr: Double; let grad_norm: Double; let parameters: [Double] }
    struct Scenario: Decodable {
        let name: String; let optimizer: OptimizerSpec; let clip: ClipSpec; let schedule: ScheduleSpec
        let loss: String; let trajectory: [Step]
    }
    let inputs: [Double]
    let targets: [Double]
    let samples: Int
    let features: Int
    let outputs: Int
    let quantiles: [Double]
    let initial_parameters: [Double]
    let steps: Int
    let scenarios: [Scenario]
}

func loadReference<T: Decodable>(_ type: T.Type, _ name: String) throws -> T {
    let data = try Data(contentsOf: FixturePaths.fixture("reference/\(name)"))
    return try JSONDecoder().decode(T.self, from: data)
}

/// Relative error |a − b| / max(|a|, |b|, floor): the floor keeps values near zero from
/// turning rounding noise into a large relative error.
func relativeError(_ a: Double, _ b: Double, floor: Double = 1e-12) -> Double {
    abs(a - b) / max(abs(a), abs(b), floor)
}

/// The largest relative error between two equally long arrays, printing the first mismatches
/// (label, index, both values) like llm.c's `check_tensor` when it exceeds `tolerance`.
func maxRelativeError(_ actual: [Double], _ expected: [Double], label: String, tolerance: Double) -> Double {
    guard actual.count == expected.count else {
        print("\(label): count \(actual.count) vs expected \(expected.count)")
        return .infinity
    }
    var worst = 0.0, shown = 0
    for i in actual.indices {
        let e = relativeError(actual[i], expected[i])
        worst = max(worst, e)
        if e > tolerance && shown < 5 {
            print("\(label)[\(i)]: \(actual[i]) vs \(expected[i]) (rel \(e))")
            shown += 1
        }
    }
    return worst
}

/// Maps the script's loss names ("mse", "huber:0.5", "pinball") to `LossFunction`.
import Training
func lossFunction(named name: String, quantiles: [Double]) -> LossFunction? {
    if name == "mse" { return .meanSquaredError }
    if name == "mae" { return .meanAbsoluteError }
    if name == "pinball" { return .pinball(quantiles: quantiles) }
    if name.hasPrefix("huber:"), let delta = Double(name.dropFirst(6)) { return .huber(delta: delta) }
    return nil
}
