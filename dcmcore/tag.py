"""DICOM element tags: :class:`BaseTag` and the :func:`Tag` factory.

A tag is the 32-bit number ``(group << 16) | element``. :class:`BaseTag` is an
:class:`int` subclass, so tags sort, hash and compare as numbers; it also
compares equal to the other forms :func:`Tag` accepts, e.g. ``(0x10, 0x10)``.

Every :class:`BaseTag` that :func:`Tag`, the reader or the dictionary hands out
for a given number is the same object (up to :data:`_CACHE_LIMIT` distinct
tags), so dictionary look-ups in a dataset succeed on identity and never need
the Python-level ``__eq__``.
"""

import traceback
from contextlib import contextmanager
from typing import Any, Iterator, List, Optional, Tuple, Union


@contextmanager
def tag_in_exception(tag: "BaseTag") -> Iterator[None]:
    """Re-raise any exception from the block with `tag` named in its message.

    Parameters
    ----------
    tag : BaseTag
        The tag to name.
    """
    try:
        yield
    except Exception as exc:
        if getattr(exc, "_tag_named", False):
            # already named by an inner element (a value inside an item): its
            # message holds the stack trace. pydicom appends the trace, chained
            # causes included, at every level, so the text doubles per level
            # of nesting (1.8 GB and 20 s for a 30-deep damaged file).
            msg = f"With tag {tag} got exception: {str(exc)}"
        else:
            msg = f"With tag {tag} got exception: {str(exc)}\n{traceback.format_exc()}"
        named = type(exc)(msg)
        named._tag_named = True  # type: ignore[attr-defined]
        raise named from exc


TagType = Union[int, str, Tuple[int, int], "BaseTag"]
TagListType = Union[List[int], List[str], List[Tuple[int, int]], List["BaseTag"]]

# Shared BaseTag objects by value; bounded so that a file full of distinct
# garbage tags cannot grow it without limit.
_CACHE_LIMIT = 1 << 16
_cache: dict = {}
# (group, element) tuples already seen -> their shared BaseTag; a tuple is
# hashed in C, far cheaper than checking and combining its items again.
_pair_cache: dict = {}


def _intern(value: int) -> "BaseTag":
    """Return the shared :class:`BaseTag` for the non-negative 32-bit `value`."""
    tag = _cache.get(value)
    if tag is None:
        tag = int.__new__(BaseTag, value)
        if len(_cache) < _CACHE_LIMIT:
            _cache[value] = tag
    return tag


# dcmcore.datadict's keyword table and its added keywords that are also hex
# numbers, fetched on first use (datadict imports this module).
_keywords: Optional[dict] = None
_hex_keywords: set = set()


def _keyword_tables() -> dict:
    global _keywords, _hex_keywords
    if _keywords is None:
        from dcmcore import datadict

        _keywords, _hex_keywords = datadict.keyword_dict, datadict._hex_keywords
    return _keywords


def _keyword_tag(keyword: str) -> Optional[int]:
    """Return the tag of a registered `keyword` that is not also a hex number.

    pydicom reads a string as hex before trying it as a keyword; no keyword
    of the standard parses as hex, and added ones that do are left out.
    """
    found = (_keywords or _keyword_tables()).get(keyword)
    if found is not None and keyword in _hex_keywords:
        return None
    return found


def Tag(arg: TagType, arg2: Optional[int] = None) -> "BaseTag":
    """Return a :class:`BaseTag` for a tag given in any of the usual forms.

    ``Tag(0x00100010)``, ``Tag(0x0010, 0x0010)``, ``Tag((0x10, 0x10))``,
    ``Tag(("0010", "0010"))``, ``Tag("00100010")`` and ``Tag("PatientName")``
    all give the tag ``(0010, 0010)``.

    Parameters
    ----------
    arg : int, str, BaseTag or 2-tuple of int or str
        The whole tag, its group (with `arg2`), a ``(group, element)`` pair,
        a hex string or an element keyword.
    arg2 : int, optional
        The element number when `arg` is the group number.

    Returns
    -------
    BaseTag

    Raises
    ------
    ValueError
        For an unknown keyword, a negative value or a tuple of the wrong length.
    TypeError
        For a tuple mixing str and int.
    OverflowError
        For a value that does not fit 32 bits (16 bits each for a pair).
    """
    # Fast paths for the common well-formed forms; anything else, including
    # every error, goes through _make_tag.
    arg_type = type(arg)
    if arg2 is None:
        if arg_type is int:
            tag = _cache.get(arg)
            if tag is not None:
                return tag
        elif arg_type is BaseTag:
            return arg  # type: ignore[return-value]
        elif arg_type is str:
            value = _keyword_tag(arg)  # type: ignore[arg-type]
            if value is None:
                try:
                    value = int(arg, 16)  # type: ignore[arg-type]
                except ValueError:
                    return _make_tag(arg, arg2)
            if 0 <= value <= 0xFFFFFFFF:
                return _cache.get(value) or _intern(value)
        elif arg_type is tuple and len(arg) == 2:  # type: ignore[arg-type]
            group, element = arg  # type: ignore[misc]
            pair_type = type(group)
            # exact types first: (1.0, 16) and (True, 16) equal (1, 16) as keys
            if pair_type is type(element) and (pair_type is int or pair_type is str):
                tag = _pair_cache.get(arg)
                if tag is not None:
                    return tag
                if pair_type is str:
                    try:
                        group, element = int(group, 16), int(element, 16)
                    except ValueError:
                        return _make_tag(arg, arg2)
                if not (group >> 16 or element >> 16 or group < 0 or element < 0):
                    value = group << 16 | element
                    tag = _cache.get(value) or _intern(value)
                    if len(_pair_cache) < _CACHE_LIMIT:
                        _pair_cache[arg] = tag
                    return tag
    elif arg_type is int and type(arg2) is int and not (arg >> 16 or arg2 >> 16):  # type: ignore[operator]
        value = arg << 16 | arg2  # type: ignore[operator]
        return _cache.get(value) or _intern(value)
    return _make_tag(arg, arg2)


def _make_tag(arg: Any, arg2: Optional[int]) -> "BaseTag":
    """The general form of :func:`Tag`, with its checks and error messages."""
    if isinstance(arg, BaseTag):
        return arg
    if arg2 is not None:
        arg = (arg, arg2)

    if isinstance(arg, (tuple, list)):
        if len(arg) != 2:
            raise ValueError("Tag must be an int or a 2-tuple")
        first, second = arg
        if isinstance(first, str) and isinstance(second, str):
            first, second = int(first, 16), int(second, 16)
            arg = (first, second)  # messages below show the numbers
        elif not (isinstance(first, int) and isinstance(second, int)):
            raise TypeError(
                f"Unable to create an element tag from '{arg}': both "
                "arguments must be the same type and str or int"
            )
        if first > 0xFFFF or second > 0xFFFF:
            raise OverflowError(
                f"Unable to create an element tag from '{arg}': the group "
                "and element values are limited to a maximum of 2-bytes each"
            )
        value = (first << 16) | second
    elif isinstance(arg, str):
        try:
            value = int(arg, 16)
        except ValueError:
            found = _keyword_tag(arg)
            if found is None:
                raise ValueError(
                    f"Unable to create an element tag from '{arg}': "
                    "unknown DICOM element keyword or an invalid int"
                ) from None
            return _intern(found)
        if value > 0xFFFFFFFF:
            raise OverflowError(
                f"Unable to create an element tag from '{value}': the "
                "combined group and element values  are limited to a maximum "
                "of 4-bytes"
            )
    else:
        value = arg
        if value > 0xFFFFFFFF:
            raise OverflowError(
                f"Unable to create an element tag from '{value}': the "
                "combined group and element values are limited to a maximum "
                "of 4-bytes"
            )
    if value < 0:
        raise ValueError(
            f"Unable to create an element tag from '{value}': tags must be positive"
        )
    return _intern(int(value))


class BaseTag(int):
    """A DICOM (group, element) tag held as one :class:`int`.

    Equal to the same tag in any form :func:`Tag` accepts, and ordered with
    them; ``str()`` gives ``(gggg, eeee)`` in lower-case hex.
    """

    __slots__ = ()

    def __eq__(self, other: Any) -> Any:
        if isinstance(other, int):
            return int.__eq__(self, other)
        try:
            other = Tag(other)
        except Exception:
            return False
        return int.__eq__(self, other)

    def __ne__(self, other: Any) -> Any:
        return not self == other

    __hash__ = int.__hash__

    def __lt__(self, other: Any) -> Any:
        if not isinstance(other, int):
            try:
                other = Tag(other)
            except Exception:
                raise TypeError("Cannot compare Tag with non-Tag item")
        return int(self) < int(other)

    def __le__(self, other: Any) -> Any:
        return self == other or self < other

    def __gt__(self, other: Any) -> Any:
        return not (self == other or self < other)

    def __ge__(self, other: Any) -> Any:
        return self == other or self > other

    def __str__(self) -> str:
        return f"({self >> 16:04x}, {self & 0xFFFF:04x})"

    __repr__ = __str__

    @property
    def json_key(self) -> str:
        """The tag as the DICOM JSON key ``GGGGEEEE`` (upper-case hex)."""
        return f"{self >> 16:04X}{self & 0xFFFF:04X}"

    @property
    def group(self) -> int:
        """The group number."""
        return self >> 16

    @property
    def element(self) -> int:
        """The element number."""
        return self & 0xFFFF

    elem = element

    @property
    def is_private(self) -> bool:
        """``True`` for a tag in an odd (private) group."""
        return (self >> 16) % 2 == 1

    @property
    def is_private_creator(self) -> bool:
        """``True`` for a private creator tag, ``(gggg, 0010)`` to ``(gggg, 00FF)``."""
        return self.is_private and 0x0010 <= (self & 0xFFFF) < 0x0100

    @property
    def private_creator(self) -> "BaseTag":
        """The private creator tag reserving this private tag's block.

        Meaningless for a tag that is not private.
        """
        return _intern((self & 0xFFFF0000) | (self & 0xFFFF) >> 8)


def TupleTag(group_elem: Tuple[int, int]) -> BaseTag:
    """Return the :class:`BaseTag` for a ``(group, element)`` pair known to be valid."""
    return _intern(group_elem[0] << 16 | group_elem[1])


ItemTag = TupleTag((0xFFFE, 0xE000))
ItemDelimiterTag = TupleTag((0xFFFE, 0xE00D))
SequenceDelimiterTag = TupleTag((0xFFFE, 0xE0DD))
