"""Hostile input, made by the tests: each file gives a clear Python exception
(pydicom 2.4.5's type where pydicom raises) or pydicom's lenient result,
never a crash, a hang or an allocation much larger than the file."""

import io
import json
import signal
import struct
import tracemalloc
import warnings
import zlib

import numpy as np
import pytest

import dcmcore
from dcmcore import config
from dcmcore.data import get_testdata_file
from dcmcore.dataset import Dataset, FileMetaDataset
from dcmcore.filebase import DicomBytesIO
from dcmcore.filewriter import write_file_meta_info
from dcmcore.uid import DeflatedExplicitVRLittleEndian, ExplicitVRLittleEndian, ImplicitVRLittleEndian, RLELossless

UNDEFINED = 0xFFFFFFFF


def explicit(tag, vr, value, length=None):
    """One explicit VR little endian element; `length` overrides the real one."""
    group, element = tag >> 16, tag & 0xFFFF
    length = len(value) if length is None else length
    if vr in ("OB", "OW", "OF", "OD", "OL", "OV", "SQ", "UC", "UR", "UT", "UN", "SV", "UV"):
        return struct.pack("<HH2s2xL", group, element, vr.encode(), length) + value
    return struct.pack("<HH2sH", group, element, vr.encode(), length & 0xFFFF) + value


def implicit(tag, value, length=None):
    length = len(value) if length is None else length
    return struct.pack("<HHL", tag >> 16, tag & 0xFFFF, length) + value


ITEM, ITEM_END, SEQUENCE_END = 0xFFFEE000, 0xFFFEE00D, 0xFFFEE0DD


def marker(tag, length=0):
    return struct.pack("<HHL", tag >> 16, tag & 0xFFFF, length)


def dicom_file(body, syntax=ExplicitVRLittleEndian):
    """A preamble, DICM and a file meta made by dcmcore, then `body` as it is
    (deflated already for the deflated transfer syntax)."""
    meta = FileMetaDataset()
    meta.TransferSyntaxUID = syntax
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.7"
    meta.MediaStorageSOPInstanceUID = "1.2.3.4"
    out = DicomBytesIO()
    write_file_meta_info(out, meta)
    return b"\x00" * 128 + b"DICM" + out.getvalue() + body


PATIENT = explicit(0x00100010, "PN", b"Doe^John")
NESTED_DEPTH = 10_000


def nested_sequences(depth, closed=True):
    head = (explicit(0x00081140, "SQ", b"", UNDEFINED) + marker(ITEM, UNDEFINED)) * depth
    tail = (marker(ITEM_END) + marker(SEQUENCE_END)) * depth if closed else b""
    return head + PATIENT + tail


HOSTILE_FILES = {
    "huge length, explicit": PATIENT + explicit(0x00104000, "UT", b"text", 0xFFFFFFF0),
    "huge length, implicit": implicit(0x00100010, b"Doe^John") + implicit(0x00104000, b"text", 0xFFFFFFF0),
    "huge length in an item": explicit(0x00081140, "SQ", b"", UNDEFINED) + marker(ITEM, 0xFFFFFFF0) + PATIENT,
    "sequence never closed": PATIENT + explicit(0x00081140, "SQ", b"", UNDEFINED) + marker(ITEM, UNDEFINED)
    + explicit(0x00081150, "UI", b"1.2.3\x00"),
    "item never closed": explicit(0x00081140, "SQ", b"", UNDEFINED) + marker(ITEM, UNDEFINED) + PATIENT,
    "pixel data never closed": PATIENT + explicit(0x7FE00010, "OB", b"", UNDEFINED) + marker(ITEM, 0)
    + marker(ITEM, 8) + b"\x01" * 8,
    "nested 10,000 deep": nested_sequences(NESTED_DEPTH),
    "nested 10,000 deep, never closed": nested_sequences(NESTED_DEPTH, closed=False),
    "item tag at the top level": marker(ITEM, 8) + b"\x00" * 8 + PATIENT,
    "sequence delimiter at the top level": PATIENT + marker(SEQUENCE_END) + explicit(0x00100020, "LO", b"ID"),
    "item delimiter inside a defined-length sequence": explicit(0x00081140, "SQ", b"", 16) + marker(ITEM, 8)
    + marker(ITEM_END) + PATIENT,
    "odd lengths": explicit(0x00280010, "US", b"\x01\x02\x03") + explicit(0x00100010, "PN", b"Doe"),
    "VR not the dictionary's": explicit(0x00280010, "PN", b"Doe^John") + explicit(0x00100010, "US", b"\x01\x00"),
    "unknown VR": explicit(0x00100010, "ZZ", b"Doe^John") + PATIENT,
    "length past the end": PATIENT + explicit(0x00100020, "LO", b"ID", 200),
}


def _meta_length_lies(value):
    data = bytearray(dicom_file(PATIENT))
    at = data.index(b"\x02\x00\x00\x00UL")  # (0002,0000) File Meta Information Group Length
    data[at + 8 : at + 12] = struct.pack("<L", value)
    return bytes(data)


FILES = {name: dicom_file(body) for name, body in HOSTILE_FILES.items()}
FILES["meta group length too long"] = _meta_length_lies(0xFFFFFFF0)
FILES["meta group length too short"] = _meta_length_lies(10)
FILES["implicit file, huge length"] = dicom_file(implicit(0x00104000, b"x", 0xFFFFFFF0), ImplicitVRLittleEndian)
FILES["deflated data that is not deflate"] = dicom_file(b"not deflate at all" * 10, DeflatedExplicitVRLittleEndian)


def outcome(module, data):
    """What reading `data` with `module` and touching everything gives: the
    text of the dataset, or the exception's type."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            ds = module.dcmread(io.BytesIO(data), force=True)
            for elem in ds.iterall():
                elem.value
            return "read", str(ds)
        except Exception as exc:  # noqa: BLE001 - compared by type with pydicom
            return "error", type(exc)


def same_outcome(ours, theirs):
    """Both read to the same text, or ours raised pydicom's type (by name;
    a subclass of it counts, as ``except`` would catch it)."""
    if ours[0] != theirs[0]:
        return False
    if ours[0] == "read":
        return ours == theirs
    return theirs[1].__name__ in {cls.__name__ for cls in ours[1].__mro__}


class Deadline:
    """Fail instead of hanging: SIGALRM after `seconds` (POSIX)."""

    def __init__(self, seconds):
        self.seconds = seconds

    def __enter__(self):
        if hasattr(signal, "SIGALRM"):
            signal.signal(signal.SIGALRM, self._expired)
            signal.alarm(self.seconds)

    def __exit__(self, *exc):
        if hasattr(signal, "SIGALRM"):
            signal.alarm(0)

    @staticmethod
    def _expired(*args):
        raise TimeoutError("a hostile input hung")


def bounded(func, data, factor=20, floor=16 << 20):
    """Run func() and check that it allocated at most `factor` times the size
    of `data` (and `floor` bytes) at its peak."""
    tracemalloc.start()
    try:
        with Deadline(20):
            result = func()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak <= max(factor * len(data), floor), f"peak allocation {peak} bytes for a {len(data)}-byte file"
    return result


@pytest.mark.parametrize("name", sorted(FILES))
def test_hostile_file(name):
    data = FILES[name]
    ours = bounded(lambda: outcome(dcmcore, data), data)
    pydicom = pytest.importorskip("pydicom")
    if name.startswith("nested 10,000"):
        # pydicom recurses once per level and dies of RecursionError (or worse);
        # ours stops at a clear nesting limit
        assert ours[0] == "error" and issubclass(ours[1], ValueError)
        return
    theirs = outcome(pydicom, data)
    assert same_outcome(ours, theirs), (name, ours[0], ours[1] if ours[0] == "error" else "", theirs[1] if theirs[0] == "error" else "")


def test_nesting_limit_names_the_offset():
    with pytest.raises(ValueError, match=r"nest|deep"):
        dcmcore.dcmread(io.BytesIO(FILES["nested 10,000 deep"]))


class TestDeflateBomb:
    def test_bomb_is_refused_early(self):
        body = PATIENT + explicit(0x00104000, "UT", b"", 300 << 20) + bytes(300 << 20)
        compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
        deflated = compressor.compress(body) + compressor.flush()
        data = dicom_file(deflated, DeflatedExplicitVRLittleEndian)
        assert len(data) < 400_000

        def read():
            with pytest.raises(ValueError, match="refused as a deflate bomb"):
                dcmcore.dcmread(io.BytesIO(data))

        # the bound: 200 times the deflated size, 1 MiB, a step of 4 MiB and
        # what a growing bytearray keeps in reserve (1/8)
        bounded(read, data, factor=260, floor=8 << 20)

    def test_the_ratio_is_a_setting(self, monkeypatch):
        digits = np.random.default_rng(0).integers(0, 10, 4 << 20).astype(np.uint8) + ord("0")
        body = PATIENT + explicit(0x00104000, "UT", digits.tobytes())  # inflates about 2x
        deflated = zlib.compress(body, 9)[2:-4]
        data = dicom_file(deflated, DeflatedExplicitVRLittleEndian)
        assert dcmcore.dcmread(io.BytesIO(data)).PatientName == "Doe^John"
        monkeypatch.setattr(config.settings, "max_inflation_ratio", 1)
        with pytest.raises(ValueError, match="max_inflation_ratio"):
            dcmcore.dcmread(io.BytesIO(data))


def _image(rows=4, columns=4, frames=1, bits=16):
    ds = dcmcore.dcmread(get_testdata_file("CT_small.dcm"))
    ds.Rows, ds.Columns, ds.NumberOfFrames = rows, columns, frames
    ds.BitsAllocated = bits
    ds.PixelData = bytes(rows * columns * frames * bits // 8)
    return ds


def _pydicom_copy(ds):
    pydicom = pytest.importorskip("pydicom")
    out = io.BytesIO()
    ds.save_as(out)
    return pydicom.dcmread(io.BytesIO(out.getvalue()))


def _raised(func):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            func()
        except Exception as exc:  # noqa: BLE001
            return type(exc).__name__
    return None


class TestPixelShapes:
    @pytest.mark.parametrize(
        "change",
        [
            {"Rows": 65535, "Columns": 65535, "NumberOfFrames": 2**31 - 1},  # product past 2**63 bytes
            {"Rows": 65535, "Columns": 65535},
            {"NumberOfFrames": 1000},
            {"BitsAllocated": 64},
            {"BitsAllocated": 7},
            {"Rows": 0},
            {"NumberOfFrames": -3},
        ],
    )
    def test_shape_that_does_not_match_the_data(self, change):
        ds = _image()
        for keyword, value in change.items():
            setattr(ds, keyword, value)
        ours = bounded(lambda: _raised(lambda: ds.pixel_array), ds.PixelData)
        theirs = _pydicom_copy(ds)
        assert ours == _raised(lambda: theirs.pixel_array)

    @pytest.mark.parametrize("offset", [0x7FFFFFF0, 0xFFFFFFFF, 3])
    def test_rle_frame_table_outside_the_data(self, offset):
        ds = dcmcore.dcmread(get_testdata_file("MR_multiframe_RLE.dcm"))
        value = ds.PixelData
        table_length = struct.unpack_from("<L", value, 4)[0]
        table = struct.pack("<L", 0) + struct.pack("<L", offset) * (table_length // 4 - 1)
        ds.PixelData = value[:8] + table + value[8 + table_length :]
        if offset == 3:  # inside the data: each fragment still starts a frame
            assert bounded(lambda: ds.convert_pixel_data("rle"), ds.PixelData) is None
            return
        # pydicom fills one frame and hands back the other seven uninitialised
        with pytest.raises(ValueError, match="holds 1 frame by its offset table, but .* is 8"):
            bounded(lambda: ds.convert_pixel_data("rle"), ds.PixelData)


class TestOverlayAndWaveformShapes:
    def test_overlay_dimensions_past_the_data(self):
        ds = Dataset()
        ds.add_new(0x60000010, "US", 65535)
        ds.add_new(0x60000011, "US", 65535)
        ds.add_new(0x60000015, "IS", 2**31 - 1)
        ds.add_new(0x60000100, "US", 1)
        ds.add_new(0x60000102, "US", 0)
        ds.add_new(0x60003000, "OW", bytes(16))
        with pytest.raises(ValueError):
            bounded(lambda: ds.overlay_array(0x6000), ds[0x60003000].value)

    def test_waveform_dimensions_past_the_data(self):
        ds = dcmcore.dcmread(get_testdata_file("ECG_12lead.dcm"))
        item = ds.WaveformSequence[0]
        item.NumberOfWaveformSamples = 2**32 - 1
        theirs = _pydicom_copy(ds)
        ours = bounded(lambda: _raised(lambda: ds.waveform_array(0)), item.WaveformData)
        assert ours == _raised(lambda: theirs.waveform_array(0)) and ours is not None


class TestJsonAndXml:
    JSON_CASES = {
        "not an object": "[1, 2, 3]",
        "number as a dataset": "17",
        "wrong value type": '{"00100010": {"vr": "PN", "Value": [17]}}',
        "string for a number": '{"00280010": {"vr": "US", "Value": ["many"]}}',
        "huge number": '{"00200013": {"vr": "IS", "Value": [' + "9" * 5000 + "]}}",
        "float overflow": '{"00181050": {"vr": "FD", "Value": [1e400]}}',
        "missing vr": '{"00100010": {"Value": ["Doe"]}}',
        "bad tag": '{"0010001X": {"vr": "PN", "Value": ["Doe"]}}',
        "sequence of non-objects": '{"00081140": {"vr": "SQ", "Value": [1, "a"]}}',
        "deep nesting": '{"00081140": {"vr": "SQ", "Value": [' * 3000 + "{}" + "]}}" * 3000,
    }

    @pytest.mark.parametrize("name", sorted(JSON_CASES))
    def test_json(self, name):
        text = self.JSON_CASES[name]
        pydicom = pytest.importorskip("pydicom")

        def load(module):
            module.Dataset.from_json(text).to_json()

        ours = bounded(lambda: _raised(lambda: load(dcmcore)), text.encode())
        assert ours == _raised(lambda: load(pydicom)), name

    XML_CASES = {
        "billion laughs": '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
        '<NativeDicomModel><DicomAttribute tag="00100010" vr="LO"><Value number="1">&lol3;</Value>'
        "</DicomAttribute></NativeDicomModel>",
        "external entity": '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        '<NativeDicomModel><DicomAttribute tag="00100010" vr="LO"><Value number="1">&e;</Value>'
        "</DicomAttribute></NativeDicomModel>",
        "wrong type": '<NativeDicomModel><DicomAttribute tag="00280010" vr="US"><Value number="1">many</Value>'
        "</DicomAttribute></NativeDicomModel>",
        "unknown VR": '<NativeDicomModel><DicomAttribute tag="00280010" vr="SQOW"><Value number="1">1</Value>'
        "</DicomAttribute></NativeDicomModel>",
        "huge number": '<NativeDicomModel><DicomAttribute tag="00200013" vr="IS"><Value number="1">'
        + "9" * 5000 + "</Value></DicomAttribute></NativeDicomModel>",
        "deep nesting": '<NativeDicomModel>' + '<DicomAttribute tag="00081140" vr="SQ"><Item number="1">' * 3000
        + "</Item></DicomAttribute>" * 3000 + "</NativeDicomModel>",
        "not XML": "<NativeDicomModel><DicomAttribute",
        "inline binary for text": '<NativeDicomModel><DicomAttribute tag="60000100" vr="UC">'
        "<InlineBinary>AAEC</InlineBinary></DicomAttribute></NativeDicomModel>",
    }

    @pytest.mark.parametrize("name", sorted(XML_CASES))
    def test_xml(self, name):
        text = self.XML_CASES[name]
        with pytest.raises(ValueError):
            bounded(lambda: Dataset.from_xml(text), text.encode())


class TestFuzzRegressions:
    """Inputs the fuzz targets (fuzz/) found, kept so that they stay fixed."""

    def test_nested_error_text_stays_small(self):
        # 30 levels of damaged items: pydicom 2.4.5 appends the whole stack
        # trace, chained causes included, at every level (a 1.8 GB message
        # after 20 s); the text now grows by one line a level
        from pathlib import Path

        data = (Path(__file__).parent / "fuzz_regressions" / "dcmread_nested_error_text.bin").read_bytes()

        def read_and_print():
            ds = dcmcore.dcmread(io.BytesIO(data), force=True)
            with pytest.raises(NotImplementedError, match=r"^With tag \(300a, 0180\) got exception: With tag") as info:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    str(ds)
            return str(info.value)

        text = bounded(read_and_print, data)
        assert len(text) < 100_000 and "Unknown Value Representation" in text

    def test_element_error_keeps_pydicom_text(self):
        # one level: the message and its stack trace as pydicom writes them
        from dcmcore.tag import Tag, tag_in_exception

        with pytest.raises(ValueError, match=r"^With tag \(0028, 0010\) got exception: bad value\n") as info:
            with tag_in_exception(Tag(0x00280010)):
                raise ValueError("bad value")
        assert "Traceback (most recent call last)" in str(info.value)

    def test_meta_group_length_with_unknown_vr(self):
        # pydicom converts the group length while reading, so an unknown VR
        # raises there; we used to skip it and fail later on another element
        from pathlib import Path

        data = (Path(__file__).parent / "fuzz_regressions" / "dcmread_meta_group_length_unknown_vr.bin").read_bytes()
        with pytest.raises(NotImplementedError, match=r"Unknown Value Representation 'QL' in tag \(0002, 0000\)"):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # the reader's own about the VR style
                dcmcore.dcmread(io.BytesIO(data), force=True)
