import Foundation
import TimeFrames

/// Where in the input something went wrong: 1-based line and column (characters, not bytes).
/// `column` is nil when only the line is known (a field spread over several lines).
public struct SourcePosition: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int?

    public init(file: String, line: Int, column: Int?) { self.file = file; self.line = line; self.column = column }

    /// `data.csv:12:7`, the form editors and compilers use.
    public var description: String { column.map { "\(file):\(line):\($0)" } ?? "\(file):\(line)" }
}

/// Every way reading a CSV file can fail. Each message names the file and the line and column
/// (or the option) and says what was expected; the CLI prints it unchanged.
public enum CSVError: Error, CustomStringConvertible, Sendable {
    case cannotOpen(file: String, reason: String)
    case readFailed(file: String, reason: String)
    case emptyFile(file: String)
    case headerOnly(file: String)
    case binaryData(at: SourcePosition)
    case invalidUTF8(at: SourcePosition, what: String)
    case malformedQuote(at: SourcePosition)
    case unterminatedQuote(at: SourcePosition)
    case fieldTooLong(at: SourcePosition, limit: Int)
    case raggedRow(at: SourcePosition, expected: Int, found: Int)
    case duplicateColumnName(at: SourcePosition, name: String, firstIndex: Int)
    case unknownColumn(file: String, option: String, selector: ColumnSelector, header: [String])
    case columnUsedTwice(file: String, column: String, options: (String, String))
    case noTimeColumn(file: String, header: [String], samples: [String])
    case noTarget(file: String, candidates: [String], header: [String])
    case ambiguousTarget(file: String, candidates: [String])
    case notANumber(at: SourcePosition, column: String, value: String)
    case badTimestamp(at: SourcePosition, column: String, value: String, expected: String)
    case mixedTimestampForms(at: SourcePosition, column: String, value: String, form: String, firstLine: Int)
    case missingTimestamp(at: SourcePosition, column: String)
    case ambiguousDayMonth(file: String, column: String, example: String)
    case invalidDate(file: String, column: String, value: String)
    case missingValueNotAllowed(at: SourcePosition, column: String)
    case allMissing(at: SourcePosition, column: String)
    case singleColumn(file: String, delimiter: String, hint: String)
    case invalidOption(option: String, value: String, expected: String)
    case duplicateTimestamp(at: SourcePosition, series: String, value: String)
    /// More rows of a series repeat a timestamp than `--duplicates auto` averages; at the first repeat.
    case manyDuplicateTimestamps(at: SourcePosition, series: String, value: String, repeated: Int, rows: Int)
    case series(file: String, RegularizationError)

    public var description: String {
        switch self {
        case let .cannotOpen(f, r): return "\(f): cannot open: \(r)"
        case let .readFailed(f, r): return "\(f): read failed: \(r)"
        case let .emptyFile(f): return "\(f):1:1: the file is empty; expected a header row and data rows"
        case let .headerOnly(f): return "\(f):2:1: the file has a header row but no data rows"
        case let .binaryData(p): return "\(p): NUL byte: this looks like a binary file, not CSV text"
        case let .invalidUTF8(p, what): return "\(p): \(what) is not valid UTF-8 text; expected UTF-8 (re-encode the file, e.g. iconv -f latin1 -t utf-8)"
        case let .malformedQuote(p):
            return "\(p): unexpected quote: a quote inside an unquoted field, or text after a closing quote; "
                + "expected quotes only around a whole field, with inner quotes doubled (\"\")"
        case let .unterminatedQuote(p): return "\(p): a quoted field opened here is never closed; expected a closing quote before the end of the file"
        case let .fieldTooLong(p, limit): return "\(p): a field is longer than \(limit) bytes; expected short fields (is a quote unbalanced, or is this not a CSV file?)"
        case let .raggedRow(p, e, f): return "\(p): row has \(f) field\(f == 1 ? "" : "s"); expected \(e) like the header"
        case let .duplicateColumnName(p, n, i): return "\(p): column name \"\(n)\" appears twice (first as column \(i)); expected unique header names"
        case let .unknownColumn(f, o, s, h):
            return "\(o) \(s): no such column in \(f); columns are: \(CSVError.list(h))"
        case let .columnUsedTwice(f, c, o):
            return "\(f): column \"\(c)\" is chosen by both \(o.0) and \(o.1); expected each column in one role"
        case let .noTimeColumn(f, h, s):
            return "\(f): no time column found (by name or by parsing the first rows); columns are: "
                + zip(h, s).enumerated().map { "\($0.offset) \"\($0.element.0)\" (e.g. \"\($0.element.1)\")" }.joined(separator: ", ")
                + ". Pass --time NAME, and --time-format if the form is unusual."
        case let .noTarget(f, c, h):
            return c.isEmpty
                ? "\(f): no numeric column left to forecast; columns are: \(CSVError.list(h)). Pass --target NAME."
                : "\(f): no target chosen; candidates: \(c.map { "\"\($0)\"" }.joined(separator: ", ")). Pass --target NAME."
        case let .ambiguousTarget(f, c):
            return "\(f): several numeric columns could be the target: \(c.map { "\"\($0)\"" }.joined(separator: ", ")); "
                + "pass --target NAME (inspect and detect also take several) and --features NAME,… for covariates"
        case let .notANumber(p, c, v):
            if let x = Double(v.trimmingCharacters(in: .whitespaces)), x.isInfinite, !v.lowercased().contains("inf") {
                return "\(p): column \"\(c)\": \"\(CSVError.clip(v))\" is beyond the range of a number (about ±1.8e308); "
                    + "expected a finite number or a missing-value token (empty, NA, N/A, NaN, null, None, -, ?)"
            }
            if NumberParser.looksFormatted(v) {
                return "\(p): column \"\(c)\": \"\(CSVError.clip(v))\" is a number written with a thousands separator or a "
                    + "decimal comma; expected plain decimals such as 1000 or 1.5 (remove the separators, or convert the commas)"
            }
            return "\(p): column \"\(c)\": \"\(CSVError.clip(v))\" is not a number; expected a number or a missing-value token "
                + "(empty, NA, N/A, NaN, null, None, -, ?)"
        case let .badTimestamp(p, c, v, e):
            return "\(p): column \"\(c)\": \"\(CSVError.clip(v))\" is not a timestamp; expected \(e)"
        case let .mixedTimestampForms(p, c, v, form, first):
            return "\(p): column \"\(c)\": \"\(CSVError.clip(v))\" does not match the timestamp form of earlier rows (\(form), line \(first)); "
                + "expected one form per file, or pass --time-format"
        case let .missingTimestamp(p, c): return "\(p): column \"\(c)\": the timestamp is missing; expected a timestamp in every row"
        case let .ambiguousDayMonth(f, c, e):
            return "\(f): column \"\(c)\": slash dates such as \"\(e)\" read as day/month and month/day alike in every row; "
                + "pass --time-format %d/%m/%y or %m/%d/%y"
        case let .invalidDate(f, c, v): return "\(f): column \"\(c)\": \"\(v)\" is not a real calendar date"
        case let .missingValueNotAllowed(p, c):
            return "\(p): column \"\(c)\": missing value and --fill error is set; choose --fill interpolate|ffill|zero|drop"
        case let .allMissing(p, c): return "\(p): column \"\(c)\" has no values at all (every row is missing); expected at least one number"
        case let .singleColumn(f, d, h): return "\(f):1:1: the header has a single column when split on \(d); \(h)"
        case let .invalidOption(o, v, e): return "\(o) \"\(v)\": \(e)"
        case let .duplicateTimestamp(p, s, v):
            return "\(p): series \(s): timestamp \"\(v)\" repeats an earlier row; expected one row per timestamp. "
                + "Choose --duplicates mean|sum|last, or name the series key with --id."
        case let .manyDuplicateTimestamps(p, s, v, repeated, rows):
            return "\(p): series \(s): timestamp \"\(v)\" repeats an earlier row, and \(repeated) of \(rows) rows repeat one: "
                + RegularizationError.manyDuplicatesAdvice
        case let .series(f, e): return "\(f): \(e)"
        }
    }

    static func list(_ header: [String]) -> String {
        header.enumerated().map { "\($0.offset) \"\($0.element)\"" }.joined(separator: ", ")
    }

    static func clip(_ v: String) -> String { v.count > 60 ? String(v.prefix(60)) + "…" : v }
}
