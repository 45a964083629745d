#if canImport(Accelerate)
import Accelerate
#elseif canImport(CBLAS)
import CBLAS
#endif
import CRecurrentKernels
import Foundation

/// A thread count that is not a positive integer.
public struct ThreadCountError: Error, CustomStringConvertible, Equatable {
    /// Where the value came from: an option name or the environment variable.
    public let source: String
    /// The text received.
    public let value: String
    public var description: String {
        "\(source): expected a positive whole number of threads, got '\(value)'"
    }
}

/// How many threads the numeric kernels use: the library's parallel loops (which split a batch
/// across cores) and ``parallelGEMM(_:_:m:n:k:alpha:a:lda:b:ldb:beta:c:ldc:minimumRowsPerPiece:)``,
/// which splits a large product into single-threaded BLAS calls. OpenBLAS's own threads stay at
/// one: they spin-wait between calls, and on these small, frequent products that spinning
/// competed with the library's threads for the same cores (LSTM 128×1 ran slower on 2 threads
/// than on 1 when both kinds were used).
///
/// The count comes from, in order: ``set(_:)``, the environment variable `FORECAST_THREADS`, and
/// the number of active processors. Results are bit-identical run to run for a given count: work
/// is split into the same fixed pieces and reduced in the same order every time. Different
/// counts may differ in the last bits.
///
/// On macOS, Accelerate chooses its own threads; the setting then governs only the library's loops.
public enum ComputeThreads {
    /// The environment variable read at first use.
    public static let environmentVariable = "FORECAST_THREADS"

    private static let lock = NSLock()
    nonisolated(unsafe) private static var current = 0

    /// The thread count in force (reads the environment on first use).
    public static var count: Int {
        configureOnce()
        lock.lock(); defer { lock.unlock() }
        return current
    }

    /// Sets the thread count for the library's loops and parallel GEMMs. Values below 1 are treated as 1.
    public static func set(_ threads: Int) {
        OpenBLASCore.selectOnce()
        lock.lock(); defer { lock.unlock() }
        current = max(1, threads)
        setBLASThreads(current)
        setTeamThreads(current)
    }

    /// Parses a thread count given as text (an option or the environment variable).
    /// - Throws: ``ThreadCountError`` when `text` is not a whole number ≥ 1.
    public static func parse(_ text: String, source: String) throws -> Int {
        guard let n = Int(text.trimmingCharacters(in: .whitespaces)), n >= 1 else {
            throw ThreadCountError(source: source, value: text)
        }
        return n
    }

    /// Reads `FORECAST_THREADS` (an invalid value is ignored: the CLI validates it with
    /// ``parse(_:source:)`` and reports it) and applies the count once per process.
    @inlinable
    public static func configureOnce() { _ = configured }

    @usableFromInline
    static let configured: Void = {
        OpenBLASCore.selectOnce()
        var threads = ProcessInfo.processInfo.activeProcessorCount
        if let text = ProcessInfo.processInfo.environment[environmentVariable],
           let n = try? parse(text, source: environmentVariable) {
            threads = n
        }
        lock.lock(); defer { lock.unlock() }
        if current == 0 {
            current = max(1, threads)
            setBLASThreads(current)
            setTeamThreads(current)
        }
    }()

    /// Keeps OpenBLAS single-threaded (see the type's summary); `n` is the library's count.
    private static func setBLASThreads(_ n: Int) {
        #if !canImport(Accelerate) && canImport(CBLAS)
        openblas_set_num_threads(1)
        #endif
    }

    /// The work team's threads: `n`, but no more than the processors, since its helpers spin between
    /// jobs and a spinning helper without a core of its own would take the caller's. The pieces
    /// are fixed by `n` alone, so results do not depend on this cap.
    private static func setTeamThreads(_ n: Int) {
        rk_work_set_threads(Int32(clamping: min(n, max(1, ProcessInfo.processInfo.activeProcessorCount))))
    }

    /// Runs `body(0..<pieces)` on up to ``count`` threads: the caller and persistent helper
    /// threads (`rk_parallel_for`, CRecurrentKernels/WorkTeam.c) that spin for a millisecond after
    /// each job, so the many short parallel regions of a training step do not each wait for a
    /// thread to wake. Piece `i` always does the same work, so the caller's results do not depend
    /// on scheduling. With one piece or one thread, and for a call made while another is running
    /// (from inside a piece, or from a second thread), the pieces run inline, in order.
    public static func parallelFor(_ pieces: Int, _ body: (Int) -> Void) {
        if pieces <= 1 {
            if pieces == 1 { body(0) }
            return
        }
        configureOnce()
        withoutActuallyEscaping(body) { body in
            var job = body
            withUnsafeMutablePointer(to: &job) { job in
                rk_parallel_for(Int32(clamping: pieces), { context, piece in
                    context!.assumingMemoryBound(to: ((Int) -> Void).self).pointee(Int(piece))
                }, job)
            }
        }
    }

    /// Runs `body`, in which the library's threads each call BLAS on a slice. BLAS is always
    /// single-threaded now (see the type's summary); kept so callers state the intent.
    public static func withSingleThreadedBLAS<R>(_ body: () throws -> R) rethrows -> R {
        try body()
    }
}
