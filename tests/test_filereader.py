"""Tests of dcmcore.filereader and of the Cython tokenizer dcmcore._reader.

Files are written with pydicom 2.4.5 at test time (every transfer syntax,
every VR, nested, undefined-length and private sequences, UN, encapsulated
pixel data) and read with dcmcore and pydicom side by side.
"""

import collections
import glob
import io
import os
import struct
import warnings
import zlib

import pytest

from dcmcore import _reader, config
from dcmcore.errors import BytesLengthException, InvalidDicomError
from dcmcore.filereader import (
    data_element_generator,
    dcmread,
    read_dataset,
    read_deferred_data_element,
    read_file_meta_info,
    read_partial,
    read_preamble,
    read_sequence,
)

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

IMPLICIT_LE = "1.2.840.10008.1.2"
EXPLICIT_LE = "1.2.840.10008.1.2.1"
DEFLATED_LE = "1.2.840.10008.1.2.1.99"
EXPLICIT_BE = "1.2.840.10008.1.2.2"
JPEG_BASELINE = "1.2.840.10008.1.2.4.50"
TRANSFER_SYNTAXES = [IMPLICIT_LE, EXPLICIT_LE, DEFLATED_LE, EXPLICIT_BE]

# One value for each VR, for the first dictionary tag of that VR.
VALUES_BY_VR = {
    "AE": "STORESCP",
    "AS": "054Y",
    "AT": 0x00100010,
    "CS": "ABC",
    "DA": "20240101",
    "DS": "1.5",
    "DT": "20240101120000",
    "FD": 1.25,
    "FL": 0.5,
    "IS": "42",
    "LO": "a long string",
    "LT": "some long text",
    "OB": b"\x01\x02\x03",
    "OD": struct.pack("<d", 2.5),
    "OF": struct.pack("<f", 1.5),
    "OL": struct.pack("<L", 7),
    "OV": struct.pack("<Q", 9),
    "OW": b"\x01\x00\x02\x00",
    "PN": "Doe^John",
    "SH": "short",
    "SL": -5,
    "SS": -2,
    "ST": "short text",
    "SV": -7,
    "TM": "120000",
    "UC": "unlimited",
    "UI": "1.2.3.4",
    "UL": 7,
    "UR": "http://example.com",
    "US": 3,
    "UT": "unlimited text",
    "UV": 9,
}

# BytesLengthException: a mangled length on a value converted while reading
# (the file meta), and NotImplementedError for a mangled VR there, as pydicom
ALLOWED_ERRORS = (InvalidDicomError, EOFError, OSError, ValueError, struct.error, zlib.error, BytesLengthException, NotImplementedError)


def _tags_by_vr(pydicom):
    from pydicom.datadict import DicomDictionary

    found = {}
    for tag in sorted(DicomDictionary):
        vr, vm, _, retired, keyword = DicomDictionary[tag]
        if tag >> 16 in (0x0002, 0x0000) or retired or vm != "1" or not keyword:
            continue
        if tag >> 16 == 0x7FE0 or tag == 0x00080005:
            continue
        found.setdefault(vr, tag)
    return found


def _every_vr_dataset(pydicom, undefined):
    """A pydicom dataset with every VR, nested and private sequences."""
    from pydicom.dataset import Dataset
    from pydicom.sequence import Sequence

    ds = Dataset()
    ds.SpecificCharacterSet = "ISO_IR 100"
    for vr, tag in _tags_by_vr(pydicom).items():
        if vr in VALUES_BY_VR:
            ds.add_new(tag, vr, VALUES_BY_VR[vr])
    ds.add_new(0x00280008, "IS", "1")
    ds.SOPInstanceUID = "1.2.3.4.5"
    # odd length text and a multi-valued string
    ds.ImageType = ["ORIGINAL", "PRIMARY"]
    ds.PatientID = "ODD"

    beams = []
    for number in range(2):
        beam = Dataset()
        beam.BeamNumber = number
        beam.BeamName = f"beam{number}"
        points = []
        for index in range(2):
            point = Dataset()
            point.ControlPointIndex = index
            point.GantryAngle = "90.0"
            points.append(point)
        beam.ControlPointSequence = Sequence(points)
        beam.ControlPointSequence.is_undefined_length = undefined
        for point in points:
            point.is_undefined_length_sequence_item = undefined
        beam.is_undefined_length_sequence_item = undefined
        beams.append(beam)
    ds.BeamSequence = Sequence(beams)
    ds.BeamSequence.is_undefined_length = undefined
    ds.add_new(0x300A00B4, "SQ", Sequence())  # empty sequence

    block = ds.private_block(0x0011, "DCMCORE TEST", create=True)
    block.add_new(0x01, "LO", "private value")
    block.add_new(0x02, "UN", b"\x01\x02\x03\x04")
    item = Dataset()
    item.PatientName = "Private^Item"
    item_block = item.private_block(0x0011, "DCMCORE TEST", create=True)
    item_block.add_new(0x05, "DS", "2.5")
    block.add_new(0x03, "SQ", Sequence([item]))
    block[0x03].is_undefined_length = undefined
    return ds


def _write_pydicom(pydicom, ds, transfer_syntax, preamble=True):
    from pydicom.dataset import FileMetaDataset

    ds.file_meta = FileMetaDataset()
    ds.file_meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.7"
    ds.file_meta.MediaStorageSOPInstanceUID = "1.2.3.4.5"
    ds.file_meta.TransferSyntaxUID = transfer_syntax
    ds.is_implicit_VR = transfer_syntax == IMPLICIT_LE
    ds.is_little_endian = transfer_syntax != EXPLICIT_BE
    ds.preamble = b"\0" * 128 if preamble else None
    fp = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pydicom.dcmwrite(fp, ds, write_like_original=not preamble)
    return fp.getvalue()


def _assert_same(ours, theirs, where="dataset"):
    """Compare element by element: tag, VR, value, str(), recursively."""
    assert list(ours.keys()) == list(theirs.keys()), where
    for theirs_elem in theirs:
        ours_elem = ours[theirs_elem.tag]
        here = f"{where} {theirs_elem.tag}"
        assert ours_elem.VR == theirs_elem.VR, here
        assert ours_elem.is_undefined_length == theirs_elem.is_undefined_length, here
        if theirs_elem.VR == "SQ":
            assert len(ours_elem.value) == len(theirs_elem.value), here
            for index, (ours_item, theirs_item) in enumerate(zip(ours_elem.value, theirs_elem.value)):
                _assert_same(ours_item, theirs_item, f"{here}[{index}]")
                assert ours_item.is_undefined_length_sequence_item == theirs_item.is_undefined_length_sequence_item
        else:
            assert ours_elem.value == theirs_elem.value, here
            assert repr(ours_elem).replace("VR.", "") == repr(theirs_elem).replace("VR.", ""), here


def _quiet_read(module, data, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return module.dcmread(io.BytesIO(data), **kwargs)


@pytest.fixture(scope="module")
def pydicom():
    return pytest.importorskip("pydicom")


class TestReadAgainstPydicom:
    @pytest.mark.parametrize("transfer_syntax", TRANSFER_SYNTAXES)
    @pytest.mark.parametrize("undefined", [False, True])
    def test_every_vr_and_sequence(self, pydicom, transfer_syntax, undefined):
        data = _write_pydicom(pydicom, _every_vr_dataset(pydicom, undefined), transfer_syntax)
        ours = _quiet_read(__import__("dcmcore"), data)
        theirs = _quiet_read(pydicom, data)
        assert ours.is_implicit_VR == theirs.is_implicit_VR
        assert ours.is_little_endian == theirs.is_little_endian
        assert ours.preamble == theirs.preamble
        _assert_same(ours.file_meta, theirs.file_meta, "file_meta")
        _assert_same(ours, theirs)
        assert str(ours) == str(theirs)

    @pytest.mark.parametrize("transfer_syntax", TRANSFER_SYNTAXES)
    def test_raw_elements_match(self, pydicom, transfer_syntax):
        """The raw records themselves: VR, length, value and position."""
        data = _write_pydicom(pydicom, _every_vr_dataset(pydicom, True), transfer_syntax)
        ours = _quiet_read(__import__("dcmcore"), data)
        theirs = _quiet_read(pydicom, data)
        for tag, raw in theirs._dict.items():
            if type(raw).__name__ == "RawDataElement":
                mine = ours._dict[tag]
                assert tuple(mine)[:8] == tuple(raw), tag

    def test_encapsulated_pixel_data(self, pydicom):
        from pydicom.encaps import encapsulate

        ds = _every_vr_dataset(pydicom, False)
        ds.Rows = ds.Columns = 2
        ds.BitsAllocated = 8
        ds.add_new(0x00280008, "IS", "2")
        frames = [b"\xff\xd8" + bytes(range(11)) + b"\xff\xd9", b"\xff\xd8\x01\xff\xd9"]
        ds.PixelData = encapsulate(frames)
        ds["PixelData"].VR = "OB"
        ds["PixelData"].is_undefined_length = True
        data = _write_pydicom(pydicom, ds, JPEG_BASELINE)
        ours = _quiet_read(__import__("dcmcore"), data)
        theirs = _quiet_read(pydicom, data)
        assert ours.get_item("PixelData").length == 0xFFFFFFFF
        _assert_same(ours, theirs)
        assert ours["PixelData"].is_undefined_length
        assert ours.PixelData == theirs.PixelData

    @pytest.mark.parametrize("transfer_syntax", [IMPLICIT_LE, EXPLICIT_LE, EXPLICIT_BE])
    def test_no_preamble_no_meta(self, pydicom, transfer_syntax):
        data = _write_pydicom(pydicom, _every_vr_dataset(pydicom, True), transfer_syntax)
        theirs = _quiet_read(pydicom, data)
        body_start = 132 + 12 + theirs.file_meta.FileMetaInformationGroupLength
        # no preamble and no 'DICM' but the file meta; no file meta at all
        for body in (data[132:], data[body_start:]):
            with pytest.raises(InvalidDicomError, match="File is missing DICOM File Meta"):
                dcmread(io.BytesIO(body))
            ours = _quiet_read(__import__("dcmcore"), body, force=True)
            theirs = _quiet_read(pydicom, body, force=True)
            assert ours.preamble is theirs.preamble is None
            assert (ours.is_implicit_VR, ours.is_little_endian) == (theirs.is_implicit_VR, theirs.is_little_endian)
            _assert_same(ours, theirs)

    def test_pydicom_test_files(self, pydicom):
        """Every file of pydicom's own corpus reads to the same str()."""
        import pydicom.data

        # glob the folder: get_testdata_files() would try to download more
        folder = os.path.join(os.path.dirname(pydicom.data.__file__), "test_files")
        compared = 0
        for path in sorted(glob.glob(os.path.join(folder, "**", "*.dcm"), recursive=True)):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    theirs = str(pydicom.dcmread(path, force=True))
                except Exception:
                    continue
                # truncated files: both keep the short value
                ours = str(dcmread(path, force=True))
            assert ours.replace("VR.", "") == theirs.replace("VR.", ""), path
            compared += 1
        assert compared > 50


@pytest.fixture(scope="module")
def data(pydicom):
    ds = _every_vr_dataset(pydicom, True)
    ds.Rows = ds.Columns = 4
    ds.BitsAllocated = 16
    ds.PixelRepresentation = 0
    ds.PixelData = bytes(range(32))
    ds.add_new(0x7FE11001, "OB", b"after pixels")
    return _write_pydicom(pydicom, ds, EXPLICIT_LE)


class TestDcmreadOptions:
    def test_stop_before_pixels(self, pydicom, data):
        ours = _quiet_read(__import__("dcmcore"), data, stop_before_pixels=True)
        theirs = _quiet_read(pydicom, data, stop_before_pixels=True)
        assert "PixelData" not in ours
        assert list(ours.keys()) == list(theirs.keys())

    def test_specific_tags(self, pydicom, data):
        tags = ["PatientName", 0x00100020, (0x0008, 0x0016), "BeamSequence"]
        ours = _quiet_read(__import__("dcmcore"), data, specific_tags=tags)
        theirs = _quiet_read(pydicom, data, specific_tags=tags)
        assert list(ours.keys()) == list(theirs.keys())
        assert 0x00080005 in ours  # the character set is always read
        _assert_same(ours, theirs)

    @pytest.mark.parametrize("defer_size", [4, "1 KB", 16.0])
    def test_defer_size_from_path(self, pydicom, data, tmp_path, defer_size):
        path = tmp_path / "deferred.dcm"
        path.write_bytes(data)
        ours = dcmread(os.fspath(path), defer_size=defer_size)
        theirs = pydicom.dcmread(os.fspath(path), defer_size=defer_size)
        for tag, raw in theirs._dict.items():
            if type(raw).__name__ == "RawDataElement":
                assert (ours._dict[tag].value is None) == (raw.value is None), tag
        assert ours.PixelData == theirs.PixelData
        assert ours.filename == theirs.filename
        assert ours.fileobj_type is theirs.fileobj_type is open

    def test_defer_size_from_file_object(self, data):
        ours = dcmread(io.BytesIO(data), defer_size=10)
        assert ours._dict[0x7FE00010].value is None
        assert ours.PixelData == bytes(range(32))  # read from the file now

    def test_read_deferred_data_element_checks(self, data, tmp_path):
        ds = dcmread(io.BytesIO(data), defer_size=10)
        raw = ds._dict[0x7FE00010]
        with pytest.raises(OSError, match="original filename not stored"):
            read_deferred_data_element(io.BytesIO, None, None, raw)
        with pytest.raises(OSError, match="is missing"):
            read_deferred_data_element(open, os.fspath(tmp_path / "gone.dcm"), None, raw)
        elem = read_deferred_data_element(io.BytesIO, io.BytesIO(data), None, raw)
        assert elem.value == bytes(range(32))

    def test_file_object_position_and_names(self, pydicom, data, tmp_path):
        path = tmp_path / "named.dcm"
        path.write_bytes(data)
        with open(path, "rb") as fp:
            ours = dcmread(fp, stop_before_pixels=True)
            our_position = fp.tell()
        with open(path, "rb") as fp:
            theirs = pydicom.dcmread(fp, stop_before_pixels=True)
            assert fp.tell() == our_position
        assert ours.filename == theirs.filename
        ours = dcmread(path)  # a PathLike
        assert ours.filename == os.fspath(path)
        assert ours.timestamp == os.stat(path).st_mtime

    def test_bad_fp_type(self):
        with pytest.raises(TypeError, match="Expected a file path or a file-like, but got int"):
            dcmread(42)
        with pytest.raises(TypeError, match="got NoneType"):
            dcmread(None)

    def test_read_file_is_deprecated(self):
        import dcmcore.filereader as filereader

        with pytest.warns(DeprecationWarning, match="'read_file' is deprecated"):
            assert filereader.read_file is dcmread

    def test_read_file_meta_info(self, pydicom, data, tmp_path):
        path = tmp_path / "meta.dcm"
        path.write_bytes(data)
        ours = read_file_meta_info(path)
        theirs = pydicom.filereader.read_file_meta_info(path)
        _assert_same(ours, theirs, "file_meta")
        path.write_bytes(b"\0" * 200)
        with pytest.raises(InvalidDicomError):
            read_file_meta_info(path)

    def test_read_preamble(self, data):
        fp = io.BytesIO(data)
        assert read_preamble(fp, False) == b"\0" * 128
        assert fp.tell() == 132
        fp = io.BytesIO(b"x" * 200)
        assert read_preamble(fp, True) is None
        assert fp.tell() == 0
        with pytest.raises(InvalidDicomError):
            read_preamble(io.BytesIO(b"x" * 200), False)

    def test_read_partial_with_callback(self, pydicom, data):
        def stop(tag, vr, length):
            return tag >= 0x00100000

        ours = read_partial(io.BytesIO(data), stop)
        theirs = pydicom.filereader.read_partial(io.BytesIO(data), stop)
        assert list(ours.keys()) == list(theirs.keys())

    def test_large_file_is_memory_mapped(self, pydicom, tmp_path):
        """Files past the mmap threshold read their large values from the
        file; the result is the same bytes."""
        ds = _every_vr_dataset(pydicom, True)
        ds.Rows, ds.Columns, ds.BitsAllocated = 2048, 2048, 16
        ds.PixelRepresentation = 0
        pixels = bytes(range(256)) * (2048 * 2048 * 2 // 256)
        ds.PixelData = pixels
        path = tmp_path / "large.dcm"
        path.write_bytes(_write_pydicom(pydicom, ds, EXPLICIT_LE))
        ours = dcmread(path)
        assert type(ours.PixelData) is bytes
        assert ours.PixelData == pixels
        header = dcmread(path, stop_before_pixels=True)
        assert "PixelData" not in header


def _state(ds):
    """The instance attributes of a dataset, without elements and objects
    that differ by identity; and which elements are still raw."""
    skipped = {"_dict", "file_meta", "_parent_seq", "_private_blocks", "_pixel_array", "_pixel_id", "filename"}
    attributes = {name: value for name, value in vars(ds).items() if name not in skipped}
    raw = {int(tag): type(elem).__name__ for tag, elem in ds._dict.items()}
    return attributes, raw


class TestReadState:
    """What dcmread leaves behind: attributes, file meta, raw elements."""

    @pytest.mark.parametrize("source", ["path", "file", "bytesio"])
    def test_file_dataset_state(self, pydicom, data, tmp_path, source):
        path = tmp_path / "state.dcm"
        path.write_bytes(data)
        results = []
        for module in (__import__("dcmcore"), pydicom):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                if source == "path":
                    ds = module.dcmread(os.fspath(path), stop_before_pixels=True)
                elif source == "file":
                    with open(path, "rb") as fp:
                        ds = module.dcmread(fp, stop_before_pixels=True)
                else:
                    ds = module.dcmread(io.BytesIO(data), stop_before_pixels=True)
            filename = ds.filename if isinstance(ds.filename, str) else type(ds.filename).__name__
            results.append((_state(ds), _state(ds.file_meta), filename, type(ds.file_meta).__name__))
        assert results[0] == results[1]

    def test_defined_length_sequence_items(self, pydicom, data):
        ours = _quiet_read(__import__("dcmcore"), data, stop_before_pixels=True)
        theirs = _quiet_read(pydicom, data, stop_before_pixels=True)
        sequences = [tag for tag, elem in theirs._dict.items() if elem.VR == "SQ"]
        assert sequences
        for tag in sequences:
            our_items, their_items = ours[tag].value, theirs[tag].value
            # an empty sequence has no is_undefined_length in pydicom either
            assert getattr(our_items, "is_undefined_length", None) == getattr(their_items, "is_undefined_length", None)
            assert [_state(item) for item in our_items] == [_state(item) for item in their_items]
            assert all(item.parent_seq() is our_items for item in our_items)


class TestLowLevelFunctions:
    def test_data_element_generator(self, pydicom):
        data = _write_pydicom(pydicom, _every_vr_dataset(pydicom, True), EXPLICIT_LE)
        start = 132 + 12 + 200  # somewhere: find the body start with pydicom
        theirs_ds = _quiet_read(pydicom, data)
        start = 132 + 12 + theirs_ds.file_meta.FileMetaInformationGroupLength
        fp = io.BytesIO(data)
        fp.seek(start)
        ours = list(data_element_generator(fp, False, True))
        fp.seek(start)
        theirs = list(pydicom.filereader.data_element_generator(fp, False, True))
        assert [elem.tag for elem in ours] == [elem.tag for elem in theirs]
        assert fp.tell() == len(data)

    def test_read_dataset_and_sequence(self, pydicom):
        from pydicom.filewriter import write_dataset

        from pydicom.filebase import DicomBytesIO

        ds = _every_vr_dataset(pydicom, False)
        fp = DicomBytesIO()
        fp.is_little_endian = True
        fp.is_implicit_VR = False
        write_dataset(fp, ds)
        data = fp.getvalue()
        ours = read_dataset(io.BytesIO(data), False, True)
        theirs = pydicom.filereader.read_dataset(io.BytesIO(data), False, True)
        _assert_same(ours, theirs)
        ours = read_dataset(io.BytesIO(data), False, True)
        raw = ours.get_item("BeamSequence")
        seq = read_sequence(io.BytesIO(raw.value), False, True, raw.length, "iso8859", raw.value_tell)
        assert [item.BeamNumber for item in seq] == [0, 1]
        assert seq[0].seq_item_tell == raw.value_tell

    def test_implicit_file_meta_is_reread(self, pydicom):
        """A file meta group written as implicit VR warns as pydicom does."""
        data = _write_pydicom(pydicom, _every_vr_dataset(pydicom, False), IMPLICIT_LE)
        theirs_ds = _quiet_read(pydicom, data)
        end = 132 + 12 + theirs_ds.file_meta.FileMetaInformationGroupLength
        meta = bytearray()
        for elem in theirs_ds.file_meta:
            from pydicom.filebase import DicomBytesIO
            from pydicom.filewriter import write_data_element

            fp = DicomBytesIO()
            fp.is_little_endian, fp.is_implicit_VR = True, True
            write_data_element(fp, elem)
            meta += fp.getvalue()
        data = data[:132] + bytes(meta) + data[end:]
        with pytest.warns(UserWarning, match="Expected explicit VR, but found implicit VR"):
            ours = dcmread(io.BytesIO(data))
        theirs = _quiet_read(pydicom, data)
        _assert_same(ours.file_meta, theirs.file_meta)


def _raw_type():
    return collections.namedtuple(
        "Raw", "tag VR length value value_tell is_implicit_VR is_little_endian is_raw"
    )


def _tokenizer(data, **kwargs):
    Raw = _raw_type()
    return _reader.Tokenizer(
        data,
        0,
        Raw,
        lambda elements, implicit, little, encoding, undefined, tell: ("item", elements, undefined, tell),
        lambda tag, vr, items, tell, undefined: ("sequence", tag, vr, items, tell),
        lambda value: value.decode(),
        lambda tag: "SQ" if tag == 0x300A00B0 else None,
        **kwargs,
    )


def _implicit(tag, value):
    return struct.pack("<HHL", tag >> 16, tag & 0xFFFF, len(value)) + value


def _implicit_undefined(tag, body):
    return struct.pack("<HHL", tag >> 16, tag & 0xFFFF, 0xFFFFFFFF) + body


ITEM_UNDEFINED = struct.pack("<HHL", 0xFFFE, 0xE000, 0xFFFFFFFF)
ITEM_DELIMITER = struct.pack("<HHL", 0xFFFE, 0xE00D, 0)
SEQUENCE_DELIMITER = struct.pack("<HHL", 0xFFFE, 0xE0DD, 0)


class TestTokenizer:
    def test_elements_and_positions(self):
        data = _implicit(0x00100010, b"Doe^John") + _implicit(0x00100020, b"12")
        elements, end, implicit, encoding, stopped = _tokenizer(data).read_dataset(0, -1, True, True, "iso8859")
        assert end == len(data) and implicit and not stopped
        raw = elements[0x00100010]
        assert tuple(raw) == (0x00100010, None, 8, b"Doe^John", 8, True, True, True)

    def test_tags_are_interned(self):
        from dcmcore.tag import Tag

        data = _implicit(0x00100010, b"Doe^John")
        elements = _tokenizer(data).read_dataset(0, -1, True, True, "iso8859")[0]
        assert next(iter(elements)) is Tag(0x00100010)

    def test_nested_undefined_sequences(self):
        inner = _implicit_undefined(0x300A00B0, ITEM_UNDEFINED + _implicit(0x00100020, b"in") + ITEM_DELIMITER + SEQUENCE_DELIMITER)
        data = _implicit_undefined(0x300A00B0, ITEM_UNDEFINED + inner + ITEM_DELIMITER + SEQUENCE_DELIMITER)
        data += _implicit(0x300A00C0, b"\x01\x00")
        elements, end, *_ = _tokenizer(data).read_dataset(0, -1, True, True, "iso8859")
        assert end == len(data)
        kind, tag, vr, items, tell = elements[0x300A00B0]
        assert (kind, vr, tell, len(items)) == ("sequence", "SQ", 8, 1)
        inner_items = items[0][1][0x300A00B0][3]
        assert inner_items[0][1][0x00100020].value == b"in"
        assert 0x300A00C0 in elements

    def test_private_undefined_sequence_is_found_by_its_item(self):
        data = _implicit_undefined(0x00091010, ITEM_UNDEFINED + ITEM_DELIMITER + SEQUENCE_DELIMITER)
        elements = _tokenizer(data, inferred_sq_vr="SQ!").read_dataset(0, -1, True, True, "iso8859")[0]
        assert elements[0x00091010][2] == "SQ!"

    def test_undefined_un_is_a_sequence(self):
        item = ITEM_UNDEFINED + _implicit(0x00100020, b"12") + ITEM_DELIMITER + SEQUENCE_DELIMITER
        data = struct.pack("<HH2s2xL", 0x0009, 0x1010, b"UN", 0xFFFFFFFF) + item
        elements = _tokenizer(data).read_dataset(0, -1, False, True, "iso8859")[0]
        kind, _, vr, items, _ = elements[0x00091010]
        assert kind == "sequence" and vr == "SQ"
        assert items[0][1][0x00100020].VR is None  # the item is implicit VR

    def test_encapsulated_value_and_delimiter_scan(self):
        fragments = struct.pack("<HHL", 0xFFFE, 0xE000, 0) + struct.pack("<HHL", 0xFFFE, 0xE000, 4) + b"\xfe\xff\xdd\xe0"
        data = struct.pack("<HH2s2xL", 0x7FE0, 0x0010, b"OB", 0xFFFFFFFF) + fragments + SEQUENCE_DELIMITER
        raw = _tokenizer(data).read_dataset(0, -1, False, True, "iso8859")[0][0x7FE00010]
        assert raw.value == fragments  # the delimiter bytes inside a fragment do not end it
        # not fragments: the first delimiter anywhere ends the value
        data = struct.pack("<HH2s2xL", 0x0009, 0x1010, b"OB", 0xFFFFFFFF) + b"abc" + SEQUENCE_DELIMITER
        raw = _tokenizer(data).read_dataset(0, -1, False, True, "iso8859")[0][0x00091010]
        assert raw.value == b"abc"

    def test_value_without_delimiter_warns(self):
        data = struct.pack("<HH2sH", 0x0010, 0x0010, b"PN", 2) + b"AB"
        data += struct.pack("<HH2s2xL", 0x0009, 0x1010, b"OB", 0xFFFFFFFF) + b"abcdef"
        with pytest.warns(UserWarning, match="End of file reached before delimiter"):
            elements = _tokenizer(data).read_dataset(0, -1, False, True, "iso8859")[0]
        assert list(elements) == [0x00100010]
        with pytest.raises(EOFError, match="End of file reached before delimiter"):
            _tokenizer(data, raise_on_invalid=True).read_dataset(0, -1, False, True, "iso8859")

    def test_stop_modes(self):
        data = _implicit(0x00020010, b"1.2") + _implicit(0x00100010, b"AB") + _implicit(0x7FE00010, b"\0\0")
        tokenizer = _tokenizer(data)
        elements, end, _, _, stopped = tokenizer.read_dataset(0, -1, True, True, "x", True, _reader.STOP_OUTSIDE_GROUP, 2)
        assert list(elements) == [0x00020010] and end == 11 and stopped
        elements, end, _, _, stopped = tokenizer.read_dataset(0, -1, True, True, "x", True, _reader.STOP_AT_PIXEL_DATA)
        assert 0x7FE00010 not in elements and stopped and end == 21
        calls = []
        tokenizer.read_dataset(0, -1, True, True, "x", True, _reader.STOP_CALLBACK, lambda *args: calls.append(args))
        assert [call[0] for call in calls] == [0x00020010, 0x00100010, 0x7FE00010]

    def test_charset_is_tracked(self):
        data = _implicit(0x00080005, b"ISO_IR 192")
        encoding = _tokenizer(data).read_dataset(0, -1, True, True, "iso8859")[3]
        assert encoding == "ISO_IR 192"

    def test_defer_and_specific_tags(self):
        data = _implicit(0x00080005, b"ISO_IR 100") + _implicit(0x00100010, b"Doe^John") + _implicit(0x00100020, b"12")
        elements = _tokenizer(data).read_dataset(0, -1, True, True, "x", True, _reader.STOP_NEVER, None, 4)[0]
        assert elements[0x00080005].value == b"ISO_IR 100"  # never deferred
        assert elements[0x00100010].value is None
        assert elements[0x00100020].value == b"12"
        elements = _tokenizer(data).read_dataset(0, -1, True, True, "x", True, _reader.STOP_NEVER, None, -1, {0x00100020})[0]
        assert list(elements) == [0x00100020]

    def test_empty_values(self):
        data = struct.pack("<HH2sH", 0x0010, 0x0010, b"PN", 0) + struct.pack("<HH2sH", 0x0028, 0x0010, b"US", 0)
        elements = _tokenizer(data).read_dataset(0, -1, False, True, "x")[0]
        assert elements[0x00100010].value == b""
        assert elements[0x00280010].value is None
        elements = _tokenizer(data, empty_text_is_none=True).read_dataset(0, -1, False, True, "x")[0]
        assert elements[0x00100010].value is None

    @pytest.mark.parametrize(
        "data, error, message",
        [
            (_implicit(0x00100010, b"Doe^John")[:-2], EOFError, r"tag \(0010, 0010\) at offset 0"),
            (struct.pack("<HH2s2xL", 0x0009, 0x1010, b"OB", 100) + b"x", EOFError, "100 bytes long"),
            (struct.pack("<HH2s2x", 0x0009, 0x1010, b"OB"), struct.error, "ends inside the header"),
            (_implicit_undefined(0x300A00B0, ITEM_UNDEFINED + _implicit(0x00100020, b"12")), OSError, "No tag to read"),
            (_implicit_undefined(0x300A00B0, b""), OSError, "No tag to read"),
            (_implicit_undefined(0x00091010, b"\xfe"), struct.error, "ends after the header"),
        ],
    )
    def test_truncated_data_raises(self, data, error, message):
        with pytest.raises(error, match=message):
            _tokenizer(data).read_dataset(0, -1, not data[4:6].isalpha(), True, "x")

    def test_keep_truncated(self):
        data = _implicit(0x00100010, b"Doe^John")[:-2]
        raw = _tokenizer(data, keep_truncated=True).read_dataset(0, -1, True, True, "x")[0][0x00100010]
        assert raw.value == b"Doe^Jo" and raw.length == 8

    def test_nesting_limit(self):
        depth = 300
        data = b""
        for _ in range(depth):
            data = _implicit_undefined(0x300A00B0, ITEM_UNDEFINED + data + ITEM_DELIMITER + SEQUENCE_DELIMITER)
        with pytest.raises(ValueError, match="nested more than"):
            _tokenizer(data).read_dataset(0, -1, True, True, "x")

    def test_memoryview_and_bytearray_sources(self):
        data = _implicit(0x00100010, b"Doe^John")
        for source in (bytearray(data), memoryview(data)):
            assert _tokenizer(source).read_dataset(0, -1, True, True, "x")[0][0x00100010].value == b"Doe^John"
        with pytest.raises(ValueError, match="outside the data"):
            _tokenizer(data).read_dataset(100, -1, True, True, "x")


@pytest.fixture(scope="module")
def good(pydicom):
    return _write_pydicom(pydicom, _every_vr_dataset(pydicom, True), EXPLICIT_LE)


class TestBadInput:
    def test_truncated_at_many_offsets(self, pydicom, good):
        for size in range(0, len(good), 7):
            data = good[:size]
            try:
                _quiet_read(pydicom, data, force=True)
                theirs = None
            except Exception as exc:
                theirs = exc
            try:
                _quiet_read(__import__("dcmcore"), data, force=True)
            except ALLOWED_ERRORS as exc:
                if theirs is not None:
                    assert isinstance(exc, type(theirs)), (size, exc, theirs)
                assert "offset" in str(exc) or "position" in str(exc) or not isinstance(exc, EOFError)
            else:
                assert theirs is None, (size, theirs)

    def test_corrupt_lengths(self, good):
        body = bytearray(good)
        index = body.find(b"PN")
        body[index + 2 : index + 4] = b"\xff\xfe"
        # pydicom keeps the bytes that remain, and so does dcmcore; strict
        # mode raises
        assert len(dcmread(io.BytesIO(bytes(body)))) > 0
        with config.strict_reading(), pytest.raises(EOFError, match=r"tag \(.*\) at offset \d+"):
            dcmread(io.BytesIO(bytes(body)))

    def test_garbage(self):
        with pytest.raises(InvalidDicomError):
            dcmread(io.BytesIO(os.urandom(300)))
        # fewer bytes than an element header: no elements, as pydicom 2.4.5 reads it
        assert len(dcmread(io.BytesIO(b"\x01\x02\x03"), force=True)) == 0
        assert len(dcmread(io.BytesIO(b""), force=True)) == 0

    @settings(max_examples=100, deadline=None)
    @given(data=st.data())
    def test_random_mutations(self, good, data):
        mutated = bytearray(good)
        for _ in range(data.draw(st.integers(1, 8))):
            index = data.draw(st.integers(0, len(mutated) - 1))
            mutated[index] = data.draw(st.integers(0, 255))
        try:
            ds = _quiet_read(__import__("dcmcore"), bytes(mutated), force=True)
        except ALLOWED_ERRORS:
            return
        assert len(ds) >= 0


@pytest.fixture
def hold_every_sequence(monkeypatch):
    """Hold every well-formed undefined-length sequence as bytes (the
    reader's size limit set to 0), to test the held path on small files."""
    from dcmcore import filereader

    monkeypatch.setattr(filereader, "_HELD_SEQUENCE_SIZE", 0)


def _undefined_sequences(pydicom):
    """_every_vr_dataset with every sequence element of undefined length."""
    ds = _every_vr_dataset(pydicom, True)
    for elem in ds.iterall():
        if elem.VR == "SQ":
            elem.is_undefined_length = True
    return ds


def _all_elements(ds):
    for elem in ds:
        yield elem
        if elem.VR == "SQ":
            for item in elem.value:
                yield from _all_elements(item)


class TestHeldSequences:
    """Undefined-length sequences kept as the bytes of their items and read
    when first reached give what pydicom reads at once."""

    @pytest.mark.parametrize("syntax", [EXPLICIT_LE, IMPLICIT_LE, EXPLICIT_BE])
    def test_same_as_pydicom(self, pydicom, hold_every_sequence, syntax):
        import dcmcore

        data = _write_pydicom(pydicom, _undefined_sequences(pydicom), syntax)
        ours = _quiet_read(dcmcore, data)
        held = [tag for tag, elem in ours._dict.items() if isinstance(elem, tuple) and elem.length == 0xFFFFFFFF]
        assert 0x300A00B0 in held and 0x00111003 in held  # BeamSequence, the private one
        theirs = _quiet_read(pydicom, data)
        _assert_same(ours, theirs)
        assert str(ours) == str(theirs)
        for mine, reference in zip(_all_elements(ours), _all_elements(theirs)):
            assert (mine.tag, mine.file_tell) == (reference.tag, reference.file_tell)
        for mine, reference in zip(ours.BeamSequence, theirs.BeamSequence):
            assert mine.seq_item_tell == reference.seq_item_tell
            assert mine.read_encoding == reference.read_encoding
            assert mine.is_little_endian == reference.is_little_endian
            assert mine.is_implicit_VR == reference.is_implicit_VR
            assert mine.parent_seq() is ours.BeamSequence
        assert ours.BeamSequence.parent_dataset() is ours
        assert ours.BeamSequence.is_undefined_length is True

    def test_written_as_read_and_decoded(self, pydicom, hold_every_sequence):
        import dcmcore

        data = _write_pydicom(pydicom, _undefined_sequences(pydicom), EXPLICIT_LE)
        ours = _quiet_read(dcmcore, data)
        fp = io.BytesIO()
        dcmcore.dcmwrite(fp, ours)
        assert fp.getvalue() == data
        for _ in _all_elements(ours):
            pass
        fp = io.BytesIO()
        dcmcore.dcmwrite(fp, ours)
        assert fp.getvalue() == data

    def test_only_large_sequences_are_held_by_default(self, pydicom):
        import dcmcore
        from pydicom.dataset import Dataset
        from pydicom.sequence import Sequence

        ds = _undefined_sequences(pydicom)
        items = []
        for number in range(3000):
            item = Dataset()
            item.ReferencedSOPInstanceUID = f"1.2.3.{number}"
            item.is_undefined_length_sequence_item = True
            items.append(item)
        ds.ReferencedImageSequence = Sequence(items)
        ds.ReferencedImageSequence.is_undefined_length = True
        data = _write_pydicom(pydicom, ds, EXPLICIT_LE)
        ours = _quiet_read(dcmcore, data)
        assert isinstance(ours._dict[0x00081140], tuple)  # large: held
        assert not isinstance(ours._dict[0x300A00B0], tuple)  # small: read at once, as pydicom
        _assert_same(ours, _quiet_read(pydicom, data))

    def test_the_callback_never_sees_a_held_sequence(self, pydicom, hold_every_sequence, monkeypatch):
        import dcmcore

        seen = []

        def callback(raw, **kwargs):
            seen.append(int(raw.tag))
            return raw

        data = _write_pydicom(pydicom, _undefined_sequences(pydicom), EXPLICIT_LE)
        monkeypatch.setattr(config, "data_element_callback", callback)
        ours = _quiet_read(dcmcore, data)
        for _ in _all_elements(ours):
            pass
        assert 0x300A00B0 not in seen and 0x300A0111 not in seen
        assert 0x300A00C0 in seen  # the Beam Number inside a held item

    def test_a_sequence_without_delimiter_is_read_at_once(self, pydicom, hold_every_sequence):
        import dcmcore

        item = _implicit(0x00100010, b"Name")
        body = ITEM_UNDEFINED + item + ITEM_DELIMITER  # and no sequence delimiter
        data = _implicit_undefined(0x300A00B0, body)
        for module in (dcmcore, pydicom):
            # read at once, as pydicom does: the same error at dcmread
            with pytest.raises(OSError, match="No tag to read at file position 24"):
                module.filereader.read_dataset(io.BytesIO(data), True, True)

    def test_malformed_items_are_read_at_once(self, hold_every_sequence):
        item = _implicit(0x00100010, b"Name")
        # an item tag the reader warns about, then a delimiter with a length
        body = struct.pack("<HHL", 0xFFFE, 0xE001, 0xFFFFFFFF) + item + ITEM_DELIMITER + SEQUENCE_DELIMITER
        tokenizer = _tokenizer(_implicit_undefined(0x300A00B0, body), hold_sequence_size=0)
        elements, *_ = tokenizer.read_dataset(0, -1, True, True, "iso8859")
        assert elements[0x300A00B0][0] == "sequence"

    def test_tokenizer_holds_and_reads_back(self):
        item = _implicit(0x00100010, b"Name")
        body = ITEM_UNDEFINED + item + ITEM_DELIMITER
        data = _implicit_undefined(0x300A00B0, body + SEQUENCE_DELIMITER) + _implicit(0x300A00B2, b"AB")
        tokenizer = _tokenizer(data, hold_sequence_size=0)
        elements, end, *_ = tokenizer.read_dataset(0, -1, True, True, "iso8859")
        assert end == len(data)
        raw = elements[0x300A00B0]
        assert (raw.VR, raw.length, raw.value, raw.value_tell) == ("SQ", 0xFFFFFFFF, body, 8)
        items = tokenizer.read_sequence_value(raw.value, raw.value_tell, True, True, "iso8859")
        assert [(kind, undefined, tell) for kind, _, undefined, tell in items] == [("item", True, 8)]
        assert items[0][1][0x00100010].value_tell == 24  # a file position, as read at once
        # not held below the size, nor when the limit is negative
        for size in (len(body) + 1, -1):
            elements, *_ = _tokenizer(data, hold_sequence_size=size).read_dataset(0, -1, True, True, "iso8859")
            assert elements[0x300A00B0][0] == "sequence"

    @pytest.mark.parametrize("syntax", [EXPLICIT_LE, IMPLICIT_LE])
    def test_damaged_files_read_alike_held_or_not(self, pydicom, monkeypatch, syntax):
        """Byte damage anywhere gives the same dataset or the same error
        whether sequences are held or read at once."""
        import random

        import dcmcore
        from dcmcore import filereader

        source = _write_pydicom(pydicom, _undefined_sequences(pydicom), syntax)
        rng = random.Random(syntax)

        def outcome(data, hold):
            monkeypatch.setattr(filereader, "_HELD_SEQUENCE_SIZE", hold)
            try:
                ds = _quiet_read(dcmcore, data, force=True)
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    text = str(ds)
                    tells = [(elem.tag, elem.file_tell, elem.is_undefined_length) for elem in ds.iterall()]
                return text, tells
            except Exception as exc:
                return type(exc).__name__

        for _ in range(150):
            data = bytearray(source)
            for _ in range(rng.randint(1, 3)):
                position = rng.randrange(132, len(data))
                data[position] = rng.choice([rng.randrange(256), 0xFF, 0xFE, 0x00, 0xE0, 0xDD, 0x0D])
            assert outcome(bytes(data), -1) == outcome(bytes(data), 0)


def test_too_short_to_guess_the_syntax_from():
    """After a file meta without Transfer Syntax UID, fewer than 6 bytes: read
    as implicit VR little endian with no elements (was a struct.error)."""
    import io

    from dcmcore import dcmread

    meta = b"\x02\x00\x01\x00OB\x00\x00\x02\x00\x00\x00\x00\x01"  # (0002,0001) only
    data = b"\x00" * 128 + b"DICM" + meta + b"\x08\x00\x05"
    ds = dcmread(io.BytesIO(data), force=True)
    assert len(ds) == 0 and ds.is_implicit_VR and ds.is_little_endian
    pydicom = pytest.importorskip("pydicom")
    theirs = pydicom.dcmread(io.BytesIO(data), force=True)
    assert len(theirs) == 0 and theirs.is_implicit_VR
