"""Damaged files: reading them, printing them and touching every value raise
only the exceptions pydicom 2.4.5 raises for such data (never a crash, a hang
or another kind of exception)."""

import io
import logging
import random
import struct
import warnings
from pathlib import Path

import pytest

import dcmcore
from dcmcore.data import get_testdata_files
from dcmcore.errors import BytesLengthException, InvalidDicomError

# What damaged data may raise, as in pydicom 2.4.5: its reader's struct.error
# for a truncated header, BytesLengthException for a value of the wrong size.
EXPECTED = (InvalidDicomError, ValueError, EOFError, KeyError, NotImplementedError, OverflowError,
            struct.error, BytesLengthException)


def _mutations(seed, count):
    rng = random.Random(seed)
    files = [Path(path).read_bytes() for path in get_testdata_files("*.dcm")]
    for _ in range(count):
        data = bytearray(rng.choice(files))
        kind = rng.randrange(4)
        if kind == 0:  # a few bytes changed
            for _ in range(rng.randrange(1, 8)):
                data[rng.randrange(132, len(data))] = rng.randrange(256)
        elif kind == 1:  # truncated
            data = data[: rng.randrange(132, len(data))]
        elif kind == 2:  # a length-like field made huge, negative-looking or small
            at = rng.randrange(132, len(data) - 4)
            data[at : at + 4] = rng.choice([b"\xff\xff\xff\xff", b"\x00\x00\x00\x80", b"\xfe\xff\xff\x7f", b"\x10\x00\x00\x00"])
        else:  # a chunk repeated
            at = rng.randrange(132, len(data))
            data[at:at] = data[at : at + rng.randrange(1, 64)]
        yield bytes(data)


@pytest.mark.parametrize("seed", range(4))
def test_mutated_example_files(seed):
    logging.disable(logging.CRITICAL)  # the reader logs what it skips, as pydicom does
    try:
        for data in _mutations(seed, 150):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    ds = dcmcore.dcmread(io.BytesIO(data), force=True)
                    str(ds)
                    for elem in ds.iterall():
                        elem.value
                    ds.to_json_dict()
                    ds.to_xml()
                except EXPECTED:
                    pass
                except TypeError as exc:  # pydicom's own for a value it cannot size
                    assert "has no len()" in str(exc) or "NoneType" in str(exc), exc
    finally:
        logging.disable(logging.NOTSET)
