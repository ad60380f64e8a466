"""A list whose items all go through one constructor: multi-valued element values.

:class:`MultiValue` holds the values of an element with VM > 1. Every item
added through the public API passes through the `type_constructor` given at
creation, so the items keep the element's value type (e.g.
:class:`~dcmcore.valuerep.DSfloat` for DS).

Fast construction
-----------------
Values read from a file are converted item by item by the value codec before
the list exists; :meth:`MultiValue._from_list` wraps such an already converted
:class:`list` without calling the constructor again (the list is adopted, not
copied).
"""

from typing import Any, Callable, Iterable, Iterator, List, MutableSequence, TypeVar, Union

from dcmcore import config

_ItemType = TypeVar("_ItemType")

# (DSfloat, IS, DSdecimal), filled on first use: valuerep imports this module.
_VALIDATING_NUMBER_TYPES: tuple = ()


def _validating_number_types() -> tuple:
    global _VALIDATING_NUMBER_TYPES
    if not _VALIDATING_NUMBER_TYPES:
        from dcmcore.valuerep import IS, DSdecimal, DSfloat

        _VALIDATING_NUMBER_TYPES = (DSfloat, IS, DSdecimal)
    return _VALIDATING_NUMBER_TYPES


class MultiValue(MutableSequence[_ItemType]):
    """A mutable sequence whose items are all made by one constructor.

    Parameters
    ----------
    type_constructor : callable
        Called with each item added (at creation, by ``append``, ``extend``,
        ``insert``, ``+=`` and item assignment); its result is stored. It must
        accept a value that already has its type.
    iterable : iterable
        The initial items.
    validation_mode : int, optional
        For :class:`~dcmcore.valuerep.DSfloat`, :class:`~dcmcore.valuerep.DSdecimal`
        and :class:`~dcmcore.valuerep.IS` constructors only: the validation mode
        passed to them for the initial items (default
        ``config.settings.reading_validation_mode``); empty strings among the
        initial items are then kept as ``''``.
    """

    __slots__ = ("_list", "type_constructor")

    def __init__(
        self,
        type_constructor: Callable[[Any], _ItemType],
        iterable: Iterable[Any],
        validation_mode: Union[int, None] = None,
    ) -> None:
        if validation_mode is None:
            validation_mode = config.settings.reading_validation_mode
        self.type_constructor = type_constructor
        if type_constructor in _validating_number_types():
            self._list: List[_ItemType] = [
                type_constructor(item, validation_mode=validation_mode) if item != "" else item
                for item in iterable
            ]
        else:
            self._list = [type_constructor(item) for item in iterable]

    @classmethod
    def _from_list(
        cls, type_constructor: Callable[[Any], _ItemType], items: List[_ItemType]
    ) -> "MultiValue[_ItemType]":
        """Return a MultiValue adopting `items`, already converted by the caller.

        Internal fast path for the value codec: `items` is used as the backing
        list itself and `type_constructor` is not called on it.
        """
        multi_value = cls.__new__(cls)
        multi_value.type_constructor = type_constructor
        multi_value._list = items
        return multi_value

    def append(self, val: Any) -> None:
        """Append `val` after passing it through the type constructor."""
        self._list.append(self.type_constructor(val))

    def extend(self, val: Iterable[Any]) -> None:
        """Append every item of `val`, each through the type constructor."""
        self._list.extend([self.type_constructor(item) for item in val])

    def __iadd__(self, other: Iterable[Any]) -> "MultiValue[_ItemType]":  # type: ignore[override]
        self._list += [self.type_constructor(item) for item in other]
        return self

    def insert(self, position: int, val: Any) -> None:
        """Insert `val`, through the type constructor, before `position`."""
        self._list.insert(position, self.type_constructor(val))

    def __getitem__(self, index: Any) -> Any:
        return self._list[index]

    def __setitem__(self, index: Any, val: Any) -> None:
        if isinstance(index, slice):
            self._list[index] = [self.type_constructor(item) for item in val]
        else:
            self._list[index] = self.type_constructor(val)

    def __delitem__(self, index: Any) -> None:
        del self._list[index]

    def __iter__(self) -> Iterator[_ItemType]:
        return iter(self._list)

    def __contains__(self, value: Any) -> bool:
        return value in self._list

    def __len__(self) -> int:
        return len(self._list)

    def __eq__(self, other: Any) -> Any:
        return self._list == other

    def __ne__(self, other: Any) -> Any:
        return self._list != other

    __hash__ = None  # type: ignore[assignment]

    def sort(self, *args: Any, **kwargs: Any) -> None:
        """Sort the items in place; arguments as for :meth:`list.sort`."""
        self._list.sort(*args, **kwargs)

    def __str__(self) -> str:
        if not self._list:
            return ""
        parts = (repr(item) if isinstance(item, (str, bytes)) else str(item) for item in self._list)
        return f"[{', '.join(parts)}]"

    __repr__ = __str__
