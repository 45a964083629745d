#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a command's result to standard output and fails loudly when it could not be written
/// (a full disk, a closed pipe): a forecast that silently went nowhere must not exit 0.
enum StandardOutput {
    struct WriteError: Error, CustomStringConvertible {
        var reason: String
        var description: String { "cannot write the result to standard output: \(reason)" }
    }

    static func write(_ text: String) throws {
        errno = 0
        let failed = fputs(text, stdout) == EOF || fflush(stdout) != 0 || ferror(stdout) != 0
        if failed { throw WriteError(reason: String(cString: strerror(errno == 0 ? EIO : errno))) }
    }

    /// Writes `text` where no error can be thrown (an output callback, line by line): when standard
    /// output is gone, says so and ends the process with ``ExitStatus/ioError`` (74), as a failed
    /// ``write(_:)`` would.
    static func emit(_ text: String) {
        do {
            try write(text)
        } catch {
            fputs("Error: \(error)\n", stderr)
            exit(ExitStatus.ioError.rawValue)
        }
    }
}
