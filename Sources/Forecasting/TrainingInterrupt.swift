#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Set by the SIGINT handler; read by the training loop between batches. A plain C integer
/// because a signal handler may only touch `volatile sig_atomic_t`-like state.
nonisolated(unsafe) private var interruptRequestedFlag: sig_atomic_t = 0
/// Set while the model file is written: a second Ctrl-C then waits for the write to finish.
nonisolated(unsafe) private var savingFlag: sig_atomic_t = 0
nonisolated(unsafe) private var endAfterSavingFlag: sig_atomic_t = 0

/// Clean Ctrl-C for training: the first Ctrl-C asks training to stop at the next batch (the best
/// weights so far are kept and saved); a second one ends the process at once, as usual.
public enum TrainingInterrupt {
    /// Installs the SIGINT handler. Call once, from the command that trains.
    public static func install() {
        interruptRequestedFlag = 0
        // A process may inherit SIGINT blocked (Foundation's Process spawns children with the
        // spawning thread's mask, and libdispatch threads block it); then Ctrl-C would never arrive.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        signal(SIGINT) { _ in
            if interruptRequestedFlag != 0 {
                // Second Ctrl-C while the model is written: end once the file is whole.
                if savingFlag != 0 { endAfterSavingFlag = 1; return }
                // Second Ctrl-C: the user means it.
                signal(SIGINT, SIG_DFL)
                raise(SIGINT)
                return
            }
            interruptRequestedFlag = 1
        }
    }

    /// Runs `save` (writing the model file) with a second Ctrl-C held back until it returns; the
    /// process then ends as a second Ctrl-C would have, leaving a whole file and no temporary one.
    public static func holdingSecondInterrupt<T>(_ save: () throws -> T) rethrows -> T {
        savingFlag = 1
        defer {
            savingFlag = 0
            if endAfterSavingFlag != 0 { signal(SIGINT, SIG_DFL); raise(SIGINT) }
        }
        return try save()
    }

    /// Restores the default SIGINT behaviour.
    public static func uninstall() {
        signal(SIGINT, SIG_DFL)
    }

    /// Whether Ctrl-C was pressed since ``install()`` (or ``request()``).
    public static var isRequested: Bool { interruptRequestedFlag != 0 }

    /// Asks training to stop as if Ctrl-C had been pressed (tests, embedding applications).
    public static func request() { interruptRequestedFlag = 1 }

    /// Clears a pending request.
    public static func reset() { interruptRequestedFlag = 0 }
}
