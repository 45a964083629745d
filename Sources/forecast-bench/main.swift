// forecast-bench: speed and memory benchmarks. Build with `-c release`; never part of `swift test`.
// Each benchmark verifies its kernels against a reference before it times them.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Registered benchmarks, by the name given on the command line.
let benchmarks: [(name: String, summary: String, run: ([String]) throws -> Void)] = [
    ("layers", "RecurrentLayers: forward+backward per batch of LSTM/GRU/RNN stacks with a dense head", LayersBenchmark.run),
    ("ett", ETTBenchmark.summary, ETTBenchmark.run),
    ("logs", "LogIngest: count an nginx log per minute (all, --match, --by)", LogIngestBenchmark.run),
    ("nab", NABBenchmark.summary, NABBenchmark.run),
    ("streaming", StreamingBenchmark.summary, StreamingBenchmark.run),
    ("windows", "Windowing: build windows, gather batches; ModelFiles write/read, SHA-256", WindowingBenchmark.run),
    ("recurrent", RecurrentBenchmark.summary, RecurrentBenchmark.run),
    ("ingest", IngestBenchmark.summary, IngestBenchmark.run),
]

let arguments = Array(CommandLine.arguments.dropFirst())
guard let name = arguments.first, let bench = benchmarks.first(where: { $0.name == name }) else {
    print("usage: forecast-bench <name> [options]\n")
    for b in benchmarks { print("  \(b.name + String(repeating: " ", count: max(1, 12 - b.name.count))) \(b.summary)") }
    exit(arguments.isEmpty ? 0 : 2)
}
do {
    try bench.run(Array(arguments.dropFirst()))
} catch {
    fputs("forecast-bench \(name): \(error)\n", stderr)
    exit(1)
}
