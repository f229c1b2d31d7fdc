#!/usr/bin/env python3
"""Differential test: runs every public function of an nn IR file with
nn-run on two devices (the reference interpreter and the JIT) on the same
random inputs, and compares the results.

Dynamic dimensions take each size given by --sizes in turn (the same size
for every `?` of a call, so batch dimensions agree). Floats are compared
within a relative+absolute tolerance, integers and masks exactly; NaN must
match NaN. Prints one line per call and a summary; exits 1 on a mismatch.

    difftest.py --nn-run build/bin/nn-run FILE.mlir [--sizes 1,7,129]
"""

import argparse
import contextlib
import os
import math
import os
import random
import re
import struct
import subprocess
import sys
import tempfile

FORMATS = {"f32": "<f", "f64": "<d", "i32": "<i", "i64": "<q", "i1": "<B"}


def signatures(text):
    """(name, [argument types]) of each public function with a body."""
    result = []
    for match in re.finditer(
            r"func\.func\s+(?!private)@(\w+)\s*\((.*?)\)\s*(->[^{]*)?\{",
            text, re.S):
        args = re.findall(r"%\w+\s*:\s*(tensor<[^>]*>|index)", match.group(2))
        result.append((match.group(1), args))
    return result


def parse_type(type_text):
    if type_text == "index":
        return [], "index"
    body = type_text[len("tensor<"):-1]
    parts = body.split("x")
    return parts[:-1], parts[-1]


def make_input(rng, type_text, size, directory, index):
    dims, element = parse_type(type_text)
    if element == "index":
        return "i64=%d" % size
    shape = [size if d == "?" else int(d) for d in dims]
    count = 1
    for d in shape:
        count *= d
    if element in ("f32", "f64"):
        values = [rng.uniform(-2.0, 2.0) for _ in range(count)]
    elif element == "i1":
        values = [rng.randint(0, 1) for _ in range(count)]
    else:
        values = [rng.randint(-5, 5) for _ in range(count)]
    if element not in FORMATS:
        raise SystemExit("difftest: element type %s is not supported" % element)
    path = os.path.join(directory, "in%d.bin" % index)
    with open(path, "wb") as f:
        for v in values:
            f.write(struct.pack(FORMATS[element], v))
    type_prefix = "x".join(str(d) for d in shape + [element]) if shape else element
    return "%s=@%s" % (type_prefix, path)


def parse_results(output):
    """[(type, [values])] from nn-run's printed results."""
    results = []
    for line in output.splitlines():
        if "=" not in line or line.startswith("benchmark:"):
            continue
        type_text, values = line.split("=", 1)
        numbers = re.findall(r"[-+]?(?:nan|inf|\d+\.?\d*(?:e[-+]?\d+)?)", values)
        results.append((type_text, [float(v) for v in numbers]))
    return results


def close(a, b, tolerance):
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    if math.isinf(a) or math.isinf(b):
        return a == b
    return abs(a - b) <= tolerance * (1 + abs(b))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--nn-run", required=True)
    parser.add_argument("--sizes", default="1,7,129")
    parser.add_argument("--devices", default="ref,cpu")
    parser.add_argument("--tolerance", type=float, default=1e-4)
    parser.add_argument("--seed", type=int, default=0)
    options = parser.parse_args()
    with open(options.file) as f:
        functions = signatures(f.read())
    expected_device, actual_device = options.devices.split(",")
    rng = random.Random(options.seed)
    failures = calls = 0
    keep = os.environ.get("DIFFTEST_KEEP")
    with (tempfile.TemporaryDirectory() if not keep else
          contextlib.nullcontext(tempfile.mkdtemp())) as directory:
        for name, args in functions:
            dynamic = any("?" in a or a == "index" for a in args)
            sizes = [int(s) for s in options.sizes.split(",")] if dynamic else [0]
            for size in sizes:
                inputs = [make_input(rng, a, size, directory, i)
                          for i, a in enumerate(args)]
                outputs = []
                for device in (expected_device, actual_device):
                    command = [options.nn_run, options.file,
                               "--function=" + name, "--device=" + device]
                    command += ["--input=" + spec for spec in inputs]
                    run = subprocess.run(command, capture_output=True, text=True)
                    if run.returncode != 0:
                        outputs.append(None)
                        print("FAIL %s size %d: %s: %s\n  command: %s" % (
                            name, size, device, run.stderr.strip(),
                            " ".join(command)))
                        break
                    outputs.append(parse_results(run.stdout))
                calls += 1
                if None in outputs:
                    failures += 1
                    continue
                mismatch = None
                for (etype, evalues), (atype, avalues) in zip(*outputs):
                    if etype != atype or len(evalues) != len(avalues):
                        mismatch = "type %s vs %s" % (etype, atype)
                        break
                    for i, (e, a) in enumerate(zip(evalues, avalues)):
                        if not close(a, e, options.tolerance):
                            mismatch = "element %d: %s %r vs %s %r" % (
                                i, expected_device, e, actual_device, a)
                            break
                    if mismatch:
                        break
                if len(outputs[0]) != len(outputs[1]):
                    mismatch = "%d vs %d results" % (len(outputs[0]),
                                                     len(outputs[1]))
                if mismatch:
                    failures += 1
                    print("FAIL %s size %d: %s" % (name, size, mismatch))
                else:
                    print("ok %s size %d" % (name, size))
    print("difftest: %d calls, %d passed, %d failed" % (
        calls, calls - failures, failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
