"""Datasets: :class:`Dataset`, :class:`FileDataset`, :class:`FileMetaDataset`.

A :class:`Dataset` maps tags to data elements (PS3.5 section 7). Its
``_dict`` holds, per :class:`~dcmcore.tag.BaseTag`, either a
:class:`~dcmcore.dataelem.RawDataElement` (as read, value still bytes) or a
:class:`~dcmcore.dataelem.DataElement`. A raw element is converted the first
time it is looked up and the result replaces it in ``_dict``; elements whose
VR depends on other elements (``US or SS``, ``OB or OW``, ...) get their VR
resolved at the same time.

The keys are the shared (interned) tags handed out by :func:`~dcmcore.tag.Tag`,
so the hot look-ups (keyword attributes, ``ds[tag]``, ``in``, iteration) hit
dictionary entries by identity and never run :class:`BaseTag`'s Python-level
comparison.
"""

import copy
import io
import os
import warnings
import weakref
from bisect import bisect_left
from operator import index
from typing import (
    Any,
    AnyStr,
    BinaryIO,
    Callable,
    Dict,
    Iterable,
    Iterator,
    List,
    MutableMapping,
    MutableSequence,
    Optional,
    Tuple,
    Type,
    Union,
    ValuesView,
    overload,
)

from dcmcore import config
from dcmcore.charset import convert_encodings, default_encoding
from dcmcore.datadict import (
    dictionary_VR,
    keyword_dict,
    keyword_for_tag,
    repeater_has_keyword,
    tag_for_keyword,
)
from dcmcore import _convert
from dcmcore._convert import _convert_raw_element, _ElementIterator, _sorted_tags
from dcmcore.dataelem import DataElement, DataElement_from_raw, RawDataElement, _sequence_class
from dcmcore.tag import BaseTag, Tag, TagType, _cache as _interned_tags, _intern, tag_in_exception
from dcmcore.valuerep import VR

_DatasetValue = Union[DataElement, RawDataElement]
_DatasetType = Union["Dataset", MutableMapping[BaseTag, _DatasetValue]]

_SPECIFIC_CHARACTER_SET = 0x00080005
_PIXEL_DATA = 0x7FE00010
_LUT_DATA = 0x00283006

# Elements whose VR is "US or SS" and which pydicom resolves from
# (0028,0103) Pixel Representation: unsigned if 0, signed otherwise.
# (0018,9810) Zero Velocity Pixel Value, (0022,1452) Mapped Pixel Value,
# (0028,0104)-(0028,0111) smallest/largest pixel values, (0028,0120)/(0028,0121)
# Pixel Padding Value/Range Limit, (0028,1101)-(0028,1103) palette LUT
# descriptors, (0028,3002) LUT Descriptor, (0040,9211)/(0040,9216) Real World
# Value Last/First Value Mapped, (0060,3004)/(0060,3006) Histogram First/Last
# Bin Value.
_US_OR_SS_TAGS = frozenset(
    {
        0x00189810, 0x00221452, 0x00280104, 0x00280105, 0x00280106,
        0x00280107, 0x00280108, 0x00280109, 0x00280110, 0x00280111,
        0x00280120, 0x00280121, 0x00281101, 0x00281102, 0x00281103,
        0x00283002, 0x00409211, 0x00409216, 0x00603004, 0x00603006,
    }
)
# Waveform elements whose VR is "OB or OW", decided by (5400,1004) Waveform
# Bits Allocated (PS3.3 C.10.9.1): Channel Minimum/Maximum Value, Waveform
# Padding Value, Waveform Data.
_WAVEFORM_OB_OR_OW_TAGS = frozenset({0x54000110, 0x54000112, 0x5400100A, 0x54001010})
# (60xx,3000) Overlay Data in the even repeating groups 6000-601E.
_OVERLAY_DATA_TAGS = frozenset((group << 16) | 0x3000 for group in range(0x6000, 0x601F, 2))

# Attribute values that a deep copy may share.
_IMMUTABLE_TYPES = frozenset({type(None), bool, int, float, str, bytes})

_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_ASCII_ALNUM = _ASCII_LETTERS | frozenset("0123456789")

def _keyword_tag(keyword: str) -> Optional[BaseTag]:
    """Return the shared tag of the standard element `keyword`, or ``None``.

    The keyword attribute paths (``__getattr__``, ``__setattr__``,
    :class:`_KeywordValue`) inline these two look-ups to save a call.
    """
    tag = keyword_dict.get(keyword)
    if tag is None:
        return None
    return _interned_tags.get(tag) or _intern(tag)


def _looks_like_camel_case(name: str) -> bool:
    """Return ``True`` if `name` reads like a mistyped element keyword.

    pydicom warns for such names when they are set as attributes: at least
    four characters, an ASCII letter first, ASCII letters and digits up to the
    last character, which is anything but ``_``, and an upper-case letter
    either first or somewhere from the third character on.
    """
    if len(name) < 4 or name[0] not in _ASCII_LETTERS or name[-1] == "_":
        return False
    if not _ASCII_ALNUM.issuperset(name[1:-1]):
        return False
    return "A" <= name[0] <= "Z" or any("A" <= char <= "Z" for char in name[2:])


class PrivateBlock:
    """The elements of one private creator's block in a dataset.

    A private creator element ``(gggg,00xx)`` reserves the elements
    ``(gggg,xx00)`` to ``(gggg,xxFF)`` of its odd group (PS3.5 section
    7.8.1). A block addresses them by their offset, the low byte of the
    element number.

    Parameters
    ----------
    key : tuple of (int, str)
        The private group and the private creator's name.
    dataset : Dataset
        The dataset that holds the block.
    private_creator_element : int
        The element number ``xx`` of the private creator element.

    Attributes
    ----------
    group : int
        The (odd) private group.
    private_creator : str
        The private creator's name.
    dataset : Dataset
        The dataset that holds the block.
    block_start : int
        The first element number of the block, ``xx00``.
    """

    def __init__(self, key: Tuple[int, str], dataset: "Dataset", private_creator_element: int) -> None:
        self.group = key[0]
        self.private_creator = key[1]
        self.dataset = dataset
        self.block_start = private_creator_element << 8

    def get_tag(self, element_offset: int) -> BaseTag:
        """Return the tag of the block's element at `element_offset`.

        Parameters
        ----------
        element_offset : int
            The low byte of the element number, 0 to 0xFF.

        Returns
        -------
        BaseTag

        Raises
        ------
        ValueError
            If `element_offset` is larger than 0xFF.
        """
        if element_offset > 0xFF:
            raise ValueError("Element offset must be less than 256")
        return Tag(self.group, self.block_start + element_offset)

    def __contains__(self, element_offset: int) -> bool:
        """Return ``True`` if the dataset holds the element at `element_offset`."""
        return self.get_tag(element_offset) in self.dataset

    def __getitem__(self, element_offset: int) -> DataElement:
        """Return the dataset's element at `element_offset` (KeyError if absent)."""
        return self.dataset.__getitem__(self.get_tag(element_offset))

    def __delitem__(self, element_offset: int) -> None:
        """Delete the dataset's element at `element_offset` (KeyError if absent)."""
        del self.dataset[self.get_tag(element_offset)]

    def add_new(self, element_offset: int, VR: str, value: object) -> None:
        """Add an element at `element_offset` to the dataset.

        Parameters
        ----------
        element_offset : int
            The low byte of the element number, 0 to 0xFF.
        VR : str
            The element's value representation.
        value
            The element's value, as for :meth:`Dataset.add_new`.
        """
        tag = self.get_tag(element_offset)
        self.dataset.add_new(tag, VR, value)
        self.dataset[tag].private_creator = self.private_creator


class _ElementFormatFields:
    """The public attributes of a data element, as a mapping for ``%`` formats.

    A format string such as ``"%(tag)s %(name)s"`` reads only the fields it
    names; a field that is a method is called, without arguments, for its
    value.
    """

    # Methods whose call would change the element or need arguments.
    _EXCLUDED = frozenset({"from_json", "to_json", "to_json_dict", "clear", "description", "validate"})

    __slots__ = ("elem",)

    def __init__(self, elem: DataElement) -> None:
        self.elem = elem

    def __getitem__(self, name: str) -> Any:
        if name.startswith("_") or name in self._EXCLUDED or not hasattr(self.elem, name):
            raise KeyError(name)
        value = getattr(self.elem, name)
        return value() if callable(value) else value


class _KeywordValue:
    """Class attribute answering ``ds.<keyword>`` with the element's value.

    Python calls ``Dataset.__getattr__`` only after a failed normal look-up,
    and on CPython 3.11 that failure alone builds an AttributeError. So the
    first time a keyword is read, ``__getattr__`` puts one of these
    (non-data) descriptors on :class:`Dataset` under the keyword's name, and
    later reads of that keyword, on any dataset, come straight here for
    elements already converted.
    """

    __slots__ = ("keyword",)

    def __init__(self, keyword: str) -> None:
        self.keyword = keyword

    def __get__(self, instance: Optional["Dataset"], owner: Optional[type] = None) -> Any:
        if instance is None:
            return self
        keyword = self.keyword
        tag = keyword_dict.get(keyword)
        if tag is not None:
            tag = _interned_tags.get(tag) or _intern(tag)
            elem = instance._dict.get(tag)
            if elem.__class__ is DataElement:
                return elem.value
        # Absent, or still raw: __getattr__ (which Python calls next) decides,
        # so that errors of the conversion propagate from there as they are.
        raise AttributeError(
            f"'{type(instance).__name__}' object has no attribute '{keyword}'",
            name=keyword,
            obj=instance,
        )


# keyword -> the _KeywordValue installed on Dataset for it
_keyword_values: Dict[str, _KeywordValue] = {}


def _raise_with_tag(tag: BaseTag) -> None:
    """Re-raise the exception being handled with `tag` named in its message."""
    with tag_in_exception(tag):
        raise



def _available_handlers(handlers: List[Any], data_name: str) -> List[Any]:
    """The `handlers` whose dependencies are installed, or pydicom's
    RuntimeError naming what each one lacks to decode the `data_name`."""
    available = [handler for handler in handlers if handler.is_available()]
    if not available:
        raise RuntimeError(
            f"The following handlers are available to decode the {data_name} however "
            "they are missing required dependencies: " + _missing_dependencies(handlers)
        )
    return available


def _missing_dependencies(handlers: Iterable[Any]) -> str:
    """Each handler's name and the packages it lacks, as pydicom words it."""
    from importlib.util import find_spec

    return ", ".join(
        f"{handler.HANDLER_NAME} (req. "
        + ", ".join(title for package, (_, title) in handler.DEPENDENCIES.items() if find_spec(package) is None)
        + ")"
        for handler in handlers
    )

def _new_state(elements: MutableMapping[BaseTag, _DatasetValue], parent_encoding: Any) -> Dict[str, Any]:
    """The attributes of a new Dataset holding `elements`, set in one go
    past ``__setattr__`` (the reader makes a dataset for every item)."""
    return {
        "_parent_encoding": parent_encoding,
        "_dict": elements,
        "is_decompressed": False,
        # the encoding the dataset was read with (set_original_encoding)
        "read_little_endian": None,
        "read_implicit_vr": None,
        "read_encoding": None,
        "is_little_endian": None,
        "is_implicit_VR": None,
        "is_undefined_length_sequence_item": False,
        "_parent_seq": None,
        "_private_blocks": {},
        # the decoded pixel data and the ids of what it was decoded from
        # (get_image_pixel_ids); replaced, never mutated
        "_pixel_array": None,
        "_pixel_id": {},
    }


# The state every item read starts from (_convert.new_read_item).
_ITEM_STATE = _new_state({}, default_encoding)


class Dataset:
    """A DICOM dataset: a mutable mapping of tags to data elements.

    Elements are reached by tag (``ds[0x00100010]``, ``ds[0x10, 0x10]``,
    ``ds["PatientName"]``), by keyword attribute (``ds.PatientName``, which
    gives the value) and iterate in tag order. Sequence items are datasets
    themselves.

    Parameters
    ----------
    *args : Dataset or dict, optional
        The elements: another dataset (whose element dict is then shared) or
        a dict of :class:`~dcmcore.tag.BaseTag` to element. Empty if not given.
    **kwargs
        ``parent_encoding``: the character set inherited from an enclosing
        dataset (default ``"iso8859"``).

    Examples
    --------
    >>> ds = Dataset()
    >>> ds.PatientName = "CITIZEN^Joan"
    >>> ds.add_new(0x00100020, 'LO', '12345')
    >>> ds.PatientID
    '12345'
    >>> 'PatientName' in ds
    True

    Attributes
    ----------
    default_element_format : str
        The ``%`` format of a non-sequence element in :meth:`formatted_lines`.
    default_sequence_element_format : str
        The ``%`` format of a sequence element in :meth:`formatted_lines`.
    indent_chars : str
        The indent of each sequence level in ``str()``, three spaces.
    is_little_endian : bool or None
        The byte order to write with when not writing like the original.
    is_implicit_VR : bool or None
        ``True`` to write implicit VR when not writing like the original.
    """

    indent_chars = "   "
    default_element_format = "%(tag)s %(name)-35.35s %(VR)s: %(repval)s"
    default_sequence_element_format = "%(tag)s %(name)-35.35s %(VR)s: %(repval)s"

    def __init__(self, *args: _DatasetType, **kwargs: Any) -> None:
        if not args:
            elements: MutableMapping[BaseTag, _DatasetValue] = {}
        elif isinstance(args[0], Dataset):
            elements = args[0]._dict
        else:
            elements = args[0]
        self.__dict__.update(_new_state(elements, kwargs.get("parent_encoding", default_encoding)))

    # -- parents ---------------------------------------------------------

    @property
    def parent_seq(self) -> "Optional[weakref.ReferenceType[Any]]":
        """A weak reference to the sequence holding this dataset as an item.

        ``None`` for a dataset that is no sequence item. Set by the sequence
        when the dataset is inserted; setting it takes the sequence itself.
        """
        return self._parent_seq

    @parent_seq.setter
    def parent_seq(self, value: Any) -> None:
        if value is not None or self._parent_seq is not None:
            self.__dict__["_parent_seq"] = weakref.ref(value)

    @property
    def parent(self) -> "Optional[weakref.ReferenceType[Dataset]]":
        """Deprecated: a weak reference to the dataset enclosing this item.

        Warns DeprecationWarning; raises AttributeError when
        ``config._use_future`` is set. Use ``parent_seq().parent_dataset``.
        """
        _warn_parent_deprecated()
        parent_ref = self._parent_seq
        if parent_ref is None:
            return None
        return parent_ref().parent_dataset

    @parent.setter
    def parent(self, value: "Dataset") -> None:
        _warn_parent_deprecated()
        self._parent = weakref.ref(value)

    # -- copies and pickling -----------------------------------------------

    def __deepcopy__(self, memo: Optional[Dict[int, Any]]) -> "Dataset":
        cls = self.__class__
        copied = cls.__new__(cls)
        if memo is None:
            memo = {}
        memo[id(self)] = copied
        copied.__dict__.update(_deepcopy_state(self.__dict__, memo))
        _repoint_sequences(copied)
        return copied

    def __getstate__(self) -> Dict[str, Any]:
        # Pickle cannot store a weak reference: store the sequence instead.
        state = self.__dict__
        if state.get("_parent_seq") is not None:
            state = state.copy()
            state["_parent_seq"] = state["_parent_seq"]()
        return state

    def __setstate__(self, state: Dict[str, Any]) -> None:
        self.__dict__.update(state)
        if state.get("_parent_seq") is not None:
            self.__dict__["_parent_seq"] = weakref.ref(state["_parent_seq"])
        _intern_keys(self.__dict__.get("_dict"))

    def copy(self) -> "Dataset":
        """Return a shallow copy of the dataset.

        As in pydicom, the copy shares the dataset's element dict.
        """
        return copy.copy(self)

    def __enter__(self) -> "Dataset":
        return self

    def __exit__(self, exc_type: Any, exc_val: Any, exc_tb: Any) -> Optional[bool]:
        return None

    def __array__(self) -> Any:
        """Return the element dict as a 0-d object array (for ``numpy.asarray``)."""
        import numpy

        return numpy.asarray(self._dict)

    # -- adding elements -------------------------------------------------

    def add(self, data_element: DataElement) -> None:
        """Add `data_element` to the dataset, as ``ds[data_element.tag] = data_element``.

        Parameters
        ----------
        data_element : DataElement
            The element to add; it replaces an element with the same tag.
        """
        self[data_element.tag] = data_element

    def add_new(self, tag: TagType, VR: str, value: Any) -> None:
        """Make a new element and add it to the dataset.

        Parameters
        ----------
        tag : int, str, tuple or BaseTag
            The element's tag in any form :func:`~dcmcore.tag.Tag` accepts.
        VR : str
            The element's two-letter value representation (PS3.5 section 6.2).
        value
            The element's value: a number or string, a list or tuple of them,
            a string of several values separated by backslashes, or for a
            sequence (SQ) a list of :class:`Dataset`.
        """
        self.add(DataElement(tag, VR, value))

    def data_element(self, name: str) -> Optional[DataElement]:
        """Return the element of keyword `name`.

        Parameters
        ----------
        name : str
            An element keyword.

        Returns
        -------
        DataElement or None
            The element; ``None`` if `name` is not a keyword.

        Raises
        ------
        KeyError
            If `name` is a keyword whose element is not in the dataset.
        """
        tag = tag_for_keyword(name)
        if tag is not None:
            return self[tag]
        return None

    def __setitem__(self, key: Union[slice, TagType], elem: _DatasetValue) -> None:
        """Add `elem` under `key`, which must be its tag: ``ds[tag] = elem``.

        Raises
        ------
        NotImplementedError
            If `key` is a slice.
        ValueError
            If `key` is no tag or differs from ``elem.tag``.
        TypeError
            If `elem` is not a data element.
        """
        if key.__class__ is not BaseTag:
            if isinstance(key, slice):
                raise NotImplementedError("Slicing is not supported when setting Dataset items")
            try:
                key = Tag(key)
            except Exception as exc:
                raise ValueError(f"Unable to convert the key '{key}' to an element tag") from exc
        if elem.__class__ is not DataElement and not isinstance(elem, (DataElement, RawDataElement)):
            raise TypeError("Dataset items must be 'DataElement' instances")
        elem_tag = elem.tag
        if elem_tag.__class__ is not BaseTag:
            elem_tag = Tag(elem_tag)
        if key is not elem_tag and int.__ne__(key, elem_tag):
            raise ValueError(f"The key '{key}' doesn't match the 'DataElement' tag '{elem_tag}'")
        self._add_element(elem_tag, elem)

    def _add_element(self, tag: BaseTag, elem: _DatasetValue) -> None:
        """Store `elem` (whose tag is `tag`), linking it to the dataset.

        A private element learns its private creator if the creator element
        is present (PS3.5 section 7.8.1); a sequence learns its parent dataset,
        which its items may need to resolve ambiguous VRs.
        """
        if tag & 0x10000:  # odd group: private
            creator_tag = _intern((tag & 0xFFFF0000) | ((tag & 0xFFFF) >> 8))
            if creator_tag in self._dict and creator_tag is not tag and int.__ne__(creator_tag, tag):
                if isinstance(elem, RawDataElement):
                    elem = DataElement_from_raw(elem, self._character_set, self)
                elem.private_creator = self[creator_tag].value
        self._dict[tag] = elem
        if elem.VR == "SQ" and isinstance(elem, DataElement):
            sequence_class = _sequence_class()
            if not isinstance(elem.value, sequence_class):
                elem.value = sequence_class(elem.value)
            if elem.value is not None:
                elem.value.parent_dataset = self

    def setdefault(self, key: TagType, default: Optional[Any] = None) -> DataElement:
        """Return the element for `key`, adding it first if absent.

        Parameters
        ----------
        key : int, str, tuple or BaseTag
            A tag in any form :func:`~dcmcore.tag.Tag` accepts, or a keyword.
        default : DataElement or object, optional
            The element to add, or the value of the element to add: its VR
            is then the dictionary VR (UN for a private or unknown tag).

        Returns
        -------
        DataElement
            The element now in the dataset for `key`.

        Raises
        ------
        ValueError
            If `key` is neither a tag nor a known keyword.
        KeyError
            If the writing validation mode is RAISE and `key` is an unknown
            standard tag.
        """
        tag = Tag(key)
        if tag in self._dict:
            return self[tag]
        if not isinstance(default, DataElement):
            # pydicom passes the VR enum here (so str() shows "VR.UN")
            if tag.is_private:
                vr = VR.UN
            else:
                try:
                    vr = dictionary_VR(tag)
                except KeyError:
                    if config.settings.writing_validation_mode == config.RAISE:
                        raise KeyError(f"Unknown DICOM tag {tag}")
                    vr = VR.UN
                    warnings.warn(f"Unknown DICOM tag {tag} - setting VR to 'UN'")
            default = DataElement(tag, vr, default)
        self[key] = default
        return default

    def update(self, d: _DatasetType) -> None:
        """Add the elements of `d`, like :meth:`dict.update`.

        Parameters
        ----------
        d : dict or Dataset
            Keys are tags, or keywords whose values are element values.
        """
        for key, value in list(d.items()):
            if isinstance(key, str):
                setattr(self, key, value)
            else:
                self[Tag(key)] = value

    # -- reading elements ------------------------------------------------

    @overload
    def __getitem__(self, key: slice) -> "Dataset": ...

    @overload
    def __getitem__(self, key: TagType) -> DataElement: ...

    def __getitem__(self, key: Union[slice, TagType]) -> Any:
        """Return the element for `key`, or a :class:`Dataset` for a slice.

        A raw element is converted (and kept converted); a deferred-read
        element is read from its file first.

        Parameters
        ----------
        key : int, str, tuple, BaseTag or slice
            A tag in any form :func:`~dcmcore.tag.Tag` accepts, a keyword,
            or a slice of tags (then the elements with tags in the slice).

        Raises
        ------
        KeyError
            If there is no such element, or `key` is no tag.
        """
        if key.__class__ is BaseTag:
            tag = key
        elif isinstance(key, slice):
            return self._dataset_slice(key)
        else:
            try:
                tag = Tag(key)
            except Exception as exc:
                raise KeyError(f"'{key}'") from exc
        elem = self._dict[tag]
        if elem.__class__ is DataElement or not isinstance(elem, RawDataElement):
            return elem
        return _convert_raw_element(self, tag, elem)

    # Convert the raw element stored under a tag, store and return it (the
    # compiled dcmcore._convert._convert_raw_element).
    _convert_raw_element = _convert_raw_element

    def get_item(self, key: Union[slice, TagType]) -> Any:
        """Return the element for `key` as stored, raw or converted.

        An element stays raw until its value is looked up or set; only a
        deferred-read element is read and converted here.

        Parameters
        ----------
        key : int, str, tuple, BaseTag or slice
            A tag in any form :func:`~dcmcore.tag.Tag` accepts, or a slice of
            tags (then a :class:`Dataset` of the elements, kept raw).

        Returns
        -------
        DataElement, RawDataElement, Dataset or None
            ``None`` if the element is absent.
        """
        if isinstance(key, slice):
            return self._dataset_slice(key)
        elem = self._dict.get(Tag(key))
        if isinstance(elem, RawDataElement) and elem.value is None:
            return self[key]
        return elem

    def get(self, key: TagType, default: Optional[Any] = None) -> Any:
        """Return a value by keyword or an element by tag, like :meth:`dict.get`.

        Parameters
        ----------
        key : str, int, tuple or BaseTag
            A keyword or other attribute name (the value is returned), or a
            tag (the element is returned).
        default : object, optional
            Returned if there is no such element or attribute.

        Raises
        ------
        TypeError
            If `key` is neither a str nor a tag.
        """
        if isinstance(key, str):
            try:
                return getattr(self, key)
            except AttributeError:
                return default
        try:
            key = Tag(key)
        except Exception as exc:
            raise TypeError("Dataset.get key must be a string or tag") from exc
        try:
            return self.__getitem__(key)
        except KeyError:
            return default

    def __getattr__(self, name: str) -> Any:
        # Only called when normal look-up fails: for keywords, the first read
        # of each keyword, and reads of absent or raw elements (see
        # _KeywordValue).
        tag = keyword_dict.get(name)
        if tag is not None:
            if name not in _keyword_values:
                _keyword_values[name] = _KeywordValue(name)
                setattr(Dataset, name, _keyword_values[name])
            tag = _interned_tags.get(tag) or _intern(tag)
            if tag in self._dict:
                return self[tag].value
        elif name == "_dict":
            # not yet set while unpickling or copying
            return {}
        return object.__getattribute__(self, name)

    def __setattr__(self, name: str, value: Any) -> None:
        tag = keyword_dict.get(name)
        if tag is not None:
            tag = _interned_tags.get(tag) or _intern(tag)
            elem = self._dict.get(tag)
            if elem is None:
                vr = dictionary_VR(tag)
                elem = DataElement(tag, vr, value)
                if vr == "SQ":
                    # items may need their parent's elements to resolve
                    # ambiguous VRs
                    elem.parent = self
                self[tag] = elem
            else:
                if elem.__class__ is not DataElement:
                    elem = self[tag]
                elem.value = value
                # storing the same element again only matters to a sequence,
                # which must learn its parent (keywords are never private)
                if elem.VR == "SQ":
                    self[tag] = elem
        elif name.startswith("is_") or name.islower():
            if name == "file_meta":
                self._set_file_meta(value)
            else:
                object.__setattr__(self, name, value)
        elif repeater_has_keyword(name):
            raise ValueError(
                f"'{name}' is a DICOM repeating group element and must be "
                "added using the add() or add_new() methods."
            )
        else:
            if _looks_like_camel_case(name):
                msg = (
                    f"Camel case attribute '{name}' used which is not in the "
                    "element keyword data dictionary"
                )
                if config.INVALID_KEYWORD_BEHAVIOR == "WARN":
                    warnings.warn(msg)
                elif config.INVALID_KEYWORD_BEHAVIOR == "RAISE":
                    raise ValueError(msg)
            object.__setattr__(self, name, value)

    def _set_file_meta(self, value: Optional["Dataset"]) -> None:
        if value is not None and not isinstance(value, FileMetaDataset):
            if config._use_future:
                raise TypeError(
                    "Pydicom Future: Dataset.file_meta must be an instance of FileMetaDataset"
                )
            FileMetaDataset.validate(value)
            warnings.warn(
                "Starting in pydicom 3.0, Dataset.file_meta must be a FileMetaDataset class instance",
                DeprecationWarning,
            )
        self.__dict__["file_meta"] = value

    def __delattr__(self, name: str) -> None:
        tag = _keyword_tag(name)
        if tag is not None and tag in self._dict:
            del self._dict[tag]
        elif name in self.__dict__:
            del self.__dict__[name]
        else:
            raise AttributeError(name)

    def __delitem__(self, key: Union[slice, TagType]) -> None:
        """Delete the element for `key`, or every element in a slice of tags."""
        if isinstance(key, slice):
            tags = self._slice_dataset(key.start, key.stop, key.step)
        else:
            tags = [key if key.__class__ is BaseTag else Tag(key)]
        for tag in tags:
            del self._dict[tag]
            # a deleted private creator invalidates the cached blocks; they
            # are found again on their next use
            if self._private_blocks and BaseTag(tag).is_private_creator:
                self._private_blocks = {}

    def __contains__(self, name: TagType) -> bool:
        """Return ``True`` if the dataset has the element of tag or keyword `name`.

        A `name` that is neither gives ``False`` and a warning, or ValueError
        (see :data:`~dcmcore.config.INVALID_KEY_BEHAVIOR`).
        """
        if name.__class__ is BaseTag:
            return name in self._dict
        if name.__class__ is str:
            tag = _keyword_tag(name)  # type: ignore[arg-type]
            if tag is not None:
                return tag in self._dict
        try:
            return Tag(name) in self._dict
        except Exception as exc:
            if isinstance(exc, OverflowError):
                msg = (
                    "Invalid element tag value used with the 'in' operator: "
                    "tags have a maximum value of (0xFFFF, 0xFFFF)"
                )
            else:
                msg = (
                    f"Invalid value '{name}' used with the 'in' operator: must be "
                    "an element tag as a 2-tuple or int, or an element keyword"
                )
            if config.INVALID_KEY_BEHAVIOR == "WARN":
                warnings.warn(msg)
            elif config.INVALID_KEY_BEHAVIOR == "RAISE":
                raise ValueError(msg) from exc
        return False

    def __len__(self) -> int:
        return len(self._dict)

    def __eq__(self, other: Any) -> bool:
        """Equal if `other` is of this class and has equal elements (by tag)."""
        if other is self:
            return True
        if isinstance(other, self.__class__):
            if len(self) != len(other):
                return False
            tags = list(self._dict)
            return all(tag in other for tag in tags) and all(self[tag] == other[tag] for tag in tags)
        return NotImplemented

    def __ne__(self, other: Any) -> bool:
        return not self == other

    __hash__ = None  # type: ignore[assignment]

    # -- iteration ---------------------------------------------------------

    def _sorted_tags(self) -> List[BaseTag]:
        return _sorted_tags(self._dict)

    def __iter__(self) -> Iterator[DataElement]:
        """Yield the top-level elements, converted, in tag order."""
        if type(self).__getitem__ is Dataset.__getitem__:
            # the compiled iterator converts as __getitem__ does
            return _ElementIterator(self)
        return self._iter_by_getitem()

    def _iter_by_getitem(self) -> Iterator[DataElement]:
        # a subclass with its own __getitem__ sees every look-up
        elements = self._dict
        for tag in self._sorted_tags():
            elem = elements[tag]
            if elem.__class__ is not DataElement:
                elem = self[tag]
            yield elem

    def elements(self) -> Iterator[_DatasetValue]:
        """Yield the top-level elements in tag order, as stored (raw or not).

        Yields
        ------
        DataElement or RawDataElement
        """
        for tag in self._sorted_tags():
            yield self.get_item(tag)

    def iterall(self) -> Iterator[DataElement]:
        """Yield every element, recursing into sequence items.

        Each sequence element comes before the elements of its items, as if
        the dataset were flattened.
        """
        # One generator with an explicit stack of the enclosing levels rather
        # than a generator per item: large datasets hold many small items.
        element_class = DataElement
        stack = []  # (dataset, elements, tags, items) of the enclosing levels
        dataset, elements, items = self, self._dict, None
        tags = iter(_sorted_tags(elements))
        while True:
            for tag in tags:
                elem = elements[tag]
                if elem.__class__ is not element_class:
                    elem = dataset[tag]
                yield elem
                if elem.VR == "SQ":
                    stack.append((dataset, elements, tags, items))
                    items = iter(elem.value)
                    break
            # the next item of the innermost sequence, else back up a level
            item = None if items is None else next(items, None)
            if item is not None:
                dataset, elements = item, item._dict
                tags = iter(_sorted_tags(elements))
            elif stack:
                dataset, elements, tags, items = stack.pop()
            else:
                return

    def walk(self, callback: Callable[["Dataset", DataElement], None], recursive: bool = True) -> None:
        """Call ``callback(dataset, element)`` for every element, in tag order.

        Parameters
        ----------
        callback : callable
            Called with the dataset holding the element and the element
            (sequence elements included). It may delete the element.
        recursive : bool, optional
            ``True`` (default) to visit the items of sequences too.
        """
        for tag in self._sorted_tags():
            try:
                elem = self[tag]
                callback(self, elem)
                # the callback may have deleted the element
                if recursive and tag in self._dict and elem.VR == "SQ":
                    for item in elem.value:
                        item.walk(callback)
            except Exception:
                _raise_with_tag(tag)

    def keys(self) -> Any:
        """Return the tags, as :meth:`dict.keys`."""
        return self._dict.keys()

    def values(self) -> ValuesView[_DatasetValue]:
        """Return the elements as stored (raw or not), as :meth:`dict.values`."""
        return self._dict.values()

    def items(self) -> Any:
        """Return ``(tag, element)`` pairs as stored, as :meth:`dict.items`."""
        return self._dict.items()

    # -- removing elements -------------------------------------------------

    def clear(self) -> None:
        """Delete every element of the dataset."""
        self._dict.clear()

    def pop(self, key: TagType, *args: Any) -> _DatasetValue:
        """Remove the element for `key` and return it, like :meth:`dict.pop`.

        Parameters
        ----------
        key : int, str, tuple or BaseTag
            A tag in any form :func:`~dcmcore.tag.Tag` accepts, or a keyword.
        *args
            An optional default returned if there is no such element.

        Raises
        ------
        KeyError
            If there is no such element and no default.
        """
        try:
            key = Tag(key)
        except Exception:
            pass
        return self._dict.pop(key, *args)  # type: ignore[arg-type]

    def popitem(self) -> Tuple[BaseTag, _DatasetValue]:
        """Remove and return a ``(tag, element)`` pair, like :meth:`dict.popitem`."""
        return self._dict.popitem()

    # -- slices and groups -------------------------------------------------

    def _slice_dataset(
        self, start: Optional[TagType], stop: Optional[TagType], step: Optional[int]
    ) -> List[BaseTag]:
        """Return the dataset's tags in the slice ``start:stop:step``, sorted."""
        if start is not None:
            start = Tag(start)
        if stop is not None:
            stop = Tag(stop)
        tags = self._sorted_tags()
        first = 0 if start is None else bisect_left(tags, index(start), key=index)
        end = len(tags) if stop is None else bisect_left(tags, index(stop), key=index)
        return tags[first:end:step]

    def _dataset_slice(self, slce: slice) -> "Dataset":
        """Return a dataset of the elements in the slice, kept as stored, with
        this dataset's encoding properties."""
        tags = self._slice_dataset(slce.start, slce.stop, slce.step)
        sliced = Dataset({tag: self.get_item(tag) for tag in tags})
        sliced.is_little_endian = self.is_little_endian
        sliced.is_implicit_VR = self.is_implicit_VR
        sliced.set_original_encoding(self.read_implicit_vr, self.read_little_endian, self.read_encoding)
        return sliced

    def group_dataset(self, group: int) -> "Dataset":
        """Return a :class:`Dataset` of the elements of `group`."""
        return self[(group, 0x0000):(group + 1, 0x0000)]  # type: ignore[misc]

    # -- private elements --------------------------------------------------

    def private_block(self, group: int, private_creator: str, create: bool = False) -> PrivateBlock:
        """Return the block of `private_creator` in the private `group`.

        Parameters
        ----------
        group : int
            An odd (private) group number.
        private_creator : str
            The private creator's name.
        create : bool, optional
            ``True`` to add the private creator element in the first free
            slot ``(group,0010)``-``(group,00FF)`` if it is absent.

        Returns
        -------
        PrivateBlock

        Raises
        ------
        ValueError
            If `private_creator` is empty or `group` is even.
        KeyError
            If the private creator is absent and `create` is ``False``.
        """
        key = (group, private_creator)
        block = self._private_blocks.get(key)
        if block is not None:
            return block
        if not private_creator:
            raise ValueError("Private creator must have a value")
        if group % 2 == 0:
            raise ValueError("Tag must be private if private creator is given")
        creators = self[(group, 0x10):(group, 0x100)]  # type: ignore[misc]
        element = next((elem.tag.element for elem in creators if elem.value == private_creator), None)
        if element is None:
            if not create:
                raise KeyError(f"Private creator '{private_creator}' not found")
            # the first unused slot; we ignore the case that all 240 are used
            element = next(el for el in range(0x10, 0x100) if Tag(group, el) not in self._dict)
            self.add_new(Tag(group, element), "LO", private_creator)
        block = PrivateBlock(key, self, element)
        self._private_blocks[key] = block
        return block

    def private_creators(self, group: int) -> List[str]:
        """Return the names of the private creators in the private `group`.

        Raises
        ------
        ValueError
            If `group` is even.
        """
        if group % 2 == 0:
            raise ValueError("Group must be an odd number")
        return [elem.value for elem in self[(group, 0x10):(group, 0x100)]]  # type: ignore[misc]

    def get_private_item(self, group: int, element_offset: int, private_creator: str) -> DataElement:
        """Return the element at `element_offset` of `private_creator`'s block.

        Parameters
        ----------
        group : int
            An odd (private) group number.
        element_offset : int
            The low byte of the element number, 0 to 0xFF.
        private_creator : str
            The private creator's name.

        Raises
        ------
        ValueError
            If `group` is even, `private_creator` empty or the offset > 0xFF.
        KeyError
            If the private creator or the element is absent.
        """
        block = self.private_block(group, private_creator)
        return self.__getitem__(block.get_tag(element_offset))

    def remove_private_tags(self) -> None:
        """Delete every private element, in sequence items too."""

        def remove_private(dataset: "Dataset", elem: DataElement) -> None:
            if elem.tag.is_private:
                del dataset[elem.tag]

        self.walk(remove_private)

    # -- names -------------------------------------------------------------

    def dir(self, *filters: str) -> List[str]:
        """Return the sorted keywords of the top-level elements.

        Parameters
        ----------
        *filters : str
            If given, only keywords that contain one of them, ignoring case.
        """
        names = [name for name in (keyword_for_tag(tag) for tag in self._dict) if name]
        if not filters:
            return sorted(names)
        lowered = [text.lower() for text in filters]
        return sorted({name for name in names if any(text in name.lower() for text in lowered)})

    def __dir__(self) -> List[str]:
        # keywords of absent elements may be class attributes (_KeywordValue)
        names = {name for name in super().__dir__() if name not in _keyword_values}
        return sorted(names | set(self.dir()))

    def trait_names(self) -> List[str]:
        """Return the attribute and keyword names, for IPython completion."""
        return dir(self)

    # -- encoding ----------------------------------------------------------

    @property
    def _character_set(self) -> Union[str, List[str]]:
        """The Python codecs of the dataset's text: from (0008,0005) if set,
        else inherited from the enclosing dataset."""
        char_set = self.get(_intern(_SPECIFIC_CHARACTER_SET), None)
        if not char_set:
            return self._parent_encoding
        return convert_encodings(char_set.value)

    @property
    def is_original_encoding(self) -> bool:
        """``True`` if the encoding set for writing is the one read.

        That is byte order, VR handling and (0008,0005) Specific Character
        Set; ``False`` while :attr:`is_implicit_VR` or
        :attr:`is_little_endian` is unset.
        """
        return (
            self.is_implicit_VR is not None
            and self.is_little_endian is not None
            and self.read_implicit_vr == self.is_implicit_VR
            and self.read_little_endian == self.is_little_endian
            and self.read_encoding == self._character_set
        )

    def set_original_encoding(
        self,
        is_implicit_vr: Optional[bool],
        is_little_endian: Optional[bool],
        character_encoding: Union[None, str, MutableSequence[str]],
    ) -> None:
        """Record the encoding the dataset was read with.

        A dataset whose elements are still raw can then be written in the
        same encoding without decoding them.
        """
        # plain attributes: set directly, skipping __setattr__ (the reader
        # calls this for every sequence item)
        attributes = self.__dict__
        attributes["read_implicit_vr"] = is_implicit_vr
        attributes["read_little_endian"] = is_little_endian
        attributes["read_encoding"] = character_encoding

    def decode(self) -> None:
        """Decode the text values with the dataset's character sets.

        See PS3.5 section 6.1.1; sequence items inherit the character set.
        """
        from dcmcore.charset import decode_element

        character_set = self._character_set

        def decode_callback(dataset: "Dataset", elem: DataElement) -> None:
            if elem.VR == "SQ":
                for item in elem.value:
                    item._parent_encoding = character_set
                    item.decode()
            else:
                decode_element(elem, character_set)

        self.walk(decode_callback, recursive=False)

    # -- text --------------------------------------------------------------

    def formatted_lines(
        self,
        element_format: str = default_element_format,
        sequence_element_format: str = default_sequence_element_format,
        indent_format: Optional[str] = None,
    ) -> Iterator[str]:
        """Yield one formatted line per element, recursing into sequences.

        Parameters
        ----------
        element_format : str
            ``%`` format of a non-sequence element; it can name any public
            attribute of :class:`~dcmcore.dataelem.DataElement`, e.g.
            ``"%(tag)s %(keyword)s %(VR)s: %(repval)s"``.
        sequence_element_format : str
            ``%`` format of a sequence element.
        indent_format : str or None
            Unused; kept for pydicom's signature.
        """
        for elem in self.iterall():
            fmt = sequence_element_format if elem.VR == "SQ" else element_format
            yield fmt % _ElementFormatFields(elem)

    def _pretty_str(self, indent: int = 0, top_level_only: bool = False) -> str:
        """Return the text of ``str(ds)``: one line per element, sequence items
        indented one level deeper, the file meta group first if
        :data:`~dcmcore.config.show_file_meta`."""
        lines: List[str] = []
        self._pretty_lines(lines, indent, top_level_only)
        return "\n".join(lines)

    def _pretty_lines(self, lines: List[str], indent: int, top_level_only: bool) -> None:
        """Append the lines of :meth:`_pretty_str` to `lines`."""
        indent_str = self.indent_chars * indent
        file_meta = self.__dict__.get("file_meta")
        if file_meta and config.show_file_meta:
            lines.append(f"{'Dataset.file_meta ':-<49}")
            for elem in file_meta:
                try:
                    lines.append(indent_str + repr(elem))
                except Exception:
                    _raise_with_tag(elem.tag)
            lines.append("-" * 49)
        item_end = self.indent_chars * (indent + 1) + "---------"
        for elem in self:
            try:
                if elem.VR != "SQ":
                    lines.append(indent_str + repr(elem))
                    continue
                items = elem.value
                lines.append(f"{indent_str}{elem.tag}  {elem.name}  {len(items)} item(s) ---- ")
                if not top_level_only:
                    for item in items:
                        start = len(lines)
                        item._pretty_lines(lines, indent + 1, False)
                        if len(lines) == start:
                            lines.append("")  # an empty item shows as an empty line
                        lines.append(item_end)
            except Exception:
                _raise_with_tag(elem.tag)

    def __str__(self) -> str:
        return self._pretty_str()

    __repr__ = __str__

    def _repr_html_(self) -> str:
        """Return the dataset as an HTML table, for Jupyter (see :mod:`dcmcore.notebook`)."""
        from dcmcore.notebook import dataset_html

        return dataset_html(self)

    def top(self) -> str:
        """Return the text of the top-level elements only (no sequence items)."""
        return self._pretty_str(top_level_only=True)

    # -- file meta and writing ---------------------------------------------

    def ensure_file_meta(self) -> None:
        """Give the dataset an empty :class:`FileMetaDataset` if it has none."""
        if "file_meta" not in self.__dict__:
            self.file_meta = FileMetaDataset()

    def fix_meta_info(self, enforce_standard: bool = True) -> None:
        """Set the file meta's transfer syntax and SOP UIDs from the dataset.

        The transfer syntax follows :attr:`is_little_endian` and
        :attr:`is_implicit_VR`; explicit VR little endian is left alone, as
        several transfer syntaxes share it.

        Parameters
        ----------
        enforce_standard : bool, optional
            ``True`` (default) to check the result with
            :func:`validate_file_meta`.

        Raises
        ------
        NotImplementedError
            For implicit VR big endian, which no transfer syntax uses.
        ValueError
            If `enforce_standard` and a required element is missing.
        """
        from dcmcore.uid import ExplicitVRBigEndian, ImplicitVRLittleEndian

        self.ensure_file_meta()
        if self.is_little_endian and self.is_implicit_VR:
            self.file_meta.TransferSyntaxUID = ImplicitVRLittleEndian
        elif not self.is_little_endian and not self.is_implicit_VR:
            self.file_meta.TransferSyntaxUID = ExplicitVRBigEndian
        elif not self.is_little_endian and self.is_implicit_VR:
            raise NotImplementedError("Implicit VR Big Endian is not a supported Transfer Syntax.")
        if "SOPClassUID" in self:
            self.file_meta.MediaStorageSOPClassUID = self.SOPClassUID
        if "SOPInstanceUID" in self:
            self.file_meta.MediaStorageSOPInstanceUID = self.SOPInstanceUID
        if enforce_standard:
            validate_file_meta(self.file_meta, enforce_standard=True)

    def save_as(
        self, filename: Union[str, "os.PathLike[AnyStr]", BinaryIO], write_like_original: bool = True
    ) -> None:
        """Write the dataset to `filename` with :func:`dcmcore.filewriter.dcmwrite`.

        Parameters
        ----------
        filename : str, PathLike or file-like
            Where to write.
        write_like_original : bool, optional
            As for :func:`~dcmcore.filewriter.dcmwrite`.
        """
        from dcmcore.filewriter import dcmwrite

        dcmwrite(filename, self, write_like_original)

    # -- pixel data --------------------------------------------------------

    @property
    def pixel_array(self) -> "numpy.ndarray":
        """The pixel data as a :class:`numpy.ndarray`, decoded on first use.

        The array is kept and returned again until the *Pixel Data* or one of
        the elements that shape it changes (see :meth:`convert_pixel_data`).

        Returns
        -------
        numpy.ndarray
            Shaped (rows, columns), (rows, columns, samples), (frames, rows,
            columns) or (frames, rows, columns, samples).
        """
        self.convert_pixel_data()
        return self._pixel_array

    def overlay_array(self, group: int) -> "numpy.ndarray":
        """Return the (`group`,3000) *Overlay Data* as a :class:`numpy.ndarray`.

        Parameters
        ----------
        group : int
            The overlay's group, 0x6000 to 0x60FF.

        Returns
        -------
        numpy.ndarray
            ``uint8`` 0 and 1, shaped (rows, columns) or (frames, rows,
            columns).

        Raises
        ------
        ValueError
            If `group` is outside the overlay groups, or the data is shorter
            than the overlay needs.
        AttributeError
            If an element the overlay needs is missing.
        """
        if group < 0x6000 or group > 0x60FF:
            raise ValueError(
                "The group part of the 'Overlay Data' element tag must be "
                "between 0x6000 and 0x60FF (inclusive)"
            )
        handlers = config.overlay_data_handlers
        available = _available_handlers(handlers, "overlay data")
        last_exception: Optional[BaseException] = None
        for handler in available:
            try:
                return handler.get_overlay_array(self, group)
            except Exception as exc:
                config.logger.debug("Exception raised by overlay data handler", exc_info=exc)
                last_exception = exc
        config.logger.info(
            "Unable to decode the overlay data using the following handlers: "
            f"{', '.join(str(handler) for handler in available)}. Please see the list of "
            "supported Transfer Syntaxes in the pydicom documentation for alternative "
            "packages that might be able to decode the data"
        )
        raise last_exception  # type: ignore[misc]

    def waveform_array(self, index: int) -> "numpy.ndarray":
        """Return multiplex group `index` of the (5400,0100) *Waveform
        Sequence* as a :class:`numpy.ndarray`.

        Each channel's *Channel Sensitivity*, *Channel Sensitivity Correction
        Factor* and *Channel Baseline* are applied (PS3.3 C.10.9.1.4).

        Parameters
        ----------
        index : int
            The multiplex group's index in the sequence.

        Returns
        -------
        numpy.ndarray
            ``float64`` values shaped (samples, channels).

        See Also
        --------
        dcmcore.waveforms.numpy_handler.multiplex_array
        """
        from dcmcore.waveforms import numpy_handler

        return numpy_handler.multiplex_array(self, index, as_raw=False)

    def convert_pixel_data(self, handler_name: str = "") -> None:
        """Decode the pixel data into :attr:`pixel_array`.

        Nothing is done if the pixel data and the elements that shape it are
        those the current array was decoded from. Otherwise the handler named
        `handler_name` decodes it, or, without a name, the first handler of
        :data:`dcmcore.config.pixel_data_handlers` that supports the transfer
        syntax and succeeds.

        Parameters
        ----------
        handler_name : str, optional
            A handler of :mod:`dcmcore.pixel_data_handlers`: ``"numpy"``,
            ``"rle"``, ``"gdcm"``, ``"pillow"``, ``"jpeg_ls"`` or
            ``"pylibjpeg"`` (the ``_handler`` suffix may be given).

        Raises
        ------
        ValueError
            If `handler_name` names no handler.
        NotImplementedError
            If no handler (or not the named one) supports the transfer syntax.
        RuntimeError
            If the handlers that support it lack their packages.
        """
        from dcmcore.pixel_data_handlers.util import get_image_pixel_ids

        if self._pixel_array is not None and self._pixel_id == get_image_pixel_ids(self):
            return
        if handler_name:
            self._convert_pixel_data_using_handler(handler_name)
        else:
            self._convert_pixel_data_without_handler()

    def _convert_pixel_data_using_handler(self, name: str) -> None:
        handler_name = name.lower()
        if not handler_name.endswith("_handler"):
            handler_name += "_handler"
        # config's names for two handlers differ from their module names
        handler_name = {"numpy_handler": "np_handler", "jpeg_ls_handler": "jpegls_handler"}.get(
            handler_name, handler_name
        )
        if handler_name not in config._HANDLER_MODULES:
            raise ValueError(f"'{name}' is not a known handler name")
        handler = getattr(config, handler_name)
        syntax = self.file_meta.TransferSyntaxUID
        if not handler.supports_transfer_syntax(syntax):
            raise NotImplementedError(
                f"Unable to decode pixel data with a transfer syntax UID of '{syntax}' "
                f"({syntax.name}) using the pixel data handler '{name}'. Please see the "
                "pydicom documentation for information on supported transfer syntaxes."
            )
        if not handler.is_available():
            raise RuntimeError(
                f"The pixel data handler '{name}' is not available on your system. Please "
                "refer to the pydicom documentation for information on installing needed "
                "packages."
            )
        self._do_pixel_data_conversion(handler)

    def _convert_pixel_data_without_handler(self) -> None:
        syntax = self.file_meta.TransferSyntaxUID
        supporting = [
            handler
            for handler in config.pixel_data_handlers
            if handler is not None and handler.supports_transfer_syntax(syntax)
        ]
        if not supporting:
            raise NotImplementedError(
                f"Unable to decode pixel data with a transfer syntax UID of '{syntax}' "
                f"({syntax.name}) as there are no pixel data handlers available that "
                "support it. Please see the pydicom documentation for information on "
                "supported transfer syntaxes "
            )
        available = _available_handlers(supporting, "pixel data")
        last_exception: Optional[BaseException] = None
        for handler in available:
            try:
                self._do_pixel_data_conversion(handler)
                return
            except Exception as exc:
                config.logger.debug("Exception raised by pixel data handler", exc_info=exc)
                last_exception = exc
        self._pixel_array = None
        self._pixel_id = {}
        raise last_exception  # type: ignore[misc]

    def _do_pixel_data_conversion(self, handler: Any) -> None:
        from dcmcore.pixel_data_handlers.util import (
            convert_color_space,
            get_image_pixel_ids,
            reshape_pixel_array,
        )

        arr = reshape_pixel_array(self, handler.get_pixeldata(self))
        if handler.needs_to_convert_to_RGB(self):
            arr = convert_color_space(arr, "YBR_FULL", "RGB")
        self._pixel_array = arr
        self._pixel_id = get_image_pixel_ids(self)

    def decompress(self, handler_name: str = "") -> None:
        """Decode the pixel data and mark the dataset to be written uncompressed.

        The *Pixel Data* is replaced by the bytes of :attr:`pixel_array` when
        the dataset is written; a compressed dataset's *Transfer Syntax UID*
        becomes Explicit VR Little Endian at once.

        Parameters
        ----------
        handler_name : str, optional
            The handler to decode with, as for :meth:`convert_pixel_data`.

        Raises
        ------
        NotImplementedError
            If the dataset of a compressed transfer syntax was not read as
            explicit VR little endian (PS3.5 A.4 requires it).
        """
        from dcmcore.uid import ExplicitVRLittleEndian

        self.convert_pixel_data(handler_name)
        self.is_decompressed = True
        if "PixelData" in self:
            self[0x7FE00010].is_undefined_length = False
        if "file_meta" in self.__dict__ and self.file_meta.TransferSyntaxUID.is_compressed:
            if not self.is_little_endian or self.is_implicit_VR:
                raise NotImplementedError(
                    "Current dataset does not match expected ExplicitVR LittleEndian "
                    "transfer syntax from a compressed transfer syntax"
                )
            self.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian

    def compress(
        self,
        transfer_syntax_uid: str,
        arr: Optional["numpy.ndarray"] = None,
        encoding_plugin: str = "",
        decoding_plugin: str = "",
        encapsulate_ext: bool = False,
        **kwargs: Any,
    ) -> None:
        """Compress the pixel data in place and update the transfer syntax.

        Each frame is encoded, the frames are encapsulated (PS3.5 A.4) with a
        basic offset table, or an extended one when `encapsulate_ext` is set
        or the encoded data passes 4 GiB, and the dataset is set to be written
        explicit VR little endian with the new *Transfer Syntax UID*.

        Parameters
        ----------
        transfer_syntax_uid : str
            The compressed transfer syntax, e.g. RLE Lossless.
        arr : numpy.ndarray, optional
            Uncompressed pixel data to encode instead of :attr:`pixel_array`;
            its shape and dtype must match the dataset's image elements.
        encoding_plugin : str, optional
            The plugin to encode with (see :mod:`dcmcore.encoders`); the
            first available one if not given.
        decoding_plugin : str, optional
            The plugin to check lossless round trips with, for plugins that
            use it.
        encapsulate_ext : bool, optional
            ``True`` to always add the (7FE0,0001) and (7FE0,0002) extended
            offset table elements.
        **kwargs
            Options of the encoding plugin.

        Raises
        ------
        NotImplementedError
            If no encoder exists for `transfer_syntax_uid`.
        RuntimeError
            If the encoder's plugins lack their packages.
        """
        from dcmcore.encaps import encapsulate, encapsulate_extended
        from dcmcore.encoders import get_encoder
        from dcmcore.uid import UID, RLELossless

        uid = UID(transfer_syntax_uid)
        encoder = get_encoder(uid)
        if not encoder.is_available:
            missing = "\n".join(f"    {line}" for line in encoder.missing_dependencies)
            raise RuntimeError(
                f"The '{uid.name}' encoder is unavailable because its encoding plugins "
                f"are missing dependencies:\n{missing}"
            )
        if arr is None:
            frames = encoder.iter_encode(
                self, encoding_plugin=encoding_plugin, decoding_plugin=decoding_plugin, **kwargs
            )
        else:
            kwargs.update(encoder.kwargs_from_ds(self))
            frames = encoder.iter_encode(arr, encoding_plugin=encoding_plugin, **kwargs)
        encoded = list(frames)
        nr_frames = getattr(self, "NumberOfFrames", 1) or 1
        # the basic offset table holds 32-bit offsets (PS3.5 A.4)
        total = (nr_frames - 1) * 8 + sum(len(frame) for frame in encoded[:-1])
        if encapsulate_ext or total > 2**32 - 1:
            (
                self.PixelData,
                self.ExtendedOffsetTable,
                self.ExtendedOffsetTableLengths,
            ) = encapsulate_extended(encoded)
        else:
            self.PixelData = encapsulate(encoded)
        self[0x7FE00010].is_undefined_length = True
        self.is_implicit_VR = False
        self.is_little_endian = True
        self.ensure_file_meta()
        self.file_meta.TransferSyntaxUID = uid
        if self.SamplesPerPixel > 1:
            self.PlanarConfiguration = 1 if uid == RLELossless else 0

    # -- JSON and XML ------------------------------------------------------

    @classmethod
    def from_json(
        cls: Type["Dataset"],
        json_dataset: Union[Dict[str, Any], str, bytes, bytearray],
        bulk_data_uri_handler: Optional[Callable[..., Any]] = None,
    ) -> "Dataset":
        """Return a dataset made from a DICOM JSON Model object (PS3.18 Annex F).

        Parameters
        ----------
        json_dataset : dict, str, bytes or bytearray
            The JSON object, parsed or as text.
        bulk_data_uri_handler : callable, optional
            Called with ``(tag, vr, uri)`` or just ``(uri)`` for each
            ``"BulkDataURI"``; returns the element's value. Without it such
            elements get an empty value.
        """
        from dcmcore.jsonrep import dataset_from_json

        return dataset_from_json(cls, json_dataset, bulk_data_uri_handler)

    def to_json_dict(
        self,
        bulk_data_threshold: int = 1024,
        bulk_data_element_handler: Optional[Callable[[DataElement], str]] = None,
        suppress_invalid_tags: bool = False,
    ) -> Dict[str, Any]:
        """Return the dataset as a DICOM JSON Model dict (PS3.18 Annex F).

        Parameters
        ----------
        bulk_data_threshold : int, optional
            Binary values longer than this (base64 encoded) go to
            `bulk_data_element_handler`, if given (default 1024).
        bulk_data_element_handler : callable, optional
            Called with a bulk data element; returns its ``"BulkDataURI"``.
        suppress_invalid_tags : bool, optional
            ``True`` to log and drop elements that cannot be encoded rather
            than raise.
        """
        from dcmcore.jsonrep import dataset_to_json_dict

        return dataset_to_json_dict(
            self, bulk_data_threshold, bulk_data_element_handler, suppress_invalid_tags
        )

    def to_json(
        self,
        bulk_data_threshold: int = 1024,
        bulk_data_element_handler: Optional[Callable[[DataElement], str]] = None,
        dump_handler: Optional[Callable[[Dict[str, Any]], str]] = None,
        suppress_invalid_tags: bool = False,
    ) -> str:
        """Return the dataset as DICOM JSON Model text (PS3.18 Annex F).

        Parameters are as for :meth:`to_json_dict`, and:

        dump_handler : callable, optional
            Turns the dict into text; default ``json.dumps(d, sort_keys=True)``.
        """
        from dcmcore.jsonrep import dataset_to_json

        return dataset_to_json(
            self, bulk_data_threshold, bulk_data_element_handler, dump_handler, suppress_invalid_tags
        )

    def to_xml(
        self,
        bulk_data_threshold: int = 1024,
        bulk_data_element_handler: Optional[Callable[[DataElement], str]] = None,
    ) -> str:
        """Return the dataset as a PS3.19 Native DICOM Model XML document.

        See :func:`dcmcore.xmlrep.dataset_to_xml` for the parameters.
        """
        from dcmcore.xmlrep import dataset_to_xml

        return dataset_to_xml(self, bulk_data_threshold, bulk_data_element_handler)

    @classmethod
    def from_xml(
        cls: Type["Dataset"],
        xml: Union[str, bytes, bytearray],
        bulk_data_uri_handler: Optional[
            Union[Callable[[str, str, str], Any], Callable[[str], Any]]
        ] = None,
    ) -> "Dataset":
        """Return a dataset made from a PS3.19 Native DICOM Model XML document.

        See :func:`dcmcore.xmlrep.dataset_from_xml` for the parameters.
        """
        from dcmcore.xmlrep import dataset_from_xml

        return dataset_from_xml(cls, xml, bulk_data_uri_handler)


def _warn_parent_deprecated() -> None:
    if config._use_future:
        raise AttributeError("Future: Dataset.parent is removed in v3.x")
    warnings.warn("Dataset.parent will be removed in pydicom 3.0", DeprecationWarning)


def _intern_keys(elements: Optional[MutableMapping[Any, Any]]) -> None:
    """Replace unpickled (unshared) tag keys of `elements` by the shared tags,
    in place, so that look-ups hit by identity again."""
    if not isinstance(elements, dict):
        return
    if all(tag.__class__ is not BaseTag or _interned_tags.get(tag) is tag for tag in elements):
        return
    rekeyed = {
        (_intern(tag) if tag.__class__ is BaseTag else tag): elem for tag, elem in elements.items()
    }
    elements.clear()
    elements.update(rekeyed)


def _deepcopy_state(state: Dict[str, Any], memo: Dict[int, Any]) -> Dict[str, Any]:
    """Deep-copy a dataset's ``__dict__``; the element dict keeps its (shared,
    immutable) tag keys and copies only the elements."""
    copied = {}
    deepcopy = copy.deepcopy
    for name, value in state.items():
        if value.__class__ in _IMMUTABLE_TYPES:
            # most attributes are flags or None: no copy.deepcopy call
            copied[name] = value
        elif name == "_dict" and value.__class__ is dict:
            copied[name] = {tag: deepcopy(elem, memo) for tag, elem in value.items()}
        else:
            copied[name] = deepcopy(value, memo)
    return copied


def _repoint_sequences(dataset: Dataset) -> None:
    """Point the sequences of the copy `dataset` at it rather than at the
    original (raw elements get theirs when converted)."""
    for elem in dataset._dict.values():
        if elem.VR == "SQ" and isinstance(elem, DataElement):
            elem.value.parent_dataset = dataset


def _correct_ambiguous_vr_element(
    elem: DataElement, ds: Dataset, is_little_endian: bool
) -> DataElement:
    """Resolve the ambiguous VR of the converted element `elem` of `ds`.

    ``US or SS`` follows (0028,0103) Pixel Representation, looked up in `ds`
    and then in the datasets enclosing it (US if absent and there is no
    pixel data); the value is decoded again if still bytes. ``OB or OW``
    follows the transfer syntax and Bits Allocated (PS3.5 A.1, A.2, A.4;
    Waveform Bits Allocated for waveforms, PS3.3 C.10.9.1); overlay data is
    OW. ``US or OW`` LUT Data is US if LUT Descriptor announces one entry
    (PS3.3 C.11.1.1.1). Elements with other ambiguous VRs are left alone.

    Parameters
    ----------
    elem : DataElement
        An element whose VR is one of :data:`~dcmcore.valuerep.AMBIGUOUS_VR`.
    ds : Dataset
        The dataset holding `elem`.
    is_little_endian : bool
        The byte order of a value that is still bytes.

    Returns
    -------
    DataElement
        `elem`, changed in place.

    Raises
    ------
    AttributeError
        If an element needed to decide is missing.
    """
    try:
        _resolve_ambiguous_vr(elem, ds, is_little_endian)
    except AttributeError as exc:
        raise AttributeError(f"Failed to resolve ambiguous VR for tag {elem.tag}: {exc}")
    return elem


def _resolve_ambiguous_vr(elem: DataElement, ds: Dataset, is_little_endian: bool) -> None:
    # The VR enum members, as pydicom sets them (str() shows e.g. "VR.SS").
    tag = int(elem.tag)
    if tag == _PIXEL_DATA:
        if elem.is_undefined_length:
            elem.VR = VR.OB  # encapsulated (compressed) pixel data, PS3.5 A.4
        elif ds.is_implicit_VR:
            elem.VR = VR.OW  # PS3.5 A.1
        else:
            # PS3.5 A.2: OW above 8 bits allocated, else OB or OW; pydicom
            # chooses OB
            elem.VR = VR.OW if ds.BitsAllocated > 8 else VR.OB
    elif tag in _US_OR_SS_TAGS:
        # Pixel Representation is usually in the top-level dataset
        while "PixelRepresentation" not in ds:
            parent_seq = ds.parent_seq
            parent_ref = None if parent_seq is None else parent_seq().parent_dataset
            parent = None if parent_ref is None else parent_ref()
            if parent is None:
                break
            ds = parent
        # without pixel data these elements do not matter: US will do
        if ("PixelRepresentation" not in ds and "PixelData" not in ds) or ds.PixelRepresentation == 0:
            elem.VR = VR.US
            _decode_still_bytes(elem, is_little_endian, "H")
        else:
            elem.VR = VR.SS
            _decode_still_bytes(elem, is_little_endian, "h")
    elif tag in _WAVEFORM_OB_OR_OW_TAGS:
        if ds.is_implicit_VR:
            elem.VR = VR.OW
        else:
            elem.VR = VR.OW if ds.WaveformBitsAllocated > 8 else VR.OB
    elif tag == _LUT_DATA:
        if ds.LUTDescriptor[0] == 1:
            elem.VR = VR.US
            _decode_still_bytes(elem, is_little_endian, "H")
        else:
            elem.VR = VR.OW
    elif tag in _OVERLAY_DATA_TAGS:
        # OW for implicit VR; explicit VR may use OB or OW (PS3.5 8.1.2)
        elem.VR = VR.OW


def _decode_still_bytes(elem: DataElement, is_little_endian: bool, struct_format: str) -> None:
    """Decode the value of `elem`, now US or SS, if it is still bytes."""
    vm = elem.VM
    if vm == 0:
        return
    first = elem.value if vm == 1 else elem.value[0]
    if not isinstance(first, int):
        from dcmcore.values import convert_numbers

        elem.value = convert_numbers(elem.value, is_little_endian, struct_format)


# FileDataset._init_file_dataset: the modification time is to be read
_STAT_THE_FILE = object()


class FileDataset(Dataset):
    """A dataset read from or to be written to a file, with its file meta.

    Parameters
    ----------
    filename_or_obj : str, PathLike, file-like or None
        The file's path, or the file-like it was read from.
    dataset : Dataset or dict
        The elements (a dataset's element dict is shared).
    preamble : bytes, optional
        The 128-byte preamble (PS3.10 section 7.1).
    file_meta : FileMetaDataset, optional
        The file meta information (group 0002); an empty one if not given.
    is_implicit_VR : bool, optional
        ``True`` (default) for implicit VR encoding.
    is_little_endian : bool, optional
        ``True`` (default) for little endian encoding.

    Attributes
    ----------
    preamble : bytes or None
        The preamble.
    file_meta : FileMetaDataset
        The file meta information.
    filename : str or file-like
        The path read from; the file-like itself if it has no name.
    fileobj_type : type
        What reopens the file for deferred reads: :func:`open` for a path.
    timestamp : float or None
        The file's modification time when read, if it is a path.
    """

    def __init__(
        self,
        filename_or_obj: Any,
        dataset: _DatasetType,
        preamble: Optional[bytes] = None,
        file_meta: Optional["FileMetaDataset"] = None,
        is_implicit_VR: bool = True,
        is_little_endian: bool = True,
    ) -> None:
        self._init_file_dataset(
            filename_or_obj, dataset, preamble, file_meta, is_implicit_VR, is_little_endian, _STAT_THE_FILE
        )

    def _init_file_dataset(
        self,
        filename_or_obj: Any,
        dataset: _DatasetType,
        preamble: Optional[bytes],
        file_meta: Optional["FileMetaDataset"],
        is_implicit_VR: bool,
        is_little_endian: bool,
        timestamp: Any,
    ) -> None:
        """__init__ with the file's modification time, if the caller (the
        reader, which has the file's status) knows it; else _STAT_THE_FILE."""
        Dataset.__init__(self, dataset)
        try:
            filename_or_obj = os.fspath(filename_or_obj)
        except TypeError:
            pass
        filename: Optional[str] = None
        filename_attribute: Any = ""
        if isinstance(filename_or_obj, str):
            filename = filename_or_obj
            fileobj_type: Any = open
        elif isinstance(filename_or_obj, io.BufferedReader):
            filename = filename_or_obj.name
            fileobj_type = open
        else:
            fileobj_type = filename_or_obj.__class__
            if hasattr(filename_or_obj, "name"):
                filename = filename_or_obj.name
            elif hasattr(filename_or_obj, "filename"):
                filename = filename_or_obj.filename
            else:
                # a buffer such as BytesIO: keep the object itself
                filename_attribute = filename_or_obj
        if not filename:
            timestamp = None
        else:
            filename_attribute = filename
            if timestamp is _STAT_THE_FILE:
                try:
                    timestamp = os.stat(filename).st_mtime
                except (OSError, ValueError):
                    timestamp = None  # no such file (pydicom checks os.path.exists)
        # Plain attributes, set in one go past __setattr__ (dcmread makes a
        # FileDataset per file); file_meta keeps its checks.
        attributes = self.__dict__
        attributes["preamble"] = preamble
        self._set_file_meta(file_meta if file_meta is not None else FileMetaDataset())
        attributes.update(
            {
                "is_implicit_VR": is_implicit_VR,
                "is_little_endian": is_little_endian,
                "fileobj_type": fileobj_type,
                "filename": filename_attribute,
                "timestamp": timestamp,
            }
        )

    def _copy_implementation(self, memo: Optional[Dict[int, Any]], deep: bool) -> "FileDataset":
        """Copy every attribute, shallow or deep; a file-like ``filename``
        becomes ``None`` in the copy, with a warning."""
        copied = self.__class__(
            self.filename,
            self,
            self.preamble,
            self.file_meta,
            self.is_implicit_VR,
            self.is_little_endian,
        )
        filename = self.filename
        if filename is not None and not isinstance(filename, str):
            warnings.warn(
                "The 'filename' attribute of the dataset is a file-like object and will be set to None "
                "in the copied object"
            )
            self.filename = None  # type: ignore[assignment]
        try:
            if deep:
                memo = {} if memo is None else memo
                memo[id(self)] = copied
                copied.__dict__.update(_deepcopy_state(self.__dict__, memo))
                _repoint_sequences(copied)
            else:
                # each attribute copied, so the element dict is a new dict
                copied.__dict__.update(
                    {name: copy.copy(value) for name, value in self.__dict__.items()}
                )
        finally:
            self.filename = filename
        return copied

    def __copy__(self) -> "FileDataset":
        return self._copy_implementation(None, deep=False)

    def __deepcopy__(self, memo: Optional[Dict[int, Any]]) -> "FileDataset":
        return self._copy_implementation(memo, deep=True)


def validate_file_meta(file_meta: "FileMetaDataset", enforce_standard: bool = True) -> None:
    """Check the file meta information elements (PS3.10 section 7.1).

    Parameters
    ----------
    file_meta : FileMetaDataset
        The file meta information.
    enforce_standard : bool, optional
        ``True`` (default) to add (0002,0001) File Meta Information Version,
        (0002,0012) Implementation Class UID and (0002,0013) Implementation
        Version Name if absent (dcmcore's UID and ``"DCMCORE <version>"``,
        where pydicom writes its own), and to require (0002,0002) Media Storage SOP
        Class UID, (0002,0003) Media Storage SOP Instance UID and
        (0002,0010) Transfer Syntax UID.

    Raises
    ------
    ValueError
        If `file_meta` holds an element outside group 0002, or if
        `enforce_standard` and a required element is missing.
    """
    for elem in file_meta.elements():
        if elem.tag.group != 0x0002:
            raise ValueError(
                "Only File Meta Information Group (0002,eeee) elements must be present in 'file_meta'."
            )
    if not enforce_standard:
        return
    from dcmcore import __version__
    from dcmcore.uid import DCMCORE_IMPLEMENTATION_UID

    if "FileMetaInformationVersion" not in file_meta:
        file_meta.FileMetaInformationVersion = b"\x00\x01"
    if "ImplementationClassUID" not in file_meta:
        file_meta.ImplementationClassUID = DCMCORE_IMPLEMENTATION_UID
    if "ImplementationVersionName" not in file_meta:
        file_meta.ImplementationVersionName = f"DCMCORE {__version__}"
    required = [Tag(0x0002, element) for element in (0x0002, 0x0003, 0x0010)]
    missing = [tag for tag in required if tag not in file_meta]
    if missing:
        lines = [f"\t{tag} {keyword_for_tag(tag)}" for tag in missing]
        raise ValueError(
            "Missing required File Meta Information elements from 'file_meta':\n" + "\n".join(lines)
        )


class FileMetaDataset(Dataset):
    """The file meta information: a dataset of group 0002 elements only.

    Parameters are as for :class:`Dataset`.

    Raises
    ------
    ValueError
        If an element is outside group 0002, now or when added later.
    TypeError
        If the argument is neither a dict nor a dataset.
    """

    def __init__(self, *args: _DatasetType, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        FileMetaDataset.validate(self._dict)

    @staticmethod
    def validate(init_value: Optional[_DatasetType]) -> None:
        """Check that `init_value` holds group 0002 elements only.

        Parameters
        ----------
        init_value : dict, Dataset or None
            Tag to element mapping; ``None`` passes.

        Raises
        ------
        TypeError
            If `init_value` is neither a dict nor a dataset.
        ValueError
            If a tag is outside group 0002.
        """
        if init_value is None:
            return
        if not isinstance(init_value, (Dataset, dict)):
            raise TypeError(f"Argument must be a dict or Dataset, not {type(init_value)}")
        non_group2 = [Tag(tag) for tag in init_value.keys() if Tag(tag).group != 2]
        if non_group2:
            raise ValueError(f"Attempted to set non-group 2 elements: {non_group2}")

    def __setitem__(self, key: Union[slice, TagType], value: _DatasetValue) -> None:
        """Add `value` under `key` like :class:`Dataset`, for group 0002 only.

        Raises
        ------
        ValueError
            If the element's tag is outside group 0002.
        """
        tag = value.tag if value.tag.__class__ is BaseTag else Tag(value.tag)
        if tag.group != 2:
            raise ValueError("Only group 2 data elements are allowed in a FileMetaDataset")
        super().__setitem__(key, value)


_convert.bind(correct_ambiguous_vr=_correct_ambiguous_vr_element, dataset=Dataset, item_state=_ITEM_STATE)
