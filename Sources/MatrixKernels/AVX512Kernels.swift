import CRecurrentKernels

/// Whether this CPU runs the AVX-512 kernels of the `CRecurrentKernels` C target (AVX-512 F, VL,
/// DQ, BW and FMA, checked once with the CPU's feature bits). The recurrent layers' Float time
/// loops and the Float column sums use them when true; otherwise the portable Swift + BLAS path.
public enum AVX512Kernels {
    /// True when the CPU and OS support the kernels.
    public static let available: Bool = rk_available() != 0
}
