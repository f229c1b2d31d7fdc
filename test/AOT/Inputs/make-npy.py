"""Writes the .npy files of read-npy.test into the directory argv[1]: valid
ones (as NumPy writes them, without NumPy) and damaged ones."""
import os
import struct
import sys


def header(dict_text, version=1, pad=True):
    dict_bytes = dict_text.encode("latin1")
    prefix = 10 if version == 1 else 12
    if pad:
        total = (prefix + len(dict_bytes) + 1 + 63) // 64 * 64
        dict_bytes += b" " * (total - prefix - len(dict_bytes) - 1)
    dict_bytes += b"\n"
    length = (struct.pack("<H", len(dict_bytes)) if version == 1 else
              struct.pack("<I", len(dict_bytes)))
    return b"\x93NUMPY" + bytes([version, 0]) + length + dict_bytes


def npy(descr, shape, data, **kwargs):
    shape_text = "(%s)" % ("%d," % shape[0] if len(shape) == 1 else
                           ", ".join(str(s) for s in shape))
    return header("{'descr': '%s', 'fortran_order': False, 'shape': %s, }" %
                  (descr, shape_text), **kwargs) + data


f32x6 = struct.pack("<6f", 1, 2, 3, 4, 5, 6)
files = {
    "f32.npy": npy("<f4", (2, 3), f32x6),
    "f64-v2.npy": npy("<f8", (3,), struct.pack("<3d", 1.5, 2, 3), version=2),
    "i64-scalar.npy": npy("<i8", (), struct.pack("<q", -7)),
    "empty.npy": npy("<i4", (0, 3), b""),
    "not-npy.npy": b"hello, world",
    "short.npy": b"\x93NUM",
    "version4.npy": npy("<f4", (2, 3), f32x6, version=4),
    "fortran.npy": header("{'descr': '<f4', 'fortran_order': True, "
                          "'shape': (2, 3), }") + f32x6,
    "complex.npy": npy("<c8", (3,), b"\0" * 24),
    "negative.npy": header("{'descr': '<f4', 'fortran_order': False, "
                           "'shape': (-2, 3), }") + f32x6,
    "overflow.npy": npy("<f4", (4611686018427387904, 4), f32x6),
    "huge-dim.npy": header("{'descr': '<f4', 'fortran_order': False, "
                           "'shape': (99999999999999999999,), }") + f32x6,
    "rank9.npy": npy("<f4", (1,) * 9, struct.pack("<f", 1)),
    "no-shape.npy": header("{'descr': '<f4', 'fortran_order': False, }"),
    "bad-shape.npy": header("{'descr': '<f4', 'fortran_order': False, "
                            "'shape': (2; 3), }") + f32x6,
    "truncated-data.npy": npy("<f4", (2, 3), f32x6[:20]),
    "extra-data.npy": npy("<f4", (2, 3), f32x6 + b"\0\0\0\0"),
    "lying-length.npy": b"\x93NUMPY\x01\x00\xff\xff{'descr'",
}
os.makedirs(sys.argv[1], exist_ok=True)
for name, content in files.items():
    with open(os.path.join(sys.argv[1], name), "wb") as f:
        f.write(content)
