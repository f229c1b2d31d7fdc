"""Runs functions through an nn-compile object and through nn-run on the
same inputs and compares the outputs byte for byte (test/AOT).

Each case is NAME:SHAPE,SHAPE,... (the input shapes, `-` for rank 0).
Prints `NAME: N outputs identical`, or what differs (exit 1)."""

import argparse
import os
import shlex
import subprocess
import sys


def run_case(args, name, shapes):
    workdir = os.path.join(args.dir, name + "-" + "_".join(shapes))
    os.makedirs(workdir, exist_ok=True)
    runner = os.path.join(args.dir, "call-" + name)
    if not os.path.exists(runner):
        subprocess.run(shlex.split(args.cc) + [
            "-DNN_FUNCTION=" + name, "-include", args.header, args.src,
            args.object] + shlex.split(args.libs) + ["-o", runner], check=True)
    subprocess.run([runner, "--npy", workdir] + shapes, check=True,
                   stdout=subprocess.DEVNULL)
    outputs = sorted(f for f in os.listdir(workdir) if f.startswith("out"))
    command = shlex.split(args.nn_run) + [args.ir, "--function=" + name]
    command += ["--input=@%s/in%d.npy" % (workdir, i)
                for i in range(len(shapes))]
    command += ["--output=@%s/jit%d.npy" % (workdir, i)
                for i in range(len(outputs))]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    for i in range(len(outputs)):
        with open("%s/out%d.npy" % (workdir, i), "rb") as aot, \
             open("%s/jit%d.npy" % (workdir, i), "rb") as jit:
            if aot.read() != jit.read():
                print("%s %s: output %d differs" % (name, shapes, i))
                return False
    print("%s: %d outputs identical" % (name, len(outputs)))
    return True


def main():
    parser = argparse.ArgumentParser()
    for flag in ["cc", "libs", "src", "object", "header", "ir", "nn-run",
                 "dir"]:
        parser.add_argument("--" + flag, required=True)
    parser.add_argument("cases", nargs="+")
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    ok = True
    for case in args.cases:
        name, shapes = case.split(":")
        ok &= run_case(args, name, shapes.split(","))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
