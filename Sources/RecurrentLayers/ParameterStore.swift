import CRecurrentKernels
import MatrixKernels

/// A parameter name that is not in the layout, or values of the wrong size.
public enum ParameterStoreError: Error, CustomStringConvertible, Equatable {
    case unknownName(String)
    case wrongCount(name: String, expected: Int, got: Int)

    public var description: String {
        switch self {
        case .unknownName(let name): return "no parameter named '\(name)' in this model"
        case .wrongCount(let name, let expected, let got):
            return "parameter '\(name)': expected \(expected) values, got \(got)"
        }
    }
}

/// All parameters of a model in one contiguous buffer, with a parallel gradient buffer of the
/// same layout. Allocated once; zero-initialised (initialisation schemes live in `Training`).
///
/// A class: layers read the values and accumulate into ``gradients`` through pointers, and the
/// optimiser updates ``values`` in place.
///
/// **Versions.** Layers keep derived copies of the weights between passes (the fused kernels'
/// packed `W_hh`/`W_ih`, reused by inference calls in a row). They know the copy is current from
/// ``version``, which changes whenever the values may have changed: every mutable access —
/// reading ``values``, ``valueView(_:)``, ``setValues(_:_:)`` — takes a new version *before* the
/// caller writes. So writes through a pointer or view obtained since the last pass are seen.
/// Code that keeps such a pointer across passes and writes through it later must call
/// ``markValuesChanged()`` after writing (or fetch ``values`` again); read-only code should use
/// ``readOnlyValues``, which does not change the version.
public final class ParameterStore<T: BLASScalar> {
    /// Where each named tensor sits.
    public let layout: ParameterLayout
    /// The parameter values, `layout.count` elements, for writing: each access takes a new
    /// ``version`` (packings derived from the values are rebuilt on the next pass). Read-only
    /// code: ``readOnlyValues``.
    public var values: UnsafeMutablePointer<T> {
        markValuesChanged()
        return storage
    }
    /// The parameter values for reading; does not change ``version``.
    public var readOnlyValues: UnsafePointer<T> { UnsafePointer(storage) }
    /// A number, unique across all stores of the process, that changes whenever the values may
    /// have changed (see the type's documentation). Never 0.
    public private(set) var version: UInt64
    /// The value buffer (this module's layers read it without changing ``version``).
    let storage: UnsafeMutablePointer<T>
    /// The gradients, `layout.count` elements, same offsets as ``values``. Backward passes add
    /// to them; ``zeroGradients()`` is the one place they are cleared.
    public let gradients: UnsafeMutablePointer<T>

    /// A store for `layout`, values and gradients zero.
    public init(layout: ParameterLayout) {
        self.layout = layout
        let n = max(1, layout.count)
        storage = .allocate(capacity: n)
        storage.initialize(repeating: 0, count: n)
        version = rk_next_version()
        gradients = .allocate(capacity: n)
        gradients.initialize(repeating: 0, count: n)
    }

    deinit {
        storage.deallocate()
        gradients.deallocate()
    }

    /// The number of scalars.
    public var count: Int { layout.count }

    /// Takes a new ``version``: call after writing through a pointer or view obtained before the
    /// last pass.
    public func markValuesChanged() { version = rk_next_version() }

    /// Sets every gradient to zero.
    public func zeroGradients() { gradients.update(repeating: 0, count: layout.count) }

    /// The values of the tensor `name`, row-major, as a mutable view into ``values`` (takes a new
    /// ``version``, as ``values`` does).
    /// - Throws: ``ParameterStoreError/unknownName(_:)``.
    public func valueView(_ name: String) throws -> UnsafeMutableBufferPointer<T> {
        guard let e = layout.entry(named: name) else { throw ParameterStoreError.unknownName(name) }
        return UnsafeMutableBufferPointer(start: values + e.offset, count: e.count)
    }

    /// The gradient of the tensor `name`, as a mutable view into ``gradients``.
    /// - Throws: ``ParameterStoreError/unknownName(_:)``.
    public func gradientView(_ name: String) throws -> UnsafeMutableBufferPointer<T> {
        guard let e = layout.entry(named: name) else { throw ParameterStoreError.unknownName(name) }
        return UnsafeMutableBufferPointer(start: gradients + e.offset, count: e.count)
    }

    /// Copies `newValues` (row-major, PyTorch's shape) into the tensor `name`.
    /// - Throws: ``ParameterStoreError`` for an unknown name or a wrong count.
    public func setValues(_ name: String, _ newValues: [T]) throws {
        let view = try valueView(name)
        guard view.count == newValues.count else {
            throw ParameterStoreError.wrongCount(name: name, expected: view.count, got: newValues.count)
        }
        for i in 0..<view.count { view[i] = newValues[i] }
    }

    /// The values of the tensor `name` (a copy).
    public func valuesArray(_ name: String) throws -> [T] {
        guard let e = layout.entry(named: name) else { throw ParameterStoreError.unknownName(name) }
        return Array(UnsafeBufferPointer(start: storage + e.offset, count: e.count))
    }

    /// The gradient of the tensor `name` (a copy).
    public func gradientsArray(_ name: String) throws -> [T] { Array(try gradientView(name)) }
}
