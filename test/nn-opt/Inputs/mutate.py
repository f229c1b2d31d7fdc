#!/usr/bin/env python3
"""Writes many broken variants of valid nn IR, one per `// -----` chunk.

Each variant truncates a function, drops or repeats a token, or replaces a
number (a dimension, an attribute entry) with one a user might type by
mistake. nn-opt must diagnose every variant it cannot accept and never
crash. The seed is fixed so that a failure reproduces.
"""

import random
import re
import sys

NUMBERS = ["0", "-1", "1", "3", "-9223372036854775808", "9223372036854775807",
           "4611686018427387904", "?", "2147483648", "-0"]


def functions(text):
    """Splits a file into its top-level func.func blocks."""
    blocks, current = [], []
    for line in text.splitlines():
        if line.lstrip().startswith("//"):
            continue
        if line.startswith("func.func") and current:
            blocks.append("\n".join(current))
            current = []
        if line.startswith("func.func") or current:
            current.append(line)
    if current:
        blocks.append("\n".join(current))
    return [b for b in blocks if "nn." in b]


def mutate(rng, block):
    # Mostly number changes: they reach the verifiers, not just the parser.
    kind = rng.choice([0, 1, 2, 3, 3, 3, 3, 3])
    if kind == 0:  # Truncate anywhere.
        return block[: rng.randrange(len(block))]
    tokens = re.split(r"(\s+|[,()<>\[\]{}:=x])", block)
    positions = [i for i, t in enumerate(tokens) if t and not t.isspace()]
    i = rng.choice(positions)
    if kind == 1:  # Drop a token.
        tokens[i] = ""
    elif kind == 2:  # Repeat a token.
        tokens[i] = tokens[i] + " " + tokens[i]
    else:  # Replace a number.
        numbers = [j for j in positions if re.fullmatch(r"-?\d+", tokens[j])]
        for _ in range(rng.randrange(1, 3)):
            if numbers:
                tokens[rng.choice(numbers)] = rng.choice(NUMBERS)
    return "".join(tokens)


def main():
    rng = random.Random(20261127)
    blocks = []
    for path in sys.argv[1:]:
        with open(path) as f:
            blocks.extend(functions(f.read()))
    variants = [mutate(rng, rng.choice(blocks)) for _ in range(3000)]
    print("\n// -----\n".join(variants))


if __name__ == "__main__":
    main()
