"""Tests of dcmcore.uid, side by side with pydicom 2.4.5 where it is installed."""

import copy
import pickle
import re
import warnings

import pytest
from conftest import outcome as _outcome
from hypothesis import given, settings
from hypothesis import strategies as st

from dcmcore import config, uid
from dcmcore.uid import UID, generate_uid

MODES = (config.IGNORE, config.WARN, config.RAISE)
PROPERTIES = (
    "name", "type", "keyword", "info", "is_transfer_syntax", "is_implicit_VR",
    "is_little_endian", "is_deflated", "is_encapsulated", "is_compressed", "is_valid",
    "is_private", "is_retired",
)  # fmt: skip


def outcome(func):
    """What `func` returned (type name, value) or raised, and its warnings."""
    return _outcome(func, lambda result: (type(result).__name__, result))


@pytest.fixture
def pydicom():
    return pytest.importorskip("pydicom")


def all_dictionary_uids():
    return list(uid.UID_dictionary)


class TestProperties:
    @pytest.mark.parametrize("prop", PROPERTIES)
    def test_every_dictionary_uid_matches_pydicom(self, pydicom, prop):
        from pydicom.uid import UID as PUID

        mismatches = [
            value
            for value in all_dictionary_uids()
            if outcome(lambda: getattr(UID(value), prop))[0][1:]
            != outcome(lambda: getattr(PUID(value), prop))[0][1:]
        ]
        assert mismatches == []

    @pytest.mark.parametrize(
        "value",
        ["1.2.3", "1.2.840.10008.1.2.4.1000", "1.2.840.10008", "1.2.840.10008.", "", "abc",
         "1.2.826.0.1.3680043.8.498.1", "1.2.840.10008.1.2\n", "1." * 40 + "1", "1.02"],
    )  # fmt: skip
    def test_other_uids_match_pydicom(self, pydicom, value):
        from pydicom.uid import UID as PUID

        for prop in PROPERTIES:
            ours = outcome(lambda: getattr(UID(value, config.IGNORE), prop))
            theirs = outcome(lambda: getattr(PUID(value, config.IGNORE), prop))
            assert ours == theirs, prop

    def test_transfer_syntax_properties(self):
        assert uid.ImplicitVRLittleEndian.is_implicit_VR
        assert not uid.ExplicitVRBigEndian.is_little_endian
        assert uid.DeflatedExplicitVRLittleEndian.is_deflated
        assert uid.JPEGBaseline8Bit.is_compressed and uid.JPEGBaseline8Bit.is_encapsulated
        assert not uid.ExplicitVRLittleEndian.is_compressed
        with pytest.raises(ValueError, match="UID is not a transfer syntax."):
            uid.CTImageStorage.is_implicit_VR
        with pytest.raises(ValueError, match="Can't determine UID type for private UIDs."):
            UID("1.2.3").is_transfer_syntax


class TestConstruction:
    @pytest.mark.parametrize("mode", MODES)
    @pytest.mark.parametrize(
        "value",
        ["1.2.3", " 1.2.3 ", "1.2.3\x00", "1.02.3", "1..2", "1.2.", "a.b", "", "1" * 65,
         "1.2." + "3" * 61, b"1.2.3", 123, None, "1.2.3\n"],
    )  # fmt: skip
    def test_matches_pydicom(self, pydicom, value, mode):
        from pydicom.uid import UID as PUID

        assert outcome(lambda: UID(value, mode)) == outcome(lambda: PUID(value, mode))

    def test_reading_mode_is_default(self, pydicom):
        from pydicom import config as pc
        from pydicom.uid import UID as PUID

        # restore the unset (None) state of both, or later tests of
        # enforce_valid_values would see a fixed mode
        theirs_saved = pc.settings._reading_validation_mode
        ours_saved = config.settings._reading_validation_mode
        try:
            for mode in MODES:
                config.settings.reading_validation_mode = mode
                pc.settings.reading_validation_mode = mode
                assert outcome(lambda: UID("1.02")) == outcome(lambda: PUID("1.02"))
        finally:
            pc.settings._reading_validation_mode = theirs_saved
            config.settings._reading_validation_mode = ours_saved

    @pytest.mark.parametrize("mode", MODES)
    @pytest.mark.parametrize(
        "text", ["1.2.840.10008.1.2", "1.2.3.4.5", "1.02", " 1.2", "1.2.", "", "9" * 65]
    )
    def test_fast_constructor_matches_public(self, text, mode):
        first = outcome(lambda: UID._from_file(text, mode))
        assert first == outcome(lambda: UID(text, mode))
        # a second time, possibly from the cache
        assert outcome(lambda: UID._from_file(text, mode)) == first

    def test_str_behaviour(self):
        value = UID("1.2.840.10008.1.2")
        assert value == "1.2.840.10008.1.2"
        assert hash(value) == hash("1.2.840.10008.1.2")
        assert repr(value) == "'1.2.840.10008.1.2'"
        assert str(value) == "1.2.840.10008.1.2" and type(str(value)) is str
        assert isinstance(value, str)

    @pytest.mark.parametrize("value", [uid.CTImageStorage, UID("1.2.3"), generate_uid()])
    def test_pickle_and_copy(self, value):
        for clone in (pickle.loads(pickle.dumps(value)), copy.copy(value), copy.deepcopy(value)):
            assert type(clone) is UID
            assert clone == value
            assert clone.name == value.name


class TestConstants:
    def test_every_public_name_of_pydicom(self, pydicom):
        from pydicom import uid as theirs

        ours_missing = [
            name
            for name in dir(theirs)
            if not name.startswith("_")
            and not hasattr(uid, name)
            # our own implementation UID replaces pydicom's root; stdlib/typing helpers
            and name not in {"PYDICOM_ROOT_UID", "PYDICOM_IMPLEMENTATION_UID", "Any", "List",
                             "Optional", "Type", "TypeVar", "Union", "hashlib", "os", "random",
                             "re", "sys", "uuid", "warnings", "config"}
        ]  # fmt: skip
        assert ours_missing == []

    def test_uid_constants_match_pydicom(self, pydicom):
        from pydicom import uid as theirs

        for name in dir(theirs):
            value = getattr(theirs, name)
            if isinstance(value, theirs.UID) and not name.startswith("PYDICOM"):
                assert getattr(uid, name) == value, name
                assert type(getattr(uid, name)) is UID

    @pytest.mark.parametrize(
        "group",
        ["AllTransferSyntaxes", "JPEGTransferSyntaxes", "JPEGLSTransferSyntaxes",
         "JPEG2000TransferSyntaxes", "MPEGTransferSyntaxes", "RLETransferSyntaxes",
         "UncompressedTransferSyntaxes", "JPEGLossyCompressedPixelTransferSyntaxes",
         "JPEGLSSupportedCompressedPixelTransferSyntaxes",
         "JPEG2000CompressedPixelTransferSyntaxes", "PILSupportedCompressedPixelTransferSyntaxes",
         "RLECompressedLosslessSyntaxes", "UncompressedPixelTransferSyntaxes"],
    )  # fmt: skip
    def test_groups_match_pydicom(self, pydicom, group):
        from pydicom import uid as theirs

        assert getattr(uid, group) == getattr(theirs, group)

    @pytest.mark.parametrize(
        "name",
        ["JPEGBaseline", "JPEGExtended", "JPEGLossless", "JPEGLSLossy",
         "JPEG2000MultiComponentLossless", "JPEG2000MultiComponent"],
    )  # fmt: skip
    def test_deprecated_names_match_pydicom(self, pydicom, name):
        from pydicom import uid as theirs

        assert outcome(lambda: getattr(uid, name)) == outcome(lambda: getattr(theirs, name))

    def test_unknown_name(self):
        with pytest.raises(AttributeError, match="module dcmcore.uid has no attribute NoSuchUID"):
            uid.NoSuchUID  # noqa: B018

    def test_regexes(self, pydicom):
        from pydicom import uid as theirs

        for text in ("1.2.3", "1.2.3.", "1.02", "0.0", "1.2\n", ""):
            assert bool(uid.RE_VALID_UID.match(text)) == bool(theirs.RE_VALID_UID.match(text))
            assert bool(uid.RE_VALID_UID_PREFIX.match(text)) == bool(
                theirs.RE_VALID_UID_PREFIX.match(text)
            )

    def test_implementation_uid(self):
        value = uid.DCMCORE_IMPLEMENTATION_UID
        assert value.startswith("2.25.") and value.is_valid
        assert not value.startswith("1.2.826.0.1.3680043.8.498")


class TestGenerateUID:
    def test_default_is_uuid_derived(self):
        value = generate_uid()
        assert re.fullmatch(r"2\.25\.(0|[1-9][0-9]{0,38})", value)
        assert value.is_valid and type(value) is UID
        assert generate_uid() != value

    def test_default_with_entropy_is_deterministic(self):
        first = generate_uid(entropy_srcs=["lorem", "ipsum"])
        assert first == generate_uid(entropy_srcs=["lorem", "ipsum"])
        assert first != generate_uid(entropy_srcs=["lorem", "dolor"])
        assert first.startswith("2.25.") and first.is_valid

    @pytest.mark.parametrize(
        "prefix", ["1.2.3.", "1.2.840.10008.", "9." * 31, "1." * 32, "1.2.3", "01.2.", "1.a.",
                   "", "1.2.3." + "4" * 58]
    )  # fmt: skip
    def test_prefix_matches_pydicom(self, pydicom, prefix):
        from pydicom.uid import generate_uid as pgenerate_uid

        sources = ["lorem", "ipsum"]
        assert outcome(lambda: generate_uid(prefix, sources)) == outcome(
            lambda: pgenerate_uid(prefix, sources)
        )

    def test_random_with_prefix(self):
        value = generate_uid("1.2.3.")
        assert value.startswith("1.2.3.") and len(value) == 64 and value.is_valid

    @settings(max_examples=100, deadline=None)
    @given(st.lists(st.text(max_size=10), max_size=4))
    def test_property_valid(self, sources):
        for value in (generate_uid("1.2.3.", sources), generate_uid(None, sources)):
            assert value.is_valid
            assert len(value) <= 64


class TestStorageSOPClassModule:
    def test_the_uid_constants_of_pydicom(self):
        import dcmcore._storage_sopclass_uids as ours
        from dcmcore.uid import UID

        theirs = pytest.importorskip("pydicom._storage_sopclass_uids")
        names = [name for name in dir(theirs) if type(getattr(theirs, name)).__name__ == "UID"]
        assert len(names) >= 200
        for name in names:
            if name.startswith("PYDICOM"):
                continue
            assert isinstance(getattr(ours, name), UID), name
            assert getattr(ours, name) == getattr(theirs, name), name
        assert ours.CTImageStorage == "1.2.840.10008.5.1.4.1.1.2"
        assert ours.UID_dictionary["1.2.840.10008.1.1"][0] == "Verification SOP Class"
