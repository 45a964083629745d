import MatrixKernels

// Double specialises the generic scalar kernels of GateKernels.swift; Float calls the vectorised
// ones of GateKernels+Float.swift.

extension Float: RecurrentScalar {
    @inline(never)
    public static func lstmForward(
        rows: Int, hidden: Int, gates: UnsafeMutablePointer<Float>, bias: UnsafePointer<Float>, cellPrev: UnsafePointer<Float>,
        cell: UnsafeMutablePointer<Float>, tanhCell: UnsafeMutablePointer<Float>,
        hiddenOut: UnsafeMutablePointer<Float>, hiddenStride: Int) {
        FloatGateKernels.lstmForward(rows: rows, hidden: hidden, gates: gates, bias: bias, cellPrev: cellPrev, cell: cell, tanhCell: tanhCell, hiddenOut: hiddenOut, hiddenStride: hiddenStride)
    }
    @inline(never)
    public static func lstmBackward(
        rows: Int, hidden: Int, gates: UnsafePointer<Float>, cellPrev: UnsafePointer<Float>,
        tanhCell: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>?, outputStride: Int,
        hiddenGradient: UnsafePointer<Float>, cellGradient: UnsafeMutablePointer<Float>,
        gateGradient: UnsafeMutablePointer<Float>) {
        FloatGateKernels.lstmBackward(rows: rows, hidden: hidden, gates: gates, cellPrev: cellPrev, tanhCell: tanhCell, outputGradient: outputGradient, outputStride: outputStride, hiddenGradient: hiddenGradient, cellGradient: cellGradient, gateGradient: gateGradient)
    }
    @inline(never)
    public static func gruForward(
        rows: Int, hidden: Int, gates: UnsafeMutablePointer<Float>, inputBias: UnsafePointer<Float>,
        hh: UnsafeMutablePointer<Float>, hiddenBias: UnsafePointer<Float>,
        hiddenPrev: UnsafePointer<Float>, hiddenPrevStride: Int,
        hiddenOut: UnsafeMutablePointer<Float>, hiddenStride: Int) {
        FloatGateKernels.gruForward(rows: rows, hidden: hidden, gates: gates, inputBias: inputBias, hh: hh, hiddenBias: hiddenBias, hiddenPrev: hiddenPrev, hiddenPrevStride: hiddenPrevStride, hiddenOut: hiddenOut, hiddenStride: hiddenStride)
    }
    @inline(never)
    public static func gruBackward(
        rows: Int, hidden: Int, gates: UnsafePointer<Float>, hh: UnsafePointer<Float>,
        hiddenPrev: UnsafePointer<Float>, hiddenPrevStride: Int,
        outputGradient: UnsafePointer<Float>?, outputStride: Int,
        hiddenGradient: UnsafeMutablePointer<Float>,
        gateGradient: UnsafeMutablePointer<Float>, hhGradient: UnsafeMutablePointer<Float>) {
        FloatGateKernels.gruBackward(rows: rows, hidden: hidden, gates: gates, hh: hh, hiddenPrev: hiddenPrev, hiddenPrevStride: hiddenPrevStride, outputGradient: outputGradient, outputStride: outputStride, hiddenGradient: hiddenGradient, gateGradient: gateGradient, hhGradient: hhGradient)
    }
    @inline(never)
    public static func rnnForward(
        rows: Int, hidden: Int, relu: Bool, gates: UnsafeMutablePointer<Float>, bias: UnsafePointer<Float>,
        hiddenOut: UnsafeMutablePointer<Float>, hiddenStride: Int) {
        FloatGateKernels.rnnForward(rows: rows, hidden: hidden, relu: relu, gates: gates, bias: bias, hiddenOut: hiddenOut, hiddenStride: hiddenStride)
    }
    @inline(never)
    public static func rnnBackward(
        rows: Int, hidden: Int, relu: Bool, gates: UnsafePointer<Float>,
        outputGradient: UnsafePointer<Float>?, outputStride: Int,
        hiddenGradient: UnsafePointer<Float>, gateGradient: UnsafeMutablePointer<Float>) {
        FloatGateKernels.rnnBackward(rows: rows, hidden: hidden, relu: relu, gates: gates, outputGradient: outputGradient, outputStride: outputStride, hiddenGradient: hiddenGradient, gateGradient: gateGradient)
    }
}

extension Double: RecurrentScalar {
    @inline(never)
    public static func lstmForward(
        rows: Int, hidden: Int, gates: UnsafeMutablePointer<Double>, bias: UnsafePointer<Double>, cellPrev: UnsafePointer<Double>,
        cell: UnsafeMutablePointer<Double>, tanhCell: UnsafeMutablePointer<Double>,
        hiddenOut: UnsafeMutablePointer<Double>, hiddenStride: Int) {
        lstmForwardRows(rows: rows, hidden: hidden, gates: gates, bias: bias, cellPrev: cellPrev, cell: cell, tanhCell: tanhCell, hiddenOut: hiddenOut, hiddenStride: hiddenStride)
    }
    @inline(never)
    public static func lstmBackward(
        rows: Int, hidden: Int, gates: UnsafePointer<Double>, cellPrev: UnsafePointer<Double>,
        tanhCell: UnsafePointer<Double>, outputGradient: UnsafePointer<Double>?, outputStride: Int,
        hiddenGradient: UnsafePointer<Double>, cellGradient: UnsafeMutablePointer<Double>,
        gateGradient: UnsafeMutablePointer<Double>) {
        lstmBackwardRows(rows: rows, hidden: hidden, gates: gates, cellPrev: cellPrev, tanhCell: tanhCell, outputGradient: outputGradient, outputStride: outputStride, hiddenGradient: hiddenGradient, cellGradient: cellGradient, gateGradient: gateGradient)
    }
    @inline(never)
    public static func gruForward(
        rows: Int, hidden: Int, gates: UnsafeMutablePointer<Double>, inputBias: UnsafePointer<Double>,
        hh: UnsafeMutablePointer<Double>, hiddenBias: UnsafePointer<Double>,
        hiddenPrev: UnsafePointer<Double>, hiddenPrevStride: Int,
        hiddenOut: UnsafeMutablePointer<Double>, hiddenStride: Int) {
        gruForwardRows(rows: rows, hidden: hidden, gates: gates, inputBias: inputBias, hh: hh, hiddenBias: hiddenBias, hiddenPrev: hiddenPrev, hiddenPrevStride: hiddenPrevStride, hiddenOut: hiddenOut, hiddenStride: hiddenStride)
    }
    @inline(never)
    public static func gruBackward(
        rows: Int, hidden: Int, gates: UnsafePointer<Double>, hh: UnsafePointer<Double>,
        hiddenPrev: UnsafePointer<Double>, hiddenPrevStride: Int,
        outputGradient: UnsafePointer<Double>?, outputStride: Int,
        hiddenGradient: UnsafeMutablePointer<Double>,
        gateGradient: UnsafeMutablePointer<Double>, hhGradient: UnsafeMutablePointer<Double>) {
        gruBackwardRows(rows: rows, hidden: hidden, gates: gates, hh: hh, hiddenPrev: hiddenPrev, hiddenPrevStride: hiddenPrevStride, outputGradient: outputGradient, outputStride: outputStride, hiddenGradient: hiddenGradient, gateGradient: gateGradient, hhGradient: hhGradient)
    }
    @inline(never)
    public static func rnnForward(
        rows: Int, hidden: Int, relu: Bool, gates: UnsafeMutablePointer<Double>, bias: UnsafePointer<Double>,
        hiddenOut: UnsafeMutablePointer<Double>, hiddenStride: Int) {
        rnnForwardRows(rows: rows, hidden: hidden, relu: relu, gates: gates, bias: bias, hiddenOut: hiddenOut, hiddenStride: hiddenStride)
    }
    @inline(never)
    public static func rnnBackward(
        rows: Int, hidden: Int, relu: Bool, gates: UnsafePointer<Double>,
        outputGradient: UnsafePointer<Double>?, outputStride: Int,
        hiddenGradient: UnsafePointer<Double>, gateGradient: UnsafeMutablePointer<Double>) {
        rnnBackwardRows(rows: rows, hidden: hidden, relu: relu, gates: gates, outputGradient: outputGradient, outputStride: outputStride, hiddenGradient: hiddenGradient, gateGradient: gateGradient)
    }
}
