// Plain RNN steps (tanh or relu): the fused forward and the backward gate pass.
// See include/CRecurrentKernels.h for the contracts.
#include "CRecurrentKernels.h"
#include "Vector512.h"

#if RK_X86

/// Rows [0, R) of one group of V 16-unit blocks starting at unit j (one gate, so a tile spans
/// several blocks to keep enough independent accumulators).
RK_INLINE void rnn_tile(const int R, const int V, int H, int j, int relu, int inSize, const float *x, int xStride,
                        const float *inputPanel, const float *hPrev, int hPrevStride,
                        const float *panel, float *gates, const float *bias, float *hOut, int hOutStride) {
    __mmask16 masks[4];
    __m512 acc[4][4];
    for (int v = 0; v < V; v++) {
        masks[v] = rk_mask(H - j - 16 * v);
        __m512 b = rk_load(bias + j + 16 * v, masks[v]);
        for (int r = 0; r < R; r++)
            acc[r][v] = x ? b : _mm512_add_ps(rk_load(gates + (size_t)r * H + j + 16 * v, masks[v]), b);
    }
    if (x) rk_accumulate(R, V, inSize, x, xStride, inputPanel, acc);
    if (R == 1) rk_accumulate_row(V, H, hPrev, panel, acc[0]);
    else rk_accumulate(R, V, H, hPrev, hPrevStride, panel, acc);
    for (int r = 0; r < R; r++)
        for (int v = 0; v < V; v++) {
            __m512 y = relu ? _mm512_max_ps(acc[r][v], _mm512_setzero_ps()) : rk_tanh(acc[r][v]);
            rk_store(gates + (size_t)r * H + j + 16 * v, y, masks[v]);
            rk_store(hOut + (size_t)r * hOutStride + j + 16 * v, y, masks[v]);
        }
}

RK_INLINE void rnn_group(const int V, int rows, int H, int j, int relu, int inSize, const float *x, int xStride,
                         const float *inputPanel, const float *hPrev, int hPrevStride,
                         const float *panel, float *gates, const float *bias, float *hOut, int hOutStride) {
    int r = 0;
    for (; r + 4 <= rows; r += 4)
        rnn_tile(4, V, H, j, relu, inSize, x ? x + (size_t)r * xStride : 0, xStride, inputPanel, hPrev + (size_t)r * hPrevStride, hPrevStride, panel, gates + (size_t)r * H, bias,
                 hOut + (size_t)r * hOutStride, hOutStride);
    for (; r < rows; r++)
        rnn_tile(1, V, H, j, relu, inSize, x ? x + (size_t)r * xStride : 0, xStride, inputPanel, hPrev + (size_t)r * hPrevStride, hPrevStride, panel, gates + (size_t)r * H, bias,
                 hOut + (size_t)r * hOutStride, hOutStride);
}

void rk_rnn_forward(int rows, int hidden, int relu, int inSize, const float *x, int xStride,
                    const float *packedInput, const float *hPrev, int hPrevStride, const float *packed,
                    float *gates, const float *bias, float *hOut, int hOutStride) {
    const int H = hidden;
    int panels = (H + 15) / 16;
    for (int group = 0; group * 4 < panels; group++) {
        int width = panels - group * 4 < 4 ? panels - group * 4 : 4;
        const float *panel = packed + (size_t)group * 4 * H * 16;
        const float *inputPanel = x ? packedInput + (size_t)group * 4 * inSize * 16 : 0;
        int j = group * 64;
        switch (width) {
        case 4: rnn_group(4, rows, H, j, relu, inSize, x, xStride, inputPanel, hPrev, hPrevStride, panel, gates, bias, hOut, hOutStride); break;
        case 3: rnn_group(3, rows, H, j, relu, inSize, x, xStride, inputPanel, hPrev, hPrevStride, panel, gates, bias, hOut, hOutStride); break;
        case 2: rnn_group(2, rows, H, j, relu, inSize, x, xStride, inputPanel, hPrev, hPrevStride, panel, gates, bias, hOut, hOutStride); break;
        default: rnn_group(1, rows, H, j, relu, inSize, x, xStride, inputPanel, hPrev, hPrevStride, panel, gates, bias, hOut, hOutStride); break;
        }
    }
}

void rk_rnn_backward(int rows, int hidden, int relu, const float *gates, const float *outputGradient,
                     int outputStride, const float *hiddenGradient, float *gateGradient) {
    const int H = hidden;
    const __m512 one = _mm512_set1_ps(1), zero = _mm512_setzero_ps();
    for (int r = 0; r < rows; r++) {
        for (int j = 0; j < H; j += 16) {
            __mmask16 m = rk_mask(H - j);
            __m512 y = rk_load(gates + (size_t)r * H + j, m);
            __m512 dh = rk_load(hiddenGradient + (size_t)r * H + j, m);
            if (outputGradient) dh = _mm512_add_ps(dh, rk_load(outputGradient + (size_t)r * outputStride + j, m));
            __m512 d = relu ? _mm512_mask_blend_ps(_mm512_cmp_ps_mask(y, zero, _CMP_LE_OQ), dh, zero)
                            : _mm512_mul_ps(dh, _mm512_fnmadd_ps(y, y, one));
            rk_store(gateGradient + (size_t)r * H + j, d, m);
        }
    }
}

#pragma clang attribute pop
#else
void rk_rnn_forward(int rows, int hidden, int relu, int inSize, const float *x, int xStride,
                    const float *packedInput, const float *hPrev, int hPrevStride, const float *packed,
                    float *gates, const float *bias, float *hOut, int hOutStride) {}
void rk_rnn_backward(int rows, int hidden, int relu, const float *gates, const float *outputGradient,
                     int outputStride, const float *hiddenGradient, float *gateGradient) {}
#endif
