/// Everything that can go wrong writing or reading a model file: the file's path plus what was
/// wrong, with the values found and the limits they broke. The CLI prints ``description`` as is.
public struct ModelFileError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The model file (empty when a tensor is used outside any file).
    public var path: String
    public var problem: Problem

    public init(path: String, _ problem: Problem) {
        self.path = path
        self.problem = problem
    }

    /// Tensor-level failures not tied to a file yet.
    static func wrongDType(tensor: String, expected: TensorDType, found: TensorDType) -> ModelFileError {
        ModelFileError(path: "", .wrongDType(tensor: tensor, expected: expected, found: found))
    }

    public enum Problem: Equatable, Sendable {
        // Input/output
        case cannotOpen(reason: String)
        case cannotRead(reason: String)
        case cannotWrite(reason: String)
        // Layout
        case fileTooSmall(size: Int)
        case headerLengthTooLarge(declared: UInt64, cap: Int)
        /// The file starts with text (a CSV given as a model, say), not a header length; `start` is
        /// its first 8 bytes as a quoted, escaped string.
        case textFile(start: String)
        case headerLengthBeyondFile(declared: UInt64, fileSize: Int)
        case dataTooLarge(bytes: Int, cap: Int)
        case headerNotJSON(byteOffset: Int, reason: String)
        case headerStructure(reason: String)
        case tooManyTensors(count: Int, cap: Int)
        // Tensors
        case unknownDType(tensor: String, dtype: String)
        case invalidShape(tensor: String, reason: String)
        case shapeOverflow(tensor: String, shape: [String])
        case invalidOffsets(tensor: String, reason: String)
        case sizeMismatch(tensor: String, shapeBytes: Int, rangeBytes: Int)
        case offsetsOutOfBounds(tensor: String, end: Int, dataBytes: Int)
        case overlappingTensors(first: String, second: String)
        case gapBeforeTensor(tensor: String, expectedBegin: Int, begin: Int)
        case trailingBytes(count: Int)
        case wrongDType(tensor: String, expected: TensorDType, found: TensorDType)
        case missingTensor(name: String)
        case invalidTensor(name: String, reason: String)
        // Metadata
        case metadataNotString(key: String)
        case reservedMetadataKey(key: String)
        case missingMetadata(key: String)
        case metadataDecoding(key: String, reason: String)
        case unsupportedFormatVersion(found: String, supported: String)
        case missingChecksum
        case notAForecastModel(format: String?)
        case checksumMismatch(stored: String, computed: String)
    }

    public var description: String {
        let text: String
        switch problem {
        case .cannotOpen(let r): text = "cannot open: \(r)"
        case .cannotRead(let r): text = "cannot read: \(r)"
        case .cannotWrite(let r): text = "cannot write: \(r)"
        case .fileTooSmall(let size):
            text = "file is \(size) bytes, too small for a model file (at least 8 bytes of header length expected)"
        case .headerLengthTooLarge(let declared, let cap):
            text = "header length \(declared) bytes exceeds the limit of \(cap) bytes"
        case .textFile(let start):
            text = "starts with the text \(start): a text file (a CSV?), not a model file written by forecast fit"
        case .headerLengthBeyondFile(let declared, let size):
            text = "header length \(declared) bytes runs past the end of the \(size)-byte file (truncated?)"
        case .dataTooLarge(let bytes, let cap):
            text = "tensor data of \(bytes) bytes exceeds the limit of \(cap) bytes"
        case .headerNotJSON(let offset, let r): text = "header is not valid JSON at byte \(offset) of the header: \(r)"
        case .headerStructure(let r): text = "header: \(r)"
        case .tooManyTensors(let count, let cap): text = "header lists \(count) tensors, more than the limit of \(cap)"
        case .unknownDType(let t, let d):
            text = "tensor \"\(t)\": unknown dtype \"\(d)\" (expected one of \(TensorDType.allCases.map(\.rawValue).joined(separator: ", ")))"
        case .invalidShape(let t, let r): text = "tensor \"\(t)\": invalid shape: \(r)"
        case .shapeOverflow(let t, let shape):
            text = "tensor \"\(t)\": shape [\(shape.joined(separator: ", "))] has too many elements (size overflows the limits)"
        case .invalidOffsets(let t, let r): text = "tensor \"\(t)\": invalid data_offsets: \(r)"
        case .sizeMismatch(let t, let shapeBytes, let rangeBytes):
            text = "tensor \"\(t)\": shape and dtype need \(shapeBytes) bytes but data_offsets span \(rangeBytes) bytes"
        case .offsetsOutOfBounds(let t, let end, let dataBytes):
            text = "tensor \"\(t)\": data_offsets end at byte \(end), past the \(dataBytes) bytes of tensor data (truncated?)"
        case .overlappingTensors(let a, let b): text = "tensors \"\(a)\" and \"\(b)\" overlap in the data section"
        case .gapBeforeTensor(let t, let expected, let begin):
            text = "tensor \"\(t)\" begins at byte \(begin) but the previous tensor ends at byte \(expected) (gap in the data section)"
        case .trailingBytes(let n): text = "\(n) bytes after the last tensor (trailing garbage or wrong offsets)"
        case .wrongDType(let t, let expected, let found):
            text = "tensor \"\(t)\": dtype \(found.rawValue), expected \(expected.rawValue)"
        case .missingTensor(let name): text = "no tensor named \"\(name)\""
        case .invalidTensor(let name, let r): text = "tensor \"\(name)\": \(r)"
        case .metadataNotString(let key): text = "__metadata__ value for \"\(key)\" is not a string (safetensors metadata is string to string)"
        case .reservedMetadataKey(let key): text = "metadata key \"\(key)\" is reserved for the file format"
        case .missingMetadata(let key): text = "metadata has no key \"\(key)\""
        case .metadataDecoding(let key, let r): text = "metadata \"\(key)\" cannot be decoded: \(r)"
        case .unsupportedFormatVersion(let found, let supported):
            text = "format version \"\(found)\" is not supported (this build reads version \(supported))"
        case .missingChecksum: text = "no SHA-256 checksum in the metadata (key \"\(ModelFileFormat.checksumKey)\")"
        case .notAForecastModel(let format):
            text = "not a forecast model file (metadata \"\(ModelFileFormat.formatKey)\" is "
                + (format.map { "\"\($0)\"" } ?? "absent") + ", expected \"\(ModelFileFormat.formatName)\")"
        case .checksumMismatch(let stored, let computed):
            text = "SHA-256 of the tensor data is \(computed) but the file records \(stored) (the file is corrupted)"
        }
        return path.isEmpty ? text : "\(path): \(text)"
    }
}
