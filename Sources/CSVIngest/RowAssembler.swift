import TimeFrames

/// Receives libcsv's field and row callbacks and builds the series.
///
/// It runs in three phases: the header row, then up to `sampleLimit` rows kept as text so the
/// columns can be chosen (``ColumnSchema``), then every row parsed straight from the callback's
/// bytes into per-series columns. Callbacks cannot throw, so the first error is stored in `error`
/// and every later callback is ignored; the reader checks it after each `csv_parse` call.
final class RowAssembler {
    enum Phase { case header, sampling, typed }

    let file: String
    let options: CSVReadOptions
    let missing: MissingTokens
    let sampleLimit = 100

    var phase = Phase.header
    var error: CSVError?

    // Position, kept up to date by the reader (see CSVFrameReader+Streaming).
    var line = 1
    /// Bytes of the current physical line fed so far (capped), for column numbers in errors.
    var lineBytes: [UInt8] = []
    var lineBytesComplete = true
    /// The piece of the current line being fed to libcsv right now.
    var segment: UnsafeRawBufferPointer = UnsafeRawBufferPointer(start: nil, count: 0)
    var rowStartLine = 1
    var fieldIndex = 0
    var firstFieldWasEmpty = false
    var rowsRead = 0

    // Header and sampling phases.
    var header: [String] = []
    var headerLineText: [UInt8] = []
    var textRow: [String?] = []
    var samples: [ColumnSchema.SampleRow] = []

    // Typed phase. The per-field state lives in plain memory so the hot path does no
    // reference counting and no array uniqueness checks.
    var schema: ColumnSchema?
    var width = 0
    var roleKinds = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)   // 0 ignore, 1 time, 2 value, 3 id
    var roleSlots = UnsafeMutablePointer<Int>.allocate(capacity: 1)
    var rowValues = UnsafeMutablePointer<Double>.allocate(capacity: 1)
    var idCount = 0
    var idSlotCapacity = 256
    var idBytes = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)     // idCount regions of idSlotCapacity
    var idLengths = UnsafeMutablePointer<Int>.allocate(capacity: 1)
    var keyBuffer: [UInt8] = []
    var timeForm = TimestampForm.iso
    /// `timeForm` as a small number, so the hot path switches on a byte, not an enum with payload.
    var timeKind: UInt8 = 0
    var customFormat: TimeFormat?
    var isoDateCache = TimestampParser.ISODateCache()
    var timeFirstLine = 0
    var rowTime: Int64 = 0
    var rowTimePresent = false
    var keys = SeriesKeyTable()
    var store = SeriesStore(valueCount: 0)
    /// `--duplicates error` without `--resample`: a repeated timestamp is reported at its line.
    var duplicatesAreErrors = true
    /// `--duplicates auto` without `--resample`: repeats are kept for the regulariser to average,
    /// and the first one of each series is remembered here, so that too many of them can still be
    /// reported at a line.
    var notesFirstDuplicate = false
    var firstDuplicate: [Int: (position: SourcePosition, value: String)] = [:]
    var valueColumnCount = 0
    var slashMaxFirst = 0
    var slashMaxSecond = 0
    var slashExample = ""
    /// Set with `error`; a plain flag is cheaper to test per callback than an optional enum.
    var failed = false

    init(file: String, options: CSVReadOptions) {
        self.file = file
        self.options = options
        self.missing = MissingTokens(options.missingTokens)
        duplicatesAreErrors = options.regularization.duplicates == .error && options.regularization.resample == nil
        notesFirstDuplicate = options.regularization.duplicates == .auto && options.regularization.resample == nil
    }

    deinit {
        roleKinds.deallocate(); roleSlots.deallocate(); rowValues.deallocate()
        idBytes.deallocate(); idLengths.deallocate()
        keys.release(); store.release()
    }

    // MARK: - Callbacks

    @inline(__always)
    func field(_ bytes: UnsafeMutableRawPointer?, _ count: Int) {
        if failed { return }
        if fieldIndex == 0 { firstFieldWasEmpty = bytes == nil || count == 0 }
        switch phase {
        case .typed:
            typedField(bytes.map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) }, count)
        case .header, .sampling:
            let text: String?
            if let bytes {
                let buffer = UnsafeRawBufferPointer(start: bytes, count: count)
                guard let s = String(validating: buffer, as: UTF8.self) else {
                    fail(.invalidUTF8(at: position(field: fieldIndex), what: phase == .header ? "the header"
                        : fieldIndex < header.count ? "the value in column \"\(header[fieldIndex])\"" : "a field"))
                    return
                }
                text = s
            } else { text = nil }
            textRow.append(text)
            fieldIndex += 1
        }
    }

    @inline(__always)
    func row() {
        if failed { return }
        defer { fieldIndex = 0 }
        switch phase {
        case .typed:
            typedRowEnd()
        case .header:
            finishHeader()
        case .sampling:
            if isBlankRow { textRow.removeAll(); return }
            guard textRow.count == header.count else {
                fail(.raggedRow(at: position(field: min(textRow.count, header.count)), expected: header.count, found: textRow.count))
                return
            }
            samples.append(.init(fields: textRow, line: line, lineText: currentLineText(), singleLine: rowStartLine == line))
            textRow.removeAll(keepingCapacity: true)
            rowsRead += 1
            if samples.count >= sampleLimit { startTypedPhase() }
        }
    }

    /// A line of only spaces reaches us as one empty field.
    var isBlankRow: Bool { fieldIndex == 1 && firstFieldWasEmpty && header.count > 1 }

    func fail(_ e: CSVError) { if error == nil { error = e; failed = true } }

    private func finishHeader() {
        if textRow.count == 1 && (textRow[0] ?? "").isEmpty { textRow.removeAll(); return }
        var names: [String] = []
        for (i, f) in textRow.enumerated() {
            let name = (f ?? "").trimmingCharacters(in: .whitespaces)
            let finalName = name.isEmpty ? "column\(i)" : name
            if let first = names.firstIndex(of: finalName) {
                fail(.duplicateColumnName(at: position(field: i), name: finalName, firstIndex: first))
                return
            }
            names.append(finalName)
        }
        header = names
        headerLineText = currentLineText()
        textRow.removeAll()
        phase = .sampling
    }

    // MARK: - Positions

    /// Line and column of field `k` of the current row. The column is found by re-scanning the
    /// line's bytes (only on error, so the fast path keeps no offsets); it is nil for a row that
    /// spans several lines or a line too long to keep.
    func position(field k: Int) -> SourcePosition {
        SourcePosition(file: file, line: line,
                       column: rowStartLine == line && lineBytesComplete ? RowAssembler.column(ofField: k, in: currentLineText(), delimiter: delimiter) : nil)
    }

    /// The current line's bytes fed so far, this segment included.
    func currentLineText() -> [UInt8] { lineBytes + Array(segment) }

    var delimiter: UInt8 = 0x2C

    /// 1-based character column where field `k` starts in `line`, honouring quotes; for the
    /// field just past the last one (a short row), the column after the line's last character.
    static func column(ofField k: Int, in line: [UInt8], delimiter: UInt8) -> Int? {
        var field = 0, inQuotes = false, characters = 0
        var end = line.count
        while end > 0 && (line[end - 1] == 0x0A || line[end - 1] == 0x0D) { end -= 1 }
        for b in line[..<end] {
            if field == k { return characters + 1 }
            if b & 0xC0 != 0x80 { characters += 1 }
            if b == 0x22 { inQuotes.toggle() } else if b == delimiter && !inQuotes { field += 1 }
        }
        return field == k || field == k - 1 ? characters + 1 : nil
    }
}

import Foundation
