// Internal: AVX-512 helpers shared by the kernel files. Every function in a file that includes
// this header is compiled for AVX-512 (the pragma below); callers check rk_available() first.
#ifndef RK_VECTOR512_H
#define RK_VECTOR512_H

#if defined(__x86_64__)
#include <immintrin.h>
#define RK_X86 1
#pragma clang attribute push (__attribute__((target("avx512f,avx512vl,avx512dq,avx512bw,fma"))), apply_to = function)
#define RK_INLINE static inline __attribute__((always_inline))

/// The mask of the first n (0...16) lanes.
RK_INLINE __mmask16 rk_mask(int n) { return n >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << n) - 1u); }

/// Loads and stores of up to 16 lanes. Full vectors use plain moves: a masked load issued after
/// masked stores waits for those stores to commit whenever the addresses might overlap (measured:
/// the cell-state load after the gate stores of the LSTM step took a third of its time).
RK_INLINE __m512 rk_load(const float *p, __mmask16 m) {
    return m == (__mmask16)0xFFFF ? _mm512_loadu_ps(p) : _mm512_maskz_loadu_ps(m, p);
}
RK_INLINE void rk_store(float *p, __m512 v, __mmask16 m) {
    if (m == (__mmask16)0xFFFF) _mm512_storeu_ps(p, v); else _mm512_mask_storeu_ps(p, m, v);
}

/// tanh: Eigen's rational approximation (generic_fast_tanh_float), the same constants and
/// polynomial as MatrixKernels.fastTanh (a few ulp; x itself for |x| < 4e-4).
RK_INLINE __m512 rk_tanh(__m512 v) {
    const __m512 clamp = _mm512_set1_ps(7.90531110763549805f);
    __m512 x = _mm512_min_ps(_mm512_max_ps(v, _mm512_sub_ps(_mm512_setzero_ps(), clamp)), clamp);
    __m512 x2 = _mm512_mul_ps(x, x);
    __m512 p = _mm512_fmadd_ps(x2, _mm512_set1_ps(-2.76076847742355e-16f), _mm512_set1_ps(2.00018790482477e-13f));
    p = _mm512_fmadd_ps(p, x2, _mm512_set1_ps(-8.60467152213735e-11f));
    p = _mm512_fmadd_ps(p, x2, _mm512_set1_ps(5.12229709037114e-08f));
    p = _mm512_fmadd_ps(p, x2, _mm512_set1_ps(1.48572235717979e-05f));
    p = _mm512_fmadd_ps(p, x2, _mm512_set1_ps(6.37261928875436e-04f));
    p = _mm512_fmadd_ps(p, x2, _mm512_set1_ps(4.89352455891786e-03f));
    p = _mm512_mul_ps(p, x);
    __m512 q = _mm512_fmadd_ps(x2, _mm512_set1_ps(1.19825839466702e-06f), _mm512_set1_ps(1.18534705686654e-04f));
    q = _mm512_fmadd_ps(q, x2, _mm512_set1_ps(2.26843463243900e-03f));
    q = _mm512_fmadd_ps(q, x2, _mm512_set1_ps(4.89352518554385e-03f));
    // p / q without vdivps (one division per 16 cycles on this core class): a 14-bit reciprocal
    // estimate and one Newton step on the quotient, within ~1 ulp of the division.
    __m512 y = _mm512_rcp14_ps(q);
    __m512 r0 = _mm512_mul_ps(p, y);
    __m512 r = _mm512_fmadd_ps(_mm512_fnmadd_ps(q, r0, p), y, r0);
    __m512 absV = _mm512_abs_ps(v);
    __mmask16 tiny = _mm512_cmp_ps_mask(absV, _mm512_set1_ps(0.0004f), _CMP_LT_OQ);
    return _mm512_mask_blend_ps(tiny, r, v);
}

/// σ(x) = ½ + ½·tanh(x/2), as MatrixKernels.fastSigmoid.
RK_INLINE __m512 rk_sigmoid(__m512 v) {
    const __m512 half = _mm512_set1_ps(0.5f);
    return _mm512_fmadd_ps(half, rk_tanh(_mm512_mul_ps(half, v)), half);
}

/// Accumulates acc[r][v] += a[r*lda + p] · panel[p][v] over p < k for an R × V tile, where the
/// panel stores for each p the V 16-lane slices side by side (rk_pack, rk_pack_gates).
/// Written with constant R and V at every call site, so the loops unroll and acc stays in registers.
RK_INLINE void rk_accumulate(const int R, const int V, int k, const float *a, int lda, const float *panel,
                             __m512 acc[4][4]) {
    for (int p = 0; p < k; p++) {
        __m512 w[4];
        for (int v = 0; v < V; v++) w[v] = _mm512_loadu_ps(panel + (size_t)(p * V + v) * 16);
        for (int r = 0; r < R; r++) {
            __m512 x = _mm512_set1_ps(a[(size_t)r * lda + p]);
            for (int v = 0; v < V; v++) acc[r][v] = _mm512_fmadd_ps(x, w[v], acc[r][v]);
        }
    }
}

/// A software-prefetch stream spread over the tiles of a product: up to four byte ranges read
/// one 64-byte line at a time (rk_gemm_packed_prefetch).
typedef struct {
    const char *next[4];
    size_t lines[4];
    int region;
} rk_prefetch_stream;

RK_INLINE void rk_prefetch_next(rk_prefetch_stream *s) {
    while (s->region < 4 && s->lines[s->region] == 0) s->region++;
    if (s->region == 4) return;
    _mm_prefetch(s->next[s->region], _MM_HINT_T0);
    s->next[s->region] += 64;
    s->lines[s->region]--;
}

RK_INLINE rk_prefetch_stream rk_prefetch_stream_make(const void *p0, size_t b0, const void *p1, size_t b1,
                                                     const void *p2, size_t b2, const void *p3, size_t b3) {
    rk_prefetch_stream s = {
        {(const char *)p0, (const char *)p1, (const char *)p2, (const char *)p3},
        {p0 ? (b0 + 63) / 64 : 0, p1 ? (b1 + 63) / 64 : 0, p2 ? (b2 + 63) / 64 : 0, p3 ? (b3 + 63) / 64 : 0},
        0};
    return s;
}

/// Lines per tile so that `tiles` tiles cover the whole stream.
RK_INLINE int rk_prefetch_quota(const rk_prefetch_stream *s, size_t tiles) {
    size_t lines = s->lines[0] + s->lines[1] + s->lines[2] + s->lines[3];
    return tiles ? (int)((lines + tiles - 1) / tiles) : 0;
}

/// rk_accumulate in chunks of k / quota steps with one prefetch before each: the same products
/// in the same order per accumulator, so the same bits.
RK_INLINE void rk_accumulate_prefetching(const int R, const int V, int k, const float *a, int lda, const float *panel,
                                         __m512 acc[4][4], rk_prefetch_stream *stream, int quota) {
    int every = quota > 0 ? k / quota : k;
    if (every < 1) every = 1;
    for (int p0 = 0; p0 < k; p0 += every) {
        if (quota > 0) { rk_prefetch_next(stream); quota--; }
        rk_accumulate(R, V, k - p0 < every ? k - p0 : every, a + p0, lda, panel + (size_t)p0 * V * 16, acc);
    }
}

/// The single-row form of rk_accumulate with two interleaved accumulator sets (even and odd p),
/// so the FMA chains do not wait on each other's latency (batch-1 inference). Sums both at the end.
RK_INLINE void rk_accumulate_row(const int V, int k, const float *a, const float *panel, __m512 acc[4]) {
    __m512 odd[4];
    for (int v = 0; v < V; v++) odd[v] = _mm512_setzero_ps();
    int p = 0;
    for (; p + 1 < k; p += 2) {
        __m512 x0 = _mm512_set1_ps(a[p]), x1 = _mm512_set1_ps(a[p + 1]);
        for (int v = 0; v < V; v++) {
            acc[v] = _mm512_fmadd_ps(x0, _mm512_loadu_ps(panel + (size_t)(p * V + v) * 16), acc[v]);
            odd[v] = _mm512_fmadd_ps(x1, _mm512_loadu_ps(panel + (size_t)((p + 1) * V + v) * 16), odd[v]);
        }
    }
    if (p < k) {
        __m512 x0 = _mm512_set1_ps(a[p]);
        for (int v = 0; v < V; v++)
            acc[v] = _mm512_fmadd_ps(x0, _mm512_loadu_ps(panel + (size_t)(p * V + v) * 16), acc[v]);
    }
    for (int v = 0; v < V; v++) acc[v] = _mm512_add_ps(acc[v], odd[v]);
}

#endif
#endif
