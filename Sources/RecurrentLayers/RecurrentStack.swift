import MatrixKernels

/// The shape of a stack of recurrent layers, as `torch.nn.RNN/GRU/LSTM(input_size, hidden_size,
/// num_layers, dropout, bidirectional)` with `bias=True` and `batch_first=False`.
public struct RecurrentStackConfiguration: Sendable, Equatable, Codable {
    /// The cell of every layer.
    public var cell: RecurrentCell
    /// Features per time step of the input.
    public var inputSize: Int
    /// Features of the hidden state, per direction.
    public var hiddenSize: Int
    /// Stacked layers; layer `k > 0` reads layer `k − 1`'s outputs.
    public var layers: Int
    /// Whether each layer also runs a reverse-time direction (outputs concatenated).
    public var bidirectional: Bool
    /// Probability of zeroing an output of every layer but the last, in training only.
    public var dropout: Double

    public init(cell: RecurrentCell, inputSize: Int, hiddenSize: Int, layers: Int = 1,
                bidirectional: Bool = false, dropout: Double = 0) {
        self.cell = cell
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.layers = layers
        self.bidirectional = bidirectional
        self.dropout = dropout
    }
}

/// A shape, size or configuration the recurrent layers cannot run with.
public enum RecurrentLayerError: Error, CustomStringConvertible, Equatable {
    /// A configuration value out of range: the field, the value, what is allowed.
    case invalidConfiguration(field: String, value: String, expected: String)
    /// A batch or step count beyond what the workspace was sized for, or below 1.
    case sizeOutOfRange(what: String, value: Int, allowed: ClosedRange<Int>)
    /// The parameter store does not hold this stack's tensors (built from another layout).
    case parameterStoreMismatch(needed: Int, available: Int)
    /// The workspace was sized for a different stack.
    case workspaceMismatch
    /// Backward called without a forward pass of the same sizes before it.
    case backwardWithoutForward
    /// Single-step advance of a bidirectional stack (the reverse direction needs the whole window).
    case stepOnBidirectional

    public var description: String {
        switch self {
        case .invalidConfiguration(let field, let value, let expected):
            return "recurrent layer \(field): got \(value), expected \(expected)"
        case .sizeOutOfRange(let what, let value, let allowed):
            return "\(what) is \(value), must be in \(allowed.lowerBound)...\(allowed.upperBound) (the workspace's capacity)"
        case .parameterStoreMismatch(let needed, let available):
            return "parameter store holds \(available) values, the layer needs offsets up to \(needed): build the store from the layout the layer registered in"
        case .workspaceMismatch:
            return "workspace was sized for a different recurrent stack"
        case .backwardWithoutForward:
            return "backward needs a forward pass that keeps its caches (training or .inference mode, not .prediction; same batch and steps) just before it"
        case .stepOnBidirectional:
            return "a bidirectional stack cannot advance one step at a time: its reverse direction needs the whole window"
        }
    }
}

/// Offsets of one (layer, direction)'s four tensors in the parameter buffer.
struct DirectionParameters: Sendable, Equatable {
    var inputWeight: Int
    var hiddenWeight: Int
    var inputBias: Int
    var hiddenBias: Int
}

/// A stack of recurrent layers (RNN, GRU or LSTM; uni- or bidirectional) whose parameters live in
/// a shared ``ParameterLayout`` under PyTorch's `state_dict` names.
///
/// Tensors and shapes (L layers, D = 1 or 2 directions, T steps, B batch, I input, H hidden):
/// - input `[T, B, I]`, outputs `[T, B, D·H]` (time-major, PyTorch's `batch_first=False`);
/// - initial and final states `[L·D, B, H]`, index `layer · D + direction`;
/// - per (layer k, direction): `weight_ih_l{k}` `[G·H, I_k]`, `weight_hh_l{k}` `[G·H, H]`,
///   `bias_ih_l{k}` `[G·H]`, `bias_hh_l{k}` `[G·H]`, plus `_reverse` for the backward direction;
///   `G` is the cell's gate count and `I_k` is `I` for k = 0, else `D·H`.
///
/// A value type holding only offsets: the buffers are a ``ParameterStore`` and a
/// ``RecurrentWorkspace``, so one stack can serve several threads with their own workspaces.
public struct RecurrentStack: Sendable, Equatable {
    /// The shape of the stack.
    public let configuration: RecurrentStackConfiguration
    /// The prefix of every parameter name, e.g. `"encoder."`.
    public let prefix: String
    let directionOffsets: [DirectionParameters]
    /// One past the last parameter offset this stack uses.
    let parameterEnd: Int

    /// Validates `configuration` and registers its tensors in `layout` under `prefix`.
    /// - Throws: ``RecurrentLayerError/invalidConfiguration(field:value:expected:)`` for sizes
    ///   below 1 or a dropout outside [0, 1); ``DuplicateParameterError`` for a reused prefix.
    public init(_ configuration: RecurrentStackConfiguration, registeringIn layout: inout ParameterLayout,
                prefix: String = "") throws {
        let c = configuration
        for (field, value) in [("inputSize", c.inputSize), ("hiddenSize", c.hiddenSize), ("layers", c.layers)]
        where value < 1 {
            throw RecurrentLayerError.invalidConfiguration(field: field, value: "\(value)", expected: "at least 1")
        }
        guard c.dropout >= 0, c.dropout < 1 else {
            throw RecurrentLayerError.invalidConfiguration(
                field: "dropout", value: "\(c.dropout)", expected: "a probability in [0, 1)")
        }
        self.configuration = c
        self.prefix = prefix
        let g = c.cell.gateCount, h = c.hiddenSize, d = c.bidirectional ? 2 : 1
        var entries: [DirectionParameters] = []
        for k in 0..<c.layers {
            let inputSize = k == 0 ? c.inputSize : d * h
            for direction in 0..<d {
                let suffix = "_l\(k)" + (direction == 1 ? "_reverse" : "")
                let wih = try layout.register(prefix + "weight_ih" + suffix, shape: [g * h, inputSize],
                                              role: .recurrentInputWeight(gates: g, hidden: h))
                let whh = try layout.register(prefix + "weight_hh" + suffix, shape: [g * h, h],
                                              role: .recurrentHiddenWeight(gates: g, hidden: h))
                let bih = try layout.register(prefix + "bias_ih" + suffix, shape: [g * h],
                                              role: .recurrentBias(gates: g, hidden: h))
                let bhh = try layout.register(prefix + "bias_hh" + suffix, shape: [g * h],
                                              role: .recurrentBias(gates: g, hidden: h))
                entries.append(DirectionParameters(inputWeight: wih, hiddenWeight: whh, inputBias: bih, hiddenBias: bhh))
            }
        }
        directionOffsets = entries
        parameterEnd = layout.count
    }

    /// 1, or 2 when bidirectional.
    public var directions: Int { configuration.bidirectional ? 2 : 1 }
    /// Features per step of the output: `directions · hiddenSize`.
    public var outputSize: Int { directions * configuration.hiddenSize }
    /// The number of state slices `L · D` in initial and final states.
    public var stateCount: Int { configuration.layers * directions }

    /// Input features of layer `k`.
    func inputSize(ofLayer k: Int) -> Int { k == 0 ? configuration.inputSize : outputSize }

    func checkStore<T>(_ store: ParameterStore<T>) throws {
        guard store.count >= parameterEnd else {
            throw RecurrentLayerError.parameterStoreMismatch(needed: parameterEnd, available: store.count)
        }
    }
}
