#!/usr/bin/env python3
"""Writes or checks docs/OpStatus.md, the map from each nn op to everything
about it: its verifier, folder, VJP, evaluator, lowering and tests.

The ops and what ODS declares about them come from the tablegen records of
NNOps.td (llvm-tblgen --dump-json, built as build/include/nn/IR/NNOps.json);
where each op is implemented and tested is found in the sources. With
--check (the default), fails when docs/OpStatus.md differs from what this
script writes, or when an op lacks an interpreter test, a difftest input
or, if it states a VJP, a gradient check (test/docs/op-status.test runs it).

    op-status.py --json build/include/nn/IR/NNOps.json [--write]
"""

import argparse
import glob
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STATUS = os.path.join("docs", "OpStatus.md")

# Ops that a column does not apply to, and why; shown in the table in place
# of a mark, and never counted as missing.
EXEMPT = {
    "grad": "replaced by nn-autodiff before anything runs",
    "value_and_grad": "replaced by nn-autodiff before anything runs",
    "yield": "the terminator of fusion, cond, while and for",
}


def read(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        return f.read()


def strip_comments(text, marker):
    return "\n".join(line.split(marker, 1)[0] for line in text.splitlines())


def load_ops(json_path):
    """The nn ops in the order of NNOps.td, as dicts of what ODS says."""
    with open(json_path, encoding="utf-8") as f:
        records = json.load(f)
    ops = []
    for name in records["!instanceof"]["Op"]:
        record = records[name]
        if record["opDialect"]["def"] != "NN_Dialect":
            continue
        traits = {t["def"] for t in record["traits"] if "def" in t}
        line = int(record["!locs"][0].rsplit(":", 1)[1])
        ops.append({
            "mnemonic": record["opName"],
            "cls": name.split("_", 1)[1],
            "line": line,
            "traits": traits,
            "infer": "InferTypeOpAdaptor" in traits,
            "verify": bool(record["hasVerifier"]),
            "regions": bool(record["hasRegionVerifier"]),
            "fold": bool(record["hasFolder"]),
            "canonicalize": bool(record["hasCanonicalizer"]),
            "vjp": "NN_Differentiable" in traits,
        })
    return sorted(ops, key=lambda op: op["line"])


def files_using(pattern, paths, marker):
    """The paths whose text, comments stripped, uses `pattern`."""
    found = []
    for path in paths:
        if re.search(pattern, strip_comments(read(path), marker)):
            found.append(path)
    return found


def glob_rel(pattern):
    return sorted(os.path.relpath(p, ROOT)
                  for p in glob.glob(os.path.join(ROOT, pattern)))


def difftest_inputs():
    """The IR files that test/Runtime/difftest.test compares."""
    text = read("test/Runtime/difftest.test")
    return sorted("test/Runtime/Inputs/" + name
                  for name in re.findall(r"%S/Inputs/([\w.-]+\.mlir)", text))


def survey(op):
    """Where `op` is implemented and tested: column -> list of paths."""
    name, cls = re.escape(op["mnemonic"]), re.escape(op["cls"])
    used = r"\bnn\." + name + r"\b"
    tests_ir = glob_rel("test/Conversion/NNToLinalg/*.mlir")
    return {
        "evaluator": files_using(r"\beval" + cls + r"\(",
                                 glob_rel("lib/Reference/*.cpp"), "//"),
        "interpreter test": files_using(used, glob_rel("test/Reference/*.mlir"),
                                        "//"),
        # A pattern for the op: OpConversionPattern<XOp>,
        # ElementwisePattern<XOp>, ReduceLowering<XOp, ...> and the like.
        "lowering": files_using(r"\w(Pattern|Lowering)<\s*" + cls + r"\b",
                                glob_rel("lib/Conversion/NNToLinalg/*.cpp"),
                                "//"),
        "lowering test": files_using(
            used, [p for p in tests_ir if "/run-" not in p], "//"),
        "CPU run": files_using(used, [p for p in tests_ir if "/run-" in p],
                               "//"),
        "difftest": files_using(used, difftest_inputs(), "//"),
        "gradient check": files_using(
            used + r"|\"OP\", \"" + name + r"\"|\bOpCase\{\"" + name + r"\"",
            ["unittests/Transforms/GradCheckTest.cpp"], "//"),
    }


def role(op):
    traits = op["traits"]
    if traits & {"Elementwise", "NN_BroadcastingElementwise"}:
        return "elementwise"
    if "NN_Contraction" in traits:
        return "contraction"
    if "NN_Reduction" in traits:
        return "reduction"
    return ""


def link(path):
    return "[%s](../%s)" % (os.path.basename(path), path)


def cell(op, column, paths, as_links):
    if paths:
        return ", ".join(link(p) for p in paths) if as_links else "yes"
    if op["mnemonic"] in EXEMPT:
        return "n/a"
    return "**missing**" if required(op, column) else ""


def required(op, column):
    """The tests every op must have (test/docs/op-status.test)."""
    if op["mnemonic"] in EXEMPT:
        return False
    if column in ("evaluator", "interpreter test", "difftest"):
        return True
    return column == "gradient check" and op["vjp"]


def checks(op):
    marks = []
    if op["infer"]:
        marks.append("infer")
    if op["verify"]:
        marks.append("verify")
    if op["regions"]:
        marks.append("regions")
    return ", ".join(marks) or "ODS"


def folds(op):
    marks = [m for m in ("fold", "canonicalize") if op[m]]
    return ", ".join(marks)


HEADER = """\
# Op status

Generated by `utils/op-status.py --json build/include/nn/IR/NNOps.json
--write` from ODS (NNOps.td) and the sources; `test/docs/op-status.test`
fails when this file is out of date, and when an op lacks an interpreter
test, a difftest input or, if it states a VJP, a gradient check. Ops are in
the order of NNOps.td; the contract is [Contract.md](Contract.md).

Columns:
* **contract**: in contract v1, or added since.
* **role**: what `nn-fuse` sees, declared in ODS (elementwise traits,
  `NN_Contraction`, `NN_Reduction`; see [Fusion.md](Fusion.md)).
* **verifier**: `infer` (the result type follows from the operands by the
  shape rules of `lib/IR/ShapeInference.cpp`), `verify` (a `verify()` in
  `lib/IR/NNOps.cpp`), `regions` (a region verifier), or `ODS` (the
  declared constraints alone).
* **folder**: the op's own `fold` or canonicalization patterns
  (`lib/IR/NNOps.cpp`). Besides these, every op without regions folds on
  constant operands by running its evaluator (`lib/Reference/ConstantFold.cpp`).
* **VJP**: states its gradient (`buildVJP` in `lib/IR/NNAutodiffRules.cpp`).
* **evaluator**: its `eval<Op>` in `lib/Reference/` (see
  `include/nn/Reference/Ops.h`), with its interpreter test in
  `test/Reference/`.
* **lowering**: the `convert-nn-to-linalg` pattern in
  `lib/Conversion/NNToLinalg/`, with its FileCheck test and its run on the
  CPU (`test/Conversion/NNToLinalg/run-*.mlir`).
* **difftest**: compiled code against the interpreter on random inputs
  (`test/Runtime/difftest.test`).
* **gradient check**: `nn-autodiff` against finite differences
  (`unittests/Transforms/GradCheckTest.cpp`).

"""

COLUMNS = ["evaluator", "interpreter test", "lowering", "lowering test",
           "CPU run", "difftest", "gradient check"]
LINKED = {"evaluator", "lowering"}


def render(ops, surveys, contract_ops):
    head = ["op", "contract", "role", "verifier", "folder", "VJP"] + COLUMNS
    lines = ["| " + " | ".join(head) + " |",
             "|" + "---|" * len(head)]
    for op in ops:
        found = surveys[op["mnemonic"]]
        row = ["`nn.%s`" % op["mnemonic"],
               "v1" if op["mnemonic"] in contract_ops else "added",
               role(op), checks(op), folds(op), "yes" if op["vjp"] else ""]
        row += [cell(op, c, found[c], c in LINKED) for c in COLUMNS]
        lines.append("| " + " | ".join(row) + " |")
    return HEADER + "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", required=True,
                        help="llvm-tblgen --dump-json of NNOps.td")
    parser.add_argument("--write", action="store_true",
                        help="write docs/OpStatus.md instead of checking it")
    args = parser.parse_args()

    ops = load_ops(args.json)
    surveys = {op["mnemonic"]: survey(op) for op in ops}
    contract_ops = set(re.findall(r"`nn\.(\w+)`", read("docs/Contract.md")))
    text = render(ops, surveys, contract_ops)

    if args.write:
        with open(os.path.join(ROOT, STATUS), "w", encoding="utf-8") as f:
            f.write(text)
        print("op-status: wrote %s (%d ops)" % (STATUS, len(ops)))
        return 0

    problems = []
    for op in ops:
        for column in COLUMNS:
            if required(op, column) and not surveys[op["mnemonic"]][column]:
                problems.append("nn.%s has no %s" % (op["mnemonic"], column))
    if read(STATUS) != text:
        problems.append("%s is out of date: run utils/op-status.py --json "
                        "build/include/nn/IR/NNOps.json --write" % STATUS)
    for problem in problems:
        print("op-status: error: " + problem)
    print("op-status: %d ops, %d problems" % (len(ops), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
