#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the training loop reports as it runs.
public enum TrainingEvent: Sendable {
    /// A batch finished: running mean training loss of this epoch so far.
    case batch(epoch: Int, epochs: Int, batch: Int, batches: Int, trainLoss: Double)
    /// An epoch finished.
    case epoch(EpochRecord)
    /// Something worth a line of its own: divergence recovered, interrupted, stopped early.
    case note(String)
}

/// One finished epoch, as kept in the training summary.
public struct EpochRecord: Codable, Sendable, Equatable {
    public var epoch: Int
    public var trainLoss: Double
    public var validationLoss: Double
    public var learningRate: Double
    public var seconds: Double
    /// Whether this epoch's weights are the best so far (those kept).
    public var isBest: Bool
}

/// Receives training events. The loop calls it from the training thread only.
public protocol TrainingProgressSink: AnyObject {
    func report(_ event: TrainingEvent)
}

/// Writes progress to standard error: a redrawn bar on a terminal (epoch, batch, loss, validation
/// loss, ETA), one plain line per epoch otherwise, nothing when quiet.
public final class TerminalTrainingProgress: TrainingProgressSink {
    public enum Style: Sendable { case bar, lines, quiet }

    private let style: Style
    private var lastValidation: Double?
    private var epochStart = MonotonicClock.seconds()
    private var lastDraw = 0.0
    private var barVisible = false

    /// - Parameter quiet: print nothing. Otherwise a bar when standard error is a terminal.
    public init(quiet: Bool) {
        if quiet { style = .quiet } else { style = isatty(STDERR_FILENO) != 0 ? .bar : .lines }
    }

    public init(style: Style) { self.style = style }

    public func report(_ event: TrainingEvent) {
        switch (style, event) {
        case (.quiet, _):
            return
        case let (.bar, .batch(epoch, epochs, batch, batches, loss)):
            if batch == 1 { epochStart = MonotonicClock.seconds() }
            let now = MonotonicClock.seconds()
            guard batch == batches || now - lastDraw > 0.1 else { return }
            lastDraw = now
            let elapsed = now - epochStart
            let eta = elapsed / Double(batch) * Double(batches - batch)
            let width = 24
            let filled = batches > 0 ? width * batch / batches : width
            let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
            var line = "epoch \(epoch)/\(epochs) \(bar) \(batch)/\(batches) loss \(Self.format(loss))"
            if let v = lastValidation { line += " val \(Self.format(v))" }
            line += " ETA \(Self.formatDuration(eta))"
            write("\r\u{1B}[2K" + line)
            barVisible = true
        case (.lines, .batch):
            return
        case let (_, .epoch(record)):
            lastValidation = record.validationLoss
            clearBar()
            write("epoch \(record.epoch): train loss \(Self.format(record.trainLoss)), validation loss "
                  + "\(Self.format(record.validationLoss))\(record.isBest ? " (best)" : ""), lr "
                  + "\(Self.format(record.learningRate)), \(Self.formatDuration(record.seconds))\n")
        case let (_, .note(text)):
            clearBar()
            write(text + "\n")
        }
    }

    private func clearBar() {
        if barVisible { write("\r\u{1B}[2K"); barVisible = false }
    }

    private func write(_ text: String) {
        fputs(text, stderr)
        fflush(stderr)
    }

    static func format(_ x: Double) -> String {
        guard x.isFinite else { return "\(x)" }
        return NumberText.significant(x, 4)
    }

    static func formatDuration(_ s: Double) -> String {
        guard s.isFinite, s >= 0 else { return "?" }
        if s < 60 { return NumberText.fixed(s, 1) + "s" }
        let m = Int(s) / 60, sec = Int(s) % 60
        return "\(m)m" + (sec < 10 ? "0" : "") + "\(sec)s"
    }
}

/// A monotonic clock in seconds.
public enum MonotonicClock {
    public static func seconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }
}

/// Number formatting without Foundation.
public enum NumberText {
    /// `x` with `digits` decimals.
    public static func fixed(_ x: Double, _ digits: Int) -> String {
        guard x.isFinite else { return x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf") }
        var buffer = [CChar](repeating: 0, count: 64)
        _ = withVaList([digits, x]) { vsnprintf(&buffer, 64, "%.*f", $0) }
        return String(cString: buffer)
    }

    /// `x` with about `digits` significant digits (`%g`).
    public static func significant(_ x: Double, _ digits: Int) -> String {
        guard x.isFinite else { return x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf") }
        var buffer = [CChar](repeating: 0, count: 64)
        _ = withVaList([digits, x]) { vsnprintf(&buffer, 64, "%.*g", $0) }
        return String(cString: buffer)
    }
}
