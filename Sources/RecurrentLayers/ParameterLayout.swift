/// What a parameter tensor is, so initialisation schemes can treat each kind correctly
/// (PyTorch's default, Xavier per gate block, orthogonal recurrent blocks).
public enum ParameterRole: Sendable, Equatable {
    /// `weight_ih`: `[gates · hidden, inputSize]`.
    case recurrentInputWeight(gates: Int, hidden: Int)
    /// `weight_hh`: `[gates · hidden, hidden]`.
    case recurrentHiddenWeight(gates: Int, hidden: Int)
    /// `bias_ih` or `bias_hh`: `[gates · hidden]`.
    case recurrentBias(gates: Int, hidden: Int)
    /// A dense layer's `weight`: `[outputSize, inputSize]`.
    case denseWeight
    /// A dense layer's `bias`: `[outputSize]`; `fanIn` is the layer's input size.
    case denseBias(fanIn: Int)

    /// PyTorch's default initialisation bound `b` for `U(−b, b)`: `1/√hidden` for every
    /// recurrent tensor (`torch.nn.RNNBase.reset_parameters`), `1/√fanIn` for a linear layer's
    /// weight and bias (`torch.nn.Linear.reset_parameters`).
    public func pytorchDefaultBound(shape: [Int]) -> Double {
        switch self {
        case .recurrentInputWeight(_, let h), .recurrentHiddenWeight(_, let h), .recurrentBias(_, let h):
            return 1 / Double(max(1, h)).squareRoot()
        case .denseWeight:
            return 1 / Double(max(1, shape.last ?? 1)).squareRoot()
        case .denseBias(let fanIn):
            return 1 / Double(max(1, fanIn)).squareRoot()
        }
    }
}

/// One named tensor in a ``ParameterLayout``: where it sits in the flat buffer and its shape.
public struct ParameterEntry: Sendable, Equatable {
    /// The PyTorch `state_dict` name, e.g. `encoder.weight_hh_l1_reverse`.
    public let name: String
    /// The shape, outermost first (PyTorch's).
    public let shape: [Int]
    /// The index of the first element in the flat buffer.
    public let offset: Int
    /// The number of elements.
    public let count: Int
    /// What the tensor is.
    public let role: ParameterRole
}

/// A parameter name used twice in one layout.
public struct DuplicateParameterError: Error, CustomStringConvertible, Equatable {
    public let name: String
    public var description: String { "parameter '\(name)' is registered twice; give each stack a distinct prefix" }
}

/// The table of named tensors that all parameters of a model occupy in ONE contiguous buffer,
/// in registration order (for a recurrent stack: PyTorch's `state_dict` order).
///
/// Layers register their tensors when they are built and remember the offsets; a
/// ``ParameterStore`` then allocates the values and a parallel gradient buffer of ``count``
/// elements, so an optimiser steps over one buffer and a model file writes named tensors.
public struct ParameterLayout: Sendable, Equatable {
    /// The tensors, in registration order.
    public private(set) var entries: [ParameterEntry] = []
    /// The total number of scalars.
    public private(set) var count = 0

    public init() {}

    /// Appends a tensor and returns its offset.
    /// - Throws: ``DuplicateParameterError`` when `name` is already registered.
    @discardableResult
    public mutating func register(_ name: String, shape: [Int], role: ParameterRole) throws -> Int {
        if entries.contains(where: { $0.name == name }) { throw DuplicateParameterError(name: name) }
        let n = shape.reduce(1) { $0 * max(0, $1) }
        let entry = ParameterEntry(name: name, shape: shape, offset: count, count: n, role: role)
        entries.append(entry)
        count += n
        return entry.offset
    }

    /// The entry called `name`, or nil.
    public func entry(named name: String) -> ParameterEntry? {
        entries.first { $0.name == name }
    }
}
