/// Constants of the `forecast` model file: reserved metadata keys and the current version.
///
/// The layout is safetensors: an 8-byte little-endian header length `N`, `N` bytes of JSON
/// header, then the tensor data. See `docs/model-format.md`.
public enum ModelFileFormat {
    /// Metadata key holding the format version written by this build.
    public static let versionKey = "format_version"
    /// Metadata key holding the lower-case hex SHA-256 of the whole tensor data section.
    public static let checksumKey = "tensors_sha256"
    /// Metadata key naming the format, so a foreign safetensors file is recognised as such.
    public static let formatKey = "format"
    /// The value of ``formatKey``.
    public static let formatName = "forecast-model"
    /// The version this build writes and reads.
    public static let version = "1"
    /// Keys the writer sets itself; callers may not pass them.
    public static let reservedKeys: Set<String> = [versionKey, checksumKey, formatKey]
    /// The header's key for the metadata object.
    public static let metadataObjectKey = "__metadata__"
}

/// Limits the reader enforces before allocating anything sized by the file.
public struct ModelFileLimits: Sendable, Equatable {
    /// Largest JSON header accepted, in bytes.
    public var maxHeaderBytes: Int
    /// Largest tensor data section accepted, in bytes.
    public var maxDataBytes: Int
    /// Most tensors accepted in one file.
    public var maxTensors: Int
    /// Most dimensions per tensor.
    public var maxRank: Int

    public init(maxHeaderBytes: Int = 16 << 20, maxDataBytes: Int = 1 << 30, maxTensors: Int = 10_000, maxRank: Int = 8) {
        self.maxHeaderBytes = maxHeaderBytes
        self.maxDataBytes = maxDataBytes
        self.maxTensors = maxTensors
        self.maxRank = maxRank
    }

    /// 16 MiB header, 1 GiB of tensors, 10 000 tensors, rank 8: far above any forecaster, far
    /// below what would exhaust memory.
    public static let `default` = ModelFileLimits()
}
