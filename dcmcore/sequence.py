"""The value of a sequence (SQ) element: :class:`Sequence`, a list of datasets.

Each item of a sequence is a :class:`~dcmcore.dataset.Dataset`. When an item
is put into a sequence, the item gets a weak reference to the sequence
(:attr:`Dataset.parent_seq <dcmcore.dataset.Dataset.parent_seq>`), and the
sequence holds a weak reference to the dataset that contains its element
(:attr:`Sequence.parent_dataset`). The references are set on insertion only,
never on access, and are re-pointed when a dataset is deep-copied: items can
then find elements of their enclosing datasets (e.g. *Pixel Representation*
to resolve an ambiguous VR) without keeping them alive.
"""

import copy
import warnings
import weakref
from typing import Any, Dict, Iterable, List, MutableSequence, Optional, Union

from dcmcore import _convert, config
from dcmcore.dataset import Dataset
from dcmcore.multival import MultiValue


def validate_dataset(elem: object) -> Dataset:
    """Return `elem` if it is a :class:`~dcmcore.dataset.Dataset`.

    Parameters
    ----------
    elem : object
        A prospective sequence item.

    Returns
    -------
    Dataset
        `elem` itself.

    Raises
    ------
    TypeError
        If `elem` is not a :class:`~dcmcore.dataset.Dataset`.
    """
    if not isinstance(elem, Dataset):
        raise TypeError("Sequence contents must be Dataset instances.")
    return elem


def _checked_items(items: Iterable[Dataset], message: str) -> List[Dataset]:
    """Return `items` as a list of datasets; `message` is the TypeError text
    for a lone dataset given where an iterable of them is needed."""
    if isinstance(items, Dataset):
        raise TypeError(message)
    return [validate_dataset(item) for item in items]




class Sequence(MultiValue):
    """A list of :class:`~dcmcore.dataset.Dataset`, the value of an SQ element.

    Only datasets may be added: anything else raises :class:`TypeError`.
    Every dataset added gets a weak reference to this sequence in its
    :attr:`~dcmcore.dataset.Dataset.parent_seq`.

    Parameters
    ----------
    iterable : iterable of Dataset, optional
        The initial items; an empty sequence if not given.

    Raises
    ------
    TypeError
        If `iterable` is a single dataset rather than an iterable of them, or
        holds something other than datasets.

    Attributes
    ----------
    is_undefined_length : bool
        Set by the reader: ``True`` if the sequence was encoded with
        undefined length (PS3.5 section 7.5.2). Not set on a sequence made in
        code, as in pydicom.
    """

    def __init__(self, iterable: Optional[Iterable[Dataset]] = None) -> None:
        # A Dataset is itself iterable (over its elements), so without this
        # check the error would complain about the elements, not the call.
        # any falsy value but a dataset (None, 0, "") is an empty sequence, as in pydicom
        if not iterable and not isinstance(iterable, Dataset):
            iterable = []
        items = _checked_items(iterable, "The Sequence constructor requires an iterable")
        # MultiValue's state is set directly: the items are already validated,
        # and the reader builds many sequences.
        self._list = items
        self.type_constructor = validate_dataset
        self._parent_dataset: Optional[weakref.ReferenceType[Dataset]] = None
        self._adopt(items)

    def _adopt(self, items: Iterable[Dataset]) -> None:
        """Point the ``parent_seq`` of each of `items` at this sequence."""
        # One shared weak reference, stored directly: going through the
        # parent_seq property costs two Python-level __setattr__ calls per
        # item, and the reader builds many items.
        reference = weakref.ref(self)
        for item in items:
            item.__dict__["_parent_seq"] = reference

    def append(self, val: Dataset) -> None:
        """Add the dataset `val` at the end of the sequence."""
        self._list.append(validate_dataset(val))
        self._adopt((val,))

    def extend(self, val: Iterable[Dataset]) -> None:
        """Add the datasets in the iterable `val` at the end of the sequence."""
        items = _checked_items(val, "An iterable of 'Dataset' is required")
        self._list.extend(items)
        self._adopt(items)

    def __iadd__(self, other: Iterable[Dataset]) -> MutableSequence[Dataset]:  # type: ignore[override]
        """Add the datasets of `other` at the end: ``seq += [Dataset()]``."""
        self.extend(other)
        return self

    def insert(self, position: int, val: Dataset) -> None:
        """Insert the dataset `val` before index `position`."""
        self._list.insert(position, validate_dataset(val))
        self._adopt((val,))

    def __setitem__(  # type: ignore[override]
        self, idx: Union[int, slice], val: Union[Dataset, Iterable[Dataset]]
    ) -> None:
        """Replace the item at `idx`, or the items of the slice `idx`."""
        if isinstance(idx, slice):
            message = "Can only assign an iterable of 'Dataset'"
            items = _checked_items(val, message)  # type: ignore[arg-type]
            self._list[idx] = items
            self._adopt(items)
        else:
            self._list[idx] = validate_dataset(val)
            self._adopt((val,))  # type: ignore[arg-type]

    @property
    def parent_dataset(self) -> "Optional[weakref.ReferenceType[Dataset]]":
        """A weak reference to the dataset holding this sequence's element.

        ``None`` until the sequence is put into a dataset. Setting it takes
        the dataset itself and stores a weak reference to it.
        """
        return self._parent_dataset

    @parent_dataset.setter
    def parent_dataset(self, value: Dataset) -> None:
        self._parent_dataset = weakref.ref(value)

    @property
    def parent(self) -> "Optional[weakref.ReferenceType[Dataset]]":
        """Deprecated alias of :attr:`parent_dataset` (warns DeprecationWarning).

        Raises AttributeError when ``config._use_future`` is set.
        """
        _warn_parent_deprecated()
        return self.parent_dataset

    @parent.setter
    def parent(self, value: Dataset) -> None:
        _warn_parent_deprecated()
        self.parent_dataset = value

    def _state(self) -> Dict[str, Any]:
        """All attributes: MultiValue's slots and this instance's dict."""
        return {"_list": self._list, "type_constructor": self.type_constructor, **self.__dict__}

    def __deepcopy__(self, memo: Optional[Dict[int, Any]]) -> "Sequence":
        cls = self.__class__
        copied = cls.__new__(cls)
        if memo is not None:
            memo[id(self)] = copied
        for name, value in copy.deepcopy(self._state(), memo).items():
            setattr(copied, name, value)
        copied._adopt(copied._list)
        return copied

    def __str__(self) -> str:
        return f"[{''.join([str(item) for item in self._list])}]"

    def __repr__(self) -> str:
        return f"<{self.__class__.__name__}, length {len(self._list)}>"

    # Pickle cannot store a weak reference: store the dataset it points to
    # and make the reference weak again when loading.
    def __getstate__(self) -> Dict[str, Any]:
        state = self._state()
        if state["_parent_dataset"] is not None:
            state["_parent_dataset"] = state["_parent_dataset"]()
        return state

    def __setstate__(self, state: Dict[str, Any]) -> None:
        for name, value in state.items():
            setattr(self, name, value)
        if self._parent_dataset is not None:
            self._parent_dataset = weakref.ref(self._parent_dataset)


def _warn_parent_deprecated() -> None:
    if config._use_future:
        raise AttributeError("Future: Sequence.parent is removed in v3.x")
    warnings.warn("Sequence.parent will be removed in pydicom 3.0", DeprecationWarning)


_convert.bind(sequence=Sequence, validate_item=validate_dataset)
