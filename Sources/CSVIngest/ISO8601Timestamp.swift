import TimeFrames

/// ISO 8601 timestamps exactly as a CSV time column reads them (`YYYY-MM`, `YYYY-MM-DD`, then `T`
/// or a space and `HH:MM[:SS[.f…]]`, then `Z` or `±HH[:MM]`), for readers of other inputs (the
/// line-by-line stream of `detect --follow`) that must accept what a file accepts.
public enum ISO8601Timestamp {
    /// Milliseconds since the epoch (UTC), or nil when `text` is not such a timestamp.
    public static func parse(_ text: String) -> EpochMilliseconds? {
        var text = text
        return text.withUTF8 { bytes in
            guard let base = bytes.baseAddress, !bytes.isEmpty else { return nil }
            return TimestampParser.parseISO(base, bytes.count)
        }
    }
}
