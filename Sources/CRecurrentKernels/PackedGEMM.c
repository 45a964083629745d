// The packed small GEMM (the per-step products of the backward sweep), the weight-gradient
// product Aᵀ·B over all steps, and column sums for bias gradients. See include/CRecurrentKernels.h.
#include "CRecurrentKernels.h"
#include "Vector512.h"

#if RK_X86

/// One R × width tile of C at rows c, columns of one panel group, with `quota` prefetches from
/// `stream` interleaved with its k loop (one per chunk of k / quota steps; none with quota 0). The
/// products and their order do not depend on the prefetches, so the same bits either way.
RK_INLINE void gemm_tile_prefetching(const int R, const int V, int k, const float *a, int lda, const float *panel,
                                     float *c, int ldc, int column, int n, int accumulate,
                                     rk_prefetch_stream *stream, int quota) {
    __m512 acc[4][4];
    __mmask16 masks[4];
    for (int v = 0; v < V; v++) masks[v] = rk_mask(n - column - v * 16);
    for (int r = 0; r < R; r++)
        for (int v = 0; v < V; v++)
            acc[r][v] = accumulate ? rk_load(c + (size_t)r * ldc + column + v * 16, masks[v]) : _mm512_setzero_ps();
    rk_accumulate_prefetching(R, V, k, a, lda, panel, acc, stream, quota);
    for (int r = 0; r < R; r++)
        for (int v = 0; v < V; v++) rk_store(c + (size_t)r * ldc + column + v * 16, acc[r][v], masks[v]);
}

RK_INLINE void gemm_group_prefetching(const int V, int rows, int k, const float *a, int lda, const float *panel,
                                      float *c, int ldc, int column, int n, int accumulate,
                                      rk_prefetch_stream *stream, int quota) {
    int r = 0;
    for (; r + 4 <= rows; r += 4)
        gemm_tile_prefetching(4, V, k, a + (size_t)r * lda, lda, panel, c + (size_t)r * ldc, ldc, column, n, accumulate,
                              stream, quota);
    for (; r < rows; r++)
        gemm_tile_prefetching(1, V, k, a + (size_t)r * lda, lda, panel, c + (size_t)r * ldc, ldc, column, n, accumulate,
                              stream, quota);
}

/// Every panel group of C, with the prefetch stream spread over the tiles (none with quota 0).
static void gemm_packed_groups(int rows, int n, int k, const float *a, int lda, const float *packed,
                               float *c, int ldc, int accumulate, rk_prefetch_stream *stream, int quota) {
    int panels = (n + 15) / 16;
    for (int group = 0; group * 4 < panels; group++) {
        int width = panels - group * 4 < 4 ? panels - group * 4 : 4;
        const float *panel = packed + (size_t)group * 4 * k * 16;
        int column = group * 64;
        switch (width) {
        case 4: gemm_group_prefetching(4, rows, k, a, lda, panel, c, ldc, column, n, accumulate, stream, quota); break;
        case 3: gemm_group_prefetching(3, rows, k, a, lda, panel, c, ldc, column, n, accumulate, stream, quota); break;
        case 2: gemm_group_prefetching(2, rows, k, a, lda, panel, c, ldc, column, n, accumulate, stream, quota); break;
        default: gemm_group_prefetching(1, rows, k, a, lda, panel, c, ldc, column, n, accumulate, stream, quota); break;
        }
    }
}

void rk_gemm_packed(int rows, int n, int k, const float *a, int lda, const float *packed,
                    float *c, int ldc, int accumulate) {
    gemm_packed_groups(rows, n, k, a, lda, packed, c, ldc, accumulate, NULL, 0);
}

void rk_gemm_packed_prefetch(int rows, int n, int k, const float *a, int lda, const float *packed,
                             float *c, int ldc, int accumulate,
                             const void *prefetch0, size_t bytes0, const void *prefetch1, size_t bytes1,
                             const void *prefetch2, size_t bytes2, const void *prefetch3, size_t bytes3) {
    rk_prefetch_stream stream = rk_prefetch_stream_make(prefetch0, bytes0, prefetch1, bytes1, prefetch2, bytes2,
                                                        prefetch3, bytes3);
    int panels = (n + 15) / 16, groups = (panels + 3) / 4;
    int quota = rk_prefetch_quota(&stream, (size_t)groups * (size_t)(rows / 4 + rows % 4));
    gemm_packed_groups(rows, n, k, a, lda, packed, c, ldc, accumulate, &stream, quota);
}

/// One R × V·16 tile of C += Aᵀ·B over rows [0, k) of A [k, ·] and B [k, ·]: the C tile stays in
/// registers; each p broadcasts R values of A's row p and loads V 16-lane slices of B's row p.
/// `Full`: all V·16 columns exist, so B is read with plain loads (masked ones, even with every
/// lane set, made the whole product 4–7% slower).
RK_INLINE void weight_tile(const int R, const int V, const int Full, int k, const float *a, int lda, const float *b,
                           int ldb, float *c, int ldc, int columns) {
    __m512 acc[4][4];
    __mmask16 masks[4];
    for (int v = 0; v < V; v++) masks[v] = rk_mask(columns - v * 16);
    for (int r = 0; r < R; r++)
        for (int v = 0; v < V; v++) acc[r][v] = rk_load(c + (size_t)r * ldc + v * 16, masks[v]);
    for (int p = 0; p < k; p++) {
        const float *bRow = b + (size_t)p * ldb;
        __m512 w[4];
        // Masked loads without rk_load's full-mask test: B is never stored here, and a branch per
        // load in this loop cost ~25%.
        for (int v = 0; v < V; v++)
            w[v] = Full ? _mm512_loadu_ps(bRow + v * 16) : _mm512_maskz_loadu_ps(masks[v], bRow + v * 16);
        for (int r = 0; r < R; r++) {
            __m512 x = _mm512_set1_ps(a[(size_t)p * lda + r]);
            for (int v = 0; v < V; v++) acc[r][v] = _mm512_fmadd_ps(x, w[v], acc[r][v]);
        }
    }
    for (int r = 0; r < R; r++)
        for (int v = 0; v < V; v++) rk_store(c + (size_t)r * ldc + v * 16, acc[r][v], masks[v]);
}

/// Rows of A and B per block: the block's rows of B (RK_WEIGHT_BLOCK × n floats, 24 KB for
/// n = 128) stay in L1 while every row group of C reads them. Blocks of 48 rows ran 4–10% faster
/// than 64 (32 KB of B beside the group copy and the C tiles: too much for a 48 KB L1); 16–32
/// and 96–128 were slower (scripts/bench_lstm_train.c). The block size does not change C's bits
/// (each element is one in-order sum over all k, stored and reloaded between blocks) nor the
/// column sums', but the narrow second product adds one partial sum per block to C2.
#define RK_WEIGHT_BLOCK 48

/// Columns [j, j + 64) of rows [0, rows ≤ 16) of C, A read from the group's copy (row stride 16).
RK_INLINE void weight_group(const int V, int rows, int k, const float *a, const float *b, int ldb,
                            float *c, int ldc, int columns) {
    int i = 0;
    if (columns >= V * 16) {
        for (; i + 4 <= rows; i += 4) weight_tile(4, V, 1, k, a + i, 16, b, ldb, c + (size_t)i * ldc, ldc, columns);
        for (; i < rows; i++) weight_tile(1, V, 1, k, a + i, 16, b, ldb, c + (size_t)i * ldc, ldc, columns);
    } else {
        for (; i + 4 <= rows; i += 4) weight_tile(4, V, 0, k, a + i, 16, b, ldb, c + (size_t)i * ldc, ldc, columns);
        for (; i < rows; i++) weight_tile(1, V, 0, k, a + i, 16, b, ldb, c + (size_t)i * ldc, ldc, columns);
    }
}

/// n ≤ 4 (a layer's input of a few features): C is vectorised along its rows instead. For 64 rows
/// of C (A's columns) at a time, each p loads 4 slices of A's row p, broadcasts B[p][j] and
/// accumulates column j of C; the column sums of A ride along.
RK_INLINE void weight_gradient_narrow(const int N, int m, int k, const float *a, int lda, const float *b, int ldb,
                                      float *c, int ldc, float *sums) {
    for (int i0 = 0; i0 < m; i0 += 64) {
        __mmask16 masks[4];
        __m512 acc[5][4], total[4];
        for (int v = 0; v < 4; v++) {
            int left = m - i0 - v * 16;
            masks[v] = rk_mask(left < 0 ? 0 : left);
            total[v] = _mm512_setzero_ps();
            for (int j = 0; j < N; j++) acc[j][v] = _mm512_setzero_ps();
        }
        for (int p = 0; p < k; p++) {
            __m512 x[4];
            for (int v = 0; v < 4; v++) x[v] = _mm512_maskz_loadu_ps(masks[v], a + (size_t)p * lda + i0 + v * 16);
            for (int v = 0; v < 4; v++) total[v] = _mm512_add_ps(total[v], x[v]);
            for (int j = 0; j < N; j++) {
                __m512 y = _mm512_set1_ps(b[(size_t)p * ldb + j]);
                for (int v = 0; v < 4; v++) acc[j][v] = _mm512_fmadd_ps(x[v], y, acc[j][v]);
            }
        }
        // The k-sums are complete: add them to C's columns (strided) and to the sums.
        for (int v = 0; v < 4; v++) {
            float lanes[5][16];
            for (int j = 0; j < N; j++) _mm512_storeu_ps(lanes[j], acc[j][v]);
            int rows = m - i0 - v * 16 < 16 ? m - i0 - v * 16 : 16;
            for (int l = 0; l < rows; l++)
                for (int j = 0; j < N; j++) c[(size_t)(i0 + v * 16 + l) * ldc + j] += lanes[j][l];
            if (sums) rk_store(sums + i0 + v * 16, _mm512_add_ps(rk_load(sums + i0 + v * 16, masks[v]), total[v]), masks[v]);
        }
    }
}

/// Copies rows [0, kb) of A's 16 columns at `a` into `group` (row stride 16), adds them to
/// `total`, and accumulates the narrow second product acc2[j] += A[p][·] · B2[p][j], j < N2;
/// prefetches the first `prefetchRows` rows of the next block (RK_WEIGHT_BLOCK rows on).
RK_INLINE __m512 copy_group(const int N2, int kb, const float *a, int lda, __mmask16 mask, float *group, __m512 total,
                            const float *b2, int ldb2, __m512 acc2[4], int prefetchRows) {
    for (int p = 0; p < kb; p++) {
        // The same 16 columns of the next block's rows, one line each, a block of compute ahead:
        // A (the gate gradients, 6 MB for LSTM 128 at 64 × 48 rows) is read in rows 2 KB apart,
        // a pattern the hardware prefetchers do not follow, and was mostly in L3 or memory
        // (~8% of a whole LSTM 128×1 training step; into L2 instead of L1 was no better).
        if (p < prefetchRows) _mm_prefetch((const char *)(a + (size_t)(RK_WEIGHT_BLOCK + p) * lda), _MM_HINT_T0);
        __m512 x = _mm512_maskz_loadu_ps(mask, a + (size_t)p * lda);
        total = _mm512_add_ps(total, x);
        _mm512_store_ps(group + p * 16, x);
        for (int j = 0; j < N2; j++) acc2[j] = _mm512_fmadd_ps(x, _mm512_set1_ps(b2[(size_t)p * ldb2 + j]), acc2[j]);
    }
    return total;
}

/// The tiled product (n > 4) with an optional narrow second product on the same rows of A (n2 ≤ 4).
static void weight_gradient_tiled(int m, int n, int k, const float *a, int lda, const float *b, int ldb, float *c, int ldc,
                                  int n2, const float *b2, int ldb2, float *c2, int ldc2, float *sums) {
    // A's rows are far apart (lda = G·H floats, a power of two for the usual sizes, so they fall
    // in few L1 sets): the 16 columns of a row group are copied per block into a dense buffer
    // that stays in L1 for every tile of the group. The column sums of A and the narrow product
    // (a layer input of ≤ 4 features) are taken from the same reads.
    float group[RK_WEIGHT_BLOCK * 16] __attribute__((aligned(64)));
    for (int p0 = 0; p0 < k; p0 += RK_WEIGHT_BLOCK) {
        int kb = k - p0 < RK_WEIGHT_BLOCK ? k - p0 : RK_WEIGHT_BLOCK;
        const float *ab = a + (size_t)p0 * lda, *bb = b + (size_t)p0 * ldb;
        const float *b2b = n2 ? b2 + (size_t)p0 * ldb2 : 0;
        int ahead = k - p0 - kb < RK_WEIGHT_BLOCK ? k - p0 - kb : RK_WEIGHT_BLOCK;
        for (int i0 = 0; i0 < m; i0 += 16) {
            int rows = m - i0 < 16 ? m - i0 : 16;
            __mmask16 mask = rk_mask(rows);
            __m512 total = sums ? rk_load(sums + i0, mask) : _mm512_setzero_ps();
            __m512 acc2[4] = {_mm512_setzero_ps(), _mm512_setzero_ps(), _mm512_setzero_ps(), _mm512_setzero_ps()};
            switch (n2) {
            case 0: total = copy_group(0, kb, ab + i0, lda, mask, group, total, b2b, ldb2, acc2, ahead); break;
            case 1: total = copy_group(1, kb, ab + i0, lda, mask, group, total, b2b, ldb2, acc2, ahead); break;
            case 2: total = copy_group(2, kb, ab + i0, lda, mask, group, total, b2b, ldb2, acc2, ahead); break;
            case 3: total = copy_group(3, kb, ab + i0, lda, mask, group, total, b2b, ldb2, acc2, ahead); break;
            default: total = copy_group(4, kb, ab + i0, lda, mask, group, total, b2b, ldb2, acc2, ahead); break;
            }
            if (sums) rk_store(sums + i0, total, mask);
            if (n2) {
                float lanes[4][16];
                for (int j = 0; j < n2; j++) _mm512_storeu_ps(lanes[j], acc2[j]);
                for (int l = 0; l < rows; l++)
                    for (int j = 0; j < n2; j++) c2[(size_t)(i0 + l) * ldc2 + j] += lanes[j][l];
            }
            float *ci = c + (size_t)i0 * ldc;
            for (int j = 0; j < n; j += 64) {
                int columns = n - j, panels = (columns + 15) / 16;
                switch (panels >= 4 ? 4 : panels) {
                case 4: weight_group(4, rows, kb, group, bb + j, ldb, ci + j, ldc, columns); break;
                case 3: weight_group(3, rows, kb, group, bb + j, ldb, ci + j, ldc, columns); break;
                case 2: weight_group(2, rows, kb, group, bb + j, ldb, ci + j, ldc, columns); break;
                default: weight_group(1, rows, kb, group, bb + j, ldb, ci + j, ldc, columns); break;
                }
            }
        }
    }
}

static void weight_gradient_narrow_any(int m, int n, int k, const float *a, int lda, const float *b, int ldb,
                                       float *c, int ldc, float *sums) {
    switch (n) {
    case 0: if (sums) rk_add_column_sums(k, m, a, lda, sums); return;
    case 1: weight_gradient_narrow(1, m, k, a, lda, b, ldb, c, ldc, sums); return;
    case 2: weight_gradient_narrow(2, m, k, a, lda, b, ldb, c, ldc, sums); return;
    case 3: weight_gradient_narrow(3, m, k, a, lda, b, ldb, c, ldc, sums); return;
    default: weight_gradient_narrow(4, m, k, a, lda, b, ldb, c, ldc, sums); return;
    }
}

void rk_weight_gradient(int m, int n, int k, const float *a, int lda, const float *b, int ldb, float *c, int ldc,
                        float *sums) {
    if (m <= 0 || k <= 0) return;
    if (n <= 4) weight_gradient_narrow_any(m, n, k, a, lda, b, ldb, c, ldc, sums);
    else weight_gradient_tiled(m, n, k, a, lda, b, ldb, c, ldc, 0, 0, 0, 0, 0, sums);
}

void rk_weight_gradient_pair(int m, int k, const float *a, int lda, int n, const float *b, int ldb, float *c, int ldc,
                             int n2, const float *b2, int ldb2, float *c2, int ldc2, float *sums) {
    if (m <= 0 || k <= 0) return;
    if ((n > 4 || (n == 0 && n2 > 0)) && n2 <= 4) {
        // n = 0 (a zero first-step h0): the tiled path's copy loop alone gives the sums and the
        // narrow product with exactly the arithmetic they have beside a W_hh product.
        weight_gradient_tiled(m, n, k, a, lda, b, ldb, c, ldc, n2, b2, ldb2, c2, ldc2, sums);
    } else {
        rk_weight_gradient(m, n, k, a, lda, b, ldb, c, ldc, sums);
        rk_weight_gradient(m, n2, k, a, lda, b2, ldb2, c2, ldc2, 0);
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
void rk_gemm_packed_prefetch(int rows, int n, int k, const float *a, int lda, const float *packed,
                             float *c, int ldc, int accumulate,
                             const void *prefetch0, size_t bytes0, const void *prefetch1, size_t bytes1,
                             const void *prefetch2, size_t bytes2, const void *prefetch3, size_t bytes3) {}
void rk_add_column_sums(int rows, int columns, const float *m, int ld, float *sums) {}
void rk_weight_gradient(int m, int n, int k, const float *a, int lda, const float *b, int ldb, float *c, int ldc,
                        float *sums) {}
void rk_weight_gradient_pair(int m, int k, const float *a, int lda, int n, const float *b, int ldb, float *c, int ldc,
                             int n2, const float *b2, int ldb2, float *c2, int ldc2, float *sums) {}
#endif
