#!/usr/bin/env python3
"""Summarises scripts/bench_recurrent_quality.sh's JSON lines (run by hand, never by CI).

Per cell and shape: validation MSE after E epochs, mean ± sd over seeds, for
  Swift (own seeds), PyTorch (own seeds) and PyTorch started from Swift's weights and shuffle ("paired");
the ratio of means Swift / PyTorch with a bootstrap 95% interval (seeds resampled, 20,000 draws);
Welch's t for the independent seeds; and, for the paired runs, the mean ± sd of Swift − PyTorch
from the same start with its paired t. Seeds of the independent runs are unrelated across the two
implementations (different random streams), so only the "paired" column is a real pairing.

    python3 scripts/bench_recurrent_quality_summary.py out/bench-quality [--epochs 5] [--markdown]
"""
import argparse
import json
import math
import statistics
from collections import defaultdict

import numpy as np


def load(path, epochs):
    rows = defaultdict(dict)  # (cell, hidden, layers) -> seed -> val_mse
    try:
        for line in open(path):
            if line.strip():
                r = json.loads(line)
                if r["epochs"] == epochs:
                    rows[(r["cell"], r["hidden"], r["layers"])][r["seed"]] = r["val_mse"]
    except FileNotFoundError:
        pass
    return rows


def mean_sd(xs):
    return statistics.mean(xs), (statistics.stdev(xs) if len(xs) > 1 else float("nan"))


def welch_t(a, b):
    if len(a) < 2 or len(b) < 2:
        return float("nan")
    va, vb = statistics.variance(a) / len(a), statistics.variance(b) / len(b)
    return (statistics.mean(a) - statistics.mean(b)) / math.sqrt(va + vb) if va + vb > 0 else float("nan")


def bootstrap_ratio(a, b, paired=False, draws=20000, seed=0):
    """95% interval of mean(a)/mean(b), resampling seeds (jointly when paired)."""
    rng = np.random.default_rng(seed)
    a, b = np.asarray(a), np.asarray(b)
    if paired:
        idx = rng.integers(0, len(a), size=(draws, len(a)))
        ratios = a[idx].mean(1) / b[idx].mean(1)
    else:
        ratios = a[rng.integers(0, len(a), size=(draws, len(a)))].mean(1) / \
            b[rng.integers(0, len(b), size=(draws, len(b)))].mean(1)
    return np.percentile(ratios, 2.5), np.percentile(ratios, 97.5)


def pooled(swift, torch, keys, draws=20000):
    """Geometric mean over configurations of the ratio of means, with a bootstrap 95% interval
    (seeds resampled within each configuration): the systematic Swift/PyTorch factor, if any."""
    pairs = [(list(swift[k].values()), list(torch[k].values())) for k in keys
             if len(swift.get(k, {})) > 1 and len(torch.get(k, {})) > 1]
    if not pairs:
        return
    rng = np.random.default_rng(1)
    logs = np.zeros(draws)
    for s, t in pairs:
        s, t = np.asarray(s), np.asarray(t)
        logs += np.log(s[rng.integers(0, len(s), (draws, len(s)))].mean(1) /
                       t[rng.integers(0, len(t), (draws, len(t)))].mean(1))
    point = math.exp(sum(math.log(statistics.mean(s) / statistics.mean(t)) for s, t in pairs) / len(pairs))
    lo, hi = np.exp(np.percentile(logs / len(pairs), [2.5, 97.5]))
    print(f"\npooled over {len(pairs)} configurations (geometric mean of the ratios of means): "
          f"{point - 1:+.1%} [bootstrap 95% {lo - 1:+.1%}, {hi - 1:+.1%}]")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("--epochs", type=int, default=5)
    a = p.parse_args()
    swift, torch, paired = (load(f"{a.out}/{n}.jsonl", a.epochs) for n in ("swift", "torch", "paired"))
    keys = sorted(set(swift) | set(torch), key=lambda k: ({"lstm": 0, "gru": 1, "rnn": 2}.get(k[0], 3), -k[1]))
    print(f"val MSE after {a.epochs} epochs, 1 thread; mean ± sd over seeds; ratio = mean Swift / mean PyTorch "
          f"[bootstrap 95%]")
    print("| cell | shape | seeds | Swift | PyTorch | ratio (independent) | Welch t | PyTorch from Swift's start | "
          "ratio (paired) | paired Swift − PyTorch | paired t |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for k in keys:
        s, t = swift.get(k, {}), torch.get(k, {})
        if not s or not t:
            continue
        sv, tv = list(s.values()), list(t.values())
        (sm, ss), (tm, ts) = mean_sd(sv), mean_sd(tv)
        lo, hi = bootstrap_ratio(sv, tv)
        row = [k[0], f"{k[1]}x{k[2]}", f"{len(sv)}/{len(tv)}", f"{sm:.4f} ± {ss:.4f}", f"{tm:.4f} ± {ts:.4f}",
               f"{sm / tm - 1:+.1%} [{lo - 1:+.0%}, {hi - 1:+.0%}]", f"{welch_t(sv, tv):+.2f}"]
        common = sorted(set(s) & set(paired.get(k, {})))
        if common:
            ps, pt = [s[x] for x in common], [paired[k][x] for x in common]
            d = [x - y for x, y in zip(ps, pt)]
            dm, dsd = mean_sd(d)
            pm, psd = mean_sd(pt)
            plo, phi = bootstrap_ratio(ps, pt, paired=True)
            tstat = dm / (dsd / math.sqrt(len(d))) if len(d) > 1 and dsd > 0 else float("nan")
            row += [f"{pm:.4f} ± {psd:.4f} (n {len(common)})",
                    f"{statistics.mean(ps) / pm - 1:+.1%} [{plo - 1:+.0%}, {phi - 1:+.0%}]",
                    f"{dm:+.4f} ± {dsd:.4f}", f"{tstat:+.2f}"]
        else:
            row += ["", "", "", ""]
        print("| " + " | ".join(row) + " |")
    pooled(swift, torch, keys)
    print()
    print("per seed (Swift / PyTorch own / PyTorch from Swift's start):")
    for k in keys:
        seeds = sorted(set(swift.get(k, {})) | set(torch.get(k, {})) | set(paired.get(k, {})))
        cells = []
        for x in seeds:
            f = lambda d: f"{d[x]:.4f}" if x in d else "-"
            cells.append(f"{x}: {f(swift.get(k, {}))}/{f(torch.get(k, {}))}/{f(paired.get(k, {}))}")
        print(f"  {k[0]} {k[1]}x{k[2]}  " + "  ".join(cells))


if __name__ == "__main__":
    main()
