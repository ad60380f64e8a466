"""Tests of dcmcore.datadict: the whole dictionary and every look-up function
compared with pydicom 2.4.5."""


import pytest
from conftest import outcome as _outcome

from dcmcore import datadict
from dcmcore.datadict import (
    DicomDictionary,
    RepeatersDictionary,
    add_dict_entries,
    add_dict_entry,
    add_private_dict_entries,
    add_private_dict_entry,
    dictionary_description,
    dictionary_has_tag,
    dictionary_is_retired,
    dictionary_keyword,
    dictionary_VM,
    dictionary_VR,
    get_entry,
    get_private_entry,
    keyword_for_tag,
    mask_match,
    private_dictionary_description,
    private_dictionary_VM,
    private_dictionary_VR,
    repeater_has_keyword,
    repeater_has_tag,
    tag_for_keyword,
)
from dcmcore.tag import Tag


def outcome(func):
    """What `func` returned or raised, and the messages of its warnings."""
    return _outcome(func, warning=lambda w: str(w.message))


@pytest.fixture
def pydicom():
    return pytest.importorskip("pydicom")


class TestWholeDictionary:
    def test_standard_elements(self, pydicom):
        from pydicom._dicom_dict import DicomDictionary as Theirs

        mismatches = [
            tag for tag in set(Theirs) | set(DicomDictionary)
            if DicomDictionary.get(tag) != Theirs.get(tag)
        ]  # fmt: skip
        assert mismatches == []
        assert list(DicomDictionary) == list(Theirs)

    def test_repeaters(self, pydicom):
        from pydicom._dicom_dict import RepeatersDictionary as Theirs
        from pydicom.datadict import masks as their_masks

        assert RepeatersDictionary == Theirs
        assert list(RepeatersDictionary) == list(Theirs)
        assert datadict.masks == their_masks

    def test_private_dictionary(self, pydicom):
        from pydicom._private_dict import private_dictionaries as theirs

        ours = datadict.private_dictionaries
        assert sorted(set(ours) ^ set(theirs)) == []
        mismatches = [
            (creator, key)
            for creator in theirs
            for key in set(theirs[creator]) | set(ours[creator])
            if ours[creator].get(key) != theirs[creator].get(key)
        ]
        assert mismatches == []

    def test_uids(self, pydicom):
        from pydicom._uid_dict import UID_dictionary as theirs

        from dcmcore import uid

        assert uid.UID_dictionary == theirs

    def test_keyword_dict(self, pydicom):
        from pydicom.datadict import REPEATER_KEYWORDS, keyword_dict

        assert datadict.keyword_dict == keyword_dict
        assert datadict.REPEATER_KEYWORDS == REPEATER_KEYWORDS


SAMPLE_TAGS = [
    0x00100010, 0x00080005, 0x7FE00010, 0x00000000, 0x00020010, 0x00280010, 0x00100011,
    0x00090010, 0x00091001, 0x60003000, 0x60023000, 0x60013000, 0x50000005, 0x50FF3000,
    0x7F000010, 0x00181000, 0x00080001, 0x00101000, 0x12345678, 0xFFFEE000, 0x00080000,
    0x00100000, 0x00280000, 0x1000000F, 0x10020015, 0x00283006, (0x10, 0x10), "PatientName",
    "00100010", "NotAKeyword", 0x100000000, -1, "60xx3000",
]  # fmt: skip
FUNCTIONS = [
    "get_entry", "dictionary_VR", "dictionary_VM", "dictionary_description",
    "dictionary_keyword", "dictionary_is_retired", "dictionary_has_tag", "keyword_for_tag",
]  # fmt: skip


class TestLookups:
    @pytest.mark.parametrize("function", FUNCTIONS)
    @pytest.mark.parametrize("tag", SAMPLE_TAGS, ids=repr)
    def test_matches_pydicom(self, pydicom, function, tag):
        from pydicom import datadict as theirs

        assert outcome(lambda: getattr(datadict, function)(tag)) == outcome(
            lambda: getattr(theirs, function)(tag)
        )

    @pytest.mark.parametrize("tag", [t for t in SAMPLE_TAGS if isinstance(t, int) and t >= 0])
    def test_repeater_functions_match_pydicom(self, pydicom, tag):
        from pydicom import datadict as theirs

        assert mask_match(tag) == theirs.mask_match(tag)
        assert repeater_has_tag(tag) == theirs.repeater_has_tag(tag)

    def test_every_tag_and_keyword(self, pydicom):
        from pydicom import datadict as theirs

        for tag in list(DicomDictionary)[::7]:
            assert dictionary_VR(tag) == theirs.dictionary_VR(tag)
            assert keyword_for_tag(tag) == theirs.keyword_for_tag(tag)
            keyword = dictionary_keyword(tag)
            assert tag_for_keyword(keyword) == theirs.tag_for_keyword(keyword)

    @pytest.mark.parametrize(
        "keyword", ["PatientName", "OverlayData", "CurveData", "SourceImageIDs", "", "Nope",
                    "OverlayRows", "GroupLength", "LUTData"]
    )  # fmt: skip
    def test_keyword_functions_match_pydicom(self, pydicom, keyword):
        from pydicom import datadict as theirs

        assert tag_for_keyword(keyword) == theirs.tag_for_keyword(keyword)
        assert repeater_has_keyword(keyword) == theirs.repeater_has_keyword(keyword)

    def test_tag_for_keyword_gives_int(self):
        assert type(tag_for_keyword("PatientName")) is int
        assert tag_for_keyword("PatientName") == 0x00100010


PRIVATE_CASES = [
    (0x00291000, "1.2.840.113663.1"), (0x00291001, "1.2.840.113663.1"),
    (0x00191010, "1.2.840.113681"), (0x00191110, "1.2.840.113681"),
    (0x00190010, "1.2.840.113681"), (0x00291000, "No such creator"),
    (0x00291000, ["a list"]), (0x00191099, "GEMS_ACQU_01"), (0x00191002, "GEMS_ACQU_01"),
    (0x00431039, "GEMS_PARM_01"), (0x00291008, "SIEMENS CSA HEADER"),
    (0x00291108, "SIEMENS CSA HEADER"), (0x60011000, "SIEMENS MED NM"),
    (0x60031000, "SIEMENS MED NM"), (0x7FE11010, "SIEMENS CSA NON-IMAGE"),
    ((0x29, 0x1010), "SIEMENS CSA HEADER"), ("PatientName", "SIEMENS CSA HEADER"),
]  # fmt: skip


class TestPrivateLookups:
    @pytest.mark.parametrize(
        "function",
        ["get_private_entry", "private_dictionary_VR", "private_dictionary_VM",
         "private_dictionary_description"],
    )  # fmt: skip
    @pytest.mark.parametrize("tag, creator", PRIVATE_CASES, ids=repr)
    def test_matches_pydicom(self, pydicom, function, tag, creator):
        from pydicom import datadict as theirs

        assert outcome(lambda: getattr(datadict, function)(tag, creator)) == outcome(
            lambda: getattr(theirs, function)(tag, creator)
        )


@pytest.fixture
def restore_dictionaries():
    standard = dict(DicomDictionary)
    keywords = dict(datadict.keyword_dict)
    private = {creator: dict(entries) for creator, entries in datadict.private_dictionaries.items()}
    yield
    DicomDictionary.clear()
    DicomDictionary.update(standard)
    datadict.keyword_dict.clear()
    datadict.keyword_dict.update(keywords)
    datadict.private_dictionaries.clear()
    datadict.private_dictionaries.update(private)


@pytest.mark.usefixtures("restore_dictionaries")
class TestAddEntries:
    def test_add_dict_entry(self):
        add_dict_entry(0x10021001, "UL", "TestOne", "Test One", "1-n", "Retired")
        assert get_entry(0x10021001) == ("UL", "1-n", "Test One", "Retired", "TestOne")
        assert tag_for_keyword("TestOne") == 0x10021001
        assert Tag("TestOne") == 0x10021001
        assert dictionary_is_retired(0x10021001)

    def test_add_dict_entries(self):
        add_dict_entries(
            {
                0x10021001: ("UL", "1", "Test One", "", "TestOne"),
                0x10021002: ("DS", "3", "Test Two", "", "TestTwo"),
            }
        )
        assert dictionary_VM(0x10021002) == "3"
        assert dictionary_description(0x10021001) == "Test One"

    def test_private_tag_rejected(self, pydicom):
        from pydicom import datadict as theirs

        assert outcome(lambda: add_dict_entry(0x10011001, "UL", "Kw", "Desc")) == outcome(
            lambda: theirs.add_dict_entries({0x10011001: ("UL", "1", "Desc", "", "Kw")})
        )

    def test_add_private_entries(self):
        add_private_dict_entry("ACME 3.1", 0x10011101, "DS", "Test One", "3")
        assert get_private_entry(0x10011001, "ACME 3.1") == ("DS", "3", "Test One", "")
        assert private_dictionary_VR(0x10014501, "ACME 3.1") == "DS"
        add_private_dict_entries(
            "ACME 3.1", {0x10011002: ("UL", "1", "Two", ""), 0x10011003: ("SH", "1", "Three", "")}
        )
        assert private_dictionary_description(0x10011003, "ACME 3.1") == "Three"
        assert private_dictionary_VM(0x10011002, "ACME 3.1") == "1"

    def test_non_private_rejected(self, pydicom):
        from pydicom import datadict as theirs

        assert outcome(lambda: add_private_dict_entry("ACME", 0x00101001, "DS", "x")) == outcome(
            lambda: theirs.add_private_dict_entries("ACME", {0x00101001: ("DS", "1", "x", "")})
        )

    def test_dictionary_has_tag_ignores_repeaters(self):
        assert dictionary_has_tag(0x00100010)
        assert not dictionary_has_tag(0x60003000)
        assert not dictionary_has_tag("not a tag")


class TestDictionaryModules:
    """pydicom 2.4's _dicom_dict, _private_dict and _uid_dict."""

    def test_same_content_as_pydicom(self):
        pytest.importorskip("pydicom")
        import pydicom._dicom_dict
        import pydicom._private_dict
        import pydicom._uid_dict

        import dcmcore._dicom_dict
        import dcmcore._private_dict
        import dcmcore._uid_dict

        assert dcmcore._dicom_dict.DicomDictionary == pydicom._dicom_dict.DicomDictionary
        assert dcmcore._dicom_dict.RepeatersDictionary == pydicom._dicom_dict.RepeatersDictionary
        assert dcmcore._private_dict.private_dictionaries == pydicom._private_dict.private_dictionaries
        assert dcmcore._uid_dict.UID_dictionary == pydicom._uid_dict.UID_dictionary

    def test_changes_are_seen_everywhere(self, monkeypatch):
        from dcmcore import datadict
        from dcmcore._dicom_dict import DicomDictionary
        from dcmcore.datadict import add_dict_entries

        assert DicomDictionary is datadict.DicomDictionary
        monkeypatch.setitem(DicomDictionary, 0x0F001001, ("LO", "1", "Test Value", "", "TestValue"))
        assert datadict.dictionary_description(0x0F001001) == "Test Value"
        add_dict_entries({0x0F001002: ("US", "1", "Test Number", "", "TestNumber")})
        try:
            assert DicomDictionary[0x0F001002][4] == "TestNumber"
        finally:
            del DicomDictionary[0x0F001002]
            datadict.keyword_dict.pop("TestNumber", None)

    def test_a_uid_added_is_known(self, monkeypatch):
        from dcmcore._uid_dict import UID_dictionary
        from dcmcore.uid import UID

        monkeypatch.setitem(UID_dictionary, "1.2.3.999", ("My Storage", "SOP Class", "", "", "MyStorage"))
        uid = UID("1.2.3.999")
        assert (uid.name, uid.type, uid.keyword) == ("My Storage", "SOP Class", "MyStorage")
        with pytest.raises(ValueError, match="private UIDs"):
            uid.is_transfer_syntax
        monkeypatch.undo()  # and removed again
        assert (uid.name, uid.type) == ("1.2.3.999", "")

    def test_not_loaded_by_import_dcmcore(self, tmp_path):
        import subprocess
        import sys

        code = "import sys, dcmcore; print(sorted(m for m in sys.modules if m.startswith('dcmcore._') and m.endswith('_dict')))"
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path)
        assert result.stdout.strip() == "[]"
