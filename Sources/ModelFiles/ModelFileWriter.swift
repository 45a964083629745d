import Foundation

/// Writes model files: named tensors plus string metadata, in the safetensors layout, with the
/// format version and a SHA-256 of the tensor data added to the metadata, atomically.
public struct ModelFileWriter {
    /// Test hook passed to the atomic writer (see `AtomicFileWriter.afterChunk`).
    var afterChunk: ((Int) throws -> Void)?

    public init() {}

    /// Writes `tensors` (data laid out in this order) and `metadata` to `url`.
    ///
    /// - Parameters:
    ///   - tensors: unique non-empty names; `bytes.count` must equal the shape's element count
    ///     times the dtype's size.
    ///   - metadata: any keys but ``ModelFileFormat/reservedKeys``.
    /// - Throws: ``ModelFileError``: `.invalidTensor`, `.reservedMetadataKey`, `.cannotWrite`.
    ///   On error the destination is untouched and no temporary file remains.
    /// Checks that a model file could be written at `url` (its directory takes a new file and
    /// `url` is not a directory), so a long training run does not end in a write error.
    /// - Throws: ``ModelFileError`` `.cannotWrite`.
    public static func checkDestination(_ url: URL) throws {
        try AtomicFileWriter().checkWritable(url.path)
    }

    public func write(tensors: [ModelTensor], metadata: ModelMetadata = ModelMetadata(), to url: URL) throws {
        let path = url.path
        let header = try ModelFileWriter.header(tensors: tensors, metadata: metadata, path: path)
        var chunks: [[UInt8]] = [ModelFileWriter.littleEndian(UInt64(header.count)), header]
        chunks.append(contentsOf: tensors.map(\.bytes))
        try AtomicFileWriter(afterChunk: afterChunk).write(chunks, to: path)
    }

    /// The padded JSON header bytes for `tensors` and `metadata`, including the format keys.
    static func header(tensors: [ModelTensor], metadata: ModelMetadata, path: String) throws -> [UInt8] {
        for key in metadata.entries.keys where ModelFileFormat.reservedKeys.contains(key) {
            throw ModelFileError(path: path, .reservedMetadataKey(key: key))
        }
        var names = Set<String>()
        var members: [(key: String, value: HeaderJSON)] = []
        var offset = 0
        var sha = SHA256()
        for t in tensors {
            func invalid(_ reason: String) -> ModelFileError { ModelFileError(path: path, .invalidTensor(name: t.name, reason: reason)) }
            guard !t.name.isEmpty, t.name != ModelFileFormat.metadataObjectKey else { throw invalid("name is empty or reserved") }
            guard names.insert(t.name).inserted else { throw invalid("name used twice") }
            guard t.shape.allSatisfy({ $0 >= 0 }) else { throw invalid("negative dimension in shape \(t.shape)") }
            var elements = 1
            for d in t.shape {
                let (p, overflow) = elements.multipliedReportingOverflow(by: d)
                guard !overflow else { throw invalid("shape \(t.shape) overflows") }
                elements = p
            }
            guard elements.multipliedReportingOverflow(by: t.dtype.byteSize).partialValue == t.bytes.count,
                  !elements.multipliedReportingOverflow(by: t.dtype.byteSize).overflow else {
                throw invalid("shape \(t.shape) of \(t.dtype.rawValue) needs \(elements) elements but \(t.bytes.count) bytes were given")
            }
            members.append((t.name, .object([
                ("dtype", .string(t.dtype.rawValue)),
                ("shape", .array(t.shape.map { .number(String($0)) })),
                ("data_offsets", .array([.number(String(offset)), .number(String(offset + t.bytes.count))])),
            ])))
            offset += t.bytes.count
            sha.update(t.bytes)
        }
        var entries = metadata.entries
        entries[ModelFileFormat.formatKey] = ModelFileFormat.formatName
        entries[ModelFileFormat.versionKey] = ModelFileFormat.version
        entries[ModelFileFormat.checksumKey] = SHA256.hex(sha.finalize())
        let meta = HeaderJSON.object(entries.keys.sorted().map { ($0, .string(entries[$0]!)) })
        var bytes = Array(HeaderJSON.object([(ModelFileFormat.metadataObjectKey, meta)] + members).text.utf8)
        // safetensors pads the header with spaces so the data starts 8-byte aligned.
        while bytes.count % 8 != 0 { bytes.append(UInt8(ascii: " ")) }
        return bytes
    }

    static func littleEndian(_ v: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: v >> (8 * UInt64($0))) } }
}
