"""Tests of dcmcore.sequence.Sequence.

Each test runs twice, once on dcmcore and once on pydicom 2.4.5 (skipped
without it), with the same assertions: what passes for the oracle must pass
for dcmcore, including error and warning types and messages.
"""

import copy
import gc
import pickle
import warnings
from types import SimpleNamespace

import pytest

from dcmcore import config
from dcmcore.dataset import Dataset
from dcmcore.multival import MultiValue
from dcmcore.sequence import Sequence, validate_dataset


@pytest.fixture(params=["dcmcore", "pydicom"])
def lib(request):
    """The classes of dcmcore or of pydicom, as a namespace."""
    if request.param == "pydicom":
        root = pytest.importorskip("pydicom")
        import pydicom.sequence  # noqa: F401
    else:
        root = __import__("dcmcore")
        import dcmcore.sequence  # noqa: F401
    return SimpleNamespace(
        Dataset=root.dataset.Dataset,
        Sequence=root.sequence.Sequence,
        MultiValue=root.multival.MultiValue,
        config=root.config,
    )


def item(lib, **elements):
    ds = lib.Dataset()
    for keyword, value in elements.items():
        setattr(ds, keyword, value)
    return ds


class TestConstruction:
    def test_empty(self, lib):
        seq = lib.Sequence()
        assert len(seq) == 0
        assert seq == []
        assert isinstance(seq, lib.MultiValue)
        assert seq.parent_dataset is None

    def test_from_list_sets_parents(self, lib):
        items = [lib.Dataset(), lib.Dataset()]
        seq = lib.Sequence(items)
        assert list(seq) == items
        assert all(ds.parent_seq() is seq for ds in seq)

    def test_from_generator(self, lib):
        seq = lib.Sequence(lib.Dataset() for _ in range(3))
        assert len(seq) == 3
        assert all(ds.parent_seq() is seq for ds in seq)

    @pytest.mark.parametrize(
        "make, message",
        [
            (lambda lib: lib.Dataset(), "The Sequence constructor requires an iterable"),
            (lambda lib: item(lib, PatientID="1"), "The Sequence constructor requires an iterable"),
            (lambda lib: [1], "Sequence contents must be Dataset instances."),
            (lambda lib: [lib.Dataset(), "x"], "Sequence contents must be Dataset instances."),
        ],
    )
    def test_invalid(self, lib, make, message):
        with pytest.raises(TypeError, match=message):
            lib.Sequence(make(lib))

    def test_not_iterable(self, lib):
        with pytest.raises(TypeError):
            lib.Sequence(5)

    def test_is_undefined_length_unset(self, lib):
        seq = lib.Sequence()
        with pytest.raises(AttributeError, match="'Sequence' object has no attribute 'is_undefined_length'"):
            seq.is_undefined_length
        seq.is_undefined_length = True
        assert seq.is_undefined_length is True


class TestMutation:
    def test_append_insert_setitem(self, lib):
        seq = lib.Sequence()
        a, b, c, d = (item(lib, PatientID=str(i)) for i in range(4))
        seq.append(a)
        seq.insert(0, b)
        seq[1] = c
        seq[0:1] = [d]
        assert [ds.PatientID for ds in seq] == ["3", "2"]
        assert all(ds.parent_seq() is seq for ds in (a, b, c, d))

    def test_extend_and_iadd(self, lib):
        seq = lib.Sequence()
        seq.extend([lib.Dataset()])
        seq += [lib.Dataset(), lib.Dataset()]
        assert isinstance(seq, lib.Sequence)
        assert len(seq) == 3
        assert all(ds.parent_seq() is seq for ds in seq)

    @pytest.mark.parametrize(
        "action, message",
        [
            (lambda lib, seq: seq.append(1), "Sequence contents must be Dataset instances."),
            (lambda lib, seq: seq.insert(0, "x"), "Sequence contents must be Dataset instances."),
            (lambda lib, seq: seq.extend(lib.Dataset()), "An iterable of 'Dataset' is required"),
            (lambda lib, seq: seq.extend([1]), "Sequence contents must be Dataset instances."),
            (lambda lib, seq: seq.__iadd__(lib.Dataset()), "An iterable of 'Dataset' is required"),
            (lambda lib, seq: seq.__setitem__(0, 1), "Sequence contents must be Dataset instances."),
            (lambda lib, seq: seq.__setitem__(slice(0, 1), lib.Dataset()), "Can only assign an iterable of 'Dataset'"),
            (lambda lib, seq: seq.__setitem__(slice(0, 1), [1]), "Sequence contents must be Dataset instances."),
        ],
    )
    def test_invalid(self, lib, action, message):
        seq = lib.Sequence([lib.Dataset()])
        with pytest.raises(TypeError, match=message):
            action(lib, seq)
        assert len(seq) == 1

    def test_delete_and_sort(self, lib):
        seq = lib.Sequence([item(lib, PatientID=str(i)) for i in (2, 1, 3)])
        del seq[0]
        seq.sort(key=lambda ds: ds.PatientID)
        assert [ds.PatientID for ds in seq] == ["1", "3"]

    def test_equality(self, lib):
        a = item(lib, PatientID="1")
        assert lib.Sequence([a]) == [a]
        assert lib.Sequence([a]) == lib.Sequence([item(lib, PatientID="1")])
        assert lib.Sequence([a]) != lib.Sequence([item(lib, PatientID="2")])
        assert lib.Sequence() != [a]


class TestText:
    def test_str_and_repr(self, lib):
        seq = lib.Sequence([item(lib, PatientID="1", PatientName="A^B"), item(lib, Rows=2)])
        assert repr(seq) == "<Sequence, length 2>"
        assert str(seq) == (
            "[(0010, 0010) Patient's Name                      PN: 'A^B'\n"
            "(0010, 0020) Patient ID                          LO: '1'"
            "(0028, 0010) Rows                                US: 2]"
        )
        assert str(lib.Sequence()) == "[]"
        assert str(lib.Sequence([lib.Dataset()])) == "[]"

    def test_subclass_repr(self, lib):
        class Items(lib.Sequence):
            pass

        assert repr(Items([lib.Dataset()])) == "<Items, length 1>"

    def test_in_element(self, lib):
        ds = lib.Dataset()
        ds.BeamSequence = [item(lib, BeamName="B1")]
        # an SQ element's repr is its sequence's; str() is the element line
        assert repr(ds["BeamSequence"]) == "<Sequence, length 1>"
        assert str(ds["BeamSequence"]) == (
            "(300a, 00b0) Beam Sequence                       SQ: <Sequence, length 1>"
        )


class TestParents:
    def test_parent_dataset(self, lib):
        ds = lib.Dataset()
        ds.BeamSequence = [lib.Dataset()]
        seq = ds.BeamSequence
        assert seq.parent_dataset() is ds
        other = lib.Dataset()
        seq.parent_dataset = other
        assert seq.parent_dataset() is other

    def test_parent_deprecated(self, lib):
        ds = lib.Dataset()
        ds.BeamSequence = [lib.Dataset()]
        seq = ds.BeamSequence
        with pytest.warns(DeprecationWarning, match="Sequence.parent will be removed in pydicom 3.0"):
            assert seq.parent() is ds
        other = lib.Dataset()
        with pytest.warns(DeprecationWarning, match="Sequence.parent will be removed in pydicom 3.0"):
            seq.parent = other
        assert seq.parent_dataset() is other

    def test_parent_future(self, lib, monkeypatch):
        monkeypatch.setattr(lib.config, "_use_future", True)
        seq = lib.Sequence()
        with pytest.raises(AttributeError, match=r"Future: Sequence.parent is removed in v3.x"):
            seq.parent
        with pytest.raises(AttributeError, match=r"Future: Sequence.parent is removed in v3.x"):
            seq.parent = lib.Dataset()
        with pytest.raises(AttributeError, match=r"Future: Dataset.parent is removed in v3.x"):
            lib.Dataset().parent

    def test_access_does_not_set_parents(self, lib):
        """pydicom 2.4 sets weak references on insertion only."""
        seq = lib.Sequence()
        ds = lib.Dataset()
        seq._list.append(ds)
        assert seq[0] is ds
        assert ds.parent_seq is None
        assert [x.parent_seq for x in seq] == [None]

    def test_weak(self, lib):
        ds = lib.Dataset()
        ds.BeamSequence = [lib.Dataset()]
        seq = ds.BeamSequence
        del ds
        gc.collect()
        assert seq.parent_dataset() is None


class TestCopies:
    def build(self, lib):
        ds = lib.Dataset()
        ds.BeamSequence = [item(lib, BeamName="B1"), item(lib, BeamName="B2")]
        return ds

    def test_deepcopy(self, lib):
        ds = self.build(lib)
        seq = ds.BeamSequence
        copied = copy.deepcopy(seq)
        assert copied == seq
        assert copied is not seq
        assert all(a is not b for a, b in zip(copied, seq))
        assert all(x.parent_seq() is copied for x in copied)
        # the copy of a lone sequence still names the original parent
        assert copied.parent_dataset() is ds

    def test_deepcopy_in_dataset(self, lib):
        ds = self.build(lib)
        copied = copy.deepcopy(ds)
        assert copied.BeamSequence.parent_dataset() is copied
        assert all(x.parent_seq() is copied.BeamSequence for x in copied.BeamSequence)

    def test_shallow_copy(self, lib):
        seq = self.build(lib).BeamSequence
        copied = copy.copy(seq)
        assert copied == seq
        assert all(a is b for a, b in zip(copied, seq))

    def test_pickle(self, lib):
        ds = self.build(lib)
        seq = ds.BeamSequence
        restored = pickle.loads(pickle.dumps(seq))
        assert restored == seq
        assert all(x.parent_seq() is restored for x in restored)
        # the parent travels with the pickle
        assert restored.parent_dataset() is not None
        assert restored.parent_dataset().BeamSequence is not None

    def test_pickle_without_parent(self, lib):
        seq = lib.Sequence([lib.Dataset()])
        restored = pickle.loads(pickle.dumps(seq))
        assert restored.parent_dataset is None
        assert restored[0].parent_seq() is restored


class TestDcmcore:
    def test_validate_dataset(self):
        ds = Dataset()
        assert validate_dataset(ds) is ds
        with pytest.raises(TypeError, match="Sequence contents must be Dataset instances."):
            validate_dataset(1)

    def test_type_constructor(self):
        assert Sequence().type_constructor is validate_dataset
        assert isinstance(Sequence(), MultiValue)

    def test_no_warnings_on_normal_use(self):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            seq = Sequence([Dataset()])
            seq.append(Dataset())
            copy.deepcopy(seq)
            pickle.loads(pickle.dumps(seq))
        assert config._use_future is False


class TestFalsyIterable:
    @pytest.mark.parametrize("value", [0, "", None, [], False])
    def test_is_an_empty_sequence(self, value):
        # as pydicom: found by the fuzzer, writing a file whose (0002,0000)
        # was read with VR SQ sets its value to 0
        assert len(Sequence(value)) == 0

    def test_a_number_is_still_refused(self):
        with pytest.raises(TypeError):
            Sequence(5)
