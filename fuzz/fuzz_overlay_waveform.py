"""Fuzz target: the overlay bit-unpacker and the waveform de-interleaver.

The first byte of an input picks the kernel. Overlays: the next bytes give
Overlay Rows, Columns, Number of Frames in Overlay and a bit offset; the rest
is Overlay Data for ``overlay_array``, and the bits that ``unpack_bits``
returns from an offset must equal NumPy's. Waveforms: the next bytes give the
channels, samples, Waveform Bits Allocated, Sample Interpretation and the
channels' sensitivity, correction and baseline; the rest is Waveform Data for
``waveform_array``."""

import struct

import numpy as np
from _harness import main

from dcmcore import _bits
from dcmcore.dataset import Dataset
from dcmcore.sequence import Sequence
from dcmcore.waveforms.numpy_handler import multiplex_array

_OVERLAY = struct.Struct("<HHBH")  # rows, columns, frames, bit offset
_WAVEFORM = struct.Struct("<BHBBbbb")  # channels, samples, bits, interpretation, factors
_INTERPRETATIONS = ["SB", "UB", "MB", "AB", "SS", "US", "SL", "UL", "SV", "UV", "XX"]


def overlay(data: bytes) -> None:
    if len(data) < _OVERLAY.size:
        return
    rows, columns, frames, offset = _OVERLAY.unpack_from(data)
    rows, columns = rows % 512, columns % 512
    value = data[_OVERLAY.size :]
    ds = Dataset()
    ds.add_new(0x60000010, "US", rows)
    ds.add_new(0x60000011, "US", columns)
    ds.add_new(0x60000015, "IS", frames % 8)
    ds.add_new(0x60000100, "US", 1)
    ds.add_new(0x60000102, "US", 0)
    ds.add_new(0x60003000, "OW", value)
    arr = ds.overlay_array(0x6000)
    assert arr.dtype == np.uint8 and set(np.unique(arr)) <= {0, 1}
    src = np.frombuffer(value, np.uint8)
    bits = min(rows * columns, max(len(value) * 8 - offset, 0))
    expected = np.unpackbits(src, bitorder="little")[offset : offset + bits]
    got = np.frombuffer(_bits.unpack_bits(value, offset, bits), np.uint8)
    assert np.array_equal(got, expected), "unpack_bits differs from NumPy"


def waveform(data: bytes) -> None:
    if len(data) < _WAVEFORM.size:
        return
    channels, samples, bits, kind, sensitivity, correction, baseline = _WAVEFORM.unpack_from(data)
    item = Dataset()
    item.NumberOfWaveformChannels = channels % 16
    item.NumberOfWaveformSamples = samples % 2048
    item.WaveformBitsAllocated = (8, 16, 32, 64, 12)[bits % 5]
    item.WaveformSampleInterpretation = _INTERPRETATIONS[kind % len(_INTERPRETATIONS)]
    definitions = []
    for index in range(channels % 16):
        definition = Dataset()
        if sensitivity & (1 << (index % 7)):
            definition.ChannelSensitivity = str(sensitivity / 7)
            definition.ChannelSensitivityCorrectionFactor = str(correction / 3)
            definition.ChannelBaseline = str(baseline)
        definitions.append(definition)
    item.ChannelDefinitionSequence = Sequence(definitions)
    item.add_new(0x54001010, "OB" if item.WaveformBitsAllocated == 8 else "OW", data[_WAVEFORM.size :])
    ds = Dataset()
    ds.WaveformSequence = Sequence([item])
    for as_raw in (True, False):
        arr = multiplex_array(ds, 0, as_raw=as_raw)
        assert arr.shape == (item.NumberOfWaveformSamples, item.NumberOfWaveformChannels)
    assert np.array_equal(ds.waveform_array(0), arr)


def one_input(data: bytes) -> None:
    if not data:
        return
    (waveform if data[0] & 1 else overlay)(data[1:])


def seeds():
    yield b"\x00" + _OVERLAY.pack(16, 16, 1, 0) + bytes(range(32))
    yield b"\x00" + _OVERLAY.pack(7, 9, 2, 3) + b"\xa5" * 20
    yield b"\x01" + _WAVEFORM.pack(3, 10, 1, 4, 7, 3, 0) + bytes(range(60))
    yield b"\x01" + _WAVEFORM.pack(2, 5, 0, 0, 127, -3, 5) + bytes(10)


if __name__ == "__main__":
    main("overlay_waveform", one_input, seeds)
