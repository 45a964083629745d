// The optimiser step in AVX-512: Adam's element-wise update, the squared norm for clipping by
// global norm, and the scaling. See include/OptimizerKernels.h. Before these, the Swift loops ran
// one element at a time (sqrtss/divss; Adam ~1.7% and the Double norm ~0.4% of an LSTM 128×1
// training step, serial at any thread count).
#include "CRecurrentKernels.h"
#include "Vector512.h"

#if RK_X86

void rk_adam_step(size_t n, float *parameters, const float *gradients, float *firstMoment, float *secondMoment,
                  const rk_adam_constants *k) {
    const __m512 stepSize = _mm512_set1_ps(k->stepSize), omb1 = _mm512_set1_ps(k->oneMinusBeta1);
    const __m512 b2 = _mm512_set1_ps(k->beta2), omb2 = _mm512_set1_ps(k->oneMinusBeta2);
    const __m512 eps = _mm512_set1_ps(k->epsilon), bc2 = _mm512_set1_ps(k->biasCorrection2Sqrt);
    const __m512 decay = _mm512_set1_ps(k->decay), shrink = _mm512_set1_ps(k->shrink);
    for (size_t i = 0; i < n; i += 16) {
        __mmask16 m = rk_mask(n - i < 16 ? (int)(n - i) : 16);
        __m512 p = _mm512_maskz_loadu_ps(m, parameters + i), g = _mm512_maskz_loadu_ps(m, gradients + i);
        __m512 mo = _mm512_maskz_loadu_ps(m, firstMoment + i), v = _mm512_maskz_loadu_ps(m, secondMoment + i);
        if (k->decoupled) p = _mm512_mul_ps(p, shrink);
        if (k->l2) g = _mm512_add_ps(g, _mm512_mul_ps(decay, p));
        __m512 mi = _mm512_add_ps(mo, _mm512_mul_ps(omb1, _mm512_sub_ps(g, mo)));
        __m512 vi = _mm512_add_ps(_mm512_mul_ps(b2, v), _mm512_mul_ps(_mm512_mul_ps(omb2, g), g));
        // Masked-off lanes (zeros) are computed and not stored; FP exceptions are masked.
        __m512 denominator = _mm512_add_ps(_mm512_div_ps(_mm512_sqrt_ps(vi), bc2), eps);
        p = _mm512_sub_ps(p, _mm512_mul_ps(stepSize, _mm512_div_ps(mi, denominator)));
        _mm512_mask_storeu_ps(firstMoment + i, m, mi);
        _mm512_mask_storeu_ps(secondMoment + i, m, vi);
        _mm512_mask_storeu_ps(parameters + i, m, p);
    }
}

double rk_sum_squares(size_t n, const float *values) {
    __m512d lo = _mm512_setzero_pd(), hi = _mm512_setzero_pd();
    for (size_t i = 0; i < n; i += 16) {
        __mmask16 m = rk_mask(n - i < 16 ? (int)(n - i) : 16);
        __m512 x = _mm512_maskz_loadu_ps(m, values + i);
        __m512d a = _mm512_cvtps_pd(_mm512_castps512_ps256(x));
        __m512d b = _mm512_cvtps_pd(_mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(x), 1)));
        lo = _mm512_add_pd(lo, _mm512_mul_pd(a, a));
        hi = _mm512_add_pd(hi, _mm512_mul_pd(b, b));
    }
    double lanes[16];
    _mm512_storeu_pd(lanes, lo);
    _mm512_storeu_pd(lanes + 8, hi);
    for (int width = 8; width >= 1; width /= 2)
        for (int l = 0; l < width; l++) lanes[l] += lanes[l + width];
    return lanes[0];
}

void rk_scale(size_t n, float *values, float factor) {
    const __m512 f = _mm512_set1_ps(factor);
    for (size_t i = 0; i < n; i += 16) {
        __mmask16 m = rk_mask(n - i < 16 ? (int)(n - i) : 16);
        _mm512_mask_storeu_ps(values + i, m, _mm512_mul_ps(_mm512_maskz_loadu_ps(m, values + i), f));
    }
}

#pragma clang attribute pop
#else
void rk_adam_step(size_t n, float *parameters, const float *gradients, float *firstMoment, float *secondMoment,
                  const rk_adam_constants *constants) {}
double rk_sum_squares(size_t n, const float *values) { return 0; }
void rk_scale(size_t n, float *values, float factor) {}
#endif
