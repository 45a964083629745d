import TimeFrames

extension RowAssembler {
    /// Chooses the columns from the header and the sampled rows, then replays those rows through
    /// the typed path so that every row is parsed by the same code.
    func startTypedPhase() {
        guard !failed else { return }
        let schema: ColumnSchema
        do {
            schema = try ColumnSchema.resolve(header: header, samples: samples, options: options, file: file, missing: missing,
                                              delimiter: delimiter)
        } catch let e as CSVError { fail(e); return } catch { fail(.readFailed(file: file, reason: "\(error)")); return }
        self.schema = schema
        width = header.count
        roleKinds.deallocate(); roleSlots.deallocate()
        roleKinds = .allocate(capacity: width); roleSlots = .allocate(capacity: width)
        for (k, role) in schema.roles.enumerated() {
            switch role {
            case .ignore: roleKinds[k] = 0; roleSlots[k] = 0
            case .time: roleKinds[k] = 1; roleSlots[k] = 0
            case .value(let s): roleKinds[k] = 2; roleSlots[k] = s
            case .id(let s): roleKinds[k] = 3; roleSlots[k] = s
            }
        }
        timeForm = schema.timeForm
        switch timeForm {
        case .iso: timeKind = 0
        case .dotted: timeKind = 1
        case .slashYearFirst: timeKind = 2
        case .slashUndecided: timeKind = 3
        case .epochSeconds: timeKind = 4
        case .epochMilliseconds: timeKind = 5
        case .custom(let f): timeKind = 6; customFormat = f
        }
        valueColumnCount = schema.targetIndices.count + schema.featureIndices.count
        rowValues.deallocate()
        rowValues = .allocate(capacity: max(1, valueColumnCount))
        rowValues.initialize(repeating: .nan, count: max(1, valueColumnCount))
        idCount = schema.idIndices.count
        idBytes.deallocate(); idLengths.deallocate()
        idBytes = .allocate(capacity: max(1, idCount) * idSlotCapacity)
        idLengths = .allocate(capacity: max(1, idCount))
        idLengths.initialize(repeating: 0, count: max(1, idCount))
        store.release()
        store = SeriesStore(valueCount: valueColumnCount)
        phase = .typed
        // Replay the samples with their own positions, then restore the live ones.
        let (liveLine, liveStart, liveBytes, liveSegment, liveComplete) = (line, rowStartLine, lineBytes, segment, lineBytesComplete)
        let replay = samples
        samples = []
        rowsRead -= replay.count
        fieldIndex = 0
        for row in replay {
            line = row.line; rowStartLine = row.singleLine ? row.line : row.line - 1
            lineBytes = row.lineText; segment = UnsafeRawBufferPointer(start: nil, count: 0); lineBytesComplete = true
            for f in row.fields {
                if var text = f {
                    text.withUTF8 { typedField($0.baseAddress, $0.count) }
                } else { typedField(nil, 0) }
            }
            typedRowEnd()
            fieldIndex = 0
            if failed { return }
        }
        (line, rowStartLine, lineBytes, segment, lineBytesComplete) = (liveLine, liveStart, liveBytes, liveSegment, liveComplete)
    }

    @inline(__always)
    func typedField(_ bytes: UnsafePointer<UInt8>?, _ count: Int) {
        let k = fieldIndex
        fieldIndex += 1
        guard k < width else { return }   // too many fields: reported at the row's end
        switch roleKinds[k] {
        case 1: parseTime(bytes, count, field: k)
        case 2:
            if let bytes, count > 0, let v = NumberParser.parse(bytes, count) {
                rowValues[roleSlots[k]] = v
            } else { valueNotANumber(bytes, count, field: k) }
        case 3:
            let slot = roleSlots[k]
            if count > idSlotCapacity { growIdSlots(count) }
            if let bytes { (idBytes + slot * idSlotCapacity).update(from: bytes, count: count) }
            idLengths[slot] = count
        default: break
        }
    }

    /// A value field that is not a number: missing, or an error.
    @inline(never)
    func valueNotANumber(_ bytes: UnsafePointer<UInt8>?, _ count: Int, field k: Int) {
        if missing.matches(bytes, count) {
            rowValues[roleSlots[k]] = .nan
            if options.regularization.fill == .error {
                fail(.missingValueNotAllowed(at: position(field: k), column: header[k]))
            }
        } else {
            fail(.notANumber(at: position(field: k), column: header[k], value: text(bytes, count)))
        }
    }

    @inline(never)
    func growIdSlots(_ needed: Int) {
        var capacity = idSlotCapacity
        while capacity < needed { capacity *= 2 }
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, idCount) * capacity)
        for s in 0..<idCount { (bigger + s * capacity).initialize(from: idBytes + s * idSlotCapacity, count: idLengths[s]) }
        idBytes.deallocate()
        idBytes = bigger; idSlotCapacity = capacity
    }

    func text(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> String {
        guard let bytes else { return "" }
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    @inline(__always)
    func parseTime(_ bytes: UnsafePointer<UInt8>?, _ count: Int, field k: Int) {
        rowTimePresent = false
        guard let bytes, count > 0 else { return }
        let parsed: Int64?
        switch timeKind {
        case 0: parsed = TimestampParser.parseISO(bytes, count, cache: &isoDateCache)
        case 1: parsed = TimestampParser.parseDotted(bytes, count)
        case 2: parsed = TimestampParser.parseSlashYearFirst(bytes, count)
        case 3: parsed = parseSlash(bytes, count, field: k)
        case 4: parsed = TimestampParser.parseEpoch(bytes, count, milliseconds: false)
        case 5: parsed = TimestampParser.parseEpoch(bytes, count, milliseconds: true)
        default: parsed = customFormat?.parse(bytes, count)
        }
        if let parsed {
            rowTime = parsed; rowTimePresent = true
            if timeFirstLine == 0 { timeFirstLine = line }
            return
        }
        timeNotParsed(bytes, count, field: k)
    }

    /// Slash dates are stored packed until the day/month order is known; track the evidence.
    func parseSlash(_ bytes: UnsafePointer<UInt8>, _ count: Int, field k: Int) -> Int64? {
        guard let v = TimestampParser.parseSlashPacked(bytes, count) else { return nil }
        let (a, b, _, _, _, _, _) = TimestampParser.unpackSlash(v)
        if a > slashMaxFirst || b > slashMaxSecond {
            slashMaxFirst = max(slashMaxFirst, a); slashMaxSecond = max(slashMaxSecond, b)
            if slashMaxFirst > 12 && slashMaxSecond > 12 {
                fail(.mixedTimestampForms(at: position(field: k), column: header[k], value: text(bytes, count),
                                          form: "the other day/month order in earlier rows", firstLine: timeFirstLine))
            }
        }
        if slashExample.isEmpty { slashExample = text(bytes, count) }
        return v
    }

    @inline(never)
    func timeNotParsed(_ bytes: UnsafePointer<UInt8>, _ count: Int, field k: Int) {
        if missing.matches(bytes, count) { return }   // reported at the row's end
        let value = text(bytes, count)
        if let other = TimestampForm.detect(value, allowEpoch: true), other != timeForm {
            fail(.mixedTimestampForms(at: position(field: k), column: header[k], value: value, form: timeForm.name,
                                      firstLine: timeFirstLine))
        } else {
            fail(.badTimestamp(at: position(field: k), column: header[k], value: value, expected: timeForm.example))
        }
    }

    @inline(__always)
    func typedRowEnd() {
        if failed { return }
        if isBlankRow { return }
        guard fieldIndex == width else { raggedRow(); return }
        guard rowTimePresent else { missingTimestamp(); return }
        rowsRead += 1
        let s = seriesIndexForRow()
        if s < 0 { return }
        if (duplicatesAreErrors || notesFirstDuplicate) && rowTime == store.lastTimestamp(s) {
            if duplicatesAreErrors { duplicateTimestamp(s); return }
            noteDuplicate(s)
        }
        store.append(s, time: rowTime, values: rowValues)
        rowTimePresent = false
    }

    @inline(never)
    func raggedRow() {
        fail(.raggedRow(at: position(field: min(fieldIndex, width)), expected: width, found: fieldIndex))
    }

    @inline(never)
    func missingTimestamp() {
        let k = schema?.timeIndex ?? 0
        fail(.missingTimestamp(at: position(field: k), column: header[k]))
    }

    @inline(never)
    func duplicateTimestamp(_ s: Int) {
        guard let schema else { return }
        fail(.duplicateTimestamp(at: position(field: schema.timeIndex), series: seriesName(store.keys[s], schema), value: timestampText()))
    }

    @inline(never)
    func noteDuplicate(_ s: Int) {
        guard firstDuplicate[s] == nil, let schema else { return }
        firstDuplicate[s] = (position(field: schema.timeIndex), timestampText())
    }

    /// The current row's timestamp as the messages show it.
    func timestampText() -> String {
        timeForm == .slashUndecided ? slashExample : ISO8601Text.format(rowTime, dateOnly: rowTime % 86_400_000 == 0)
    }

    func seriesName(_ key: [String], _ schema: ColumnSchema) -> String {
        if key.isEmpty {
            return schema.targetIndices.count == 1 ? header[schema.targetIndices[0]] : "series"
        }
        // Control characters (a quoted newline in an id) are shown escaped so names stay one line.
        return zip(schema.idIndices, key).map { pair in
            let shown = pair.1.unicodeScalars.map { $0.properties.generalCategory == .control ? $0.escaped(asASCII: true) : String($0) }.joined()
            return "\(header[pair.0])=\(shown)"
        }.joined(separator: "/")
    }

    /// The index of the current row's series, created on first sight; -1 after an error.
    @inline(__always)
    func seriesIndexForRow() -> Int {
        if idCount == 0 {
            return store.count == 0 ? store.add(key: []) : 0
        }
        let (index, isNew): (Int, Bool)
        if idCount == 1 {
            (index, isNew) = keys.index(idBytes, idLengths[0])
        } else {
            keyBuffer.removeAll(keepingCapacity: true)
            for i in 0..<idCount {
                if i > 0 { keyBuffer.append(0x1F) }
                keyBuffer.append(contentsOf: UnsafeBufferPointer(start: idBytes + i * idSlotCapacity, count: idLengths[i]))
            }
            (index, isNew) = keyBuffer.withUnsafeBufferPointer { keys.index($0.baseAddress!, $0.count) }
        }
        if isNew { return addSeries() }
        return index
    }

    @inline(never)
    func addSeries() -> Int {
        guard let schema else { return -1 }
        var key: [String] = []
        for i in 0..<idCount {
            guard let s = String(validating: UnsafeBufferPointer(start: idBytes + i * idSlotCapacity, count: idLengths[i]), as: UTF8.self) else {
                fail(.invalidUTF8(at: position(field: schema.idIndices[i]), what: "the series id in column \"\(header[schema.idIndices[i]])\""))
                return -1
            }
            key.append(s)
        }
        return store.add(key: key)
    }
}
