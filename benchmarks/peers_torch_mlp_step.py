#!/usr/bin/python3
# ===- peers_torch_mlp_step.py - PyTorch peer of bench-mlp-step ---------=== #
#
# Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
# See LICENSE.TXT for license information.
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
#
# ===------------------------------------------------------------------=== #
"""PyTorch 1.13 eager peer of bench-mlp-step: one SGD training step of the
784-400(relu)-300(relu)-10 perceptron at batch 128 with softmax
cross-entropy, as benchmarks/mlp_step.mlir computes it.

Run with Debian's torch: /usr/bin/python3 peers_torch_mlp_step.py
    --threads default   torch 1 intra-op thread, OpenBLAS 2 threads: what a
                        plain `import torch` gives on this 2-vCPU machine
                        (shared/bench/peers/RESULTS.md, section 1)
    --threads N         torch and OpenBLAS both limited to N threads

The step is forward, loss, backward, optimizer.step() and zero_grad(), the
parameters updated in place (the nn step returns new ones). The data is
synthetic and of the same kind as the C++ side's (uniform images, labels
from a fixed random linear map): timing does not depend on the values, and
the loss must fall over the first steps, which is checked.

Prints one machine-readable line,
    torch_mlp_step: median_ms=... mean_ms=... min_ms=... max_ms=... ...
which bench-mlp-step parses, after a few lines for the record.
"""
import argparse
import ctypes
import os
import statistics
import sys
import time

import torch
import torch.nn as nn

BATCH, N_IN, H1, H2, N_OUT = 128, 784, 400, 300, 10
N_BATCHES = 8
LR = 0.1


def make_data(seed=0):
    """N_BATCHES batches: images uniform in [0, 1), labels the argmax of a
    fixed random linear map of the centred images (learnable)."""
    g = torch.Generator().manual_seed(seed)
    proj = torch.randn(N_IN, N_OUT, generator=g)
    xs, ys = [], []
    for _ in range(N_BATCHES):
        x = torch.rand(BATCH, 28, 28, generator=g)
        ys.append(((x.reshape(BATCH, N_IN) - 0.5) @ proj).argmax(dim=1))
        xs.append(x)
    return xs, ys


def make_model(seed=0):
    torch.manual_seed(seed)
    model = nn.Sequential(nn.Flatten(), nn.Linear(N_IN, H1), nn.ReLU(),
                          nn.Linear(H1, H2), nn.ReLU(), nn.Linear(H2, N_OUT))
    for layer in model:
        if isinstance(layer, nn.Linear):
            nn.init.xavier_uniform_(layer.weight)
            nn.init.zeros_(layer.bias)
    return model


# Load checks, as shared/bench/peers/benchutil.py: a block of steps counts
# only when other processes left this one's CPUs alone.
_HZ = os.sysconf("SC_CLK_TCK")


def _cpu_times():
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:9]]
    busy = (v[0] + v[1] + v[2] + v[5] + v[6] + v[7]) / _HZ
    t = os.times()
    return busy, t.user + t.system, time.monotonic()


def _other_cpus(start):
    busy, own, wall = _cpu_times()
    elapsed = max(wall - start[2], 1e-9)
    other = max(0.0, (busy - start[0]) - (own - start[1])) / elapsed
    return other, (own - start[1]) / elapsed, elapsed


def _wait_quiet(max_s=3.0):
    end = time.monotonic() + max_s
    while time.monotonic() < end:
        start = _cpu_times()
        time.sleep(0.3)
        if _other_cpus(start)[0] < 0.05:
            return


def time_blocks(fn, calls, block, n_threads):
    """Seconds of `calls` calls of `fn`, timed in blocks of `block` calls; a
    block during which other processes were busy is discarded (20 at most,
    then kept and counted as noisy). Gives (times, discarded, noisy)."""
    times, discarded, noisy = [], 0, 0
    while len(times) < calls:
        _wait_quiet()
        start = _cpu_times()
        block_times = []
        for _ in range(block):
            t = time.perf_counter()
            fn()
            block_times.append(time.perf_counter() - t)
        other, own, elapsed = _other_cpus(start)
        clean = elapsed < 0.05 or other < 0.15 or (
            n_threads == 1 and other < 1.15 and own >= 0.97)
        if not clean and discarded < 20:
            discarded += 1
            continue
        noisy += not clean
        times += block_times
    return times[:calls], discarded, noisy


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threads", default="default")
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--optimizer", choices=["sgd", "adam"], default="sgd",
                        help="SGD(lr=0.1), or Adam(lr=1e-3, eps=1e-7) as "
                        "Keras's defaults (bench-frontend)")
    args = parser.parse_args()

    threads = None if args.threads == "default" else int(args.threads)
    if threads is not None:
        torch.set_num_threads(threads)
    # torch.set_num_threads does not reach OpenBLAS's own pthread pool, which
    # nn.Linear's sgemm calls use; set it through the library itself (the
    # libblas.so.3 torch loaded: OpenBLAS by Debian's alternatives).
    try:
        blas = ctypes.CDLL("libblas.so.3")
        if threads is not None:
            blas.openblas_set_num_threads(threads)
        blas_threads = blas.openblas_get_num_threads()
    except (OSError, AttributeError):
        blas_threads = None
    # Threads in use, for the load check: a 1-thread block tolerates a
    # process on the other vCPU.
    n_threads = max(torch.get_num_threads(), blas_threads or 2)

    xs, ys = make_data()
    model = make_model()
    if args.optimizer == "adam":
        opt = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
    else:
        opt = torch.optim.SGD(model.parameters(), lr=LR)
    loss_fn = nn.CrossEntropyLoss()
    it = [0]

    def step():
        i = it[0] = (it[0] + 1) % N_BATCHES
        loss = loss_fn(model(xs[i]), ys[i])
        loss.backward()
        opt.step()
        opt.zero_grad()
        return loss

    # Correctness: the loss falls over the first steps.
    it[0] = -1
    losses = [step().item() for _ in range(12)]
    print("loss over 12 steps: " + " ".join(f"{v:.4f}" for v in losses))
    if not losses[-1] < losses[0]:
        print("error: the loss does not decrease", file=sys.stderr)
        return 1

    for _ in range(args.warmup):
        step()
    t0 = time.perf_counter()
    for _ in range(5):
        step()
    block = max(5, int(0.2 / ((time.perf_counter() - t0) / 5)))
    times, discarded, noisy = time_blocks(step, args.steps, block, n_threads)
    print(f"torch {torch.__version__}, threads: torch={torch.get_num_threads()}"
          f" openblas={blas_threads}; {len(times)} steps after {args.warmup}"
          f" warm-up; blocks of {block}: {discarded} discarded, {noisy} noisy")
    ms = [t * 1e3 for t in times]
    print(f"torch_mlp_step: median_ms={statistics.median(ms):.4f} "
          f"mean_ms={statistics.fmean(ms):.4f} min_ms={min(ms):.4f} "
          f"max_ms={max(ms):.4f} steps={len(ms)} discarded={discarded} "
          f"noisy={noisy}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
