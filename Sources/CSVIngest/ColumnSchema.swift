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

    /// A sampled data row: its fields (nil for an empty unquoted field) and the line it ended on.
    struct SampleRow { var fields: [String?]; var line: Int; var lineText: [UInt8] }

    static let timeLikeNames: Set<String> = ["date", "time", "datetime", "timestamp", "ds", "dt", "period", "day",
                                              "month", "week", "hour", "minute", "date_time", "time_stamp", "year_month"]

    static func isTimeLike(_ name: String) -> Bool {
        let n = name.lowercased().trimmingCharacters(in: .whitespaces)
        return timeLikeNames.contains(n) || n.contains("date") || n.contains("time") || n.hasSuffix("_at")
    }

    /// Resolves the roles. Throws the option-level errors (unknown column, ambiguous target…).
    static func resolve(header: [String], samples: [SampleRow], options: CSVReadOptions, file: String,
                        missing: MissingTokens) throws -> ColumnSchema {
        var notes: [String] = []
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
        func form(of column: Int, allowEpoch: Bool) -> TimestampForm? {
            let vs = values(column)
            guard let first = vs.first, let f = TimestampForm.detect(first.0, allowEpoch: allowEpoch) else { return nil }
            return vs.allSatisfy { TimestampForm.detect($0.0, allowEpoch: allowEpoch).map { sameFamily($0, f) } ?? false } ? f : nil
        }
        let customFormat = try options.timeFormat.map { try TimeFormat($0) }
        func customParses(_ column: Int) -> Bool {
            guard let customFormat else { return false }
            let vs = values(column)
            return !vs.isEmpty && vs.allSatisfy { v in Array(v.0.utf8).withUnsafeBufferPointer { customFormat.parse($0.baseAddress!, $0.count) != nil } }
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
            else if let f = form(of: t, allowEpoch: true) { timeForm = f }
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
            } else if let t = byName.first(where: { form(of: $0, allowEpoch: true) != nil }) {
                timeIndex = t; timeForm = form(of: t, allowEpoch: true)!
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
            values(c).allSatisfy { v in Array(v.0.utf8).withUnsafeBufferPointer { NumberParser.parse($0.baseAddress!, $0.count) != nil } }
        }
        let free = header.indices.filter { used[$0] == nil }
        var ids: [Int]
        if let explicitIds { ids = explicitIds } else {
            ids = free.filter { !isNumeric($0) }
            if !ids.isEmpty {
                notes.append("series key: \(ids.map { "\"\(header[$0])\"" }.joined(separator: ", ")) (text columns; pass --id to choose, or --id none)")
            }
        }
        var targetIndices = targets
        if targetIndices.isEmpty {
            let candidates = free.filter { !ids.contains($0) && isNumeric($0) }
            switch (options.targetDetection, candidates.count) {
            case (_, 0): throw CSVError.noTarget(file: file, candidates: [], header: header)
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
                            featureIndices: features, idIndices: ids, notes: notes)
    }

    /// ISO values with and without a time part mix freely; other forms must match exactly.
    static func sameFamily(_ a: TimestampForm, _ b: TimestampForm) -> Bool { a == b }
}

import Foundation
