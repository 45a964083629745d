#!/usr/bin/env python3
"""The recurrent-training benchmark's reference configuration in PyTorch (run by hand, never by CI).

Reads the exact series the Swift benchmark trains on (written by
`forecast-bench recurrent --write-data FILE`: raw little-endian float32, already standardised on
the training part) and repeats `forecast-bench recurrent` step for step: windows of 48 → 12,
time-ordered split (15,941 training windows, 3,989 validation windows whose targets lie in the
last 20%), an nn.LSTM/GRU/RNN(tanh) with a Linear head on the last hidden state, batch 64 with a
seeded shuffle (drop_last=False), Adam lr 1e-3, MSE, clip_grad_norm_ 1.0, float32.
Prints one JSON object with the same fields as the Swift benchmark's --json output.

    python3 scripts/bench_recurrent_torch.py --data /tmp/series.f32 --cell lstm --hidden 64 --layers 2 --threads 1

--seed N seeds torch's initialisation (torch.manual_seed) and a separate generator for the shuffle.
--quality trains and validates only (no inference timing) and prints the keys the quality script reads.
--init DIR starts from Swift's initial weights and shuffle orders instead (written by
`forecast-bench recurrent --write-init DIR`), so the two implementations can be compared paired.
"""
import argparse
import json
import platform
import resource
import statistics
import time

import numpy as np
import torch

LOOKBACK, HORIZON, TRAIN_FRACTION, BATCH = 48, 12, 0.8, 64


def windows(series, starts):
    idx = starts[:, None] + np.arange(LOOKBACK + HORIZON)[None, :]
    w = torch.from_numpy(series[idx])
    return w[:, :LOOKBACK].contiguous(), w[:, LOOKBACK:].contiguous()


class Model(torch.nn.Module):
    def __init__(self, cell, hidden, layers):
        super().__init__()
        kind = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU, "rnn": torch.nn.RNN}[cell]
        self.rnn = kind(1, hidden, layers)
        self.head = torch.nn.Linear(hidden, HORIZON)

    def forward(self, x):  # x: (T, B, 1) time-major, as the Swift layers take it
        out, _ = self.rnn(x)
        return self.head(out[-1])


def load_init(directory, model, n, epochs):
    """Copies Swift's initial parameters (state_dict names) into `model` and returns its shuffle orders."""
    meta = json.load(open(f"{directory}/init.json"))
    if meta["train_windows"] != n or meta["epochs"] < epochs:
        raise SystemExit(f"{directory}: written for {meta['train_windows']} windows, {meta['epochs']} epochs")
    flat = np.fromfile(f"{directory}/params.f32", dtype="<f4")
    state = model.state_dict()
    if sorted(state) != sorted(t["name"] for t in meta["tensors"]):
        raise SystemExit(f"{directory}: tensors {[t['name'] for t in meta['tensors']]} != {sorted(state)}")
    with torch.no_grad():
        for t in meta["tensors"]:
            values = torch.from_numpy(flat[t["offset"]:t["offset"] + t["count"]].copy()).reshape(t["shape"])
            if tuple(values.shape) != tuple(state[t["name"]].shape):
                raise SystemExit(f"{t['name']}: shape {t['shape']} != {list(state[t['name']].shape)}")
            state[t["name"]].copy_(values)
    orders = np.fromfile(f"{directory}/order.i32", dtype="<i4").reshape(meta["epochs"], n)
    return [torch.from_numpy(o.astype(np.int64)) for o in orders]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", required=True)
    p.add_argument("--cell", default="lstm", choices=["lstm", "gru", "rnn"])
    p.add_argument("--hidden", type=int, default=64)
    p.add_argument("--layers", type=int, default=2)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--quality", action="store_true", help="train + validation MSE only, no inference timing")
    p.add_argument("--init", help="directory from `forecast-bench recurrent --write-init`: start weights + orders")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    series = np.fromfile(a.data, dtype="<f4")
    split = int(len(series) * TRAIN_FRACTION)
    train_x, train_y = windows(series, np.arange(0, split - LOOKBACK - HORIZON + 1))
    val_x, val_y = windows(series, np.arange(split - LOOKBACK, len(series) - LOOKBACK - HORIZON + 1))
    model = Model(a.cell, a.hidden, a.layers)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.MSELoss()
    gen = torch.Generator().manual_seed(a.seed)
    n = train_x.shape[0]
    orders = load_init(a.init, model, n, a.epochs) if a.init else None

    def epoch(e):
        model.train()
        order = orders[e] if orders is not None else torch.randperm(n, generator=gen)
        t0, c0 = time.perf_counter(), time.process_time()
        total, batches = 0.0, 0
        for s in range(0, n, BATCH):
            idx = order[s:s + BATCH]
            x = train_x[idx].T.unsqueeze(-1)  # (T, B, 1)
            opt.zero_grad(set_to_none=False)
            loss = loss_fn(model(x), train_y[idx])
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            total += loss.item()
            batches += 1
        return time.perf_counter() - t0, time.process_time() - c0, total / batches

    runs = [epoch(e) for e in range(a.epochs)]
    times, cpu = [r[0] for r in runs], [r[1] for r in runs]
    timed = slice(1, 4) if len(times) >= 4 else slice(1 if len(times) > 1 else 0, None)
    model.eval()
    with torch.inference_mode():
        sq, count = 0.0, 0
        for s in range(0, val_x.shape[0], 256):
            pred = model(val_x[s:s + 256].T.unsqueeze(-1))
            sq += float(((pred - val_y[s:s + 256]) ** 2).double().sum())
            count += pred.numel()
        val_mse = sq / count
        if a.quality:
            print(json.dumps({
                "impl": "pytorch", "version": torch.__version__, "cell": a.cell, "hidden": a.hidden,
                "layers": a.layers, "threads": a.threads, "epochs": a.epochs, "seed": a.seed,
                "init": "swift" if a.init else "torch", "val_mse": val_mse,
                "epoch_train_loss": [r[2] for r in runs], "epoch_times": times,
            }))
            return

        def throughput(batch, total):
            """Windows per second of wall time and per second of process CPU time."""
            m = val_x.shape[0]
            model(val_x[:batch].T.unsqueeze(-1))  # warm-up
            t0, c0 = time.perf_counter(), time.process_time()
            done, s = 0, 0
            while done < total:
                if s + batch > m:
                    s = 0
                model(val_x[s:s + batch].T.unsqueeze(-1))
                s += batch
                done += batch
            return done / (time.perf_counter() - t0), done / (time.process_time() - c0)

        (batch1, batch1_cpu), (batch256, batch256_cpu) = throughput(1, 2000), throughput(256, 256 * 16)
    print(json.dumps({
        "impl": "pytorch", "version": torch.__version__, "cell": a.cell, "hidden": a.hidden, "layers": a.layers,
        "threads": a.threads, "epochs": a.epochs, "train_windows": n, "val_windows": int(val_x.shape[0]),
        "epoch_seconds": statistics.median(times[timed]), "epoch_cpu_seconds": statistics.median(cpu[timed]),
        "epoch_times": times, "val_mse": val_mse,
        "infer_b1_wps": batch1, "infer_b256_wps": batch256,
        "infer_b1_cpu_wps": batch1_cpu, "infer_b256_cpu_wps": batch256_cpu,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "parameters": sum(p.numel() for p in model.parameters()), "machine": platform.processor() or platform.machine(),
        "mkldnn": torch.backends.mkldnn.is_available(), "blas": torch.__config__.show().count("mkl") > 0,
    }))


if __name__ == "__main__":
    main()
