// swift-tools-version:6.0
// Targets are listed in the order data flows through them:
// CSV/log text → TimeFrames → Windowing → network → forecasts → backtests, anomalies.
// A module imports only modules listed above it (see docs/architecture.md).
import PackageDescription

/// Release builds of the numeric kernels skip exclusivity checks; correctness is covered by the
/// debug-mode test suite, which keeps them.
let kernelSettings: [SwiftSetting] = [
    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
]

/// The matrix and layer kernels are optimised in debug builds too: unoptimised Swift runs their
/// numeric loops ~50× slower, which would make the debug test suite (gradient checks) crawl.
#if arch(x86_64)
/// AVX2 and FMA (every x86-64 server CPU since 2013): the gate kernels' 8-lane Float vectors then
/// compile to single instructions instead of SSE pairs.
let vectorFlags = ["-Xcc", "-mavx2", "-Xcc", "-mfma"]
#else
let vectorFlags: [String] = []
#endif
let layerKernelSettings: [SwiftSetting] = kernelSettings + [
    .unsafeFlags(["-O"], .when(configuration: .debug)),
    .unsafeFlags(vectorFlags),
]

let package = Package(
    name: "forecast",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "forecast", targets: ["forecast"]),
        .library(name: "ForecastKit", targets: [
            "TimeFrames", "CSVIngest", "LogIngest", "SampleData", "Windowing", "MatrixKernels",
            "RecurrentLayers", "Training", "ForecastMetrics", "Baselines", "ModelFiles", "Forecasting",
            "Backtesting", "AnomalyDetection",
        ]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // MARK: - C libraries (system)
        .systemLibrary(name: "CLibCSV", providers: [.apt(["libcsv-dev"]), .brew(["libcsv"])]),
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        /// AVX-512 time-loop kernels of the recurrent layers (used only when the CPU has AVX-512).
        .target(name: "CRecurrentKernels", cSettings: [.unsafeFlags(["-O3"])]),

        // MARK: - Data in
        .target(name: "TimeFrames"),
        .target(name: "CSVIngest", dependencies: ["CLibCSV", "TimeFrames"], exclude: ["README.md"], swiftSettings: kernelSettings),
        .target(name: "LogIngest", dependencies: ["TimeFrames", "CSVIngest"], exclude: ["README.md"]),
        .target(name: "SampleData", dependencies: ["TimeFrames"]),

        // MARK: - Windows and the network
        .target(name: "Windowing", dependencies: ["TimeFrames"], exclude: ["README.md"]),
        .target(
            name: "MatrixKernels",
            dependencies: [.target(name: "CBLAS", condition: .when(platforms: [.linux])), "CRecurrentKernels"],
            swiftSettings: layerKernelSettings),
        .target(name: "RecurrentLayers", dependencies: ["MatrixKernels", "CRecurrentKernels"], exclude: ["README.md"], swiftSettings: layerKernelSettings),
        .target(name: "Training", dependencies: ["RecurrentLayers", "MatrixKernels", "CRecurrentKernels"], exclude: ["README.md"], swiftSettings: kernelSettings),

        // MARK: - Forecasts, evaluation, anomalies
        .target(name: "ForecastMetrics", exclude: ["README.md"]),
        .target(name: "Baselines", dependencies: ["TimeFrames", "ForecastMetrics"], exclude: ["README.md"]),
        .target(name: "ModelFiles", exclude: ["README.md"]),
        .target(name: "Forecasting", dependencies: [
            "TimeFrames", "Windowing", "MatrixKernels", "RecurrentLayers", "Training", "ForecastMetrics", "Baselines", "ModelFiles",
        ]),
        .target(name: "Backtesting", dependencies: [
            "TimeFrames", "Forecasting", "Baselines", "ForecastMetrics",
        ], exclude: ["README.md"]),
        .target(name: "AnomalyDetection", dependencies: [
            "TimeFrames", "CSVIngest", "Forecasting", "ForecastMetrics", "Windowing",
        ], exclude: ["README.md"]),

        // MARK: - Executables
        .executableTarget(name: "forecast", dependencies: [
            "TimeFrames", "CSVIngest", "LogIngest", "SampleData", "Windowing", "Forecasting",
            "Backtesting", "AnomalyDetection", "ModelFiles", "MatrixKernels", "Training", "Baselines", "ForecastMetrics",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "forecast-bench", dependencies: [
            "TimeFrames", "CSVIngest", "LogIngest", "SampleData", "Windowing", "MatrixKernels", "RecurrentLayers",
            "Training", "Baselines", "Forecasting", "AnomalyDetection", "ModelFiles",
        ], swiftSettings: kernelSettings),

        // MARK: - Test support (not API)
        .target(name: "_TestSupport", dependencies: ["TimeFrames"]),

        // MARK: - Unit test bundles
        .testTarget(name: "TimeFramesTests", dependencies: ["TimeFrames", "_TestSupport"]),
        .testTarget(name: "CSVIngestTests", dependencies: ["CSVIngest", "TimeFrames", "_TestSupport"]),
        .testTarget(name: "LogIngestTests", dependencies: ["LogIngest", "_TestSupport"]),
        .testTarget(name: "SampleDataTests", dependencies: ["SampleData", "CSVIngest", "LogIngest", "_TestSupport"]),
        .testTarget(name: "WindowingTests", dependencies: ["Windowing", "CSVIngest", "_TestSupport"]),
        .testTarget(name: "MatrixKernelsTests", dependencies: ["MatrixKernels", "_TestSupport"]),
        .testTarget(name: "RecurrentLayersTests", dependencies: ["RecurrentLayers", "MatrixKernels", "_TestSupport"]),
        .testTarget(name: "TrainingTests", dependencies: ["Training", "RecurrentLayers", "_TestSupport"]),
        .testTarget(name: "ForecastMetricsTests", dependencies: ["ForecastMetrics", "_TestSupport"]),
        .testTarget(name: "BaselinesTests", dependencies: ["Baselines", "_TestSupport"]),
        .testTarget(name: "ModelFilesTests", dependencies: ["ModelFiles", "_TestSupport"]),
        .testTarget(name: "ForecastingTests", dependencies: ["Forecasting", "CSVIngest", "_TestSupport"]),
        .testTarget(name: "BacktestingTests", dependencies: ["Backtesting", "Forecasting", "CSVIngest", "_TestSupport"]),
        .testTarget(name: "AnomalyDetectionTests", dependencies: ["AnomalyDetection", "CSVIngest", "_TestSupport"]),
        .testTarget(name: "ForecastCLITests", dependencies: ["_TestSupport"]),
    ],
    swiftLanguageModes: [.v5]
)
