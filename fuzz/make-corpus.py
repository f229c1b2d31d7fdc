#!/usr/bin/env python3
"""Writes the fuzz seed corpus: every `// -----` split of test/**/*.mlir.

Usage: make-corpus.py TEST_DIR OUT_DIR

RUN and CHECK lines are left in: they are comments to the parser, and the
fuzzer learns nothing from removing them. Each seed is named after its file
and split so that a finding can be traced back to the test it came from.
"""

import os
import re
import sys


def main():
    test_dir, out_dir = sys.argv[1], sys.argv[2]
    os.makedirs(out_dir, exist_ok=True)
    # Seeds of tests since removed or split differently go too.
    for name in os.listdir(out_dir):
        os.remove(os.path.join(out_dir, name))
    count = 0
    for root, _, files in os.walk(test_dir):
        for name in sorted(files):
            if not name.endswith(".mlir"):
                continue
            path = os.path.join(root, name)
            with open(path, encoding="utf-8", errors="replace") as f:
                text = f.read()
            rel = os.path.relpath(path, test_dir)
            stem = re.sub(r"[^A-Za-z0-9_.-]", "_", rel)
            for i, part in enumerate(re.split(r"^// -----\s*$", text,
                                              flags=re.M)):
                if not part.strip():
                    continue
                with open(os.path.join(out_dir, f"{stem}.{i}"), "w",
                          encoding="utf-8") as out:
                    out.write(part)
                count += 1
    print(f"make-corpus: {count} seeds in {out_dir}")


if __name__ == "__main__":
    main()
