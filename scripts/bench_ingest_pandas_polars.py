#!/usr/bin/env python3
"""Times pandas and polars reading the file that `forecast-bench ingest` reads, in the same run.

Usage: python3 scripts/bench_ingest_pandas_polars.py FILE [--repeats N]
(`make bench-ingest` generates the file, runs forecast-bench ingest on it, then this script.)

Each configuration runs in a fresh interpreter so its peak RSS is its own, and reports the best
of N reads by wall clock and by CPU time (on a shared machine the wall clock includes waiting
for a core). Timestamps are parsed in every configuration, as in the Swift reader:
  pandas C engine        read_csv(parse_dates=["timestamp"])
  pandas pyarrow engine  read_csv(engine="pyarrow", parse_dates=["timestamp"])  (pyarrow threads)
  polars, 1 and 2 threads  read_csv + str.to_datetime("%Y-%m-%dT%H:%M:%S")   (POLARS_MAX_THREADS)
Not part of any test or of the product; Python is for comparison only.
"""
import json
import os
import subprocess
import sys

CHILD = r'''
import json, os, resource, sys, time
path, kind, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3])
def read():
    if kind == "pandas-c":
        import pandas as pd
        df = pd.read_csv(path, parse_dates=["timestamp"])
        assert str(df["timestamp"].dtype).startswith("datetime64")
        return len(df)
    if kind == "pandas-pyarrow":
        import pandas as pd
        df = pd.read_csv(path, engine="pyarrow", parse_dates=["timestamp"])
        assert str(df["timestamp"].dtype).startswith("datetime64")
        return len(df)
    import polars as pl
    df = pl.read_csv(path).with_columns(pl.col("timestamp").str.to_datetime("%Y-%m-%dT%H:%M:%S"))
    assert df.schema["timestamp"] == pl.Datetime("us")
    return df.height
best_wall = best_cpu = float("inf")
rows = 0
for _ in range(repeats):
    t0, c0 = time.perf_counter(), time.process_time()
    rows = read()
    best_wall = min(best_wall, time.perf_counter() - t0)
    best_cpu = min(best_cpu, time.process_time() - c0)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"rows": rows, "wall": best_wall, "cpu": best_cpu, "peak_rss": peak}))
'''

CONFIGS = [
    ("pandas C engine, parse_dates", "pandas-c", {}),
    ("pandas pyarrow engine, parse_dates", "pandas-pyarrow", {}),
    ("polars, explicit format, 1 thread", "polars", {"POLARS_MAX_THREADS": "1"}),
    ("polars, explicit format, 2 threads", "polars", {"POLARS_MAX_THREADS": "2"}),
]


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    path = sys.argv[1]
    repeats = int(sys.argv[sys.argv.index("--repeats") + 1]) if "--repeats" in sys.argv else 3
    size = os.path.getsize(path)
    print(f"{path}: {size / 1e6:.1f} MB, best of {repeats} reads per configuration")
    print(f"{'configuration':38} {'wall s':>7} {'MB/s':>7} {'cpu s':>7} {'MB/s/cpu':>9} {'peak RSS MB':>12}")
    for label, kind, env in CONFIGS:
        try:
            out = subprocess.run([sys.executable, "-c", CHILD, path, kind, str(repeats)], env={**os.environ, **env},
                                 capture_output=True, text=True, check=True).stdout
            r = json.loads(out.strip().splitlines()[-1])
        except (subprocess.CalledProcessError, ValueError) as e:
            print(f"{label:38} failed: {getattr(e, 'stderr', e)}")
            continue
        print(f"{label:38} {r['wall']:7.2f} {size / 1e6 / r['wall']:7.0f} {r['cpu']:7.2f} "
              f"{size / 1e6 / r['cpu']:9.0f} {r['peak_rss'] / 1e6:12.0f}")


if __name__ == "__main__":
    main()
