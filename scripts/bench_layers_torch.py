#!/usr/bin/env python3
"""PyTorch side of `forecast-bench layers`: forward + backward of torch.nn.LSTM/GRU/RNN and a
12-output Linear head on one batch (64 windows x 48 steps x 1 feature), float32, CPU. Run by hand:

    python3 scripts/bench_layers_torch.py [threads]

Prints wall and process-CPU milliseconds per batch (median of 30 after 3 warm-ups), like the
Swift benchmark, so both can be compared on a shared machine.
"""
import statistics
import sys
import time

import torch

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
torch.set_num_threads(threads)
torch.manual_seed(0)
B, T, I, HORIZON = 64, 48, 1, 12
print(f"torch {torch.__version__}, threads {torch.get_num_threads()}, batch {B}, steps {T}")
print("cell      shape   fwd ms  fwd+bwd ms  epoch s  CPU ms  CPU epoch s")
for name, cls in [("lstm", torch.nn.LSTM), ("gru", torch.nn.GRU), ("rnn_tanh", torch.nn.RNN)]:
    for hidden, layers in [(64, 2), (128, 1)]:
        rnn = cls(I, hidden, num_layers=layers)
        head = torch.nn.Linear(hidden, HORIZON)
        x = torch.sin(torch.arange(T * B * I, dtype=torch.float32) * 0.37).reshape(T, B, I)
        target = torch.full((B, HORIZON), 0.1)

        def forward():
            out, _ = rnn(x)
            return head(out[-1])

        def step():
            rnn.zero_grad(); head.zero_grad()
            loss = torch.nn.functional.mse_loss(forward(), target)
            loss.backward()

        for _ in range(3):
            step()
        fwd, wall, cpu = [], [], []
        for _ in range(30):
            t0 = time.perf_counter()
            with torch.no_grad():
                forward()
            fwd.append(time.perf_counter() - t0)
            c0, t0 = time.process_time(), time.perf_counter()
            step()
            wall.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        per_epoch = 15941 / B
        w, c = statistics.median(wall), statistics.median(cpu)
        print(f"{name:<8}  {hidden:3d}x{layers}  {statistics.median(fwd)*1e3:7.2f}  {w*1e3:10.2f}  {w*per_epoch:7.2f}  {c*1e3:6.2f}  {c*per_epoch:11.2f}")
