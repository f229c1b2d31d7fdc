#!/usr/bin/env python3
# ===- prepare.py - Build the GPU check's folder --------------------------=== #
#
# Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
# See LICENSE.TXT for license information.
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
#
# ===------------------------------------------------------------------=== #
"""The work of `utils/gpu-check.sh --prepare DIR` (see there): compiles each
check's function with nn-compile --device=cuda, links all of them with
driver.cpp into DIR/gpu-check, writes the inputs and the interpreter's
expected results under DIR/data and one line per check to DIR/checks.txt:

    RUN <tab> NAME <tab> ENTRY FLAGS... <tab> NOTE
                          (gpu-check run ENTRY FLAGS...; NOTE on a failure)
    FAIL <tab> NAME <tab> WHY               (not compiled here)
    SKIP <tab> NAME <tab> WHY               (nn-compile cannot compile it yet)

The checks: every function the end-to-end lowering tests run with the
interpreter (test/Conversion/NNToLinalg/run-*.mlir, their RUN lines'
inputs), checks.mlir's ops at odd sizes, the MLP forward, the MLP and
conv-net training steps (benchmarks/) and the 4096x4096 matmuls. Python's
standard library only."""

import argparse
import fnmatch
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))

# FLOPs of the timed checks (multiply-adds count two).
MLP_WEIGHTS = 784 * 400 + 400 * 300 + 300 * 10
# Forward, the weight gradients, and the activation gradients of the two
# upper layers (none for the images).
MLP_STEP_FLOPS = 2 * 128 * (2 * MLP_WEIGHTS + 400 * 300 + 300 * 10)
# Conv 1 (26x26x32 outputs of 3x3x1), conv 2 (11x11x64 of 3x3x32) and the
# dense layer at batch 64: forward, filter gradients, and the input
# gradients of conv 2 and the dense layer.
CONV_FORWARD = 64 * 2 * (26 * 26 * 32 * 9 + 11 * 11 * 64 * 9 * 32 + 1600 * 10)
CONV_STEP_FLOPS = 3 * CONV_FORWARD - 64 * 2 * 26 * 26 * 32 * 9
BF16_NOTE = ("nn's compiled contractions accumulate bf16 in bf16 (see "
             "lib/Conversion/NNToLinalg/Contractions.cpp), the interpreter "
             "in double: at K=4096 they differ by far more than bf16's "
             "rounding, on the CPU too")
CONV_NOTE = ("its bias gradients run as host loops around one-block "
             "kernels (64x26x26 synchronous launches for conv 1; "
             "docs/GPU.md): slow, and the first place to look if it "
             "times out")
# The declarations of a compiled function's symbols (nn/AOT/Runtime.h).
ENTRY_DECLARATIONS = """\
int {s}(const nn_tensor *, size_t, nn_tensor *, size_t);
int64_t {s}_num_inputs(void);
int64_t {s}_num_outputs(void);
int32_t {s}_input_rank(int64_t);
int32_t {s}_input_dtype(int64_t);
int64_t {s}_input_dim(int64_t, int64_t);
"""
# 16 rows of the 4096x4096 results, spread over the tiles.
ROWS = "0,1,127,128,1000,2047,2048,2049,3000,3071,3333,4000,4093,4094,4095,777"


class Check:
    def __init__(self, name, source, function, inputs, tol=1e-5, ref=None,
                 rows=None, reps=0, flops=0, peak="fp32", store=True,
                 note=""):
        self.name, self.source, self.function = name, source, function
        # nn-run SPECs, or gen:SEED[:SCALE] for values the driver makes.
        self.inputs = inputs
        self.tol, self.ref, self.rows = tol, ref or function, rows
        self.reps, self.flops, self.peak = reps, flops, peak
        # Whether seeded inputs are written to the folder (or made there).
        self.store = store
        # What --run prints under the check's line when it fails.
        self.note = note


def seeded(count, scales=None):
    scales = scales or [1] * count
    return ["gen:%d%s" % (i + 1, "" if s == 1 else ":%g" % s)
            for i, s in enumerate(scales)]


def own_checks(src):
    """checks.mlir's functions and the benchmarks'."""
    mine = os.path.join(HERE, "checks.mlir")
    mlp = os.path.join(src, "benchmarks", "mlp_step.mlir")
    conv = os.path.join(src, "benchmarks", "conv_step.mlir")
    # Small weights keep the activations near 1 (fan-in 784, 400, 300).
    mlp_scales = [1, 1, 0.05, 0.05, 0.1, 0.1, 0.1, 0.1]
    conv_scales = [1, 1, 0.3, 0.3, 0.06, 0.06, 0.03, 0.03]
    return [
        Check("odd/elementwise", mine, "odd_elementwise", seeded(2)),
        Check("odd/matmul", mine, "odd_matmul", seeded(4), tol=1e-4),
        Check("odd/reductions", mine, "odd_reductions", seeded(2), tol=1e-4),
        Check("odd/conv-pool", mine, "odd_conv", seeded(2), tol=1e-4),
        Check("odd/shapes", mine, "odd_shapes", seeded(2)),
        Check("odd/more-elementwise", mine, "odd_more_elementwise",
              seeded(3), tol=1e-5),
        Check("odd/grads", mine, "odd_grads", seeded(4), tol=1e-4),
        Check("bench/mlp-forward-b256", mine, "mlp_forward",
              seeded(7, mlp_scales[:1] + mlp_scales[2:]), tol=1e-4, reps=50,
              flops=2 * 256 * MLP_WEIGHTS),
        Check("bench/mlp-step-b128", mlp, "train_step", seeded(8, mlp_scales),
              tol=1e-3, reps=50, flops=MLP_STEP_FLOPS),
        Check("bench/conv-step-b64", conv, "train_step",
              seeded(8, conv_scales), tol=1e-3, reps=20, flops=CONV_STEP_FLOPS,
              note=CONV_NOTE),
        Check("bench/matmul-4096-f32", mine, "matmul_4096_f32", seeded(2),
              tol=1e-3, ref="matmul_4096_f32_rows", rows=ROWS, reps=5,
              flops=2 * 4096**3, store=False),
        Check("bench/matmul-4096-bf16", mine, "matmul_4096_bf16", seeded(2),
              tol=2e-2, ref="matmul_4096_bf16_rows", rows=ROWS, reps=5,
              flops=2 * 4096**3, peak="bf16", store=False,
              note=BF16_NOTE),
    ]


def run_lines(path):
    """The commands of the RUN lines of a lit test, continuations joined."""
    commands, current = [], ""
    with open(path) as f:
        for line in f:
            match = re.match(r"\s*//\s*RUN:(.*)$", line)
            if not match:
                continue
            text = match.group(1).strip()
            current += " " + text.rstrip("\\")
            if not text.endswith("\\"):
                commands.append(current.strip())
                current = ""
    return commands


def op_checks(src):
    """The interpreter runs of the end-to-end lowering tests."""
    checks, seen = [], {}
    folder = os.path.join(src, "test", "Conversion", "NNToLinalg")
    for file in sorted(os.listdir(folder)):
        if not (file.startswith("run-") and file.endswith(".mlir")):
            continue
        path = os.path.join(folder, file)
        for command in run_lines(path):
            words = shlex.split(command)
            if words[:1] != ["nn-run"] or "--device=ref" not in words:
                continue
            function = [w[11:] for w in words if w.startswith("--function=")]
            inputs = [w[8:] for w in words if w.startswith("--input=")]
            name = "ops/%s.%s" % (file[4:-5], function[0])
            seen[name] = seen.get(name, 0) + 1
            if seen[name] > 1:
                name += ".%d" % seen[name]
            checks.append(Check(name, path, function[0], inputs))
    return checks


class Preparer:
    def __init__(self, args):
        self.args = args
        self.bin = os.path.join(args.build, "bin")
        self.out = os.path.abspath(args.out)
        self.work = tempfile.mkdtemp(prefix="nn-gpu-check-")
        self.lines = []

    def tool(self, *argv, **kwargs):
        return subprocess.run(list(argv), stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, **kwargs)

    def source(self, check):
        """The check's IR without the LLVM-dialect drivers of the tests."""
        path = os.path.join(self.work, "%s.mlir" %
                            re.sub(r"\W", "_", check.source))
        if not os.path.exists(path):
            text = open(check.source).read()
            # Blank lines keep the diagnostics' line numbers.
            text = re.sub(r"(?ms)^// driver-begin$.*?^// driver-end$",
                          lambda m: "\n" * m.group(0).count("\n"), text)
            open(path, "w").write(text)
        return path

    def device_flags(self):
        # --device=cpu tests the check itself where there is no GPU.
        if self.args.device == "cpu":
            return ["--device=cpu", "--num-threads=1"]
        # The GPU machine's CPU is not known: host code for any x86-64 of
        # the last 15 years (nn-compile targets this CPU by default).
        return ["--device=cuda", "--mcpu=x86-64-v2"]

    def compile(self, check, index):
        """Compiles the check's function; its symbols nn_F* become
        nnc<index>_F*, so that every check links into one program."""
        obj = os.path.join(self.work, "c%d.o" % index)
        header = obj[:-2] + ".h"
        result = self.tool(os.path.join(self.bin, "nn-compile"),
                           self.source(check), *self.device_flags(),
                           "--function=" + check.function, "-o", obj,
                           "--emit-header=" + header)
        if result.returncode:
            last = result.stdout.strip().splitlines()[-1]
            return None, last.replace(self.source(check), check.source)
        symbols = self.tool(self.args.nm, "--defined-only", "--extern-only",
                            "--format=just-symbols", obj).stdout.split()
        renames = ["--redefine-sym=%s=nnc%d_%s" % (s, index, s[3:])
                   for s in symbols if s.startswith("nn_")]
        subprocess.run([self.args.objcopy] + renames + [obj], check=True)
        # The header's comment gives the signature: /* F: (2x3xbf16, f32)
        # -> (3xf32) */.
        signature = re.search(r"/\* %s: \((.*)\) -> \((.*)\)$" %
                              re.escape(check.function), open(header).read(),
                              re.M)
        check.arguments = signature.group(1).split(", ")
        check.results = signature.group(2).split(", ")
        return obj, len(check.results)

    def write_entries(self, entries):
        """The table of entry points driver.cpp looks checks up in
        (entries.h)."""
        path = os.path.join(self.work, "entries.cpp")
        with open(path, "w") as f:
            f.write('#include "entries.h"\nextern "C" {\n')
            for _, s in entries:
                f.write(ENTRY_DECLARATIONS.format(s=s))
            f.write("extern const nn_check_entry nn_check_entries[] = {\n")
            for entry, s in entries:
                f.write('  {"%s", %s, %s_num_inputs, %s_num_outputs, '
                        "%s_input_rank, %s_input_dtype, %s_input_dim},\n" %
                        ((entry,) + (s,) * 6))
            f.write("  {}};\nextern const size_t nn_check_num_entries = %d;\n"
                    "extern const int nn_check_uses_gpu = %d;\n}\n" %
                    (len(entries), self.args.device == "cuda"))
        return path

    def link(self, objects, entries):
        runtime = os.path.join(self.args.build, "lib", "AOT", "Runtime")
        program = os.path.join(self.out, "gpu-check")
        subprocess.run(
            [self.args.cxx, "-O2", "-std=c++17",
             os.path.join(HERE, "driver.cpp"),
             self.write_entries(entries)] + objects +
            ["-I" + os.path.join(self.args.src, "include"), "-I" + HERE,
             os.path.join(runtime, "libNNAotRuntime.a"),
             os.path.join(runtime, "GPU", "libNNAotGPURuntime.a"),
             "-static-libstdc++", "-static-libgcc", "-ldl", "-lm",
             "-lpthread", "-s", "-o", program], check=True)
        return program

    def spec_to_npy(self, spec, path):
        """An nn-run input SPEC as .npy, through the interpreter's own
        parser (an identity function; bf16, which has no .npy form, widened
        to f32, exactly: the program narrows it back); None, or why not."""
        if spec.startswith("@"):
            shutil.copy(spec[1:], path)
            return None
        dims = spec.split("=", 1)[0]
        wide = dims.replace("bf16", "f32")
        mlir = os.path.join(self.work, "id.mlir")
        with open(mlir, "w") as f:
            f.write("func.func @id(%%x: tensor<%s>) -> tensor<%s> {\n"
                    "  %%y = nn.cast %%x : tensor<%s> to tensor<%s>\n"
                    "  return %%y : tensor<%s>\n}\n" %
                    (dims, wide, dims, wide, wide))
        result = self.tool(os.path.join(self.bin, "nn-run"), "--device=ref",
                           mlir, "--function=id", "--input=" + spec,
                           "--output=@" + path)
        if result.returncode:
            return result.stdout.strip() or "nn-run failed"
        return None

    def widened(self, check):
        """The interpreter's function: the check's, or where it has bf16
        results (no .npy form), one that calls it and widens them to f32
        (exactly; the program compares its bf16 results with them)."""
        if check.ref != check.function or not any(
                r.endswith("bf16") for r in check.results):
            return self.source(check), check.ref
        tensor = lambda t: "tensor<%s>" % t
        ins = ", ".join(map(tensor, check.arguments))
        outs = ", ".join(map(tensor, check.results))
        wide = [r.replace("bf16", "f32") for r in check.results]
        lines = ["func.func @gpu_check_widened(%s) -> (%s) {" % (
                     ", ".join("%%a%d: %s" % (i, tensor(a))
                               for i, a in enumerate(check.arguments)),
                     ", ".join(map(tensor, wide))),
                 "  %%r:%d = func.call @%s(%s) : (%s) -> (%s)" % (
                     len(wide), check.function, ", ".join(
                         "%%a%d" % i for i in range(len(check.arguments))),
                     ins, outs)]
        for k, (result, to) in enumerate(zip(check.results, wide)):
            if result != to:
                lines.append("  %%w%d = nn.cast %%r#%d : %s to %s" % (
                    k, k, tensor(result), tensor(to)))
        lines.append("  return %s : %s\n}\n" % (", ".join(
            ("%%w%d" if r != w else "%%r#%d") % k
            for k, (r, w) in enumerate(zip(check.results, wide))),
            ", ".join(map(tensor, wide))))
        path = os.path.join(self.work, "widened.mlir")
        with open(path, "w") as f:
            f.write(open(self.source(check)).read() + "\n".join(lines))
        return path, "gpu_check_widened"

    def inputs(self, check, entry, data):
        """The check's inputs in the folder; the run flags that name them."""
        flags, refs = [], []
        for i, spec in enumerate(check.inputs):
            if not spec.startswith("gen:"):
                path = os.path.join(data, "in%d.npy" % i)
                error = self.spec_to_npy(spec, path)
                if error:
                    return None, error
                flags.append("--input=" + os.path.relpath(path, self.out))
                refs.append("--input=" + spec)
        if len(flags) == len(check.inputs):
            return flags, refs
        # Seeded: the driver writes them (for the interpreter, only the
        # rows it computes), in the folder unless they are made there.
        where = data if check.store else os.path.join(self.work, check.name)
        os.makedirs(where, exist_ok=True)
        rows = ["--rows=" + check.rows] if check.rows else []
        subprocess.run([self.program, "generate", entry, where] +
                       ["--input=" + s for s in check.inputs] + rows,
                       check=True)
        for i, spec in enumerate(check.inputs):
            npy = os.path.join(where, "in%d.npy" % i)
            if os.path.exists(npy):
                refs.append("--input=@" + npy)
                flags.append("--input=" + (os.path.relpath(npy, self.out)
                                           if check.store else spec))
            else:
                refs.append("--input=%s=@%s" % (self.ref_type(check, i),
                                                npy[:-4] + ".bin"))
                flags.append("--input=" + spec)
        return flags, refs

    def ref_type(self, check, i):
        """The SHAPExTYPE of input i of the interpreter's function."""
        text = open(self.source(check)).read()
        signature = re.search(r"func\.func @%s\((.*?)\)\s*->" % check.ref,
                              text, re.S).group(1)
        types = re.findall(r"tensor<([^>]*)>", signature)
        return types[i]

    def expected(self, check, refs, outputs, data):
        flags = []
        for k in range(outputs):
            flags.append("--output=@" + os.path.join(data, "out%d.npy" % k))
        source, function = self.widened(check)
        result = self.tool(os.path.join(self.bin, "nn-run"), "--device=ref",
                           source, "--function=" + function,
                           *(refs + flags))
        if result.returncode:
            return None, result.stdout.strip().splitlines()[-1]
        # With --rows, the interpreter computed the first result only.
        count = 1 if check.rows else outputs
        return ["--expected=data/%s/out%d.npy" % (check.name, k)
                for k in range(count)], None

    def run_flags(self, check):
        flags = ["--name=" + check.name, "--tol=%g" % check.tol]
        if check.rows:
            flags.append("--rows=" + check.rows)
        if check.reps:
            flags += ["--reps=%d" % check.reps, "--flops=%d" % check.flops,
                      "--peak=" + check.peak]
        return flags

    def data(self, check, entry, outputs):
        """The check's line: its inputs and expected results written."""
        data = os.path.join(self.out, "data", check.name)
        os.makedirs(data, exist_ok=True)
        inputs, refs = self.inputs(check, entry, data)
        if inputs is None:
            return "FAIL\t%s\tits input: %s" % (check.name, refs)
        expected, error = self.expected(check, refs, outputs, data)
        if error:
            return "FAIL\t%s\tthe interpreter failed: %s" % (check.name,
                                                              error)
        return "RUN\t%s\t%s\t%s" % (check.name, " ".join(
            [entry] + inputs + expected + self.run_flags(check)), check.note)

    def prepare(self, checks):
        os.makedirs(self.out, exist_ok=True)
        compiled, objects, entries = [], [], []
        for index, check in enumerate(checks):
            obj, outputs = self.compile(check, index)
            if obj is None:
                # What nn-compile says it cannot do yet is not a failure.
                kind = "SKIP" if "nn-compile cannot" in outputs else "FAIL"
                self.lines.append("%s\t%s\tnn-compile %s: %s" % (
                    kind, check.name, self.device_flags()[0], outputs))
                continue
            objects.append(obj)
            entries.append(("c%d" % index, "nnc%d_%s" % (index, check.function)))
            compiled.append((check, "c%d" % index, outputs))
        self.program = self.link(objects, entries)
        for check, entry, outputs in compiled:
            self.lines.append(self.data(check, entry, outputs))
        with open(os.path.join(self.out, "checks.txt"), "w") as f:
            f.write("\n".join(self.lines) + "\n")
        for file in ["torch-peers.py"]:
            shutil.copy(os.path.join(HERE, file), self.out)
        shutil.copy(os.path.join(HERE, "..", "gpu-check.sh"), self.out)
        shutil.rmtree(self.work)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--src", required=True)
    parser.add_argument("--build", required=True)
    parser.add_argument("--only", default="*",
                        help="globs over the check names, separated by "
                        "commas (ops/*,bench/*)")
    parser.add_argument("--device", default="cuda", choices=["cuda", "cpu"],
                        help="cpu: the same checks on the CPU, to test them")
    parser.add_argument("--cxx", default="clang++-22")
    parser.add_argument("--nm", default="llvm-nm-22")
    parser.add_argument("--objcopy", default="llvm-objcopy-22")
    args = parser.parse_args()
    checks = [c for c in op_checks(args.src) + own_checks(args.src)
              if any(fnmatch.fnmatch(c.name, glob)
                     for glob in args.only.split(","))]
    if not checks:
        sys.exit("gpu-check: no check matches '%s'" % args.only)
    Preparer(args).prepare(checks)
    print("gpu-check: %d checks in %s" % (len(checks), args.out))


if __name__ == "__main__":
    main()
