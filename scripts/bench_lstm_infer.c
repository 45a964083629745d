// Batch-1 LSTM inference, C kernels only (no Swift, no head): the training forward kernel
// called step by step (rk_lstm_forward, writing the caches backward reads) against the
// forward-only rk_lstm_infer. Times every window and prints the median and 90th-percentile
// rate, which on a shared machine say more than the mean (a window is ~0.1 ms, a preemption
// several). Run by hand, never by CI:
//   clang -O3 -ISources/CRecurrentKernels/include -pthread scripts/bench_lstm_infer.c \
//       Sources/CRecurrentKernels/*.c -o /tmp/bench_lstm_infer
//   /tmp/bench_lstm_infer HIDDEN LAYERS KERNEL ALTERNATE PRECOMPUTE_FROM_LAYER THREADS [WINDOWS]
//   KERNEL 0 = rk_lstm_forward per step, 1 = rk_lstm_infer, 2 = rk_lstm_infer_blocks over the first
//   half of the 16-unit blocks on one thread (the share of one of two workers, without the other);
//   e.g. `128 1 1 1 9 1`, `64 2 1 1 1 1`. BENCH_ALWAYS_SPLIT=1 splits every pass (rk_team_set_always_split).
#include "CRecurrentKernels.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <stdint.h>
#include <immintrin.h>

static double wall(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec * 1e-9; }
static double cpu(void) { struct timespec t; clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t); return t.tv_sec + t.tv_nsec * 1e-9; }
static int ascending(const void *a, const void *b) { double x = *(const double *)a, y = *(const double *)b; return x < y ? -1 : x > y; }
/// Sums `n` floats (a multiple of 64) with 64-byte loads and nothing else, backwards when `back`
/// (as the kernel's odd steps): the bare cost of streaming the weights once.
__attribute__((target("avx512f"), noinline)) static float sweep(const float *p, size_t n, int back) {
    __m512 a0 = _mm512_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
    for (size_t k = 0; k < n; k += 64) {
        const float *q = back ? p + n - 64 - k : p + k;
        a0 = _mm512_add_ps(a0, _mm512_load_ps(q)); a1 = _mm512_add_ps(a1, _mm512_load_ps(q + 16));
        a2 = _mm512_add_ps(a2, _mm512_load_ps(q + 32)); a3 = _mm512_add_ps(a3, _mm512_load_ps(q + 48));
    }
    return _mm512_reduce_add_ps(_mm512_add_ps(_mm512_add_ps(a0, a1), _mm512_add_ps(a2, a3)));
}
static unsigned long long state = 88172645463325252ULL;
static float uniform(void) { state ^= state << 13; state ^= state >> 7; state ^= state << 17; return ((state >> 40) / (float)(1 << 24) - 0.5f) * 0.3f; }
static float *zeros(size_t n) { float *p = aligned_alloc(64, (n * 4 + 63) / 64 * 64); memset(p, 0, n * 4); return p; }

typedef struct { int hidden, inSize; float *bias, *packedInput, *packed; } Layer;
static Layer layer(int H, int I) {
    Layer l = { H, I, zeros(4 * H), zeros(rk_gate_packed_count(4, H, I)), zeros(rk_gate_packed_count(4, H, H)) };
    float *wih = zeros(4 * H * I), *whh = zeros(4 * H * H);
    for (int i = 0; i < 4 * H * I; i++) wih[i] = uniform();
    for (int i = 0; i < 4 * H * H; i++) whh[i] = uniform();
    for (int i = 0; i < 4 * H; i++) l.bias[i] = uniform();
    rk_pack_gates(4, H, I, wih, I, l.packedInput);
    rk_pack_gates(4, H, H, whh, H, l.packed);
    return l;
}

int main(int argc, char **argv) {
    if (argc < 7) { fprintf(stderr, "usage: see the comment at the top\n"); return 2; }
    const int H = atoi(argv[1]), L = atoi(argv[2]), kernel = atoi(argv[3]), alternate = atoi(argv[4]);
    const int precomputeFrom = atoi(argv[5]), threads = atoi(argv[6]), windows = argc > 7 ? atoi(argv[7]) : 3000;
    const int T = 48;
    if (getenv("BENCH_ALWAYS_SPLIT")) rk_team_set_always_split(1);
    // BENCH_SCRUB=1: compare two W_hh-sized buffers before each window, as the Swift caller
    // checks its packed weights are current (packForward's memcmp).
    const int scrub = getenv("BENCH_SCRUB") != 0;
    float *scrubA = zeros(4 * H * H), *scrubB = zeros(4 * H * H);
    int scrubbed = 0;
    Layer layers[2] = { layer(H, 1), layer(H, H) };
    float *x = zeros(T), *out[2] = { zeros(T * H), zeros(T * H) }, *gates = zeros(T * 4 * H), *cells = zeros(T * H);
    float *tanhCells = zeros(T * H), *h0 = zeros(H), *c0 = zeros(H), *cell = zeros(H), *pre = zeros(T * 4 * H);
    for (int t = 0; t < T; t++) x[t] = uniform() * 5;
    // BENCH_BARE=1: after each window, time T bare sweeps over layer 0's packed W_hh (the bytes
    // one window's steps read), alternating direction, and report both rates in GB/s.
    const int bare = getenv("BENCH_BARE") != 0;
    double *bareSeconds = malloc(sizeof(double) * windows);
    volatile float bareSink = 0;
    double *seconds = malloc(sizeof(double) * windows), *splitSeconds = malloc(sizeof(double) * windows), w0 = 0, c0Time = 0;
    int ran = 1, splitWindows = 0;
    rk_team_counts before;
    for (int round = 0; round < 2; round++) {
        if (round == 1) { w0 = wall(); c0Time = cpu(); rk_team_get_counts(&before); }
        for (int n = 0; n < (round ? windows : 200); n++) {
            double start = wall();
            if (scrub) scrubbed += memcmp(scrubA, scrubB, (size_t)4 * 4 * H * H);
            for (int k = 0; k < L; k++) {
                const Layer *l = &layers[k];
                const float *in = k ? out[k - 1] : x;
                if (kernel == 0) {
                    for (int t = 0; t < T; t++)
                        rk_lstm_forward(1, H, l->inSize, in + t * l->inSize, l->inSize, l->packedInput,
                                        t ? out[k] + (t - 1) * H : h0, H, l->packed, gates + t * 4 * H, l->bias,
                                        t ? cells + (t - 1) * H : c0, cells + t * H, tanhCells + t * H, out[k] + t * H, H);
                } else {
                    rk_lstm_infer_args a = { T, 1, H, l->inSize, 0, alternate, in, (size_t)l->inSize, l->inSize,
                                             l->packedInput, k >= precomputeFrom ? pre : 0, h0, out[k], (size_t)H, H,
                                             l->packed, l->bias, c0, cell };
                    if (kernel == 2) rk_lstm_infer_blocks(&a, 0, (H / 16 + 1) / 2);  // half the units alone
                    else ran = rk_lstm_infer(&a, threads);
                }
            }
            if (round == 1) seconds[n] = wall() - start;
            if (bare) {
                double b0 = wall();
                for (int t = 0; t < T; t++) bareSink += sweep(layers[0].packed, (size_t)4 * H * H, t & 1);
                if (round == 1) bareSeconds[n] = wall() - b0;
            }
            if (round == 1 && ran > 1) splitSeconds[splitWindows++] = seconds[n];
        }
    }
    double w = wall() - w0, c = cpu() - c0Time;
    qsort(seconds, windows, sizeof(double), ascending);
    qsort(splitSeconds, splitWindows, sizeof(double), ascending);
    rk_team_counts after;
    rk_team_get_counts(&after);
    printf("H %d x %d, %s, alternate %d, precompute from layer %d, threads %d (last pass ran on %d): "
           "median %.0f, p90 %.0f windows/s per window; %.0f windows/s wall, %.0f per CPU-second\n",
           H, L, kernel ? "rk_lstm_infer" : "rk_lstm_forward per step", alternate, precomputeFrom, threads, ran,
           1 / seconds[windows / 2], 1 / seconds[windows / 10], windows / w, windows / c);
    if (bare) {
        qsort(bareSeconds, windows, sizeof(double), ascending);
        const double bytes = (double)T * L * 4 * 4 * H * H;  // W_hh of every layer, every step
        printf("  W_hh reads: kernel %.1f GB/s, bare 64-byte loads %.1f GB/s (medians over windows; bare = layer 0's W_hh %d times)\n",
               bytes / seconds[windows / 2] / 1e9, (double)T * 4 * 4 * H * H / bareSeconds[windows / 2] / 1e9, T);
    }
    if (after.requested > before.requested)
        printf("  split passes %llu of %llu (alone: busy %llu, cold %llu, late %llu, backoff %llu; slow %llu; shares taken over %llu); "
               "median of split windows %.0f windows/s\n", after.split - before.split, after.requested - before.requested,
               after.busy - before.busy, after.cold - before.cold, after.late - before.late, after.backoff - before.backoff,
               after.slow - before.slow, after.taken - before.taken,
               splitWindows ? 1 / splitSeconds[splitWindows / 2] : 0.0);
#ifdef RK_TEAM_PROFILE
    extern uint64_t rk_profile_compute[], rk_profile_wait[], rk_profile_steps[];
    for (int w = 0; w < threads; w++)
        if (rk_profile_steps[w])
            printf("  worker %d: %.0f TSC ticks computing, %.0f waiting per step\n", w,
                   (double)rk_profile_compute[w] / rk_profile_steps[w], (double)rk_profile_wait[w] / rk_profile_steps[w]);
#endif
    return scrubbed;
}
