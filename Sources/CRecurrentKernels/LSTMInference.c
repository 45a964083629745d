// The inference-only LSTM time loop: a whole layer and direction in one call, writing only h
// (into the layer's output) and the running cell state, none of the caches backward reads. See
// include/LSTMInference.h for the contract and docs/layers.md for the measurements behind the
// choices below. Software prefetch of the weight stream (512–2048 bytes ahead, into L1) was
// measured and lost 10–25% at batch 1, so the hardware prefetchers do it alone.
#include "CRecurrentKernels.h"
#include "Vector512.h"

#if RK_X86

#ifndef RK_INFER_ROW_CHUNK
#define RK_INFER_ROW_CHUNK 32
#endif

/// Rows [0, R) of one 16-unit block of one step. The accumulators start as in rk_lstm_forward
/// (bias, then x·W_ihᵀ in order of k), or at the precomputed sum `pre` (same arithmetic), then
/// take h_prev · W_hhᵀ; the cell update runs in registers and only c and h are stored. c is read
/// from `cellIn` and written to `cellOut` (the same buffer, or the next step's slot of a split pass).
RK_INLINE void infer_tile(const int R, int H, int j, int inSize, const float *x, int xStride, const float *inputPanel,
                          const float *pre, int preStride, const float *hPrev, int hPrevStride,
                          const float *panel, const float *bias,
                          const float *cellIn, float *cellOut, float *hOut, int hOutStride) {
    __mmask16 m = rk_mask(H - j);
    __m512 acc[4][4];
    for (int g = 0; g < 4; g++) {
        __m512 b = rk_load(bias + g * H + j, m);
        for (int r = 0; r < R; r++) acc[r][g] = pre ? rk_load(pre + (size_t)r * preStride + g * H + j, m) : b;
    }
    if (!pre && x) rk_accumulate(R, 4, inSize, x, xStride, inputPanel, acc);
    if (R == 1) rk_accumulate_row(4, H, hPrev, panel, acc[0]);
    else rk_accumulate(R, 4, H, hPrev, hPrevStride, panel, acc);
    __m512 cp[4];
    for (int r = 0; r < R; r++) cp[r] = rk_load(cellIn + (size_t)r * H + j, m);
    for (int r = 0; r < R; r++) {
        __m512 i = rk_sigmoid(acc[r][0]), f = rk_sigmoid(acc[r][1]);
        __m512 gg = rk_tanh(acc[r][2]), o = rk_sigmoid(acc[r][3]);
        __m512 c = _mm512_fmadd_ps(f, cp[r], _mm512_mul_ps(i, gg));
        rk_store(cellOut + (size_t)r * H + j, c, m);
        rk_store(hOut + (size_t)r * hOutStride + j, _mm512_mul_ps(o, rk_tanh(c)), m);
    }
}

/// The 4-row and one-row tiles as separate functions: inlined into the time loop, the compiler
/// kept the 4-row accumulators in memory (a store after every FMA).
__attribute__((noinline)) static void infer_tile4(int H, int j, int inSize, const float *x, int xStride, const float *inputPanel,
                          const float *pre, int preStride, const float *hPrev, int hPrevStride, const float *panel,
                          const float *bias, const float *cellIn, float *cellOut, float *hOut, int hOutStride) {
    infer_tile(4, H, j, inSize, x, xStride, inputPanel, pre, preStride, hPrev, hPrevStride, panel, bias, cellIn, cellOut,
               hOut, hOutStride);
}
__attribute__((noinline)) static void infer_tile1(int H, int j, int inSize, const float *x, int xStride, const float *inputPanel,
                          const float *pre, int preStride, const float *hPrev, int hPrevStride, const float *panel,
                          const float *bias, const float *cellIn, float *cellOut, float *hOut, int hOutStride) {
    infer_tile(1, H, j, inSize, x, xStride, inputPanel, pre, preStride, hPrev, hPrevStride, panel, bias, cellIn, cellOut,
               hOut, hOutStride);
}

/// pre[r] = bias + x[r]·W_ihᵀ for the gates of one 16-unit block, rows [0, rows): the
/// accumulators of rk_lstm_forward's input side, stored.
static void infer_project_block(int rows, int H, int j, int inSize, const float *x, int xStride,
                                const float *inputPanel, const float *bias, float *pre, int preStride) {
    __mmask16 m = rk_mask(H - j);
    __m512 b[4];
    for (int g = 0; g < 4; g++) b[g] = rk_load(bias + g * H + j, m);
    int r = 0;
    for (; r + 4 <= rows; r += 4) {
        __m512 acc[4][4];
        for (int q = 0; q < 4; q++) for (int g = 0; g < 4; g++) acc[q][g] = b[g];
        rk_accumulate(4, 4, inSize, x + (size_t)r * xStride, xStride, inputPanel, acc);
        for (int q = 0; q < 4; q++)
            for (int g = 0; g < 4; g++) rk_store(pre + (size_t)(r + q) * preStride + g * H + j, acc[q][g], m);
    }
    for (; r < rows; r++) {
        __m512 acc[4][4];
        for (int g = 0; g < 4; g++) acc[0][g] = b[g];
        rk_accumulate(1, 4, inSize, x + (size_t)r * xStride, xStride, inputPanel, acc);
        for (int g = 0; g < 4; g++) rk_store(pre + (size_t)r * preStride + g * H + j, acc[0][g], m);
    }
}

void rk_lstm_infer_project(const rk_lstm_infer_args *a, int blockBegin, int blockEnd, const float *x,
                           size_t xStepStride, float *pre) {
    const int H = a->hidden, I = a->inSize, rows = a->rows, T = a->steps;
    const size_t inputPanelFloats = (size_t)4 * I * 16;
    for (int blk = blockBegin; blk < blockEnd; blk++) {
        const float *inputPanel = a->packedInput + (size_t)blk * inputPanelFloats;
        if (xStepStride == (size_t)rows * a->xRowStride) {
            infer_project_block(T * rows, H, blk * 16, I, x, a->xRowStride, inputPanel, a->bias, pre, 4 * H);
        } else {
            for (int t = 0; t < T; t++)
                infer_project_block(rows, H, blk * 16, I, x + (size_t)t * xStepStride, a->xRowStride, inputPanel,
                                    a->bias, pre + (size_t)t * rows * 4 * H, 4 * H);
        }
    }
}

void rk_lstm_infer_span(const rk_lstm_infer_args *a, int s, int blockBegin, int blockEnd, const float *x,
                        const float *pre, const float *hPrev, int hPrevStride, const float *cellIn, float *cellOut,
                        float *hOut, int hOutStride) {
    const int H = a->hidden, I = a->inSize, rows = a->rows, blocks = blockEnd - blockBegin;
    const size_t panelFloats = (size_t)4 * H * 16, inputPanelFloats = (size_t)4 * I * 16;
    // Odd steps walk the blocks backwards, so the panels used last (still in L1) come first.
    const int backwards = a->alternatesBlocks && (s & 1);
    // Row chunks outside the blocks, as rk_lstm_forward, so a chunk's h_prev rows can stay in
    // L1 while every block reads them (measured neutral at batch 256 under load; 32 is a
    // multiple of the 4-row tile, so the tiles, and the bits, are the same as without chunks).
    for (int r0 = 0; r0 < rows; r0 += RK_INFER_ROW_CHUNK) {
        const int r1 = rows - r0 < RK_INFER_ROW_CHUNK ? rows : r0 + RK_INFER_ROW_CHUNK;
        for (int q = 0; q < blocks; q++) {
            const int blk = backwards ? blockEnd - 1 - q : blockBegin + q;
            const int j = blk * 16;
            const float *panel = a->packed + (size_t)blk * panelFloats;
            const float *inputPanel = a->packedInput ? a->packedInput + (size_t)blk * inputPanelFloats : 0;
            int r = r0;
            for (; r + 4 <= r1; r += 4)
                infer_tile4(H, j, I, x ? x + (size_t)r * a->xRowStride : 0, a->xRowStride, inputPanel,
                            pre ? pre + (size_t)r * 4 * H : 0, 4 * H, hPrev + (size_t)r * hPrevStride, hPrevStride,
                            panel, a->bias, cellIn + (size_t)r * H, cellOut + (size_t)r * H,
                            hOut + (size_t)r * hOutStride, hOutStride);
            for (; r < r1; r++)
                infer_tile1(H, j, I, x ? x + (size_t)r * a->xRowStride : 0, a->xRowStride, inputPanel,
                            pre ? pre + (size_t)r * 4 * H : 0, 4 * H, hPrev + (size_t)r * hPrevStride, hPrevStride,
                            panel, a->bias, cellIn + (size_t)r * H, cellOut + (size_t)r * H,
                            hOut + (size_t)r * hOutStride, hOutStride);
        }
    }
}

void rk_lstm_infer_blocks(const rk_lstm_infer_args *a, int blockBegin, int blockEnd) {
    const int H = a->hidden, rows = a->rows, T = a->steps;
    // The input side of every step at once (only this call reads it).
    if (a->pre) rk_lstm_infer_project(a, blockBegin, blockEnd, a->x, a->xStepStride, a->pre);
    for (int s = 0; s < T; s++) {
        const int t = a->reverse ? T - 1 - s : s, tPrev = a->reverse ? t + 1 : t - 1;
        const float *hPrev = s == 0 ? a->h0 : a->out + (size_t)tPrev * a->outStepStride;
        const int hPrevStride = s == 0 ? H : a->outRowStride;
        const float *x = a->pre || !a->x ? 0 : a->x + (size_t)t * a->xStepStride;
        const float *pre = a->pre ? a->pre + (size_t)t * rows * 4 * H : 0;
        rk_lstm_infer_span(a, s, blockBegin, blockEnd, x, pre, hPrev, hPrevStride, a->cell, a->cell,
                           a->out + (size_t)t * a->outStepStride, a->outRowStride);
    }
}

#pragma clang attribute pop
#else
void rk_lstm_infer_project(const rk_lstm_infer_args *a, int blockBegin, int blockEnd, const float *x,
                           size_t xStepStride, float *pre) {}
void rk_lstm_infer_span(const rk_lstm_infer_args *a, int s, int blockBegin, int blockEnd, const float *x,
                        const float *pre, const float *hPrev, int hPrevStride, const float *cellIn, float *cellOut,
                        float *hOut, int hOutStride) {}
void rk_lstm_infer_blocks(const rk_lstm_infer_args *a, int blockBegin, int blockEnd) {}
#endif
