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
    /// c_0 [rows, H]: read first (copied into `cell`, or into the pass memory of a split pass).
    const float *cell0;
    /// [rows, H]: the running cell state, c of the last step on exit.
    float *cell;
} rk_lstm_infer_args;

/// The input side (bias + x·W_ihᵀ) of every step for the units of blocks [blockBegin,
/// blockEnd): pre[(t·rows + r)·4H + g·H + u] from x[t·xStepStride + r·args->xRowStride + p].
void rk_lstm_infer_project(const rk_lstm_infer_args *args, int blockBegin, int blockEnd, const float *x,
                           size_t xStepStride, float *pre);

/// Processing step `s` (it decides the block order) for the units of blocks [blockBegin,
/// blockEnd), 16 units each: `x` (that step's input rows, row stride args->xRowStride) or `pre`
/// (its precomputed input side, row stride 4H) or neither; h_prev rows `hPrevStride` apart;
/// c read from `cellIn` and written to `cellOut` (row stride H; may be the same buffer); h written
/// to `hOut`. Each unit's result has the same bits as rk_lstm_forward's (same operations in the
/// same order) whatever the block range and whichever input form.
void rk_lstm_infer_span(const rk_lstm_infer_args *args, int s, int blockBegin, int blockEnd, const float *x,
                        const float *pre, const float *hPrev, int hPrevStride, const float *cellIn, float *cellOut,
                        float *hOut, int hOutStride);

/// The time loop of rk_lstm_infer on the calling thread for the units of blocks [blockBegin,
/// blockEnd): `cell` must hold c_0 (this function does not read `cell0`).
void rk_lstm_infer_blocks(const rk_lstm_infer_args *args, int blockBegin, int blockEnd);

/// An inference-only LSTM layer and direction (see rk_lstm_infer_args): writes h of every step
/// and the last cell state, no caches for backward. With `workers` > 1 the hidden units are
/// split across that many threads (the caller and persistent helper threads) that meet after
/// every step; a thread that finds another's share of a step missing (that thread lost its core)
/// computes it itself, so a pass never waits long for a thread that is not running. Results are
/// bit-identical for any `workers` (each unit's step is computed with the same operations, by
/// whichever thread). Runs on the calling thread alone when the helpers are busy with another
/// caller's pass, cannot be started, are not spinning right now, or are still finishing an
/// earlier pass, and backs off (runs alone for a while, helpers asleep) after split passes that
/// cost more than passes alone (a loaded machine), so a split never costs much more than one
/// thread. Returns the number of threads the pass was split across (1 or `workers`).
int rk_lstm_infer(const rk_lstm_infer_args *args, int workers);

/// Waits until no helper thread is still inside an earlier split pass (one that lost its core
/// may finish a share of a pass its caller has already completed, reading that pass's weights).
/// Call before freeing memory that rk_lstm_infer read (packed weights, bias).
void rk_team_quiesce(void);

/// For tests: 1 makes rk_lstm_infer split every pass it may split, even when the helpers are not
/// spinning (the results are the same bits either way).
void rk_team_set_always_split(int on);

/// For tests: helper threads pause `microseconds` inside their own share of processing step
/// `step` of every split pass, after computing it and before publishing it (as if they lost
/// their core there), so the other threads take it over. 0 microseconds: off.
void rk_team_set_helper_stall(int step, unsigned microseconds);

/// How rk_lstm_infer passes that asked for more than one worker ran, since the process started:
/// `split` of `requested` were split; the others ran alone because another caller's pass had the
/// helpers (`busy`), a helper was not spinning (`cold`), was still inside an earlier pass
/// (`late`), or recent split passes did not pay (`backoff`: they cost more than passes alone, or
/// the helpers did not get a core when woken). `taken`: shares of a step that a thread computed
/// for another that was late; `slow`: times the split passes' running mean cost more than the alone one.
/// For benchmarks and tests.
typedef struct { unsigned long long requested, split, busy, cold, late, taken, backoff, slow; } rk_team_counts;
void rk_team_get_counts(rk_team_counts *counts);

#endif
