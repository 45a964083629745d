import MatrixKernels

/// A scalar type the recurrent layers run in (`Float`, `Double`): the fused gate kernels as
/// static requirements, each a specialised copy of one generic kernel (see `GateKernels.swift`).
/// Not meant to be called directly; the layers call these once per time step.
public protocol RecurrentScalar: BLASScalar {
    static func lstmForward(
        rows: Int, hidden: Int, gates: UnsafeMutablePointer<Self>, bias: UnsafePointer<Self>, cellPrev: UnsafePointer<Self>,
        cell: UnsafeMutablePointer<Self>, tanhCell: UnsafeMutablePointer<Self>,
        hiddenOut: UnsafeMutablePointer<Self>, hiddenStride: Int)
    static func lstmBackward(
        rows: Int, hidden: Int, gates: UnsafePointer<Self>, cellPrev: UnsafePointer<Self>,
        tanhCell: UnsafePointer<Self>, outputGradient: UnsafePointer<Self>?, outputStride: Int,
        hiddenGradient: UnsafePointer<Self>, cellGradient: UnsafeMutablePointer<Self>,
        gateGradient: UnsafeMutablePointer<Self>)
    static func gruForward(
        rows: Int, hidden: Int, gates: UnsafeMutablePointer<Self>, inputBias: UnsafePointer<Self>,
        hh: UnsafeMutablePointer<Self>, hiddenBias: UnsafePointer<Self>,
        hiddenPrev: UnsafePointer<Self>, hiddenPrevStride: Int,
        hiddenOut: UnsafeMutablePointer<Self>, hiddenStride: Int)
    static func gruBackward(
        rows: Int, hidden: Int, gates: UnsafePointer<Self>, hh: UnsafePointer<Self>,
        hiddenPrev: UnsafePointer<Self>, hiddenPrevStride: Int,
        outputGradient: UnsafePointer<Self>?, outputStride: Int,
        hiddenGradient: UnsafeMutablePointer<Self>,
        gateGradient: UnsafeMutablePointer<Self>, hhGradient: UnsafeMutablePointer<Self>)
    static func rnnForward(
        rows: Int, hidden: Int, relu: Bool, gates: UnsafeMutablePointer<Self>, bias: UnsafePointer<Self>,
        hiddenOut: UnsafeMutablePointer<Self>, hiddenStride: Int)
    static func rnnBackward(
        rows: Int, hidden: Int, relu: Bool, gates: UnsafePointer<Self>,
        outputGradient: UnsafePointer<Self>?, outputStride: Int,
        hiddenGradient: UnsafePointer<Self>, gateGradient: UnsafeMutablePointer<Self>)
}
