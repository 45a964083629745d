#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CLibCSV
import TimeFrames

/// Reads a CSV file into a ``TimeFrame``: the entry point of ingestion.
///
/// The file is streamed through libcsv in chunks of `options.chunkSize` bytes; numbers and
/// timestamps are parsed straight from libcsv's field bytes into per-series columns, so memory
/// grows with the parsed values, not with the file text.
public enum CSVFrameReader {
    /// Reads the file at `path` (`-` reads standard input).
    ///
    /// - Parameters:
    ///   - path: a file path, or `-` for stdin.
    ///   - options: column choices, delimiter, timestamp form, fill, duplicates, resampling.
    /// - Returns: the frame (every series regular, sorted, filled) and a report of what was done.
    /// - Throws: ``CSVError``, naming the file with line and column, or the option at fault.
    public static func read(path: String, options: CSVReadOptions = CSVReadOptions()) throws -> IngestResult {
        try validate(options)
        if path == "-" { return try read(file: stdin, name: "<stdin>", options: options) }
        guard let f = fopen(path, "rb") else {
            throw CSVError.cannotOpen(file: path, reason: String(cString: strerror(errno)))
        }
        defer { fclose(f) }
        // fopen succeeds on a folder; reading it would fail later as an I/O error.
        var status = stat()
        if fstat(fileno(f), &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR {
            throw CSVError.cannotOpen(file: path, reason: "it is a directory, not a CSV file")
        }
        return try read(file: f, name: path, options: options)
    }

    /// Reads CSV text held in memory; `name` is used in messages. Same rules as ``read(path:options:)``.
    public static func read(bytes: [UInt8], name: String, options: CSVReadOptions = CSVReadOptions()) throws -> IngestResult {
        try validate(options)
        var source = MemorySource(bytes: bytes)
        return try read(source: &source, name: name, options: options)
    }

    static func read(file: UnsafeMutablePointer<FILE>, name: String, options: CSVReadOptions) throws -> IngestResult {
        var source = FileSource(file: file, name: name)
        return try read(source: &source, name: name, options: options)
    }

    static func validate(_ options: CSVReadOptions) throws {
        guard options.chunkSize >= 1 else {
            throw CSVError.invalidOption(option: "chunkSize", value: "\(options.chunkSize)", expected: "at least 1 byte")
        }
        if let d = options.delimiter, d == 0x22 || d == 0x0A || d == 0x0D || d >= 0x80 {
            throw CSVError.invalidOption(option: "--delimiter", value: String(UnicodeScalar(d)),
                                         expected: "one ASCII character other than a quote or a line break, e.g. , ; | or tab")
        }
        if let f = options.timeFormat { _ = try TimeFormat(f) }
    }
}

/// Where bytes come from; lets tests and stdin share the streaming code.
protocol ByteSource {
    /// Fills `buffer` with up to `count` bytes; returns 0 at the end.
    mutating func read(into buffer: UnsafeMutableRawPointer, count: Int) throws -> Int
}

struct FileSource: ByteSource {
    let file: UnsafeMutablePointer<FILE>
    let name: String
    mutating func read(into buffer: UnsafeMutableRawPointer, count: Int) throws -> Int {
        let n = fread(buffer, 1, count, file)
        if n == 0 && ferror(file) != 0 { throw CSVError.readFailed(file: name, reason: String(cString: strerror(errno))) }
        return n
    }
}

struct MemorySource: ByteSource {
    let bytes: [UInt8]
    var offset = 0
    mutating func read(into buffer: UnsafeMutableRawPointer, count: Int) throws -> Int {
        let n = min(count, bytes.count - offset)
        if n > 0 { bytes.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress! + offset, byteCount: n) } }
        offset += n
        return n
    }
}
