#!/usr/bin/env bash
# Runs the recurrent-training benchmark in Swift (forecast-bench recurrent) and in PyTorch
# (scripts/bench_recurrent_torch.py) on identical data, at 1 and 2 threads, one process per
# configuration (so peak RSS is per configuration), and prints both side by side with ratios.
# Run by hand (needs python3 with torch and numpy); `make bench-recurrent` calls it.
#
#   scripts/bench_recurrent_compare.sh [--cells lstm,gru,rnn] [--shapes 64x2,128x1] [--threads 1,2] [--epochs 5]
set -euo pipefail
cd "$(dirname "$0")/.."
CELLS=lstm,gru,rnn SHAPES=64x2,128x1 THREADS=1,2 EPOCHS=5
while [ $# -gt 0 ]; do
    case "$1" in
        --cells) CELLS=$2; shift 2 ;;
        --shapes) SHAPES=$2; shift 2 ;;
        --threads) THREADS=$2; shift 2 ;;
        --epochs) EPOCHS=$2; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
swift build -c release ${SWIFT_FLAGS:-} --product forecast-bench >&2
BENCH="$(swift build -c release ${SWIFT_FLAGS:-} --show-bin-path)/forecast-bench"
OUT=${BENCH_OUT:-out/bench-recurrent}
mkdir -p "$OUT"
DATA="$OUT/series.f32"
"$BENCH" recurrent --write-data "$DATA" >&2
RESULTS="$OUT/results.jsonl"
: > "$RESULTS"
for threads in ${THREADS//,/ }; do
    for shape in ${SHAPES//,/ }; do
        hidden=${shape%x*}; layers=${shape#*x}
        for cell in ${CELLS//,/ }; do
            echo "== $cell ${shape} threads $threads" >&2
            "$BENCH" recurrent --cell "$cell" --shape "$shape" --threads "$threads" --epochs "$EPOCHS" --json >> "$RESULTS"
            OMP_NUM_THREADS=$threads MKL_NUM_THREADS=$threads python3 scripts/bench_recurrent_torch.py --data "$DATA" \
                --cell "$cell" --hidden "$hidden" --layers "$layers" --threads "$threads" --epochs "$EPOCHS" >> "$RESULTS"
        done
    done
done
python3 - "$RESULTS" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
key = lambda r: (r["threads"], r["hidden"], r["layers"], r["cell"])
swift = {key(r): r for r in rows if r["impl"] == "swift"}
torch = {key(r): r for r in rows if r["impl"] == "pytorch"}
print("| cell | shape | threads | s/epoch Swift | s/epoch PyTorch | train speed-up | CPU-s Swift | CPU-s PyTorch | "
      "GEMM floor s | Swift / floor | CPU floor s | Swift CPU / CPU floor | val MSE Swift | val MSE PyTorch | MSE ratio | b1 win/s Swift | b1 PyTorch | "
      "b1 speed-up | b1 CPU speed-up | b256 win/s Swift | b256 PyTorch | b256 speed-up | b256 CPU speed-up | GFLOP/s | "
      "RSS MB Swift | RSS MB PyTorch |")
print("|" + "---|" * 27)
cpu_ratio = lambda s, t, k: f"{s[k] / t[k]:.1f}x" if k in s and k in t else "n/a"
for k in sorted(swift, key=lambda k: (k[0], -k[1], k[3])):
    s, t = swift[k], torch.get(k)
    if t is None:
        continue
    print(f"| {k[3]} | {k[1]}x{k[2]} | {k[0]} | {s['epoch_seconds']:.2f} | {t['epoch_seconds']:.2f} | "
          f"{t['epoch_seconds'] / s['epoch_seconds']:.2f}x | {s['epoch_cpu_seconds']:.2f} | {t['epoch_cpu_seconds']:.2f} | "
          f"{s['gemm_floor_seconds']:.2f} | {s['gemm_floor_ratio']:.2f}x | "
          f"{s['gemm_floor_cpu_seconds']:.2f} | {s['gemm_floor_cpu_ratio']:.2f}x | "
          f"{s['val_mse']:.4f} | {t['val_mse']:.4f} | {s['val_mse'] / t['val_mse']:.3f} | "
          f"{s['infer_b1_wps']:.0f} | {t['infer_b1_wps']:.0f} | {s['infer_b1_wps'] / t['infer_b1_wps']:.1f}x | "
          f"{cpu_ratio(s, t, 'infer_b1_cpu_wps')} | "
          f"{s['infer_b256_wps']:.0f} | {t['infer_b256_wps']:.0f} | {s['infer_b256_wps'] / t['infer_b256_wps']:.1f}x | "
          f"{cpu_ratio(s, t, 'infer_b256_cpu_wps')} | "
          f"{s['gemm_gflops']:.1f} | {s['peak_rss_mb']:.0f} | {t['peak_rss_mb']:.0f} |")
PY
