/// Checks a parsed safetensors header: structure, dtypes, shapes, offsets and their layout.
struct HeaderValidator {
    let limits: ModelFileLimits
    /// Size of the data section (file size − 8 − header length).
    let dataBytes: Int
    let path: String

    /// A tensor's validated place in the data section.
    struct Entry {
        var name: String
        var dtype: TensorDType
        var shape: [Int]
        var begin: Int
        var end: Int
    }

    private func fail(_ p: ModelFileError.Problem) -> ModelFileError { ModelFileError(path: path, p) }

    /// The metadata entries and the tensors sorted by their offset.
    func validate(_ json: HeaderJSON) throws -> ([String: String], [Entry]) {
        guard case .object(let members) = json else { throw fail(.headerStructure(reason: "the header is not a JSON object")) }
        let tensorCount = members.filter { $0.key != ModelFileFormat.metadataObjectKey }.count
        guard tensorCount <= limits.maxTensors else { throw fail(.tooManyTensors(count: tensorCount, cap: limits.maxTensors)) }
        var metadata: [String: String] = [:]
        var entries: [Entry] = []
        entries.reserveCapacity(tensorCount)
        for (key, value) in members {
            if key == ModelFileFormat.metadataObjectKey {
                guard case .object(let pairs) = value else { throw fail(.headerStructure(reason: "__metadata__ is not an object")) }
                for (k, v) in pairs {
                    guard case .string(let s) = v else { throw fail(.metadataNotString(key: k)) }
                    metadata[k] = s
                }
            } else {
                entries.append(try tensor(named: key, value))
            }
        }
        // Sort by position; ties (zero-length tensors) by end so empty ones come first.
        entries.sort { ($0.begin, $0.end) < ($1.begin, $1.end) }
        var expected = 0
        var previous: String?
        for e in entries {
            if e.begin < expected, let p = previous { throw fail(.overlappingTensors(first: p, second: e.name)) }
            if e.begin > expected { throw fail(.gapBeforeTensor(tensor: e.name, expectedBegin: expected, begin: e.begin)) }
            expected = e.end
            previous = e.name
        }
        if expected < dataBytes { throw fail(.trailingBytes(count: dataBytes - expected)) }
        return (metadata, entries)
    }

    private func tensor(named name: String, _ value: HeaderJSON) throws -> Entry {
        guard case .object(let fields) = value else { throw fail(.headerStructure(reason: "entry \"\(name)\" is not an object")) }
        for (k, _) in fields where !["dtype", "shape", "data_offsets"].contains(k) {
            throw fail(.headerStructure(reason: "tensor \"\(name)\" has unknown field \"\(k)\""))
        }
        func field(_ k: String) throws -> HeaderJSON {
            guard let f = fields.first(where: { $0.key == k }) else {
                throw fail(.headerStructure(reason: "tensor \"\(name)\" has no \"\(k)\" field"))
            }
            return f.value
        }
        guard case .string(let dtypeText) = try field("dtype") else {
            throw fail(.headerStructure(reason: "tensor \"\(name)\": dtype is not a string"))
        }
        guard let dtype = TensorDType(rawValue: dtypeText) else { throw fail(.unknownDType(tensor: name, dtype: dtypeText)) }

        guard case .array(let dims) = try field("shape") else { throw fail(.invalidShape(tensor: name, reason: "not an array")) }
        guard dims.count <= limits.maxRank else {
            throw fail(.invalidShape(tensor: name, reason: "\(dims.count) dimensions, more than the limit of \(limits.maxRank)"))
        }
        var shape: [Int] = []
        var texts: [String] = []
        for d in dims {
            guard case .number(let text) = d else { throw fail(.invalidShape(tensor: name, reason: "dimension is not a number")) }
            texts.append(text)
        }
        // Every size is bounded by the data section, which is bounded by the limits: any
        // dimension or product beyond it is an overflow, caught before any multiplication wraps.
        var elements = 1
        for text in texts {
            guard let d = HeaderValidator.nonNegativeInteger(text) else {
                if text.hasPrefix("-") { throw fail(.invalidShape(tensor: name, reason: "negative dimension \(text)")) }
                if text.allSatisfy(\.isNumber) { throw fail(.shapeOverflow(tensor: name, shape: texts)) }
                throw fail(.invalidShape(tensor: name, reason: "dimension \(text) is not an integer"))
            }
            shape.append(d)
        }
        for d in shape {
            let (p, overflow) = elements.multipliedReportingOverflow(by: d)
            guard !overflow, p <= limits.maxDataBytes else {
                if shape.contains(0) { elements = 0; break }
                throw fail(.shapeOverflow(tensor: name, shape: texts))
            }
            elements = p
        }
        let shapeBytes = elements * dtype.byteSize // elements ≤ maxDataBytes ≤ Int.max / 8

        guard case .array(let offsets) = try field("data_offsets"), offsets.count == 2 else {
            throw fail(.invalidOffsets(tensor: name, reason: "expected an array of two integers [begin, end]"))
        }
        var bounds: [Int] = []
        for o in offsets {
            guard case .number(let text) = o else { throw fail(.invalidOffsets(tensor: name, reason: "offset is not a number")) }
            guard let v = HeaderValidator.nonNegativeInteger(text) else {
                throw fail(.invalidOffsets(tensor: name, reason: text.hasPrefix("-") ? "negative offset \(text)" : "offset \(text) is not an integer in range"))
            }
            bounds.append(v)
        }
        let (begin, end) = (bounds[0], bounds[1])
        guard begin <= end else { throw fail(.invalidOffsets(tensor: name, reason: "begin \(begin) is after end \(end)")) }
        guard end <= dataBytes else { throw fail(.offsetsOutOfBounds(tensor: name, end: end, dataBytes: dataBytes)) }
        guard end - begin == shapeBytes else { throw fail(.sizeMismatch(tensor: name, shapeBytes: shapeBytes, rangeBytes: end - begin)) }
        return Entry(name: name, dtype: dtype, shape: shape, begin: begin, end: end)
    }

    /// A plain decimal integer in 0...2^53 (JSON's exact-integer range), or nil.
    static func nonNegativeInteger(_ text: String) -> Int? {
        guard !text.isEmpty, text.count <= 16, text.utf8.allSatisfy({ (48...57).contains($0) }) else { return nil }
        guard let v = Int(text), v <= 1 << 53 else { return nil }
        return v
    }
}
