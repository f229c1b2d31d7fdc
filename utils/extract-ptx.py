#!/usr/bin/env python3
"""Extracts the PTX of the gpu.binary ops of an MLIR file (nn-gpu-pipeline's
output, or any with gpu.object assembly strings).

  extract-ptx.py out.mlir                # every kernel's PTX to stdout
  extract-ptx.py out.mlir --dir DIR      # DIR/<binary>.ptx per gpu.binary
  extract-ptx.py out.mlir --ptxas PATH --arch sm_90
                                         # assembles each, prints a count

Exit code 1 when the file holds no gpu.binary with PTX.
"""
import argparse
import pathlib
import re
import subprocess
import sys
import tempfile

BINARY = re.compile(r'gpu\.binary\s+@([\w$.]+)[^\n]*?assembly\s*=\s*"((?:[^"\\]|\\.)*)"')


def unescape(text):
    """MLIR string escapes: \\XX hex bytes, \\\\ and \\"."""
    out = bytearray()
    i = 0
    while i < len(text):
        if text[i] == '\\' and re.fullmatch(r'[0-9A-Fa-f]{2}', text[i + 1:i + 3]):
            out.append(int(text[i + 1:i + 3], 16))
            i += 3
        elif text[i] == '\\' and i + 1 < len(text):
            out += text[i + 1].encode()
            i += 2
        else:
            out += text[i].encode()
            i += 1
    return out.decode('utf-8', 'replace')


def assemble(binaries, ptxas, arch, verbose):
    """Runs ptxas on each kernel's PTX; returns how many failed. `verbose`:
    prints ptxas -v's report of each kernel (registers, stack, shared
    memory, barriers) after a line naming it."""
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in binaries:
            path = pathlib.Path(tmp) / f'{name}.ptx'
            path.write_text(unescape(text))
            run = subprocess.run([ptxas, f'-arch={arch}', str(path), '-o',
                                  str(path.with_suffix('.cubin'))] +
                                 (['-v'] if verbose else []),
                                 capture_output=True, text=True)
            if verbose and run.returncode == 0:
                print(f'// ptxas -v @{name}\n{run.stderr}')
            if run.returncode != 0:
                failed += 1
                print(f'ptxas failed on @{name}:\n{run.stderr}',
                      file=sys.stderr)
    print(f'ptxas: {len(binaries) - failed} of {len(binaries)} kernels '
          f'assembled for {arch}')
    return failed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('input')
    parser.add_argument('--dir', help='write one .ptx file per gpu.binary')
    parser.add_argument('--ptxas', help='assemble each kernel with this ptxas')
    parser.add_argument('--arch', default='sm_90', help="ptxas's -arch")
    parser.add_argument('--verbose', action='store_true',
                        help="with --ptxas: print ptxas -v's report")
    args = parser.parse_args()
    source = (sys.stdin.read() if args.input == '-' else
              pathlib.Path(args.input).read_text())
    binaries = BINARY.findall(source)
    if not binaries:
        print(f'{args.input}: no gpu.binary with PTX', file=sys.stderr)
        return 1
    if args.ptxas:
        return 1 if assemble(binaries, args.ptxas, args.arch,
                             args.verbose) else 0
    for name, text in binaries:
        ptx = unescape(text)
        if args.dir:
            path = pathlib.Path(args.dir)
            path.mkdir(parents=True, exist_ok=True)
            (path / f'{name}.ptx').write_text(ptx)
        else:
            sys.stdout.write(f'// gpu.binary @{name}\n{ptx}\n')
    return 0


if __name__ == '__main__':
    sys.exit(main())
