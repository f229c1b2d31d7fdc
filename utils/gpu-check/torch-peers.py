#!/usr/bin/env python3
# ===- torch-peers.py - PyTorch's side of the GPU check ------------------=== #
#
# Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
# See LICENSE.TXT for license information.
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
#
# ===------------------------------------------------------------------=== #
"""The benchmarks of utils/gpu-check.sh in PyTorch on the same GPU, one
line each in the checks' format: torch.matmul at 4096x4096 in f32 (TF32
off, then on) and bf16, on device tensors and with the copies from and to
the host that nn's calls make, and the MLP training step of
benchmarks/mlp_step.mlir (batch 128, SGD, lr 0.1) on device tensors.
Copied into the prepared folder; gpu-check.sh --run calls it."""

import statistics
import time

import torch

PEAKS = {"fp32": 67, "tf32": 494, "bf16": 989}  # H200 SXM, dense TFLOP/s


def median_seconds(step, reps):
    step()  # warm-up
    torch.cuda.synchronize()
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        step()
        torch.cuda.synchronize()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def report(name, seconds, flops, peak):
    tflops = flops / seconds / 1e12
    print("TORCH %-32s  %9.3f ms  %7.2f TFLOP/s  %5.1f%% of %s peak" %
          (name, seconds * 1e3, tflops, 100 * tflops / PEAKS[peak], peak))


def matmuls():
    flops = 2 * 4096**3
    for dtype, peak, tf32 in [(torch.float32, "fp32", False),
                              (torch.float32, "tf32", True),
                              (torch.bfloat16, "bf16", False)]:
        torch.backends.cuda.matmul.allow_tf32 = tf32
        a = torch.rand(4096, 4096, dtype=dtype, device="cuda") * 2 - 1
        b = torch.rand(4096, 4096, dtype=dtype, device="cuda") * 2 - 1
        name = "matmul-4096-%s" % peak
        report(name, median_seconds(lambda: torch.matmul(a, b), 20), flops,
               peak)
        ha, hb = a.cpu(), b.cpu()
        report(name + "+copies", median_seconds(
            lambda: torch.matmul(ha.cuda(), hb.cuda()).cpu(), 5), flops, peak)
    torch.backends.cuda.matmul.allow_tf32 = False


def mlp_step():
    batch, sizes = 128, [784, 400, 300, 10]
    model = torch.nn.Sequential(
        torch.nn.Linear(sizes[0], sizes[1]), torch.nn.ReLU(),
        torch.nn.Linear(sizes[1], sizes[2]), torch.nn.ReLU(),
        torch.nn.Linear(sizes[2], sizes[3])).cuda()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    loss_fn = torch.nn.CrossEntropyLoss()
    images = torch.rand(batch, 28, 28, device="cuda") * 2 - 1
    labels = torch.randint(0, 10, (batch,), device="cuda")

    def step():
        optimizer.zero_grad()
        loss_fn(model(images.reshape(batch, -1)), labels).backward()
        optimizer.step()

    weights = sum(a * b for a, b in zip(sizes, sizes[1:]))
    flops = 2 * batch * (2 * weights + sizes[1] * sizes[2] + sizes[2] * sizes[3])
    report("mlp-step-b128", median_seconds(step, 50), flops, "fp32")


def main():
    print("torch %s on %s" % (torch.__version__, torch.cuda.get_device_name()))
    matmuls()
    mlp_step()


if __name__ == "__main__":
    main()
