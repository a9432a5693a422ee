"""Plain PyTorch loops doing the same work as the project's benchmark (scripts/bench.ts), for a
side-by-side figure: what a PyTorch user writes in ten minutes. One thread (the caller sets
OPENBLAS_NUM_THREADS=1; torch.set_num_threads(1) here). Prints one JSON object.

  OPENBLAS_NUM_THREADS=1 python3 scripts/bench/torch_bench.py decoders --count 8 --epochs 20 --dim 20
  OPENBLAS_NUM_THREADS=1 python3 scripts/bench/torch_bench.py train --n 10 --epochs 4

decoders: `count` CB decoders (Linear-BatchNorm-LeakyReLU(0.2)-Dropout(0.7) x [128, 64, 32],
Linear to k classes, SGD lr 0.05, batch 32, drop_last, 1250 train / 3750 test rows of width
`dim`), trained one after another; reports decoder-epochs per CPU-second.
train: one CB network (Small FC for n = 2, Medium FC otherwise) on the CB task (n + n^2
inputs, 90% of the samples of the PROTOCOL.md table), SGD at the table's lr and batch; reports the
steady-state CPU seconds per epoch (epochs after the first) and the validation pass.
"""
import argparse
import json
import os
import resource
import sys
import time

import numpy as np
import torch
import torch.nn as nn

torch.set_num_threads(1)

RUNS = {2: (10000, 32, 0.05, [10, 7, 5, 4, 3]), 10: (25000, 64, 0.5, [100, 20, 20, 20]), 20: (50000, 128, 0.5, [100, 20, 20, 20])}


def cpu():
    return time.process_time()


def cb_data(n, rows, rng):
    c = rng.integers(0, n, rows)
    perm = np.argsort(rng.random((rows, n)), axis=1)  # target colours over directions
    x = np.zeros((rows, n + n * n), dtype=np.float32)
    x[np.arange(rows), c] = 1
    x[:, :n] += rng.normal(0, 0.1, (rows, n)).astype(np.float32)
    for t in range(n):
        x[np.arange(rows), n + t * n + perm[:, t]] = 1
    d = np.argmax(perm == c[:, None], axis=1)
    return torch.from_numpy(x), torch.from_numpy(d.astype(np.int64))


def decoders(args):
    rng = np.random.default_rng(1)
    k = 10
    results = []
    t0c, t0w = cpu(), time.perf_counter()
    for i in range(args.count):
        y = rng.integers(0, k, 5000)
        z = rng.normal(0, 1, (5000, args.dim)).astype(np.float32)
        z[np.arange(5000), y % args.dim] += 1.5
        zt, yt = torch.from_numpy(z), torch.from_numpy(y.astype(np.int64))
        layers, w = [], args.dim
        for h in [128, 64, 32]:
            layers += [nn.Linear(w, h), nn.BatchNorm1d(h, momentum=0.1, eps=1e-5), nn.LeakyReLU(0.2), nn.Dropout(0.7)]
            w = h
        net = nn.Sequential(*layers, nn.Linear(w, k))
        opt = torch.optim.SGD(net.parameters(), lr=0.05)
        loss_fn = nn.CrossEntropyLoss()
        ztr, ytr = zt[:1250], yt[:1250]
        for _ in range(args.epochs):
            net.train()
            perm = torch.randperm(1250)
            for s in range(0, 1250 - 31, 32):  # drop_last
                idx = perm[s:s + 32]
                opt.zero_grad()
                loss = loss_fn(net(ztr[idx]), ytr[idx])
                loss.backward()
                opt.step()
        net.eval()
        with torch.no_grad():
            ce = loss_fn(net(zt[1250:]), yt[1250:]).item()
        results.append(ce)
    cpu_s, wall_s = cpu() - t0c, time.perf_counter() - t0w
    return {"work": "decoders", "count": args.count, "epochs": args.epochs, "dim": args.dim, "cpuSeconds": cpu_s, "wallSeconds": wall_s,
            "decoderEpochsPerCpuSecond": args.count * args.epochs / cpu_s, "testCe": results}


def train(args):
    samples, batch, lr, hidden = RUNS[args.n]
    rng = np.random.default_rng(2)
    x, d = cb_data(args.n, samples, rng)
    n_train = samples - samples // 10
    xtr, ytr, xval, yval = x[:n_train], d[:n_train], x[n_train:], d[n_train:]
    layers, w = [], x.shape[1]
    for h in hidden:
        layers += [nn.Linear(w, h), nn.ReLU()]
        w = h
    net = nn.Sequential(*layers, nn.Linear(w, args.n))
    opt = torch.optim.SGD(net.parameters(), lr=lr)
    loss_fn = nn.CrossEntropyLoss()
    marks = []
    for _ in range(args.epochs):
        perm = torch.randperm(n_train)
        for s in range(0, n_train, batch):
            idx = perm[s:s + batch]
            opt.zero_grad()
            loss = loss_fn(net(xtr[idx]), ytr[idx])
            loss.backward()
            opt.step()
        with torch.no_grad():
            acc = (net(xval).argmax(1) == yval).float().mean().item()
        marks.append((cpu(), time.perf_counter(), acc))
    steady_cpu = (marks[-1][0] - marks[0][0]) / (len(marks) - 1)
    steady_wall = (marks[-1][1] - marks[0][1]) / (len(marks) - 1)
    return {"work": "train", "n": args.n, "epochs": args.epochs, "cpuSecondsPerEpoch": steady_cpu, "wallSecondsPerEpoch": steady_wall, "valAccuracy": marks[-1][2]}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("work", choices=["decoders", "train"])
    p.add_argument("--count", type=int, default=8)
    p.add_argument("--epochs", type=int, default=20)
    p.add_argument("--dim", type=int, default=20)
    p.add_argument("--n", type=int, default=10)
    args = p.parse_args()
    out = decoders(args) if args.work == "decoders" else train(args)
    out["peakRssMiB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out["torch"] = torch.__version__
    out["openblasThreads"] = os.environ.get("OPENBLAS_NUM_THREADS")
    print(json.dumps(out))


if __name__ == "__main__":
    sys.exit(main())
