import Foundation
import TimeFrames

/// A problem in a streamed CSV line, with its line number.
public enum CSVLineStreamError: Error, CustomStringConvertible, Equatable {
    case missingColumn(name: String, header: [String])
    case badRow(line: Int, text: String, expected: String)

    public var description: String {
        switch self {
        case let .missingColumn(name, header):
            return "stdin:1: no column \"\(name)\" in the header (columns: \(header.joined(separator: ", ")))"
        case let .badRow(line, text, expected):
            return "stdin:\(line): cannot read '\(text)': expected \(expected)"
        }
    }
}

/// Rows of a CSV stream (`--follow` on stdin), read line by line as they arrive: a header, then
/// `time,…` rows. Kept deliberately simple (no quoted fields, comma-separated, ISO 8601
/// timestamps) because a follow stream is usually another program's output; files go through
/// `CSVIngest`.
public struct CSVLineStream: Sendable {
    private let timeName: String?
    private let targetName: String?
    private let idName: String?
    private var header: [String]?
    private var timeIndex = 0, valueIndex = 1
    private var idIndex: Int?
    private var lineNumber = 0

    /// - Parameters: column names (nil: time = first column named like time/date/timestamp or
    ///   column 0; target = the last column that is neither time nor id; id = none).
    public init(time: String?, target: String?, id: String?) {
        timeName = time
        targetName = target
        idName = id
    }

    /// Reads one line. Returns the row, or nil for the header and blank lines.
    /// - Throws: `CSVLineStreamError` for a missing column or an unreadable row. A value that
    ///   is empty or `NA`/`NaN`/`null` is a missing value (NaN), not an error.
    public mutating func feed(_ line: String) throws -> (series: String, timestamp: EpochMilliseconds, value: Double)? {
        lineNumber += 1
        let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        let fields = trimmed.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard header != nil else {
            try readHeader(fields)
            return nil
        }
        guard fields.count > max(timeIndex, valueIndex, idIndex ?? 0), let t = NABTimestamp.parse(fields[timeIndex]) else {
            throw CSVLineStreamError.badRow(line: lineNumber, text: trimmed,
                                            expected: "\(header!.count) fields with a YYYY-MM-DD HH:MM:SS timestamp in column \(timeIndex + 1)")
        }
        let text = fields[valueIndex]
        let missing = ["", "na", "nan", "null", "none", "-", "?"].contains(text.lowercased())
        guard let value = missing ? .nan : Double(text) else {
            throw CSVLineStreamError.badRow(line: lineNumber, text: trimmed, expected: "a number in column \"\(header![valueIndex])\"")
        }
        return (idIndex.map { fields[$0] } ?? header![valueIndex], t, value)
    }

    private mutating func readHeader(_ fields: [String]) throws {
        func index(_ name: String) throws -> Int {
            guard let i = fields.firstIndex(of: name) else { throw CSVLineStreamError.missingColumn(name: name, header: fields) }
            return i
        }
        timeIndex = try timeName.map(index)
            ?? fields.firstIndex { ["time", "timestamp", "date", "datetime", "ts"].contains($0.lowercased()) } ?? 0
        idIndex = try idName.map(index)
        if let targetName { valueIndex = try index(targetName) } else {
            guard let last = fields.indices.last(where: { $0 != timeIndex && $0 != idIndex }) else {
                throw CSVLineStreamError.missingColumn(name: "(a value column)", header: fields)
            }
            valueIndex = last
        }
        header = fields
    }
}
