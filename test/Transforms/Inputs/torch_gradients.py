#!/usr/bin/env python3
"""Compares nn-autodiff's gradients with PyTorch's autograd.

For each f32 function below, writes an .mlir file with the function @f and a
@main that returns `nn.value_and_grad @f` with respect to every float
argument, writes random inputs (fixed seed) as .npy files, runs nn-run on
them, and computes the same value and gradients with torch autograd in
float64 from the same f32 inputs. Every result must agree within a relative
error of 2e-3 (relative to max(1, |torch value|)), which f32 rounding meets
with a wide margin and a wrong gradient rule does not.

Layouts: nn.conv2d takes NHWC input and an HWIO filter with explicit padding
[top, bottom, left, right]; nn.max_pool2d and nn.avg_pool2d are NHWC, and
avg_pool2d does not count padding. Torch is NCHW/OIHW, so the reference
permutes.

Prints one PASS or FAIL line per function and a summary; exits 1 on any
disagreement.
"""

import argparse
import os
import subprocess
import sys

import numpy as np
import torch
import torch.nn.functional as F

TOLERANCE = 2e-3


# --------------------------------------------------------------------------
# Torch references of the nn ops that have no direct equivalent
# --------------------------------------------------------------------------

def conv2d_nhwc(x, w, strides=(1, 1), dilations=(1, 1), padding=(0, 0, 0, 0)):
    """nn.conv2d: NHWC input, HWIO filter, padding [top, bottom, l, r]."""
    top, bottom, left, right = padding
    xt = F.pad(x.permute(0, 3, 1, 2), (left, right, top, bottom))
    y = F.conv2d(xt, w.permute(3, 2, 0, 1), stride=strides, dilation=dilations)
    return y.permute(0, 2, 3, 1)


def max_pool2d_nhwc(x, window, strides, padding=(0, 0)):
    y = F.max_pool2d(x.permute(0, 3, 1, 2), window, strides, padding)
    return y.permute(0, 2, 3, 1)


def avg_pool2d_nhwc(x, window, strides, padding=(0, 0)):
    y = F.avg_pool2d(x.permute(0, 3, 1, 2), window, strides, padding,
                     count_include_pad=False)
    return y.permute(0, 2, 3, 1)


def pad_interior(x, low, high, interior, value):
    """nn.pad with interior padding: x's elements land on a strided grid."""
    shape = [lo + n + (n - 1) * it + hi
             for n, lo, hi, it in zip(x.shape, low, high, interior)]
    out = torch.full(shape, value, dtype=x.dtype)
    index = tuple(slice(lo, lo + (n - 1) * (it + 1) + 1, it + 1)
                  for n, lo, it in zip(x.shape, low, interior))
    out[index] = x
    return out


# --------------------------------------------------------------------------
# The functions
# --------------------------------------------------------------------------

class Case:
    """A function @f(args) -> tensor<f32> and its torch twin.

    `args` lists (name, MLIR type, numpy value); `body` is @f's body, which
    returns the loss; `reference` takes the torch tensors by name.
    """

    def __init__(self, name, args, body, reference):
        self.name = name
        self.args = args
        self.body = body
        self.reference = reference

    def float_args(self):
        return [i for i, (_, _, value) in enumerate(self.args)
                if value.dtype.kind == "f"]

    def module(self):
        params = ", ".join(f"%{name}: {type_}" for name, type_, _ in self.args)
        types = ", ".join(type_ for _, type_, _ in self.args)
        wrt = self.float_args()
        grad_types = [self.args[i][1] for i in wrt]
        results = ", ".join(["tensor<f32>"] + grad_types)
        operands = ", ".join(f"%{name}" for name, _, _ in self.args)
        grads = [f"%g#{i}" for i in range(len(wrt))]
        body = self.body.strip("\n")
        return (
            f"func.func @f({params}) -> tensor<f32> {{\n{body}\n}}\n\n"
            f"func.func @main({params}) -> ({results}) {{\n"
            f"  %v, %g:{len(wrt)} = nn.value_and_grad @f({operands})"
            f" {{wrt = array<i64: {', '.join(map(str, wrt))}>}}\n"
            f"      : ({types}) -> ({results})\n"
            f"  return %v, {', '.join(grads)} : {results}\n"
            f"}}\n")


def cases(rng):
    def uniform(*shape, lo=-1.0, hi=1.0):
        return rng.uniform(lo, hi, size=shape).astype(np.float32)

    def positive(*shape):
        return uniform(*shape, lo=0.5, hi=2.0)

    yield Case(
        "mlp_cross_entropy",
        # A dynamic batch, run with 8 rows.
        [("x", "tensor<?x5xf32>", uniform(8, 5)),
         ("labels", "tensor<?xi64>", rng.integers(0, 4, size=8)),
         ("w1", "tensor<5x7xf32>", uniform(5, 7)),
         ("b1", "tensor<7xf32>", uniform(7)),
         ("w2", "tensor<7x4xf32>", uniform(7, 4)),
         ("b2", "tensor<4xf32>", uniform(4))],
        """
  %0 = nn.matmul %x, %w1 : tensor<?x5xf32>, tensor<5x7xf32>
  %1 = nn.add %0, %b1 : tensor<?x7xf32>, tensor<7xf32>
  %2 = nn.relu %1 : tensor<?x7xf32>
  %3 = nn.matmul %2, %w2 : tensor<?x7xf32>, tensor<7x4xf32>
  %4 = nn.add %3, %b2 : tensor<?x4xf32>, tensor<4xf32>
  %5 = nn.log_softmax %4 : tensor<?x4xf32>
  %6 = nn.one_hot %labels {depth = 4 : i64} : tensor<?xi64> to tensor<?x4xf32>
  %7 = nn.mul %5, %6 : tensor<?x4xf32>, tensor<?x4xf32>
  %8 = nn.reduce_sum %7 {axes = array<i64: 1>} : tensor<?x4xf32>
  %9 = nn.reduce_mean %8 : tensor<?xf32>
  %10 = nn.neg %9 : tensor<f32>
  return %10 : tensor<f32>""",
        lambda x, labels, w1, b1, w2, b2: F.cross_entropy(
            torch.relu(x @ w1 + b1) @ w2 + b2, labels))

    yield Case(
        "mlp_softmax_squared_error",
        [("x", "tensor<6x4xf32>", uniform(6, 4)),
         ("w", "tensor<4x5xf32>", uniform(4, 5)),
         ("b", "tensor<5xf32>", uniform(5)),
         ("t", "tensor<6x5xf32>", uniform(6, 5, lo=0.0, hi=0.5))],
        """
  %0 = nn.matmul %x, %w : tensor<6x4xf32>, tensor<4x5xf32>
  %1 = nn.add %0, %b : tensor<6x5xf32>, tensor<5xf32>
  %2 = nn.relu %1 : tensor<6x5xf32>
  %3 = nn.softmax %2 {axis = 0 : i64} : tensor<6x5xf32>
  %4 = nn.sub %3, %t : tensor<6x5xf32>, tensor<6x5xf32>
  %5 = nn.mul %4, %4 : tensor<6x5xf32>, tensor<6x5xf32>
  %6 = nn.reduce_mean %5 : tensor<6x5xf32>
  return %6 : tensor<f32>""",
        lambda x, w, b, t: (
            (F.softmax(torch.relu(x @ w + b), dim=0) - t) ** 2).mean())

    yield Case(
        "conv_max_pool_reshape",
        [("x", "tensor<2x6x6x3xf32>", uniform(2, 6, 6, 3)),
         ("k", "tensor<3x3x3x4xf32>", uniform(3, 3, 3, 4, lo=-0.5, hi=0.5)),
         ("bias", "tensor<4xf32>", uniform(4)),
         ("w", "tensor<36x3xf32>", uniform(36, 3))],
        """
  %0 = nn.conv2d %x, %k {padding = array<i64: 1, 1, 1, 1>}
      : tensor<2x6x6x3xf32>, tensor<3x3x3x4xf32>
  %1 = nn.add %0, %bias : tensor<2x6x6x4xf32>, tensor<4xf32>
  %2 = nn.tanh %1 : tensor<2x6x6x4xf32>
  %3 = nn.max_pool2d %2 {window = array<i64: 2, 2>} : tensor<2x6x6x4xf32>
  %4 = nn.reshape %3 : tensor<2x3x3x4xf32> to tensor<2x36xf32>
  %5 = nn.matmul %4, %w : tensor<2x36xf32>, tensor<36x3xf32>
  %6 = nn.log_softmax %5 : tensor<2x3xf32>
  %7 = nn.reduce_sum %6 {axes = array<i64: 0>} : tensor<2x3xf32>
  %8 = nn.reduce_max %7 : tensor<3xf32>
  return %8 : tensor<f32>""",
        lambda x, k, bias, w: F.log_softmax(
            max_pool2d_nhwc(torch.tanh(conv2d_nhwc(x, k, padding=(1, 1, 1, 1))
                                       + bias), 2, 2).reshape(2, 36) @ w,
            dim=-1).sum(0).amax())

    yield Case(
        "conv_strided_dilated_avg_pool",
        # OH = (7 + 1 - 2 - 1) / 2 + 1 = 3, OW = (7 + 3 - 4 - 1) + 1 = 6;
        # the pool: OH = (3 + 2 - 3) / 2 + 1 = 2, OW = (6 + 2 - 3) / 2 + 1 = 3.
        [("x", "tensor<1x7x7x2xf32>", uniform(1, 7, 7, 2)),
         ("k", "tensor<3x3x2x3xf32>", uniform(3, 3, 2, 3))],
        """
  %0 = nn.conv2d %x, %k {strides = array<i64: 2, 1>,
                         dilations = array<i64: 1, 2>,
                         padding = array<i64: 1, 0, 2, 1>}
      : tensor<1x7x7x2xf32>, tensor<3x3x2x3xf32>
  %1 = nn.avg_pool2d %0 {window = array<i64: 3, 3>, strides = array<i64: 2, 2>,
                         padding = array<i64: 1, 1, 1, 1>} : tensor<1x3x6x3xf32>
  %2 = nn.sigmoid %1 : tensor<1x2x3x3xf32>
  %3 = nn.mul %2, %1 : tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>
  %4 = nn.reduce_sum %3 : tensor<1x2x3x3xf32>
  return %4 : tensor<f32>""",
        lambda x, k: (lambda p: (torch.sigmoid(p) * p).sum())(
            avg_pool2d_nhwc(conv2d_nhwc(x, k, (2, 1), (1, 2), (1, 0, 2, 1)),
                            3, 2, 1)))

    yield Case(
        "slice_concat_pad_transpose",
        [("x", "tensor<4x6xf32>", uniform(4, 6)),
         ("y", "tensor<4x2xf32>", uniform(4, 2)),
         ("w", "tensor<8x4xf32>", uniform(8, 4))],
        """
  %0 = nn.slice %x {start = array<i64: 1, 0>, limit = array<i64: 4, 6>,
                    strides = array<i64: 2, 2>} : tensor<4x6xf32>
  %1 = nn.concat %x, %y {axis = 1 : i64} : tensor<4x6xf32>, tensor<4x2xf32>
  %2 = nn.transpose %1, [1, 0] : tensor<4x8xf32>
  %3 = nn.mul %2, %w : tensor<8x4xf32>, tensor<8x4xf32>
  %4 = nn.tanh %3 : tensor<8x4xf32>
  %5 = nn.reduce_sum %4 : tensor<8x4xf32>
  %6 = nn.pad %0 {low = array<i64: 1, 0>, high = array<i64: 0, 2>,
                  interior = array<i64: 1, 1>, value = 0.5 : f64}
      : tensor<2x3xf32>
  %7 = nn.exp %6 : tensor<4x7xf32>
  %8 = nn.reduce_mean %7 : tensor<4x7xf32>
  %9 = nn.add %5, %8 : tensor<f32>, tensor<f32>
  return %9 : tensor<f32>""",
        lambda x, y, w: (
            torch.tanh(torch.cat([x, y], 1).t() * w).sum()
            + torch.exp(pad_interior(x[1:4:2, 0:6:2], (1, 0), (0, 2), (1, 1),
                                     0.5)).mean()))

    yield Case(
        "maximum_select_sigmoid_tanh",
        # Where the mask is false, a row repeats tanh(c): reduce_max then
        # meets ties, whose gradient both sides share equally (torch.amax).
        [("a", "tensor<3x4xf32>", uniform(3, 4)),
         ("b", "tensor<4xf32>", uniform(4)),
         ("c", "tensor<3x1xf32>", uniform(3, 1))],
        """
  %0 = nn.maximum %a, %b : tensor<3x4xf32>, tensor<4xf32>
  %1 = nn.minimum %0, %c : tensor<3x4xf32>, tensor<3x1xf32>
  %2 = nn.compare gt, %a, %c : tensor<3x4xf32>, tensor<3x1xf32>
  %3 = nn.sigmoid %1 : tensor<3x4xf32>
  %4 = nn.tanh %c : tensor<3x1xf32>
  %5 = nn.select %2, %3, %4 : tensor<3x4xi1>, tensor<3x4xf32>, tensor<3x1xf32>
  %6 = nn.reduce_max %5 {axes = array<i64: 1>} : tensor<3x4xf32>
  %7 = nn.reduce_sum %6 : tensor<3xf32>
  %8 = nn.abs %1 : tensor<3x4xf32>
  %9 = nn.reduce_mean %8 : tensor<3x4xf32>
  %10 = nn.add %7, %9 : tensor<f32>, tensor<f32>
  return %10 : tensor<f32>""",
        lambda a, b, c: (lambda m: (
            torch.where(a > c, torch.sigmoid(m), torch.tanh(c)).amax(1).sum()
            + m.abs().mean()))(torch.minimum(torch.maximum(a, b), c)))

    yield Case(
        "pow_div_sqrt_exp_log",
        [("a", "tensor<2x3xf32>", positive(2, 3)),
         ("b", "tensor<3xf32>", uniform(3, lo=-1.5, hi=1.5)),
         ("c", "tensor<2x1xf32>", positive(2, 1))],
        """
  %0 = nn.pow %a, %b : tensor<2x3xf32>, tensor<3xf32>
  %1 = nn.sqrt %c : tensor<2x1xf32>
  %2 = nn.div %0, %1 : tensor<2x3xf32>, tensor<2x1xf32>
  %3 = nn.neg %a : tensor<2x3xf32>
  %4 = nn.exp %3 : tensor<2x3xf32>
  %5 = nn.log %c : tensor<2x1xf32>
  %6 = nn.mul %4, %5 : tensor<2x3xf32>, tensor<2x1xf32>
  %7 = nn.add %2, %6 : tensor<2x3xf32>, tensor<2x3xf32>
  %8 = nn.rsqrt %a : tensor<2x3xf32>
  %9 = nn.sub %7, %8 : tensor<2x3xf32>, tensor<2x3xf32>
  %10 = nn.reduce_mean %9 : tensor<2x3xf32>
  return %10 : tensor<f32>""",
        lambda a, b, c: (torch.pow(a, b) / torch.sqrt(c)
                         + torch.exp(-a) * torch.log(c)
                         - torch.rsqrt(a)).mean())

    yield Case(
        "batched_matmul_reductions",
        [("a", "tensor<2x3x4xf32>", uniform(2, 3, 4)),
         ("b", "tensor<4x5xf32>", uniform(4, 5)),
         ("c", "tensor<2x5x3xf32>", uniform(2, 5, 3))],
        """
  %0 = nn.matmul %a, %b : tensor<2x3x4xf32>, tensor<4x5xf32>
  %1 = nn.matmul %c, %0 {transpose_lhs = true, transpose_rhs = true}
      : tensor<2x5x3xf32>, tensor<2x3x5xf32>
  %2 = nn.reduce_min %1 {axes = array<i64: 2>, keep_dims = true}
      : tensor<2x3x3xf32>
  %3 = nn.sub %1, %2 : tensor<2x3x3xf32>, tensor<2x3x1xf32>
  %4 = nn.reshape %3 : tensor<2x3x3xf32> to tensor<6x3xf32>
  %5 = nn.reduce_mean %4 {axes = array<i64: 0>} : tensor<6x3xf32>
  %6 = nn.broadcast_to %5 : tensor<3xf32> to tensor<6x3xf32>
  %7 = nn.mul %4, %6 : tensor<6x3xf32>, tensor<6x3xf32>
  %8 = nn.reduce_sum %7 {axes = array<i64: 0, 1>} : tensor<6x3xf32>
  return %8 : tensor<f32>""",
        lambda a, b, c: (lambda d: (lambda r: (
            r * r.mean(0).expand(6, 3)).sum())(
                (d - d.amin(2, keepdim=True)).reshape(6, 3)))(
            c.transpose(1, 2) @ (a @ b).transpose(1, 2)))


# --------------------------------------------------------------------------
# Running and comparing
# --------------------------------------------------------------------------

def max_relative_error(ours, reference):
    if ours.shape != reference.shape:
        return None
    ours = ours.astype(np.float64)
    scale = np.maximum(1.0, np.abs(reference))
    if ours.size == 0:
        return 0.0
    error = np.abs(ours - reference) / scale
    # NaN anywhere is a disagreement.
    return float("inf") if np.isnan(error).any() else float(error.max())


def check(case, nn_run, workdir):
    """Returns None when nn-run and torch agree, else the reason."""
    directory = os.path.join(workdir, case.name)
    os.makedirs(directory, exist_ok=True)
    mlir = os.path.join(directory, "f.mlir")
    with open(mlir, "w") as file:
        file.write(case.module())
    command = [nn_run, mlir, "--function=main"]
    for name, _, value in case.args:
        path = os.path.join(directory, f"{name}.npy")
        np.save(path, value)
        command.append(f"--input=@{path}")
    wrt = case.float_args()
    outputs = [os.path.join(directory, f"out{i}.npy")
               for i in range(len(wrt) + 1)]
    command += [f"--output=@{path}" for path in outputs]
    run = subprocess.run(command, capture_output=True, text=True)
    if run.returncode != 0:
        return f"nn-run exited with {run.returncode}: {run.stderr.strip()}"
    results = [np.load(path) for path in outputs]

    tensors = {}
    for name, _, value in case.args:
        if value.dtype.kind == "f":
            tensors[name] = torch.tensor(value.astype(np.float64),
                                         requires_grad=True)
        else:
            tensors[name] = torch.tensor(value)
    loss = case.reference(**tensors)
    loss.backward()
    expected = [loss.detach().numpy()]
    for i in wrt:
        grad = tensors[case.args[i][0]].grad
        expected.append(np.zeros(case.args[i][2].shape) if grad is None
                        else grad.numpy())

    worst = 0.0
    for index, (ours, reference) in enumerate(zip(results, expected)):
        what = "value" if index == 0 else \
            f"gradient of %{case.args[wrt[index - 1]][0]}"
        if ours.dtype != np.float32:
            return f"{what} has dtype {ours.dtype}, expected float32"
        error = max_relative_error(ours, reference)
        if error is None:
            return (f"{what} has shape {ours.shape}, torch's has "
                    f"{reference.shape}")
        if not error <= TOLERANCE:
            return f"{what} differs: max relative error {error:.3g}"
        worst = max(worst, error)
    case.worst = worst
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nn-run", required=True, help="the nn-run binary")
    parser.add_argument("--workdir", required=True,
                        help="a directory for the .mlir and .npy files")
    args = parser.parse_args()
    torch.manual_seed(0)
    all_cases = list(cases(np.random.default_rng(0)))
    failures = 0
    for case in all_cases:
        reason = check(case, args.nn_run, args.workdir)
        if reason is None:
            print(f"PASS {case.name}: value and {len(case.float_args())} "
                  f"gradients, max relative error {case.worst:.2g}")
        else:
            failures += 1
            print(f"FAIL {case.name}: {reason}")
    if failures:
        print(f"{failures} of {len(all_cases)} functions disagree")
        return 1
    print(f"all {len(all_cases)} functions agree")
    return 0


if __name__ == "__main__":
    sys.exit(main())
