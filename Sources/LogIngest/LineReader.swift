import Foundation

/// Reads a file (or stdin for `-`) in 64 KiB chunks and hands out lines without their newline;
/// invalid UTF-8 bytes become U+FFFD rather than failing the line.
enum LineReader {
    static let chunkSize = 1 << 16

    static func forEachLine(path: String, _ body: (String) throws -> Void) throws {
        let handle: FileHandle
        if path == "-" {
            handle = FileHandle.standardInput
        } else {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw LogIngestError.cannotRead(source: path, reason: "no such file")
            }
            guard !isDirectory.boolValue else { throw LogIngestError.cannotRead(source: path, reason: "is a directory") }
            guard let h = FileHandle(forReadingAtPath: path) else {
                throw LogIngestError.cannotRead(source: path, reason: "permission denied")
            }
            handle = h
        }
        defer { if path != "-" { try? handle.close() } }
        var pending: [UInt8] = []
        while true {
            let chunk: Data
            do { chunk = try handle.read(upToCount: chunkSize) ?? Data() } catch {
                throw LogIngestError.cannotRead(source: path, reason: "\(error.localizedDescription)")
            }
            if chunk.isEmpty { break }
            var lineStart = pending.count
            pending.append(contentsOf: chunk)
            var searchFrom = lineStart
            lineStart = 0
            while let newline = pending[searchFrom...].firstIndex(of: 10) {
                try body(String(decoding: pending[lineStart..<newline], as: UTF8.self))
                lineStart = newline + 1
                searchFrom = lineStart
            }
            pending.removeFirst(lineStart)
        }
        if !pending.isEmpty { try body(String(decoding: pending, as: UTF8.self)) }
    }
}
