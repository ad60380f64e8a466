"""The per-instance state of a data element.

:class:`ElementBase` holds what every :class:`~dcmcore.dataelem.DataElement`
carries (tag, VR, value, validation mode, file position, undefined-length
flag, private creator, parent) as C fields, with the behaviour that reads them
on hot paths: the value property and its per-VR coercion, VM, name, repval,
``str()``, equality and copies. :mod:`dcmcore.dataelem` adds the rest of
pydicom's ``DataElement`` API on top. The other compiled modules build
elements through the C functions of ``_element.pxd``.

Imports only modules below the data model; the model classes it needs
(DataElement, Sequence) are handed to it through :func:`dcmcore._convert.bind`.
"""

cimport cython
from cpython.object cimport PyObject, PyTypeObject
from libc.stdint cimport uint32_t

from dcmcore._codec cimport vr_code

import copy
import copyreg
import sys

from dcmcore import config
from dcmcore import valuerep as _valuerep
from dcmcore.datadict import (
    DicomDictionary,
    mask_match,
    private_dictionary_description,
    RepeatersDictionary,
)
from dcmcore.multival import MultiValue
from dcmcore.tag import BaseTag, Tag
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
cdef object _MISSING = object()

# The model, from set_model (see dcmcore._convert.bind).
cdef type _DataElement = None
cdef object _sequence_class = None  # returns the Sequence class


cdef int set_model(type data_element, object sequence_class) except -1:
    global _DataElement, _sequence_class
    _DataElement = data_element
    _sequence_class = sequence_class
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


cdef object dictionary_vr(object tag):
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


cdef int _UN_CODE = vr_code("UN")


cdef object replace_un_vr(object vr, object tag, object is_undefined_length, object value):
    """The VR a new element gets for `vr`: a known standard tag encoded as UN
    takes its dictionary VR unless the value is too long for a 16-bit length
    field (the one legitimate reason to use UN, PS3.5 6.2.2), as pydicom does
    when it creates any DataElement."""
    cdef object known_vr
    if (
        vr_code(vr) == _UN_CODE
        and not _is_private(tag)
        and config.replace_un_with_known_vr
        and (is_undefined_length or value is None or len(value) < 0xFFFF)
    ):
        known_vr = dictionary_vr(tag)
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
    if not raw:
        return empty_value(VR)
    if VR == "SQ":
        return b""
    if config.use_none_as_empty_text_VR_value:
        return None
    return b"" if VR == "PN" or VR in _EMPTY_STR_VR else None


cdef object empty_value(object VR):
    if VR == "SQ":
        return []
    if config.use_none_as_empty_text_VR_value:
        return None
    if VR == "PN":
        return PersonName("")
    if VR in _EMPTY_STR_VR:
        return ""
    return None


# The config module's namespace: reading a setting from it directly skips
# the module attribute machinery, on paths that run once per element.
cdef dict _config = config.__dict__


cdef object _RAISE_MODE = config.RAISE
cdef object _WARN_MODE = config.WARN


cdef object reading_mode():
    """``config.settings.reading_validation_mode`` without the call of the
    property, which would be the largest cost of converting a small element:
    the mode set, else RAISE under the deprecated ``enforce_valid_values``,
    else WARN (see dcmcore.config.Settings)."""
    mode = _config["settings"]._reading_validation_mode
    if mode is None:
        return _RAISE_MODE if _config["enforce_valid_values"] else _WARN_MODE
    return mode


cdef extern from "Python.h":
    # with a NULL value: delete the attribute
    int _generic_setattr "PyObject_GenericSetAttr" (
        PyObject* obj, PyObject* name, PyObject* value) except -1
    int PyObject_GC_IsTracked(object op)
    void PyObject_GC_Track(object op)
    void PyObject_GC_UnTrack(object op)


# -- the garbage collector -------------------------------------------------------
#
# A file's header gives tens of thousands of elements, and the cyclic garbage
# collector walks every tracked object again and again while they are made:
# more time than the reading itself. An element read whose value holds no
# other object (a number, a string, bytes) is in no reference cycle, so it is
# taken off the collector's lists; setting any of its fields or attributes
# puts it back first (__setattr__, __delattr__), before a cycle could form.

cdef type _DSfloat = _valuerep.DSfloat
cdef type _IS = _valuerep.IS
cdef type _UID = UID


cdef void untrack_if_atomic(ElementBase elem) noexcept:
    if elem.parent is not None:
        return
    cdef type value_type = type(elem._value)
    if (
        value_type is str or value_type is _DSfloat or value_type is _UID
        or value_type is int or value_type is _IS or value_type is float
        or value_type is bytes or value_type is bool or elem._value is None
    ):
        PyObject_GC_UnTrack(elem)


cdef inline void _track(ElementBase elem) noexcept:
    if not PyObject_GC_IsTracked(elem):
        PyObject_GC_Track(elem)

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
            validation_mode = reading_mode()
        if not isinstance(tag, BaseTag):
            tag = Tag(tag)
        self.tag = tag
        # VR must be set before the value: the value setter converts by VR
        self.VR = replace_un_vr(VR, tag, is_undefined_length, value)
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
        _track(self)
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
        _track(self)
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
            sequence = _sequence_class()
            if isinstance(val, sequence):
                return val
            return sequence(val)
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
        cdef ElementBase new = new_element(type(self))
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


cdef ElementBase new_element(type cls):
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
    cdef ElementBase elem = new_element(cls)
    elem.tag = tag
    elem.VR = VR
    elem._value = value
    elem.validation_mode = validation_mode
    elem.is_undefined_length = False
    return elem


