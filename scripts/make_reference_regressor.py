#!/usr/bin/env python3
"""Golden training trajectory of the recurrent benchmark's loop, in PyTorch float64 (run by hand, never by CI).

    python3 scripts/make_reference_regressor.py      # writes Fixtures/reference/training-regressor.json

For LSTM, GRU and tanh RNN (hidden 5, 2 layers, 1 input feature) with a Linear head on the last
hidden state (3 outputs): windows 6 -> 3 of a short noisy sine, 11 training windows in batches of 4
(the last batch 3, as drop_last=False gives) in a given order per epoch, 2 epochs, Adam lr 0.01,
MSE (mean over batch x horizon), clip_grad_norm_ 0.6 (active on some steps, not others), then the
validation MSE over 12 later windows. This is `forecast-bench recurrent`'s loop, scaled down.
Every input and initial parameter is rounded to float32 first, so the Swift test (Float) starts
from the same values. Per step: the batch loss, the gradient norm before clipping and all
parameters after the update, named as in the state_dict.
"""
import json
import pathlib

import torch

torch.set_default_dtype(torch.float64)
OUT = pathlib.Path(__file__).resolve().parent.parent / "Fixtures" / "reference" / "training-regressor.json"
LOOKBACK, HORIZON, HIDDEN, LAYERS, BATCH, EPOCHS, LR, CLIP = 6, 3, 5, 2, 4, 2, 0.01, 0.6
TRAIN, VALIDATION_START = 11, 20


def f32(t):
    return t.float().double()


def flat(t):
    return [float(v) for v in t.detach().reshape(-1)]


class Model(torch.nn.Module):
    def __init__(self, cell):
        super().__init__()
        kind = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU, "rnn_tanh": torch.nn.RNN}[cell]
        self.rnn = kind(1, HIDDEN, LAYERS)
        self.head = torch.nn.Linear(HIDDEN, HORIZON)

    def forward(self, x):  # (T, B, 1)
        out, _ = self.rnn(x)
        return self.head(out[-1])


def main():
    g = torch.Generator().manual_seed(3)
    t = torch.arange(40, dtype=torch.float64)
    series = f32(torch.sin(2 * torch.pi * t / 7) + 0.3 * torch.randn(40, generator=g))
    count = len(series) - LOOKBACK - HORIZON + 1
    windows = torch.stack([series[s:s + LOOKBACK + HORIZON] for s in range(count)])
    orders = [torch.randperm(TRAIN, generator=g) for _ in range(EPOCHS)]
    cases = []
    for cell in ["lstm", "gru", "rnn_tanh"]:
        torch.manual_seed({"lstm": 1, "gru": 2, "rnn_tanh": 3}[cell])
        model = Model(cell)
        with torch.no_grad():
            for p in model.parameters():
                p.copy_(f32(p))
        initial = {k: flat(v) for k, v in model.state_dict().items()}
        opt = torch.optim.Adam(model.parameters(), lr=LR)
        steps = []
        for order in orders:
            for s in range(0, TRAIN, BATCH):
                idx = order[s:s + BATCH]
                x = windows[idx, :LOOKBACK].T.unsqueeze(-1)
                y = windows[idx, LOOKBACK:]
                opt.zero_grad()
                loss = torch.nn.functional.mse_loss(model(x), y)
                loss.backward()
                norm = torch.nn.utils.clip_grad_norm_(model.parameters(), CLIP)
                opt.step()
                steps.append({"loss": loss.item(), "grad_norm": float(norm),
                              "parameters": {k: flat(v) for k, v in model.state_dict().items()}})
        with torch.no_grad():
            v = windows[VALIDATION_START:]
            val = torch.nn.functional.mse_loss(model(v[:, :LOOKBACK].T.unsqueeze(-1)), v[:, LOOKBACK:]).item()
        cases.append({"cell": cell, "initial": initial, "steps": steps, "validation_mse": val})
    doc = {"meta": {"generator": "scripts/make_reference_regressor.py", "torch": torch.__version__,
                    "dtype": "float64"},
           "lookback": LOOKBACK, "horizon": HORIZON, "hidden": HIDDEN, "layers": LAYERS, "batch": BATCH,
           "learning_rate": LR, "clip": CLIP, "series": flat(series), "train_windows": TRAIN,
           "validation_start": VALIDATION_START, "orders": [[int(i) for i in o] for o in orders], "cases": cases}
    OUT.write_text(json.dumps(doc) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
