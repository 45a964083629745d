// The packed small GEMM (the per-step products of the backward sweep) and column sums for bias
// gradients. See include/CRecurrentKernels.h.
#include "CRecurrentKernels.h"
#include "Vector512.h"

#if RK_X86

/// One R × width tile of C at rows c, columns of one panel group.
RK_INLINE void gemm_tile(const int R, const int V, int k, const float *a, int lda, const float *panel,
                         float *c, int ldc, int column, int n, int accumulate) {
    __m512 acc[4][4];
    __mmask16 masks[4];
    for (int v = 0; v < V; v++) masks[v] = rk_mask(n - column - v * 16);
    for (int r = 0; r < R; r++)
        for (int v = 0; v < V; v++)
            acc[r][v] = accumulate ? rk_load(c + (size_t)r * ldc + column + v * 16, masks[v]) : _mm512_setzero_ps();
    rk_accumulate(R, V, k, a, lda, panel, acc);
    for (int r = 0; r < R; r++)
        for (int v = 0; v < V; v++) rk_store(c + (size_t)r * ldc + column + v * 16, acc[r][v], masks[v]);
}

RK_INLINE void gemm_group(const int V, int rows, int k, const float *a, int lda, const float *panel,
                          float *c, int ldc, int column, int n, int accumulate) {
    int r = 0;
    for (; r + 4 <= rows; r += 4)
        gemm_tile(4, V, k, a + (size_t)r * lda, lda, panel, c + (size_t)r * ldc, ldc, column, n, accumulate);
    for (; r < rows; r++)
        gemm_tile(1, V, k, a + (size_t)r * lda, lda, panel, c + (size_t)r * ldc, ldc, column, n, accumulate);
}

void rk_gemm_packed(int rows, int n, int k, const float *a, int lda, const float *packed,
                    float *c, int ldc, int accumulate) {
    int panels = (n + 15) / 16;
    for (int group = 0; group * 4 < panels; group++) {
        int width = panels - group * 4 < 4 ? panels - group * 4 : 4;
        const float *panel = packed + (size_t)group * 4 * k * 16;
        int column = group * 64;
        switch (width) {
        case 4: gemm_group(4, rows, k, a, lda, panel, c, ldc, column, n, accumulate); break;
        case 3: gemm_group(3, rows, k, a, lda, panel, c, ldc, column, n, accumulate); break;
        case 2: gemm_group(2, rows, k, a, lda, panel, c, ldc, column, n, accumulate); break;
        default: gemm_group(1, rows, k, a, lda, panel, c, ldc, column, n, accumulate); break;
        }
    }
}

void rk_add_column_sums(int rows, int columns, const float *m, int ld, float *sums) {
    for (int j = 0; j < columns; j += 64) {
        __mmask16 masks[4];
        __m512 acc[4];
        for (int v = 0; v < 4; v++) {
            masks[v] = rk_mask(columns - j - v * 16 < 0 ? 0 : columns - j - v * 16);
            acc[v] = rk_load(sums + j + v * 16, masks[v]);
        }
        for (int r = 0; r < rows; r++)
            for (int v = 0; v < 4; v++)
                acc[v] = _mm512_add_ps(acc[v], rk_load(m + (size_t)r * ld + j + v * 16, masks[v]));
        for (int v = 0; v < 4; v++) rk_store(sums + j + v * 16, acc[v], masks[v]);
    }
}

#pragma clang attribute pop
#else
void rk_gemm_packed(int rows, int n, int k, const float *a, int lda, const float *packed,
                    float *c, int ldc, int accumulate) {}
void rk_add_column_sums(int rows, int columns, const float *m, int ld, float *sums) {}
#endif
