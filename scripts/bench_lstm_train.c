// The three products of an LSTM layer's training step (hidden 128 or HIDDEN, 1 input, batch 64, 48 steps), C kernels only: the
// fused forward (rk_lstm_forward per step: h·W_hhᵀ + gates + cell update), the backward's
// dgates·W_hh per step (rk_gemm_packed) and the weight gradient over all steps
// (rk_weight_gradient_pair). Prints each one's rate in GFLOP/s of its GEMM FLOPs (the median of
// many passes) and the forward's and the weight gradient's rate over the packed product's, which
// was measured in the same minutes: on a host whose speed moves by up to 1.8× from one 100 ms to
// the next, ratios between kernels run side by side are what a kernel change can be judged by.
// Run by hand, never by CI:
//   clang -O3 -ISources/CRecurrentKernels/include -pthread scripts/bench_lstm_train.c \
//       Sources/CRecurrentKernels/*.c -o /tmp/bench_lstm_train && /tmp/bench_lstm_train [PASSES [HIDDEN]]
#include "CRecurrentKernels.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int H = 128, G = 512;
enum { B = 64, T = 48 };

static double wall(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec * 1e-9; }
static int ascending(const void *a, const void *b) { double x = *(const double *)a, y = *(const double *)b; return x < y ? -1 : x > y; }
static float *filled(size_t n) {
    float *p = aligned_alloc(64, (n * 4 + 63) / 64 * 64);
    for (size_t i = 0; i < n; i++) p[i] = (float)((i * 2654435761u) % 1000) / 1000.0f * 0.2f - 0.1f;
    return p;
}

static float *x, *packedInput, *packedGates, *packedBackward, *bias, *gates, *cells, *out, *c0, *dA, *dh, *dWhh, *dWih, *sums;

static void forward(void) {
    for (int t = 0; t < T; t++)
        rk_lstm_forward(B, H, 1, x + t * B, 1, packedInput, t ? out + (t - 1) * B * H : 0, H, packedGates,
                        gates + (size_t)t * B * G, bias, t ? cells + (t - 1) * B * H : c0, cells + t * B * H, 0,
                        out + t * B * H, H);
}
static void hiddenProducts(void) {
    for (int t = T - 1; t > 0; t--) rk_gemm_packed(B, H, G, dA + (size_t)t * B * G, G, packedBackward, dh, H, 0);
}
static void weightGradient(void) {
    rk_weight_gradient_pair(G, (T - 1) * B, dA + B * G, G, H, out, H, dWhh, H, 1, x + B, 1, dWih, 1, sums);
    rk_weight_gradient_pair(G, B, dA, G, 0, c0, H, dWhh, H, 1, x, 1, dWih, 1, sums);
}

int main(int argc, char **argv) {
    if (!rk_available()) { fprintf(stderr, "the AVX-512 kernels do not run on this CPU\n"); return 1; }
    const int passes = argc > 1 ? atoi(argv[1]) : 60;
    if (argc > 2) { H = atoi(argv[2]); G = 4 * H; }
    float *wih = filled(G), *whh = filled((size_t)G * H);
    packedInput = filled(rk_gate_packed_count(4, H, 1));
    packedGates = filled(rk_gate_packed_count(4, H, H));
    packedBackward = filled(rk_packed_count(G, H));
    rk_pack_gates(4, H, 1, wih, 1, packedInput);
    rk_pack_gates(4, H, H, whh, H, packedGates);
    rk_pack(G, H, whh, H, 0, packedBackward);
    bias = filled(G); x = filled(T * B); gates = filled((size_t)T * B * G); cells = filled(T * B * H);
    out = filled(T * B * H); c0 = calloc(B * H, sizeof(float)); dA = filled((size_t)T * B * G); dh = filled(B * H);
    dWhh = filled((size_t)G * H); dWih = filled(G); sums = filled(G);

    double *f = malloc(passes * sizeof(double)), *p = malloc(passes * sizeof(double)), *w = malloc(passes * sizeof(double));
    for (int r = 0; r < passes; r++) {
        double t0 = wall(); forward();
        double t1 = wall(); hiddenProducts();
        double t2 = wall(); weightGradient();
        double t3 = wall();
        f[r] = t1 - t0; p[r] = t2 - t1; w[r] = t3 - t2;
    }
    qsort(f, passes, sizeof(double), ascending); qsort(p, passes, sizeof(double), ascending);
    qsort(w, passes, sizeof(double), ascending);
    // Every product counts the FLOPs of the 47 steps after the first (the first step's h0 is zero).
    const double flops = 2.0 * B * H * G * (T - 1);
    const double rf = flops / f[passes / 2] / 1e9, rp = flops / p[passes / 2] / 1e9, rw = flops / w[passes / 2] / 1e9;
    printf("forward %.1f  dgates·W_hh %.1f  weight gradient %.1f GFLOP/s;  forward / packed %.3f  weight gradient / packed %.3f\n",
           rf, rp, rw, rf / rp, rw / rp);
    return 0;
}
