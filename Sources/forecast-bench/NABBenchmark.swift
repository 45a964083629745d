// `forecast-bench nab`: runs `forecast detect`'s default configuration over every NAB file in a
// folder and prints NAB scores (per file, and normalised totals) as the Markdown table kept in
// docs/anomaly-detection.md. Options override the defaults to explore, never per file.
import AnomalyDetection
import Forecasting
import Foundation

enum NABBenchmark {
    static let summary = "NAB scores of the default detector over a NAB folder (default ../shared/data/nab)"

    static func run(_ arguments: [String]) throws {
        var folder = URL(fileURLWithPath: "../shared/data/nab")
        var predictor = PredictorChoice.auto
        var settings = DetectorSettings()
        var perFile = false
        var half: Int?
        var fit = false
        var fitSettings = RecurrentFitSettings()
        var dump: URL?
        var digits = 1
        var it = arguments.makeIterator()
        func value(_ option: String) throws -> String {
            guard let v = it.next() else { throw BenchError.usage("\(option) needs a value") }
            return v
        }
        func number(_ option: String) throws -> Double {
            let text = try value(option)
            guard let v = Double(text) else { throw BenchError.usage("\(option): '\(text)' is not a number") }
            return v
        }
        while let argument = it.next() {
            switch argument {
            case "--data": folder = URL(fileURLWithPath: try value(argument))
            case "--predictor":
                let text = try value(argument)
                guard let p = PredictorChoice(parsing: text) else { throw BenchError.usage("--predictor: '\(text)' unknown") }
                predictor = p
            case "--scorer":
                let text = try value(argument)
                guard let k = ScorerKind(rawValue: text) else { throw BenchError.usage("--scorer: '\(text)' unknown") }
                settings.scorer = k
            case "--threshold": settings.threshold = try number(argument)
            case "--window": settings.scoreWindow = Int(try number(argument))
            case "--gap": settings.eventGap = Int(try number(argument))
            case "--release": settings.releaseRatio = try number(argument)
            case "--novelty": settings.noveltyMargin = try number(argument)
            case "--floor-skips-warmup": settings.floorSkipsWarmup = true
            case "--floor-includes-warmup": settings.floorSkipsWarmup = false
            case "--tail-with-floor": settings.tailWithoutFloor = false
            case "--cal-max-floorless": settings.calibrationMaximumWithoutFloor = true
            case "--spans": settings.spans = try value(argument).split(separator: ",").compactMap { Int($0) }
            case "--level": settings.levelSpan = Int(try number(argument))
            case "--level-residuals": settings.levelOnValues = false
            case "--vol": settings.volatilitySpans = try value(argument).split(separator: ",").compactMap { Int($0) }
            case "--cal-margin": settings.calibrationMargin = try number(argument)
            case "--cal-cap": settings.calibrationCap = try number(argument)
            case "--tail-q": settings.tailQuantile = try number(argument)
            case "--tail-cap": settings.tailCap = try number(argument)
            case "--tail-channels": settings.tailChannels = Int(try number(argument))
            case "--idle": settings.idleRunMinimum = Int(try number(argument))
            case "--sustain": settings.sustainedRows = Int(try number(argument))
            case "--cal-start": settings.calibrationStart = try number(argument)
            case "--shape": settings.shapeLength = Int(try number(argument))
            case "--shape-segments": settings.shapeSegments = Int(try number(argument))
            case "--shape-history": settings.shapeHistory = Int(try number(argument))
            case "--shape-centred": settings.shapeCentred = true
            case "--shape-floor": settings.shapeFloorWindow = Int(try number(argument))
            case "--shape-margin": settings.shapeMargin = try number(argument)
            case "--escalation": settings.escalation = try number(argument)
            case "--shifts": settings.seasonalShifts = Int(try number(argument))
            case "--shift-gate": settings.seasonalShiftGate = try number(argument)
            case "--absence": settings.absenceMargin = try number(argument)
            case "--absence-z": settings.absenceBurstScore = try number(argument)
            case "--absence-once": settings.absenceFirstRowOnly = true
            case "--absence-every-row": settings.absenceFirstRowOnly = false
            case "--absence-bursts": settings.absenceMinimumBursts = Int(try number(argument))
            case "--shift-history-plain": settings.shiftHistoryPlain = true
            case "--shift-history-shifted": settings.shiftHistoryPlain = false
            case "--flag-memory": settings.seasonRemembersExpected = true
            case "--half":
                let text = try value(argument)
                guard let h = Int(text), (0...1).contains(h) else { throw BenchError.usage("--half: expected 0 or 1, got '\(text)'") }
                half = h
            case "--zero-drop": settings.zeroDropEvidence = try number(argument)
            case "--fit": fit = true
            case "--fit-window": fit = true; fitSettings.path = .window
            case "--fit-method":
                let text = try value(argument)
                guard let m = StreamingConfiguration.Method(rawValue: text) else { throw BenchError.usage("--fit-method: '\(text)' unknown") }
                fit = true; fitSettings.streaming.method = m
            case "--fit-chunk": fitSettings.streaming.chunk = Int(try number(argument))
            case "--fit-diff": fit = true; fitSettings.streaming.differenced = true
            case "--fit-burn-in": fitSettings.streaming.burnIn = Int(try number(argument))
            case "--fit-epochs": fitSettings.epochs = Int(try number(argument))
            case "--fit-hidden": fitSettings.hidden = Int(try number(argument))
            case "--fit-cell":
                let text = try value(argument)
                guard let c = ForecastCell(rawValue: text) else { throw BenchError.usage("--fit-cell: '\(text)' unknown") }
                fitSettings.cell = c
            case "--per-file": perFile = true
            case "--digits": digits = Int(try number(argument))
            case "--dump": dump = URL(fileURLWithPath: try value(argument))
            default: throw BenchError.usage("unknown option \(argument)")
            }
        }
        let labelsURL = folder.appendingPathComponent("labels/combined_windows.json")
        guard FileManager.default.fileExists(atPath: labelsURL.path) else {
            throw BenchError.usage("no NAB folder at \(folder.path) (expected labels/combined_windows.json); pass --data DIR")
        }
        let labels = try NABLabelWindows(contentsOf: labelsURL)
        if let dump {
            try NABDump.write(folder: folder, labels: labels, predictor: predictor, settings: settings, to: dump)
            return
        }
        let started = Date()
        let result = try NABEvaluation.evaluate(folder: folder, labels: labels, predictor: predictor, settings: settings,
                                                files: half.map { h in { $0 % 2 == h } }, fit: fit, fitSettings: fitSettings)
        let seconds = Date().timeIntervalSince(started)
        if perFile {
            print("| file | rows | predictor | windows | detected | false alerts | raw (standard) |")
            print("|---|---:|---|---:|---:|---:|---:|")
            for f in result.files {
                let s = f.scores[0]
                print("| \(f.file) | \(f.rows) | \(f.predictorName) | \(s.windows) | \(s.detectedWindows) | \(s.falsePositives) | \(fmt(s.raw, 3)) |")
            }
            print("")
        }
        let n = result.normalizedScores
        let m = result.metrics
        print("| detector | standard | reward low FP | reward low FN | precision | recall | F1 | alerts | windows found |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        print("| forecast detect (defaults) | \(fmt(n[0], digits)) | \(fmt(n[1], digits)) | \(fmt(n[2], digits)) | \(fmt(m.precision, 2)) | "
              + "\(fmt(m.recall, 2)) | \(fmt(m.f1, 2)) | \(m.alerts) | \(m.detectedWindows)/\(m.windows) |")
        let quietFiles = result.files.filter { $0.file.hasPrefix("artificialNoAnomaly/") }
        print("\n\(result.files.count) files, \(result.labelledWindows) windows; false alerts on artificialNoAnomaly: "
              + "\(quietFiles.reduce(0) { $0 + $1.scores[0].falsePositives }); \(fmt(seconds, 2)) s")
    }

    static func fmt(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }
}

enum BenchError: Error, CustomStringConvertible {
    case usage(String)
    var description: String {
        switch self { case .usage(let m): return m }
    }
}
