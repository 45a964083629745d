#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file so that readers see either the old file or the complete new one, never half.
///
/// The bytes go to a temporary file in the destination's directory (same file system, so the
/// rename is atomic), which is fsynced, then renamed over the destination; the directory is
/// fsynced too so the rename survives a crash. On any error the temporary file is removed and
/// the destination is left untouched.
struct AtomicFileWriter {
    /// Test hook, called after each chunk with the bytes written so far; throwing simulates a
    /// failure in the middle of a write.
    var afterChunk: ((Int) throws -> Void)?

    /// Writes `chunks` in order to `path`.
    /// - Throws: ``ModelFileError`` `.cannotWrite` with the system's reason.
    func write(_ chunks: [[UInt8]], to path: String) throws {
        try refuseNonRegularFile(path)
        let directory = AtomicFileWriter.directory(of: path)
        let base = path.split(separator: "/").last.map(String.init) ?? path
        let temporary = directory + "/." + base + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { throw failure(path, "cannot create a temporary file in \(directory): \(errnoText())") }
        var closed = false
        do {
            var written = 0
            for chunk in chunks {
                try chunk.withUnsafeBytes { raw in
                    var offset = 0
                    while offset < raw.count {
                        let n = systemWrite(fd, raw.baseAddress! + offset, raw.count - offset)
                        if n < 0 {
                            if errno == EINTR { continue }
                            throw failure(path, errnoText())
                        }
                        offset += n
                    }
                }
                written += chunk.count
                try afterChunk?(written)
            }
            guard fsync(fd) == 0 else { throw failure(path, "fsync: \(errnoText())") }
            closed = true
            guard close(fd) == 0 else { throw failure(path, "close: \(errnoText())") }
            guard rename(temporary, path) == 0 else { throw failure(path, "rename into place: \(errnoText())") }
        } catch {
            if !closed { close(fd) }
            unlink(temporary)
            throw error
        }
        // Persist the rename itself; failure here leaves a complete file, so it is not an error.
        let dirFD = open(directory, O_RDONLY)
        if dirFD >= 0 { _ = fsync(dirFD); close(dirFD) }
    }

    /// Checks, before any long work, that `path` could be written: its directory takes a new file
    /// (created and removed again) and `path` is not a directory.
    /// - Throws: ``ModelFileError`` `.cannotWrite` with the system's reason.
    func checkWritable(_ path: String) throws {
        try refuseNonRegularFile(path)
        let directory = AtomicFileWriter.directory(of: path)
        let probe = directory + "/.forecast-write-check-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(probe, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { throw failure(path, "cannot create a file in \(directory): \(errnoText())") }
        close(fd)
        unlink(probe)
    }

    /// An existing destination must be a regular file: renaming over a directory fails late, and
    /// renaming over a device such as `/dev/full`, a pipe or a socket would replace it.
    private func refuseNonRegularFile(_ path: String) throws {
        var status = stat()
        guard stat(path, &status) == 0 else { return }
        switch status.st_mode & S_IFMT {
        case S_IFREG: return
        case S_IFDIR: throw failure(path, "it is a directory")
        default: throw failure(path, "it is not a regular file (a device, pipe or socket), which writing the file atomically would replace")
        }
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let dir = String(path[..<slash])
        return dir.isEmpty ? "/" : dir
    }

    private func failure(_ path: String, _ reason: String) -> ModelFileError {
        ModelFileError(path: path, .cannotWrite(reason: reason))
    }
}

func errnoText() -> String { String(cString: strerror(errno)) }

@inline(__always) private func systemWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int {
    write(fd, p, n)
}
