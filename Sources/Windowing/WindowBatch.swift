/// Preallocated, flat buffers for one mini-batch of windows, filled by
/// ``WindowDataset/gather(_:at:into:)`` without allocating. Only the first ``count`` windows are
/// valid after a gather; the rest keep stale values.
///
/// Shapes (B = ``capacity``, T = lookback, H = horizon, D = input width, Dd = decoder width):
/// - `inputs` (B, T, D): the encoder inputs, target column window-normalised;
/// - `targets` (B, H): the next H target values, normalised — many-to-one outputs and seq2seq
///   decoder targets;
/// - `stepTargets` (B, T): the value after each input step — many-to-many targets (the last
///   one is `targets[b, 0]`);
/// - `decoderInputs` (B, H, Dd): seq2seq teacher-forcing inputs: the previous true value (the
///   last input value for the first step) then the calendar of the step being predicted;
/// - `futureInputs` (B, H, D): input rows for the steps after the window, as an
///   autoregressive roll-out or a decoder with the encoder's width sees them: the target
///   channel 0 (to be filled with the previous output), covariates held at their last input
///   value, the calendar of the step;
/// - `anchors`, `scales` (B): each window's normalisation, to invert outputs;
/// - `windows` (B): which window each row came from.
public struct WindowBatch: Sendable {
    public let capacity: Int
    public let lookback: Int
    public let horizon: Int
    public let inputWidth: Int
    public let decoderWidth: Int
    /// Windows filled by the last gather.
    public internal(set) var count = 0

    public internal(set) var inputs: [Float]
    public internal(set) var targets: [Float]
    public internal(set) var stepTargets: [Float]
    public internal(set) var decoderInputs: [Float]
    public internal(set) var futureInputs: [Float]
    public internal(set) var anchors: [Float]
    public internal(set) var scales: [Float]
    public internal(set) var windows: [WindowRef]

    /// Buffers for up to `capacity` windows of `layout`.
    public init(capacity: Int, layout: WindowLayout) {
        let b = max(capacity, 0), t = layout.spec.lookback, h = layout.spec.horizon
        self.capacity = b
        self.lookback = t
        self.horizon = h
        self.inputWidth = layout.inputWidth
        self.decoderWidth = layout.decoderWidth
        inputs = [Float](repeating: 0, count: b * t * layout.inputWidth)
        targets = [Float](repeating: 0, count: b * h)
        stepTargets = [Float](repeating: 0, count: b * t)
        decoderInputs = [Float](repeating: 0, count: b * h * layout.decoderWidth)
        futureInputs = [Float](repeating: 0, count: b * h * layout.inputWidth)
        anchors = [Float](repeating: 0, count: b)
        scales = [Float](repeating: 1, count: b)
        windows = [WindowRef](repeating: WindowRef(series: 0, start: 0), count: b)
    }

    /// Turns normalised network outputs back into per-series-scaled values, in place:
    /// `values[b * width + j] = values[b * width + j] · scales[b] + anchors[b]` for `b < count`.
    public func denormalize(_ values: inout [Float], width: Int) {
        for b in 0..<min(count, values.count / max(width, 1)) {
            for j in 0..<width { values[b * width + j] = values[b * width + j] * scales[b] + anchors[b] }
        }
    }
}
