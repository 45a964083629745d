import Foundation

/// The string-to-string `__metadata__` of a model file, with typed helpers that store any
/// `Codable` value as a JSON string (safetensors allows only strings there).
public struct ModelMetadata: Sendable, Equatable {
    /// The raw entries.
    public var entries: [String: String]

    public init(_ entries: [String: String] = [:]) { self.entries = entries }

    /// The raw string for `key`, or nil.
    public subscript(key: String) -> String? {
        get { entries[key] }
        set { entries[key] = newValue }
    }

    /// Stores `value` as JSON text (sorted keys, so equal values give identical files; NaN and
    /// infinities as the strings "nan", "inf", "-inf").
    /// - Throws: ``ModelFileError`` `.metadataDecoding` when the value cannot be encoded.
    public mutating func set<T: Encodable>(_ value: T, forKey key: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do {
            let data = try encoder.encode(value)
            entries[key] = String(decoding: data, as: UTF8.self)
        } catch {
            throw ModelFileError(path: "", .metadataDecoding(key: key, reason: "cannot encode: \(error)"))
        }
    }

    /// Decodes the JSON string stored under `key`.
    /// - Throws: ``ModelFileError`` `.missingMetadata` or `.metadataDecoding`, with the key.
    public func value<T: Decodable>(_ type: T.Type, forKey key: String) throws -> T {
        guard let text = entries[key] else { throw ModelFileError(path: "", .missingMetadata(key: key)) }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do {
            return try decoder.decode(T.self, from: Data(text.utf8))
        } catch {
            throw ModelFileError(path: "", .metadataDecoding(key: key, reason: Self.describe(error)))
        }
    }

    /// A short reason for a decoding error (the coding path and what was wrong).
    private static func describe(_ error: Error) -> String {
        guard let e = error as? DecodingError else { return "\(error)" }
        func path(_ c: DecodingError.Context) -> String {
            let p = c.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return p.isEmpty ? "" : " at \(p)"
        }
        switch e {
        case .typeMismatch(let t, let c): return "expected \(t)\(path(c))"
        case .valueNotFound(let t, let c): return "missing \(t) value\(path(c))"
        case .keyNotFound(let k, let c): return "missing key \"\(k.stringValue)\"\(path(c))"
        case .dataCorrupted(let c): return "\(c.debugDescription)\(path(c))"
        @unknown default: return "\(error)"
        }
    }
}
