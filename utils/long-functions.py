#!/usr/bin/env python3
# ===- long-functions.py - List long C++ functions -------------*- python -*-===#
#
# Part of the nn project, under the Apache License v2.0 with LLVM Exceptions.
# See LICENSE.TXT for license information.
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
#
# ===-----------------------------------------------------------------------===#
"""Lists the functions longer than a bound in C++ sources (default: lib/ and
tools/, 120 lines), longest first, for the style rule that functions stay well
under 100 lines. A function whose body holds a comment with `long-function:`
states why it is long and is listed apart.

The parse is textual, for clang-formatted LLVM-style code: a definition starts
at a line in column 0 (namespaces are not indented) that is not a namespace,
class, struct, enum or union and whose signature ends in `{`; it ends at the
next `}` in column 0. Lambdas and class members count toward the function or
are not seen.

Usage: utils/long-functions.py [--max=N] [PATH ...]
"""

import argparse
import os
import re
import sys

NOT_FUNCTION = re.compile(
    r"^(namespace|class|struct|enum|union|template\s*<[^>]*>\s*(class|struct)|"
    r"extern|#|//|typedef|using)\b")


def functions(path):
    """(name, first line, length, reason) of each function in `path`."""
    with open(path, encoding="utf-8", errors="replace") as f:
        lines = f.read().split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if (not line or line[0] in " \t}{" or NOT_FUNCTION.match(line) or
                "(" not in line):
            i += 1
            continue
        # The signature may span lines; it ends at the line ending in `{`.
        j = i
        while j < len(lines) and not lines[j].rstrip().endswith("{"):
            if lines[j].rstrip().endswith(";") or (j > i and lines[j][:1] not in " \t"):
                break
            j += 1
        if j >= len(lines) or not lines[j].rstrip().endswith("{"):
            i += 1
            continue
        k = j + 1
        while k < len(lines) and not lines[k].startswith("}"):
            k += 1
        name = re.search(r"([\w:~]+)\s*\(", " ".join(lines[i:j + 1]))
        body = "\n".join(lines[j:k])
        reason = re.search(r"long-function:\s*(.*)", body)
        yield (name.group(1) if name else "?", i + 1, k - i + 1,
               reason.group(1).strip() if reason else None)
        i = k + 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max", type=int, default=120)
    parser.add_argument("paths", nargs="*", default=["lib", "tools"])
    args = parser.parse_args()
    found = []
    for root in args.paths:
        walk = [(root, [], [root])] if os.path.isfile(root) else os.walk(root)
        for folder, _, files in walk:
            for name in files:
                if name.endswith((".cpp", ".h")):
                    path = name if folder == name else os.path.join(folder, name)
                    for function in functions(path):
                        if function[2] > args.max:
                            found.append((path,) + function)
    found.sort(key=lambda entry: -entry[3])
    unexplained = 0
    for path, name, line, length, reason in found:
        print(f"{length:5d} {path}:{line} {name}" +
              (f"  (long-function: {reason})" if reason else ""))
        unexplained += reason is None
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
