/// An optimiser that updates one flat parameter buffer from its parallel gradient buffer.
///
/// All parameters of a model live in one contiguous buffer (see `RecurrentLayers`' parameter
/// store), so an optimiser is one loop over one buffer and keeps its state (moments, momentum)
/// in buffers of the same length, indexed alike.
public protocol Optimizer<Scalar> {
    /// The element type of the parameter and gradient buffers (Float for training, Double for tests).
    associatedtype Scalar: BinaryFloatingPoint

    /// The learning rate used by the next `step`; schedules write it between steps.
    var learningRate: Double { get set }

    /// Number of `step` calls so far.
    var stepCount: Int { get }

    /// Applies one update: `parameters` change in place from `gradients` (both `parameterCount` long).
    /// Gradients are read, never modified.
    /// - Precondition: both buffers hold the optimiser's `parameterCount` elements.
    mutating func step(parameters: UnsafeMutableBufferPointer<Scalar>, gradients: UnsafeBufferPointer<Scalar>)
}

extension Optimizer {
    /// Array form of `step(parameters:gradients:)`.
    /// - Throws: `TrainingError.countMismatch` when the two arrays differ in length.
    @inlinable
    public mutating func step(parameters: inout [Scalar], gradients: [Scalar]) throws {
        guard parameters.count == gradients.count else {
            throw TrainingError.countMismatch(buffer: "gradients", count: gradients.count, expected: parameters.count)
        }
        parameters.withUnsafeMutableBufferPointer { p in
            gradients.withUnsafeBufferPointer { g in step(parameters: p, gradients: g) }
        }
    }
}
