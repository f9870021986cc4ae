"""Re-checksum HDF5 object headers after editing them, for making damaged test files.

Object headers of version 2 (the format clustersim writes: "OHDR", HDF5 >= 1.8) end
with a checksum -- Bob Jenkins' lookup3 `hashlittle`, initial value 0 (HDF5's
H5_checksum_lookup3) -- so a randomly damaged header is refused by HDF5 before it is
decoded. To test what the reader does with a header that is well-formed but claims
absurd sizes (as a crafted file can), a test file's header is edited and its checksum
recomputed with `fix_object_header`.
"""
import struct

_M = 0xFFFFFFFF


def _rot(x, k):
    return ((x << k) | (x >> (32 - k))) & _M


def lookup3(data, initval=0):
    """hashlittle(data, len(data), initval), byte by byte as H5checksum.c does it."""
    length = len(data)
    a = b = c = (0xDEADBEEF + length + initval) & _M
    i = 0
    while length > 12:
        a = (a + data[i] + (data[i + 1] << 8) + (data[i + 2] << 16) + (data[i + 3] << 24)) & _M
        b = (b + data[i + 4] + (data[i + 5] << 8) + (data[i + 6] << 16) + (data[i + 7] << 24)) & _M
        c = (c + data[i + 8] + (data[i + 9] << 8) + (data[i + 10] << 16) + (data[i + 11] << 24)) & _M
        a = (a - c) & _M; a ^= _rot(c, 4); c = (c + b) & _M
        b = (b - a) & _M; b ^= _rot(a, 6); a = (a + c) & _M
        c = (c - b) & _M; c ^= _rot(b, 8); b = (b + a) & _M
        a = (a - c) & _M; a ^= _rot(c, 16); c = (c + b) & _M
        b = (b - a) & _M; b ^= _rot(a, 19); a = (a + c) & _M
        c = (c - b) & _M; c ^= _rot(b, 4); b = (b + a) & _M
        length -= 12
        i += 12
    if length == 0:
        return c
    tail = data[i:i + length]
    words = [a, b, c]
    for j, byte in enumerate(tail):
        words[j // 4] = (words[j // 4] + (byte << (8 * (j % 4)))) & _M
    a, b, c = words
    c ^= b; c = (c - _rot(b, 14)) & _M
    a ^= c; a = (a - _rot(c, 11)) & _M
    b ^= a; b = (b - _rot(a, 25)) & _M
    c ^= b; c = (c - _rot(b, 16)) & _M
    a ^= c; a = (a - _rot(c, 4)) & _M
    b ^= a; b = (b - _rot(a, 14)) & _M
    c ^= b; c = (c - _rot(b, 24)) & _M
    return c


def header_span(data, start):
    """(start, end) of the first chunk of the version-2 object header at `start`, end
    being where its checksum is stored."""
    assert data[start:start + 4] == b"OHDR" and data[start + 4] == 2, "not an OHDR v2"
    flags = data[start + 5]
    p = start + 6
    if flags & 0x20:
        p += 16                      # access, modification, change, birth times
    if flags & 0x10:
        p += 4                       # attribute phase change values
    width = 1 << (flags & 0x03)
    size = int.from_bytes(data[p:p + width], "little")
    return start, p + width + size


def fix_object_header(data, offset):
    """Recompute, in the bytearray `data`, the checksum of the object header whose first
    chunk contains byte `offset`."""
    start = data.rfind(b"OHDR", 0, offset + 1)
    begin, end = header_span(data, start)
    assert begin <= offset < end, "the edit is not inside the first chunk of its header"
    data[end:end + 4] = struct.pack("<I", lookup3(bytes(data[begin:end])))


def checksums_ok(data):
    """Whether every version-2 object header of `data` has a correct checksum."""
    at = data.find(b"OHDR")
    while at >= 0:
        try:
            begin, end = header_span(data, at)
        except AssertionError:
            at = data.find(b"OHDR", at + 4)
            continue
        if struct.unpack("<I", data[end:end + 4])[0] != lookup3(bytes(data[begin:end])):
            return False
        at = data.find(b"OHDR", end)
    return True
