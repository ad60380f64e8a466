"""Tests of dcmcore.tag, side by side with pydicom 2.4.5 where it is installed."""

import copy
import pickle

import pytest
from conftest import outcome as _outcome
from hypothesis import given, settings
from hypothesis import strategies as st

from dcmcore.tag import (
    BaseTag,
    ItemDelimiterTag,
    ItemTag,
    SequenceDelimiterTag,
    Tag,
    TupleTag,
    tag_in_exception,
)


def outcome(func):
    """What `func` returned (type name, str, int) or raised."""
    return _outcome(func, lambda result: (type(result).__name__, str(result), int(result)))[0]


@pytest.fixture
def pydicom():
    return pytest.importorskip("pydicom")


TAG_ARGS = [
    (0x00100010,), (0,), (0xFFFFFFFF,), (0x100000000,), (-1,), (0x0010, 0x0010),
    (0x10, 0x10), (0xFFFF, 0xFFFF), (0x10000, 0), (0, 0x10000), (-1, 0), ((0x10, 0x10),),
    ([0x10, 0x10],), ((0x10,),), ((1, 2, 3),), (("0010", "0010"),), (("0x10", "0x10"),),
    (("10", 16),), ((16, "10"),), (("zz", "10"),), (("10000", "0"),), ("00100010",),
    ("0x00100010",), ("100000000",), ("-1",), ("PatientName",), ("PatientsName",),
    ("",), ("BeamSequence",), ("GroupLength",), ("gggg",), (1.5,), (None,), ([],),
    ((1.5, 2),), (True,), (BaseTag(0x00100010),), ("0010,0010",), (" 10 ",), ("1_0",),
    (0x0010, None), ("0010", "0010"), (b"00100010",),
]  # fmt: skip


class TestTag:
    @pytest.mark.parametrize("args", TAG_ARGS, ids=repr)
    def test_matches_pydicom(self, pydicom, args):
        from pydicom.tag import Tag as PTag

        ours = outcome(lambda: Tag(*args))
        theirs = outcome(lambda: PTag(*args))
        assert ours == theirs

    def test_tags_are_shared(self):
        assert Tag(0x00100010) is Tag((0x10, 0x10)) is Tag("PatientName") is Tag(0x10, 0x10)
        assert Tag("00100010") is Tag(0x00100010)
        tag = Tag(0x00100010)
        assert Tag(tag) is tag

    def test_keyword_tag_is_basetag(self):
        tag = Tag("PatientID")
        assert type(tag) is BaseTag and tag == 0x00100020


class TestBaseTag:
    @pytest.mark.parametrize(
        "value", [0x00100010, 0x00090010, 0x000910FF, 0x00091000, 0x0009000F, 0x7FE00010,
                  0xFFFEE000, 0, 0x00110100, 0x001100FF]
    )  # fmt: skip
    def test_properties_match_pydicom(self, pydicom, value):
        from pydicom.tag import BaseTag as PBaseTag

        ours, theirs = BaseTag(value), PBaseTag(value)
        for prop in ("group", "element", "elem", "is_private", "is_private_creator", "json_key"):
            assert getattr(ours, prop) == getattr(theirs, prop), prop
        assert str(ours) == str(theirs)
        assert repr(ours) == repr(theirs)
        assert int(ours.private_creator) == int(theirs.private_creator)
        assert type(ours.private_creator) is BaseTag

    @pytest.mark.parametrize(
        "other", [0x00100010, 0x00100011, (0x10, 0x10), (0x10, 0x11), "PatientName", "00100010",
                  "nonsense", None, 1.5, [0x10, 0x10], (1, 2, 3), b"x"]
    )  # fmt: skip
    def test_comparisons_match_pydicom(self, pydicom, other):
        from pydicom.tag import BaseTag as PBaseTag

        ours, theirs = BaseTag(0x00100010), PBaseTag(0x00100010)
        for op in ("__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__"):
            mine = outcome(lambda: getattr(ours, op)(other))
            ref = outcome(lambda: getattr(theirs, op)(other))
            assert mine == ref, op

    def test_hash_sort_and_int(self):
        tags = [Tag(0x00200010), Tag(0x00100010), Tag(0x00080005)]
        assert sorted(tags) == [0x00080005, 0x00100010, 0x00200010]
        assert hash(Tag(0x00100010)) == hash(0x00100010)
        assert {0x00100010: 1}[Tag(0x00100010)] == 1
        assert Tag(0x10, 0x10) == (0x10, 0x10)
        assert Tag(0x10, 0x10) != (0x10, 0x11)

    def test_pickle_and_copy(self):
        tag = Tag(0x00100010)
        for clone in (pickle.loads(pickle.dumps(tag)), copy.copy(tag), copy.deepcopy(tag)):
            assert type(clone) is BaseTag and clone == tag and str(clone) == "(0010, 0010)"

    @settings(max_examples=200, deadline=None)
    @given(st.integers(min_value=0, max_value=0xFFFFFFFF))
    def test_property_round_trips(self, value):
        tag = Tag(value)
        assert Tag(tag.group, tag.element) == value
        assert Tag(str(tag)[1:5] + str(tag)[7:11]) == value
        assert Tag(tag.json_key) == value
        assert int(tag) == value


class TestSpecialTags:
    def test_values(self):
        assert ItemTag == 0xFFFEE000
        assert ItemDelimiterTag == 0xFFFEE00D
        assert SequenceDelimiterTag == 0xFFFEE0DD
        assert TupleTag((0x10, 0x20)) == 0x00100020
        assert type(TupleTag((0x10, 0x20))) is BaseTag


class TestTagInException:
    def test_message_matches_pydicom(self, pydicom):
        from pydicom.tag import tag_in_exception as ptag_in_exception

        messages = []
        for context, tag in ((tag_in_exception, Tag(0x00100010)), (ptag_in_exception, None)):
            if tag is None:
                from pydicom.tag import Tag as PTag

                tag = PTag(0x00100010)
            with pytest.raises(ValueError) as info:
                with context(tag):
                    raise ValueError("boom")
            messages.append(str(info.value).split("\n")[0])
        assert messages[0] == messages[1]
        assert "(0010, 0010)" in messages[0] and "boom" in messages[0]

    def test_no_exception(self):
        with tag_in_exception(Tag(0x00100010)):
            value = 1
        assert value == 1
