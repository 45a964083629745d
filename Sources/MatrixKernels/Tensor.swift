/// A flat, contiguous, row-major buffer with an explicit shape; the last dimension varies fastest.
///
/// A class: it owns its memory (allocated once, freed on deinit) and is shared by reference, so
/// kernels can hold pointers into it without copies. It is not thread-safe to mutate from two
/// threads at once, except on disjoint ranges through ``pointer``.
public final class Tensor<Element: BLASScalar> {
    /// The dimensions, outermost first.
    public let shape: [Int]
    /// The number of elements, the product of ``shape``.
    public let count: Int
    /// The first element; valid for ``count`` elements while the tensor lives.
    public let pointer: UnsafeMutablePointer<Element>

    /// A tensor of `shape` filled with `value`. Negative dimensions count as 0.
    public init(shape: [Int], repeating value: Element = 0) {
        self.shape = shape.map { max(0, $0) }
        count = self.shape.reduce(1, *)
        pointer = .allocate(capacity: max(1, count))
        pointer.initialize(repeating: value, count: max(1, count))
    }

    /// A tensor of `shape` holding `values` (row-major).
    /// - Throws: ``ShapeError`` when `values.count` is not the product of `shape`.
    public convenience init(shape: [Int], values: [Element]) throws {
        let expected = shape.reduce(1) { $0 * max(0, $1) }
        guard values.count == expected else {
            throw ShapeError(what: "tensor values", expected: shape, got: [values.count])
        }
        self.init(shape: shape)
        values.withUnsafeBufferPointer { pointer.update(from: $0.baseAddress!, count: values.count) }
    }

    deinit { pointer.deallocate() }

    /// Element `i` of the flat buffer.
    @inlinable
    public subscript(_ i: Int) -> Element {
        get { pointer[i] }
        set { pointer[i] = newValue }
    }

    /// The elements as an array (a copy).
    public var array: [Element] { Array(UnsafeBufferPointer(start: pointer, count: count)) }

    /// Sets every element to `value`.
    public func fill(_ value: Element) { pointer.update(repeating: value, count: count) }
}

/// A buffer or tensor whose shape does not match what an operation needs.
public struct ShapeError: Error, CustomStringConvertible, Equatable {
    /// What was being shaped, e.g. "input" or "weight_ih_l0".
    public let what: String
    /// The shape required.
    public let expected: [Int]
    /// The shape received.
    public let got: [Int]
    public init(what: String, expected: [Int], got: [Int]) {
        self.what = what
        self.expected = expected
        self.got = got
    }
    public var description: String { "\(what): expected shape \(expected), got \(got)" }
}
