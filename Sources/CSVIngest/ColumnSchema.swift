/// What each column of the input is for, decided from the header, the options and the first rows.
struct ColumnSchema {
    enum Role: Equatable { case ignore, time, value(Int), id(Int) }

    var roles: [Role]
    var timeIndex: Int
    var timeForm: TimestampForm
    var targetIndices: [Int]
    var featureIndices: [Int]
    var idIndices: [Int]
    var notes: [String]
    /// What a person should hear even when not inspecting (a column left out that held numbers).
    var warnings: [String] = []

    /// A sampled data row: its fields (nil for an empty unquoted field) and the line it ended on.
    struct SampleRow { var fields: [String?]; var line: Int; var lineText: [UInt8]; var singleLine: Bool }

    static let timeLikeNames: Set<String> = ["date", "time", "datetime", "timestamp", "ts", "ds", "dt", "period", "day",
                                              "month", "week", "hour", "minute", "date_time", "time_stamp", "year_month"]

    static func isTimeLike(_ name: String) -> Bool {
        let n = name.lowercased().trimmingCharacters(in: .whitespaces)
        return timeLikeNames.contains(n) || n.contains("date") || n.contains("time") || n.hasSuffix("_at")
    }

    /// Resolves the roles. Throws the option-level errors (unknown column, ambiguous target…).
    static func resolve(header: [String], samples: [SampleRow], options: CSVReadOptions, file: String,
                        missing: MissingTokens, delimiter: UInt8) throws -> ColumnSchema {
        var notes: [String] = [], warnings: [String] = []
        var used: [Int: String] = [:]   // column → option that took it

        func index(_ selector: ColumnSelector, option: String) throws -> Int {
            let i: Int?
            switch selector {
            case .name(let n): i = header.firstIndex(of: n)
            case .index(let k): i = header.firstIndex(of: String(k)) ?? (k < header.count ? k : nil)
            }
            guard let i else { throw CSVError.unknownColumn(file: file, option: option, selector: selector, header: header) }
            if let other = used[i] {
                throw CSVError.columnUsedTwice(file: file, column: header[i], options: (other, option))
            }
            used[i] = option
            return i
        }
        func values(_ column: Int) -> [(String, Int)] {
            samples.compactMap { row in
                guard column < row.fields.count, let v = row.fields[column] else { return nil }
                let isMissing = Array(v.utf8).withUnsafeBufferPointer { missing.matches($0.baseAddress, $0.count) }
                return isMissing ? nil : (v, row.line)
            }
        }
        // Detection needs only a majority of the sampled values to agree: the rows that disagree
        // are then reported with their line and column by the typed pass, which is far more
        // useful than "no time column found".
        func form(of column: Int, allowEpoch: Bool, byName: Bool = false) -> TimestampForm? {
            let vs = values(column)
            var counts: [(TimestampForm, Int)] = []
            for v in vs {
                guard let f = TimestampForm.detect(v.0, allowEpoch: allowEpoch) else { continue }
                if let k = counts.firstIndex(where: { $0.0 == f }) { counts[k].1 += 1 } else { counts.append((f, 1)) }
            }
            guard let best = counts.max(by: { $0.1 < $1.1 }), best.1 * 2 > vs.count || (byName && best.1 * 2 == vs.count) else { return nil }
            return best.0
        }
        let customFormat = try options.timeFormat.map { try TimeFormat($0) }
        func customParses(_ column: Int) -> Bool {
            guard let customFormat else { return false }
            let vs = values(column)
            let parsed = vs.filter { v in Array(v.0.utf8).withUnsafeBufferPointer { customFormat.parse($0.baseAddress!, $0.count) != nil } }
            return parsed.count * 2 >= vs.count && !parsed.isEmpty
        }

        // Explicit selections first, so detection never takes a column the user named.
        let explicitTime = try options.time.map { try index($0, option: "--time") }
        let targets = try options.targets.map { try index($0, option: "--target") }
        let features = try options.features.map { try index($0, option: "--features") }
        let explicitIds = try options.ids.map { try $0.map { try index($0, option: "--id") } }

        // The time column.
        var timeIndex: Int
        var timeForm: TimestampForm
        if let t = explicitTime {
            timeIndex = t
            if let customFormat { timeForm = .custom(customFormat) }
            else if let f = form(of: t, allowEpoch: true, byName: true) { timeForm = f }
            else {
                let bad = values(t).first { TimestampForm.detect($0.0, allowEpoch: true) == nil } ?? values(t).first
                throw CSVError.badTimestamp(at: SourcePosition(file: file, line: bad?.1 ?? 2, column: nil), column: header[t],
                    value: bad?.0 ?? "", expected: "a date or date-time (ISO 8601, DD.MM.YYYY, MM/DD/YYYY, epoch seconds…); "
                        + "pass --time-format for other forms")
            }
        } else {
            let free = header.indices.filter { used[$0] == nil }
            let byName = free.filter { isTimeLike(header[$0]) }
            if let customFormat {
                guard let t = byName.first(where: customParses) ?? free.first(where: customParses) else {
                    throw CSVError.noTimeColumn(file: file, header: header, samples: header.indices.map { values($0).first?.0 ?? "" })
                }
                timeIndex = t; timeForm = .custom(customFormat)
                notes.append("time column \"\(header[t])\": the first whose values match --time-format")
            } else if let t = byName.first(where: { form(of: $0, allowEpoch: true, byName: true) != nil }) {
                timeIndex = t; timeForm = form(of: t, allowEpoch: true, byName: true)!
                notes.append("time column \"\(header[t])\": detected by its name and values (\(timeForm.name))")
            } else if let t = free.first(where: { form(of: $0, allowEpoch: false) != nil }) {
                timeIndex = t; timeForm = form(of: t, allowEpoch: false)!
                notes.append("time column \"\(header[t])\": the first column whose values parse as timestamps (\(timeForm.name))")
            } else {
                throw CSVError.noTimeColumn(file: file, header: header, samples: header.indices.map { values($0).first?.0 ?? "" })
            }
            used[timeIndex] = "--time"
        }

        // Numeric columns among the rest: every sampled value a number or missing.
        func isNumeric(_ c: Int) -> Bool {
            let vs = values(c)
            let numbers = vs.filter { v in Array(v.0.utf8).withUnsafeBufferPointer { NumberParser.parse($0.baseAddress!, $0.count) != nil } }
            return numbers.count * 2 >= vs.count && (!numbers.isEmpty || vs.isEmpty)
        }
        // Numbers written for people ("1,000", "2.500,75", "1,5"): not numbers here, but not labels
        // either; the first such value and where it is, when most sampled values look so.
        func formattedNumber(_ c: Int) -> (value: String, position: SourcePosition)? {
            let vs = values(c)
            let formatted = vs.filter { NumberParser.looksFormatted($0.0) }
            guard let first = formatted.first, formatted.count * 2 >= vs.count else { return nil }
            let line = samples.first { $0.line == first.1 }
            let column = line.flatMap { $0.singleLine ? RowAssembler.column(ofField: c, in: $0.lineText, delimiter: delimiter) : nil }
            return (first.0, SourcePosition(file: file, line: first.1, column: column))
        }
        let free = header.indices.filter { used[$0] == nil }
        var ids: [Int]
        if let explicitIds { ids = explicitIds } else {
            // Text columns key series in long format: when sampled timestamps repeat, or when the
            // column is constant over the sample (a file grouped by series). Otherwise a text
            // column is a label (e.g. "rain"/"sun") and is left out.
            let text = free.filter { !isNumeric($0) && !values($0).isEmpty }
            let times = values(timeIndex).map(\.0)
            let timesRepeat = Set(times).count < times.count
            ids = text.filter { c in timesRepeat || Set(values(c).map(\.0)).count == 1 }
            if !ids.isEmpty {
                notes.append("series key: \(ids.map { "\"\(header[$0])\"" }.joined(separator: ", ")) (text columns; pass --id to choose, or --id none)")
            }
            let ignored = text.filter { !ids.contains($0) }
            for c in ignored {
                guard let example = formattedNumber(c) else { continue }
                warnings.append("column \"\(header[c])\" left out: its values are numbers written with thousands separators "
                    + "or decimal commas (\"\(example.value)\" at \(example.position)), which are not read as numbers; write "
                    + "plain decimals (1000, 1.5) to use it")
            }
            if !ignored.isEmpty {
                notes.append("ignored text column\(ignored.count > 1 ? "s" : ""): \(ignored.map { "\"\(header[$0])\"" }.joined(separator: ", ")) "
                    + "(timestamps do not repeat, so not a series key; pass --id to use it as one)")
            }
        }
        var targetIndices = targets
        if targetIndices.isEmpty {
            let candidates = free.filter { !ids.contains($0) && isNumeric($0) && !features.contains($0) }
            switch (options.targetDetection, candidates.count) {
            case (_, 0):
                let others = free.lazy.filter { !ids.contains($0) && !features.contains($0) }
                if let (c, example) = others.compactMap({ c in formattedNumber(c).map { (c, $0) } }).first {
                    throw CSVError.notANumber(at: example.position, column: header[c], value: example.value)
                }
                throw CSVError.noTarget(file: file, candidates: [], header: header)
            case (.singleNumeric, 1), (.allNumeric, _):
                targetIndices = candidates
                notes.append("target\(candidates.count > 1 ? "s" : ""): \(candidates.map { "\"\(header[$0])\"" }.joined(separator: ", ")) (numeric columns left)")
            case (.singleNumeric, _):
                throw CSVError.ambiguousTarget(file: file, candidates: candidates.map { header[$0] })
            }
        }
        var roles = [Role](repeating: .ignore, count: header.count)
        roles[timeIndex] = .time
        for (slot, c) in (targetIndices + features).enumerated() { roles[c] = .value(slot) }
        for (slot, c) in ids.enumerated() { roles[c] = .id(slot) }
        return ColumnSchema(roles: roles, timeIndex: timeIndex, timeForm: timeForm, targetIndices: targetIndices,
                            featureIndices: features, idIndices: ids, notes: notes, warnings: warnings)
    }

    /// ISO values with and without a time part mix freely; other forms must match exactly.
    static func sameFamily(_ a: TimestampForm, _ b: TimestampForm) -> Bool { a == b }
}

import Foundation
