// The inference-only LSTM time loop (LSTMInference.c) and the threads that may share it
// (InferenceTeam.c). Included by CRecurrentKernels.h; conventions there.
#ifndef RK_LSTM_INFERENCE_H
#define RK_LSTM_INFERENCE_H

#include <stddef.h>

/// One layer and direction of an inference-only LSTM pass (rk_lstm_infer): the whole time loop
/// in one call. Row-major, strides in elements; `rows` batch rows, H = `hidden`.
typedef struct {
    int steps, rows, hidden, inSize;
    /// 1: process t = steps−1 … 0 (the reverse direction).
    int reverse;
    /// 1: odd steps visit the 16-unit blocks in reverse order, so the weight panels read last
    /// (still in L1) are read first again. Does not change any result.
    int alternatesBlocks;
    /// Input of step t, row r: x[t*xStepStride + r*xRowStride + p], p < inSize.
    const float *x;
    size_t xStepStride;
    int xRowStride;
    /// W_ih packed by rk_pack_gates(4, H, inSize, ...).
    const float *packedInput;
    /// NULL, or scratch [steps, rows, 4H]: the input side (bias + x·W_ihᵀ) of every step is
    /// computed first, at once, instead of inside each step (the same arithmetic and bits).
    float *pre;
    /// h_0 [rows, H].
    const float *h0;
    /// Output of step t, row r: out[t*outStepStride + r*outRowStride + u], u < H.
    float *out;
    size_t outStepStride;
    int outRowStride;
    /// W_hh packed by rk_pack_gates(4, H, H, ...); b_ih + b_hh [4H].
    const float *packed;
    const float *bias;
    /// c_0 [rows, H], copied into `cell` first (the pass may be redone from it, see rk_lstm_infer).
    const float *cell0;
    /// [rows, H]: the running cell state, c of the last step on exit.
    float *cell;
} rk_lstm_infer_args;

/// Called by rk_lstm_infer_blocks after each step but the last (a barrier between workers);
/// nonzero stops the time loop there (the pass is abandoned and redone, see rk_lstm_infer).
typedef int (*rk_step_sync)(void *context, int step);

/// The time loop of rk_lstm_infer for the units of blocks [blockBegin, blockEnd) only (16 units
/// each), calling `sync` (if not NULL) after every step but the last. `cell` must hold c_0 (this
/// function does not read `cell0`). Each unit's result has the
/// same bits as rk_lstm_forward's (same operations in the same order) whatever the block range.
void rk_lstm_infer_blocks(const rk_lstm_infer_args *args, int blockBegin, int blockEnd, rk_step_sync sync,
                          void *syncContext);

/// An inference-only LSTM layer and direction (see rk_lstm_infer_args): writes h of every step
/// and the last cell state, no caches for backward. With `workers` > 1 the hidden units are
/// split across that many threads (the caller and persistent helper threads), which meet after
/// every step; results are bit-identical for any `workers` (each unit is computed by one thread
/// with the same operations). Runs on the calling thread alone when the helpers are busy with
/// another caller's pass, cannot be started, are not spinning right now, or recently failed to
/// keep up; a split pass in which a thread waits too long at a step (its partner lost its core)
/// is abandoned and redone alone from `cell0`. Returns the number of threads whose results were
/// kept (1 or `workers`).
int rk_lstm_infer(const rk_lstm_infer_args *args, int workers);

/// For tests: 1 makes rk_lstm_infer split every pass it may split, even when the helpers are not
/// spinning or recent passes had to be redone (the results are the same bits either way).
void rk_team_set_always_split(int on);

#endif
