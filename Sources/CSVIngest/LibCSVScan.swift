#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CLibCSV

/// libcsv on its own, with callbacks that only count: the floor under any reader built on it.
/// For `forecast-bench ingest` (where the time goes); not used by the reader.
public enum LibCSVScan {
    /// Rows in the file at `path`, parsed by libcsv in `chunkSize` chunks with no-op field callbacks.
    /// - Throws: ``CSVError/cannotOpen(file:reason:)``, or `.malformedQuote` at the byte libcsv refused.
    public static func countRows(path: String, delimiter: UInt8 = 0x2C, chunkSize: Int = 1 << 20) throws -> Int {
        guard let f = fopen(path, "rb") else { throw CSVError.cannotOpen(file: path, reason: String(cString: strerror(errno))) }
        defer { fclose(f) }
        let parser = UnsafeMutablePointer<csv_parser>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard csv_init(parser, UInt8(CSV_STRICT | CSV_STRICT_FINI | CSV_EMPTY_IS_NULL)) == 0 else {
            throw CSVError.readFailed(file: path, reason: "libcsv could not be initialised")
        }
        defer { csv_free(parser) }
        csv_set_delim(parser, delimiter)
        let rows = UnsafeMutablePointer<Int>.allocate(capacity: 1)
        rows.initialize(to: 0)
        defer { rows.deallocate() }
        let onField: @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeMutableRawPointer?) -> Void = { _, _, _ in }
        let onRow: @convention(c) (Int32, UnsafeMutableRawPointer?) -> Void = { _, ctx in
            ctx.unsafelyUnwrapped.assumingMemoryBound(to: Int.self).pointee += 1
        }
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        var offset = 0
        while true {
            let n = fread(buffer, 1, chunkSize, f)
            if n == 0 { break }
            let used = csv_parse(parser, buffer, n, onField, onRow, rows)
            if used != n { throw CSVError.malformedQuote(at: SourcePosition(file: path, line: 0, column: offset + used + 1)) }
            offset += n
        }
        guard csv_fini(parser, onField, onRow, rows) == 0 else {
            throw CSVError.unterminatedQuote(at: SourcePosition(file: path, line: 0, column: nil))
        }
        return rows.pointee
    }
}
