// Float kernels for the optimiser step (OptimizerKernels.c): Adam's element-wise update and the
// squared L2 norm for gradient clipping. Included by CRecurrentKernels.h; call only when
// rk_available() is 1.
#ifndef RK_OPTIMIZER_KERNELS_H
#define RK_OPTIMIZER_KERNELS_H

#include <stddef.h>

/// The constants of one Adam step, computed by the caller (Training.Adam) exactly as its scalar
/// loop uses them.
typedef struct {
    float stepSize, oneMinusBeta1, beta2, oneMinusBeta2, epsilon, biasCorrection2Sqrt;
    /// L2 weight decay λ (added to the gradient) when `l2` is 1; AdamW's factor 1 − lr·λ when `decoupled` is 1.
    float decay, shrink;
    int l2, decoupled;
} rk_adam_constants;

/// One Adam step over n parameters, 16 lanes at a time, with the scalar loop's operations in
/// its order (no fused multiply-adds), so each element gets exactly the scalar loop's bits:
///   p ← p·shrink (decoupled);  g ← g + decay·p (l2);  m ← m + (1−β1)·(g − m);
///   v ← β2·v + ((1−β2)·g)·g;  p ← p − stepSize·(m / (√v / √(1−β2ᵗ) + ε)).
void rk_adam_step(size_t n, float *parameters, const float *gradients, float *firstMoment, float *secondMoment,
                  const rk_adam_constants *constants);

/// Σ gᵢ² over n floats, each square and sum in double, in a fixed order that depends only on n:
/// 16 lanes (two sets of 8 doubles) over blocks of 16, the remainder masked, then the lanes
/// summed pairwise.
double rk_sum_squares(size_t n, const float *values);

/// values[i] *= factor over n floats.
void rk_scale(size_t n, float *values, float factor);

#endif
