// GRU steps: the fused forward (recurrent product + gates + update) and the backward gate pass.
// See include/CRecurrentKernels.h for the contracts.
#include "CRecurrentKernels.h"
#include "Vector512.h"

#if RK_X86

/// Rows [0, R) of one 16-unit hidden block. The r and z accumulators start at the input
/// projection plus both biases; the n accumulator starts at b_hn alone, because PyTorch's
/// n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)) gates only the recurrent part with r.
/// With `x` non-NULL the input projection is accumulated here too, its n part kept apart
/// (slot 3); with x NULL it is read from `gates`.
RK_INLINE void gru_tile(const int R, int H, int j, int inSize, const float *x, int xStride, const float *inputPanel,
                        const float *hPrev, int hPrevStride, const float *panel,
                        float *gates, const float *inputBias, const float *hiddenBias, float *hh,
                        float *hOut, int hOutStride) {
    const __m512 one = _mm512_set1_ps(1);
    __mmask16 m = rk_mask(H - j);
    __m512 acc[4][4];
    __m512 br = _mm512_add_ps(rk_load(inputBias + j, m), rk_load(hiddenBias + j, m));
    __m512 bz = _mm512_add_ps(rk_load(inputBias + H + j, m), rk_load(hiddenBias + H + j, m));
    __m512 bhn = rk_load(hiddenBias + 2 * H + j, m), bin = rk_load(inputBias + 2 * H + j, m);
    for (int r = 0; r < R; r++) {
        if (x) {
            acc[r][0] = br; acc[r][1] = bz; acc[r][3] = bin;
        } else {
            acc[r][0] = _mm512_add_ps(rk_load(gates + (size_t)r * 3 * H + j, m), br);
            acc[r][1] = _mm512_add_ps(rk_load(gates + (size_t)r * 3 * H + H + j, m), bz);
            acc[r][3] = _mm512_add_ps(rk_load(gates + (size_t)r * 3 * H + 2 * H + j, m), bin);
        }
        acc[r][2] = bhn;
    }
    if (x) {
        for (int p = 0; p < inSize; p++) {
            __m512 w0 = _mm512_loadu_ps(inputPanel + (size_t)(p * 3) * 16);
            __m512 w1 = _mm512_loadu_ps(inputPanel + (size_t)(p * 3 + 1) * 16);
            __m512 w2 = _mm512_loadu_ps(inputPanel + (size_t)(p * 3 + 2) * 16);
            for (int r = 0; r < R; r++) {
                __m512 xv = _mm512_set1_ps(x[(size_t)r * xStride + p]);
                acc[r][0] = _mm512_fmadd_ps(xv, w0, acc[r][0]);
                acc[r][1] = _mm512_fmadd_ps(xv, w1, acc[r][1]);
                acc[r][3] = _mm512_fmadd_ps(xv, w2, acc[r][3]);
            }
        }
    }
    if (R == 1) rk_accumulate_row(3, H, hPrev, panel, acc[0]);
    else rk_accumulate(R, 3, H, hPrev, hPrevStride, panel, acc);
    // Every load of the epilogue before its first store (see rk_load).
    __m512 hps[4];
    for (int r = 0; r < R; r++) hps[r] = rk_load(hPrev + (size_t)r * hPrevStride + j, m);
    for (int r = 0; r < R; r++) {
        float *gr = gates + (size_t)r * 3 * H + j;
        __m512 rg = rk_sigmoid(acc[r][0]), z = rk_sigmoid(acc[r][1]), hn = acc[r][2];
        __m512 n = rk_tanh(_mm512_fmadd_ps(rg, hn, acc[r][3]));
        rk_store(hh + (size_t)r * 3 * H + 2 * H + j, hn, m);
        rk_store(gr, rg, m); rk_store(gr + H, z, m); rk_store(gr + 2 * H, n, m);
        rk_store(hOut + (size_t)r * hOutStride + j, _mm512_fmadd_ps(z, hps[r], _mm512_mul_ps(_mm512_sub_ps(one, z), n)), m);
    }
}

void rk_gru_forward(int rows, int hidden, int inSize, const float *x, int xStride, const float *packedInput,
                    const float *hPrev, int hPrevStride, const float *packed,
                    float *gates, const float *inputBias, const float *hiddenBias, float *hh,
                    float *hOut, int hOutStride) {
    const int H = hidden;
    for (int j = 0; j < H; j += 16) {
        const float *panel = packed + (size_t)(j / 16) * 3 * H * 16;
        const float *inputPanel = x ? packedInput + (size_t)(j / 16) * 3 * inSize * 16 : 0;
        int r = 0;
        for (; r + 4 <= rows; r += 4)
            gru_tile(4, H, j, inSize, x ? x + (size_t)r * xStride : 0, xStride, inputPanel, hPrev + (size_t)r * hPrevStride, hPrevStride, panel, gates + (size_t)r * 3 * H,
                     inputBias, hiddenBias, hh + (size_t)r * 3 * H, hOut + (size_t)r * hOutStride, hOutStride);
        for (; r < rows; r++)
            gru_tile(1, H, j, inSize, x ? x + (size_t)r * xStride : 0, xStride, inputPanel, hPrev + (size_t)r * hPrevStride, hPrevStride, panel, gates + (size_t)r * 3 * H,
                     inputBias, hiddenBias, hh + (size_t)r * 3 * H, hOut + (size_t)r * hOutStride, hOutStride);
    }
}

void rk_gru_backward(int rows, int hidden, const float *gates, const float *hh, const float *hPrev,
                     int hPrevStride, const float *outputGradient, int outputStride, float *hiddenGradient,
                     float *gateGradient, float *hhGradient) {
    const int H = hidden;
    const __m512 one = _mm512_set1_ps(1);
    for (int r = 0; r < rows; r++) {
        const float *g = gates + (size_t)r * 3 * H, *a = hh + (size_t)r * 3 * H, *hp = hPrev + (size_t)r * hPrevStride;
        float *dhRow = hiddenGradient + (size_t)r * H;
        float *dg = gateGradient + (size_t)r * 3 * H, *dhh = hhGradient + (size_t)r * 3 * H;
        for (int j = 0; j < H; j += 16) {
            __mmask16 m = rk_mask(H - j);
            __m512 rg = rk_load(g + j, m), z = rk_load(g + H + j, m), n = rk_load(g + 2 * H + j, m);
            __m512 dh = rk_load(dhRow + j, m);
            if (outputGradient) dh = _mm512_add_ps(dh, rk_load(outputGradient + (size_t)r * outputStride + j, m));
            __m512 oneMinusZ = _mm512_sub_ps(one, z);
            __m512 dn = _mm512_mul_ps(_mm512_mul_ps(dh, oneMinusZ), _mm512_fnmadd_ps(n, n, one));
            __m512 dz = _mm512_mul_ps(_mm512_mul_ps(dh, _mm512_sub_ps(rk_load(hp + j, m), n)), _mm512_mul_ps(z, oneMinusZ));
            __m512 dr = _mm512_mul_ps(_mm512_mul_ps(dn, rk_load(a + 2 * H + j, m)), _mm512_mul_ps(rg, _mm512_sub_ps(one, rg)));
            rk_store(dg + j, dr, m); rk_store(dg + H + j, dz, m); rk_store(dg + 2 * H + j, dn, m);
            rk_store(dhh + j, dr, m); rk_store(dhh + H + j, dz, m); rk_store(dhh + 2 * H + j, _mm512_mul_ps(dn, rg), m);
            rk_store(dhRow + j, _mm512_mul_ps(dh, z), m);
        }
    }
}

#pragma clang attribute pop
#else
void rk_gru_forward(int rows, int hidden, int inSize, const float *x, int xStride, const float *packedInput,
                    const float *hPrev, int hPrevStride, const float *packed,
                    float *gates, const float *inputBias, const float *hiddenBias, float *hh,
                    float *hOut, int hOutStride) {}
void rk_gru_backward(int rows, int hidden, const float *gates, const float *hh, const float *hPrev,
                     int hPrevStride, const float *outputGradient, int outputStride, float *hiddenGradient,
                     float *gateGradient, float *hhGradient) {}
#endif
