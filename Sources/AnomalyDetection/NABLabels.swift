import CSVIngest
import Foundation
import TimeFrames

/// Errors reading NAB data and label files, with the file and what was wrong.
public enum NABError: Error, CustomStringConvertible, Equatable {
    case unreadable(path: String, reason: String)
    case malformedLabels(path: String, detail: String)
    case malformedRow(path: String, line: Int, text: String, expected: String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason): return "\(path): cannot read: \(reason)"
        case let .malformedLabels(path, detail): return "\(path): not a NAB label-window file: \(detail)"
        case let .malformedRow(path, line, text, expected):
            return "\(path):\(line): cannot read '\(text)': expected \(expected)"
        }
    }

    /// Why `url` could not be read, in words a person acts on (Foundation's own message is
    /// "The operation could not be completed").
    static func reason(_ url: URL, _ error: Error) -> String {
        let files = FileManager.default
        var isDirectory: ObjCBool = false
        if !files.fileExists(atPath: url.path, isDirectory: &isDirectory) { return "no such file" }
        if isDirectory.boolValue { return "it is a directory" }
        if !files.isReadableFile(atPath: url.path) { return "permission denied" }
        return "not valid UTF-8 text, or unreadable"
    }
}

/// One labelled anomaly window, inclusive at both ends.
public struct NABWindow: Sendable, Equatable {
    public var start: EpochMilliseconds
    public var end: EpochMilliseconds
    public init(start: EpochMilliseconds, end: EpochMilliseconds) {
        self.start = start
        self.end = end
    }
}

/// NAB's label windows (`labels/combined_windows.json`): for each data file, keyed by its path
/// relative to NAB's data folder (`realTraffic/speed_7578.csv`), its anomaly windows.
public struct NABLabelWindows: Sendable {
    public var windowsByFile: [String: [NABWindow]]

    public init(windowsByFile: [String: [NABWindow]]) { self.windowsByFile = windowsByFile }

    /// Reads a label-window JSON file.
    /// - Throws: `NABError` when the file cannot be read or is not `{ "file": [[start, end], …] }`.
    public init(contentsOf url: URL) throws {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw NABError.unreadable(path: url.path, reason: NABError.reason(url, error))
        }
        guard let object = try? JSONSerialization.jsonObject(with: data), let top = object as? [String: Any] else {
            throw NABError.malformedLabels(path: url.path, detail: "the top level must be an object keyed by file")
        }
        var result: [String: [NABWindow]] = [:]
        for (file, value) in top {
            guard let pairs = value as? [Any] else {
                throw NABError.malformedLabels(path: url.path, detail: "\"\(file)\" must map to a list of [start, end] pairs")
            }
            result[file] = try pairs.map { pair in
                guard let limits = pair as? [String], limits.count == 2,
                      let start = ISO8601Timestamp.parse(limits[0]), let end = ISO8601Timestamp.parse(limits[1]), start <= end else {
                    throw NABError.malformedLabels(path: url.path,
                        detail: "\"\(file)\": \(pair) is not a pair of timestamps \"YYYY-MM-DD HH:MM:SS[.ffffff]\" in order")
                }
                return NABWindow(start: start, end: end)
            }.sorted { $0.start < $1.start }
        }
        windowsByFile = result
    }

    /// Windows for `file`, matched on the whole key or, failing that, on the file name alone.
    public func windows(for file: String) -> [NABWindow]? {
        if let w = windowsByFile[file] { return w }
        let name = (file as NSString).lastPathComponent
        let matches = windowsByFile.filter { ($0.key as NSString).lastPathComponent == name }
        return matches.count == 1 ? matches.first?.value : nil
    }
}

/// A NAB data file (`timestamp,value`), read row for row: NAB scores row indices, so rows are
/// kept exactly as in the file (irregular steps and gaps included) rather than regularised as
/// `CSVIngest` does for forecasting.
public struct NABDataFile: Sendable {
    public var timestamps: [EpochMilliseconds]
    public var values: [Double]

    /// - Throws: `NABError` for an unreadable file or a row that is not `timestamp,value`.
    public init(contentsOf url: URL) throws {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw NABError.unreadable(path: url.path, reason: NABError.reason(url, error))
        }
        var timestamps: [EpochMilliseconds] = [], values: [Double] = []
        for (number, line) in text.split(whereSeparator: \.isNewline).enumerated() where number > 0 {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == 2, let t = ISO8601Timestamp.parse(String(fields[0])),
                  let v = Double(fields[1].trimmingCharacters(in: .whitespaces)) else {
                throw NABError.malformedRow(path: url.path, line: number + 1, text: String(line),
                                            expected: "timestamp,value with YYYY-MM-DD HH:MM:SS and a number")
            }
            timestamps.append(t)
            values.append(v)
        }
        self.timestamps = timestamps
        self.values = values
    }
}
