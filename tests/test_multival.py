"""Tests of dcmcore.multival.MultiValue, side by side with pydicom 2.4.5."""

import copy
import pickle

import pytest
from conftest import outcome as _outcome
from hypothesis import given, settings
from hypothesis import strategies as st

from dcmcore import config
from dcmcore.multival import MultiValue
from dcmcore.uid import UID
from dcmcore.valuerep import IS, DSdecimal, DSfloat, PersonName


def outcome(func):
    """What `func` returned (str, repr) or raised, and the messages of its warnings."""
    return _outcome(func, lambda result: (str(result), repr(result)), warning=lambda w: str(w.message))


@pytest.fixture
def pydicom():
    return pytest.importorskip("pydicom")


def pair(name, items, mode=None):
    """The same MultiValue built in dcmcore and in pydicom."""
    from pydicom import multival as pm
    from pydicom import uid as pu
    from pydicom import valuerep as pv

    from dcmcore import valuerep

    their_types = {"str": str, "int": int, "UID": pu.UID, **{n: getattr(pv, n) for n in
                   ("DSfloat", "IS", "DSdecimal", "PersonName")}}  # fmt: skip
    our_types = {"str": str, "int": int, "UID": UID, **{n: getattr(valuerep, n) for n in
                 ("DSfloat", "IS", "DSdecimal", "PersonName")}}  # fmt: skip
    return (
        lambda: MultiValue(our_types[name], items, mode),
        lambda: pm.MultiValue(their_types[name], items, mode),
    )


class TestConstruction:
    @pytest.mark.parametrize("mode", [None, config.IGNORE, config.WARN, config.RAISE])
    @pytest.mark.parametrize(
        "name, items",
        [
            ("str", ["a", "b"]), ("str", []), ("int", ["1", "2"]), ("int", ["x"]),
            ("DSfloat", ["1.5", "", "2"]), ("DSfloat", ["1.23456789012345678"]),
            ("DSfloat", ["abc"]), ("IS", ["1", "", "1.5"]), ("IS", ["1.0"]),
            ("DSdecimal", ["1.5", ""]), ("UID", ["1.2.3", "1.02"]),
            ("PersonName", ["Doe^John", b"Roe^Jane"]), ("str", "ab"),
        ],
    )  # fmt: skip
    def test_matches_pydicom(self, pydicom, name, items, mode):
        ours, theirs = pair(name, items, mode)
        assert outcome(ours) == outcome(theirs)

    def test_fast_constructor(self):
        items = [DSfloat("1.5"), DSfloat("2.5")]
        value = MultiValue._from_list(DSfloat, items)
        assert value == [1.5, 2.5]
        assert value.type_constructor is DSfloat
        value.append("3.5")
        assert isinstance(value[-1], DSfloat)
        assert str(value) == "[1.5, 2.5, 3.5]"


class TestListBehaviour:
    OPERATIONS = [
        ("append", lambda mv: mv.append("7")),
        ("extend", lambda mv: mv.extend(["7", "8"])),
        ("insert", lambda mv: mv.insert(1, "9")),
        ("iadd", lambda mv: mv.__iadd__(["5"])),
        ("setitem", lambda mv: mv.__setitem__(0, "6")),
        ("setslice", lambda mv: mv.__setitem__(slice(0, 2), ["4", "3"])),
        ("delitem", lambda mv: mv.__delitem__(0)),
        ("delslice", lambda mv: mv.__delitem__(slice(0, 2))),
        ("sort", lambda mv: mv.sort()),
        ("sort_reverse", lambda mv: mv.sort(reverse=True)),
        ("reverse", lambda mv: mv.reverse()),
        ("pop", lambda mv: mv.pop()),
        ("remove", lambda mv: mv.remove(2)),
        ("remove_missing", lambda mv: mv.remove(99)),
        ("index", lambda mv: mv.index(2)),
        ("count", lambda mv: mv.count(2)),
        ("contains", lambda mv: 2 in mv),
        ("getslice", lambda mv: mv[1:]),
        ("getitem_bad", lambda mv: mv[10]),
        ("len", lambda mv: len(mv)),
        ("reversed", lambda mv: list(reversed(mv))),
        ("eq_list", lambda mv: mv == [3, 1, 2]),
        ("ne_list", lambda mv: mv != [3, 1, 2]),
        ("eq_tuple", lambda mv: mv == (3, 1, 2)),
        ("append_bad", lambda mv: mv.append("x")),
        ("hash", lambda mv: hash(mv)),
        ("clear", lambda mv: mv.clear()),
    ]

    @pytest.mark.parametrize("operation", OPERATIONS, ids=[name for name, _ in OPERATIONS])
    def test_matches_pydicom(self, pydicom, operation):
        from pydicom import multival as pm

        _, apply = operation
        ours = MultiValue(int, ["3", "1", "2"])
        theirs = pm.MultiValue(int, ["3", "1", "2"])
        assert outcome(lambda: apply(ours)) == outcome(lambda: apply(theirs))
        assert list(ours) == list(theirs)
        assert str(ours) == str(theirs)

    @pytest.mark.parametrize(
        "name, items",
        [("str", ["a", "b"]), ("str", []), ("DSfloat", ["1.50", "2"]), ("IS", ["007"]),
         ("UID", ["1.2.3"]), ("PersonName", ["Doe^John", "Roe"])],
    )  # fmt: skip
    def test_str_and_repr_match_pydicom(self, pydicom, name, items):
        ours, theirs = pair(name, items)
        assert str(ours()) == str(theirs())
        assert repr(ours()) == repr(theirs())

    def test_bytes_items_repr(self, pydicom):
        from pydicom import multival as pm

        assert str(MultiValue(bytes, [b"a", b"b"])) == str(pm.MultiValue(bytes, [b"a", b"b"]))

    @pytest.mark.parametrize("cls", [DSfloat, IS, DSdecimal, str, PersonName])
    def test_pickle_and_copy(self, cls):
        value = MultiValue(cls, ["1", "2"])
        for clone in (pickle.loads(pickle.dumps(value)), copy.copy(value), copy.deepcopy(value)):
            assert type(clone) is MultiValue
            assert clone == value
            assert clone.type_constructor is cls
            assert [type(item) for item in clone] == [type(item) for item in value]
        deep = copy.deepcopy(value)
        deep.append("3")
        assert len(value) == 2

    @settings(max_examples=100, deadline=None)
    @given(st.lists(st.integers(min_value=-(2**31), max_value=2**31 - 1), max_size=20))
    def test_property_is_list_like(self, numbers):
        value = MultiValue(IS, [str(n) for n in numbers])
        assert value == numbers
        value.sort()
        assert value == sorted(numbers)
        assert len(value) == len(numbers)
