import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension LogIngest {
    /// Calls `body` with each line of a file, or of stdin for `-`, as soon as it has been read
    /// (without its `\n`; a `\r` before it is left for ``LogIntervalCounter/feed(_:)`` to drop).
    /// Invalid UTF-8 becomes U+FFFD instead of failing the line.
    ///
    /// Reads with `read(2)` in chunks of up to 64 KiB, which returns whatever a pipe holds, so
    /// `tail -F app.log | forecast detect --log - --follow` sees each line without waiting for a
    /// full buffer. With `idleTimeout` (ms), `onIdle` is called whenever no input came for that
    /// long: the place to call ``LogIntervalCounter/closeIntervals(before:)`` with the clock.
    /// A line longer than ``maxLineBytes`` is passed on cut to that length and the rest of it
    /// skipped, so a binary file cannot exhaust memory.
    ///
    /// - Throws: ``LogIngestError/cannotRead(source:reason:)``, or whatever `body`/`onIdle` throw.
    /// The longest line handed on whole: 1 MiB. Longer ones are cut to this length.
    public static let maxLineBytes = 1 << 20

    public static func forEachLine(path: String, idleTimeout: Int? = nil, onIdle: (() throws -> Void)? = nil,
                                   _ body: (String) throws -> Void) throws {
        let fd: Int32
        if path == "-" {
            fd = 0
        } else {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw LogIngestError.cannotRead(source: path, reason: "no such file")
            }
            guard !isDirectory.boolValue else { throw LogIngestError.cannotRead(source: path, reason: "is a directory") }
            fd = open(path, O_RDONLY)
            guard fd >= 0 else { throw LogIngestError.cannotRead(source: path, reason: String(cString: strerror(errno))) }
        }
        defer { if fd != 0 { close(fd) } }

        let chunkSize = 1 << 16
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        var pending: [UInt8] = []
        var discarding = false
        while true {
            if let idleTimeout {
                var request = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                let ready = poll(&request, 1, Int32(clamping: idleTimeout))
                if ready == 0 { try onIdle?(); continue }
                if ready < 0 && errno == EINTR { continue }
            }
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, chunkSize) }
            if n < 0 {
                if errno == EINTR { continue }
                throw LogIngestError.cannotRead(source: path, reason: String(cString: strerror(errno)))
            }
            if n == 0 { break }
            // Lines end in this chunk; only the unfinished tail is carried to the next one.
            var lineStart = 0
            for i in 0..<n where chunk[i] == 10 {
                if discarding {
                    discarding = false
                } else if pending.isEmpty {
                    try body(String(decoding: chunk[lineStart..<min(i, lineStart + maxLineBytes)], as: UTF8.self))
                } else {
                    pending.append(contentsOf: chunk[lineStart..<min(i, lineStart + maxLineBytes)])
                    try body(String(decoding: pending.prefix(maxLineBytes), as: UTF8.self))
                }
                pending.removeAll(keepingCapacity: true)
                lineStart = i + 1
            }
            if !discarding { pending.append(contentsOf: chunk[lineStart..<n]) }
            // A line longer than maxLineBytes (a binary file, a runaway line) is handed on cut
            // short, once; the rest of it is skipped, so memory stays bounded.
            if pending.count > maxLineBytes {
                try body(String(decoding: pending.prefix(maxLineBytes), as: UTF8.self))
                pending.removeAll(keepingCapacity: false)
                discarding = true
            }
        }
        if !pending.isEmpty && !discarding { try body(String(decoding: pending, as: UTF8.self)) }
    }
}
