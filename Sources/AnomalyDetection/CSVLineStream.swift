import CSVIngest
import Foundation
import TimeFrames

/// A problem in a streamed CSV line, with its line number.
public enum CSVLineStreamError: Error, CustomStringConvertible, Equatable {
    case missingColumn(name: String, header: [String])
    /// No --target and several columns could be it (a file read in batch refuses the same).
    case severalTargets(candidates: [String])
    /// The header is one field holding another delimiter: the stream is comma-separated only.
    case notCommaSeparated(header: String, delimiter: String)
    case badRow(line: Int, text: String, expected: String)
    /// A row whose timestamp is not after the previous row of its series (the stream cannot be
    /// sorted; the row is skipped with this as a warning).
    case notAfterPrevious(line: Int, series: String, timestamp: EpochMilliseconds, previous: EpochMilliseconds)

    public var description: String {
        switch self {
        case let .missingColumn(name, header):
            return "stdin:1: no column \"\(name)\" in the header (columns: \(header.joined(separator: ", ")))"
        case let .severalTargets(candidates):
            return "stdin:1: several columns could be the target: \(candidates.map { "\"\($0)\"" }.joined(separator: ", ")); "
                + "pass --target NAME"
        case let .notCommaSeparated(header, delimiter):
            return "stdin:1: the header '\(header)' is separated by '\(delimiter)'; --follow reads comma-separated lines "
                + "(convert them, or detect the file without --follow, which detects the delimiter)"
        case let .badRow(line, text, expected):
            return "stdin:\(line): cannot read '\(text)': expected \(expected)"
        case let .notAfterPrevious(line, series, timestamp, previous):
            let date = { (t: EpochMilliseconds) in ISO8601Text.format(t, dateOnly: t % 86_400_000 == 0) }
            return "stdin:\(line): series \(series): timestamp \(date(timestamp)) is not after the previous row's "
                + "\(date(previous)); row skipped"
        }
    }
}

/// Rows of a CSV stream (`--follow` on stdin), read line by line as they arrive: a header, then
/// `time,…` rows. Kept deliberately simple (no quoted fields, comma-separated, ISO 8601
/// timestamps as `CSVIngest` reads them) because a follow stream is usually another program's
/// output; files go through `CSVIngest`.
public struct CSVLineStream: Sendable {
    private let timeName: String?
    private let targetName: String?
    private let idName: String?
    private var header: [String]?
    private var timeIndex = 0, valueIndex = 1
    private var idIndex: Int?
    private var lineNumber = 0
    private var lastTimestamp: [String: EpochMilliseconds] = [:]

    /// - Parameters: column names (nil: time = first column named like time/date/timestamp or
    ///   column 0; target = the one column that is neither time nor id, an error when there are
    ///   several; id = none).
    public init(time: String?, target: String?, id: String?) {
        timeName = time
        targetName = target
        idName = id
    }

    /// Reads one line. Returns the row, or nil for the header and blank lines.
    /// - Throws: `CSVLineStreamError` for a missing column or an unreadable row, and
    ///   `.notAfterPrevious` for a row that goes back in time (the caller may skip it and go on).
    ///   A value that is empty or `NA`/`NaN`/`null` is a missing value (NaN), not an error.
    public mutating func feed(_ line: String) throws -> (series: String, timestamp: EpochMilliseconds, value: Double)? {
        lineNumber += 1
        let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        let fields = trimmed.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard header != nil else {
            try readHeader(fields)
            return nil
        }
        guard fields.count > max(timeIndex, valueIndex, idIndex ?? 0), let t = ISO8601Timestamp.parse(fields[timeIndex]) else {
            throw CSVLineStreamError.badRow(line: lineNumber, text: trimmed,
                                            expected: "\(header!.count) fields with an ISO 8601 timestamp (YYYY-MM-DD[ HH:MM[:SS]]) "
                                                + "in column \(timeIndex + 1)")
        }
        let text = fields[valueIndex]
        let missing = ["", "na", "nan", "null", "none", "-", "?"].contains(text.lowercased())
        guard let value = missing ? .nan : Double(text) else {
            throw CSVLineStreamError.badRow(line: lineNumber, text: trimmed, expected: "a number in column \"\(header![valueIndex])\"")
        }
        let series = idIndex.map { fields[$0] } ?? header![valueIndex]
        if let previous = lastTimestamp[series], t <= previous {
            throw CSVLineStreamError.notAfterPrevious(line: lineNumber, series: series, timestamp: t, previous: previous)
        }
        lastTimestamp[series] = t
        return (series, t, value)
    }

    private mutating func readHeader(_ fields: [String]) throws {
        if fields.count == 1, let delimiter = [";", "\t", "|"].first(where: { fields[0].contains($0) }) {
            throw CSVLineStreamError.notCommaSeparated(header: fields[0], delimiter: delimiter == "\t" ? "tab" : delimiter)
        }
        func index(_ name: String) throws -> Int {
            guard let i = fields.firstIndex(of: name) else { throw CSVLineStreamError.missingColumn(name: name, header: fields) }
            return i
        }
        timeIndex = try timeName.map(index)
            ?? fields.firstIndex { ["time", "timestamp", "date", "datetime", "ts"].contains($0.lowercased()) } ?? 0
        idIndex = try idName.map(index)
        if let targetName { valueIndex = try index(targetName) } else {
            let candidates = fields.indices.filter { $0 != timeIndex && $0 != idIndex }
            guard let only = candidates.first else {
                throw CSVLineStreamError.missingColumn(name: "(a value column)", header: fields)
            }
            guard candidates.count == 1 else { throw CSVLineStreamError.severalTargets(candidates: candidates.map { fields[$0] }) }
            valueIndex = only
        }
        header = fields
    }
}
