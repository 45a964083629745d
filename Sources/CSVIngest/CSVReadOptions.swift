import TimeFrames

/// Names a column of the input: by header name, or by 0-based position.
///
/// From text (`--target 3`), a value that is exactly a header name means that column; otherwise
/// a whole number means the column at that 0-based position.
public enum ColumnSelector: Hashable, Sendable, CustomStringConvertible {
    case name(String)
    case index(Int)

    /// Reads `"price"` as a name and `"2"` as a name if such a header exists, else as index 2.
    public init(_ text: String) {
        if let i = Int(text), i >= 0 { self = .index(i) } else { self = .name(text) }
    }

    public var description: String {
        switch self {
        case .name(let n): return "\"\(n)\""
        case .index(let i): return "\(i)"
        }
    }
}

/// How targets are chosen when no `--target` is given.
public enum TargetDetection: String, Sendable {
    /// The one numeric column left after time, id and feature columns; several is an error.
    case singleNumeric
    /// Every numeric column left (used by `inspect`, which describes all of them).
    case allNumeric
}

/// Everything that controls how a CSV file becomes a ``TimeFrame``. Defaults read a tidy file
/// with no options at all.
public struct CSVReadOptions: Sendable {
    /// The timestamp column; nil detects it by name and by parse success.
    public var time: ColumnSelector?
    /// Columns to forecast; empty detects them (see `targetDetection`).
    public var targets: [ColumnSelector]
    /// Columns whose combined values key a series; nil detects them (text columns that are not
    /// the time column), `[]` means a single series per target.
    public var ids: [ColumnSelector]?
    /// Covariate columns, read as numbers.
    public var features: [ColumnSelector]
    public var targetDetection: TargetDetection
    /// One of `,` `;` tab `|`, or any single ASCII byte; nil detects it from the first lines.
    public var delimiter: UInt8?
    /// strftime-style format for the time column (`%d.%m.%Y %H:%M`); nil recognises the common forms.
    public var timeFormat: String?
    /// Texts read as a missing value, compared ignoring ASCII case; an empty field is always missing.
    public var missingTokens: [String]
    /// Fill, duplicates, resampling and irregular-timestamp handling.
    public var regularization: RegularizationOptions
    /// Bytes read per `read` call. Any value >= 1 gives the same result (tests use every size).
    public var chunkSize: Int
    /// Longest field accepted, in bytes; longer ones are an error (a runaway quote or a binary file).
    public var maxFieldBytes: Int
    /// Split lines without quotes in Swift instead of libcsv (same fields, about twice as fast;
    /// see docs/ingest.md). Tests turn it off to check both paths agree.
    public var plainLineFastPath: Bool = true

    public static let defaultMissingTokens = ["NA", "N/A", "NaN", "null", "None", "-", "?"]

    public init(time: ColumnSelector? = nil, targets: [ColumnSelector] = [], ids: [ColumnSelector]? = nil,
                features: [ColumnSelector] = [], targetDetection: TargetDetection = .singleNumeric,
                delimiter: UInt8? = nil, timeFormat: String? = nil,
                missingTokens: [String] = CSVReadOptions.defaultMissingTokens,
                regularization: RegularizationOptions = RegularizationOptions(),
                chunkSize: Int = 1 << 20, maxFieldBytes: Int = 1 << 20) {
        self.time = time; self.targets = targets; self.ids = ids; self.features = features
        self.targetDetection = targetDetection; self.delimiter = delimiter; self.timeFormat = timeFormat
        self.missingTokens = missingTokens; self.regularization = regularization
        self.chunkSize = chunkSize; self.maxFieldBytes = maxFieldBytes
    }
}

/// A frame read from CSV plus what happened on the way.
public struct IngestResult: Sendable {
    public var frame: TimeFrame
    public var report: IngestReport
    /// How the input was read: delimiter, timestamp form, and how each column was chosen.
    public var layout: CSVLayout

    public init(frame: TimeFrame, report: IngestReport, layout: CSVLayout) {
        self.frame = frame; self.report = report; self.layout = layout
    }
}

/// The shape of the input as the reader understood it.
public struct CSVLayout: Sendable, Codable {
    public var delimiter: String
    public var header: [String]
    /// A name for the timestamp form: "ISO 8601", "DD.MM.YYYY", "epoch seconds", `--time-format %d/%m/%Y`…
    public var timestampForm: String
    public var hadByteOrderMark: Bool

    public init(delimiter: String, header: [String], timestampForm: String, hadByteOrderMark: Bool) {
        self.delimiter = delimiter; self.header = header; self.timestampForm = timestampForm
        self.hadByteOrderMark = hadByteOrderMark
    }
}
