/// Element types of the safetensors format that this reader accepts.
///
/// The forecaster writes only `F32`; the others are known so that a file written by PyTorch
/// can still be opened and inspected.
public enum TensorDType: String, Sendable, CaseIterable, Codable {
    case F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL

    /// Bytes per element.
    public var byteSize: Int {
        switch self {
        case .F64, .I64: return 8
        case .F32, .I32: return 4
        case .F16, .BF16, .I16: return 2
        case .I8, .U8, .BOOL: return 1
        }
    }
}

/// One named tensor: element type, shape and raw little-endian bytes, row-major (C order).
public struct ModelTensor: Sendable, Equatable {
    /// The key in the file, e.g. `encoder.weight_ih_l0` (PyTorch `state_dict` names).
    public var name: String
    public var dtype: TensorDType
    /// Dimensions, outermost first; `[]` is a scalar (one element).
    public var shape: [Int]
    /// `shape.product × dtype.byteSize` bytes, little-endian.
    public var bytes: [UInt8]

    /// A tensor from raw bytes. Sizes are checked by the writer, not here.
    public init(name: String, dtype: TensorDType, shape: [Int], bytes: [UInt8]) {
        self.name = name; self.dtype = dtype; self.shape = shape; self.bytes = bytes
    }

    /// An `F32` tensor from floats (row-major). The writer checks `values.count` against `shape`.
    public init(name: String, shape: [Int], floats values: [Float]) {
        var bytes = [UInt8](repeating: 0, count: values.count * 4)
        bytes.withUnsafeMutableBytes { raw in
            for (i, v) in values.enumerated() { raw.storeBytes(of: v.bitPattern.littleEndian, toByteOffset: 4 * i, as: UInt32.self) }
        }
        self.init(name: name, dtype: .F32, shape: shape, bytes: bytes)
    }

    /// Number of elements: the product of `shape` (1 for a scalar).
    public var elementCount: Int { shape.reduce(1, *) }

    /// The values of an `F32` tensor.
    /// - Throws: ``ModelFileError/wrongDType`` when the tensor is not `F32`.
    public func floats() throws -> [Float] {
        guard dtype == .F32 else { throw ModelFileError.wrongDType(tensor: name, expected: .F32, found: dtype) }
        let n = bytes.count / 4
        return bytes.withUnsafeBytes { raw in
            (0..<n).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self))) }
        }
    }
}
