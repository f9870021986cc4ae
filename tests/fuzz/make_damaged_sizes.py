#!/usr/bin/python3
"""Make tests/data/fuzz/trajectory/damaged-sizes.h5 (run once; the file is in the
repository): a small file in the format clustersim writes (HDF5 1.8: checksummed object
headers) whose datatype and dataspace messages were edited, and re-checksummed, to claim
far more data than the file holds -- what a crafted file, or damage that a checksum
misses, can do:

- /parameters/resolved_yaml: a fixed-length string of 0x7fffffff bytes (was 13);
- /observables/firms_alive/value: 2^40 doubles (was 777);
- /observables/wide/value: "floats" of 1,734,960,503 bytes each (was 8).

The reader (sim/h5_read_values.c) must refuse all three before anything is allocated:
HDF5 allocates, and clears, a buffer of the claimed size first.

    /usr/bin/python3 tests/fuzz/make_damaged_sizes.py OUT.h5
"""
import os
import struct
import sys

import h5py
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import h5_checksum  # noqa: E402

out = sys.argv[1]
with h5py.File(out, "w", libver=("v108", "v108"), track_order=False) as f:
    f.create_group("h5md/creator").attrs["name"] = np.bytes_(b"clustersim")
    f.create_group("parameters").attrs["seed"] = 1
    f["parameters/resolved_yaml"] = np.bytes_(b"run.steps: 12")
    f["observables/firms_alive/value"] = np.arange(777, dtype=np.float64)
    f["observables/firms_alive/step"] = np.arange(777, dtype=np.int64)
    f["observables/wide/value"] = np.arange(5, dtype=np.float64)
    headers = {name: h5py.h5o.get_info(f[name].id).addr
               for name in ("parameters/resolved_yaml", "observables/firms_alive/value",
                            "observables/wide/value")}
data = bytearray(open(out, "rb").read())


def edit(name, old, new, unique=True):
    """Replace the (first) bytes `old` by `new` inside the object header of `name`, and
    fix the header's checksum."""
    start = headers[name]
    begin, end = h5_checksum.header_span(data, start)
    at = data.find(old, begin, end)
    assert at >= 0, (name, "pattern not found")
    assert not unique or data.find(old, at + 1, end) < 0, (name, "pattern not unique")
    data[at:at + len(new)] = new
    h5_checksum.fix_object_header(data, at)


# String datatype message: version 1, class 3 (0x13), class bits (h5py's NUL padding: 1;
# ASCII), then the size, 4 bytes little-endian.
edit("parameters/resolved_yaml", bytes([0x13, 0x01, 0x00, 0x00]) + struct.pack("<I", 13),
     bytes([0x13, 0x01, 0x00, 0x00]) + struct.pack("<I", 0x7FFFFFFF))
# Dataspace: the current extent, 8 bytes, then the maximum extent (which stays 777).
edit("observables/firms_alive/value", struct.pack("<Q", 777), struct.pack("<Q", 1 << 40),
     unique=False)
# Float datatype message: version 1, class 1 (0x11), little-endian IEEE bits, size 8.
edit("observables/wide/value", bytes([0x11, 0x20, 0x3F, 0x00]) + struct.pack("<I", 8),
     bytes([0x11, 0x20, 0x3F, 0x00]) + struct.pack("<I", 1734960503))
assert h5_checksum.checksums_ok(data)
open(out, "wb").write(bytes(data))
