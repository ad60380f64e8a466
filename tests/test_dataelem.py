"""Tests of dcmcore.dataelem: DataElement, RawDataElement, DataElement_from_raw.

Most tests build the same element in dcmcore and in pydicom 2.4.5 and compare
everything a user can see: value types and values, str(), repr(), repval, VM,
name, keyword, the warnings issued and the exceptions raised.
"""

import copy
import pickle
import struct
import warnings
import weakref
from contextlib import contextmanager
from typing import Any, Callable, Iterator, List, Tuple

import pytest
from conftest import outcome as _outcome
from hypothesis import given, settings
from hypothesis import strategies as st

from dcmcore import _convert, _element, config, dataelem
from dcmcore.dataelem import (
    DataElement,
    DataElement_from_raw,
    RawDataElement,
    empty_value_for_VR,
)
from dcmcore.errors import BytesLengthException
from dcmcore.tag import Tag


@pytest.fixture
def pyd():
    """pydicom 2.4.5, the oracle (the test is skipped without it)."""
    pydicom = pytest.importorskip("pydicom")
    import pydicom.dataelem  # noqa: F401  (loads the submodules used below)

    return pydicom


# -- comparison helpers -------------------------------------------------------


def normalized(text: str) -> str:
    """Messages that name the library name dcmcore where pydicom names itself."""
    return text.replace("pydicom", "dcmcore")


def describe(value: Any) -> Any:
    """A library-independent picture of a value: type names and reprs."""
    type_name = type(value).__name__
    if type_name in ("list", "tuple", "MultiValue"):
        return type_name, [describe(item) for item in value]
    if type_name == "Sequence":
        return type_name, len(value)
    return type_name, repr(value)


def snapshot(elem: Any) -> dict:
    """Everything about an element that a user sees."""
    return {
        "tag": str(elem.tag),
        "tag_type": type(elem.tag).__name__,
        "VR": repr(elem.VR),
        "value": describe(elem.value),
        "str": str(elem),
        "repr": repr(elem),
        "repval": elem.repval,
        "VM": elem.VM,
        "name": elem.name,
        "keyword": elem.keyword,
        "is_empty": elem.is_empty,
        "is_private": elem.is_private,
        "is_retired": elem.is_retired,
        "is_undefined_length": elem.is_undefined_length,
        "file_tell": elem.file_tell,
        "empty_value": describe(elem.empty_value),
        "validation_mode": elem.validation_mode,
        "private_creator": elem.private_creator,
    }


def outcome(func: Callable[[], Any], picture: Callable[[Any], Any] = snapshot) -> Tuple:
    """The picture of func()'s result (or of its exception) and its warnings."""
    return _outcome(
        func, picture, normalized, lambda w: (w.category.__name__, normalized(str(w.message)))
    )


@contextmanager
def configured(pydicom: Any, **options: Any) -> Iterator[None]:
    """Set the same config options in dcmcore and pydicom for the block."""
    saved: List[Tuple[Any, str, Any]] = []
    try:
        for module in (config, pydicom.config):
            for name, value in options.items():
                target = module.settings if name.endswith("validation_mode") else module
                if name.endswith("validation_mode"):
                    saved.append((target, "_" + name, getattr(target, "_" + name)))
                else:
                    saved.append((target, name, getattr(target, name)))
                setattr(target, name, value)
        yield
    finally:
        for target, name, value in reversed(saved):
            setattr(target, name, value)


def both(pyd: Any, func: Callable[[Any, Any], Any], picture=snapshot) -> None:
    """Assert func(dcmcore module, its DataElement) behaves as with pydicom."""
    ours = outcome(lambda: func(dataelem, DataElement), picture)
    theirs = outcome(lambda: func(pyd.dataelem, pyd.dataelem.DataElement), picture)
    assert ours == theirs


# -- DataElement construction -------------------------------------------------

LONG = "x" * 70

# (tag, VR, value): good and bad values for every VR
ELEMENTS = [
    (0x00080054, "AE", "STORESCP"),
    (0x00080054, "AE", " AE TITLE "),
    (0x00080054, "AE", "A" * 17),
    (0x00080054, "AE", "ONE\\TWO"),
    (0x00101010, "AS", "035Y"),
    (0x00101010, "AS", "35 years"),
    (0x00209165, "AT", 0x00100010),
    (0x00209165, "AT", (0x0010, 0x0020)),
    (0x00209165, "AT", [0x00100010, 0x00100020]),
    (0x00209165, "AT", "PatientName"),
    (0x00209165, "AT", 0),
    (0x00209165, "AT", None),
    (0x00209165, "AT", ""),
    (0x00080008, "CS", "ORIGINAL\\PRIMARY\\AXIAL"),
    (0x00080008, "CS", "lower case"),
    (0x00080008, "CS", ["A", "B"]),
    (0x00080008, "CS", ("A",)),
    (0x00080008, "CS", ""),
    (0x00080008, "CS", None),
    (0x00080008, "CS", b"BYTES\\TOO"),
    (0x00080020, "DA", "20010101"),
    (0x00080020, "DA", "2001"),
    (0x00080020, "DA", "20010101\\20020202"),
    (0x00080020, "DA", b"20010101"),
    (0x00281050, "DS", "1.5"),
    (0x00281050, "DS", 1.5),
    (0x00281050, "DS", 40),
    (0x00281050, "DS", "1e3"),
    (0x00281050, "DS", " 2.0 "),
    (0x00281050, "DS", "abc"),
    (0x00281050, "DS", "40\\400"),
    (0x00281050, "DS", [1, 2.5, "3"]),
    (0x00281050, "DS", ""),
    (0x00281050, "DS", None),
    (0x00281050, "DS", 1.23456789012345678),
    (0x00281050, "DS", "1234567890123456789"),
    (0x0008002A, "DT", "20010101120000.123456+0100"),
    (0x0008002A, "DT", "not a date"),
    (0x00189087, "FD", 1.5),
    (0x00189087, "FD", [1.0, 2.0]),
    (0x00189087, "FD", "1.5"),
    (0x00189087, "FD", None),
    (0x00189089, "FL", 1.5),
    (0x00200013, "IS", "10"),
    (0x00200013, "IS", 10),
    (0x00200013, "IS", "1.0"),
    (0x00200013, "IS", 1.5),
    (0x00200013, "IS", "abc"),
    (0x00200013, "IS", "10\\20"),
    (0x00200013, "IS", ""),
    (0x00200013, "IS", None),
    (0x00200013, "IS", "123456789012345"),
    (0x00081030, "LO", "Study description"),
    (0x00081030, "LO", "a\\b"),
    (0x00081030, "LO", "x" * 65),
    (0x00081030, "LO", "bad\nline"),
    (0x00081030, "LO", 12),
    (0x00204000, "LT", "text\\with backslash"),
    (0x7FE00010, "OB", b"\x00\x01\x02\x03"),
    (0x7FE00010, "OB", b"a\\b"),
    (0x7FE00010, "OB", b"\x00" * 40),
    (0x7FE00010, "OB", "not bytes"),
    (0x7FE00009, "OD", b"\x00" * 8),
    (0x7FE00008, "OF", b"\x00" * 4),
    (0x00660129, "OL", b"\x00" * 4),
    (0x7FE00001, "OV", b"\x00" * 8),
    (0x7FE00010, "OW", b"\x00\x01"),
    (0x00100010, "PN", "CITIZEN^Joan"),
    (0x00100010, "PN", "A^B\\C^D"),
    (0x00100010, "PN", b"CITIZEN^Joan"),
    (0x00100010, "PN", "=^^"),
    (0x00100010, "PN", LONG),
    (0x00100010, "PN", ""),
    (0x00100010, "PN", None),
    (0x00100010, "PN", ["A^B", "C^D", "E"]),
    (0x00080050, "SH", "ACC123"),
    (0x00080050, "SH", "x" * 17),
    (0x00189219, "SL", -5),
    (0x00189219, "SL", [1, -2]),
    (0x00189219, "SL", 2**31),
    (0x00080070, "SQ", []),
    (0x00080070, "SQ", None),
    (0x00281101, "SS", -1),
    (0x00281101, "SS", 40000),
    (0x00081040, "ST", "a\\b"),
    (0x00720082, "SV", 2**40),
    (0x00080030, "TM", "120000"),
    (0x00080030, "TM", "120000.123"),
    (0x00080030, "TM", "bad"),
    (0x00080030, "TM", "1200\\1300"),
    (0x00080120, "UC", "y" * 100),
    (0x00080120, "UC", "a\\b"),
    (0x00080016, "UI", "1.2.840.10008.5.1.4.1.1.2"),
    (0x00080018, "UI", "1.2.3"),
    (0x00080018, "UI", "1.2.3\\1.2.4"),
    (0x00080018, "UI", "bad uid"),
    (0x00080018, "UI", ""),
    (0x00080018, "UI", None),
    (0x00080018, "UI", "1." + "2" * 70),
    (0x00280010, "UL", 5),
    (0x00280010, "UL", -1),
    (0x00082112, "UN", b"123"),
    (0x00082112, "UN", b"\\x"),
    (0x00080190, "UR", "http://example.com/a b"),
    (0x00080190, "UR", "http://example.com"),
    (0x00280010, "US", 512),
    (0x00280010, "US", 70000),
    (0x00280010, "US", [1, 2, 3]),
    (0x00280010, "US", "5"),
    (0x00280010, "US", list(range(20))),
    (0x00400280, "UT", "long text " * 20),
    (0x00720084, "UV", 2**63),
    (0x00281101, "US or SS", 5),
    (0x60003000, "OB or OW", b"12"),
    (0x00283006, "US or SS or OW", b"\x01\x00"),
    (0x00283006, "US or OW", [1, 2]),
    # UN for a known tag takes the dictionary VR
    (0x00100010, "UN", "UN^Name"),
    (0x00100010, "UN", None),
    (0x00280010, "UN", b"\x00\x02"),
    # tags: retired, repeater, private creator, private, group length, unknown
    (0x00080010, "SH", "retired"),
    (0x50000005, "US", 2),
    (0x60003000, "OW", b"\x00\x00"),
    (0x00090010, "LO", "CREATOR"),
    (0x00091001, "LO", "private"),
    (0x00090005, "LO", "block 00"),
    (0x00190000, "UL", 4),
    (0x00100000, "UL", 4),
    (0x00100001, "LO", "unknown"),
    ((0x0010, 0x0020), "LO", "tuple tag"),
    ("PatientID", "LO", "keyword tag"),
]


def element_id(case):
    tag, vr, value = case
    return f"{tag}-{vr}-{value!r:.20}"


class TestDataElementInit:
    @pytest.mark.parametrize("case", ELEMENTS, ids=element_id)
    @pytest.mark.parametrize("mode", [None, 0, 1, 2])
    def test_matches_pydicom(self, pyd, case, mode):
        tag, vr, value = case
        both(pyd, lambda mod, cls: cls(tag, vr, value, validation_mode=mode))

    @pytest.mark.parametrize("case", ELEMENTS[::7], ids=element_id)
    def test_reading_validation_mode_is_the_default(self, pyd, case):
        tag, vr, value = case
        with configured(pyd, reading_validation_mode=2):
            both(pyd, lambda mod, cls: cls(tag, vr, value))

    @pytest.mark.parametrize(
        "option", ["datetime_conversion", "use_none_as_empty_text_VR_value"]
    )
    @pytest.mark.parametrize("case", ELEMENTS[:60], ids=element_id)
    def test_config_options(self, pyd, case, option):
        tag, vr, value = case
        with configured(pyd, **{option: True}):
            both(pyd, lambda mod, cls: cls(tag, vr, value))

    def test_un_not_replaced_when_configured_off(self, pyd):
        with configured(pyd, replace_un_with_known_vr=False):
            both(pyd, lambda mod, cls: cls(0x00280010, "UN", b"\x00\x02"))

    def test_un_kept_for_long_value(self, pyd):
        both(pyd, lambda mod, cls: cls(0x00280010, "UN", b"\x00" * 0x10000))
        both(pyd, lambda mod, cls: cls(0x00280010, "UN", b"\x00" * 0x10000, None, True))

    def test_file_tell_and_undefined_length(self, pyd):
        both(pyd, lambda mod, cls: cls(0x7FE00010, "OB", b"\x00\x00", 1234, True))

    def test_already_converted_keeps_value(self, pyd):
        both(pyd, lambda mod, cls: cls(0x00280010, "US", "not converted", already_converted=True))

    def test_bad_tag(self, pyd):
        both(pyd, lambda mod, cls: cls("NotAKeyword", "LO", "x"))
        both(pyd, lambda mod, cls: cls(-1, "LO", "x"))


class TestValueSetter:
    @pytest.mark.parametrize("case", ELEMENTS[::3], ids=element_id)
    def test_set_value(self, pyd, case):
        tag, vr, value = case

        def set_value(mod, cls):
            elem = cls(tag, vr, None, validation_mode=1)
            elem.value = value
            return elem

        both(pyd, set_value)

    def test_multivalue_items_are_converted(self, pyd):
        def append(mod, cls):
            elem = cls(0x00281050, "DS", "1\\2")
            elem.value.append("3.5")
            return elem

        both(pyd, append)

    def test_clear(self, pyd):
        for vr, value in [("PN", "A^B"), ("US", 1), ("SQ", []), ("UI", "1.2"), ("OB", b"12")]:

            def clear(mod, cls):
                elem = cls(0x00100010, vr, value)
                elem.clear()
                return elem

            both(pyd, clear)

    def test_validate(self, pyd):
        def validate(mod, cls):
            elem = cls(0x00080050, "SH", "ok", validation_mode=2)
            elem.validate("x" * 17)
            return elem

        both(pyd, validate)

    def test_subclass_value_property_is_used(self):
        pydicom = pytest.importorskip("pydicom")

        def values(base):
            class Custom(base):
                @property
                def value(self):
                    return ("custom", self._value)

                @value.setter
                def value(self, val):
                    self._value = f"set {val}"

            elem = Custom(0x00100010, "PN", "A^B")
            first = elem.value
            elem.value = "C^D"
            return first, elem.value

        assert values(DataElement) == values(pydicom.dataelem.DataElement)

    def test_fields_are_never_left_empty(self):
        # the C code reads every field: deleting one leaves None, and the
        # read-only member descriptors refuse to be used directly
        elem = DataElement(0x00100010, "PN", "A^B")
        del elem.VR
        assert elem.VR is None
        assert "(0010, 0010)" in repr(elem)
        with pytest.raises(AttributeError):
            _element.ElementBase.__dict__["tag"].__delete__(elem)
        with pytest.raises(TypeError):
            object.__delattr__(elem, "tag")
        assert elem.tag == 0x00100010
        elem.VR = "LO"
        elem.extra = 1
        assert (elem.VR, elem.extra) == ("LO", 1)

    def test_value_cannot_be_deleted(self):
        elem = DataElement(0x00100010, "PN", "A^B")
        with pytest.raises(AttributeError):
            del elem.value
        assert elem.value == "A^B"

    def test_sequence_value_becomes_sequence(self):
        from dcmcore.dataset import Dataset
        from dcmcore.sequence import Sequence

        item = Dataset()
        item.PatientName = "A^B"
        elem = DataElement(0x00081115, "SQ", [item])
        assert type(elem.value) is Sequence
        assert elem.value[0] is item
        assert elem[0] is item
        kept = Sequence([Dataset()])
        elem.value = kept
        assert elem.value is kept
        assert repr(elem) == repr(kept)


class TestDisplay:
    def test_show_vr_off(self, pyd):
        def hide_vr(mod, cls):
            elem = cls(0x00100010, "PN", "A^B")
            elem.showVR = False
            return elem

        both(pyd, hide_vr)

    def test_class_settings(self, pyd):
        saved = [(cls, cls.descripWidth, cls.maxBytesToDisplay) for cls in
                 (DataElement, pyd.dataelem.DataElement)]
        try:
            for cls, _, _ in saved:
                cls.descripWidth = 10
                cls.maxBytesToDisplay = 2
            both(pyd, lambda mod, cls: cls(0x00280010, "US", [1, 2, 3]))
            both(pyd, lambda mod, cls: cls(0x7FE00010, "OB", b"\x00" * 3))
        finally:
            for cls, width, max_bytes in saved:
                cls.descripWidth = width
                cls.maxBytesToDisplay = max_bytes

    def test_private_creator_name(self, pyd):
        for creator in ["SIEMENS CSA HEADER", "UNKNOWN CREATOR"]:
            for tag in [0x00291008, 0x00291099]:

                def with_creator(mod, cls):
                    elem = cls(tag, "CS", "X")
                    elem.private_creator = creator
                    return elem

                both(pyd, with_creator)

    def test_description_is_deprecated(self, pyd):
        both(pyd, lambda mod, cls: cls(0x00100010, "PN", "A^B").description(), picture=repr)

    def test_getitem(self, pyd):
        both(pyd, lambda mod, cls: cls(0x00280010, "US", [1, 2, 3])[1], picture=repr)
        both(pyd, lambda mod, cls: cls(0x00280010, "US", 1)[0], picture=repr)


class TestEquality:
    PAIRS = [
        ((0x00100010, "PN", "A^B"), (0x00100010, "PN", "A^B")),
        ((0x00100010, "PN", "A^B"), (0x00100010, "PN", "A^C")),
        ((0x00100010, "PN", "A^B"), (0x00100020, "PN", "A^B")),
        ((0x00100010, "PN", "A^B"), (0x00100010, "LO", "A^B")),
        ((0x00280010, "US", [1, 2]), (0x00280010, "US", [1, 2])),
        ((0x00281050, "DS", "1.0"), (0x00281050, "DS", 1)),
    ]

    @pytest.mark.parametrize("first, second", PAIRS)
    def test_matches_pydicom(self, pyd, first, second):
        both(pyd, lambda mod, cls: (cls(*first) == cls(*second), cls(*first) != cls(*second)),
             picture=repr)

    def test_other_types(self):
        elem = DataElement(0x00100010, "PN", "A^B")
        assert elem == elem
        assert elem != "A^B"
        assert not elem == 0x00100010
        assert elem.__eq__("A^B") is NotImplemented

    def test_numpy_values(self):
        numpy = pytest.importorskip("numpy")
        first = DataElement(0x00280010, "US", numpy.array([1.0, 2.0]), already_converted=True)
        second = DataElement(0x00280010, "US", numpy.array([1.0, 2.0 + 1e-12]), already_converted=True)
        third = DataElement(0x00280010, "US", numpy.array([1.0]), already_converted=True)
        assert first == second
        assert first != third

    def test_unhashable(self, pyd):
        both(pyd, lambda mod, cls: hash(cls(0x00100010, "PN", "A^B")), picture=repr)


class TestCopyAndPickle:
    def make(self) -> DataElement:
        elem = DataElement(0x00281050, "DS", "1.5\\2.5", 128, True)
        elem.private_creator = "CREATOR"
        elem.custom = ["extra"]
        return elem

    def test_pickle(self):
        elem = self.make()
        loaded = pickle.loads(pickle.dumps(elem))
        assert type(loaded) is DataElement
        assert loaded == elem
        assert snapshot(loaded) == snapshot(elem)
        assert loaded.custom == ["extra"]

    def test_pickle_state_uses_pydicom_names(self, pyd):
        ours = DataElement(0x00100010, "PN", "A^B").__getstate__()
        theirs = pyd.dataelem.DataElement(0x00100010, "PN", "A^B").__dict__
        assert sorted(ours) == sorted(theirs)

    def test_copy_shares_value(self):
        elem = self.make()
        copied = copy.copy(elem)
        assert copied == elem and copied is not elem
        assert copied.value is elem.value
        assert copied.custom is elem.custom
        assert snapshot(copied) == snapshot(elem)

    def test_deepcopy_copies_value(self):
        elem = self.make()
        copied = copy.deepcopy(elem)
        assert copied == elem
        assert copied.value is not elem.value
        assert copied.custom == elem.custom and copied.custom is not elem.custom
        assert snapshot(copied) == snapshot(elem)
        assert copied.tag is elem.tag

    def test_deepcopy_parent_follows_memo(self):
        class Parent:
            pass

        parent = Parent()
        elem = self.make()
        elem.parent = parent
        memo: dict = {}
        new_parent = copy.deepcopy(parent, memo)
        copied = copy.deepcopy(elem, memo)
        assert copied.parent is new_parent

    def test_no_attribute_dict_needed(self):
        elem = DataElement(0x00100010, "PN", "A^B")
        copied = copy.deepcopy(elem)
        assert copied.__dict__ == {}
        assert weakref.ref(copied)() is copied


class TestEmptyValueForVR:
    VRS = ["AE", "AS", "AT", "CS", "DA", "DS", "DT", "FD", "FL", "IS", "LO", "LT",
           "OB", "OD", "OF", "OL", "OV", "OW", "PN", "SH", "SL", "SQ", "SS", "ST",
           "SV", "TM", "UC", "UI", "UL", "UN", "UR", "US", "UT", "UV", "US or SS", None]

    @pytest.mark.parametrize("vr", VRS)
    @pytest.mark.parametrize("raw", [False, True])
    @pytest.mark.parametrize("none_empty", [False, True])
    def test_matches_pydicom(self, pyd, vr, raw, none_empty):
        with configured(pyd, use_none_as_empty_text_VR_value=none_empty):
            assert describe(empty_value_for_VR(vr, raw)) == describe(
                pyd.dataelem.empty_value_for_VR(vr, raw)
            )


class TestRawDataElement:
    def test_fields(self, pyd):
        pydicom_fields = pyd.dataelem.RawDataElement._fields
        assert RawDataElement._fields == pydicom_fields
        assert RawDataElement._field_defaults == pyd.dataelem.RawDataElement._field_defaults
        raw = RawDataElement(Tag(0x00100010), "PN", 4, b"A^B ", 0, False, True)
        assert raw.is_raw is True
        assert repr(raw).replace("dcmcore", "") == repr(
            pyd.dataelem.RawDataElement(pyd.tag.Tag(0x00100010), "PN", 4, b"A^B ", 0, False, True)
        ).replace("pydicom", "")

    def test_fast_construction(self):
        raw = tuple.__new__(RawDataElement, (Tag(0x00100010), "PN", 4, b"A^B ", 8, False, True, True))
        assert raw.tag == 0x00100010 and raw.value_tell == 8
        assert DataElement_from_raw(raw).value == "A^B"


# -- DataElement_from_raw ------------------------------------------------------


def pack(fmt: str, little_endian: bool, *values: Any) -> bytes:
    return struct.pack(("<" if little_endian else ">") + fmt, *values)


def raw_cases(little_endian: bool) -> List[Tuple[int, Any, bytes]]:
    """(tag, VR, encoded value) covering every VR."""
    le = little_endian
    return [
        (0x00080054, "AE", b" STORE SCP "),
        (0x00101010, "AS", b"035Y"),
        (0x00209165, "AT", pack("HH", le, 0x0010, 0x0010)),
        (0x00209165, "AT", pack("HHHH", le, 0x0010, 0x0010, 0x0028, 0x0030)),
        (0x00080008, "CS", b"ORIGINAL\\PRIMARY "),
        (0x00080008, "CS", b"AXIAL\x00"),
        (0x00080008, "CS", b" "),
        (0x00080008, "CS", b"\\"),
        (0x00080008, "CS", b""),
        (0x00080020, "DA", b"20010101"),
        (0x00080020, "DA", b"20010101\\20020202"),
        (0x00080020, "DA", b"bad date"),
        (0x00281050, "DS", b"1.5 "),
        (0x00281050, "DS", b"1.5\\-2.5e3 "),
        (0x00281050, "DS", b"abc "),
        (0x00281050, "DS", b""),
        (0x0008002A, "DT", b"20010101120000 "),
        (0x00189087, "FD", pack("d", le, 1.5)),
        (0x00189087, "FD", pack("dd", le, 1.5, -2.0)),
        (0x00189089, "FL", pack("f", le, 1.5)),
        (0x00200013, "IS", b"12"),
        (0x00200013, "IS", b"1\\2\\3 "),
        (0x00200013, "IS", b"1.5 "),
        (0x00081030, "LO", b"Study \\ description"),
        (0x00081030, "LO", b"caf\xe9 "),
        (0x00081030, "LO", b"x" * 66),
        (0x00204000, "LT", b"text\\with backslash  "),
        (0x7FE00010, "OB", b"\x00\x01\x02\x03"),
        (0x7FE00009, "OD", b"\x00" * 8),
        (0x7FE00008, "OF", pack("f", le, 1.0)),
        (0x00660129, "OL", b"\x00" * 4),
        (0x7FE00001, "OV", b"\x00" * 8),
        (0x7FE00010, "OW", pack("HH", le, 1, 2)),
        (0x00100010, "PN", b"CITIZEN^Joan "),
        (0x00100010, "PN", b"A^B\\C^D"),
        (0x00100010, "PN", b""),
        (0x00080050, "SH", b"ACC123"),
        (0x00189219, "SL", pack("l", le, -5)),
        (0x00281101, "SS", pack("h", le, -1)),
        (0x00081040, "ST", b"a\\b "),
        (0x00720082, "SV", pack("q", le, -(2**40))),
        (0x00080030, "TM", b"120000.123 "),
        (0x00080030, "TM", b"1200\\1300 "),
        (0x00080120, "UC", b"y\\z  "),
        (0x00080016, "UI", b"1.2.840.10008.5.1.4.1.1.2\x00"),
        (0x00080018, "UI", b"1.2.3\\1.2.4\x00"),
        (0x00080018, "UI", b"bad uid "),
        (0x00280010, "UL", pack("L", le, 70000)),
        (0x00080190, "UR", b"http://example.com  "),
        (0x00280010, "US", pack("H", le, 512)),
        (0x00280011, "US", pack("HHH", le, 1, 2, 3)),
        (0x00280010, "US", b""),
        (0x00400280, "UT", b"long text \\ " * 20),
        (0x00720084, "UV", pack("Q", le, 2**63)),
        (0x00100003, "UN", b"123\\"),
        # LUT descriptors: the first value is US even when the VR is SS
        (0x00283002, "SS", pack("hhh", le, -2, 0, 16)),
        (0x00281101, "US or SS", pack("HHH", le, 65534, 0, 16)),
        (0x00283002, "US", pack("H", le, 256)),
        # wrong lengths
        (0x00280010, "US", b"\x01\x02\x03"),
        (0x00280010, "UL", b"\x01\x02"),
        (0x00189087, "FD", b"\x00" * 7),
        (0x00209165, "AT", b"\x00" * 6),
        # UN for a known tag
        (0x00100010, "UN", b"UN^Name "),
        (0x00280010, "UN", pack("H", le, 512)),
        (0x00280010, "UN", b"\x01\x02\x03"),
        (0x00280010, "UN", b"\x00" * 0x10000),
        (0x00100001, "UN", b"unknown"),
        # ambiguous VRs stay ambiguous here
        (0x60003000, "OB or OW", b"\x00\x01"),
        (0x00283006, "US or SS or OW", pack("HH", le, 1, 2)),
        # unknown VR
        (0x00100010, "XX", b"abc"),
        (0x00100010, "\x01\x02", b"abc"),
        # private creator, private, repeater, group length
        (0x00090010, "LO", b"CREATOR "),
        (0x00091001, "LO", b"private "),
        (0x00291008, "UN", b"IMAGE NUM 4 "),
        (0x50000005, "US", pack("H", le, 2)),
        (0x00100000, "UL", pack("L", le, 4)),
    ]


def implicit_cases(little_endian: bool) -> List[Tuple[int, Any, bytes]]:
    """(tag, None, encoded value) for implicit VR: the VR comes from the dictionaries."""
    le = little_endian
    return [
        (0x00100010, None, b"CITIZEN^Joan "),
        (0x00280010, None, pack("H", le, 512)),
        (0x00281050, None, b"1.5\\2.5 "),
        (0x00080008, None, b"ORIGINAL\\PRIMARY "),
        (0x60003000, None, b"\x00\x01"),  # repeater: OB or OW
        (0x50000005, None, pack("H", le, 2)),  # repeater: US
        (0x00281101, None, pack("HHH", le, 65534, 0, 16)),  # US or SS
        (0x00100000, None, pack("L", le, 4)),  # group length: UL
        (0x00100001, None, b"unknown "),  # unknown: UN with a warning
        (0x00090010, None, b"GEMS_IDEN_01"),  # private creator: LO
        (0x00291008, None, b"IMAGE NUM 4 "),  # private: CS if creator known
        (0x00291010, None, b"\x00\x01"),  # private: OB if creator known
        (0x00291099, None, b"unknown"),  # private, not in the dictionary
        (0x00290005, None, b"block 00"),  # private without block: UN
        (0x00190000, None, pack("L", le, 4)),  # private group length
        (0x00280010, None, b"\x01\x02\x03"),  # wrong length
    ]


class CreatorLookup:
    """The part of a Dataset that DataElement_from_raw uses: get() of creators."""

    def __init__(self, element_class: Any, creators: dict) -> None:
        self._creators = {tag: element_class(tag, "LO", value) for tag, value in creators.items()}

    def get(self, tag: int, default: Any = None) -> Any:
        return self._creators.get(int(tag), default)


CREATORS = {0x00290010: "SIEMENS CSA HEADER", 0x00090010: "GEMS_IDEN_01"}


def make_raw(module: Any, tag: int, vr: Any, value: bytes, little_endian: bool,
             length: Any = None) -> Any:
    return module.RawDataElement(
        module.Tag(tag) if hasattr(module, "Tag") else Tag(tag),
        vr, len(value) if length is None else length, value, 1000, vr is None, little_endian,
    )


def from_raw(tag, vr, value, little_endian, with_dataset, length=None, encoding=None,
             converter=None):
    """A both() callable converting the raw element in either library."""

    def convert(mod, cls):
        raw = make_raw(mod, tag, vr, value, little_endian, length)
        dataset = CreatorLookup(cls, CREATORS) if with_dataset else None
        function = converter if (converter and mod is dataelem) else mod.DataElement_from_raw
        return function(raw, encoding, dataset)

    return convert


def all_raw_cases() -> list:
    return [
        pytest.param(tag, vr, value, little_endian,
                     id=f"{tag:08x}-{vr}-{value[:12]!r}-{'LE' if little_endian else 'BE'}")
        for little_endian in (True, False)
        for tag, vr, value in raw_cases(little_endian) + implicit_cases(little_endian)
    ]


class TestDataElementFromRaw:
    @pytest.mark.parametrize("tag, vr, value, little_endian", all_raw_cases())
    @pytest.mark.parametrize("with_dataset", [False, True])
    def test_matches_pydicom(self, pyd, tag, vr, value, little_endian, with_dataset):
        both(pyd, from_raw(tag, vr, value, little_endian, with_dataset))

    @pytest.mark.parametrize("tag, vr, value, little_endian", all_raw_cases())
    def test_fast_path_matches_general_path(self, tag, vr, value, little_endian):
        fast = outcome(lambda: from_raw(tag, vr, value, little_endian, True)(dataelem, DataElement))
        general = outcome(lambda: from_raw(
            tag, vr, value, little_endian, True, converter=_convert._convert_raw_general
        )(dataelem, DataElement))
        assert fast == general

    @pytest.mark.parametrize(
        "options",
        [
            {"convert_wrong_length_to_UN": True},
            {"replace_un_with_known_vr": False},
            {"reading_validation_mode": 2},
            {"reading_validation_mode": 0},
            {"datetime_conversion": True},
            {"use_none_as_empty_text_VR_value": True},
        ],
        ids=lambda options: "-".join(f"{k}={v}" for k, v in options.items()),
    )
    @pytest.mark.parametrize("tag, vr, value, little_endian", all_raw_cases())
    def test_config_options(self, pyd, options, tag, vr, value, little_endian):
        with configured(pyd, **options):
            both(pyd, from_raw(tag, vr, value, little_endian, True))

    @pytest.mark.parametrize(
        "encoding", ["latin_1", ["iso8859", "iso_ir_126"], "shift_jis", None]
    )
    def test_encodings(self, pyd, encoding):
        for tag, value in [(0x00100010, b"Dupont^Ren\xe9 "), (0x00081030, b"\xe9t\xe9\\b")]:
            both(pyd, from_raw(tag, None, value, True, False, encoding=encoding))

    def test_undefined_length(self, pyd):
        both(pyd, from_raw(0x7FE00010, "OB", b"\x00\x01", True, False, length=0xFFFFFFFF))
        both(pyd, from_raw(0x00280010, "UN", b"\x00" * 0x10000, True, False, length=0xFFFFFFFF))

    def test_length_zero_is_empty(self, pyd):
        for vr in ["US", "CS", "PN", "DS", "UI", "OB", "SQ"]:
            both(pyd, from_raw(0x00280010, vr, b"", True, False, length=0))

    def test_data_element_callback(self, pyd):
        def callback(raw, encoding=None, new_value=b""):
            return raw._replace(value=new_value, length=len(new_value))

        for module in (config, pyd.config):
            module.data_element_callback = callback
            module.data_element_callback_kwargs = {"new_value": b"REPLACED "}
        try:
            both(pyd, from_raw(0x00100010, "PN", b"A^B", True, False))
        finally:
            config.reset_data_element_callback()
            pyd.config.reset_data_element_callback()
        assert config.data_element_callback is None

    def test_enforce_valid_values(self, pyd):
        with configured(pyd, enforce_valid_values=True):
            both(pyd, from_raw(0x00100001, None, b"unknown ", True, False))
            both(pyd, from_raw(0x00280010, "US", b"\x01\x00", True, False))
            both(pyd, lambda mod, cls: cls(0x00080050, "SH", "x" * 17))

    def test_validation_mode_is_kept_from_conversion(self, pyd):
        """The reading mode at conversion time governs later value changes."""

        def convert_then_set(mod, cls):
            with configured(pyd, reading_validation_mode=2):
                elem = from_raw(0x00080050, "SH", b"ok", True, False)(mod, cls)
            elem.value = "x" * 17
            return elem

        both(pyd, convert_then_set)

    def test_raw_with_named_fields_only(self):
        class OtherRaw:
            tag = Tag(0x00280010)
            VR = "US"
            length = 2
            value = b"\x02\x00"
            value_tell = 4
            is_implicit_VR = False
            is_little_endian = True

        elem = DataElement_from_raw(OtherRaw())
        assert (elem.value, elem.file_tell) == (2, 4)

    def test_private_vr_for_tag(self, pyd):
        for tag in [0x00090010, 0x00291008, 0x00291099, 0x00290005, 0x00091001]:
            for with_dataset in (False, True):
                ours = _convert._private_vr_for_tag(
                    CreatorLookup(DataElement, CREATORS) if with_dataset else None, Tag(tag))
                theirs = pyd.dataelem._private_vr_for_tag(
                    CreatorLookup(pyd.dataelem.DataElement, CREATORS) if with_dataset else None,
                    pyd.tag.Tag(tag))
                assert repr(ours) == repr(theirs)


# -- property-based: the kernels agree with the general path and with pydicom --

KERNEL_VRS = ["US", "SS", "UL", "SL", "UV", "SV", "FL", "FD", "CS", "AS", "DA", "DT", "TM"]


class TestFastPathProperties:
    @settings(max_examples=150, deadline=None)
    @given(
        vr=st.sampled_from(KERNEL_VRS),
        value=st.binary(max_size=40) | st.text("AZ09 \\\x00.-", max_size=30).map(str.encode),
        little_endian=st.booleans(),
    )
    def test_fast_equals_general(self, vr, value, little_endian):
        raw = RawDataElement(Tag(0x00280010), vr, len(value), value, 0, False, little_endian)
        fast = outcome(lambda: DataElement_from_raw(raw))
        general = outcome(lambda: _convert._convert_raw_general(raw))
        assert fast == general

    @settings(max_examples=100, deadline=None)
    @given(
        vr=st.sampled_from(KERNEL_VRS),
        value=st.binary(max_size=24) | st.text("AZ09 \\\x00.-", max_size=20).map(str.encode),
        little_endian=st.booleans(),
    )
    def test_fast_equals_pydicom(self, vr, value, little_endian):
        pydicom = pytest.importorskip("pydicom")
        ours = outcome(lambda: DataElement_from_raw(
            RawDataElement(Tag(0x00280010), vr, len(value), value, 0, False, little_endian)))
        theirs = outcome(lambda: pydicom.dataelem.DataElement_from_raw(
            pydicom.dataelem.RawDataElement(
                pydicom.tag.Tag(0x00280010), vr, len(value), value, 0, False, little_endian)))
        assert ours == theirs


# -- the C decoders of DS, IS, UI, PN and text values ---------------------------

# Alphabets that reach both the C decoders and their fallbacks: padding,
# separators, whitespace, escape, non-ASCII.
TEXT_DECODER_CASES = {
    "DS": "0123456789+-.eE \\\x00\t",
    "IS": "0123456789+-. \\\x00",
    "UI": "0123456789. \\\x00a",
    "PN": "AZaz^= \\\x00\xe9\x1b",
    "LO": "Az \\\x00\xe9\x1b\r",
    "SH": "Az \\\x00\xe9",
    "UC": "Az \\\x00\xe9",
    "LT": "Az \\\x00\xe9\x1b",
    "ST": "Az \\\x00",
    "UT": "Az \\\x00\xe9",
}
DECODER_TAGS = {
    "DS": 0x00281050, "IS": 0x00200013, "UI": 0x00080018, "PN": 0x00100010,
    "LO": 0x00081030, "SH": 0x00080050, "UC": 0x00080119, "LT": 0x00204000,
    "ST": 0x00080081, "UT": 0x00180990,
}
DECODER_ENCODINGS = [None, "iso8859", "latin_1", "utf_8", "iso8859_5", "shift_jis",
                     ["iso8859", "iso2022_jp"], ""]


def value_state(value: Any) -> Any:
    """A value with the internal state of its type: what str(), writing and
    copies depend on beyond repr()."""
    if type(value).__name__ == "MultiValue":
        constructor = value.type_constructor
        return ("MultiValue", getattr(constructor, "__qualname__", repr(constructor)),
                [value_state(item) for item in value])
    state = [type(value).__name__, repr(value), str(value)]
    for name in ("original_string", "auto_format", "encodings", "_components", "validation_mode"):
        if hasattr(value, name):
            state.append((name, getattr(value, name)))
    return tuple(state)


def element_state(elem: Any) -> Any:
    return snapshot(elem), value_state(elem.value), elem.validation_mode


def decoder_outcomes(vr: str, value: bytes, encoding: Any, mode: int) -> Tuple[Any, Any]:
    """(fast, general) outcomes of converting the raw value in `mode`."""
    saved = config.settings._reading_validation_mode
    config.settings._reading_validation_mode = mode
    try:
        raw = RawDataElement(Tag(DECODER_TAGS[vr]), vr, len(value), value, 0, False, True)
        fast = outcome(lambda: DataElement_from_raw(raw, encoding), element_state)
        general = outcome(lambda: _convert._convert_raw_general(raw, encoding), element_state)
    finally:
        config.settings._reading_validation_mode = saved
    return fast, general


class TestValueDecoders:
    """The C decoders give what the converters of dcmcore.values give (the
    general path) and what pydicom gives, in every reading validation mode."""

    @pytest.mark.parametrize("mode", [0, 1, 2])
    @pytest.mark.parametrize(
        "vr, value",
        [
            ("DS", b"1.5"), ("DS", b" -2.50E+3 "), ("DS", b"1\\2.0\\.5 "), ("DS", b"1\\\\2"),
            ("DS", b"1.234567890123456 "), ("DS", b"12345678901234567"), ("DS", b"1e999"),
            ("DS", b"\t1.5\x00"), ("DS", b"1.5\t\x00"), ("DS", b"1 2"), ("DS", b"abc"),
            ("DS", b"  "), ("DS", b"1\\ "), ("DS", b"+.5\\-5.\\5e-2"), ("DS", b"."),
            ("IS", b"12"), ("IS", b"-7 "), ("IS", b"1\\\\-2"), ("IS", b"+5"), ("IS", b"1.0"),
            ("IS", b"1A"), ("IS", b"123456789"), ("IS", b"1234567890"), ("IS", b"-"),
            ("IS", b" 5"), ("IS", b"2147483648"),
            ("UI", b"1.2.840.10008.1.2\x00"), ("UI", b"1.2\\1.3 "), ("UI", b"1.02"),
            ("UI", b"1..2"), ("UI", b"1.2."), ("UI", b"0.0"), ("UI", b"1.2\\\\1.3"),
            ("UI", b"1." + b"1" * 63), ("UI", b"1.2.3a"), ("UI", b"\x00\x00"),
            ("PN", b"Doe^John "), ("PN", b"A=B=C"), ("PN", b"A=B=C=D"), ("PN", b"A=="),
            ("PN", b"=="), ("PN", b"=B"), ("PN", b"A" * 65), ("PN", b"Ren\xe9^X"),
            ("PN", b"A\\B"), ("PN", b"\x1b$B"), ("PN", b"A^B\x00"),
            ("LO", b"hello world "), ("LO", b"a\\b \\c\x00"), ("LO", b"x" * 65),
            ("LO", b"x" * 64 + b"\\y"), ("LO", b"Ren\xe9"), ("LO", b"\x1b(B"),
            ("SH", b"x" * 17), ("SH", b"x" * 16 + b" "), ("LT", b"a\\b "),
            ("ST", b"x" * 1025), ("UT", b"x" * 70 + b"\\y"), ("UC", b"x" * 70 + b"\\y"),
        ],
    )
    def test_fast_equals_general(self, vr, value, mode):
        fast, general = decoder_outcomes(vr, value, None, mode)
        assert fast == general

    @pytest.mark.parametrize("encoding", DECODER_ENCODINGS, ids=repr)
    @pytest.mark.parametrize("vr", ["PN", "LO", "SH", "LT"])
    def test_encodings(self, pyd, vr, encoding):
        for value in [b"Doe^John ", b"Ren\xe9^A", b"A\\B ", b"\x1b$B", b"A=B"]:
            fast, general = decoder_outcomes(vr, value, encoding, 1)
            assert fast == general
            both(pyd, lambda mod, cls: mod.DataElement_from_raw(
                make_raw(mod, DECODER_TAGS[vr], vr, value, True), encoding))

    @settings(max_examples=200, deadline=None)
    @given(data=st.data(), vr=st.sampled_from(sorted(TEXT_DECODER_CASES)),
           mode=st.sampled_from([0, 1, 2]))
    def test_fast_equals_general_properties(self, data, vr, mode):
        text = data.draw(st.text(TEXT_DECODER_CASES[vr], max_size=70))
        encoding = data.draw(st.sampled_from(DECODER_ENCODINGS))
        fast, general = decoder_outcomes(vr, text.encode("latin_1"), encoding, mode)
        assert fast == general

    @settings(max_examples=150, deadline=None)
    @given(data=st.data(), vr=st.sampled_from(sorted(TEXT_DECODER_CASES)),
           mode=st.sampled_from([0, 1, 2]))
    def test_fast_equals_pydicom_properties(self, data, vr, mode):
        pydicom = pytest.importorskip("pydicom")
        import pydicom.dataelem  # noqa: F401

        value = data.draw(st.text(TEXT_DECODER_CASES[vr], max_size=70)).encode("latin_1")
        with configured(pydicom, reading_validation_mode=mode):
            ours = outcome(lambda: DataElement_from_raw(
                make_raw(dataelem, DECODER_TAGS[vr], vr, value, True)))
            theirs = outcome(lambda: pydicom.dataelem.DataElement_from_raw(
                make_raw(pydicom.dataelem, DECODER_TAGS[vr], vr, value, True)))
        assert ours == theirs

    def test_ds_decimal_and_numpy_use_the_converters(self, pyd):
        for options in ({"use_DS_numpy": True}, {"use_IS_numpy": True}):
            with configured(pyd, **options):
                for vr, value in [("DS", b"1.5\\2"), ("IS", b"3\\4")]:
                    fast, general = decoder_outcomes(vr, value, None, 1)
                    assert fast == general
        config.DS_decimal(True)
        try:
            fast, general = decoder_outcomes("DS", b"1.5\\2 ", None, 1)
            assert fast == general
            assert fast[0][1][1][2][0][0] == "DSdecimal"
        finally:
            config.DS_decimal(False)


# -- JSON ------------------------------------------------------------------------


class TestJson:
    @pytest.mark.parametrize(
        "case",
        [c for c in ELEMENTS if c[1] not in ("SQ", "US or SS or OW", "US or OW", "OB or OW")],
        ids=element_id,
    )
    def test_to_json_dict_matches_pydicom(self, pyd, case):
        tag, vr, value = case
        with configured(pyd, reading_validation_mode=0):
            both(pyd, lambda mod, cls: cls(tag, vr, value).to_json_dict(None, 1024), picture=repr)
            both(pyd, lambda mod, cls: cls(tag, vr, value).to_json(), picture=repr)

    def test_from_json_matches_pydicom(self, pyd):
        from dcmcore.dataset import Dataset

        for tag, vr, value, key in [
            ("00100010", "PN", [{"Alphabetic": "A^B"}], "Value"),
            ("00280010", "US", [512], "Value"),
            ("00281050", "DS", [1.5, 2], "Value"),
            ("7FE00010", "OB", "AAEC", "InlineBinary"),
            ("00080018", "UI", None, None),
        ]:
            ours = outcome(lambda: DataElement.from_json(Dataset, tag, vr, value, key))
            theirs = outcome(lambda: pyd.dataelem.DataElement.from_json(
                pyd.dataset.Dataset, tag, vr, value, key))
            assert ours == theirs


class TestCollectorTracking:
    """Elements read whose values hold no other object are off the garbage
    collector's lists; setting anything puts them back."""

    def _read(self, vr, value_bytes):
        raw = RawDataElement(Tag(0x00100010 if vr == "PN" else 0x00100020), vr, len(value_bytes), value_bytes, 0, False, True)
        return DataElement_from_raw(raw)

    def test_atomic_values_untracked(self):
        import gc

        assert not gc.is_tracked(self._read("LO", b"ID"))
        assert not gc.is_tracked(_convert.DataElement_from_raw(
            RawDataElement(Tag(0x00180050), "DS", 4, b"1.25", 0, False, True)
        ).value)
        # a multi-valued one holds a list: tracked
        assert gc.is_tracked(self._read("LO", b"A\\B"))

    @pytest.mark.parametrize("name, value", [("value", ["a", "b"]), ("private_creator", "X"), ("extra", [1])])
    def test_setting_tracks_again(self, name, value):
        import gc

        elem = self._read("LO", b"ID")
        setattr(elem, name, value)
        assert gc.is_tracked(elem)

    def test_a_cycle_through_a_read_element_is_collected(self):
        import gc

        elem = self._read("LO", b"ID")
        holder = [elem]
        elem.extra = holder  # elem -> __dict__ -> holder -> elem
        probe = weakref.ref(elem)
        del elem, holder
        gc.collect()
        assert probe() is None

    def test_raw_elements_untracked(self, tmp_path):
        import gc

        import dcmcore
        from dcmcore.data import get_testdata_file

        ds = dcmcore.dcmread(get_testdata_file("CT_small.dcm"))
        raws = [elem for elem in ds._dict.values() if isinstance(elem, tuple)]
        assert raws and not any(gc.is_tracked(raw) for raw in raws)
