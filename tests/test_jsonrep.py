"""Tests of dcmcore.jsonrep: the DICOM JSON Model, compared with pydicom 2.4.5.

Most tests run the same steps with dcmcore and with pydicom and compare the
outcome: the value (or the exception's type and message) and the warnings.
"""

import base64
import json
import logging
import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dcmcore
from dcmcore import config, jsonrep
from dcmcore.dataelem import DataElement, RawDataElement
from dcmcore.dataset import Dataset
from dcmcore.tag import Tag

# -- helpers -----------------------------------------------------------------


def nan_safe(value):
    """Return `value` with NaN floats replaced by a marker, so that == holds."""
    if isinstance(value, float) and value != value:
        return "<NaN>"
    if isinstance(value, dict):
        return {key: nan_safe(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(nan_safe(item) for item in value)
    return value


def outcome(func):
    """Return (("ok", result) or ("raise", type, message, cause type), warnings)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = ("ok", nan_safe(func()))
        except Exception as exc:
            cause = type(exc.__cause__).__name__ if exc.__cause__ is not None else None
            # Messages naming the library's own module (e.g. its config) are alike.
            message = str(exc).replace("pydicom", "dcmcore")
            result = ("raise", type(exc).__name__, message, cause)
    return result, [str(warning.message).replace("pydicom", "dcmcore") for warning in caught]


def canonical(value):
    """A library-neutral description of an element value (types by name)."""
    name = type(value).__name__
    if name == "Sequence":
        return ("Sequence", [describe(item) for item in value])
    if name in ("MultiValue", "list"):
        return (name, [canonical(item) for item in value])
    if name in ("DSfloat", "IS", "ISfloat", "DSdecimal"):
        return (name, str(value), float(value), hasattr(value, "original_string"))
    if name in ("PersonName", "UID"):
        return (name, str(value))
    if name == "BaseTag":
        return (name, int(value))
    if name in ("Dataset", "FileDataset"):
        return ("Dataset", describe(value))
    return (name, value)


def describe(ds):
    """A library-neutral description of a dataset, element by element in tag order."""
    return [
        (int(elem.tag), elem.VR, canonical(elem.value), elem.private_creator)
        for elem in ds
    ]


def both(func):
    """Run func(library) with dcmcore and pydicom; return both outcomes."""
    pydicom = pytest.importorskip("pydicom")
    return outcome(lambda: func(dcmcore)), outcome(lambda: func(pydicom))


def element_class(library):
    return library.dataelem.DataElement


def raw_class(library):
    return library.dataelem.RawDataElement


# -- to_json_dict of single elements -----------------------------------------

# (tag, VR, value) for every VR, empty values and values pydicom cannot convert.
ELEMENTS = [
    (0x00080054, "AE", "MYAE"),
    (0x00080054, "AE", ["A", "B"]),
    (0x00101010, "AS", "042Y"),
    (0x00209165, "AT", [0x00100010, 0x0020000D]),
    (0x00209165, "AT", 0x00100010),
    (0x00209165, "AT", None),
    (0x00080008, "CS", ["ORIGINAL", "PRIMARY", ""]),
    (0x00080020, "DA", "20200101"),
    (0x00280030, "DS", ["0.5", "0.25"]),
    (0x00280030, "DS", "1e3"),
    (0x00280030, "DS", [0.1, 1 / 3]),
    (0x00280030, "DS", ["1", "", "2"]),
    (0x00280030, "DS", ""),
    (0x00280030, "DS", None),
    (0x00280030, "DS", "nan"),
    (0x00280030, "DS", "1_0"),
    (0x0008002A, "DT", "20200101101010.123456+0100"),
    (0x00181318, "FD", [1.5, -2.25, 1e300]),
    (0x00181318, "FD", 3),
    (0x00189219, "FL", "1.5"),
    (0x00200013, "IS", "5"),
    (0x00200013, "IS", ["1", " 2 "]),
    (0x00200013, "IS", "1.5"),
    (0x00200013, "IS", "1.0"),
    (0x00200013, "IS", "abc"),
    (0x00200013, "IS", ["1", ""]),
    (0x00081030, "LO", "Study"),
    (0x00081030, "LO", ["a", "", "b"]),
    (0x00081030, "LO", ""),
    (0x00081030, "LO", None),
    (0x00104000, "LT", "line1\\line2"),
    (0x7FE00010, "OB", b"\x00\x01\x02\x03"),
    (0x7FE00010, "OB", b""),
    (0x7FE00010, "OB", None),
    (0x7FE00010, "OB", "not bytes"),
    (0x7FE00010, "OB", [b"\x01", b"\x02"]),
    (0x00660019, "OD", b"\x00" * 16),
    (0x00660016, "OF", b"\x00\x00\x80\x3f"),
    (0x00660040, "OL", b"\x01\x00\x00\x00"),
    (0x00660041, "OV", b"\x01" * 8),
    (0x7FE00010, "OW", b"\x01\x00\x02\x00"),
    (0x00100010, "PN", "Yamada^Tarou=山田^太郎=やまだ^たろう"),
    (0x00100010, "PN", "A^B=C"),
    (0x00100010, "PN", "=Ideo"),
    (0x00100010, "PN", ["A^B", "C^D"]),
    (0x00100010, "PN", ["A^B", ""]),
    (0x00100010, "PN", ""),
    (0x00100010, "PN", "=="),
    (0x00700080, "SH", "label"),
    (0x00720073, "SL", [-1, 2]),
    (0x00720082, "SV", [-(2**40), 2**63 - 1]),
    (0x00189219, "SS", -5),
    (0x00400254, "ST", "short text"),
    (0x00080030, "TM", "101010.5"),
    (0x00080119, "UC", "long code"),
    (0x00080018, "UI", "1.2.840.10008.5.1.4.1.1.2"),
    (0x00089459, "UL", 7),
    (0x00089459, "UL", "12"),
    (0x00089459, "UL", "abc"),
    (0x00091010, "UN", b"\x01\x02"),
    (0x00081190, "UR", "http://example.com/x"),
    (0x00280010, "US", [1, 2]),
    (0x00280010, "US", [1, None]),
    (0x00280010, "US", None),
    (0x00720083, "UV", [2**40]),
    (0x0040A160, "UT", "unlimited\\text"),
    (0x00280106, "US or SS", 5),
    (0x00280106, "US or SS", -5),
    (0x00280106, "US or SS", b"\x01\x00"),
    (0x7FE00010, "OB or OW", b"\x01\x02"),
    (0x00283006, "US or OW", b"\x01\x02"),
    (0x00283006, "US or SS or OW", b"\x01\x02"),
    (0x00081140, "SQ", []),
    (0x00081140, "SQ", None),
]


class TestElementToJsonDict:
    @pytest.mark.parametrize("tag, vr, value", ELEMENTS)
    def test_same_as_pydicom(self, tag, vr, value):
        dcmcore_outcome, pydicom_outcome = both(
            lambda lib: element_class(lib)(tag, vr, value).to_json_dict(None, 1024)
        )
        assert dcmcore_outcome == pydicom_outcome

    @pytest.mark.parametrize("tag, vr, value", ELEMENTS)
    def test_to_json_same_as_pydicom(self, tag, vr, value):
        dcmcore_outcome, pydicom_outcome = both(lambda lib: element_class(lib)(tag, vr, value).to_json())
        assert dcmcore_outcome == pydicom_outcome

    def test_value_types_are_json_types(self):
        elem = DataElement(0x00280030, "DS", ["0.5", "0.25"])
        values = jsonrep.element_to_json_dict(elem, None, 1024)["Value"]
        assert [type(value) for value in values] == [float, float]
        elem = DataElement(0x00200013, "IS", ["1", "2"])
        values = jsonrep.element_to_json_dict(elem, None, 1024)["Value"]
        assert [type(value) for value in values] == [int, int]

    def test_sequence_items_nested(self):
        inner = Dataset()
        inner.CodeValue = "X"
        item = Dataset()
        item.add_new(0x00081250, "SQ", [inner])
        elem = DataElement(0x00081140, "SQ", [item, Dataset()])
        assert jsonrep.element_to_json_dict(elem, None, 1024) == {
            "vr": "SQ",
            "Value": [
                {"00081250": {"vr": "SQ", "Value": [{"00080100": {"vr": "SH", "Value": ["X"]}}]}},
                {},
            ],
        }


class TestBulkDataElementHandler:
    @pytest.mark.parametrize("length", [0, 1, 8, 9, 12, 13, 100])
    @pytest.mark.parametrize("threshold", [0, 12, 16])
    def test_threshold_same_as_pydicom(self, length, threshold):
        def run(lib):
            elem = element_class(lib)(0x7FE00010, "OB", bytes(range(length)))
            return elem.to_json_dict(lambda e: f"http://host/{e.tag:08X}/{len(e.value)}", threshold)

        dcmcore_outcome, pydicom_outcome = both(run)
        assert dcmcore_outcome == pydicom_outcome

    def test_handler_gets_the_element(self):
        seen = []
        ds = Dataset()
        ds.add_new(0x7FE00010, "OW", b"\x00" * 2000)

        def handler(elem):
            seen.append(elem)
            return "http://host/pixels"

        assert ds.to_json_dict(bulk_data_element_handler=handler) == {
            "7FE00010": {"vr": "OW", "BulkDataURI": "http://host/pixels"}
        }
        assert len(seen) == 1 and seen[0] is ds[0x7FE00010]

    def test_no_handler_means_inline(self):
        ds = Dataset()
        ds.add_new(0x7FE00010, "OB", b"\x01" * 3000)
        assert ds.to_json_dict(bulk_data_threshold=1)["7FE00010"]["InlineBinary"] == base64.b64encode(
            b"\x01" * 3000
        ).decode()

    def test_bytearray_value_same_as_pydicom(self):
        def run(lib):
            elem = element_class(lib)(0x7FE00010, "OB", b"\x01\x02")
            elem.value = bytearray(b"\x01\x02\x03")
            return elem.to_json_dict(lambda e: "uri", 1)

        dcmcore_outcome, pydicom_outcome = both(run)
        assert dcmcore_outcome == pydicom_outcome


# -- whole datasets ----------------------------------------------------------


def build_dataset(lib):
    """A dataset of every VR, nested sequences and private blocks, built with `lib`."""
    ds = lib.Dataset()
    for tag, vr, value in ELEMENTS:
        if vr in ("OB", "AT", "UL", "FL", "US or SS") and not isinstance(value, (bytes, int, list)):
            continue
        if (vr == "DS" and value in (["1", "", "2"], "nan", "1_0")) or (
            vr == "IS" and value in ("abc", ["1", ""], "1.5", "1.0")
        ):
            continue
        if (vr == "PN" and value == ["A^B", ""]) or (vr == "LO" and value is None):
            continue  # not representable / empty text comes back as ""
        if value is not None and vr == "OB" and isinstance(value, list):
            continue
        if vr in ("US or SS", "US or OW", "US or SS or OW", "OB or OW"):
            continue
        ds.add_new(tag, vr, value)
    items = []
    for index in range(3):
        item = lib.Dataset()
        item.ReferencedSOPClassUID = "1.2.3"
        item.ReferencedSOPInstanceUID = f"1.2.3.{index}"
        inner = lib.Dataset()
        inner.CodeValue = f"C{index}"
        inner.add_new(0x00280030, "DS", ["1.5", "2.5"])
        block = inner.private_block(0x0011, "INNER", create=True)
        block.add_new(0x01, "LO", "inner private")
        item.add_new(0x00081250, "SQ", [inner])
        items.append(item)
    ds.add_new(0x00081140, "SQ", items)
    ds.add_new(0x00081111, "SQ", [lib.Dataset()])
    block = ds.private_block(0x0009, "ACME 1.0", create=True)
    block.add_new(0x01, "LO", "private value")
    block.add_new(0x02, "UN", b"\x01\x02")
    block.add_new(0x03, "SQ", [lib.Dataset()])
    block.add_new(0x04, "DS", ["1.25", "2"])
    ds.add_new(0x00111001, "LO", "private without creator")
    return ds


class TestDatasetToJson:
    def test_to_json_dict_same_as_pydicom(self):
        dcmcore_outcome, pydicom_outcome = both(lambda lib: build_dataset(lib).to_json_dict())
        assert dcmcore_outcome[0][0] == "ok"
        assert dcmcore_outcome == pydicom_outcome

    def test_to_json_string_same_as_pydicom(self):
        dcmcore_outcome, pydicom_outcome = both(lambda lib: build_dataset(lib).to_json())
        assert dcmcore_outcome[0][0] == "ok"
        assert dcmcore_outcome == pydicom_outcome

    def test_key_order_is_dataset_order(self):
        ds = Dataset()
        ds.add_new(0x00280010, "US", 1)
        ds.add_new(0x00100010, "PN", "A")
        assert list(ds.to_json_dict()) == ["00280010", "00100010"]

    def test_dump_handler(self):
        ds = Dataset()
        ds.PatientName = "A^B"
        text = ds.to_json(dump_handler=lambda d: json.dumps(d, indent=2))
        assert text == json.dumps({"00100010": {"vr": "PN", "Value": [{"Alphabetic": "A^B"}]}}, indent=2)

    def test_module_functions_match_methods(self):
        ds = Dataset()
        ds.PatientID = "12"
        assert jsonrep.dataset_to_json(ds) == ds.to_json() == '{"00100020": {"Value": ["12"], "vr": "LO"}}'
        assert jsonrep.element_to_json(ds["PatientID"]) == '{"Value": ["12"], "vr": "LO"}'


class TestFiles:
    """Files written by pydicom, read by both libraries: raw values of every kind."""

    @staticmethod
    def write(pydicom, path, transfer_syntax, charset):
        from pydicom.dataset import FileMetaDataset

        ds = build_dataset(pydicom)
        for tag in (0x7FE00010, 0x00660019, 0x00660016, 0x00660040, 0x00660041, 0x00091010):
            if tag in ds:
                del ds[tag]  # values whose byte order the writer would not swap
        ds.add_new(0x00280106, "US", 3)
        ds.add_new(0x00281101, "SS", [-256, 0, 16])  # a LUT Descriptor, fixed on reading
        if transfer_syntax == "1.2.840.10008.1.2":  # implicit VR: the dictionary's VR only
            for elem in list(ds):
                known = pydicom.datadict.dictionary_has_tag(elem.tag)
                if known and pydicom.datadict.dictionary_VR(elem.tag) != elem.VR:
                    del ds[elem.tag]
        ds.SpecificCharacterSet = charset
        if charset == "ISO 2022 IR 87":
            ds.PatientName = "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう"
        elif charset == "ISO_IR 100":
            ds.PatientName = "Müller^Jürgen"
        ds.file_meta = FileMetaDataset()
        ds.file_meta.TransferSyntaxUID = transfer_syntax
        ds.file_meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.2"
        ds.file_meta.MediaStorageSOPInstanceUID = "1.2.3.4"
        ds.is_little_endian = transfer_syntax != "1.2.840.10008.1.2.2"
        ds.is_implicit_VR = transfer_syntax == "1.2.840.10008.1.2"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ds.save_as(str(path), write_like_original=False)

    @pytest.mark.parametrize(
        "transfer_syntax", ["1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.2"]
    )
    @pytest.mark.parametrize("charset", ["ISO_IR 192", "ISO_IR 100", "ISO 2022 IR 87"])
    def test_same_as_pydicom(self, tmp_path, transfer_syntax, charset):
        pydicom = pytest.importorskip("pydicom")
        path = tmp_path / "file.dcm"
        self.write(pydicom, path, transfer_syntax, charset)
        dcmcore_outcome, pydicom_outcome = both(lambda lib: lib.dcmread(str(path)).to_json())
        assert dcmcore_outcome[0][0] == "ok"
        assert dcmcore_outcome == pydicom_outcome
        dcmcore_outcome, pydicom_outcome = both(
            lambda lib: lib.dcmread(str(path)).to_json_dict(suppress_invalid_tags=True)
        )
        assert dcmcore_outcome == pydicom_outcome

    def test_round_trip(self, tmp_path):
        pydicom = pytest.importorskip("pydicom")
        path = tmp_path / "file.dcm"
        self.write(pydicom, path, "1.2.840.10008.1.2.1", "ISO_IR 192")
        ds = dcmcore.dcmread(str(path))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the fixed LUT Descriptor is no valid SS
            assert Dataset.from_json(ds.to_json()) == ds


class TestSuppressInvalidTags:
    def run(self, lib, caplog, suppress, nested):
        raw = raw_class(lib)(lib.tag.Tag(0x00200013), "IS", 4, b"1.5 ", 0, False, True)
        good = lib.DataElement(0x00100020, "LO", "id")
        if nested:
            item = lib.Dataset({raw.tag: raw})
            ds = lib.Dataset()
            ds.add(good)
            ds.add_new(0x00081140, "SQ", [item])
        else:
            ds = lib.Dataset({raw.tag: raw, good.tag: good})
        caplog.clear()
        with caplog.at_level(logging.ERROR):
            result = outcome(lambda: ds.to_json_dict(suppress_invalid_tags=suppress))
        return result, [record.getMessage() for record in caplog.records]

    @pytest.mark.parametrize("suppress", [True, False])
    @pytest.mark.parametrize("nested", [True, False])
    def test_same_as_pydicom(self, caplog, suppress, nested):
        pydicom = pytest.importorskip("pydicom")
        ours = self.run(dcmcore, caplog, suppress, nested)
        theirs = self.run(pydicom, caplog, suppress, nested)
        assert ours == theirs
        assert bool(ours[1]) == suppress, "the strict-mode error is logged"

    def test_suppressed_element_is_left_out(self, caplog):
        (result, _), messages = self.run(dcmcore, caplog, True, False)
        assert result == ("ok", {"00100020": {"vr": "LO", "Value": ["id"]}})
        assert messages == ["Error while processing tag 00200013"]

    def test_validation_mode_restored(self):
        ds = Dataset()
        ds.PatientID = "1"
        mode = config.settings.reading_validation_mode
        ds.to_json_dict(suppress_invalid_tags=True)
        assert config.settings.reading_validation_mode == mode


# -- raw elements: the fast path must give what conversion gives -------------

# (tag, VR or None for implicit, value bytes, little endian)
RAW_ELEMENTS = [
    (0x00280030, "DS", b"0.5\\0.25", True),
    (0x00280030, "DS", b" 0.5 \\-1e-3 ", True),
    (0x00280030, "DS", b"1.5\x00", True),
    (0x00280030, "DS", b"+.5\\5.\\1E+02", True),
    (0x00280030, "DS", b"1.5\\\\2", True),
    (0x00280030, "DS", b"1,5", True),
    (0x00280030, "DS", b"nan", True),
    (0x00280030, "DS", b"1.23456789012345678", True),
    (0x00280030, "DS", b"  ", True),
    (0x00280030, "DS", b"", True),
    (0x00280030, "DS", b"1.5\n", True),
    (0x00280030, None, b"0.5\\0.25", True),
    (0x00200013, "IS", b"12", True),
    (0x00200013, "IS", b" -3\\+4 ", True),
    (0x00200013, "IS", b"1.5 ", True),
    (0x00200013, "IS", b"9999999999", True),
    (0x00200013, "IS", b"123456789012", True),
    (0x00200013, None, b"7 ", True),
    (0x00280010, "US", b"\x01\x00\x02\x00", True),
    (0x00280010, "US", b"\x00\x01", False),
    (0x00280010, "US", b"\x01\x00\x02", True),
    (0x00280010, None, b"\x01\x00", True),
    (0x00181318, "FD", b"\x00\x00\x00\x00\x00\x00\xf8\x3f", True),
    (0x00189219, "FL", b"\x00\x00\xc0\x3f\x00\x00\x00\x00", True),
    (0x00189219, "SS", b"\xff\xff", True),
    (0x00089459, "UL", b"\x07\x00\x00\x00", True),
    (0x00720073, "SL", b"\xff\xff\xff\xff", True),
    (0x00720082, "SV", b"\xff" * 8, True),
    (0x00720083, "UV", b"\xff" * 8, True),
    (0x00080018, "UI", b"1.2.3\x00", True),
    (0x00100010, "PN", b"Doe^John ", True),
    (0x00091001, "DS", b"1.5", True),
    (0x00091001, None, b"1.5", True),
    (0x00280030, "UN", b"0.5\\0.25", True),
    (0x7FE00010, "OB", b"\x00\x01", True),
    (0x00280106, "US or SS", b"\x01\x00", True),
]


def raw_dataset(lib, tag, vr, value, little_endian):
    raw = raw_class(lib)(lib.tag.Tag(tag), vr, len(value), value, 0, vr is None, little_endian)
    return lib.Dataset({raw.tag: raw})


class TestRawElements:
    @pytest.mark.parametrize("tag, vr, value, little_endian", RAW_ELEMENTS)
    @pytest.mark.parametrize("mode", ["default", "suppress", "raise", "ignore"])
    def test_same_as_pydicom(self, tag, vr, value, little_endian, mode):
        def run(lib):
            ds = raw_dataset(lib, tag, vr, value, little_endian)
            if mode == "suppress":
                return ds.to_json_dict(suppress_invalid_tags=True)
            previous = lib.config.settings.reading_validation_mode
            if mode != "default":
                lib.config.settings.reading_validation_mode = (
                    lib.config.RAISE if mode == "raise" else lib.config.IGNORE
                )
            try:
                return ds.to_json_dict()
            finally:
                lib.config.settings.reading_validation_mode = previous

        dcmcore_outcome, pydicom_outcome = both(run)
        assert dcmcore_outcome == pydicom_outcome

    @pytest.mark.parametrize("tag, vr, value, little_endian", RAW_ELEMENTS)
    def test_element_afterwards_same_as_pydicom(self, tag, vr, value, little_endian):
        def run(lib):
            ds = raw_dataset(lib, tag, vr, value, little_endian)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    ds.to_json_dict()
                except Exception:
                    pass
            return describe(ds)

        dcmcore_outcome, pydicom_outcome = both(run)
        assert dcmcore_outcome == pydicom_outcome

    def test_valid_numbers_stay_raw(self):
        ds = Dataset({Tag(0x00280030): RawDataElement(Tag(0x00280030), "DS", 8, b"0.5\\0.25", 0, False, True)})
        assert ds.to_json_dict() == {"00280030": {"vr": "DS", "Value": [0.5, 0.25]}}
        assert type(ds.get_item(0x00280030)) is RawDataElement
        assert ds.PixelSpacing == [0.5, 0.25]

    @pytest.mark.parametrize("setting", ["use_DS_numpy", "data_element_callback"])
    def test_settings_that_change_conversion(self, monkeypatch, setting):
        pytest.importorskip("numpy")
        calls = []

        def callback(raw, **kwargs):
            calls.append(raw.tag)
            return raw

        monkeypatch.setattr(config, setting, True if setting == "use_DS_numpy" else callback)
        ds = Dataset({Tag(0x00280030): RawDataElement(Tag(0x00280030), "DS", 8, b"0.5\\0.25", 0, False, True)})
        assert ds.to_json_dict() == {"00280030": {"vr": "DS", "Value": [0.5, 0.25]}}
        assert type(ds.get_item(0x00280030)) is not RawDataElement
        assert calls == ([0x00280030] if setting == "data_element_callback" else [])


# -- from_json ---------------------------------------------------------------

# JSON attribute objects keyed by tag, valid and not.
FROM_JSON = [
    {"00100010": {"vr": "PN", "Value": [{"Alphabetic": "A^B", "Ideographic": "I", "Phonetic": "P"}]}},
    {"00100010": {"vr": "PN", "Value": [{"Alphabetic": "A^B", "Phonetic": "P"}]}},
    {"00100010": {"vr": "PN", "Value": [{"Ideographic": "I"}]}},
    {"00100010": {"vr": "PN", "Value": [{"Alphabetic": "A"}, {"Alphabetic": "B"}]}},
    {"00100010": {"vr": "PN", "Value": ["A^B"]}},
    {"00100010": {"vr": "PN", "Value": [None]}},
    {"00100010": {"vr": "PN", "Value": [{}]}},
    {"00100010": {"vr": "PN", "Value": [5]}},
    {"00100010": {"vr": "PN", "Value": {"Alphabetic": "A"}}},
    {"00100010": {"vr": "PN"}},
    {"00280030": {"vr": "DS", "Value": [1.5, 2, 0.12345678901234567]}},
    {"00280030": {"vr": "DS", "Value": ["1.50"]}},
    {"00280030": {"vr": "DS", "Value": ["abc"]}},
    {"00280030": {"vr": "DS", "Value": [None]}},
    {"00280030": {"vr": "DS", "Value": [1.0, None]}},
    {"00280030": {"vr": "DS", "Value": [1e300, True]}},
    {"00280030": {"vr": "DS", "Value": []}},
    {"00200013": {"vr": "IS", "Value": [1, 2]}},
    {"00200013": {"vr": "IS", "Value": [1.5]}},
    {"00200013": {"vr": "IS", "Value": ["3"]}},
    {"00200013": {"vr": "IS", "Value": ["x"]}},
    {"00280010": {"vr": "US", "Value": [1, 2]}},
    {"00280010": {"vr": "US", "Value": [1.7]}},
    {"00280010": {"vr": "US", "Value": ["7"]}},
    {"00280010": {"vr": "US", "Value": [1, None]}},
    {"00280010": {"vr": "US", "Value": [70000]}},
    {"00280010": {"vr": "US"}},
    {"00181318": {"vr": "FD", "Value": [1, 2.5]}},
    {"00181318": {"vr": "FD", "Value": ["x"]}},
    {"00189219": {"vr": "FL", "Value": [0.1]}},
    {"00720073": {"vr": "SL", "Value": [-5]}},
    {"00720082": {"vr": "SV", "Value": [-(2**40)]}},
    {"00720083": {"vr": "UV", "Value": [2**40]}},
    {"00089459": {"vr": "UL", "Value": [7]}},
    {"00189219": {"vr": "SS", "Value": [-3]}},
    {"00280106": {"vr": "US or SS", "Value": [3]}},
    {"00209165": {"vr": "AT", "Value": ["00100010", "0020000d"]}},
    {"00209165": {"vr": "AT", "Value": ["xyz"]}},
    {"00209165": {"vr": "AT", "Value": ["xyz", "00100010"]}},
    {"00209165": {"vr": "AT", "Value": [""]}},
    {"00209165": {"vr": "AT", "Value": [16]}},
    {"00209165": {"vr": "AT", "Value": [None]}},
    {"00081030": {"vr": "LO", "Value": ["a", None, "b"]}},
    {"00081030": {"vr": "LO", "Value": [None]}},
    {"00081030": {"vr": "LO", "Value": []}},
    {"00081030": {"vr": "LO"}},
    {"00081030": {"vr": "LO", "Value": [5]}},
    {"00081030": {"vr": "LO", "Value": "abc"}},
    {"00081030": {"vr": "LO", "Value": ["x" * 70]}},
    {"00080018": {"vr": "UI", "Value": ["1.2.3"]}},
    {"00080018": {"vr": "UI", "Value": ["1.2.abc"]}},
    {"00080020": {"vr": "DA", "Value": ["20200101"]}},
    {"00080054": {"vr": "AE", "Value": ["AE1", "AE2"]}},
    {"00104000": {"vr": "LT", "Value": ["a\\b"]}},
    {"0040A160": {"vr": "UT", "Value": ["text"]}},
    {"00081190": {"vr": "UR", "Value": ["http://x"]}},
    {"00080119": {"vr": "UC", "Value": ["uc"]}},
    {"00101010": {"vr": "AS", "Value": ["042Y"]}},
    {"00080030": {"vr": "TM", "Value": ["1010"]}},
    {"0008002A": {"vr": "DT", "Value": ["2020"]}},
    {"00700080": {"vr": "SH", "Value": ["sh"]}},
    {"00400254": {"vr": "ST", "Value": ["st"]}},
    {"00080008": {"vr": "CS", "Value": ["A", "B"]}},
    {"00091010": {"vr": "OB", "InlineBinary": "AQI="}},
    {"00091010": {"vr": "OB", "InlineBinary": ["AQI="]}},
    {"00091010": {"vr": "OB", "InlineBinary": "A"}},
    {"00091010": {"vr": "OB", "InlineBinary": 5}},
    {"00091010": {"vr": "OB", "InlineBinary": "AQ!I="}},
    {"00091010": {"vr": "OB", "InlineBinary": []}},
    {"00091010": {"vr": "OW", "InlineBinary": "AQIDBA=="}},
    {"00091010": {"vr": "OB", "BulkDataURI": "http://x"}},
    {"00091010": {"vr": "OB", "BulkDataURI": 5}},
    {"00091010": {"vr": "OB", "Value": ["AQI="]}},
    {"00091010": {"vr": "OB", "Foo": ["AQI="]}},
    {"00091010": {"vr": "OB"}},
    {"00091010": {"vr": "UN", "InlineBinary": "AQI="}},
    {"00100020": {"vr": "UN", "Value": ["v"]}},
    {"00100020": {"vr": "XX", "Value": ["a"]}},
    {"00100020": {"vr": "lo", "Value": ["x"]}},
    {"00100020": {"Value": ["A"]}},
    {"zz": {"vr": "LO", "Value": ["a"]}},
    {"001000100": {"vr": "LO", "Value": ["a"]}},
    {"0010001a": {"vr": "LO", "Value": ["v"]}},
    {"PatientID": {"vr": "LO", "Value": ["v"]}},
    {"00100020": "x"},
    {"00081140": {"vr": "SQ", "Value": [{"00081150": {"vr": "UI", "Value": ["1.2"]}}, {}, None]}},
    {"00081140": {"vr": "SQ", "Value": [{"00081150": {"Value": ["1.2"]}}]}},
    {"00081140": {"vr": "SQ", "Value": [{"00081150": {"vr": "UI"}}]}},
    {"00081140": {"vr": "SQ", "Value": [{"00081150": "vr"}]}},
    {"00081140": {"vr": "SQ", "Value": [{"zz": {"vr": "UI"}}]}},
    {"00081140": {"vr": "SQ", "Value": [{"zz": {"vr": "UI", "Value": ["1"]}}]}},
    {"00081140": {"vr": "SQ", "Value": ["abc"]}},
    {"00081140": {"vr": "SQ", "Value": [[]]}},
    {"00081140": {"vr": "SQ"}},
    {
        "00081140": {
            "vr": "SQ",
            "Value": [{"00081250": {"vr": "SQ", "Value": [{"00080100": {"vr": "SH", "Value": ["X"]}}]}}],
        }
    },
    {"00090010": {"vr": "LO", "Value": ["ACME"]}, "00091001": {"vr": "LO", "Value": ["v"]}},
    {"00091001": {"vr": "LO", "Value": ["v"]}, "00090010": {"vr": "LO", "Value": ["ACME"]}},
    {"00090010": {"vr": "LO", "Value": ["ACME"]}, "00091001": {"vr": "SQ", "Value": [{}]}},
]


def in_mode(lib, mode, func):
    """Call func() with the reading validation mode `mode` ("WARN", "RAISE", "IGNORE") of `lib`."""
    previous = lib.config.settings.reading_validation_mode
    lib.config.settings.reading_validation_mode = getattr(lib.config, mode)
    try:
        return func()
    finally:
        lib.config.settings.reading_validation_mode = previous


class TestFromJson:
    @pytest.mark.parametrize("json_dataset", FROM_JSON)
    @pytest.mark.parametrize("mode", ["WARN", "RAISE", "IGNORE"])
    def test_same_as_pydicom(self, json_dataset, mode):
        dcmcore_outcome, pydicom_outcome = both(
            lambda lib: in_mode(lib, mode, lambda: describe(lib.Dataset.from_json(json_dataset)))
        )
        assert dcmcore_outcome == pydicom_outcome

    @pytest.mark.parametrize("numbers", [[1.5, 2.0, 0.1], [1, 2.5], [1e300, -0.0, 5e-324], [0.1234567890123456789, 3.0]])
    def test_ds_list_same_as_constructor(self, numbers):
        from_json = Dataset.from_json({"00280030": {"vr": "DS", "Value": numbers}})[0x00280030]
        made = DataElement(0x00280030, "DS", [float(number) for number in numbers])
        assert canonical(from_json.value) == canonical(made.value)
        assert [(str(v), repr(v), v.auto_format) for v in from_json.value] == [
            (str(v), repr(v), v.auto_format) for v in made.value
        ]
        assert from_json.value.type_constructor == from_json._convert
        from_json.value.append("3.25")
        made.value.append("3.25")
        assert canonical(from_json.value) == canonical(made.value)
        assert from_json == made

    @pytest.mark.parametrize("allow_float", [False, True])
    def test_ds_decimal_same_as_pydicom(self, allow_float):
        def run(lib):
            previous = (lib.config.use_DS_decimal, lib.config.allow_DS_float)
            lib.config.DS_decimal(True)
            lib.config.allow_DS_float = allow_float
            try:
                return describe(lib.Dataset.from_json({"00280030": {"vr": "DS", "Value": [1.5, 0.25]}}))
            finally:
                lib.config.DS_decimal(previous[0])
                lib.config.allow_DS_float = previous[1]

        dcmcore_outcome, pydicom_outcome = both(run)
        assert dcmcore_outcome == pydicom_outcome

    @pytest.mark.parametrize("json_dataset", FROM_JSON)
    def test_text_input_same_as_pydicom(self, json_dataset):
        text = json.dumps(json_dataset)
        dcmcore_outcome, pydicom_outcome = both(
            lambda lib: describe(lib.Dataset.from_json(text.encode()))
        )
        assert dcmcore_outcome == pydicom_outcome

    @pytest.mark.parametrize(
        "text", ['{"00100010": ', "[1]", "null", '"abc"', b"\xff\xfe", bytearray(b"{}")]
    )
    def test_bad_text_same_as_pydicom(self, text):
        dcmcore_outcome, pydicom_outcome = both(lambda lib: describe(lib.Dataset.from_json(text)))
        assert dcmcore_outcome == pydicom_outcome

    def test_errors_name_the_tag(self):
        with pytest.raises(TypeError, match="'Value' of data element '00081030' must be a list"):
            Dataset.from_json({"00081030": {"vr": "LO", "Value": "abc"}})
        with pytest.raises(ValueError, match="Data element 'zz' could not be loaded from JSON: a"):
            Dataset.from_json({"zz": {"vr": "LO", "Value": ["a"]}})
        with pytest.raises(KeyError, match="Data element '00081140' must have key 'vr'"):
            Dataset.from_json({"00081140": {"vr": "SQ", "Value": [{"00081150": {"Value": ["1"]}}]}})

    def test_subclass_used_for_items(self):
        class MyDataset(Dataset):
            pass

        ds = MyDataset.from_json({"00081140": {"vr": "SQ", "Value": [{"00081150": {"vr": "UI", "Value": ["1"]}}]}})
        assert type(ds) is MyDataset
        assert type(ds.ReferencedImageSequence[0]) is MyDataset


# -- the compiled from_json path ----------------------------------------------


class UIDText(str):
    """Another library's UID: a str subclass (pydicom's to_json_dict gives those)."""


# (key, VR, "Value", taken by the compiled path in WARN mode). The valid values
# of the common VRs, and the neighbours that must reach the general path.
FAST_PATH_ATTRIBUTES = [
    ("00080008", "CS", ["ORIGINAL", "PRIMARY", "AXIAL"], True),
    ("00080060", "CS", ["CT"], True),
    ("00080060", "CS", ["A_1 9"], True),
    ("00080060", "CS", [""], True),
    ("00080060", "CS", ["ct"], False),
    ("00080060", "CS", ["X" * 17], False),
    ("00080060", "CS", ["X" * 16], True),
    ("00080060", "CS", ["A\\B"], False),
    ("00080008", "CS", ["A", "B\\C"], False),
    ("00080060", "CS", ["É"], False),
    ("00080060", "CS", ["A", None], False),
    ("00080060", "CS", [5], False),
    ("00080054", "AE", ["STORE SCP ~!"], True),
    ("00080054", "AE", ["TAB\tX"], False),
    ("00080054", "AE", ["A" * 17], False),
    ("00101010", "AS", ["042Y"], True),
    ("00101010", "AS", ["042y"], False),
    ("00101010", "AS", ["42Y"], False),
    ("00101010", "AS", ["٠٤٢Y"], False),  # Arabic-Indic digits: \d in a str regex
    ("00080020", "DA", ["20240229"], True),
    ("00080020", "DA", ["20241300"], False),
    ("00080020", "DA", ["20240100"], True),
    ("00080020", "DA", ["20240132"], False),
    ("00080020", "DA", ["2024010"], False),
    ("00080020", "DA", ["20240101-20240102"], False),
    ("00080020", "DA", ["-20240101"], False),
    ("00080030", "TM", ["10"], True),
    ("00080030", "TM", ["1010"], True),
    ("00080030", "TM", ["101060"], True),
    ("00080030", "TM", ["101010.123456"], True),
    ("00080030", "TM", ["101010.5 "], True),
    ("00080030", "TM", ["101010.1234567"], False),
    ("00080030", "TM", ["101061"], False),
    ("00080030", "TM", ["2400"], False),
    ("00080030", "TM", ["101"], False),
    ("00080030", "TM", ["1010.5"], False),
    ("00080030", "TM", ["101010."], False),
    ("00080030", "TM", [" 1010"], False),
    ("00080030", "TM", ["1010-1020"], False),
    ("0008002A", "DT", ["2024"], True),
    ("0008002A", "DT", ["20240102101010.123456+0100"], True),
    ("0008002A", "DT", ["202401021010-0500"], True),
    ("0008002A", "DT", ["2024+0100"], True),
    ("0008002A", "DT", ["20240102101010.5 -0100"], True),
    ("0008002A", "DT", ["20241"], False),
    ("0008002A", "DT", ["2024010210101"], False),
    ("0008002A", "DT", ["20240102+2500"], False),
    ("0008002A", "DT", ["20240102+010"], False),
    ("0008002A", "DT", ["20241302"], False),
    ("0008002A", "DT", ["2024-2025"], False),
    ("00080018", "UI", ["1.2.840.10008.5.1.4.1.1.2"], True),
    ("00080018", "UI", [UIDText("1.2.3.0.10")], True),
    ("00080018", "UI", ["0.0"], True),
    ("00080018", "UI", ["1.02"], False),
    ("00080018", "UI", ["1..2"], False),
    ("00080018", "UI", ["1.2."], False),
    ("00080018", "UI", [""], False),
    ("00080018", "UI", [" 1.2"], False),
    ("00080018", "UI", ["1." + "2" * 63], False),
    ("00080018", "UI", ["1." + "2" * 62], True),
    ("00081150", "UI", ["1.2", "1.3"], True),
    ("00081030", "LO", ["Müller, ß and 山田"], True),
    ("00081030", "LO", ["x" * 64], True),
    ("00081030", "LO", ["x" * 65], False),
    ("00081030", "LO", ["a\\b"], False),
    ("00081030", "LO", ["", "b"], True),
    ("00081030", "LO", [""], True),
    ("00081030", "LO", [UIDText("sub")], False),
    ("00700080", "SH", ["x" * 16], True),
    ("00700080", "SH", ["x" * 17], False),
    ("00400254", "ST", ["y" * 1025], False),
    ("00104000", "LT", ["line\r\nline"], True),
    ("00080119", "UC", ["z" * 100], True),
    ("0040A160", "UT", ["t" * 20000], True),
    ("0040A160", "UT", ["a\\b"], False),
    ("00081190", "UR", ["http://x"], False),
    ("00100010", "PN", [{"Alphabetic": "Yamada^Tarou", "Ideographic": "山田^太郎", "Phonetic": "やまだ^たろう"}], True),
    ("00100010", "PN", [{"Alphabetic": "A^B"}, {"Ideographic": "I"}], True),
    ("00100010", "PN", [{"Phonetic": "P"}], True),
    ("00100010", "PN", [{}], True),
    ("00100010", "PN", [{"Alphabetic": None}], False),
    ("00100010", "PN", [{"Alphabetic": 5}], False),
    ("00100010", "PN", [{"Alphabetic": "A=B=C"}], True),
    ("00100010", "PN", [{"Alphabetic": "A=B=C=D"}], False),
    ("00100010", "PN", [{"Alphabetic": "x" * 64, "Phonetic": "y" * 64}], True),
    ("00100010", "PN", [{"Alphabetic": "x" * 65}], False),
    ("00100010", "PN", [{"Alphabetic": "A", "Ideographic": "x" * 65}], False),
    ("00100010", "PN", [{"Alphabetic": "A\\B"}], False),
    ("00100010", "PN", ["A^B"], False),
    ("00100010", "PN", [None], False),
    ("00280030", "DS", [0.5, 0.25], True),
    ("00280030", "DS", [1], True),
    ("00280030", "DS", [1.0, 10**400], False),
    ("00280030", "DS", [0.1234567890123456789], True),
    ("00280030", "DS", [True], False),
    ("00280030", "DS", ["1.5"], False),
    ("00280030", "DS", [float("nan")], True),
    ("00200013", "IS", [5], True),
    ("00200013", "IS", [-(2**31), 2**31 - 1], True),
    ("00200013", "IS", [2**31], False),
    ("00200013", "IS", [1.0], False),
    ("00200013", "IS", [False], False),
    ("00280010", "US", [0, 65535], True),
    ("00280010", "US", [65536], False),
    ("00280010", "US", [-1], False),
    ("00189219", "SS", [-32768, 32767], True),
    ("00189219", "SS", [32768], False),
    ("00089459", "UL", [4294967295], True),
    ("00089459", "UL", [4294967296], False),
    ("00720073", "SL", [-(2**31)], True),
    ("00720073", "SL", [2**31], False),
    ("00720082", "SV", [-(2**63), 2**63 - 1], True),
    ("00720082", "SV", [2**63], False),
    ("00720083", "UV", [2**63 - 1], True),
    ("00720083", "UV", [2**64 - 1], False),
    ("00720083", "UV", [2**64], False),
    ("00181318", "FD", [1.5, 2], True),
    ("00181318", "FD", [10**400], False),
    ("00189219", "FL", [0.1], True),
    ("00209165", "AT", ["00100010", "0020000d"], True),
    ("00209165", "AT", ["00000000"], True),
    ("00209165", "AT", ["0x100010"], False),
    ("00209165", "AT", ["001000100"], False),
    ("00209165", "AT", ["xyz"], False),
    ("00209165", "AT", [16], False),
    ("00081140", "SQ", [{"00081150": {"vr": "UI", "Value": ["1.2"]}}, None, {}], True),
    ("00081140", "SQ", [{"00081150": {"vr": "UI", "Value": ["1..2"]}}], True),
    ("00081140", "SQ", ["abc"], False),
    ("00081140", "SQ", [{"00081150": {"Value": ["1"]}}], True),
    ("0010001a", "LO", ["lower-case key"], True),
    ("00100020", "LO", [], False),
    ("00091001", "LO", ["private"], True),
    ("00091010", "SQ", [{"00091001": {"vr": "LO", "Value": ["x"]}}], True),
]


def spy_general_path(monkeypatch):
    """Record the keys of the attributes that reach the general path of from_json."""
    keys = []
    general = jsonrep._JsonReader.attribute_element

    def attribute_element(self, tag, attribute, sequence_tag):
        keys.append(tag)
        return general(self, tag, attribute, sequence_tag)

    monkeypatch.setattr(jsonrep._JsonReader, "attribute_element", attribute_element)
    return keys


def element_state(elem):
    """Everything observable of an element and its value, library-neutral."""
    value = elem.value
    state = [
        type(elem).__name__, int(elem.tag), type(elem.tag).__name__, elem.VR, elem.validation_mode,
        elem.file_tell, elem.is_undefined_length, elem.private_creator, elem.parent,
        vars(elem) if hasattr(elem, "__dict__") else None, canonical(value), repr(value), str(value),
    ]
    if type(value).__name__ == "Sequence":
        return state  # (its parent link depends on the dataset holding it)
    items = list(value) if type(value).__name__ == "MultiValue" else [value]
    for item in items:
        state.append((type(item).__name__, repr(item), str(item), getattr(item, "__dict__", None)))
        for name in getattr(type(item), "__slots__", ()):
            state.append((name, repr(getattr(item, name, "<unset>"))))
    if type(value).__name__ == "MultiValue":
        state.append(value.type_constructor == elem._convert)
    return state


class TestFromJsonFastPath:
    @pytest.mark.parametrize("key, vr, values, fast", FAST_PATH_ATTRIBUTES)
    @pytest.mark.parametrize("mode", ["WARN", "RAISE", "IGNORE"])
    def test_same_as_pydicom(self, key, vr, values, fast, mode):
        json_dataset = {"00090010": {"vr": "LO", "Value": ["ACME"]}, key: {"vr": vr, "Value": values}}

        def run(lib):
            ds = in_mode(lib, mode, lambda: lib.Dataset.from_json(json_dataset))
            return [describe(ds), [(repr(elem.value), str(elem.value)) for elem in ds]]

        dcmcore_outcome, pydicom_outcome = both(run)
        assert dcmcore_outcome == pydicom_outcome

    @pytest.mark.parametrize("key, vr, values, fast", FAST_PATH_ATTRIBUTES)
    @pytest.mark.parametrize("mode", ["WARN", "RAISE", "IGNORE"])
    def test_same_as_general_path(self, key, vr, values, fast, mode):
        attribute = {"vr": vr, "Value": values}

        def general():
            return element_state(jsonrep._JsonReader(Dataset, None).attribute_element(key, attribute, None))

        def compiled():
            elem = Dataset.from_json({key: attribute})[int(key, 16)]
            return element_state(elem)

        assert outcome(lambda: in_mode(dcmcore, mode, compiled)) == outcome(
            lambda: in_mode(dcmcore, mode, general)
        )

    @pytest.mark.parametrize("key, vr, values, fast", FAST_PATH_ATTRIBUTES)
    def test_takes_the_valid_values(self, monkeypatch, key, vr, values, fast):
        general_keys = spy_general_path(monkeypatch)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                Dataset.from_json({key: {"vr": vr, "Value": values}})
            except Exception:
                pass  # (the general path's error, compared with pydicom above)
        assert (key not in general_keys) is fast

    def test_settings_that_change_values_take_the_general_path(self, monkeypatch):
        json_dataset = {
            "00080020": {"vr": "DA", "Value": ["20240102"]},
            "00280030": {"vr": "DS", "Value": [0.5]},
            "00080060": {"vr": "CS", "Value": ["CT"]},
        }
        general_keys = spy_general_path(monkeypatch)
        monkeypatch.setattr(config, "datetime_conversion", True)
        ds = Dataset.from_json(json_dataset)
        assert type(ds.StudyDate).__name__ == "DA"
        assert general_keys == ["00080020"]
        general_keys.clear()
        monkeypatch.setattr(config, "datetime_conversion", False)
        monkeypatch.setattr(config, "allow_DS_float", True)
        config.DS_decimal(True)
        try:
            ds = Dataset.from_json(json_dataset)
        finally:
            config.DS_decimal(False)
        assert type(ds.PixelSpacing).__name__ == "DSdecimal"
        assert general_keys == ["00280030"]

    def test_private_creator_and_parents_linked(self):
        ds = Dataset.from_json({
            "00090010": {"vr": "LO", "Value": ["ACME"]},
            "00091001": {"vr": "LO", "Value": ["v"]},
            "00091002": {"vr": "SQ", "Value": [{"00100020": {"vr": "LO", "Value": ["x"]}}]},
            "00111001": {"vr": "LO", "Value": ["no creator"]},
        })
        assert ds[0x00091001].private_creator == "ACME"
        assert ds[0x00091002].private_creator == "ACME"
        assert ds[0x00111001].private_creator is None
        sequence = ds[0x00091002].value
        assert sequence.parent_dataset() is ds
        assert sequence[0].parent_seq() is sequence
        assert all(type(tag).__name__ == "BaseTag" for tag in ds._dict)

    def test_subclass_add_is_used(self):
        added = []

        class Recording(Dataset):
            def add(self, data_element):
                added.append(int(data_element.tag))
                super().add(data_element)

        ds = Recording.from_json({
            "00100020": {"vr": "LO", "Value": ["x"]},
            "00081140": {"vr": "SQ", "Value": [{"00081150": {"vr": "UI", "Value": ["1.2"]}}]},
        })
        assert added == [0x00100020, 0x00081150, 0x00081140]
        assert type(ds.ReferencedImageSequence[0]) is Recording

    def test_values_independent_of_the_json(self):
        values = ["A", "B"]
        ds = Dataset.from_json({"00080008": {"vr": "CS", "Value": values}})
        ds.ImageType.append("C")
        assert values == ["A", "B"]
        assert ds.ImageType == ["A", "B", "C"]


# -- the compiled to_json_dict path -------------------------------------------


def value_dataset(lib, tag, vr, value):
    ds = lib.Dataset()
    ds.add(element_class(lib)(tag, vr, value))
    return ds


class TestToJsonDictFastPath:
    @pytest.mark.parametrize("tag, vr, value", ELEMENTS)
    def test_dataset_same_as_pydicom(self, tag, vr, value):
        dcmcore_outcome, pydicom_outcome = both(
            lambda lib: value_dataset(lib, tag, vr, value).to_json_dict()
        )
        assert dcmcore_outcome == pydicom_outcome

    @pytest.mark.parametrize(
        "vr, value",
        [("CS", ["A"]), ("CS", []), ("DS", ["1.5"]), ("US", [7]), ("LO", ["a", ""]), ("LO", ["", ""]),
         ("FD", [1, 2.5]), ("DS", [1, "2"]), ("IS", [True, 2])],
    )
    def test_multi_values_same_as_pydicom(self, vr, value):
        def run(lib):
            ds = lib.Dataset()
            elem = element_class(lib)(0x00100020, vr, "x" if vr in ("CS", "LO") else 0)
            elem.value = lib.multival.MultiValue(lambda item: item, value)
            ds.add(elem)
            return repr(ds.to_json_dict())

        dcmcore_outcome, pydicom_outcome = both(run)
        assert dcmcore_outcome == pydicom_outcome

    def test_str_subclass_and_bad_values_same_as_pydicom(self):
        def run(lib):
            ds = lib.Dataset()
            ds.add(element_class(lib)(0x00080018, "UI", "1.2.3"))
            elem = element_class(lib)(0x00100020, "LO", "x")
            elem.value = UIDText("sub")
            ds.add(elem)
            elem = element_class(lib)(0x00280010, "US", 1)
            elem.value = 10**30
            ds.add(elem)
            elem = element_class(lib)(0x00181318, "FD", 1.0)
            elem.value = 10**400
            ds.add(elem)
            return ds.to_json_dict()

        dcmcore_outcome, pydicom_outcome = both(run)
        assert dcmcore_outcome == pydicom_outcome

    def test_values_are_copies(self):
        ds = Dataset()
        ds.ImageType = ["A", "B"]
        ds.PixelSpacing = ["0.5", "0.5"]
        json_dataset = ds.to_json_dict()
        json_dataset["00080008"]["Value"].append("C")
        assert ds.ImageType == ["A", "B"]
        assert [type(value) for value in json_dataset["00280030"]["Value"]] == [float, float]

    def test_subclass_getitem_is_used(self):
        looked_up = []

        class Recording(Dataset):
            def __getitem__(self, key):
                looked_up.append(int(key))
                return super().__getitem__(key)

        raw_text = RawDataElement(Tag(0x00100020), "LO", 2, b"x ", 0, False, True)
        raw_number = RawDataElement(Tag(0x00180050), "DS", 4, b"1.5 ", 0, False, True)
        ds = Recording({raw_text.tag: raw_text, raw_number.tag: raw_number})
        assert ds.to_json_dict() == {
            "00100020": {"vr": "LO", "Value": ["x"]},
            "00180050": {"vr": "DS", "Value": [1.5]},
        }
        assert looked_up == [0x00100020]  # the DS number is read from its bytes


class TestBulkDataUriHandler:
    JSON = {
        "7FE00010": {"vr": "OW", "BulkDataURI": "http://host/pixels"},
        "00081140": {"vr": "SQ", "Value": [{"00091010": {"vr": "OB", "BulkDataURI": ["http://host/b"]}}]},
    }

    def test_three_arguments(self):
        calls = []

        def handler(tag, vr, uri):
            calls.append((tag, vr, uri))
            return b"\x01\x02"

        ds = Dataset.from_json(self.JSON, handler)
        assert calls == [("7FE00010", "OW", "http://host/pixels"), ("00091010", "OB", "http://host/b")]
        assert ds.PixelData == b"\x01\x02"
        assert ds.ReferencedImageSequence[0][0x00091010].value == b"\x01\x02"

    def test_one_argument(self):
        calls = []

        def handler(uri):
            calls.append(uri)
            return uri.encode()

        ds = Dataset.from_json(self.JSON, bulk_data_uri_handler=handler)
        assert calls == ["http://host/pixels", "http://host/b"]
        assert ds.PixelData == b"http://host/pixels"

    @pytest.mark.parametrize("arity", [1, 3])
    def test_same_as_pydicom(self, arity):
        if arity == 1:
            handler = lambda uri: b"\x00" + uri.encode()  # noqa: E731
        else:
            handler = lambda tag, vr, uri: (tag + vr + uri).encode()  # noqa: E731
        dcmcore_outcome, pydicom_outcome = both(
            lambda lib: describe(lib.Dataset.from_json(self.JSON, handler))
        )
        assert dcmcore_outcome[0][0] == "ok"
        assert dcmcore_outcome == pydicom_outcome

    def test_no_handler_warns_and_empties(self):
        with pytest.warns(UserWarning, match='No bulk data URI handler provided for retrieval of value of data element "7FE00010"'):
            ds = Dataset.from_json({"7FE00010": {"vr": "OW", "BulkDataURI": "http://host/pixels"}})
        assert ds.PixelData is None

    def test_element_from_json(self):
        elem = DataElement.from_json(Dataset, "00091010", "OB", "http://x", "BulkDataURI", lambda uri: b"\x05")
        assert (elem.tag, elem.VR, elem.value) == (0x00091010, "OB", b"\x05")


class TestJsonDataElementConverter:
    def converter(self, lib, vr, value, value_key="Value", handler=None):
        return lib.jsonrep.JsonDataElementConverter(lib.Dataset, "00100010", vr, value, value_key, handler)

    @pytest.mark.parametrize(
        "vr, value",
        [("PN", {"Alphabetic": "A", "Phonetic": "P"}), ("PN", "plain"), ("AT", "00100010"), ("AT", "zz"),
         ("AT", None), ("LO", None), ("DS", None), ("US", 5), ("SQ", None), ("SQ", {"00100020": {"vr": "LO"}})],
    )
    def test_get_regular_element_value_same_as_pydicom(self, vr, value):
        def run(lib):
            result = self.converter(lib, vr, [value]).get_regular_element_value(value)
            return canonical(result)

        dcmcore_outcome, pydicom_outcome = both(run)
        assert dcmcore_outcome == pydicom_outcome

    @pytest.mark.parametrize(
        "value",
        [{"Alphabetic": "A"}, {"Ideographic": "I"}, {"Phonetic": "P"}, {}, "str", {"Alphabetic": "A", "Ideographic": "I"}],
    )
    def test_get_pn_element_value_same_as_pydicom(self, value):
        dcmcore_outcome, pydicom_outcome = both(
            lambda lib: self.converter(lib, "PN", [value]).get_pn_element_value(value)
        )
        assert dcmcore_outcome == pydicom_outcome

    @pytest.mark.parametrize(
        "vr, value, value_key",
        [("DS", [1.5, 2], "Value"), ("US", [3], "Value"), ("OB", "AQI=", "InlineBinary"),
         ("OB", "http://x", "BulkDataURI"), ("OB", "x", "Other"), ("LO", [""], None), ("SQ", [{}], "Value")],
    )
    def test_get_element_values_same_as_pydicom(self, vr, value, value_key):
        dcmcore_outcome, pydicom_outcome = both(
            lambda lib: canonical(self.converter(lib, vr, value, value_key).get_element_values())
        )
        assert dcmcore_outcome == pydicom_outcome

    def test_handler_attribute_takes_three_arguments(self):
        converter = self.converter(dcmcore, "OB", "u", "BulkDataURI", lambda uri: uri * 2)
        assert converter.bulk_data_element_handler("00100010", "OB", "ab") == "abab"
        assert converter.dataset_class is Dataset
        assert (converter.tag, converter.vr, converter.value, converter.value_key) == (
            "00100010", "OB", "u", "BulkDataURI"
        )

    def test_get_sequence_item(self):
        item = self.converter(dcmcore, "SQ", []).get_sequence_item({"00100020": {"vr": "LO", "Value": ["x"]}})
        assert isinstance(item, Dataset) and item.PatientID == "x"


class TestConvertToPythonNumber:
    @pytest.mark.parametrize(
        "value, vr",
        [(None, "DS"), ("", "DS"), ("1.5", "DS"), (["1", None], "IS"), ((1.0, 2.0), "US"), ("5", "US or SS"),
         (["a"], "LO"), ("3", "AT"), ([1, None], "FD"), ("x", "FL"), ([], "IS")],
    )
    def test_same_as_pydicom(self, value, vr):
        dcmcore_outcome, pydicom_outcome = both(lambda lib: lib.jsonrep.convert_to_python_number(value, vr))
        assert dcmcore_outcome == pydicom_outcome

    def test_public_names(self):
        assert jsonrep.JSON_VALUE_KEYS == ("Value", "BulkDataURI", "InlineBinary")
        for name in ("BulkDataType", "BulkDataHandlerType", "JSONValueType", "ValueType", "PNValueType"):
            assert hasattr(jsonrep, name)


# -- round trips -------------------------------------------------------------


class TestRoundTrip:
    def test_built_dataset(self):
        ds = build_dataset(dcmcore)
        assert Dataset.from_json(ds.to_json()) == ds
        assert Dataset.from_json(ds.to_json_dict()) == ds

    def test_same_dict_after_round_trip(self):
        ds = build_dataset(dcmcore)
        json_dataset = ds.to_json_dict()
        assert Dataset.from_json(json_dataset).to_json_dict() == json_dataset

    @settings(max_examples=100, deadline=None)
    @given(
        ds_values=st.lists(
            st.floats(allow_nan=False, allow_infinity=False, width=64).filter(lambda x: len(repr(x)) <= 16),
            min_size=1, max_size=6,
        ),
        is_values=st.lists(st.integers(-(2**31), 2**31 - 1), min_size=1, max_size=6),
        us_values=st.lists(st.integers(0, 0xFFFF), min_size=1, max_size=6),
        text=st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E, blacklist_characters="\\"), max_size=64),
    )
    def test_values(self, ds_values, is_values, us_values, text):
        ds = Dataset()
        ds.add_new(0x00280030, "DS", ds_values)
        ds.add_new(0x00200013, "IS", is_values)
        ds.add_new(0x00280010, "US", us_values)
        ds.add_new(0x00104000, "LT", text)
        assert Dataset.from_json(ds.to_json()) == ds


# -- the kernels of dcmcore._json ---------------------------------------------

import re  # noqa: E402

from dcmcore import _json  # noqa: E402

# PS3.5 Table 6.2-1, written out here as the oracle of the kernels.
DS_ITEM = re.compile(r" *[+-]?([0-9]+|[0-9]+\.[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)? *")
IS_ITEM = re.compile(r" *[+-]?[0-9]+ *")


def oracle(text: bytes, decimal: bool):
    stripped = text.rstrip(b" \x00")
    if not stripped:
        return None
    items = stripped.decode("latin-1").split("\\")
    pattern, max_length = (DS_ITEM, 16) if decimal else (IS_ITEM, 12)
    if not all(pattern.fullmatch(item) and len(item) <= max_length for item in items):
        return None
    numbers = [float(item) if decimal else int(item) for item in items]
    if not decimal and not all(-(2**31) <= number < 2**31 for number in numbers):
        return None
    return numbers


ds_item = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e6).map(lambda x: f"{x:.4f}"),
    st.integers(-(10**12), 10**12).map(str),
    st.from_regex(r"[ ]{0,2}[+-]?[0-9]{0,6}\.?[0-9]{0,6}([eE][+-]?[0-9]{1,3})?[ ]{0,2}", fullmatch=True),
    st.text(st.sampled_from("0123456789+-.eE x"), max_size=18),
)
is_item = st.one_of(
    st.integers(-(2**32), 2**32).map(str),
    st.from_regex(r"[ ]{0,3}[+-]?[0-9]{0,11}[ ]{0,3}", fullmatch=True),
    st.text(st.sampled_from("0123456789+- .x"), max_size=14),
)


class TestKernels:
    @settings(max_examples=200, deadline=None)
    @given(items=st.lists(ds_item, min_size=1, max_size=5), padding=st.sampled_from(["", " ", "\x00"]))
    def test_parse_ds_matches_oracle(self, items, padding):
        text = ("\\".join(items) + padding).encode("latin-1")
        expected = oracle(text, True)
        numbers = _json.parse_ds(text)
        # repr tells -0.0 from 0.0 and shows every bit that matters
        assert (numbers is None, repr(numbers)) == (expected is None, repr(expected))

    @settings(max_examples=200, deadline=None)
    @given(items=st.lists(is_item, min_size=1, max_size=5), padding=st.sampled_from(["", " ", "\x00"]))
    def test_parse_is_matches_oracle(self, items, padding):
        text = ("\\".join(items) + padding).encode("latin-1")
        assert _json.parse_is(text) == oracle(text, False)

    @pytest.mark.parametrize(
        "text",
        [b"", b"  ", b"\x00", b"1\\", b"\\1", b"1\\\\2", b"nan", b"inf", b"1e", b".", b"+", b"1.5.2",
         b"1_0", b"1\x002", b"1.5\n", b"\t1", b"1234567890.1234567", b"\xb51"],
    )
    def test_parse_ds_refuses(self, text):
        assert _json.parse_ds(text) is None
        assert _json.parse_is(text) is None

    @pytest.mark.parametrize(
        "text",
        ["0.1", "-0.0", "-0", "1e22", "1e23", "123456789012345", "1234567890123456", "9007199254740993",
         "0.000001", "1e-22", "1e-23", "5e-324", "1.797693135e308", "-.5e-3", "000000000000001",
         "0.3000000000004", "0e-999", "4.9e-324", "2.225073858e-308"],
    )
    def test_parse_ds_exact(self, text):
        assert repr(_json.parse_ds(text.encode())) == repr([float(text)])

    def test_parse_edges(self):
        assert _json.parse_ds(b" +1.5E+02 \\.5\\5.\x00") == [150.0, 0.5, 5.0]
        assert _json.parse_ds(b"1e999") == [float("inf")]
        assert _json.parse_ds(bytearray(b"1.5")) == [1.5]
        assert _json.parse_ds(memoryview(b"2.5\\3")) == [2.5, 3.0]
        assert _json.parse_is(b"-2147483648\\2147483647") == [-(2**31), 2**31 - 1]
        assert _json.parse_is(b"2147483648") is None
        assert _json.parse_is(b"  +7  ") == [7]
        with pytest.raises(TypeError):
            _json.parse_ds("1.5")

    def test_float_instances(self):
        import gc
        import sys

        from dcmcore.valuerep import DSfloat

        numbers = [1.5, -0.0, 0.1]
        made = _json.float_instances(DSfloat, numbers, "auto_format", False)
        assert made == numbers and all(type(value) is DSfloat for value in made)
        assert [value.auto_format for value in made] == [False] * 3
        assert not any(hasattr(value, "original_string") for value in made)
        assert not gc.is_tracked(made[0])
        first = made[0]
        del made[1:]
        references = sys.getrefcount(first)
        assert references == 3  # the list's, the local name's and the argument's

        class WithDict(float):
            pass

        made = _json.float_instances(WithDict, [2.5], "note", [])
        assert made[0] == 2.5 and made[0].note == [] and gc.is_tracked(made[0])

    @pytest.mark.parametrize(
        "float_type, numbers, message",
        [(int, [1.0], "int is not a subclass of float"), ("DSfloat", [1.0, 2], "takes floats, not int")],
    )
    def test_float_instances_refuses(self, float_type, numbers, message):
        from dcmcore.valuerep import DSfloat

        float_type = DSfloat if float_type == "DSfloat" else float_type
        with pytest.raises(TypeError, match=message):
            _json.float_instances(float_type, numbers, "auto_format", False)


class TestReplacedElementJson:
    """A DataElement.to_json_dict that is patched or overridden is the one
    called for every element, as in pydicom."""

    def _dataset(self):
        import dcmcore
        from dcmcore.data import get_testdata_file

        return dcmcore.dcmread(get_testdata_file("CT_small.dcm"))

    def test_a_patched_method_is_called(self, monkeypatch):
        from dcmcore.dataelem import DataElement

        expected = self._dataset().to_json_dict()
        original = DataElement.to_json_dict
        seen = []

        def patched(self, bulk_data_element_handler, bulk_data_threshold):
            seen.append(int(self.tag))
            return original(self, bulk_data_element_handler, bulk_data_threshold)

        monkeypatch.setattr(DataElement, "to_json_dict", patched)
        ds = self._dataset()
        assert ds.to_json_dict() == expected
        assert {int(tag) for tag in ds.keys()} <= set(seen)

    def test_a_failing_patch_is_suppressed_as_pydicom_does(self, monkeypatch, caplog):
        from dcmcore.dataelem import DataElement

        original = DataElement.to_json_dict

        def patched(self, bulk_data_element_handler, bulk_data_threshold):
            if self.tag == 0x00100010:
                raise ValueError("no names")
            return original(self, bulk_data_element_handler, bulk_data_threshold)

        monkeypatch.setattr(DataElement, "to_json_dict", patched)
        ds = self._dataset()
        with pytest.raises(ValueError, match="no names"):
            ds.to_json_dict()
        result = ds.to_json_dict(suppress_invalid_tags=True)
        assert "00100010" not in result and "00100020" in result
        assert "Error while processing tag 00100010" in caplog.text

    def test_a_subclass_override_is_called(self):
        from dcmcore.dataelem import DataElement

        class Element(DataElement):
            def to_json_dict(self, bulk_data_element_handler, bulk_data_threshold):
                return {"vr": self.VR, "Value": ["overridden"]}

        ds = self._dataset()
        ds._dict[ds["PatientName"].tag] = Element(0x00100010, "PN", "A^B")
        assert ds.to_json_dict()["00100010"] == {"vr": "PN", "Value": ["overridden"]}
