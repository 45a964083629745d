#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CLibCSV
import TimeFrames

private let onField: @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeMutableRawPointer?) -> Void = { bytes, count, ctx in
    Unmanaged<RowAssembler>.fromOpaque(ctx.unsafelyUnwrapped)._withUnsafeGuaranteedRef { $0.field(bytes, count) }
}
private let onRow: @convention(c) (Int32, UnsafeMutableRawPointer?) -> Void = { _, ctx in
    Unmanaged<RowAssembler>.fromOpaque(ctx.unsafelyUnwrapped)._withUnsafeGuaranteedRef { $0.row() }
}

/// Feeds libcsv one physical line at a time, so that every callback knows its line number and
/// a parse error's byte index becomes a column.
final class LibCSVFeeder {
    let parser = UnsafeMutablePointer<csv_parser>.allocate(capacity: 1)
    let sink: RowAssembler
    let maxFieldBytes: Int
    /// Line on which the row being parsed began (for a field too long).
    var openRowLine = 1
    /// Where a quoted field that runs past the end of a line started, and that line's text, so
    /// that an unterminated quote can be pointed at. Only multi-line fields pay for this copy.
    var openQuoteLine: Int?
    var openQuoteText: [UInt8] = []
    private var initialized = false
    /// Physical lines longer than this keep no copy for column numbers.
    let maxKeptLine = 16 * 1024

    let delimiter: UInt8
    /// Whether plain lines bypass libcsv (see ``splitPlainLine(_:_:)``); off only in tests.
    let fastPath: Bool

    init(sink: RowAssembler, delimiter: UInt8, maxFieldBytes: Int, fastPath: Bool) throws {
        self.sink = sink
        self.maxFieldBytes = maxFieldBytes
        self.delimiter = delimiter
        self.fastPath = fastPath
        guard csv_init(parser, UInt8(CSV_STRICT | CSV_STRICT_FINI | CSV_EMPTY_IS_NULL)) == 0 else {
            parser.deallocate()
            throw CSVError.readFailed(file: sink.file, reason: "libcsv could not be initialised")
        }
        initialized = true
        csv_set_delim(parser, delimiter)
        sink.delimiter = delimiter
    }

    deinit {
        if initialized { csv_free(parser) }
        parser.deallocate()
    }

    /// Feeds `count` bytes; throws the first error found in them.
    func feed(_ base: UnsafePointer<UInt8>, _ count: Int) throws {
        let ctx = Unmanaged.passUnretained(sink).toOpaque()
        let nul = memchr(base, 0, count).map { UnsafeRawPointer(base).distance(to: UnsafeRawPointer($0)) }
        let limit = nul ?? count
        var pos = 0
        while pos < limit {
            let rest = limit - pos
            let lf = memchr(base + pos, 0x0A, rest)
            let length = lf.map { UnsafeRawPointer(base + pos).distance(to: UnsafeRawPointer($0)) + 1 } ?? rest
            let rowNotBegun = parser.pointee.pstate == 0
            if rowNotBegun { openRowLine = sink.line; sink.rowStartLine = sink.line }
            sink.segment = UnsafeRawBufferPointer(start: base + pos, count: length)
            // A whole line with no quote and no carriage return before its end is split here with
            // memchr-speed scanning; libcsv would produce exactly the same fields (the tests read
            // every fixture both ways, at every chunk size). Anything else goes to libcsv.
            if rowNotBegun && lf != nil && fastPath && splitPlainLine(base + pos, length) {
                if sink.failed, let e = sink.error { throw e }
                sink.line += 1
                sink.lineBytes.removeAll(keepingCapacity: true)
                sink.lineBytesComplete = true
                sink.segment = UnsafeRawBufferPointer(start: nil, count: 0)
                pos += length
                continue
            }
            let used = csv_parse(parser, base + pos, length, onField, onRow, ctx)
            if let e = sink.error { throw e }
            if used != length {
                if csv_error(parser) == CSV_EPARSE {
                    let before = sink.lineBytesComplete ? sink.lineBytes + Array(UnsafeRawBufferPointer(start: base + pos, count: used)) : []
                    let column = sink.lineBytesComplete ? before.reduce(1) { $0 + ($1 & 0xC0 != 0x80 ? 1 : 0) } : nil
                    throw CSVError.malformedQuote(at: SourcePosition(file: sink.file, line: sink.line, column: column))
                }
                throw CSVError.readFailed(file: sink.file, reason: String(cString: csv_strerror(csv_error(parser))))
            }
            if parser.pointee.entry_pos > maxFieldBytes {
                throw CSVError.fieldTooLong(at: SourcePosition(file: sink.file, line: openRowLine, column: nil), limit: maxFieldBytes)
            }
            // pstate 2 = FIELD_BEGUN: still inside a quoted field at the end of this line.
            if parser.pointee.pstate == 2 && parser.pointee.quoted != 0 {
                if openQuoteLine == nil && lf != nil {
                    openQuoteLine = sink.line
                    openQuoteText = sink.lineBytesComplete ? sink.lineBytes + Array(UnsafeRawBufferPointer(start: base + pos, count: length)) : []
                }
            } else { openQuoteLine = nil }
            if lf != nil {
                sink.line += 1
                sink.lineBytes.removeAll(keepingCapacity: true)
                sink.lineBytesComplete = true
            } else if sink.lineBytesComplete {
                if sink.lineBytes.count + length <= maxKeptLine {
                    sink.lineBytes.append(contentsOf: UnsafeBufferPointer(start: base + pos, count: length))
                } else { sink.lineBytesComplete = false; sink.lineBytes.removeAll() }
            }
            sink.segment = UnsafeRawBufferPointer(start: nil, count: 0)
            pos += length
        }
        if nul != nil {
            let column = sink.lineBytesComplete ? sink.lineBytes.reduce(1) { $0 + ($1 & 0xC0 != 0x80 ? 1 : 0) } : nil
            throw CSVError.binaryData(at: SourcePosition(file: sink.file, line: sink.line, column: column))
        }
    }

    /// Splits one complete line (ending in LF) into fields and hands them to the sink, as
    /// libcsv would with `CSV_STRICT | CSV_EMPTY_IS_NULL`: spaces and tabs around a field are
    /// trimmed, an empty field is nil, a line of only blanks is skipped. Returns false, having
    /// done nothing, when the line holds a quote or a carriage return other than before the LF.
    @inline(__always)
    func splitPlainLine(_ line: UnsafePointer<UInt8>, _ length: Int) -> Bool {
        var end = length - 1                       // drop the LF
        if end > 0 && line[end - 1] == 0x0D { end -= 1 }
        if end > 0 && (memchr(line, 0x22, end) != nil || memchr(line, 0x0D, end) != nil) { return false }
        let delimiter = self.delimiter
        let spaceIsBlank = delimiter != 0x20, tabIsBlank = delimiter != 0x09
        @inline(__always) func isBlank(_ b: UInt8) -> Bool { (b == 0x20 && spaceIsBlank) || (b == 0x09 && tabIsBlank) }
        var i = 0
        while i < end && isBlank(line[i]) { i += 1 }
        if i == end { return true }                // blank line: no row, as in libcsv
        let sink = self.sink
        var start = 0
        while true {
            var stop = start
            while stop < end && line[stop] != delimiter { stop += 1 }
            var a = start, b = stop
            while a < b && isBlank(line[a]) { a += 1 }
            while b > a && isBlank(line[b - 1]) { b -= 1 }
            if b - a > maxFieldBytes { sink.fail(.fieldTooLong(at: SourcePosition(file: sink.file, line: sink.line, column: nil), limit: maxFieldBytes)); return true }
            sink.field(a == b ? nil : UnsafeMutableRawPointer(mutating: line + a), b - a)
            if stop >= end { break }
            start = stop + 1
        }
        sink.row()
        return true
    }

    /// Flushes the last row; an open quote at the end of input is an error.
    func finish() throws {
        let ctx = Unmanaged.passUnretained(sink).toOpaque()
        if csv_fini(parser, onField, onRow, ctx) != 0 {
            let (line, text) = openQuoteLine.map { ($0, openQuoteText) } ?? (sink.line, sink.lineBytesComplete ? sink.lineBytes : [])
            throw CSVError.unterminatedQuote(at: SourcePosition(file: sink.file, line: line, column: LibCSVFeeder.openingQuoteColumn(text)))
        }
        if let e = sink.error { throw e }
    }
}

extension LibCSVFeeder {
    /// Column of the quote that is still open at the end of `line`, if any.
    static func openingQuoteColumn(_ line: [UInt8]) -> Int? {
        var inQuotes = false, characters = 0, openedAt: Int? = nil
        for b in line {
            if b & 0xC0 != 0x80 { characters += 1 }
            if b == 0x22 { inQuotes.toggle(); if inQuotes { openedAt = characters } }
        }
        return inQuotes ? openedAt : nil
    }

    /// Line and column of byte `offset` in `bytes`.
    static func position(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        var line = 1, column = 1
        for b in bytes[..<offset] {
            if b == 0x0A { line += 1; column = 1 } else if b & 0xC0 != 0x80 { column += 1 }
        }
        return (line, column)
    }
}

extension CSVFrameReader {
    /// Bytes read before any parsing, for the byte-order mark and delimiter detection.
    static let detectionPrefix = 64 * 1024

    static func read<S: ByteSource>(source: inout S, name: String, options: CSVReadOptions) throws -> IngestResult {
        let sink = RowAssembler(file: name, options: options)
        let chunkSize = options.chunkSize
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        var bytesRead = 0

        // The prefix is read in chunkSize pieces and fed in chunkSize pieces too, so that the
        // chunk size really is what libcsv sees.
        var prefix: [UInt8] = []
        var atEnd = false
        while prefix.count < detectionPrefix {
            let n = try source.read(into: buffer, count: chunkSize)
            if n == 0 { atEnd = true; break }
            prefix.append(contentsOf: UnsafeRawBufferPointer(start: buffer, count: n))
        }
        bytesRead += prefix.count
        // A NUL byte in the first 64 KiB: a binary file. Say so before libcsv trips on its bytes.
        if let nul = prefix.firstIndex(of: 0) {
            let (line, column) = LibCSVFeeder.position(of: nul, in: prefix)
            throw CSVError.binaryData(at: SourcePosition(file: name, line: line, column: column))
        }
        let hadBOM = prefix.starts(with: [0xEF, 0xBB, 0xBF])
        let start = hadBOM ? 3 : 0
        let delimiter = options.delimiter ?? prefix.withUnsafeBytes { DelimiterDetection.detect(UnsafeRawBufferPointer(rebasing: $0[start...])) }
        let feeder = try LibCSVFeeder(sink: sink, delimiter: delimiter, maxFieldBytes: options.maxFieldBytes,
                                      fastPath: options.plainLineFastPath)
        try prefix.withUnsafeBufferPointer { p in
            var pos = start
            while pos < p.count {
                let n = min(chunkSize, p.count - pos)
                try feeder.feed(p.baseAddress! + pos, n)
                pos += n
            }
        }
        prefix = []
        while !atEnd {
            let n = try source.read(into: buffer, count: chunkSize)
            if n == 0 { break }
            bytesRead += n
            try feeder.feed(buffer.assumingMemoryBound(to: UInt8.self), n)
        }
        try feeder.finish()

        switch sink.phase {
        case .header: throw CSVError.emptyFile(file: name)
        case .sampling:
            if sink.samples.isEmpty {
                if sink.header.count == 1 { throw singleColumnError(sink, delimiter: delimiter, explicit: options.delimiter != nil) }
                throw CSVError.headerOnly(file: name)
            }
            if sink.header.count == 1 { throw singleColumnError(sink, delimiter: delimiter, explicit: options.delimiter != nil) }
            sink.startTypedPhase()
            if let e = sink.error { throw e }
        case .typed: break
        }
        let layout = CSVLayout(delimiter: DelimiterDetection.plainName(delimiter), header: sink.header,
                               timestampForm: sink.timeForm.name, hadByteOrderMark: hadBOM)
        return try buildResult(sink, bytesRead: bytesRead, layout: layout)
    }

    static func singleColumnError(_ sink: RowAssembler, delimiter: UInt8, explicit: Bool) -> CSVError {
        let others = DelimiterDetection.candidates.filter { $0 != delimiter && sink.headerLineText.contains($0) }
        let hint = others.first.map { "the header contains \(DelimiterDetection.name($0)); pass --delimiter \(DelimiterDetection.name($0))" }
            ?? "expected at least a time column and a value column"
        return .singleColumn(file: sink.file, delimiter: DelimiterDetection.name(delimiter) + (explicit ? " (--delimiter)" : ""), hint: hint)
    }
}
