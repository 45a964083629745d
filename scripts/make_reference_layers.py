#!/usr/bin/env python3
"""Golden data for the recurrent layers: run by hand, never by CI.

Builds torch.nn.RNN / GRU / LSTM (and a Linear head) in float64 with seeded weights and inputs,
runs forward, backpropagates the loss
    L = sum(output * R) + sum(h_n * RH) + sum(c_n * RC)
(R, RH, RC fixed random tensors) and writes weights, inputs, outputs, final states and every
gradient to Fixtures/reference/layers.json. Swift's RecurrentLayersTests load that file.

    python3 scripts/make_reference_layers.py
"""
import json
import os

import torch

torch.manual_seed(20261122)
torch.set_default_dtype(torch.float64)

# (name, cell, nonlinearity, layers, bidirectional); tiny shapes keep the file small.
CASES = [
    ("rnn_tanh_1x_uni", "rnn", "tanh", 1, False),
    ("rnn_tanh_2x_bi", "rnn", "tanh", 2, True),
    ("rnn_relu_2x_uni", "rnn", "relu", 2, False),
    ("rnn_relu_1x_bi", "rnn", "relu", 1, True),
    ("gru_1x_uni", "gru", None, 1, False),
    ("gru_2x_uni", "gru", None, 2, False),
    ("gru_1x_bi", "gru", None, 1, True),
    ("gru_2x_bi", "gru", None, 2, True),
    ("lstm_1x_uni", "lstm", None, 1, False),
    ("lstm_2x_uni", "lstm", None, 2, False),
    ("lstm_1x_bi", "lstm", None, 1, True),
    ("lstm_2x_bi", "lstm", None, 2, True),
]
INPUT, HIDDEN, STEPS, BATCH = 2, 3, 4, 2


def tensor(t):
    # 12 significant digits: far below the tests' 1e-5 tolerance, and a third of the file size.
    return {"shape": list(t.shape), "data": [float("%.12g" % x) for x in t.detach().reshape(-1).tolist()]}


def make_case(name, cell, nonlinearity, layers, bidirectional):
    kwargs = dict(input_size=INPUT, hidden_size=HIDDEN, num_layers=layers, bidirectional=bidirectional)
    if cell == "rnn":
        module = torch.nn.RNN(nonlinearity=nonlinearity, **kwargs)
    elif cell == "gru":
        module = torch.nn.GRU(**kwargs)
    else:
        module = torch.nn.LSTM(**kwargs)
    # Wider than PyTorch's default init so gates leave the linear region and bugs show.
    with torch.no_grad():
        for p in module.parameters():
            p.uniform_(-0.8, 0.8)
    d = 2 if bidirectional else 1
    x = torch.randn(STEPS, BATCH, INPUT, requires_grad=True)
    h0 = torch.randn(layers * d, BATCH, HIDDEN, requires_grad=True) * 0.5
    h0.retain_grad()
    c0 = torch.randn(layers * d, BATCH, HIDDEN, requires_grad=True) * 0.5
    c0.retain_grad()
    if cell == "lstm":
        out, (hn, cn) = module(x, (h0, c0))
    else:
        out, hn = module(x, h0)
        cn = torch.zeros_like(hn)
    r = torch.randn_like(out)
    rh = torch.randn_like(hn)
    rc = torch.randn_like(cn)
    loss = (out * r).sum() + (hn * rh).sum() + (cn * rc).sum()
    loss.backward()
    cell_name = {"rnn": "rnn_" + (nonlinearity or "tanh"), "gru": "gru", "lstm": "lstm"}[cell]
    return {
        "name": name,
        "cell": cell_name,
        "inputSize": INPUT, "hiddenSize": HIDDEN, "layers": layers, "bidirectional": bidirectional,
        "steps": STEPS, "batch": BATCH,
        "parameters": {k: tensor(v) for k, v in module.state_dict().items()},
        "input": tensor(x), "initialHidden": tensor(h0),
        "initialCell": tensor(c0) if cell == "lstm" else None,
        "outputWeights": tensor(r), "finalHiddenWeights": tensor(rh), "finalCellWeights": tensor(rc),
        "output": tensor(out), "finalHidden": tensor(hn), "finalCell": tensor(cn),
        "parameterGradients": {k: tensor(p.grad) for k, p in module.named_parameters()},
        "inputGradient": tensor(x.grad), "initialHiddenGradient": tensor(h0.grad),
        "initialCellGradient": tensor(c0.grad) if cell == "lstm" else None,
        "loss": float(loss.detach()),
    }


def make_dense():
    linear = torch.nn.Linear(5, 3)
    x = torch.randn(4, 5, requires_grad=True)
    y = linear(x)
    r = torch.randn_like(y)
    (y * r).sum().backward()
    return {
        "parameters": {k: tensor(v) for k, v in linear.state_dict().items()},
        "input": tensor(x), "output": tensor(y), "outputWeights": tensor(r),
        "parameterGradients": {k: tensor(p.grad) for k, p in linear.named_parameters()},
        "inputGradient": tensor(x.grad),
    }


def main():
    document = {
        "generator": "scripts/make_reference_layers.py",
        "torch": torch.__version__,
        "loss": "sum(output * outputWeights) + sum(h_n * finalHiddenWeights) + sum(c_n * finalCellWeights)",
        "cases": [make_case(*c) for c in CASES],
        "dense": make_dense(),
    }
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    path = os.path.join(root, "Fixtures", "reference", "layers.json")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(document, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {path} ({os.path.getsize(path)} bytes, {len(CASES)} cases)")


if __name__ == "__main__":
    main()
