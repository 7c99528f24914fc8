#!/usr/bin/env python3
"""The PyTorch side of programs/pytorch_mlp.tp (docs/from-pytorch.md): a μP MLP written the way
PyTorch users write one (nn.Linear layers, nn.init, nn.MSELoss, SGD with per-layer learning rates),
trained at finite widths, its outputs averaged over seeds with their standard errors.

  variant "mup":   inp lr η·n, hid lr η, out lr η/n, out.weight ~ N(0, 1/n²)
  variant "musgd": the mup package's conventions with base width n0: a MuReadout-style readout
                   (f = out.weight·x / width_mult, width_mult = n/n0, out.weight ~ N(0, 1/n0²)) and
                   MuSGD's groups (vector-like inp and out: lr η·width_mult; matrix-like hid: lr η)

Usage: pytorch_mlp.py VARIANT WIDTHS SEEDS [lr] [T] [n0]   (e.g. mup 256,1024,4096 20)
Needs Debian's python3-torch (run with /usr/bin/python3); the project itself never needs Python.
"""
import sys
import math
import torch
import torch.nn as nn

torch.set_default_dtype(torch.float64)
XS = [1.0, -0.8, 0.5, 0.2]
YS = [0.7, -0.4, 0.3]


class MLP(nn.Module):
    def __init__(self, n, variant, n0):
        super().__init__()
        self.inp = nn.Linear(1, n, bias=False)
        self.hid = nn.Linear(n, n, bias=False)
        self.out = nn.Linear(n, 1, bias=False)
        nn.init.normal_(self.inp.weight, std=1.0)
        nn.init.normal_(self.hid.weight, std=n ** -0.5)
        self.scale = 1.0 if variant == "mup" else n0 / n          # MuReadout divides by width_mult = n / n0
        nn.init.normal_(self.out.weight, std=1.0 / n if variant == "mup" else 1.0 / n0)

    def forward(self, x):
        return self.out(torch.tanh(self.hid(torch.tanh(self.inp(x))))) * self.scale


def train(n, seed, variant, lr, steps, n0):
    torch.manual_seed(seed)
    model = MLP(n, variant, n0)
    if variant == "mup":
        groups = [{"params": model.inp.parameters(), "lr": lr * n},
                  {"params": model.hid.parameters(), "lr": lr},
                  {"params": model.out.parameters(), "lr": lr / n}]
    else:
        wm = n / n0
        groups = [{"params": model.inp.parameters(), "lr": lr * wm},
                  {"params": model.hid.parameters(), "lr": lr},
                  {"params": model.out.parameters(), "lr": lr * wm}]
    opt = torch.optim.SGD(groups, lr=lr)
    x = torch.tensor(XS[:3]).reshape(-1, 1)
    y = torch.tensor(YS).reshape(-1, 1)
    losses = []
    for t in range(steps + 1):
        opt.zero_grad()
        loss = nn.MSELoss()(model(x), y)
        losses.append(loss.item())
        if t < steps:
            loss.backward()
            opt.step()
    with torch.no_grad():
        f_test = model(torch.tensor([[XS[3]]])).item()
    return {"loss[0]": losses[0], "loss[1]": losses[1], "loss_T": losses[steps], "f_test": f_test}


def main():
    variant = sys.argv[1]
    widths = [int(w) for w in sys.argv[2].split(",")]
    seeds = int(sys.argv[3])
    lr = float(sys.argv[4]) if len(sys.argv) > 4 else 0.5
    steps = int(sys.argv[5]) if len(sys.argv) > 5 else 2
    n0 = int(sys.argv[6]) if len(sys.argv) > 6 else 4
    print(f"PyTorch {torch.__version__}, float64, variant {variant}, lr {lr}, T {steps}" + ("" if variant == "mup" else f", n0 {n0}"))
    print("width  output   mean           ± s.e.")
    for n in widths:
        runs = [train(n, s, variant, lr, steps, n0) for s in range(seeds)]
        for k in ["loss[0]", "loss[1]", "loss_T", "f_test"]:
            v = [r[k] for r in runs]
            m = sum(v) / len(v)
            se = math.sqrt(sum((a - m) ** 2 for a in v) / (len(v) - 1) / len(v)) if len(v) > 1 else float("nan")
            print(f"{n:<6} {k:<8} {m:<14.8f} {se:.2e}")


if __name__ == "__main__":
    main()
