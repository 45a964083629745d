// The library's parallel loops (MatrixKernels.ComputeThreads.parallelFor): persistent helper
// threads that spin briefly between jobs, so a training step's many short parallel regions do not
// each pay a thread wake-up. See WorkTeam.c.
#ifndef C_RECURRENT_KERNELS_WORK_TEAM_H
#define C_RECURRENT_KERNELS_WORK_TEAM_H

/// Sets how many threads `rk_parallel_for` uses, the caller included (values below 1 mean 1).
/// Helper threads start at the first job that needs them and are never stopped; a lower count
/// leaves the extra ones asleep.
void rk_work_set_threads(int threads);

/// Runs `body(context, piece)` once for every piece in [0, pieces), on the calling thread and
/// up to threads − 1 helpers, and returns when all have returned. Pieces are claimed one at a
/// time, so which thread runs a piece varies; a piece must do the same work whoever runs it (then
/// results do not depend on scheduling). Runs every piece on the caller, in order, when there is
/// one thread or one piece, or when another job is in progress (a nested call from inside a
/// piece, or a second calling thread).
void rk_parallel_for(int pieces, void (*body)(void *context, int piece), void *context);

#endif
