import TimeFrames

extension RowAssembler {
    /// Chooses the columns from the header and the sampled rows, then replays those rows through
    /// the typed path so that every row is parsed by the same code.
    func startTypedPhase() {
        guard error == nil else { return }
        let schema: ColumnSchema
        do {
            schema = try ColumnSchema.resolve(header: header, samples: samples, options: options, file: file, missing: missing)
        } catch let e as CSVError { fail(e); return } catch { fail(.readFailed(file: file, reason: "\(error)")); return }
        self.schema = schema
        roles = schema.roles.map { role -> UInt8 in
            switch role { case .ignore: return 0; case .time: return 1; case .value: return 2; case .id: return 3 }
        }
        slots = schema.roles.map { role -> Int in
            switch role { case .value(let s), .id(let s): return s; default: return 0 }
        }
        timeForm = schema.timeForm
        valueColumnCount = schema.targetIndices.count + schema.featureIndices.count
        rowValues = Array(repeating: .nan, count: valueColumnCount)
        idFields = Array(repeating: [], count: schema.idIndices.count)
        phase = .typed
        // Replay the samples with their own positions, then restore the live ones.
        let (liveLine, liveBytes, liveSegment, liveComplete) = (line, lineBytes, segment, lineBytesComplete)
        let replay = samples
        samples = []
        rowsRead -= replay.count
        fieldIndex = 0
        for row in replay {
            line = row.line; rowStartLine = row.line
            lineBytes = row.lineText; segment = UnsafeRawBufferPointer(start: nil, count: 0); lineBytesComplete = true
            for f in row.fields {
                if var text = f {
                    text.withUTF8 { typedField($0.baseAddress, $0.count) }
                } else { typedField(nil, 0) }
            }
            typedRowEnd()
            fieldIndex = 0
            if error != nil { return }
        }
        (line, lineBytes, segment, lineBytesComplete) = (liveLine, liveBytes, liveSegment, liveComplete)
    }

    @inline(__always)
    func typedField(_ bytes: UnsafePointer<UInt8>?, _ count: Int) {
        let k = fieldIndex
        fieldIndex += 1
        guard k < roles.count else { return }   // too many fields: reported at the row's end
        switch roles[k] {
        case 1: parseTime(bytes, count, field: k)
        case 2:
            let slot = slots[k]
            if let bytes, count > 0, let v = NumberParser.parse(bytes, count) {
                rowValues[slot] = v
            } else if missing.matches(bytes, count) {
                rowValues[slot] = .nan
                if options.regularization.fill == .error {
                    fail(.missingValueNotAllowed(at: position(field: k), column: header[k]))
                }
            } else {
                fail(.notANumber(at: position(field: k), column: header[k], value: text(bytes, count)))
            }
        case 3:
            let slot = slots[k]
            idFields[slot].removeAll(keepingCapacity: true)
            if let bytes { idFields[slot].append(contentsOf: UnsafeBufferPointer(start: bytes, count: count)) }
        default: break
        }
    }

    func text(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> String {
        guard let bytes else { return "" }
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    @inline(__always)
    func parseTime(_ bytes: UnsafePointer<UInt8>?, _ count: Int, field k: Int) {
        rowTimePresent = false
        guard let bytes, count > 0 else { return }
        var parsed: Int64?
        switch timeForm {
        case .iso: parsed = TimestampParser.parseISO(bytes, count)
        case .dotted: parsed = TimestampParser.parseDotted(bytes, count)
        case .slashYearFirst: parsed = TimestampParser.parseSlashYearFirst(bytes, count)
        case .slashUndecided:
            parsed = TimestampParser.parseSlashPacked(bytes, count)
            if let v = parsed {
                let (a, b, _, _, _, _, _) = TimestampParser.unpackSlash(v)
                if a > slashMaxFirst || b > slashMaxSecond {
                    slashMaxFirst = max(slashMaxFirst, a); slashMaxSecond = max(slashMaxSecond, b)
                    if slashMaxFirst > 12 && slashMaxSecond > 12 {
                        fail(.mixedTimestampForms(at: position(field: k), column: header[k], value: text(bytes, count),
                                                  form: "day/month in earlier rows", firstLine: timeFirstLine))
                    }
                }
                if slashExample.isEmpty { slashExample = text(bytes, count) }
            }
        case .epochSeconds: parsed = TimestampParser.parseEpoch(bytes, count, milliseconds: false)
        case .epochMilliseconds: parsed = TimestampParser.parseEpoch(bytes, count, milliseconds: true)
        case .custom(let format): parsed = format.parse(bytes, count)
        }
        if let parsed {
            rowTime = parsed; rowTimePresent = true
            if timeFirstLine == 0 { timeFirstLine = line }
            return
        }
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
        if error != nil { return }
        if isBlankRow { return }
        guard fieldIndex == roles.count else {
            fail(.raggedRow(at: position(field: min(fieldIndex, roles.count)), expected: roles.count, found: fieldIndex))
            return
        }
        guard rowTimePresent, let schema else {
            fail(.missingTimestamp(at: position(field: self.schema?.timeIndex ?? 0), column: header[self.schema?.timeIndex ?? 0]))
            return
        }
        rowsRead += 1
        let s = seriesForRow(schema)
        guard let s else { return }
        if rowTime == s.lastTimestamp && options.regularization.duplicates == .error && options.regularization.resample == nil {
            fail(.duplicateTimestamp(at: position(field: schema.timeIndex), series: seriesName(s.key, schema),
                                     value: describeRowTime()))
            return
        }
        s.lastTimestamp = rowTime
        s.timestamps.append(rowTime)
        for slot in 0..<valueColumnCount {
            let v = rowValues[slot]
            if v.isNaN { s.missing[slot] += 1 }
            s.columns[slot].append(v)
        }
        rowTimePresent = false
    }

    private func describeRowTime() -> String {
        timeForm == .slashUndecided ? slashExample : ISO8601Text.format(rowTime, dateOnly: rowTime % 86_400_000 == 0)
    }

    func seriesName(_ key: [String], _ schema: ColumnSchema) -> String {
        if key.isEmpty {
            return schema.targetIndices.count == 1 ? header[schema.targetIndices[0]] : "series"
        }
        // Control characters (a quoted newline in an id) are shown escaped so names stay one line.
        return zip(schema.idIndices, key).map { "\(header[$0.0])=\($0.1.unicodeScalars.map { $0.properties.generalCategory == .control ? $0.escaped(asASCII: true) : String($0) }.joined())" }.joined(separator: "/")
    }

    /// The accumulator of the current row's series, created on first sight.
    @inline(__always)
    private func seriesForRow(_ schema: ColumnSchema) -> SeriesAccumulator? {
        if idFields.isEmpty {
            if series.isEmpty { series.append(SeriesAccumulator(key: [], valueColumns: valueColumnCount)) }
            return series[0]
        }
        keyScratch.removeAll(keepingCapacity: true)
        for (i, f) in idFields.enumerated() {
            if i > 0 { keyScratch.append(0x1F) }
            keyScratch.append(contentsOf: f)
        }
        let (index, isNew) = keyScratch.withUnsafeBytes { keys.index(of: $0) }
        if isNew {
            var key: [String] = []
            for (i, f) in idFields.enumerated() {
                guard let s = String(validating: f, as: UTF8.self) else {
                    fail(.invalidUTF8(at: position(field: schema.idIndices[i]), what: "the series id in column \"\(header[schema.idIndices[i]])\""))
                    return nil
                }
                key.append(s)
            }
            series.append(SeriesAccumulator(key: key, valueColumns: valueColumnCount))
        }
        return series[index]
    }
}
