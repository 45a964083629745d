// CPU check and weight packing: plain C, compiled for the baseline target (no AVX-512 pragma), so
// rk_available() is safe to call on any CPU.
#include "CRecurrentKernels.h"

#if defined(__x86_64__)
int rk_available(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl")
        && __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512bw")
        && __builtin_cpu_supports("fma");
}

#else
int rk_available(void) { return 0; }
#endif

unsigned long long rk_next_version(void) {
    static unsigned long long counter = 0;
    return __atomic_add_fetch(&counter, 1, __ATOMIC_RELAXED);
}

size_t rk_packed_count(int k, int n) { return (size_t)((n + 15) / 16) * (size_t)k * 16; }

size_t rk_gate_packed_count(int gates, int hidden, int k) {
    return (size_t)((hidden + 15) / 16) * (size_t)gates * (size_t)k * 16;
}

void rk_pack(int k, int n, const float *b, int ldb, int transposed, float *dst) {
    int panels = (n + 15) / 16;
    for (int group = 0; group * 4 < panels; group++) {
        int width = panels - group * 4 < 4 ? panels - group * 4 : 4;
        float *out = dst + (size_t)group * 4 * k * 16;
        for (int p = 0; p < k; p++) {
            for (int v = 0; v < width; v++) {
                for (int l = 0; l < 16; l++) {
                    int j = (group * 4 + v) * 16 + l;
                    float x = 0;
                    if (j < n) x = transposed ? b[(size_t)j * ldb + p] : b[(size_t)p * ldb + j];
                    out[((size_t)p * width + v) * 16 + l] = x;
                }
            }
        }
    }
}

void rk_pack_gates(int gates, int hidden, int k, const float *w, int ldw, float *dst) {
    int blocks = (hidden + 15) / 16;
    for (int blk = 0; blk < blocks; blk++) {
        float *out = dst + (size_t)blk * gates * k * 16;
        for (int p = 0; p < k; p++) {
            for (int g = 0; g < gates; g++) {
                for (int l = 0; l < 16; l++) {
                    int j = blk * 16 + l;
                    out[((size_t)p * gates + g) * 16 + l] = j < hidden ? w[(size_t)(g * hidden + j) * ldw + p] : 0;
                }
            }
        }
    }
}

