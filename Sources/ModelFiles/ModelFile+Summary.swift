extension ModelFile {
    /// A plain-text description for `forecast inspect`: format, tensors (name, dtype, shape) and
    /// metadata (values cut to `valueWidth` characters, one line each).
    ///
    /// ```
    /// forecast.model: forecast model file, format version 1, checksum verified
    ///   6 tensors, 5132 values, 20528 bytes
    ///     encoder.weight_ih_l0  F32  [128, 3]
    ///   metadata
    ///     forecast.config  {"network":{…
    /// ```
    public func summary(path: String, valueWidth: Int = 72) -> String {
        var lines: [String] = []
        let kind = metadata[ModelFileFormat.formatKey] == ModelFileFormat.formatName
            ? "forecast model file, format version \(formatVersion ?? "?")"
            : "safetensors file (not written by forecast)"
        let verified = metadata[ModelFileFormat.checksumKey] != nil ? ", checksum verified" : ", no checksum"
        lines.append("\(path): \(kind)\(verified)")
        let values = tensors.reduce(0) { $0 + $1.elementCount }
        let bytes = tensors.reduce(0) { $0 + $1.bytes.count }
        lines.append("  \(tensors.count) tensor\(tensors.count == 1 ? "" : "s"), \(values) values, \(bytes) bytes")
        let nameWidth = tensors.map(\.name.count).max() ?? 0
        for t in tensors {
            let shape = "[" + t.shape.map(String.init).joined(separator: ", ") + "]"
            lines.append("    " + t.name.padding(nameWidth) + "  " + t.dtype.rawValue.padding(4) + " " + shape)
        }
        let keys = metadata.entries.keys.sorted()
        if !keys.isEmpty {
            lines.append("  metadata")
            let keyWidth = keys.map(\.count).max() ?? 0
            for key in keys {
                let flat = String((metadata[key] ?? "").map { $0 == "\n" || $0 == "\r" || $0 == "\t" ? " " : $0 })
                let shown = flat.count > valueWidth ? String(flat.prefix(max(valueWidth - 1, 0))) + "…" : flat
                lines.append("    " + key.padding(keyWidth) + "  " + shown)
            }
        }
        return lines.joined(separator: "\n")
    }
}

private extension String {
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
