// LSTM steps: the fused forward (recurrent product + gates + cell update) and the backward gate
// pass. See include/CRecurrentKernels.h for the contracts.
#include "CRecurrentKernels.h"
#include "Vector512.h"
#include <stdint.h>

#if RK_X86

#ifndef RK_ROW_CHUNK
#define RK_ROW_CHUNK 32
#endif

/// Rows [0, R) of one 16-unit hidden block: accumulators start at the bias plus x·W_ihᵀ (from
/// `x` and its packed weights, or read from `gates` when x is NULL), take h_prev · W_hhᵀ for the
/// four gates of these units, then the cell update runs in registers.
RK_INLINE void lstm_tile(const int R, int H, int j, int inSize, const float *x, int xStride, const float *inputPanel,
                         const float *hPrev, int hPrevStride, const float *panel,
                         float *gates, const float *bias, const float *cellPrev, float *cell, float *tanhCell,
                         float *hOut, int hOutStride, int streamGates) {
    __mmask16 m = rk_mask(H - j);
    __m512 acc[4][4];
    for (int g = 0; g < 4; g++) {
        __m512 b = rk_load(bias + g * H + j, m);
        for (int r = 0; r < R; r++)
            acc[r][g] = x ? b : _mm512_add_ps(rk_load(gates + (size_t)r * 4 * H + g * H + j, m), b);
    }
    if (x) rk_accumulate(R, 4, inSize, x, xStride, inputPanel, acc);
    if (!hPrev) {}  // a zero h_prev (the first step from zero states) adds nothing
    else if (R == 1) rk_accumulate_row(4, H, hPrev, panel, acc[0]);
    else rk_accumulate(R, 4, H, hPrev, hPrevStride, panel, acc);
    // Every load of the epilogue before its first store (see rk_load).
    __m512 cp[4];
    for (int r = 0; r < R; r++) cp[r] = rk_load(cellPrev + (size_t)r * H + j, m);
    for (int r = 0; r < R; r++) {
        float *gr = gates + (size_t)r * 4 * H + j;
        __m512 i = rk_sigmoid(acc[r][0]), f = rk_sigmoid(acc[r][1]);
        __m512 gg = rk_tanh(acc[r][2]), o = rk_sigmoid(acc[r][3]);
        if (streamGates) {
            _mm512_stream_ps(gr, i); _mm512_stream_ps(gr + H, f); _mm512_stream_ps(gr + 2 * H, gg); _mm512_stream_ps(gr + 3 * H, o);
        } else {
            rk_store(gr, i, m); rk_store(gr + H, f, m); rk_store(gr + 2 * H, gg, m); rk_store(gr + 3 * H, o, m);
        }
        __m512 c = _mm512_fmadd_ps(f, cp[r], _mm512_mul_ps(i, gg));
        __m512 t = rk_tanh(c);
        rk_store(cell + (size_t)r * H + j, c, m);
        if (tanhCell) rk_store(tanhCell + (size_t)r * H + j, t, m);
        rk_store(hOut + (size_t)r * hOutStride + j, _mm512_mul_ps(o, t), m);
    }
}

void rk_lstm_forward(int rows, int hidden, int inSize, const float *x, int xStride, const float *packedInput,
                     const float *hPrev, int hPrevStride, const float *packed,
                     float *gates, const float *bias, const float *cellPrev, float *cell, float *tanhCell,
                     float *hOut, int hOutStride) {
    const int H = hidden;
    // The activated gates are read again only by the backward sweep, after the whole window's
    // forward (6 MB for LSTM 128 × 64 rows × 48 steps: out of L2 by then either way). Stored
    // through the caches, each of their lines was first read for ownership and then pushed the
    // packed weights out of L1; non-temporal stores skip both (forward 0.73 → 0.84 of the packed
    // backward product's rate, scripts/bench_lstm_train.c). Full, aligned vectors only.
    const int streamGates = H % 16 == 0 && ((uintptr_t)gates & 63) == 0;
    // Row chunks outside, then hidden blocks, then the rows of the chunk, so a block's packed
    // panel (4·H·16 floats) and the chunk's h_prev rows can stay in L1 together. Measured neutral
    // for H = 128 at 64 rows (chunks of 8–64 within noise on a loaded machine); the tiles and so
    // the bits are the same as without chunks.
    for (int r0 = 0; r0 < rows; r0 += RK_ROW_CHUNK) {
        int r1 = rows - r0 < RK_ROW_CHUNK ? rows : r0 + RK_ROW_CHUNK;
        for (int j = 0; j < H; j += 16) {
            const float *panel = packed + (size_t)(j / 16) * 4 * H * 16;
            const float *inputPanel = x ? packedInput + (size_t)(j / 16) * 4 * inSize * 16 : 0;
            int r = r0;
            for (; r + 4 <= r1; r += 4)
                lstm_tile(4, H, j, inSize, x ? x + (size_t)r * xStride : 0, xStride, inputPanel, hPrev ? hPrev + (size_t)r * hPrevStride : 0, hPrevStride, panel, gates + (size_t)r * 4 * H, bias,
                          cellPrev + (size_t)r * H, cell + (size_t)r * H, tanhCell ? tanhCell + (size_t)r * H : 0,
                          hOut + (size_t)r * hOutStride, hOutStride, streamGates);
            for (; r < r1; r++)
                lstm_tile(1, H, j, inSize, x ? x + (size_t)r * xStride : 0, xStride, inputPanel, hPrev ? hPrev + (size_t)r * hPrevStride : 0, hPrevStride, panel, gates + (size_t)r * 4 * H, bias,
                          cellPrev + (size_t)r * H, cell + (size_t)r * H, tanhCell ? tanhCell + (size_t)r * H : 0,
                          hOut + (size_t)r * hOutStride, hOutStride, streamGates);
        }
    }
    // Non-temporal stores are weakly ordered: complete them before another thread may read them.
    if (streamGates) _mm_sfence();
}

void rk_lstm_backward(int rows, int hidden, const float *gates, const float *cellPrev, const float *cell,
                      const float *outputGradient, int outputStride, const float *hiddenGradient,
                      float *cellGradient, float *gateGradient) {
    const int H = hidden;
    const __m512 one = _mm512_set1_ps(1);
    for (int r = 0; r < rows; r++) {
        const float *g = gates + (size_t)r * 4 * H, *cp = cellPrev + (size_t)r * H, *cr = cell + (size_t)r * H;
        const float *dhRow = hiddenGradient + (size_t)r * H;
        float *dcRow = cellGradient + (size_t)r * H, *dg = gateGradient + (size_t)r * 4 * H;
        for (int j = 0; j < H; j += 16) {
            __mmask16 m = rk_mask(H - j);
            __m512 i = rk_load(g + j, m), f = rk_load(g + H + j, m);
            __m512 gg = rk_load(g + 2 * H + j, m), o = rk_load(g + 3 * H + j, m);
            __m512 t = rk_tanh(rk_load(cr + j, m));  // as the forward computed it
            __m512 dh = rk_load(dhRow + j, m);
            if (outputGradient) dh = _mm512_add_ps(dh, rk_load(outputGradient + (size_t)r * outputStride + j, m));
            __m512 dc = _mm512_add_ps(rk_load(dcRow + j, m),
                                      _mm512_mul_ps(_mm512_mul_ps(dh, o), _mm512_fnmadd_ps(t, t, one)));
            rk_store(dg + j, _mm512_mul_ps(_mm512_mul_ps(dc, gg), _mm512_mul_ps(i, _mm512_sub_ps(one, i))), m);
            rk_store(dg + H + j, _mm512_mul_ps(_mm512_mul_ps(dc, rk_load(cp + j, m)),
                                               _mm512_mul_ps(f, _mm512_sub_ps(one, f))), m);
            rk_store(dg + 2 * H + j, _mm512_mul_ps(_mm512_mul_ps(dc, i), _mm512_fnmadd_ps(gg, gg, one)), m);
            rk_store(dg + 3 * H + j, _mm512_mul_ps(_mm512_mul_ps(dh, t), _mm512_mul_ps(o, _mm512_sub_ps(one, o))), m);
            rk_store(dcRow + j, _mm512_mul_ps(dc, f), m);
        }
    }
}

#pragma clang attribute pop
#else
void rk_lstm_forward(int rows, int hidden, int inSize, const float *x, int xStride, const float *packedInput,
                     const float *hPrev, int hPrevStride, const float *packed,
                     float *gates, const float *bias, const float *cellPrev, float *cell, float *tanhCell,
                     float *hOut, int hOutStride) {}
void rk_lstm_backward(int rows, int hidden, const float *gates, const float *cellPrev, const float *cell,
                      const float *outputGradient, int outputStride, const float *hiddenGradient,
                      float *cellGradient, float *gateGradient) {}
#endif
