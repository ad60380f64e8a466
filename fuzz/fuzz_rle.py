"""Fuzz target: the RLE Lossless codec.

The first bytes of an input choose the frame's shape (rows, columns,
samples, bits allocated, segment order); the rest is an RLE frame to decode,
and also the pixels of a frame to encode: decoding what was encoded must give
the pixels back. Seeds: frames of the example RLE file and of CT_small."""

import struct

import numpy as np
from _harness import main

import dcmcore
from dcmcore import _rle
from dcmcore.data import get_testdata_file
from dcmcore.encaps import generate_pixel_data_frame
from dcmcore.pixel_data_handlers import rle_handler

_SHAPE = struct.Struct("<HHBB")  # rows, columns, samples, bits allocated and order


def one_input(data: bytes) -> None:
    if len(data) < _SHAPE.size:
        return
    rows, columns, samples, bits = _SHAPE.unpack_from(data)
    rows, columns = rows % 300, columns % 300
    samples = 3 if samples & 1 else 1
    order = ">" if bits & 0x80 else "<"
    nr_bits = (8, 16, 32, 64)[bits & 3]
    frame = data[_SHAPE.size :]
    try:
        rle_handler._rle_decode_frame(frame, rows, columns, samples, nr_bits, order)
    except ValueError:
        pass
    # encode then decode: the pixels come back
    itemsize = nr_bits // 8
    length = rows * columns * samples * itemsize
    if not length or len(frame) < length or samples * itemsize > 15:
        return
    arr = np.frombuffer(frame[:length], f"<u{itemsize}").reshape(rows, columns, samples)
    encoded = _rle.encode_frame(frame[:length], rows, columns, samples, itemsize)
    decoded = rle_handler._rle_decode_frame(encoded, rows, columns, samples, nr_bits)
    planes = np.frombuffer(decoded, f"<u{itemsize}").reshape(samples, rows, columns)
    assert np.array_equal(planes.transpose(1, 2, 0), arr), "RLE round trip changed the pixels"


def seeds():
    for name in ("MR_multiframe_RLE.dcm",):
        ds = dcmcore.dcmread(get_testdata_file(name))
        header = _SHAPE.pack(ds.Rows, ds.Columns, ds.SamplesPerPixel - 1, 0x80 | (1 if ds.BitsAllocated == 16 else 0))
        for frame in generate_pixel_data_frame(ds.PixelData, int(ds.NumberOfFrames)):
            yield header + frame
    for name, bits in (("CT_small.dcm", 1), ("RGB_small.dcm", 0)):
        ds = dcmcore.dcmread(get_testdata_file(name))
        arr = ds.pixel_array
        arr = arr[0] if int(ds.get("NumberOfFrames", 1) or 1) > 1 else arr
        header = _SHAPE.pack(ds.Rows % 300, ds.Columns % 300, ds.SamplesPerPixel - 1, 0x80 | bits)
        pixels = np.ascontiguousarray(arr[: ds.Rows % 300, : ds.Columns % 300]).tobytes()
        itemsize = arr.dtype.itemsize
        yield header + _rle.encode_frame(pixels, ds.Rows % 300, ds.Columns % 300, ds.SamplesPerPixel, itemsize)
        yield header + pixels


if __name__ == "__main__":
    main("rle", one_input, seeds)
