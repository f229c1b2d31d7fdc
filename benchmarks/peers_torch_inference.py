#!/usr/bin/python3
# ===- peers_torch_inference.py - PyTorch peer of bench-inference -------=== #
#
# Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
# See LICENSE.TXT for license information.
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
#
# ===------------------------------------------------------------------=== #
"""PyTorch eager peer of bench-inference: the forward pass of the
784-400(relu)-300(relu)-10 perceptron at batch 1 with softmax, under
torch.no_grad(), as bench-inference's module computes it.

Usage: /usr/bin/python3 peers_torch_inference.py [--samples N]
Prints one machine-readable line,
    torch_inference: median_ms=... min_ms=... max_ms=...
each sample the mean of a loop of calls lasting at least 0.2 s.
"""
import argparse
import statistics
import time

import torch
import torch.nn as nn


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=9)
    args = parser.parse_args()
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(784, 400), nn.ReLU(), nn.Linear(400, 300),
                          nn.ReLU(), nn.Linear(300, 10), nn.Softmax(dim=1))
    model.eval()
    x = torch.rand(1, 784)
    with torch.no_grad():
        for _ in range(200):
            model(x)
        reps = 1
        while True:
            start = time.perf_counter()
            for _ in range(reps):
                model(x)
            if time.perf_counter() - start >= 0.2:
                break
            reps *= 2
        samples = []
        for _ in range(args.samples):
            start = time.perf_counter()
            for _ in range(reps):
                model(x)
            samples.append((time.perf_counter() - start) / reps * 1e3)
    print("torch: %s, %d intra-op threads" % (torch.__version__,
                                            torch.get_num_threads()))
    print("torch_inference: median_ms=%.6f min_ms=%.6f max_ms=%.6f" %
          (statistics.median(samples), min(samples), max(samples)))


if __name__ == "__main__":
    main()
