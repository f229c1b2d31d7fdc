#!/usr/bin/python3
# ===- peers_torch_conv.py - PyTorch peer of bench-conv -----------------=== #
#
# Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
# See LICENSE.TXT for license information.
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
#
# ===------------------------------------------------------------------=== #
"""PyTorch 1.13 eager peer of bench-conv, the workloads of
benchmarks/conv_step.mlir:

    step      one SGD step (lr 0.01) of the conv net at batch 64, 28x28x1:
              conv 3x3x32, relu, max-pool 2, conv 3x3x64, relu, max-pool 2,
              flatten, dense 10, softmax cross-entropy; forward, backward,
              optimizer.step() and zero_grad()
    forward   the 3x3x64x64 convolution (padding 1, no bias) of a batch of 8
              56x56x64 images
    backward  its two gradients (input and filter) from a given output
              gradient, aten::convolution_backward alone

Run with Debian's torch: /usr/bin/python3 peers_torch_conv.py
    --threads default   torch's own default (1 intra-op thread here)
    --threads N         torch limited to N threads (oneDNN's OpenMP too)

Prints, for each workload, one machine-readable line
    torch_conv_<workload>: median_ms=... mean_ms=... min_ms=... max_ms=...
which bench-conv parses. Blocks of calls during which other processes
were busy are discarded, as peers_torch_mlp_step.py does (its load checks
are reused).
"""
import argparse
import statistics
import sys
import time

import torch
import torch.nn as nn

from peers_torch_mlp_step import time_blocks

BATCH, N_BATCHES, LR = 64, 8, 0.01
LAYER_BATCH, LAYER_SIZE, LAYER_CHANNELS = 8, 56, 64


def make_net(seed=0):
    torch.manual_seed(seed)
    return nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Linear(64 * 5 * 5, 10))


def step_workload():
    g = torch.Generator().manual_seed(0)
    xs = [torch.rand(BATCH, 1, 28, 28, generator=g) for _ in range(N_BATCHES)]
    ys = [torch.randint(0, 10, (BATCH,), generator=g)
          for _ in range(N_BATCHES)]
    model = make_net()
    opt = torch.optim.SGD(model.parameters(), lr=LR)
    loss_fn = nn.CrossEntropyLoss()
    it = [0]

    def step():
        i = it[0] = (it[0] + 1) % N_BATCHES
        loss = loss_fn(model(xs[i]), ys[i])
        loss.backward()
        opt.step()
        opt.zero_grad()
    return step


def layer_tensors():
    g = torch.Generator().manual_seed(0)
    shape = (LAYER_BATCH, LAYER_CHANNELS, LAYER_SIZE, LAYER_SIZE)
    x = torch.randn(*shape, generator=g)
    w = torch.randn(LAYER_CHANNELS, LAYER_CHANNELS, 3, 3, generator=g) * 0.04
    dy = torch.randn(*shape, generator=g)
    return x, w, dy


def forward_workload():
    x, w, _ = layer_tensors()

    def forward():
        with torch.no_grad():
            torch.nn.functional.conv2d(x, w, padding=1)
    return forward


def backward_workload():
    x, w, dy = layer_tensors()

    def backward():
        torch.ops.aten.convolution_backward(
            dy, x, w, None, [1, 1], [1, 1], [1, 1], False, [0, 0], 1,
            [True, True, False])
    return backward


def measure(fn, calls, warmup, n_threads):
    """Milliseconds of `calls` calls of `fn` after `warmup` untimed ones, in
    blocks of about 0.2 s."""
    for _ in range(warmup):
        fn()
    t0 = time.perf_counter()
    fn()
    block = max(1, int(0.2 / max(time.perf_counter() - t0, 1e-6)))
    times, discarded, noisy = time_blocks(fn, calls, block, n_threads)
    return [t * 1e3 for t in times], discarded, noisy


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threads", default="default")
    parser.add_argument("--workloads", default="step,forward,backward")
    parser.add_argument("--calls", type=int, default=60)
    args = parser.parse_args()
    if args.threads != "default":
        torch.set_num_threads(int(args.threads))
    n_threads = torch.get_num_threads()
    print(f"torch {torch.__version__}, threads {n_threads}, "
          f"mkldnn={torch.backends.mkldnn.is_available()}")
    makers = {"step": step_workload, "forward": forward_workload,
              "backward": backward_workload}
    for name in args.workloads.split(","):
        if name not in makers:
            print(f"error: unknown workload {name}", file=sys.stderr)
            return 1
        ms, discarded, noisy = measure(makers[name](), args.calls, 10,
                                       n_threads)
        print(f"torch_conv_{name}: median_ms={statistics.median(ms):.4f} "
              f"mean_ms={statistics.fmean(ms):.4f} min_ms={min(ms):.4f} "
              f"max_ms={max(ms):.4f} calls={len(ms)} discarded={discarded} "
              f"noisy={noisy}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
