// Threads for rk_lstm_infer: the caller plus persistent helper threads split one layer's hidden
// units and meet after every step (a spin barrier: a step takes about a microsecond, far less than
// waking a sleeping thread). Helpers spin for a while after a pass (the next inference call usually
// follows at once) and then sleep on a condition variable. One pass at a time uses the helpers;
// a concurrent caller runs its pass alone (same bits, see LSTMInference.h).
#include "CRecurrentKernels.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
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

/// How long a helper keeps spinning for the next pass before it sleeps, and how long a worker
/// spins at a step barrier before it starts yielding its core (a machine with more runnable
/// threads than cores: the thread it waits for may need this core to run).
static const uint64_t rk_idle_spin_ns = 100000, rk_barrier_spin_ns = 20000;
/// A helper whose last spin is older than this is not counted on for a pass.
#ifndef RK_TEAM_HOT_NS
#define RK_TEAM_HOT_NS 20000
#endif
static const uint64_t rk_hot_ns = RK_TEAM_HOT_NS;
/// A barrier wait this long (1 ms) means the threads are not running side by side (more runnable
/// threads than cores): the pass is abandoned and redone alone, and passes then run on the caller
/// alone for rk_backoff_ns (200 ms) before the next try. Results do not change (see
/// rk_lstm_infer), only the time.
static const uint64_t rk_contended_ns = 1000000, rk_backoff_ns = 200000000;

typedef struct { _Alignas(64) atomic_int value; } rk_padded_int;

static struct {
    pthread_mutex_t passLock;      // held by the caller whose pass uses the helpers
    pthread_mutex_t sleepLock;
    pthread_cond_t wake;
    int helpers;                   // helper threads started (worker indices 1...helpers)
    int sleepers;                  // helpers waiting on `wake` (under sleepLock)
    _Alignas(64) atomic_uint generation;  // incremented to hand out a pass
    const rk_lstm_infer_args *args;
    int workers, blocks;
    rk_padded_int stepsDone[rk_max_workers];  // steps each worker finished in this pass
    rk_padded_int finished;                    // helpers done with this pass
    rk_padded_int abandoned;                   // 1: this pass is given up and redone alone
    struct { _Alignas(64) _Atomic uint64_t value; } heartbeat[rk_max_workers];  // rk_now() of a helper's last spin
    unsigned pokes;                            // under sleepLock: wakes sleeping helpers without a pass
    _Atomic uint64_t aloneUntil;               // rk_now() before which passes run unsplit
    unsigned startGeneration[rk_max_workers];  // the generation each helper was started at
} team = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER };

static _Atomic int rk_always_split;
void rk_team_set_always_split(int on) { atomic_store(&rk_always_split, on); }

/// Worker `w`'s blocks of `blocks`, split as evenly as they go.
static void rk_share(int w, int workers, int blocks, int *begin, int *end) {
    *begin = w * blocks / workers;
    *end = (w + 1) * blocks / workers;
}

/// The step barrier: publish this worker's count, wait until every other worker has it too.
/// Returns 1 (stop) when the pass was abandoned: by another worker, or here after waiting
/// rk_contended_ns, which also makes the next passes run alone for rk_backoff_ns.
static int rk_step_barrier(void *context, int step) {
    int w = (int)(intptr_t)context;
    atomic_store_explicit(&team.stepsDone[w].value, step + 1, memory_order_release);
    uint64_t start = 0;
    for (int other = 0; other < team.workers; other++) {
        if (other == w) continue;
        while (atomic_load_explicit(&team.stepsDone[other].value, memory_order_acquire) <= step) {
            if (atomic_load_explicit(&team.abandoned.value, memory_order_relaxed)) return 1;
            if (start == 0) start = rk_now();
            uint64_t waited = rk_now() - start;
            if (waited < rk_barrier_spin_ns) { RK_PAUSE(); continue; }
            if (waited > rk_contended_ns) {
                atomic_store_explicit(&team.aloneUntil, rk_now() + rk_backoff_ns, memory_order_relaxed);
                atomic_store_explicit(&team.abandoned.value, 1, memory_order_relaxed);
                return 1;
            }
            sched_yield();
        }
    }
    return 0;
}

static void rk_run_share(int w) {
    int begin, end;
    rk_share(w, team.workers, team.blocks, &begin, &end);
    rk_lstm_infer_blocks(team.args, begin, end, rk_step_barrier, (void *)(intptr_t)w);
}

static void *rk_helper_main(void *context) {
    int w = (int)(intptr_t)context;
    // The generation before this helper's first pass (set by rk_start_helpers under passLock,
    // before that pass is handed out), not the current one: the pass may already be out.
    unsigned seen = team.startGeneration[w];
    for (;;) {
        uint64_t start = rk_now();
        unsigned g, spins = 0;
        while ((g = atomic_load_explicit(&team.generation, memory_order_acquire)) == seen) {
            uint64_t t = (++spins & 63) == 0 ? rk_now() : 0;
            if (t) atomic_store_explicit(&team.heartbeat[w].value, t, memory_order_relaxed);
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
        if (w < team.workers) rk_run_share(w);
        atomic_store_explicit(&team.heartbeat[w].value, rk_now(), memory_order_relaxed);
        atomic_fetch_add_explicit(&team.finished.value, 1, memory_order_release);
    }
    return 0;
}

/// Starts helpers until there are `wanted` (or as many as could be started); under passLock.
static void rk_start_helpers(int wanted) {
    while (team.helpers < wanted && team.helpers + 1 < rk_max_workers) {
        pthread_t thread;
        team.startGeneration[team.helpers + 1] = atomic_load_explicit(&team.generation, memory_order_relaxed);
        pthread_attr_t attributes;
        pthread_attr_init(&attributes);
        pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
        int failed = pthread_create(&thread, &attributes, rk_helper_main, (void *)(intptr_t)(team.helpers + 1));
        pthread_attr_destroy(&attributes);
        if (failed) break;
        team.helpers++;
    }
}

/// The whole pass on the calling thread.
static int rk_alone(const rk_lstm_infer_args *args, int blocks) {
    if (args->cell0 != args->cell)
        for (size_t i = 0; i < (size_t)args->rows * args->hidden; i++) args->cell[i] = args->cell0[i];
    rk_lstm_infer_blocks(args, 0, blocks, 0, 0);
    return 1;
}

int rk_lstm_infer(const rk_lstm_infer_args *args, int workers) {
    const int blocks = (args->hidden + 15) / 16;
    if (workers > blocks) workers = blocks;
    if (workers > rk_max_workers) workers = rk_max_workers;
    const int forced = atomic_load_explicit(&rk_always_split, memory_order_relaxed);
    if (workers > 1 && !forced && rk_now() < atomic_load_explicit(&team.aloneUntil, memory_order_relaxed)) workers = 1;
    if (workers <= 1 || pthread_mutex_trylock(&team.passLock) != 0) return rk_alone(args, blocks);
    int started = team.helpers;
    rk_start_helpers(workers - 1);
    if (team.helpers < workers - 1) workers = team.helpers + 1;
    // Split only when every helper spun a moment ago, i.e. had a core to itself: waking a
    // sleeping thread takes longer than a whole pass, and one without a core stalls every step.
    // Otherwise this pass runs alone and the helpers are woken to spin for the next one.
    uint64_t now = rk_now();
    int cold = team.helpers > started;
    for (int h = 1; h <= team.helpers; h++)
        if (now - atomic_load_explicit(&team.heartbeat[h].value, memory_order_relaxed) > rk_hot_ns) cold = 1;
    if (cold && !forced) {
        pthread_mutex_lock(&team.sleepLock);
        team.pokes++;
        if (team.sleepers > 0) pthread_cond_broadcast(&team.wake);
        pthread_mutex_unlock(&team.sleepLock);
        workers = 1;
    }
    if (workers <= 1) {
        pthread_mutex_unlock(&team.passLock);
        return rk_alone(args, blocks);
    }
    if (args->cell0 != args->cell)
        for (size_t i = 0; i < (size_t)args->rows * args->hidden; i++) args->cell[i] = args->cell0[i];
    team.args = args;
    team.workers = workers;
    team.blocks = blocks;
    for (int w = 0; w < rk_max_workers; w++) atomic_store_explicit(&team.stepsDone[w].value, 0, memory_order_relaxed);
    atomic_store_explicit(&team.finished.value, 0, memory_order_relaxed);
    atomic_store_explicit(&team.abandoned.value, 0, memory_order_relaxed);
    pthread_mutex_lock(&team.sleepLock);
    atomic_fetch_add_explicit(&team.generation, 1, memory_order_acq_rel);
    if (team.sleepers > 0) pthread_cond_broadcast(&team.wake);
    pthread_mutex_unlock(&team.sleepLock);

    rk_run_share(0);

    uint64_t start = rk_now();
    while (atomic_load_explicit(&team.finished.value, memory_order_acquire) < team.helpers) {
        if (rk_now() - start < rk_barrier_spin_ns) RK_PAUSE(); else sched_yield();
    }
    int abandoned = atomic_load_explicit(&team.abandoned.value, memory_order_relaxed);
    pthread_mutex_unlock(&team.passLock);
    // Every helper has left the pass (finished), so nothing else writes its buffers any more.
    return abandoned ? rk_alone(args, blocks) : workers;
}
