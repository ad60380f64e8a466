# cython: language_level=3
"""The per-instance state of a data element and the raw-to-element conversion.

:class:`ElementBase` holds what every :class:`~dcmcore.dataelem.DataElement`
carries (tag, VR, value, validation mode, file position, undefined-length
flag, private creator, parent) as C fields, with the behaviour that reads them
on hot paths: the value property and its per-VR coercion, VM, name, repval,
``str()``, equality and copies. :mod:`dcmcore.dataelem` adds the rest of
pydicom's ``DataElement`` API on top.

:func:`DataElement_from_raw` turns a :class:`~dcmcore.dataelem.RawDataElement`
into a ``DataElement`` without running Python ``__init__``: it resolves the VR
as pydicom 2.4 does, decodes the value and sets the C fields directly.
:func:`dcmcore.values.convert_value` is the reference decoder; the fast path
skips its dispatch, decoding binary numbers and plain default-repertoire text
with the codec kernels and calling the VR's own converter from
:data:`dcmcore.values.converters` for the other VRs. SQ, unknown VRs, values a
converter rejects (which convert_value retries as other VRs) and
configurations the kernels do not cover go through convert_value itself.
"""

cimport cython
from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_GET_SIZE
from cpython.object cimport PyObject, PyTypeObject
from cpython.tuple cimport PyTuple_GET_ITEM, PyTuple_GET_SIZE
from cpython.dict cimport PyDict_GetItem
from cpython.list cimport PyList_GET_ITEM, PyList_New, PyList_SET_ITEM
from cpython.long cimport PyLong_AsLong
from cpython.ref cimport Py_INCREF
from cpython.unicode cimport (
    PyUnicode_DecodeLatin1,
    PyUnicode_FromObject,
    PyUnicode_GET_LENGTH,
    PyUnicode_READ_CHAR,
)
from libc.stdint cimport uint8_t, uint32_t
from libc.string cimport memchr

from dcmcore._codec cimport (
    LSTRIP_WS,
    decimal_number_end,
    is_digit,
    is_uid_text,
    RSTRIP_PAD,
    RSTRIP_WS,
    split_text_ptr,
    strip_bytes,
    unpack_numbers_ptr,
)

import copy
import copyreg
import sys
import warnings

from dcmcore import _codec, config
from dcmcore import valuerep as _valuerep
from dcmcore.datadict import (
    DicomDictionary,
    mask_match,
    private_dictionary_description,
    private_dictionary_VR,
    RepeatersDictionary,
)
from dcmcore.errors import BytesLengthException
from dcmcore.multival import MultiValue
from dcmcore.tag import BaseTag, Tag, _intern
from dcmcore.uid import UID
from dcmcore.valuerep import PersonName, VR as VR_

cdef type _BaseTag = BaseTag

# VR groups of PS3.5 6.2 as pydicom 2.4 sorts them (see dcmcore.valuerep).
cdef frozenset _ALLOW_BACKSLASH = frozenset(_valuerep.ALLOW_BACKSLASH)
cdef frozenset _DEFAULT_CHARSET_VR = frozenset(_valuerep.DEFAULT_CHARSET_VR)
cdef frozenset _LONG_VALUE_VR = frozenset(_valuerep.LONG_VALUE_VR)
# Text VRs whose empty value is "" (DS and IS read like numbers: None).
cdef frozenset _EMPTY_STR_VR = frozenset(_valuerep.STR_VR) - {VR_.DS, VR_.IS}

# How DataElement._convert coerces a single value, by VR.
cdef enum Coercion:
    KEEP, TO_IS, TO_DS, TO_DA, TO_DT, TO_TM, TO_UI, TO_PN, TO_AT

cdef dict _COERCION = {
    "IS": TO_IS, "DS": TO_DS, "DA": TO_DA, "DT": TO_DT, "TM": TO_TM,
    "UI": TO_UI, "PN": TO_PN, "AT": TO_AT,
}

# How the fast path decodes a value, by VR (SQ is left to the general path).
cdef enum Decoding:
    NUMBERS,            # the kernel: one value or a plain list of numbers
    STRING,             # the kernel: stripped, split str values
    DATETIME_STRING,    # as STRING unless config.datetime_conversion
    NUMBER_STRING,      # plain numbers in C (IS, DS), else the general path
    BYTES,              # the encoded bytes themselves (binary VRs)
    PLAIN,              # converter(value, little_endian, None)
    ENCODED_TEXT,       # converter(value, encodings, VR)
    PERSON_NAME,        # converter(value, encodings)

cdef dict _DECODING = {
    "US": NUMBERS, "SS": NUMBERS, "UL": NUMBERS, "SL": NUMBERS,
    "UV": NUMBERS, "SV": NUMBERS, "FL": NUMBERS, "FD": NUMBERS,
    "CS": STRING, "AS": STRING,
    "DA": DATETIME_STRING, "DT": DATETIME_STRING, "TM": DATETIME_STRING,
    "IS": NUMBER_STRING, "DS": NUMBER_STRING,
    "AE": PLAIN, "AT": PLAIN, "UI": PLAIN, "UR": PLAIN,
    "UN": BYTES, "OB": BYTES, "OD": BYTES, "OF": BYTES, "OL": BYTES, "OV": BYTES,
    "OW": BYTES, "OB or OW": BYTES, "US or SS": BYTES, "US or OW": BYTES,
    "US or SS or OW": BYTES,
    "LO": ENCODED_TEXT, "SH": ENCODED_TEXT, "UC": ENCODED_TEXT,
    "LT": ENCODED_TEXT, "ST": ENCODED_TEXT, "UT": ENCODED_TEXT,
    "PN": PERSON_NAME,
}

# getattr default telling "no such attribute" from any value
cdef object _MISSING = object()

cdef int _STRIP_TRAILING_PADDING = _codec.STRIP_TRAILING_PADDING

# Set on first use: these modules import dcmcore.dataelem themselves.
cdef type _DataElement = None
cdef type _RawDataElement = None
cdef object _convert_value = None
cdef dict _converters = None


cdef object _default_sq_converter = None


cdef int _late_imports() except -1:
    global _DataElement, _RawDataElement, _convert_value, _converters, _default_sq_converter
    from dcmcore.dataelem import DataElement, RawDataElement
    from dcmcore.values import convert_SQ, convert_value, converters

    _default_sq_converter = convert_SQ

    _DataElement = DataElement
    _RawDataElement = RawDataElement
    _convert_value = convert_value
    _converters = converters
    return 0


cdef extern from "stdio.h":
    int snprintf(char* buffer, size_t size, const char* format, ...)


cdef str _tag_text(object tag):
    """``str(tag)`` of a BaseTag, ``(gggg, eeee)`` in lower-case hex,
    formatted in C: every line of ``str(dataset)`` starts with it."""
    cdef uint32_t tag_value = tag
    cdef char text[16]
    cdef int length = snprintf(text, 16, "(%04x, %04x)", tag_value >> 16, tag_value & 0xFFFF)
    return text[:length].decode("ascii")


cdef inline bint _is_private(object tag) except -1:
    cdef uint32_t tag_value = tag
    return (tag_value >> 16) & 1


cdef object _dictionary_vr(object tag):
    """The dictionary VR of `tag`, or None if unknown: datadict.dictionary_VR
    without the KeyError, which costs more than the look-up (implicit VR
    private tags miss it every time)."""
    cdef uint32_t tag_value = tag
    cdef object entry = DicomDictionary.get(tag_value)
    if entry is not None:
        return (<tuple>entry)[0]
    # repeating groups (PS3.6 7.6) are standard groups only
    if not (tag_value >> 16) & 1:
        mask = mask_match(tag_value)
        if mask:
            return RepeatersDictionary[mask][0]
    return None


cdef inline int _vr_code(object vr) noexcept:
    """(c0 - 'A') * 26 + (c1 - 'A') for a VR of two upper-case letters (a str
    or a VR member), else -1: VRs are compared by code on the hot paths, as
    str comparisons cost a call each."""
    if not isinstance(vr, str) or PyUnicode_GET_LENGTH(vr) != 2:
        return -1
    cdef uint32_t c0 = <uint32_t>PyUnicode_READ_CHAR(vr, 0)
    cdef uint32_t c1 = <uint32_t>PyUnicode_READ_CHAR(vr, 1)
    if 0x41 <= c0 <= 0x5A and 0x41 <= c1 <= 0x5A:
        return (c0 - 0x41) * 26 + (c1 - 0x41)
    return -1


cdef int _SQ_CODE = (ord("S") - 0x41) * 26 + (ord("Q") - 0x41)
cdef int _UN_CODE = (ord("U") - 0x41) * 26 + (ord("N") - 0x41)
cdef int _DS_CODE = (ord("D") - 0x41) * 26 + (ord("S") - 0x41)
cdef int _UI_CODE = (ord("U") - 0x41) * 26 + (ord("I") - 0x41)
cdef int _LO_CODE = (ord("L") - 0x41) * 26 + (ord("O") - 0x41)
cdef int _SH_CODE = (ord("S") - 0x41) * 26 + (ord("H") - 0x41)
cdef int _UC_CODE = (ord("U") - 0x41) * 26 + (ord("C") - 0x41)
cdef int _UT_CODE = (ord("U") - 0x41) * 26 + (ord("T") - 0x41)


cdef object _replace_un_vr(object vr, object tag, object is_undefined_length, object value):
    """The VR a new element gets for `vr`: a known standard tag encoded as UN
    takes its dictionary VR unless the value is too long for a 16-bit length
    field (the one legitimate reason to use UN, PS3.5 6.2.2), as pydicom does
    when it creates any DataElement."""
    cdef object known_vr
    if (
        _vr_code(vr) == _UN_CODE
        and not _is_private(tag)
        and config.replace_un_with_known_vr
        and (is_undefined_length or value is None or len(value) < 0xFFFF)
    ):
        known_vr = _dictionary_vr(tag)
        if known_vr is not None:
            return known_vr
    return vr


@cython.binding(True)
def empty_value_for_VR(VR, raw=False):
    """Return the value an empty element of `VR` decodes to.

    Parameters
    ----------
    VR : str or None
        The element's VR.
    raw : bool, optional
        ``True`` for the value of an empty raw element (bytes or ``None``),
        ``False`` (default) for a decoded element.

    Returns
    -------
    list, bytes, str, PersonName or None
        For SQ an empty list (``b""`` if `raw`). Otherwise ``None`` if
        :data:`~dcmcore.config.use_none_as_empty_text_VR_value` is set; else
        an empty :class:`~dcmcore.valuerep.PersonName` for PN, ``""`` for the
        other text VRs except DS and IS (``b""`` for all of these if `raw`),
        and ``None`` for every other VR.
    """
    if VR == "SQ":
        return b"" if raw else []
    if config.use_none_as_empty_text_VR_value:
        return None
    if VR == "PN":
        return b"" if raw else PersonName("")
    if VR in _EMPTY_STR_VR:
        return b"" if raw else ""
    return None


@cython.binding(True)
def _private_vr_for_tag(dataset, tag):
    """Return the VR of the private `tag`: LO for a private creator, the
    private dictionary VR when `dataset` holds the tag's creator and the
    dictionary knows the tag, else UN (PS3.5 6.2.2, 7.8.1).

    Parameters
    ----------
    dataset : Dataset or None
        Where to look for the private creator; ``None`` gives UN.
    tag : BaseTag
        A private tag.
    """
    cdef uint32_t tag_value = tag
    cdef uint32_t element = tag_value & 0xFFFF
    if 0x0010 <= element < 0x0100:
        return VR_.LO
    # a private tag of block 00 has no creator: it stays UN
    if dataset is not None and element & 0xFF00:
        creator = dataset.get(_creator_tag((tag_value & <uint32_t>0xFFFF0000) | (element >> 8)), "")
        if creator:
            try:
                return private_dictionary_VR(tag, creator.value)
            except KeyError:
                pass
    return VR_.UN


# The config module's namespace: reading a setting from it directly skips
# the module attribute machinery, on paths that run once per element.
cdef dict _config = config.__dict__


cdef object _RAISE_MODE = config.RAISE
cdef object _WARN_MODE = config.WARN


cdef object _reading_mode():
    """``config.settings.reading_validation_mode`` without the call of the
    property, which would be the largest cost of converting a small element:
    the mode set, else RAISE under the deprecated ``enforce_valid_values``,
    else WARN (see dcmcore.config.Settings)."""
    mode = _config["settings"]._reading_validation_mode
    if mode is None:
        return _RAISE_MODE if _config["enforce_valid_values"] else _WARN_MODE
    return mode


@cython.final
cdef class _ReadSettings:
    """The configuration that decoding read elements depends on, looked up
    once for a batch of conversions (a dataset iterated, one element looked
    up) rather than once or more for every element."""

    cdef object mode              # reading_validation_mode
    cdef bint raises              # ... is RAISE
    cdef object callback          # data_element_callback
    cdef bint replace_un          # replace_un_with_known_vr
    cdef bint datetime_conversion
    cdef bint ds_in_c             # DS values may be made by _ds_value
    cdef bint is_in_c             # IS values may be made by _is_value


cdef _ReadSettings _shared_settings = _ReadSettings.__new__(_ReadSettings)


cdef _ReadSettings _read_settings():
    """The current configuration, in the one _ReadSettings refreshed for
    every batch (a batch nested in another reads the same values)."""
    cdef _ReadSettings settings = _shared_settings
    settings.mode = _reading_mode()
    settings.raises = settings.mode == _RAISE_MODE
    settings.callback = _config["data_element_callback"]
    settings.replace_un = bool(_config["replace_un_with_known_vr"])
    settings.datetime_conversion = bool(_config["datetime_conversion"])
    settings.ds_in_c = (
        not _config["use_DS_numpy"] and _valuerep_namespace["DSclass"] is _DSfloat
    )
    settings.is_in_c = not _config["use_IS_numpy"]
    return settings


cdef extern from "Python.h":
    # with a NULL value: delete the attribute
    int _generic_setattr "PyObject_GenericSetAttr" (
        PyObject* obj, PyObject* name, PyObject* value) except -1

# The fields read through member descriptors (see _install_members), by the
# index of their descriptor.
cdef enum:
    _TAG_FIELD = 0
    _VR_FIELD = 1
    _VALUE_FIELD = 2
    _FILE_TELL_FIELD = 3
    _UNDEFINED_LENGTH_FIELD = 4
    _PRIVATE_CREATOR_FIELD = 5
    _VALIDATION_MODE_FIELD = 6

cdef dict _FIELDS = {
    "tag": _TAG_FIELD, "VR": _VR_FIELD, "value": _VALUE_FIELD, "file_tell": _FILE_TELL_FIELD,
    "is_undefined_length": _UNDEFINED_LENGTH_FIELD, "private_creator": _PRIVATE_CREATOR_FIELD,
    "validation_mode": _VALIDATION_MODE_FIELD,
}
cdef dict _MEMBERS = {}  # field name -> its member descriptor, by _install_members


@cython.binding(True)
cdef class ElementBase:
    """State and hot-path behaviour of a data element; see
    :class:`dcmcore.dataelem.DataElement`, the public class built on it."""

    cdef public object tag
    cdef public object VR
    cdef public object _value
    cdef public object validation_mode
    cdef public object file_tell
    cdef public object is_undefined_length
    cdef public object private_creator
    cdef public object parent

    def __init__(
        self,
        tag,
        VR,
        value,
        file_value_tell=None,
        is_undefined_length=False,
        already_converted=False,
        validation_mode=None,
    ):
        if validation_mode is None:
            validation_mode = _reading_mode()
        if not isinstance(tag, BaseTag):
            tag = Tag(tag)
        self.tag = tag
        # VR must be set before the value: the value setter converts by VR
        self.VR = _replace_un_vr(VR, tag, is_undefined_length, value)
        self.validation_mode = validation_mode
        if already_converted:
            self._value = value
        elif type(self) is _DataElement:
            self._set_value(value)
        else:
            self.value = value  # through a subclass's own `value`, if it has one
        self.file_tell = file_value_tell
        self.is_undefined_length = is_undefined_length
        self.private_creator = None
        self.parent = None

    def __setattr__(self, name, val):
        # The fields are read through read-only member descriptors (see
        # _install_members) and set here: `value` converts the value for the
        # VR. A subclass's own descriptor of the same name is used instead.
        cdef object field = _FIELDS.get(name) if type(name) is str else None
        if field is None or (
            type(self) is not _DataElement
            and getattr(type(self), name, None) is not _MEMBERS.get(name)
        ):
            _generic_setattr(<PyObject*>self, <PyObject*>name, <PyObject*>val)
        else:
            self._set_field(<int>field, val)

    def __delattr__(self, name):
        if name == "value":
            raise AttributeError("can't delete attribute 'value'")
        cdef object field = _FIELDS.get(name) if type(name) is str else None
        if field is None:
            _generic_setattr(<PyObject*>self, <PyObject*>name, NULL)
        else:
            # a field is never left empty: the C code reads it
            self._set_field(<int>field, None)

    cdef int _set_field(self, int field, object val) except -1:
        if field == _VALUE_FIELD:
            self._set_value(val)
        elif field == _TAG_FIELD:
            self.tag = val
        elif field == _VR_FIELD:
            self.VR = val
        elif field == _FILE_TELL_FIELD:
            self.file_tell = val
        elif field == _UNDEFINED_LENGTH_FIELD:
            self.is_undefined_length = val
        elif field == _PRIVATE_CREATOR_FIELD:
            self.private_creator = val
        else:
            self.validation_mode = val
        return 0

    cdef _set_value(self, val):
        if self.VR not in _ALLOW_BACKSLASH:
            if isinstance(val, str):
                if "\\" in val:
                    val = val.split("\\")
            elif isinstance(val, bytes):
                if b"\\" in val:
                    val = val.split(b"\\")
        self._value = self._convert_value(val)

    def _convert_value(self, val):
        """Return `val` converted for the VR: a Sequence for SQ, one
        converted value, or a MultiValue of converted values."""
        if self.VR == "SQ":
            from dcmcore.sequence import Sequence

            if isinstance(val, Sequence):
                return val
            return Sequence(val)
        # pydicom's test for a list of values is "has an append attribute"
        cdef type value_type = type(val)
        if value_type is not list and (
            val is None
            or value_type is str
            or value_type is int
            or value_type is float
            or value_type is bytes
            or getattr(val, "append", _MISSING) is _MISSING
        ):
            return self._convert(val)
        if len(val) == 1:
            return self._convert(val[0])
        return MultiValue(self._convert, val, validation_mode=self.validation_mode)

    def _convert(self, val):
        """Return the single value `val` coerced to the VR's type and validated."""
        vr = self.VR
        if vr in _DEFAULT_CHARSET_VR and isinstance(val, bytes):
            val = val.decode()
        cdef int coercion = _COERCION.get(vr, KEEP)
        mode = self.validation_mode
        if coercion == TO_IS:
            return _valuerep.IS(val, mode)
        if coercion == TO_DS:
            return _valuerep.DS(val, False, mode)
        if coercion == TO_DA and config.datetime_conversion:
            return _valuerep.DA(val, validation_mode=mode)
        if coercion == TO_DT and config.datetime_conversion:
            return _valuerep.DT(val, validation_mode=mode)
        if coercion == TO_TM and config.datetime_conversion:
            return _valuerep.TM(val, validation_mode=mode)
        if coercion == TO_UI:
            return UID(val, mode) if val is not None else None
        if coercion == TO_PN:
            return PersonName(val, validation_mode=mode)
        if coercion == TO_AT and (val == 0 or val):
            return val if isinstance(val, BaseTag) else Tag(val)
        self.validate(val)
        return val

    def validate(self, value):
        """Check `value` against the rules of the element's VR (PS3.5 6.2).

        What happens to a value that breaks them follows the element's
        validation mode: a warning, a ValueError, or nothing; see
        :func:`dcmcore.valuerep.validate_value`.
        """
        _valuerep.validate_value(self.VR, value, self.validation_mode)

    @property
    def VM(self):
        """The value multiplicity: 0 for an empty value, else the number of values."""
        value = self.value
        if value is None:
            return 0
        if isinstance(value, (str, bytes, PersonName)):
            return 1 if value else 0
        if isinstance(value, (int, float)):
            return 1
        try:
            iter(value)
        except TypeError:
            return 1
        return len(value)

    @property
    def is_empty(self):
        """``True`` if the element has no value (VM 0)."""
        return self.VM == 0

    @property
    def empty_value(self):
        """The value of an empty element of this VR; see :func:`empty_value_for_VR`."""
        return empty_value_for_VR(self.VR)

    def clear(self):
        """Set the value to the empty value of the VR (see :attr:`empty_value`)."""
        self._value = self.empty_value

    @property
    def is_private(self):
        """``True`` if the tag is private (odd group)."""
        return self.tag.is_private

    @property
    def name(self):
        """The element's name.

        The dictionary name of a standard or repeating-group element; for a
        private element the private dictionary name in square brackets when
        its creator is known, ``"Private Creator"`` for a creator element and
        ``"Private tag data"`` otherwise; ``"Group Length"`` for an unknown
        group length element and ``""`` for any other unknown element.
        """
        tag = self.tag
        if _is_private(tag):
            creator = self.private_creator
            if creator:
                try:
                    # brackets: a private name is no keyword for attribute access
                    return f"[{private_dictionary_description(tag, creator)}]"
                except KeyError:
                    pass
            elif (tag & 0xFFFF) >> 8 == 0:
                return "Private Creator"
            return "Private tag data"
        entry = DicomDictionary.get(<uint32_t>tag)
        if entry is not None:
            return (<tuple>entry)[2]
        mask = mask_match(tag)
        if mask:
            return RepeatersDictionary[mask][2]
        # group length elements of groups without a dictionary entry
        if tag & 0xFFFF == 0:
            return "Group Length"
        return ""

    @property
    def keyword(self):
        """The element's keyword, ``""`` for private, repeating-group and unknown elements."""
        entry = DicomDictionary.get(<uint32_t>self.tag)
        return "" if entry is None else (<tuple>entry)[4]

    @property
    def is_retired(self):
        """``True`` if the standard marks the element as retired (never for
        private, repeating-group or unknown elements)."""
        entry = DicomDictionary.get(<uint32_t>self.tag)
        return entry is not None and "retired" in (<tuple>entry)[3].lower()

    @property
    def repval(self):
        """The value as shown by ``str()``: a summary for long or many values,
        the name of a known UID, else ``repr()`` of the value."""
        value = self.value
        max_shown = self.maxBytesToDisplay
        if self.VR in _LONG_VALUE_VR:
            try:
                length = len(value)
            except TypeError:
                pass
            else:
                if length > max_shown:
                    return f"Array of {length} elements"
        # a single text or name has VM 0 or 1: no need to work it out
        if not (isinstance(value, (str, bytes, PersonName)) and max_shown >= 1):
            vm = self.VM
            if vm > max_shown:
                return f"Array of {vm} elements"
        if isinstance(value, UID):
            return value.name
        return repr(value)

    def __str__(self):
        value = self.repval or ""
        width = self.descripWidth
        name = self.name
        if type(width) is int and type(name) is str:
            name = (<str>name)[:width].ljust(width)
        else:
            name = f"{name[:width]:<{width}}"
        tag = self.tag
        tag_text = _tag_text(tag) if type(tag) is BaseTag else str(tag)
        if self.showVR:
            return f"{tag_text} {name} {self.VR}: {value}"
        return f"{tag_text} {name} {value}"

    def __repr__(self):
        if self.VR == "SQ":
            return repr(self.value)
        return str(self)

    def __getitem__(self, key):
        try:
            return self.value[key]
        except TypeError:
            raise TypeError("DataElement value is unscriptable (not a Sequence)")

    def __eq__(self, other):
        if other is self:
            return True
        if not isinstance(other, type(self)):
            return NotImplemented
        if not _tags_equal(self.tag, other.tag) or self.VR != other.VR:
            return False
        value = self.value
        numpy = sys.modules.get("numpy")
        if numpy is not None and isinstance(value, numpy.ndarray):
            return len(value) == len(other.value) and numpy.allclose(value, other.value)
        return value == other.value

    def __ne__(self, other):
        return not self == other

    __hash__ = None

    # Copies and pickles carry the fields under pydicom's attribute names
    # plus any attributes set on the instance.

    def __getstate__(self):
        state = {
            "tag": self.tag,
            "VR": self.VR,
            "validation_mode": self.validation_mode,
            "_value": self._value,
            "file_tell": self.file_tell,
            "is_undefined_length": self.is_undefined_length,
            "private_creator": self.private_creator,
            "parent": self.parent,
        }
        attributes = _instance_dict(self)
        if attributes:
            state.update(attributes)
        return state

    def __setstate__(self, state):
        for name, value in state.items():
            setattr(self, name, value)

    def __reduce_ex__(self, protocol):
        return copyreg.__newobj__, (type(self),), self.__getstate__()

    def __copy__(self):
        return self._copy_fields(None)

    def __deepcopy__(self, memo):
        return self._copy_fields(memo)

    cdef ElementBase _copy_fields(self, dict memo):
        """A new element of the same class with the same fields, deep-copied
        through `memo` when it is given (the tag, an immutable shared object,
        is always kept)."""
        cdef ElementBase new = _new_element(type(self))
        cdef dict attributes = _instance_dict(self)
        if memo is not None:
            memo[id(self)] = new
        new.tag = self.tag
        new.VR = self.VR
        new.validation_mode = self.validation_mode
        new.file_tell = self.file_tell
        new.is_undefined_length = self.is_undefined_length
        new.private_creator = self.private_creator
        if memo is None:
            new._value = self._value
            new.parent = self.parent
            if attributes:
                getattr(new, "__dict__").update(attributes)
        else:
            new._value = _deepcopy_value(self._value, memo)
            new.parent = None if self.parent is None else _deepcopy(self.parent, memo)
            if attributes:
                getattr(new, "__dict__").update(_deepcopy(attributes, memo))
        return new


# -- the fields as member descriptors -------------------------------------------
#
# Cython exposes public fields through getset descriptors, which Python's
# attribute cache cannot specialise: reading ``elem.value`` or ``elem.VR``
# then costs a full attribute look-up and a call. Member descriptors (what
# __slots__ make) over the same fields are read by the interpreter directly.
# ``value`` reads the _value field; ElementBase.__setattr__ converts on set.

cdef extern from *:
    """
    #include "structmember.h"
    static PyMemberDef dcmcore_element_members[10];
    /* Add a member descriptor `name` for the object field at `offset`. */
    static int dcmcore_add_member(PyTypeObject *type, int index, const char *name,
                                  Py_ssize_t offset, const char *doc) {
        PyMemberDef *member = &dcmcore_element_members[index];
        PyObject *descr;
        member->name = name;
        member->type = T_OBJECT_EX;
        member->offset = offset;
        /* set through ElementBase.__setattr__, which never leaves one empty */
        member->flags = READONLY;
        member->doc = doc;
        descr = PyDescr_NewMember(type, member);
        if (descr == NULL) return -1;
        if (PyDict_SetItemString(type->tp_dict, name, descr) < 0) {
            Py_DECREF(descr);
            return -1;
        }
        Py_DECREF(descr);
        PyType_Modified(type);
        return 0;
    }
    """
    int dcmcore_add_member(PyTypeObject* type, int index, const char* name,
                           Py_ssize_t offset, const char* doc) except -1


cdef Py_ssize_t _field_offset(ElementBase probe, str name) except -1:
    """The offset of the object field `name` in ElementBase instances, found
    by storing a marker in it (Cython gives no address of an object field)."""
    marker = object()
    setattr(probe, name, marker)
    cdef char* start = <char*><PyObject*>probe
    cdef Py_ssize_t offset
    for offset in range(sizeof(PyObject), ElementBase.__basicsize__, sizeof(PyObject*)):
        if (<PyObject**>(start + offset))[0] == <PyObject*>marker:
            setattr(probe, name, None)
            return offset
    raise RuntimeError(f"ElementBase has no object field {name}")


cdef int _install_members() except -1:
    cdef ElementBase probe = ElementBase.__new__(ElementBase)
    cdef PyTypeObject* element_type = <PyTypeObject*>ElementBase
    dcmcore_add_member(element_type, 0, "tag", _field_offset(probe, "tag"), "The element tag.")
    dcmcore_add_member(element_type, 1, "VR", _field_offset(probe, "VR"),
                       "The value representation, e.g. ``'PN'``.")
    dcmcore_add_member(
        element_type, 2, "value", _field_offset(probe, "_value"),
        "The element's value; setting it converts the value for the VR.\n\n"
        "A str or bytes holding backslashes is split into several values,\n"
        "except for the VRs whose values may contain backslashes (LT, ST, UT\n"
        "and the binary VRs). A list of several values becomes a MultiValue;\n"
        "each value is coerced to the VR's type (PersonName for PN, DSfloat\n"
        "or DSdecimal for DS, IS, UID, BaseTag for AT, DA/DT/TM if\n"
        "config.datetime_conversion) and validated according to the\n"
        "element's validation mode; an SQ value becomes a Sequence.",
    )
    dcmcore_add_member(element_type, 3, "file_tell", _field_offset(probe, "file_tell"),
                       "The file position of the value, if read from a file.")
    dcmcore_add_member(element_type, 4, "is_undefined_length",
                       _field_offset(probe, "is_undefined_length"),
                       "``True`` if the value was encoded with undefined length.")
    dcmcore_add_member(element_type, 5, "private_creator",
                       _field_offset(probe, "private_creator"),
                       "The private creator of a private element, if known.")
    dcmcore_add_member(element_type, 6, "validation_mode",
                       _field_offset(probe, "validation_mode"),
                       "How invalid values are treated: IGNORE, WARN or RAISE.")
    for name in _FIELDS:
        _MEMBERS[name] = ElementBase.__dict__[name]
    return 0


_install_members()


cdef object _deepcopy = copy.deepcopy


cdef inline ElementBase _new_element(type cls):
    """``ElementBase.__new__(cls)``: an instance of `cls` with every field
    None and no ``__init__`` run (called through the type slot; Cython
    compiles the expression itself to a slower attribute call)."""
    cdef PyObject* no_args = <PyObject*>()
    return <ElementBase>(<PyTypeObject*>ElementBase).tp_new(cls, no_args, NULL)


cdef extern from *:
    """
    /* The attribute dict of `obj` (borrowed), or NULL if it has none yet.
       Python creates an instance's dict on first access; reading __dict__
       would create one for every element copied. */
    static PyObject *dcmcore_existing_instance_dict(PyObject *obj) {
    #if PY_VERSION_HEX < 0x030D0000
        PyObject **dict_ptr = _PyObject_GetDictPtr(obj);
        return dict_ptr == NULL ? NULL : *dict_ptr;
    #else
        PyObject *dict = PyObject_GenericGetDict(obj, NULL);
        if (dict == NULL) {
            PyErr_Clear();
            return NULL;
        }
        Py_DECREF(dict);  /* the instance keeps it alive */
        return dict;
    #endif
    }
    """
    PyObject* dcmcore_existing_instance_dict(object obj)


cdef dict _instance_dict(ElementBase elem):
    """The attributes set on `elem` beyond its fields (DataElement instances
    have a dict, ElementBase ones do not), or None."""
    cdef PyObject* attributes = dcmcore_existing_instance_dict(elem)
    if attributes is NULL:
        return None
    return <dict>attributes


cdef inline object _deepcopy_value(object value, dict memo):
    # immutable values are their own copy
    cdef type value_type = type(value)
    if value is None or value_type is str or value_type is int or value_type is float or value_type is bytes:
        return value
    return _deepcopy(value, memo)


cdef bint _tags_equal(object tag, object other) except -1:
    """Compare tags as numbers when both are ints (skipping BaseTag's
    Python-level __eq__), else as pydicom does."""
    cdef long long tag_value, other_value
    if isinstance(tag, int) and isinstance(other, int):
        try:
            tag_value = tag
            other_value = other
        except OverflowError:
            return int.__eq__(tag, other)
        return tag_value == other_value
    return tag == other


@cython.binding(True)
def DataElement_from_raw(raw_data_element, encoding=None, dataset=None):
    """Return the :class:`~dcmcore.dataelem.DataElement` of a raw element.

    The VR is resolved as pydicom 2.4 does: for implicit VR (VR ``None``) it
    is the dictionary VR, or for a private tag ``LO`` (creator), the private
    dictionary VR (creator found in `dataset`) or ``UN``, ``UL`` for an
    unknown group length and ``UN`` with a warning for any other unknown
    tag. An explicit ``UN`` of a known tag is replaced by its dictionary VR
    when :data:`~dcmcore.config.replace_un_with_known_vr` is set. Ambiguous
    VRs such as ``US or SS`` are kept; the dataset corrects them.

    Parameters
    ----------
    raw_data_element : RawDataElement
        The raw element; :data:`~dcmcore.config.data_element_callback`, if
        set, is called with it first and its result is converted instead.
    encoding : str or list of str, optional
        The character sets of the text values (default ISO 646).
    dataset : Dataset, optional
        The dataset holding the element, used to find private creators.

    Returns
    -------
    DataElement

    Raises
    ------
    KeyError
        For an unknown standard tag in implicit VR when
        :attr:`~dcmcore.config.Settings.reading_validation_mode` is RAISE.
    BytesLengthException
        If the value length does not fit the VR and
        :data:`~dcmcore.config.convert_wrong_length_to_UN` is not set (when
        it is, the element becomes UN bytes with a warning).
    NotImplementedError
        For an unknown VR.
    """
    return _from_raw(raw_data_element, encoding, dataset, True, _read_settings())


@cython.binding(True)
def _convert_raw_general(raw_data_element, encoding=None, dataset=None):
    """:func:`DataElement_from_raw` with every value decoded by
    :func:`dcmcore.values.convert_value`: the reference the fast decoding
    is tested against."""
    return _from_raw(raw_data_element, encoding, dataset, False, _read_settings())


cdef object _from_raw(object raw, object encoding, object dataset, bint use_kernels,
                      _ReadSettings settings):
    if _DataElement is None:
        _late_imports()
    if settings.callback:
        raw = settings.callback(raw, encoding=encoding, **config.data_element_callback_kwargs)

    cdef object tag, vr, length, value, value_tell, little_endian
    if type(raw) is _RawDataElement and PyTuple_GET_SIZE(raw) >= 7:
        tag = <object>PyTuple_GET_ITEM(raw, 0)
        vr = <object>PyTuple_GET_ITEM(raw, 1)
        length = <object>PyTuple_GET_ITEM(raw, 2)
        value = <object>PyTuple_GET_ITEM(raw, 3)
        value_tell = <object>PyTuple_GET_ITEM(raw, 4)
        little_endian = <object>PyTuple_GET_ITEM(raw, 6)
    else:
        tag = raw.tag
        vr = raw.VR
        length = raw.length
        value = raw.value
        value_tell = raw.value_tell
        little_endian = raw.is_little_endian
    if type(tag) is not _BaseTag and not isinstance(tag, BaseTag):
        tag = Tag(tag)
    cdef uint32_t tag_value = tag
    cdef bint is_private = (tag_value >> 16) & 1
    cdef int vr_code

    if vr is None:  # implicit VR
        vr = _dictionary_vr(tag)
        if vr is None:
            if is_private:
                vr = _private_vr_for_tag(dataset, tag)
            elif tag_value & 0xFFFF == 0:
                # group length, implied in versions before DICOM 3.0
                vr = VR_.UL
            else:
                msg = f"Unknown DICOM tag {tag}"
                if settings.raises:
                    raise KeyError(msg + " can't look up VR")
                vr = VR_.UN
                warnings.warn(msg + " - setting VR to 'UN'")
    elif settings.replace_un and _vr_code(vr) == _UN_CODE:
        # an explicit UN where the tag is known: an encoding error we can undo
        if is_private:
            vr = _private_vr_for_tag(dataset, tag)
        elif value is None or len(value) < 0xFFFF:
            vr = _dictionary_vr(tag) or vr

    try:
        converted = None
        if use_kernels and type(value) is bytes and isinstance(vr, str):
            # an exact str for the look-ups: the VR enum hashes in Python
            vr_key = vr if type(vr) is str else PyUnicode_FromObject(vr)
            vr_code = _vr_code(vr_key)
            try:
                if vr_code == _SQ_CODE:
                    converted = _decode_sequence(<bytes>value, raw, length, encoding)
                else:
                    converted = _decode_common(
                        vr_key, vr_code, vr, length, <bytes>value, little_endian,
                        encoding, settings,
                    )
            except ValueError:
                # the general path retries other VRs, unless asked to raise
                if settings.raises:
                    raise
        if converted is None:
            converted = _convert_value(vr, raw, encoding)
    except NotImplementedError as exc:
        raise NotImplementedError(f"{exc} in tag {tag!r}")
    except BytesLengthException as exc:
        message = f"{exc} This occurred while trying to parse {tag} according to VR '{vr}'."
        if not config.convert_wrong_length_to_UN:
            raise BytesLengthException(
                f"{message} To replace this error with a warning set "
                "dcmcore.config.convert_wrong_length_to_UN = True."
            )
        warnings.warn(f"{message} Setting VR to 'UN'.")
        vr = VR_.UN
        converted = value

    if (
        tag_value == 0x00281101 or tag_value == 0x00281102
        or tag_value == 0x00281103 or tag_value == 0x00283002
    ) and converted:
        # LUT descriptors: the first value is always US even when the VR is
        # SS (PS3.3 C.7.6.3.1.5, C.11.1, C.11.2)
        try:
            if converted[0] < 0:
                converted[0] += 65536
        except TypeError:
            pass

    is_undefined_length = length == 0xFFFFFFFF
    cdef ElementBase elem = _new_element(_DataElement)
    elem.tag = tag
    elem.VR = _replace_un_vr(vr, tag, is_undefined_length, converted) if _vr_code(vr) == _UN_CODE else vr
    elem.validation_mode = settings.mode
    elem._value = converted
    elem.file_tell = value_tell
    elem.is_undefined_length = is_undefined_length
    return elem


cdef object _sequence_from_bytes = None   # dcmcore.filereader's, set on first use


cdef object _decode_sequence(bytes value, object raw, object length, object encoding):
    """convert_SQ through the reader directly, skipping convert_value's
    dispatch; None (the general path) if values.converters has another SQ
    converter or the value is empty."""
    global _sequence_from_bytes
    if length == 0 or _converters.get("SQ") is not _default_sq_converter:
        return None
    if _sequence_from_bytes is None:
        from dcmcore.filereader import _sequence_from_bytes as read_sequence

        _sequence_from_bytes = read_sequence
    # the items' encodings as convert_value passes them: a list
    if not encoding:
        encoding = [_default_encoding]
    elif type(encoding) is str:
        encoding = [encoding]
    return _sequence_from_bytes(
        value,
        <object>PyTuple_GET_ITEM(raw, 5) if type(raw) is _RawDataElement else raw.is_implicit_VR,
        <object>PyTuple_GET_ITEM(raw, 6) if type(raw) is _RawDataElement else raw.is_little_endian,
        encoding,
        <object>PyTuple_GET_ITEM(raw, 4) if type(raw) is _RawDataElement else raw.value_tell,
    )


# -- decoding the common text VRs in C ----------------------------------------
#
# Each decoder handles the values that need no policy decisions (no warning
# can arise, no configuration alternative applies) and gives exactly what the
# converter of dcmcore.values gives for them; for anything else it returns
# None and the converter decodes the whole value, so warnings and errors stay
# those of the reference path.

from libc.string cimport memcpy
from cpython.bytes cimport PyBytes_FromStringAndSize

from dcmcore.uid import _FILE_CACHE_LIMIT, _file_cache
from dcmcore.valuerep import MAX_VALUE_LEN as _VALUE_LENGTH_LIMITS, _ASCII_TRANSPARENT

cdef extern from "Python.h":
    ctypedef struct PyFloatObject:
        double ob_fval
    # an instance of a heap type, fields zeroed, no __new__/__init__ run
    object PyType_GenericAlloc(type cls, Py_ssize_t nitems)
    double PyOS_string_to_double(const char* s, char** endptr,
                                 PyObject* overflow_exception) except? -1.0

# UID._from_file's cache, shared (the dict itself: cleared, never replaced)
cdef dict _uid_cache = _file_cache
cdef Py_ssize_t _UID_CACHE_LIMIT = _FILE_CACHE_LIMIT
cdef type _DSfloat = _valuerep.DSfloat
cdef type _IS = _valuerep.IS
cdef type _UID = UID
cdef type _PersonName = PersonName
cdef object _MultiValue = MultiValue  # ABCMeta: no exact type
cdef dict _valuerep_namespace = _valuerep.__dict__

cdef extern from *:
    """
    #include "structmember.h"  /* PyMemberDef before Python 3.12 */
    /* The offset in its instances of the __slots__ member `descr`. */
    static Py_ssize_t dcmcore_slot_offset(PyObject *descr) {
        return ((PyMemberDescrObject *)descr)->d_member->offset;
    }
    """
    Py_ssize_t dcmcore_slot_offset(object descr)


cdef Py_ssize_t _slot_offset(type cls, str name) except -1:
    descr = cls.__dict__[name]
    if type(descr).__name__ != "member_descriptor":
        raise TypeError(f"{cls.__name__}.{name} is not a __slots__ member")
    return dcmcore_slot_offset(descr)


cdef inline void _set_slot(object obj, Py_ssize_t offset, object value) noexcept:
    """Store `value` in the empty __slots__ member at `offset` of `obj`, just
    made by PyType_GenericAlloc: what attribute assignment does, without
    looking the member up."""
    Py_INCREF(value)
    (<PyObject**>((<char*>(<PyObject*>obj)) + offset))[0] = <PyObject*>value


# DSfloat keeps its state in __slots__ members
cdef Py_ssize_t _DS_ORIGINAL_STRING_OFFSET = _slot_offset(_DSfloat, "original_string")
cdef Py_ssize_t _DS_AUTO_FORMAT_OFFSET = _slot_offset(_DSfloat, "auto_format")
cdef object _str_new = str.__new__
cdef int _IGNORE = config.IGNORE
cdef dict _MAX_VALUE_LEN = _VALUE_LENGTH_LIMITS
# _MAX_VALUE_LEN by _vr_code, 0 for none
cdef Py_ssize_t _MAX_LENGTH_BY_CODE[676]


cdef int _init_max_lengths() except -1:
    cdef int code
    for code in range(676):
        _MAX_LENGTH_BY_CODE[code] = 0
    for name, limit in _MAX_VALUE_LEN.items():
        code = _vr_code(name)
        if code >= 0:
            _MAX_LENGTH_BY_CODE[code] = limit
    return 0


_init_max_lengths()
cdef Py_ssize_t _DS_MAX_LENGTH = _MAX_VALUE_LEN["DS"]
cdef Py_ssize_t _UI_MAX_LENGTH = _MAX_VALUE_LEN["UI"]
cdef Py_ssize_t _PN_GROUP_MAX_LENGTH = 64  # PS3.5 Table 6.2-1

# Python codec name -> how its decoding relates to ISO 8859-1 when there is
# no escape sequence: _LATIN1 always equal, _ASCII_SAME equal for ASCII bytes.
cdef enum CodecKind:
    _OTHER_CODEC, _ASCII_SAME, _LATIN1
cdef dict _codec_kinds = {}
# the codec _codec_kind saw last, and its kind
cdef object _last_codec = None
cdef int _last_codec_kind = _OTHER_CODEC


cdef object _new_multivalue(object constructor, list items):
    """``MultiValue._from_list(constructor, items)`` without the call."""
    multi_value = PyType_GenericAlloc(<type>_MultiValue, 0)
    multi_value.type_constructor = constructor
    multi_value._list = items
    return multi_value


cdef bint _is_uid(const uint8_t* src, Py_ssize_t length) noexcept nogil:
    """``True`` if the bytes are a valid UID (PS3.5 9.1): at most 64
    characters, dot-separated numbers without leading zeros."""
    return 0 < length <= _UI_MAX_LENGTH and is_uid_text(src, length)


cdef object _ds_value(const uint8_t* src, Py_ssize_t start, Py_ssize_t end):
    """The DSfloat of one DS value, or None unless it is a plain decimal
    number of at most 16 characters between spaces."""
    cdef char text[24]
    cdef char* text_end
    while start < end and src[start] == 0x20:
        start += 1
    while end > start and src[end - 1] == 0x20:
        end -= 1
    cdef Py_ssize_t length = end - start
    if length == 0 or length > _DS_MAX_LENGTH or decimal_number_end(src, start, end) != end:
        return None
    memcpy(text, src + start, length)
    text[length] = 0
    cdef double number = PyOS_string_to_double(text, &text_end, NULL)
    if text_end != text + length:
        return None
    value = PyType_GenericAlloc(_DSfloat, 0)
    (<PyFloatObject*>value).ob_fval = number
    _set_slot(value, _DS_ORIGINAL_STRING_OFFSET,
              PyUnicode_DecodeLatin1(<const char*>(src + start), length, NULL))
    _set_slot(value, _DS_AUTO_FORMAT_OFFSET, False)
    return value


cdef object _is_value(const uint8_t* src, Py_ssize_t start, Py_ssize_t end):
    """The IS of one IS value, or None unless it is at most 9 characters of
    digits with an optional leading minus."""
    cdef Py_ssize_t length = end - start
    cdef Py_ssize_t position = start
    cdef long number = 0
    if length == 0 or length > 9:
        return None
    if src[position] == 0x2D:
        position += 1
        if position == end:
            return None
    while position < end:
        if not is_digit(src[position]):
            return None
        number = number * 10 + (src[position] - 0x30)
        position += 1
    if src[start] == 0x2D:
        number = -number
    # int.__new__(IS, number) through the type slot
    arguments = (number,)
    value = (<PyTypeObject*>int).tp_new(_IS, <PyObject*>arguments, NULL)
    value.original_string = PyUnicode_DecodeLatin1(<const char*>(src + start), length, NULL)
    return value


cdef object _uid_value(const uint8_t* src, Py_ssize_t start, Py_ssize_t end):
    """The UID of one valid UI value (shared through the UID cache of
    UID._from_file), or None for an invalid one."""
    if not _is_uid(src + start, end - start):
        return None
    text = PyUnicode_DecodeLatin1(<const char*>(src + start), end - start, NULL)
    cdef PyObject* cached = PyDict_GetItem(_uid_cache, text)
    if cached is not NULL:
        return <object>cached
    if len(_uid_cache) >= _UID_CACHE_LIMIT:
        _uid_cache.clear()
    uid = _uid_cache[text] = _str_new(_UID, text)
    return uid


ctypedef object (*_value_maker)(const uint8_t*, Py_ssize_t, Py_ssize_t)


cdef object _split_values(const uint8_t* src, Py_ssize_t start, Py_ssize_t end,
                          _value_maker make_value, object constructor, bint keep_empty):
    """The value(s) between `start` and `end`, split at backslashes and each
    made by `make_value`: one value, a MultiValue of `constructor`, or None
    if `make_value` refuses one. An empty value of several is ``""`` if
    `keep_empty` (as DS and IS keep them), else refused."""
    if start == end:
        return None
    cdef const uint8_t* found = <const uint8_t*>memchr(src + start, 0x5C, end - start)
    if found == NULL:
        return make_value(src, start, end)
    cdef list values = []
    cdef Py_ssize_t item_end
    while True:
        item_end = end if found == NULL else found - src
        if item_end == start:
            if not keep_empty:
                return None
            value = ""
        else:
            value = make_value(src, start, item_end)
            if value is None:
                return None
        values.append(value)
        if found == NULL:
            break
        start = item_end + 1
        found = <const uint8_t*>memchr(src + start, 0x5C, end - start)
    return _new_multivalue(constructor, values)


cdef object _decode_ds(const uint8_t* src, Py_ssize_t size):
    """convert_DS_string for DSfloat values that are plain numbers."""
    cdef Py_ssize_t start = 0
    cdef Py_ssize_t end = size
    strip_bytes(src, &start, &end, LSTRIP_WS | RSTRIP_WS | RSTRIP_PAD)
    return _split_values(src, start, end, _ds_value, _DSfloat, True)


cdef object _decode_is(const uint8_t* src, Py_ssize_t size):
    """convert_IS_string for values of up to 9 digits."""
    cdef Py_ssize_t start = 0
    cdef Py_ssize_t end = size
    strip_bytes(src, &start, &end, RSTRIP_PAD)
    return _split_values(src, start, end, _is_value, _IS, True)


cdef object _decode_ui(const uint8_t* src, Py_ssize_t size):
    """convert_UI for valid UIDs."""
    cdef Py_ssize_t start = 0
    cdef Py_ssize_t end = size
    strip_bytes(src, &start, &end, RSTRIP_PAD)
    return _split_values(src, start, end, _uid_value, _UID, False)


cdef object _first_codec(object encodings):
    """The codec of text before any escape sequence (PS3.5 6.1.2.5.3):
    `encodings` is one codec name or a list of them, ISO 8859-1 if empty
    (as values.convert_value takes them)."""
    if not encodings:
        return _default_encoding
    return encodings if type(encodings) is str else encodings[0]


cdef int _codec_kind(object encodings) except -1:
    """How the first codec of `encodings` decodes text without escape
    sequences, compared with ISO 8859-1 (see CodecKind)."""
    global _last_codec, _last_codec_kind
    encoding = _first_codec(encodings)
    if encoding is _last_codec:
        # a str, immutable: the kind found for it last time stands
        return _last_codec_kind
    if type(encoding) is not str:
        return _OTHER_CODEC
    kind = _codec_kinds.get(encoding)
    if kind is None:
        from dcmcore.values import _is_latin1

        if _is_latin1(encoding):
            kind = _LATIN1
        elif encoding in _ASCII_TRANSPARENT:
            kind = _ASCII_SAME
        else:
            kind = _OTHER_CODEC
        if len(_codec_kinds) < 64:
            _codec_kinds[encoding] = kind
    _last_codec = encoding
    _last_codec_kind = kind
    return kind


cdef bint _is_ascii(const uint8_t* src, Py_ssize_t size) noexcept nogil:
    cdef Py_ssize_t position
    for position in range(size):
        if src[position] >= 0x80:
            return False
    return True


cdef bint _decodes_as_latin1(object encodings, const uint8_t* src, Py_ssize_t size) except -1:
    """``True`` if decoding the text value with `encodings` (PS3.5 6.1)
    gives its ISO 8859-1 decoding: no escape sequence, and a codec that maps
    these bytes as ISO 8859-1 does."""
    cdef int kind = _codec_kind(encodings)
    if kind == _OTHER_CODEC or memchr(src, 0x1B, size) != NULL:
        return False
    return kind == _LATIN1 or _is_ascii(src, size)


cdef object _text_value(const uint8_t* src, Py_ssize_t start, Py_ssize_t end):
    # the trailing padding goes after the length check (as pydicom reads)
    strip_bytes(src, &start, &end, RSTRIP_PAD)
    return PyUnicode_DecodeLatin1(<const char*>(src + start), end - start, NULL)


cdef object _decode_text(const uint8_t* src, Py_ssize_t size, int code, int mode):
    """convert_text (LO SH UC) and convert_single_string (LT ST UT) for
    values that decode as ISO 8859-1 and need no warning; `code` is the
    _vr_code of the VR."""
    cdef bint split = code == _LO_CODE or code == _SH_CODE or code == _UC_CODE
    # LO SH LT ST values are checked for length as read, unstripped
    cdef Py_ssize_t max_length = 0
    if mode != _IGNORE and code != _UC_CODE and code != _UT_CODE:
        max_length = _MAX_LENGTH_BY_CODE[code]
    cdef Py_ssize_t start = 0
    cdef Py_ssize_t item_end
    cdef const uint8_t* found = NULL
    if split:
        found = <const uint8_t*>memchr(src, 0x5C, size)
    if found == NULL:
        if max_length and size > max_length:
            return None
        return _text_value(src, 0, size)
    cdef list values = []
    while True:
        item_end = size if found == NULL else found - src
        if max_length and item_end - start > max_length:
            return None
        values.append(_text_value(src, start, item_end))
        if found == NULL:
            break
        start = item_end + 1
        found = <const uint8_t*>memchr(src + start, 0x5C, size - start)
    return _new_multivalue(str, values)


cdef object _decode_pn(const uint8_t* src, Py_ssize_t size, object encodings, object mode):
    """convert_PN for one ASCII name that needs no check (at most 64
    characters and three component groups) in a codec that encodes ASCII as
    itself."""
    cdef Py_ssize_t start = 0
    cdef Py_ssize_t end = size
    cdef Py_ssize_t position
    cdef Py_ssize_t nr_separators = 0
    if _first_codec(encodings) not in _ASCII_TRANSPARENT:
        return None
    strip_bytes(src, &start, &end, RSTRIP_PAD)
    if start == end or end - start > _PN_GROUP_MAX_LENGTH:
        return None
    for position in range(start, end):
        if src[position] >= 0x80 or src[position] == 0x5C or src[position] == 0x1B:
            return None
        if src[position] == 0x3D:
            nr_separators += 1
    if nr_separators > 2:
        return None
    # empty trailing component groups are dropped
    while end > start and src[end - 1] == 0x3D:
        end -= 1
    name = PyType_GenericAlloc(_PersonName, 0)
    name.validation_mode = mode
    if not encodings:
        name.encodings = (_default_encoding,)
    else:
        name.encodings = (encodings,) if type(encodings) is str else tuple(encodings)
    if end == start:
        name._components = ()
    else:
        text = PyUnicode_DecodeLatin1(<const char*>(src + start), end - start, NULL)
        name._components = tuple(text.split("="))
    name.original_string = PyBytes_FromStringAndSize(<const char*>(src + start), end - start)
    return name



# _DECODING for the VRs of two letters, by _vr_code: a C array look-up
# instead of a dict look-up for every element; -1 for no fast decoding.
cdef int _DECODING_BY_CODE[676]


cdef int _init_decoding_table() except -1:
    cdef int code
    for code in range(676):
        _DECODING_BY_CODE[code] = -1
    for name, decoding in _DECODING.items():
        code = _vr_code(name)
        if code >= 0:
            _DECODING_BY_CODE[code] = decoding
    return 0


_init_decoding_table()


cdef object _decode_common(str vr_key, int code, object vr, object length, bytes value,
                           object little_endian, object encoding,
                           _ReadSettings settings):
    """Decode the value as values.convert_value would, without its dispatch
    and, for the common VRs, with the kernels directly; None if the VR or the
    configuration needs the general path (no decoder returns None). `vr_key`
    is `vr` as an exact str and `code` its _vr_code; converters get `vr`
    itself, which their messages may show.

    A ValueError leaves the caller to the general path, which retries the
    value as other VRs. Converters that may warn before such an error (IS and
    DS values the C decoders refuse) are not used here, so that no warning is
    given twice.
    """
    cdef int decoding
    cdef object decoding_entry
    if code >= 0:
        decoding = _DECODING_BY_CODE[code]
    else:
        decoding_entry = _DECODING.get(vr_key)
        decoding = -1 if decoding_entry is None else decoding_entry
    if decoding < 0:
        return None
    if length == 0:
        return empty_value_for_VR(vr_key)
    cdef const char* src = PyBytes_AS_STRING(value)
    cdef Py_ssize_t size = PyBytes_GET_SIZE(value)
    if decoding == NUMBERS:
        result = unpack_numbers_ptr(<const uint8_t*>src, size, vr_key, little_endian)
        # pydicom gives '' for a value that holds no numbers
        if type(result) is list and not result:
            return ""
        return result
    if decoding == BYTES:
        return value
    if decoding == STRING or (decoding == DATETIME_STRING and not settings.datetime_conversion):
        result = split_text_ptr(<const uint8_t*>src, size, _STRIP_TRAILING_PADDING, 0, True)
        if type(result) is list:
            return _new_multivalue(str, result)
        return result
    if decoding == NUMBER_STRING:
        if code == _DS_CODE:
            result = _decode_ds(<const uint8_t*>src, size) if settings.ds_in_c else None
        else:
            result = _decode_is(<const uint8_t*>src, size) if settings.is_in_c else None
        # the rest may warn before failing: only the general path, once
        return result
    elif decoding == PLAIN and code == _UI_CODE:
        result = _decode_ui(<const uint8_t*>src, size)
        if result is not None:
            return result
    elif decoding == ENCODED_TEXT or decoding == PERSON_NAME:
        if _decodes_as_latin1(encoding, <const uint8_t*>src, size):
            if decoding == PERSON_NAME:
                result = _decode_pn(<const uint8_t*>src, size, encoding, settings.mode)
            else:
                result = _decode_text(<const uint8_t*>src, size, code, settings.mode)
            if result is not None:
                return result
    converter = _converters.get(vr_key)
    if converter is None:
        return None
    if decoding == PLAIN:
        return converter(value, little_endian, None)
    if decoding == ENCODED_TEXT or decoding == PERSON_NAME:
        # an empty name means the default, as in convert_value
        encodings = [encoding] if encoding and isinstance(encoding, str) else encoding
        if decoding == PERSON_NAME:
            return converter(value, encodings)
        return converter(value, encodings, vr)
    return None


# -- the raw elements of a dataset -------------------------------------------
#
# Dataset.__getitem__, iteration and iterall convert raw elements here, one C
# call per element instead of a chain of Python frames; the semantics are
# those of Dataset._convert_raw_element and Dataset._add_element.

from dcmcore import tag as _tag_module
from dcmcore.charset import default_encoding as _charset_default_encoding
from operator import index as _operator_index

# Set on first use: dcmcore.dataset imports this module.
cdef object _dataset_module = None
cdef object _SPECIFIC_CHARACTER_SET_TAG = _intern(0x00080005)
cdef dict _interned_tags = _tag_module._cache
cdef object _default_encoding = _charset_default_encoding
# exact str members: the VR enum hashes in Python
cdef frozenset _AMBIGUOUS_VR = frozenset(str(vr.value) for vr in _valuerep.AMBIGUOUS_VR)


cdef object _dataset_element(object dataset, dict elements, object tag,
                             _ReadSettings settings):
    """``dataset[tag]`` for a tag of `elements` (``dataset._dict``)."""
    if _DataElement is None:
        _late_imports()
    elem = elements[tag]
    if type(elem) is _DataElement:
        return elem
    if isinstance(elem, _RawDataElement):
        return _convert_in_dataset(dataset, elements, tag, elem, settings, None)
    return elem


# The BaseTag of the creator element last looked up: a private block's
# elements follow each other.
cdef uint32_t _last_creator_value = 0
cdef object _last_creator_tag = None


cdef object _creator_tag(uint32_t creator_value):
    global _last_creator_value, _last_creator_tag
    if _last_creator_tag is None or creator_value != _last_creator_value:
        creator_tag = _interned_tags.get(creator_value) or _intern(creator_value)
        _last_creator_value = creator_value
        _last_creator_tag = creator_tag
    return _last_creator_tag


cdef object _dataset_encoding(object dataset):
    """The character sets that the raw text values of `dataset` decode with:
    those it was read with, else those of Dataset._character_set (the
    parent's when it has no (0008,0005), which is checked here first)."""
    encoding = dataset.read_encoding
    if encoding:
        return encoding
    elements = dataset._dict
    if type(elements) is dict and _SPECIFIC_CHARACTER_SET_TAG not in <dict>elements:
        return dataset._parent_encoding
    return dataset._character_set


cdef object _convert_in_dataset(object dataset, dict elements, object tag, object raw,
                                _ReadSettings settings, object encoding):
    """Convert `raw`, stored under `tag` in `dataset`, store and return it.

    `encoding` is the dataset's (see _dataset_encoding), or None to look it
    up here.
    """
    global _dataset_module
    if _dataset_module is None:
        from dcmcore import dataset as _dataset

        _dataset_module = _dataset
    if type(raw) is _RawDataElement:
        value = <object>PyTuple_GET_ITEM(raw, 3)
        length = <object>PyTuple_GET_ITEM(raw, 2)
    else:
        value = raw.value
        length = raw.length
    if value is None and length != 0:
        from dcmcore.filereader import read_deferred_data_element

        raw = read_deferred_data_element(
            dataset.fileobj_type, dataset.filename, dataset.timestamp, raw
        )
    cdef uint32_t tag_value = tag
    cdef uint32_t creator_value
    if tag_value == 0x00080005:
        encoding = _default_encoding
    elif encoding is None:
        encoding = _dataset_encoding(dataset)
    cdef ElementBase elem = _from_raw(raw, encoding, dataset, True, settings)
    vr = elem.VR
    cdef bint is_sequence = _vr_code(vr) == _SQ_CODE
    if is_sequence and (_Sequence is None or type(elem._value) is not _Sequence):
        # a value still to be made a Sequence: Dataset._add_element does it
        dataset._add_element(tag, elem)
    else:
        if tag_value & 0x10000:
            # a private element learns its creator (PS3.5 7.8.1)
            creator_value = (tag_value & <uint32_t>0xFFFF0000) | ((tag_value & 0xFFFF) >> 8)
            if creator_value != tag_value:
                creator_tag = _creator_tag(creator_value)
                if creator_tag in elements:
                    creator = _dataset_element(dataset, elements, creator_tag, settings)
                    elem.private_creator = (
                        (<ElementBase>creator)._value if type(creator) is _DataElement
                        else creator.value
                    )
        elements[tag] = elem
        if is_sequence:
            # the sequence learns its parent dataset
            elem._value._parent_dataset = PyWeakref_NewRef(dataset, None)
    # the ambiguous VRs are the ones longer than two letters ("US or SS")
    if type(vr) is not str or PyUnicode_GET_LENGTH(vr) > 2:
        if (vr if type(vr) is str else PyUnicode_FromObject(vr)) in _AMBIGUOUS_VR:
            _dataset_module._correct_ambiguous_vr_element(elem, dataset, raw.is_little_endian)
    return elem


# -- the datasets and sequences the reader builds -----------------------------
#
# The reader makes a Dataset for every sequence item and a Sequence for every
# sequence: built here with their attribute dicts set in one go, they cost a
# fraction of running Dataset.__init__ and Sequence.__init__ (whose checks
# the reader's items do not need). The attributes are exactly those the
# initialisers set.

cdef extern from "Python.h":
    int PyObject_GenericSetDict(object obj, object value, void* context) except -1
    object PyObject_GenericGetDict(object obj, void* context)
    object PyWeakref_NewRef(object obj, object callback)

cdef type _Dataset = None
cdef object _Sequence = None  # ABCMeta: no exact type
cdef object _validate_dataset = None
cdef dict _item_attributes = None   # a new Dataset's __dict__


cdef object _new_instance(type cls):
    """``cls.__new__(cls)`` through the type slot."""
    cdef PyObject* no_args = <PyObject*>()
    return (<PyTypeObject*>cls).tp_new(cls, no_args, NULL)


cdef int _late_model_imports() except -1:
    global _Dataset, _Sequence, _validate_dataset, _item_attributes
    from dcmcore.dataset import Dataset
    from dcmcore.sequence import Sequence, validate_dataset

    _validate_dataset = validate_dataset

    _item_attributes = dict(Dataset().__dict__)
    _Dataset = Dataset
    _Sequence = Sequence
    return 0


@cython.binding(True)
def new_read_item(dict elements, is_implicit_VR, is_little_endian, encoding,
                  is_undefined_length, seq_item_tell):
    """Return the Dataset of a sequence item read from a file.

    Parameters
    ----------
    elements : dict
        The item's elements by tag, raw or converted.
    is_implicit_VR, is_little_endian : bool
        The encoding the item was read with.
    encoding : str or list of str
        The Python codecs of the item's text.
    is_undefined_length : bool
        ``True`` if the item was encoded with undefined length.
    seq_item_tell : int
        The file position of the item tag.

    Returns
    -------
    Dataset
    """
    if _Dataset is None:
        _late_model_imports()
    cdef dict attributes = _item_attributes.copy()
    attributes["_dict"] = elements
    attributes["_private_blocks"] = {}
    attributes["read_implicit_vr"] = is_implicit_VR
    attributes["read_little_endian"] = is_little_endian
    attributes["read_encoding"] = encoding
    attributes["is_undefined_length_sequence_item"] = is_undefined_length
    attributes["seq_item_tell"] = seq_item_tell
    attributes["file_tell"] = seq_item_tell
    item = _new_instance(_Dataset)
    PyObject_GenericSetDict(item, attributes, NULL)
    return item


@cython.binding(True)
def new_read_sequence(list items, is_undefined_length):
    """Return the Sequence of the datasets `items` read from a file, each
    pointed at it by ``parent_seq``.

    Parameters
    ----------
    items : list of Dataset
        The items, taken over by the sequence.
    is_undefined_length : bool
        ``True`` if the sequence was encoded with undefined length.

    Returns
    -------
    Sequence
    """
    if _Sequence is None:
        _late_model_imports()
    sequence = _new_instance(<type>_Sequence)
    sequence._list = items
    sequence.type_constructor = _validate_dataset
    PyObject_GenericSetDict(
        sequence,
        {"_parent_dataset": None, "is_undefined_length": is_undefined_length},
        NULL,
    )
    reference = PyWeakref_NewRef(sequence, None)
    for item in items:
        (<dict>PyObject_GenericGetDict(item, NULL))["_parent_seq"] = reference
    return sequence


@cython.binding(True)
def new_element_with_fields(type cls, tag, VR, value, validation_mode):
    """Return a `cls` element (an ElementBase subclass) holding `value` as it
    is, with no ``__init__`` run: for builders whose values are already of
    the VR's type and valid (such as dcmcore._json's).

    Parameters
    ----------
    cls : type
        DataElement or a subclass of it.
    tag : BaseTag
        The element's tag.
    VR : str
        The element's VR.
    value : object
        The value, already converted for the VR.
    validation_mode : int
        The element's validation mode.

    Returns
    -------
    DataElement
    """
    if not issubclass(cls, ElementBase):
        raise TypeError(f"{cls.__name__} is not a data element class")
    cdef ElementBase elem = _new_element(cls)
    elem.tag = tag
    elem.VR = VR
    elem._value = value
    elem.validation_mode = validation_mode
    elem.is_undefined_length = False
    return elem


@cython.binding(True)
def new_read_sequence_element(tag, VR, list items, value_tell, is_undefined_length):
    """Return the DataElement of a sequence read in full from a file.

    Parameters
    ----------
    tag : BaseTag
        The element's tag.
    VR : str
        ``SQ``, or the VR given to an element found to hold a sequence.
    items : list of Dataset
        The items, see :func:`new_read_sequence`.
    value_tell : int
        The file position of the value.
    is_undefined_length : bool
        ``True`` if the sequence was encoded with undefined length.

    Returns
    -------
    DataElement
    """
    if _DataElement is None:
        _late_imports()
    cdef ElementBase elem = _new_element(_DataElement)
    elem.tag = tag
    elem.VR = VR
    elem.validation_mode = _reading_mode()
    elem._value = new_read_sequence(items, is_undefined_length)
    elem.file_tell = value_tell
    elem.is_undefined_length = is_undefined_length
    return elem


@cython.binding(True)
def _convert_raw_element(dataset, tag, raw):
    """Convert the raw element `raw` stored under `tag` in `dataset`, store
    it there and return it: read a deferred value, decode with the
    dataset's character set, learn the private creator, resolve an
    ambiguous VR. ``Dataset._convert_raw_element``."""
    return _convert_in_dataset(dataset, dataset._dict, tag, raw, _read_settings(), None)


@cython.boundscheck(False)
@cython.wraparound(False)
def _sorted_tags(dict elements):
    """The tags of `elements` in ascending order (usually already so, as
    read from a file: then only checked)."""
    cdef list tags = list(elements)
    cdef Py_ssize_t count = len(tags)
    cdef Py_ssize_t position
    cdef long long previous = -1
    cdef long long current
    cdef PyObject* tag
    for position in range(count):
        tag = PyList_GET_ITEM(tags, position)
        if (<PyObject*>tag).ob_type != <PyTypeObject*>_BaseTag:
            break
        # a BaseTag is a 32-bit number: read as a C long without overflow
        current = PyLong_AsLong(<object>tag)
        if current <= previous:
            break
        previous = current
    else:
        return tags
    # key=index: the sort then compares plain ints in C, not BaseTag.__lt__
    return sorted(tags, key=_operator_index)


@cython.final
cdef class _ElementIterator:
    """``iter(dataset)``: the top-level elements in tag order, each raw one
    converted when it is reached."""

    cdef object dataset
    cdef dict elements
    cdef list tags
    cdef Py_ssize_t position
    # looked up for the first raw element met
    cdef _ReadSettings settings
    cdef object encoding

    def __cinit__(self, dataset):
        self.dataset = dataset
        self.elements = dataset._dict
        self.tags = _sorted_tags(self.elements)
        self.position = 0

    def __iter__(self):
        return self

    def __next__(self):
        if self.position >= len(self.tags):
            raise StopIteration
        tag = self.tags[self.position]
        self.position += 1
        elem = self.elements[tag]
        if type(elem) is _DataElement:
            return elem
        if _DataElement is None:
            _late_imports()
        if not isinstance(elem, _RawDataElement):
            return elem
        if self.settings is None:
            self.settings = _read_settings()
            self.encoding = _dataset_encoding(self.dataset)
        return _convert_in_dataset(self.dataset, self.elements, tag, elem,
                                   self.settings, self.encoding)
