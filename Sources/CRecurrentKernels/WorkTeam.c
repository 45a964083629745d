// rk_parallel_for: the caller and persistent helper threads claim the pieces of a job from one
// atomic counter. DispatchQueue.concurrentPerform, which this replaces, handed each job to a
// worker thread that had gone to sleep since the last one: a 2-thread LSTM 64×2 training epoch
// spent 1.0–1.5 s of its ~3 s in the ~7 parallel regions per step waiting for the second piece to
// start and for the join (docs/benchmarks.md, "Parallel regions on a spinning work team"). Helpers here
// spin for `wt_idle_spin_ns` after a job, long enough to cover the serial code between a step's
// regions, then sleep on a condition variable.
//
// The claim word packs (job generation, piece count, next piece), so a helper that wakes up late
// can only claim a piece of the job it saw: once that job's pieces are all claimed, or a newer
// job has been published, its compare-and-swap fails and it goes back to waiting. A claimed piece
// keeps its job open (the caller waits for every piece to finish), so the job's body and context
// stay valid while any helper runs one of its pieces.
#include "WorkTeam.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <time.h>
#if defined(__x86_64__)
#include <immintrin.h>
#define WT_PAUSE() _mm_pause()
#elif defined(__aarch64__)
#define WT_PAUSE() __asm__ volatile("yield")
#else
#define WT_PAUSE() ((void)0)
#endif

enum { wt_max_helpers = 63 };
/// How long a helper spins for the next job before it sleeps.
static const uint64_t wt_idle_spin_ns = 1000000;
/// How long the caller spins for the last pieces before it also yields its core (a helper that
/// lost its core inside a piece needs one to finish it).
static const uint64_t wt_join_spin_ns = 50000;

static uint64_t wt_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/// (generation: 32 bits, pieces: 16, next piece: 16).
static uint64_t wt_claim_word(uint32_t generation, uint32_t pieces, uint32_t next) {
    return (uint64_t)generation << 32 | (uint64_t)pieces << 16 | next;
}

static struct {
    pthread_mutex_t jobLock;            // held by the caller whose job uses the helpers
    pthread_mutex_t sleepLock;
    pthread_cond_t wake;
    int sleepers;                       // under sleepLock
    int started;                        // helpers started (under jobLock)
    _Atomic int active;                 // helpers that take part in jobs (threads − 1)
    _Alignas(64) _Atomic uint32_t generation;
    _Alignas(64) _Atomic uint64_t claim;
    _Alignas(64) _Atomic int done;      // pieces of the current job finished
    void (*body)(void *, int);          // the current job, written before `claim` is published
    void *context;
} wt = {
    .jobLock = PTHREAD_MUTEX_INITIALIZER, .sleepLock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER,
};

/// Claims and runs pieces of job `generation` until none is left.
static void wt_run_pieces(uint32_t generation) {
    for (;;) {
        uint64_t c = atomic_load_explicit(&wt.claim, memory_order_acquire);
        uint32_t next = (uint32_t)(c & 0xFFFF), pieces = (uint32_t)(c >> 16 & 0xFFFF);
        if ((uint32_t)(c >> 32) != generation || next >= pieces) return;
        if (!atomic_compare_exchange_weak_explicit(&wt.claim, &c, c + 1, memory_order_acq_rel, memory_order_relaxed))
            continue;
        wt.body(wt.context, (int)next);
        atomic_fetch_add_explicit(&wt.done, 1, memory_order_release);
    }
}

static void *wt_helper(void *argument) {
    const int index = (int)(intptr_t)argument;
    uint32_t seen = atomic_load_explicit(&wt.generation, memory_order_acquire);
    for (;;) {
        uint64_t spinStart = wt_now();
        uint32_t generation;
        unsigned spins = 0;
        while ((generation = atomic_load_explicit(&wt.generation, memory_order_acquire)) == seen) {
            WT_PAUSE();
            if (++spins % 256 == 0 && wt_now() - spinStart > wt_idle_spin_ns) {
                pthread_mutex_lock(&wt.sleepLock);
                wt.sleepers++;
                while (atomic_load_explicit(&wt.generation, memory_order_acquire) == seen)
                    pthread_cond_wait(&wt.wake, &wt.sleepLock);
                wt.sleepers--;
                pthread_mutex_unlock(&wt.sleepLock);
                spinStart = wt_now();
            }
        }
        seen = generation;
        if (index < atomic_load_explicit(&wt.active, memory_order_relaxed)) wt_run_pieces(generation);
    }
    return 0;
}

void rk_work_set_threads(int threads) {
    int helpers = threads > 1 ? threads - 1 : 0;
    atomic_store_explicit(&wt.active, helpers > wt_max_helpers ? wt_max_helpers : helpers, memory_order_relaxed);
}

/// Starts helpers up to `active` (under jobLock); returns how many run.
static int wt_start_helpers(void) {
    int wanted = atomic_load_explicit(&wt.active, memory_order_relaxed);
    while (wt.started < wanted) {
        pthread_t thread;
        pthread_attr_t attributes;
        pthread_attr_init(&attributes);
        pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
        int failed = pthread_create(&thread, &attributes, wt_helper, (void *)(intptr_t)wt.started);
        pthread_attr_destroy(&attributes);
        if (failed) break;
        wt.started++;
    }
    return wt.started < wanted ? wt.started : wanted;
}

void rk_parallel_for(int pieces, void (*body)(void *context, int piece), void *context) {
    if (pieces <= 0) return;
    if (pieces == 1 || pieces > 0xFFFF || atomic_load_explicit(&wt.active, memory_order_relaxed) == 0) {
        for (int i = 0; i < pieces; i++) body(context, i);
        return;
    }
    if (pthread_mutex_trylock(&wt.jobLock) != 0) {
        for (int i = 0; i < pieces; i++) body(context, i);
        return;
    }
    if (wt_start_helpers() == 0) {
        pthread_mutex_unlock(&wt.jobLock);
        for (int i = 0; i < pieces; i++) body(context, i);
        return;
    }
    wt.body = body;
    wt.context = context;
    atomic_store_explicit(&wt.done, 0, memory_order_relaxed);
    uint32_t generation = atomic_load_explicit(&wt.generation, memory_order_relaxed) + 1;
    atomic_store_explicit(&wt.claim, wt_claim_word(generation, (uint32_t)pieces, 0), memory_order_release);
    atomic_store_explicit(&wt.generation, generation, memory_order_release);
    pthread_mutex_lock(&wt.sleepLock);
    if (wt.sleepers > 0) pthread_cond_broadcast(&wt.wake);
    pthread_mutex_unlock(&wt.sleepLock);

    wt_run_pieces(generation);
    uint64_t waitStart = wt_now();
    unsigned spins = 0;
    while (atomic_load_explicit(&wt.done, memory_order_acquire) < pieces) {
        WT_PAUSE();
        if (++spins % 256 == 0 && wt_now() - waitStart > wt_join_spin_ns) sched_yield();
    }
    wt.body = 0;
    wt.context = 0;
    pthread_mutex_unlock(&wt.jobLock);
}
