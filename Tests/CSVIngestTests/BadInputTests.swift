import Foundation
import Testing
import CSVIngest
import TimeFrames
import _TestSupport

/// One file of `Fixtures/bad/` with the options it is read with, where the error must point
/// (`file:line:column`, `file:line`, `file:` for whole-file problems, or the option), and a phrase
/// of the message that says what was expected.
struct BadCase: CustomStringConvertible, Sendable {
    var file: String
    var options: CSVReadOptions = CSVReadOptions()
    var location: String
    var phrase: String
    var description: String { file }
}

@Suite struct BadInputTests {
    static let cases: [BadCase] = [
        BadCase(file: "empty.csv", location: "empty.csv:1:1:", phrase: "the file is empty"),
        BadCase(file: "blank-lines-only.csv", location: "blank-lines-only.csv:1:1:", phrase: "the file is empty"),
        BadCase(file: "header-only.csv", location: "header-only.csv:2:1:", phrase: "no data rows"),
        BadCase(file: "ragged-row-short.csv", location: "ragged-row-short.csv:4:13:", phrase: "row has 2 fields; expected 3"),
        BadCase(file: "ragged-row-long.csv", location: "ragged-row-long.csv:3:14:", phrase: "row has 3 fields; expected 2"),
        BadCase(file: "crlf-ragged.csv", location: "crlf-ragged.csv:3:11:", phrase: "row has 1 field; expected 2"),
        BadCase(file: "quoted-newline-ragged.csv", location: "quoted-newline-ragged.csv:4:18:", phrase: "row has 4 fields; expected 3"),
        BadCase(file: "unterminated-quote.csv", location: "unterminated-quote.csv:3:12:", phrase: "never closed"),
        BadCase(file: "stray-quote.csv", location: "stray-quote.csv:3:13:", phrase: "unexpected quote"),
        BadCase(file: "text-after-quote.csv", location: "text-after-quote.csv:2:15:", phrase: "unexpected quote"),
        BadCase(file: "binary-garbage.csv", location: "binary-garbage.csv:3:1:", phrase: "binary file"),
        BadCase(file: "nul-in-row.csv", location: "nul-in-row.csv:3:13:", phrase: "binary file"),
        BadCase(file: "non-numeric-target.csv", location: "non-numeric-target.csv:4:12:", phrase: "\"twelve\" is not a number"),
        BadCase(file: "infinity-value.csv", location: "infinity-value.csv:3:12:", phrase: "\"inf\" is not a number"),
        BadCase(file: "unparseable-date.csv", location: "unparseable-date.csv:3:1:", phrase: "\"2024-13-45\" is not a timestamp; expected an ISO 8601"),
        BadCase(file: "impossible-date.csv", location: "impossible-date.csv:4:1:", phrase: "\"2023-02-30\" is not a timestamp"),
        BadCase(file: "mixed-date-formats.csv", location: "mixed-date-formats.csv:4:1:", phrase: "does not match the timestamp form of earlier rows (ISO 8601, line 2)"),
        BadCase(file: "missing-timestamp.csv", location: "missing-timestamp.csv:3:1:", phrase: "the timestamp is missing"),
        BadCase(file: "all-missing-column.csv", options: .init(targetDetection: .allNumeric), location: "all-missing-column.csv:1:12:", phrase: "column \"price\" has no values at all"),
        BadCase(file: "duplicate-column-names.csv", location: "duplicate-column-names.csv:1:12:", phrase: "\"sales\" appears twice"),
        BadCase(file: "no-time-column.csv", location: "no-time-column.csv:", phrase: "no time column found"),
        BadCase(file: "no-numeric-column.csv", location: "no-numeric-column.csv:", phrase: "no numeric column left"),
        BadCase(file: "decimal-comma.csv", location: "decimal-comma.csv:2:12:", phrase: "\"1,5\" is a number written with a thousands separator or a decimal comma"),
        BadCase(file: "thousands-separators.csv", location: "thousands-separators.csv:2:12:", phrase: "\"1,200\" is a number written with a thousands separator"),
        BadCase(file: "thousands-separators.csv", options: .init(targets: [.name("sales")]), location: "thousands-separators.csv:2:12:",
                phrase: "expected plain decimals such as 1000 or 1.5"),
        BadCase(file: "ambiguous-target.csv", location: "ambiguous-target.csv:", phrase: "several numeric columns could be the target: \"sales\", \"price\""),
        BadCase(file: "unknown-column-option.csv", options: .init(targets: [.name("nope")]),
                location: "--target \"nope\":", phrase: "no such column in unknown-column-option.csv; columns are: 0 \"date\", 1 \"sales\""),
        BadCase(file: "wrong-delimiter.csv", options: .init(delimiter: 0x2C),
                location: "wrong-delimiter.csv:1:1:", phrase: "(--delimiter); the header contains ';'; pass --delimiter ';'"),
        BadCase(file: "single-column.csv", location: "single-column.csv:1:1:", phrase: "single column"),
        BadCase(file: "non-utf8-id.csv", location: "non-utf8-id.csv:2:12:", phrase: "column \"city\" is not valid UTF-8"),
        BadCase(file: "non-utf8-header.csv", location: "non-utf8-header.csv:1:6:", phrase: "the header is not valid UTF-8"),
        BadCase(file: "duplicate-timestamps.csv", location: "duplicate-timestamps.csv:4:1:", phrase: "timestamp \"2024-01-02\" repeats an earlier row"),
        BadCase(file: "ambiguous-day-month.csv", location: "ambiguous-day-month.csv:", phrase: "pass --time-format %d/%m/%y or %m/%d/%y"),
        BadCase(file: "irregular-timestamps.csv", options: .init(regularization: .init(irregular: .error)),
                location: "irregular-timestamps.csv:", phrase: "Pass --resample 1h"),
        BadCase(file: "gap-too-large.csv", location: "gap-too-large.csv:", phrase: "the gap from 1970-01-01 to 2024-01-01 would need 19722 filler rows"),
        BadCase(file: "fill-error-missing.csv", options: .init(regularization: .init(fill: .error)),
                location: "fill-error-missing.csv:3:12:", phrase: "--fill error is set"),
        BadCase(file: "series-all-missing.csv", location: "series-all-missing.csv:", phrase: "series store=b: column \"sales\" has no values"),
        BadCase(file: "time-format-mismatch.csv", options: .init(timeFormat: "%d.%m.%Y"),
                location: "time-format-mismatch.csv:3:1:", phrase: "(--time-format %d.%m.%Y, line 2)"),
        BadCase(file: "bad-time-format-option.csv", options: .init(timeFormat: "%d.%q.%Y"),
                location: "--time-format \"%d.%q.%Y\":", phrase: "%q is not one"),
    ]

    @Test func corpusHasAFileForEveryCaseAndACaseForEveryFile() throws {
        let folder = FixturePaths.fixture("bad")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".csv") }
        #expect(Set(files) == Set(Self.cases.map(\.file)))
        #expect(files.count >= 25)
    }

    /// The message names the place and what was expected, and is the same for every chunk size
    /// from 1 byte to the whole file (boundary bugs show up nowhere else).
    @Test(arguments: cases)
    func messageNamesThePlaceAtEveryChunkSize(_ c: BadCase) throws {
        let bytes = try [UInt8](Data(contentsOf: FixturePaths.fixture("bad/\(c.file)")))
        var first: String?
        for (chunk, fastPath) in [(1 << 20, true), (1 << 20, false)] + (1...max(1, bytes.count)).map({ ($0, true) }) {
            var options = c.options
            options.chunkSize = chunk
            options.plainLineFastPath = fastPath
            do {
                _ = try CSVFrameReader.read(bytes: bytes, name: c.file, options: options)
                Issue.record("\(c.file): read without error at chunk size \(chunk)")
                return
            } catch let e as CSVError {
                let message = e.description
                if first == nil {
                    first = message
                    #expect(message.hasPrefix(c.location), "\(message)")
                    #expect(message.contains(c.phrase), "\(message)")
                }
                #expect(message == first, "chunk \(chunk)")
                if message != first { return }
            }
        }
    }

    @Test func aTenMegabyteFieldIsRefusedWithItsLine() throws {
        var bytes = Array("date,note,sales\n2024-01-01,short,1\n2024-01-02,".utf8)
        bytes += [UInt8](repeating: 0x78, count: 10 << 20)
        bytes += Array(",2\n".utf8)
        #expect {
            _ = try CSVFrameReader.read(bytes: bytes, name: "huge.csv", options: .init(chunkSize: 64 << 10))
        } throws: { e in
            (e as? CSVError)?.description.hasPrefix("huge.csv:3: a field is longer than 1048576 bytes") == true
        }
    }

    @Test func optionErrorsNameTheOption() {
        #expect { _ = try CSVFrameReader.read(bytes: [], name: "x.csv", options: .init(delimiter: 0x22)) } throws: { e in
            (e as? CSVError)?.description.hasPrefix("--delimiter \"\"\":") == true
        }
        #expect { _ = try readCSV("date,v\n2024-01-01,1\n", .init(time: .name("v"), targets: [.name("v")])) } throws: { e in
            (e as? CSVError)?.description.contains("chosen by both --time and --target") == true
        }
    }
}
