// Float kernels for the recurrent layers' time loops, in C with AVX-512 intrinsics: the per-step
// recurrent product `h_{t-1} · W_hhᵀ` on weights packed once per pass, fused with the gate
// non-linearities, and the per-step backward. MatrixKernels/RecurrentLayers call them only when
// `rk_available()` says the CPU runs them; otherwise the portable Swift + BLAS path runs.
//
// Conventions: row-major, strides in elements, `rows` batch rows of one step, H hidden units.
// Gate blocks follow PyTorch: LSTM i, f, g, o; GRU r, z, n. Every kernel is deterministic (a fixed
// order of operations that does not depend on alignment or threads).
#ifndef C_RECURRENT_KERNELS_H
#define C_RECURRENT_KERNELS_H

#include <stddef.h>
#include "LSTMInference.h"
#include "OptimizerKernels.h"
#include "WorkTeam.h"

/// 1 when the CPU and OS support AVX-512 F/VL/DQ/BW (the kernels below may be called), else 0.
int rk_available(void);

/// A new number from a process-wide counter (1, 2, …; thread-safe): ParameterStore's versions,
/// so a packing made from one store's values is never taken for another's.
unsigned long long rk_next_version(void);

/// Floats of a packed copy of B [k, n] for `rk_gemm_packed` / the forward step kernels.
size_t rk_packed_count(int k, int n);

/// Packs B [k, n] into groups of up to four 16-column panels, each group stored k-major so a tile
/// reads one stream. B[p][j] = b[p*ldb + j], or b[j*ldb + p] when `transposed` (so W [n, k] packs
/// as Wᵀ). Columns past n are zero.
void rk_pack(int k, int n, const float *b, int ldb, int transposed, float *dst);

/// Floats of a packed recurrent weight for the fused forward steps.
size_t rk_gate_packed_count(int gates, int hidden, int k);
/// Packs a recurrent weight W [gates*hidden, k] (row stride ldw) as Wᵀ for the fused forward
/// steps: per 16-unit hidden block and per k, the 16-lane slices of every gate side by side, so
/// one tile computes all gates of the same units (units past `hidden` are zero).
void rk_pack_gates(int gates, int hidden, int k, const float *w, int ldw, float *dst);

/// C[rows, n] = (accumulate ? C : 0) + A[rows, k] · B, B packed by rk_pack(k, n, ...).
void rk_gemm_packed(int rows, int n, int k, const float *a, int lda, const float *packed,
                    float *c, int ldc, int accumulate);

/// rk_gemm_packed (the same products in the same order, so the same bits) that also prefetches
/// the byte ranges [prefetchN, prefetchN + bytesN) into L1, spread evenly over its tiles (NULL
/// ranges are skipped). The backward sweep passes the next step's gates and cell states, which
/// were written long before and sit in L3 or memory, so the gate pass that follows finds them in cache.
void rk_gemm_packed_prefetch(int rows, int n, int k, const float *a, int lda, const float *packed,
                             float *c, int ldc, int accumulate,
                             const void *prefetch0, size_t bytes0, const void *prefetch1, size_t bytes1,
                             const void *prefetch2, size_t bytes2, const void *prefetch3, size_t bytes3);

/// The input side of a fused forward step: when `x` is non-NULL, x [rows, inSize] (row stride
/// xStride) times W_ih packed like W_hh (rk_pack_gates(G, H, inSize, ...), RNN: rk_pack(inSize, H,
/// W_ih, inSize, 1, ...)) is accumulated in the kernel and `gates` is not read; when x is NULL,
/// `gates` holds x·W_ihᵀ on entry (one GEMM for all steps done by the caller).

/// One LSTM step: writes the activated i, f, g, o to gates [rows, 4H]; adds bias [4H]
/// (b_ih + b_hh) and h_prev · W_hhᵀ (W_hh packed by rk_pack_gates(4, H, H, ...)).
/// cell, tanhCell [rows, H] (tanhCell may be NULL: rk_lstm_backward recomputes it); cellPrev
/// [rows, H] may alias cell; hOut must not alias hPrev. hPrev NULL means h_prev = 0 (the first
/// step from zero states): the product is skipped, which gives the bits of multiplying by zeros.
void rk_lstm_forward(int rows, int hidden, int inSize, const float *x, int xStride, const float *packedInput,
                     const float *hPrev, int hPrevStride, const float *packed,
                     float *gates, const float *bias, const float *cellPrev, float *cell, float *tanhCell,
                     float *hOut, int hOutStride);

/// One LSTM step backward: dh = hiddenGradient + outputGradient (if given); cellGradient is the
/// carried dc on entry and dc for the previous step on exit; writes gateGradient [rows, 4H].
/// `cell` is the step's c (tanh c is recomputed with the forward's function, so the same bits).
void rk_lstm_backward(int rows, int hidden, const float *gates, const float *cellPrev, const float *cell,
                      const float *outputGradient, int outputStride, const float *hiddenGradient,
                      float *cellGradient, float *gateGradient);

/// One GRU step: writes r, z, n to gates [rows, 3H]; the n block of hh [rows, 3H] receives
/// W_hn h + b_hn (backward needs it). W_hh packed by rk_pack_gates(3, H, H, ...).
void rk_gru_forward(int rows, int hidden, int inSize, const float *x, int xStride, const float *packedInput,
                    const float *hPrev, int hPrevStride, const float *packed,
                    float *gates, const float *inputBias, const float *hiddenBias, float *hh,
                    float *hOut, int hOutStride);

/// One GRU step backward: writes gateGradient (d of the input-side pre-activations) and
/// hhGradient (of W_hh h + b_hh) [rows, 3H], and sets hiddenGradient to dh ⊙ z (the direct part
/// of dh_prev; the caller adds hhGradient · W_hh).
void rk_gru_backward(int rows, int hidden, const float *gates, const float *hh, const float *hPrev,
                     int hPrevStride, const float *outputGradient, int outputStride, float *hiddenGradient,
                     float *gateGradient, float *hhGradient);

/// One plain RNN step (tanh, or relu when `relu`): writes the output to gates [rows, H] and hOut;
/// W_hh packed by rk_pack(H, H, W_hh, H, 1, ...).
void rk_rnn_forward(int rows, int hidden, int relu, int inSize, const float *x, int xStride,
                    const float *packedInput, const float *hPrev, int hPrevStride, const float *packed,
                    float *gates, const float *bias, float *hOut, int hOutStride);

/// One plain RNN step backward: gateGradient [rows, H] = (dh + outputGradient) · f'(y).
void rk_rnn_backward(int rows, int hidden, int relu, const float *gates, const float *outputGradient,
                     int outputStride, const float *hiddenGradient, float *gateGradient);

/// C[m, n] += Aᵀ · B for A [k, m] (row stride lda) and B [k, n] (row stride ldb): the weight
/// gradients dW = Σ_t dGᵀ_t · X_t over all steps, read in place (no packed operand copy), and,
/// when `sums` is non-NULL, sums[i] += Σ_p A[p][i] (the bias gradient) from the same reads.
/// Each C[i][j] and sums[i] is one sum over p = 0..<k in order, so a caller may split the rows of
/// C (offset a, c and sums) across threads and get the same bits as one call.
void rk_weight_gradient(int m, int n, int k, const float *a, int lda, const float *b, int ldb, float *c, int ldc,
                        float *sums);

/// rk_weight_gradient for two products on the same rows of A: C [m, n] += Aᵀ·B and
/// C2 [m, n2] += Aᵀ·B2 (with `sums`). When n > 4 and n2 ≤ 4 (W_hh and a narrow layer input)
/// A is read once for both (C2 then summed in blocks of 64 rows of A, so its bits differ from a
/// separate call's); otherwise two calls. Either way every element is a fixed-order sum, the same
/// whatever the split of C's rows across threads. n = 0 with 1 ≤ n2 ≤ 4 (a zero h0 in the first
/// step: no W_hh term) runs the same single read, so C2 and the sums get the bits they get with n > 4.
void rk_weight_gradient_pair(int m, int k, const float *a, int lda, int n, const float *b, int ldb, float *c, int ldc,
                             int n2, const float *b2, int ldb2, float *c2, int ldc2, float *sums);

/// sums[j] += Σ_r m[r*ld + j], rows added in order.
void rk_add_column_sums(int rows, int columns, const float *m, int ld, float *sums);

#endif
