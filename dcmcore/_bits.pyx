"""Bit packing for 1-bit data: Pixel Data with Bits Allocated 1 and Overlay
Data (PS3.5 8.1.1 and 8.2: bits fill each byte from its least significant bit).

Bytes in, bytes out: one unpacker serves 1-bit pixel data, overlays and
``pixel_data_handlers.util.unpack_bits``. A run of bits may start anywhere in
the buffer, as a frame of a multi-frame 1-bit image does.
"""

from libc.stdint cimport uint8_t, uint64_t
from libc.string cimport memcpy

import numpy as np


cdef uint64_t _SPREAD[256]


cdef void _fill_spread() noexcept:
    # _SPREAD[b] holds byte b's eight bits as eight 0/1 bytes, least
    # significant bit first in memory (built byte by byte: endian-neutral).
    cdef int value, bit
    cdef uint8_t spread[8]
    for value in range(256):
        for bit in range(8):
            spread[bit] = (value >> bit) & 1
        memcpy(&_SPREAD[value], spread, 8)


_fill_spread()


def unpack_bits(const uint8_t[::1] src, Py_ssize_t bit_offset=0, nr_bits=None):
    """Return `nr_bits` bits of `src` from `bit_offset` as 0/1 bytes.

    Parameters
    ----------
    src : buffer
        Packed bits, least significant bit of each byte first.
    bit_offset : int, optional
        The first bit to unpack.
    nr_bits : int, optional
        How many bits to unpack; all that follow `bit_offset` if not given.

    Returns
    -------
    numpy.ndarray
        A writeable ``uint8`` array of `nr_bits` values.

    Raises
    ------
    ValueError
        If the bits asked for lie outside `src`.
    """
    cdef Py_ssize_t total = src.shape[0] * 8
    if bit_offset < 0 or bit_offset > total:
        raise ValueError(f"The bit offset {bit_offset} lies outside the {src.shape[0]} bytes given")
    cdef Py_ssize_t count = total - bit_offset if nr_bits is None else nr_bits
    if count < 0 or count > total - bit_offset:
        raise ValueError(
            f"{count} bits from bit {bit_offset} need more than the {src.shape[0]} bytes given"
        )
    if bit_offset % 8 == 0:
        # from a byte boundary NumPy's SIMD unpacker is the faster (timed:
        # 1.3x this loop); it allocates the output once, as here
        start = bit_offset // 8
        packed = np.frombuffer(src, np.uint8)[start : start + (count + 7) // 8]
        if count == packed.shape[0] * 8:  # whole bytes: no count, NumPy's fastest call
            return np.unpackbits(packed, bitorder="little")
        return np.unpackbits(packed, count=count, bitorder="little")
    dst_array = np.empty(count, dtype=np.uint8)
    cdef uint8_t[::1] dst = dst_array
    if count:
        with nogil:
            _unpack(&src[0], bit_offset, count, &dst[0])
    return dst_array


cdef void _unpack(const uint8_t* src, Py_ssize_t bit_offset, Py_ssize_t count, uint8_t* dst) noexcept nogil:
    cdef Py_ssize_t byte = bit_offset >> 3, out = 0, whole
    cdef int bit = bit_offset & 7
    # the bits before the first whole byte
    while bit and out < count:
        dst[out] = (src[byte] >> bit) & 1
        out += 1
        bit += 1
        if bit == 8:
            bit = 0
            byte += 1
    whole = (count - out) >> 3
    while whole:
        memcpy(&dst[out], &_SPREAD[src[byte]], 8)
        out += 8
        byte += 1
        whole -= 1
    while out < count:
        dst[out] = (src[byte] >> bit) & 1
        out += 1
        bit += 1


def pack_bits(const uint8_t[::1] src):
    """Pack 0/1 bytes into bits, least significant bit of each byte first.

    Parameters
    ----------
    src : buffer
        One byte per bit, each 0 or 1; a last partial byte is zero-filled.

    Returns
    -------
    bytes
        ``ceil(len(src) / 8)`` bytes.

    Raises
    ------
    ValueError
        If a byte of `src` is neither 0 nor 1.
    """
    cdef Py_ssize_t count = src.shape[0], i
    cdef Py_ssize_t length = (count + 7) >> 3
    dst_array = bytearray(length)
    cdef uint8_t[::1] dst = dst_array
    cdef uint8_t bad = 0
    if count:
        with nogil:
            for i in range(count):
                bad |= src[i]
                dst[i >> 3] |= (src[i] & 1) << (i & 7)
    if bad > 1:
        raise ValueError("Only binary arrays (containing ones or zeroes) can be packed.")
    return bytes(dst_array)
