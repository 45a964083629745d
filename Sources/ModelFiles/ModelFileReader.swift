#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Reads model files, validating every size, offset, dtype and shape against ``ModelFileLimits``
/// before allocating anything sized by the file, then checking the SHA-256 of the tensor data.
/// Nothing in the file is executed; metadata values stay strings.
public struct ModelFileReader: Sendable {
    public var limits: ModelFileLimits
    /// Whether a safetensors file not written by `forecast` (no format name, version or
    /// checksum) is accepted: false for loading models, true lets `inspect` open any
    /// safetensors file. A version or checksum that is present is always checked.
    public var acceptsForeignFiles: Bool

    public init(limits: ModelFileLimits = .default, acceptsForeignFiles: Bool = false) {
        self.limits = limits
        self.acceptsForeignFiles = acceptsForeignFiles
    }

    /// Reads and validates the model file at `url`.
    /// - Throws: ``ModelFileError`` with the path and what was wrong.
    public func read(from url: URL) throws -> ModelFile {
        let path = url.path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw ModelFileError(path: path, .cannotOpen(reason: errnoText())) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw ModelFileError(path: path, .cannotRead(reason: errnoText())) }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw ModelFileError(path: path, .cannotOpen(reason: (info.st_mode & S_IFMT) == S_IFDIR ? "it is a directory, not a model file" : "not a regular file"))
        }
        let fileSize = Int(info.st_size)
        return try parse(fileSize: fileSize, path: path) { offset, count in
            try readExactly(fd: fd, offset: offset, count: count, path: path)
        }
    }

    /// Parses a model file held in memory (used by tests and by callers that already have bytes).
    public func parse(bytes: [UInt8], path: String = "<memory>") throws -> ModelFile {
        try parse(fileSize: bytes.count, path: path) { offset, count in Array(bytes[offset..<offset + count]) }
    }

    /// The validation pipeline over a byte source of known size; `readAt(offset, count)` is
    /// only called with ranges already checked against the size and the limits.
    private func parse(fileSize: Int, path: String, readAt: (Int, Int) throws -> [UInt8]) throws -> ModelFile {
        func fail(_ p: ModelFileError.Problem) -> ModelFileError { ModelFileError(path: path, p) }
        guard fileSize >= 8 else { throw fail(.fileTooSmall(size: fileSize)) }
        let prefix = try readAt(0, 8)
        let declared = prefix.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard declared <= UInt64(limits.maxHeaderBytes) else {
            // A real header length has zero high bytes; eight printable ASCII bytes are text.
            if prefix.allSatisfy({ (0x20...0x7E).contains($0) || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
                throw fail(.textFile(start: String(decoding: prefix, as: UTF8.self).debugDescription))
            }
            throw fail(.headerLengthTooLarge(declared: declared, cap: limits.maxHeaderBytes))
        }
        let headerLength = Int(declared)
        guard headerLength <= fileSize - 8 else { throw fail(.headerLengthBeyondFile(declared: declared, fileSize: fileSize)) }
        let dataBytes = fileSize - 8 - headerLength
        guard dataBytes <= limits.maxDataBytes else { throw fail(.dataTooLarge(bytes: dataBytes, cap: limits.maxDataBytes)) }

        let json: HeaderJSON
        do {
            json = try HeaderJSON.parse(try readAt(8, headerLength))
        } catch let e as HeaderJSON.ParseError {
            throw fail(.headerNotJSON(byteOffset: e.offset, reason: e.reason))
        }
        let (entries, layout) = try HeaderValidator(limits: limits, dataBytes: dataBytes, path: path).validate(json)

        let metadata = ModelMetadata(entries)
        if !acceptsForeignFiles {
            let name = metadata[ModelFileFormat.formatKey]
            guard name == ModelFileFormat.formatName else { throw fail(.notAForecastModel(format: name)) }
            guard metadata[ModelFileFormat.versionKey] != nil else { throw fail(.missingMetadata(key: ModelFileFormat.versionKey)) }
        }
        if let version = metadata[ModelFileFormat.versionKey], version != ModelFileFormat.version {
            throw fail(.unsupportedFormatVersion(found: version, supported: ModelFileFormat.version))
        }
        let data = try readAt(8 + headerLength, dataBytes)
        if let stored = metadata[ModelFileFormat.checksumKey] {
            let computed = SHA256.hex(SHA256.hash(data))
            guard stored == computed else { throw fail(.checksumMismatch(stored: stored, computed: computed)) }
        } else if !acceptsForeignFiles {
            throw fail(.missingChecksum)
        }
        let tensors = layout.map { t in
            ModelTensor(name: t.name, dtype: t.dtype, shape: t.shape, bytes: Array(data[t.begin..<t.end]))
        }
        return ModelFile(tensors: tensors, metadata: metadata)
    }
}

/// `pread` until `count` bytes arrived; a short file is an error, not a short array.
private func readExactly(fd: Int32, offset: Int, count: Int, path: String) throws -> [UInt8] {
    var out = [UInt8](repeating: 0, count: count)
    var done = 0
    try out.withUnsafeMutableBytes { raw in
        while done < count {
            let n = pread(fd, raw.baseAddress! + done, count - done, off_t(offset + done))
            if n < 0 {
                if errno == EINTR { continue }
                throw ModelFileError(path: path, .cannotRead(reason: errnoText()))
            }
            if n == 0 { throw ModelFileError(path: path, .cannotRead(reason: "file shrank while reading (expected \(count) bytes at offset \(offset))")) }
            done += n
        }
    }
    return out
}
