import TimeFrames

extension CSVFrameReader {
    /// Turns the accumulated rows into regular series and the report.
    static func buildResult(_ sink: RowAssembler, bytesRead: Int, layout: CSVLayout) throws -> IngestResult {
        guard let schema = sink.schema else { throw CSVError.headerOnly(file: sink.file) }
        let header = sink.header
        let valueIndices = schema.targetIndices + schema.featureIndices
        let valueNames = valueIndices.map { header[$0] }
        var report = IngestReport(source: sink.file, rowsRead: sink.rowsRead, bytesRead: bytesRead, warnings: schema.warnings,
                                  notes: schema.notes)

        // A column with no value in any row: name it at its header cell.
        for (slot, c) in valueIndices.enumerated() {
            let present = (0..<sink.store.count).reduce(0) { $0 + sink.store.rows($1) - sink.store.missing($1, column: slot) }
            if present == 0 {
                throw CSVError.allMissing(at: SourcePosition(file: sink.file, line: 1,
                    column: RowAssembler.column(ofField: c, in: sink.headerLineText, delimiter: sink.delimiter)), column: header[c])
            }
        }
        let slashOrder = try decideSlashOrder(sink, schema: schema, warnings: &report.warnings)
        var layout = layout
        if let dayFirst = slashOrder {
            let twoDigit = sink.slashExample.split(separator: " ").first.map { $0.split(separator: "/").last?.count == 2 } ?? false
            layout.timestampForm = (dayFirst ? "DD/MM/" : "MM/DD/") + (twoDigit ? "YY" : "YYYY")
        }

        var series: [TimeSeries] = []
        series.reserveCapacity(sink.store.count)
        for index in 0..<sink.store.count {
            let key = sink.store.keys[index]
            let name = sink.seriesName(key, schema)
            // One series at a time, one column at a time: its blocks are freed as it is copied.
            var (timestamps, columns, missing) = sink.store.drain(index)
            if let dayFirst = slashOrder {
                for i in timestamps.indices {
                    let (a, b, y, h, mi, s, ms) = TimestampParser.unpackSlash(timestamps[i])
                    let (d, mo) = dayFirst ? (a, b) : (b, a)
                    guard let t = TimestampParser.instant(y, mo, d, h, mi, s, ms) else {
                        throw CSVError.invalidDate(file: sink.file, column: header[schema.timeIndex],
                                                   value: "\(a)/\(b)/\(y) read as \(dayFirst ? "day/month" : "month/day")")
                    }
                    timestamps[i] = t
                }
            }
            var s = TimeSeries(key: key, timestamps: timestamps, columns: columns, interval: nil)
            var seriesReport = SeriesReport(name: name, rowsRead: timestamps.count, missing: missing,
                                            filled: Array(repeating: 0, count: columns.count))
            do {
                let warnings = try SeriesRegularizer.regularize(&s, columnNames: valueNames,
                                                                options: sink.options.regularization, report: &seriesReport)
                report.warnings += warnings
            } catch let RegularizationError.manyDuplicateTimestamps(_, _, repeated, rows) where sink.firstDuplicate[index] != nil {
                let first = sink.firstDuplicate[index]!
                throw CSVError.manyDuplicateTimestamps(at: first.position, series: name, value: first.value, repeated: repeated, rows: rows)
            } catch let e as RegularizationError {
                throw CSVError.series(file: sink.file, e)
            }
            series.append(s)
            report.series.append(seriesReport)
        }
        let frame = TimeFrame(timeColumn: header[schema.timeIndex], idColumns: schema.idIndices.map { header[$0] },
                              targetColumns: schema.targetIndices.map { header[$0] },
                              featureColumns: schema.featureIndices.map { header[$0] }, series: series)
        return IngestResult(frame: frame, report: report, layout: layout)
    }

    /// For slash dates: true for day/month, false for month/day, nil when the form is not a slash date.
    static func decideSlashOrder(_ sink: RowAssembler, schema: ColumnSchema, warnings: inout [String]) throws -> Bool? {
        guard schema.timeForm == .slashUndecided else { return nil }
        if sink.slashMaxFirst > 12 { return true }
        if sink.slashMaxSecond > 12 { return false }
        // Every value reads both ways. Four-digit years follow the US MM/DD/YYYY convention (with
        // a warning); two-digit years have no such convention, so the user must say.
        let example = sink.slashExample
        let twoDigitYear = example.split(separator: " ").first.map { $0.split(separator: "/").last?.count == 2 } ?? false
        if twoDigitYear {
            throw CSVError.ambiguousDayMonth(file: sink.file, column: sink.header[schema.timeIndex], example: example)
        }
        warnings.append("column \"\(sink.header[schema.timeIndex])\": dates such as \"\(example)\" fit both day/month and month/day; "
            + "read as MM/DD/YYYY (pass --time-format %d/%m/%Y for day first)")
        return false
    }
}
