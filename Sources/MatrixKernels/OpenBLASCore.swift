#if !canImport(Accelerate) && canImport(CBLAS)
import CBLAS
#endif
#if canImport(Glibc)
import Glibc
#endif

/// Which OpenBLAS kernel family runs our GEMMs, and the fix for a CPU that OpenBLAS does not know.
///
/// Debian's OpenBLAS is built with `DYNAMIC_ARCH`: at load it reads the CPU model and picks a
/// kernel family. OpenBLAS 0.3.21 (Debian 12) does not know Sapphire Rapids and newer models and
/// falls back to `Prescott`, its SSE3 kernels: sgemm then runs at 24–32 GFLOP/s on a core that
/// does 148 with the AVX-512 (`SkylakeX`) kernels (measured with a C harness on the benchmark
/// machine, docs/benchmarks.md). When the pick is such a pre-AVX fallback and the CPU (and the
/// OS) support wider vectors, ``selectOnce()`` re-runs OpenBLAS's own selection with
/// `OPENBLAS_CORETYPE` set to the best family the CPU supports. A user who sets
/// `OPENBLAS_CORETYPE` is obeyed; a non-dynamic OpenBLAS (no `gotoblas_dynamic_init`) is left as is.
public enum OpenBLASCore {
    /// The kernel family in use, e.g. `SkylakeX`, or nil on Accelerate.
    public static var name: String? {
        selectOnce()
        #if !canImport(Accelerate) && canImport(CBLAS)
        guard let p = openblas_get_corename() else { return nil }
        return String(cString: p)
        #else
        return nil
        #endif
    }

    /// What ``selectOnce()`` did: nil when OpenBLAS's own pick was kept, otherwise the family
    /// it switched from and to.
    public static var correction: (from: String, to: String)? {
        selectOnce()
        return applied
    }

    /// Runs the selection once per process, before the first GEMM (``ComputeThreads`` calls it).
    @inlinable
    public static func selectOnce() { _ = selected }

    nonisolated(unsafe) private static var applied: (from: String, to: String)?

    @usableFromInline
    static let selected: Void = {
        #if !canImport(Accelerate) && canImport(CBLAS) && arch(x86_64)
        guard getenv("OPENBLAS_CORETYPE") == nil, let p = openblas_get_corename() else { return }
        let current = String(cString: p)
        // OpenBLAS's names for cores without AVX: what it falls back to for an unknown model.
        let preAVX: Set<String> = ["Prescott", "Core2", "Penryn", "Dunnington", "Nehalem", "Atom",
                                   "Katmai", "Coppermine", "Northwood", "Banias", "Unknown"]
        guard preAVX.contains(current), let wanted = bestSupportedFamily(),
              let quit = dynamicSymbol("gotoblas_dynamic_quit"),
              let initialise = dynamicSymbol("gotoblas_dynamic_init") else { return }
        setenv("OPENBLAS_CORETYPE", wanted, 1)
        quit()       // clears OpenBLAS's table pointer so that init selects again
        initialise() // reads OPENBLAS_CORETYPE and initialises that family's parameters
        unsetenv("OPENBLAS_CORETYPE")
        if let q = openblas_get_corename() { applied = (current, String(cString: q)) }
        #endif
    }()

    #if !canImport(Accelerate) && canImport(CBLAS) && arch(x86_64)
    /// The widest kernel family whose instructions the CPU and OS support.
    private static func bestSupportedFamily() -> String? {
        if forecast_cpu_supports_avx512_skylakex() != 0 { return "SkylakeX" }
        if forecast_cpu_supports_avx2_fma() != 0 { return "Haswell" }
        return nil
    }

    private static func dynamicSymbol(_ name: String) -> (@convention(c) () -> Void)? {
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, name) else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) () -> Void).self)
    }
    #endif
}
