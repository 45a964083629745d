// Threads for rk_lstm_infer: the caller plus persistent helper threads split one layer's hidden
// units into shares (contiguous 16-unit blocks) and meet after every step. A step takes about a
// microsecond, so they spin rather than sleep; helpers spin for a while after a pass (the next
// inference call usually follows at once) and then sleep on a condition variable.
//
// Threads lose their core on a shared machine, so no thread waits long for another: a worker that
// finds another's share of a step missing computes it itself (same operations, same bits) — at
// once when that worker is not running, after a short grace when it is between steps, after a few
// shares' time when it is inside the share. A worker that comes back late may then compute a share
// again; that is harmless because every step writes its own slots (h and c of step s+1 from those of
// step s, in pass-owned `stage` memory, never in place), so the late copy writes the same bits to
// the same places. The caller copies h and c out of the stage when every share of the last step is
// done, and hands out the next split pass only once every helper has left this one, so a late
// helper never writes memory anyone still reads. What a late helper may still read after its
// caller returned is the weights; rk_team_quiesce waits for it before they are freed.
#include "CRecurrentKernels.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#if defined(__x86_64__)
#include <immintrin.h>
#define RK_PAUSE() _mm_pause()
#else
#define RK_PAUSE() ((void)0)
#endif

enum { rk_max_workers = 8 };

/// Nanoseconds on a monotonic clock.
static uint64_t rk_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/// How long a helper keeps spinning for the next pass before it sleeps: longer than a pass alone
/// (~0.1 ms at batch 1, H 128), else a pass that runs alone (its helper was cold) outlasts the
/// helper's spin, and the next finds it asleep again (100 µs: 10–40% of the passes were cold).
static const uint64_t rk_idle_spin_ns = 1000000;
/// A helper whose last spin is older than this is not counted on for a pass.
#ifndef RK_TEAM_HOT_NS
#define RK_TEAM_HOT_NS 20000
#endif
static const uint64_t rk_hot_ns = RK_TEAM_HOT_NS;
/// How long a pass waits for a helper that has not yet left the previous one.
static const uint64_t rk_late_wait_ns = 3000;
/// How long a worker that has done its own share of step s waits for another's before computing
/// it itself. When the other is at step s (inside its share): rk_stall_ns, several times a
/// share's ~0.5 µs (it lost its core inside the share). When it is still at step s−1, it did
/// not move while this worker computed a whole share (workers running side by side see a step
/// complete within ~0.1 µs of each other, the time a cache line takes between the cores), so it
/// is most likely not running (both threads on one core, or preempted): rk_grace_ns only.
/// Earlier than s−1: at once.
static const uint64_t rk_grace_ns = 300, rk_stall_ns = 5000;

typedef struct { _Alignas(64) _Atomic uint64_t value; } rk_padded_u64;

/// A split pass's memory besides the weights: the input rows copied (the caller's buffer may be
/// gone when a late helper reads it), the precomputed input side, h and c of every step, and for
/// each worker the generation at which its share of each step was done.
typedef struct {
    void *block;
    size_t bytes;
    float *x, *pre, *h, *c;   // x [T][rows][I]; pre [T][rows][4H]; h, c [T+1][rows][H] (slot 0: h0, c0)
    _Atomic uint64_t *done;   // [workers][doneStride]
    size_t doneStride;
} rk_stage;

static struct {
    pthread_mutex_t passLock;      // held by the caller whose pass uses the helpers
    pthread_mutex_t sleepLock;
    pthread_cond_t wake;
    int helpers;                   // helper threads started (worker indices 1...helpers)
    int sleepers;                  // helpers waiting on `wake` (under sleepLock)
    _Alignas(64) _Atomic uint64_t generation;  // incremented to hand out a pass (first pass: 1)
    rk_lstm_infer_args a;          // the pass, pointing into `stage` (x, pre)
    int workers, blocks, precomputes;
    rk_stage stage;
    rk_padded_u64 reached[rk_max_workers];   // s+1: the worker is at processing step s of this pass
    rk_padded_u64 preDone[rk_max_workers];   // generation: the worker's share of `pre` is written
    rk_padded_u64 left[rk_max_workers];      // generation of the last pass the helper left
    rk_padded_u64 heartbeat[rk_max_workers]; // rk_now() of a helper's last spin
    unsigned pokes;                          // under sleepLock: wakes sleeping helpers without a pass
    uint64_t startGeneration[rk_max_workers];  // the generation each helper was started at
} team = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER };

static _Atomic int rk_always_split;
void rk_team_set_always_split(int on) { atomic_store(&rk_always_split, on); }
static _Atomic int rk_stall_step;
static _Atomic unsigned rk_stall_us;
void rk_team_set_helper_stall(int step, unsigned microseconds) {
    atomic_store(&rk_stall_step, step);
    atomic_store(&rk_stall_us, microseconds);
}

static struct { _Atomic unsigned long long requested, split, busy, cold, late, taken, backoff, slow; } rk_counts;
void rk_team_get_counts(rk_team_counts *out) {
    out->requested = atomic_load(&rk_counts.requested); out->split = atomic_load(&rk_counts.split);
    out->busy = atomic_load(&rk_counts.busy); out->cold = atomic_load(&rk_counts.cold);
    out->late = atomic_load(&rk_counts.late); out->taken = atomic_load(&rk_counts.taken);
    out->backoff = atomic_load(&rk_counts.backoff); out->slow = atomic_load(&rk_counts.slow);
}
#define RK_COUNT(name) atomic_fetch_add_explicit(&rk_counts.name, 1, memory_order_relaxed)

/// Whether splitting pays, judged from the passes themselves (results never depend on it: a pass
/// gives the same bits alone or split). Two backoffs, each 15 passes, doubling up to
/// rk_max_backoff while the cause persists:
/// - split: running means of the cost of passes alone and split (ns per 4096 units of steps ×
///   rows × blocks × hidden). When the split mean, over at least rk_judge_after split passes,
///   exceeds the alone mean (the helpers lose their cores mid-pass, as on a loaded machine), the
///   next `splitBackoff` passes run alone and the split mean starts afresh; a split mean below
///   the alone mean clears the backoff.
/// - wake: a pass that finds a helper not spinning (cold) runs alone and wakes it for the next
///   one. After rk_colds_in_a_row such passes in a row (a woken helper does not get a core: it
///   would only take CPU time from the caller), the next `wakeBackoff` cold passes do not wake it;
///   a helper that spins anyway (it was not asleep) still gets split passes. A split clears it.
enum { rk_first_backoff = 15, rk_max_backoff = 255, rk_judge_after = 4, rk_colds_in_a_row = 4 };
static struct {
    _Atomic uint64_t aloneCost, splitCost;
    _Atomic unsigned splitSkip, splitBackoff, splitSamples, colds, wakeSkip, wakeBackoff;
} rk_adapt;

static uint64_t rk_pass_cost(uint64_t ns, const rk_lstm_infer_args *a, int blocks) {
    uint64_t units = (uint64_t)a->steps * (uint64_t)a->rows * (uint64_t)blocks * (uint64_t)a->hidden;
    return ns * 4096 / (units ? units : 1);
}

/// Folds one pass's cost into a running mean (weight 1/8; a sample is capped at twice the mean,
/// so one pass that lost its core for long does not dominate it).
static void rk_fold_cost(_Atomic uint64_t *mean, uint64_t cost) {
    const uint64_t old = atomic_load_explicit(mean, memory_order_relaxed);
    if (old && cost > 2 * old) cost = 2 * old;
    atomic_store_explicit(mean, old ? old - old / 8 + cost / 8 : cost, memory_order_relaxed);
}

/// Doubles `backoff` (from rk_first_backoff, up to rk_max_backoff) and sets `skip` to it.
static void rk_back_off(_Atomic unsigned *backoff, _Atomic unsigned *skip) {
    unsigned b = atomic_load_explicit(backoff, memory_order_relaxed);
    b = b ? (b * 2 + 1 > rk_max_backoff ? rk_max_backoff : b * 2 + 1) : rk_first_backoff;
    atomic_store_explicit(backoff, b, memory_order_relaxed);
    atomic_store_explicit(skip, b, memory_order_relaxed);
}

/// Takes one pass from `skip` if it is not 0; returns whether it was.
static int rk_skipping(_Atomic unsigned *skip) {
    const unsigned n = atomic_load_explicit(skip, memory_order_relaxed);
    if (n) atomic_store_explicit(skip, n - 1, memory_order_relaxed);
    return n != 0;
}

/// Worker `w`'s blocks of `blocks`, split as evenly as they go.
static void rk_share(int w, int workers, int blocks, int *begin, int *end) {
    *begin = w * blocks / workers;
    *end = (w + 1) * blocks / workers;
}

static _Atomic uint64_t *rk_done(int w, int s) { return team.stage.done + (size_t)w * team.stage.doneStride + s; }

/// Computes share `v` of processing step `s` of pass `g` (on whichever thread) and publishes it.
static void rk_compute_share(int self, int v, int s, uint64_t g) {
    const rk_lstm_infer_args *a = &team.a;
    const int T = a->steps, rows = a->rows, H = a->hidden, I = a->inSize;
    const int t = a->reverse ? T - 1 - s : s;
    int begin, end;
    rk_share(v, team.workers, team.blocks, &begin, &end);
    // The precomputed input side if its owner wrote it, else the same sums inside the step.
    const float *pre = team.precomputes && atomic_load_explicit(&team.preDone[v].value, memory_order_acquire) == g
                           ? team.stage.pre + (size_t)t * rows * 4 * H : 0;
    const float *x = pre || !a->x ? 0 : team.stage.x + (size_t)t * rows * I;
    const float *hPrev = team.stage.h + (size_t)s * rows * H;
    // Every line of h_prev at once: the other shares' lines come from the other cores, in parallel
    // rather than one by one as the first block's sums reach them.
    for (size_t i = 0; i < (size_t)rows * H; i += 16) __builtin_prefetch(hPrev + i);
    rk_lstm_infer_span(a, s, begin, end, x, pre, hPrev, H, team.stage.c + (size_t)s * rows * H,
                       team.stage.c + (size_t)(s + 1) * rows * H, team.stage.h + (size_t)(s + 1) * rows * H, H);
    if (self != 0 && self == v && s == atomic_load_explicit(&rk_stall_step, memory_order_relaxed)) {
        unsigned us = atomic_load_explicit(&rk_stall_us, memory_order_relaxed);
        if (us) {
            struct timespec pause = { 0, (long)us * 1000 };
            nanosleep(&pause, 0);
        }
    }
    atomic_store_explicit(rk_done(v, s), g, memory_order_release);
}

/// Returns once share `v` of step `s` is done, computing it here if its worker is late.
static void rk_await_share(int w, int v, int s, uint64_t g) {
    uint64_t start = 0;
    unsigned spins = 0;
    while (atomic_load_explicit(rk_done(v, s), memory_order_acquire) != g) {
        const uint64_t reached = atomic_load_explicit(&team.reached[v].value, memory_order_relaxed);
        const uint64_t patience = reached >= (uint64_t)s + 1 ? rk_stall_ns : reached == (uint64_t)s ? rk_grace_ns : 0;
        if (patience && (spins++ & 15)) { RK_PAUSE(); continue; }
        const uint64_t now = rk_now();
        if (!start) start = now;
        if (now - start >= patience) {
            rk_compute_share(w, v, s, g);
            RK_COUNT(taken);
            return;
        }
        RK_PAUSE();
    }
}

/// Worker `w`'s part of pass `g`: its share of every step, and any share another worker is late with.
#ifdef RK_TEAM_PROFILE
uint64_t rk_profile_compute[rk_max_workers], rk_profile_wait[rk_max_workers], rk_profile_steps[rk_max_workers];
#endif
static void rk_work(int w, uint64_t g) {
    const rk_lstm_infer_args *a = &team.a;
    const int W = team.workers;
    int begin, end;
    rk_share(w, W, team.blocks, &begin, &end);
    if (team.precomputes) {
        rk_lstm_infer_project(a, begin, end, a->x, a->xStepStride, team.stage.pre);
        atomic_store_explicit(&team.preDone[w].value, g, memory_order_release);
    }
    for (int s = 0; s < a->steps; s++) {
        atomic_store_explicit(&team.reached[w].value, (uint64_t)s + 1, memory_order_relaxed);
#ifdef RK_TEAM_PROFILE
        uint64_t t0 = __rdtsc();
#endif
        if (atomic_load_explicit(rk_done(w, s), memory_order_acquire) != g) rk_compute_share(w, w, s, g);
#ifdef RK_TEAM_PROFILE
        uint64_t t1 = __rdtsc();
#endif
        for (int v = 0; v < W; v++)
            if (v != w) rk_await_share(w, v, s, g);
#ifdef RK_TEAM_PROFILE
        rk_profile_compute[w] += t1 - t0; rk_profile_wait[w] += __rdtsc() - t1; rk_profile_steps[w]++;
#endif
    }
}

static void *rk_helper_main(void *context) {
    int w = (int)(intptr_t)context;
    // The generation before this helper's first pass (set by rk_start_helpers under passLock,
    // before that pass is handed out), not the current one: the pass may already be out.
    uint64_t seen = team.startGeneration[w];
    for (;;) {
        uint64_t start = rk_now(), last = start, g;
        unsigned spins = 0, restarted = 0;
        while ((g = atomic_load_explicit(&team.generation, memory_order_acquire)) == seen) {
            uint64_t t = (++spins & 63) == 0 ? rk_now() : 0;
            if (t) {
                atomic_store_explicit(&team.heartbeat[w].value, t, memory_order_relaxed);
                // Away for a while (the core was taken, e.g. real-time throttling): not idle time,
                // so spin on for the next pass — once per idle spell, so that a helper that keeps
                // losing its core (a loaded machine) still goes to sleep.
                if (t - last > rk_idle_spin_ns / 4 && !restarted++) start = t;
                last = t;
            }
            if (!t || t - start < rk_idle_spin_ns) { RK_PAUSE(); continue; }
            pthread_mutex_lock(&team.sleepLock);
            unsigned pokes = team.pokes;
            team.sleepers++;
            while (atomic_load_explicit(&team.generation, memory_order_acquire) == seen && team.pokes == pokes)
                pthread_cond_wait(&team.wake, &team.sleepLock);
            team.sleepers--;
            pthread_mutex_unlock(&team.sleepLock);
            start = rk_now();  // a pass or a poke: spin again
        }
        seen = g;
        if (w < team.workers) rk_work(w, g);
        atomic_store_explicit(&team.heartbeat[w].value, rk_now(), memory_order_relaxed);
        atomic_store_explicit(&team.left[w].value, g, memory_order_release);
    }
    return 0;
}

/// Starts helpers until there are `wanted` (or as many as could be started); under passLock.
static void rk_start_helpers(int wanted) {
    while (team.helpers < wanted && team.helpers + 1 < rk_max_workers) {
        pthread_t thread;
        const int w = team.helpers + 1;
        team.startGeneration[w] = atomic_load_explicit(&team.generation, memory_order_relaxed);
        atomic_store_explicit(&team.left[w].value, team.startGeneration[w], memory_order_relaxed);
        pthread_attr_t attributes;
        pthread_attr_init(&attributes);
        pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
        int failed = pthread_create(&thread, &attributes, rk_helper_main, (void *)(intptr_t)w);
        pthread_attr_destroy(&attributes);
        if (failed) break;
        team.helpers++;
    }
}

/// Whether every helper has left the last pass handed out.
static int rk_helpers_left(void) {
    const uint64_t g = atomic_load_explicit(&team.generation, memory_order_relaxed);
    for (int h = 1; h <= team.helpers; h++)
        if (atomic_load_explicit(&team.left[h].value, memory_order_acquire) != g) return 0;
    return 1;
}

void rk_team_quiesce(void) {
    pthread_mutex_lock(&team.passLock);
    while (!rk_helpers_left()) sched_yield();
    pthread_mutex_unlock(&team.passLock);
}

static size_t rk_round64(size_t bytes) { return (bytes + 63) / 64 * 64; }

/// Makes `team.stage` large enough for `args` split `workers` ways; 0 if memory ran out. Under
/// passLock with every helper out of the previous pass (nobody reads the stage).
static int rk_prepare_stage(const rk_lstm_infer_args *args, int workers, int precomputes) {
    const size_t T = (size_t)args->steps, rows = (size_t)args->rows, H = (size_t)args->hidden, I = (size_t)args->inSize;
    const size_t xBytes = rk_round64(T * rows * I * 4), preBytes = precomputes ? rk_round64(T * rows * 4 * H * 4) : 0;
    const size_t stateBytes = rk_round64((T + 1) * rows * H * 4), doneStride = (T + 7) / 8 * 8;
    const size_t bytes = xBytes + preBytes + 2 * stateBytes + (size_t)workers * doneStride * 8;
    rk_stage *st = &team.stage;
    if (bytes > st->bytes) {
        void *block = 0;
        if (posix_memalign(&block, 64, bytes) != 0) return 0;
        memset(block, 0, bytes);  // no stale generation in `done`
        free(st->block);
        st->block = block;
        st->bytes = bytes;
    }
    char *p = st->block;
    st->x = (float *)p; p += xBytes;
    st->pre = (float *)p; p += preBytes;
    st->h = (float *)p; p += stateBytes;
    st->c = (float *)p; p += stateBytes;
    st->done = (_Atomic uint64_t *)p;
    st->doneStride = doneStride;
    return 1;
}

/// The whole pass on the calling thread.
static int rk_alone(const rk_lstm_infer_args *args, int blocks) {
    if (args->cell0 != args->cell)
        for (size_t i = 0; i < (size_t)args->rows * args->hidden; i++) args->cell[i] = args->cell0[i];
    rk_lstm_infer_blocks(args, 0, blocks);
    return 1;
}

/// rk_alone for a pass that could have been split: its cost goes into the alone mean.
static int rk_alone_timed(const rk_lstm_infer_args *args, int blocks) {
    const uint64_t start = rk_now();
    rk_alone(args, blocks);
    rk_fold_cost(&rk_adapt.aloneCost, rk_pass_cost(rk_now() - start, args, blocks));
    return 1;
}

/// A split pass (under passLock, helpers hot and out of the previous pass, stage prepared).
static void rk_split(const rk_lstm_infer_args *args, int workers, int blocks) {
    const int T = args->steps, rows = args->rows, H = args->hidden, I = args->inSize;
    rk_stage *st = &team.stage;
    team.a = *args;
    if (args->x) {
        for (int t = 0; t < T; t++)
            for (int r = 0; r < rows; r++)
                memcpy(st->x + ((size_t)t * rows + r) * I, args->x + (size_t)t * args->xStepStride + (size_t)r * args->xRowStride,
                       (size_t)I * 4);
        team.a.x = st->x;
    }
    team.a.xStepStride = (size_t)rows * I;
    team.a.xRowStride = I;
    team.a.pre = args->pre ? st->pre : 0;
    team.precomputes = args->pre != 0 && args->x != 0;
    memcpy(st->h, args->h0, (size_t)rows * H * 4);
    memcpy(st->c, args->cell0, (size_t)rows * H * 4);
    team.workers = workers;
    team.blocks = blocks;
    for (int w = 0; w < rk_max_workers; w++) atomic_store_explicit(&team.reached[w].value, 0, memory_order_relaxed);
    pthread_mutex_lock(&team.sleepLock);
    const uint64_t g = atomic_fetch_add_explicit(&team.generation, 1, memory_order_acq_rel) + 1;
    if (team.sleepers > 0) pthread_cond_broadcast(&team.wake);
    pthread_mutex_unlock(&team.sleepLock);

    rk_work(0, g);

    for (int s = 0; s < T; s++) {
        const int t = args->reverse ? T - 1 - s : s;
        for (int r = 0; r < rows; r++)
            memcpy(args->out + (size_t)t * args->outStepStride + (size_t)r * args->outRowStride,
                   st->h + ((size_t)(s + 1) * rows + r) * H, (size_t)H * 4);
    }
    memcpy(args->cell, st->c + (size_t)T * rows * H, (size_t)rows * H * 4);
}

int rk_lstm_infer(const rk_lstm_infer_args *args, int workers) {
    const int blocks = (args->hidden + 15) / 16;
    if (workers > blocks) workers = blocks;
    if (workers > rk_max_workers) workers = rk_max_workers;
    if (workers <= 1 || args->steps < 1) return rk_alone(args, blocks);
    RK_COUNT(requested);
    const int forced = atomic_load_explicit(&rk_always_split, memory_order_relaxed);
    if (!forced && rk_skipping(&rk_adapt.splitSkip)) {
        RK_COUNT(backoff);  // alone, helpers left asleep; the pass after the last one tries again
        return rk_alone_timed(args, blocks);
    }
    if (pthread_mutex_trylock(&team.passLock) != 0) { RK_COUNT(busy); return rk_alone(args, blocks); }
    int started = team.helpers;
    rk_start_helpers(workers - 1);
    if (team.helpers < workers - 1) workers = team.helpers + 1;
    // A helper still inside the previous pass (late with a share the caller took over) may yet
    // write its stage; one that is running leaves within a microsecond or two (its remaining
    // steps are done), so wait that long before giving up on it for this pass.
    if (workers > 1 && !rk_helpers_left()) {
        const uint64_t start = rk_now();
        while (!rk_helpers_left() && (forced || rk_now() - start < rk_late_wait_ns)) RK_PAUSE();
        if (!rk_helpers_left()) {
            if (forced) {
                while (!rk_helpers_left()) sched_yield();
            } else {
                workers = 1;
                RK_COUNT(late);
            }
        }
    }
    // Split only when every helper spun a moment ago, i.e. had a core to itself: waking a
    // sleeping thread takes longer than a whole pass. Otherwise this pass runs alone and the
    // helpers are woken to spin for the next one.
    if (workers > 1) {
        uint64_t now = rk_now();
        int cold = team.helpers > started;
        for (int h = 1; h <= team.helpers; h++)
            if (now - atomic_load_explicit(&team.heartbeat[h].value, memory_order_relaxed) > rk_hot_ns) cold = 1;
        if (cold && !forced) {
            if (!rk_skipping(&rk_adapt.wakeSkip)) {
                pthread_mutex_lock(&team.sleepLock);
                team.pokes++;
                if (team.sleepers > 0) pthread_cond_broadcast(&team.wake);
                pthread_mutex_unlock(&team.sleepLock);
                if (atomic_fetch_add_explicit(&rk_adapt.colds, 1, memory_order_relaxed) + 1 >= rk_colds_in_a_row) {
                    atomic_store_explicit(&rk_adapt.colds, 0, memory_order_relaxed);
                    rk_back_off(&rk_adapt.wakeBackoff, &rk_adapt.wakeSkip);
                }
            }
            workers = 1;
            RK_COUNT(cold);
        }
    }
    if (workers > 1 && !rk_prepare_stage(args, workers, args->pre != 0)) workers = 1;
    if (workers <= 1) {
        pthread_mutex_unlock(&team.passLock);
        return rk_alone_timed(args, blocks);
    }
    RK_COUNT(split);
    atomic_store_explicit(&rk_adapt.colds, 0, memory_order_relaxed);
    atomic_store_explicit(&rk_adapt.wakeBackoff, 0, memory_order_relaxed);
    atomic_store_explicit(&rk_adapt.wakeSkip, 0, memory_order_relaxed);
    const uint64_t start = rk_now();
    rk_split(args, workers, blocks);
    const uint64_t ns = rk_now() - start;
    pthread_mutex_unlock(&team.passLock);
    rk_fold_cost(&rk_adapt.splitCost, rk_pass_cost(ns, args, blocks));
    const unsigned samples = atomic_fetch_add_explicit(&rk_adapt.splitSamples, 1, memory_order_relaxed) + 1;
    const uint64_t alone = atomic_load_explicit(&rk_adapt.aloneCost, memory_order_relaxed);
    if (alone && samples >= rk_judge_after) {
        if (atomic_load_explicit(&rk_adapt.splitCost, memory_order_relaxed) > alone) {
            RK_COUNT(slow);
            if (!forced) {
                rk_back_off(&rk_adapt.splitBackoff, &rk_adapt.splitSkip);
                atomic_store_explicit(&rk_adapt.splitCost, 0, memory_order_relaxed);
                atomic_store_explicit(&rk_adapt.splitSamples, 0, memory_order_relaxed);
            }
        } else {
            atomic_store_explicit(&rk_adapt.splitBackoff, 0, memory_order_relaxed);
        }
    }
    return workers;
}
