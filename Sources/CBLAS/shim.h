// OpenBLAS's CBLAS interface (Debian's libopenblas-dev). Used on Linux only; on Apple platforms
// MatrixKernels imports Accelerate instead. Besides <cblas.h>, two CPU-feature probes that
// MatrixKernels.OpenBLASCore uses to correct OpenBLAS's kernel choice on CPUs it does not know.
#include <cblas.h>

#if defined(__x86_64__)
/// 1 when the CPU and OS support the AVX-512 subsets OpenBLAS's SkylakeX kernels use.
static inline int forecast_cpu_supports_avx512_skylakex(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw")
        && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq")
        && __builtin_cpu_supports("avx512cd");
}
/// 1 when the CPU and OS support AVX2 and FMA (OpenBLAS's Haswell kernels).
static inline int forecast_cpu_supports_avx2_fma(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}
#endif
