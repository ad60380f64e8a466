"""Decoding element values in C: bytes, a VR code and flags in, a value or
"not mine" out.

:func:`decode_value` (``_decode.pxd``) and its Python-level form
:func:`decode` turn the encoded value of the common VRs into exactly what the
converter of :data:`dcmcore.values.converters` gives for it: binary numbers
and default-repertoire text through the codec kernels, plain DS, IS and UID
values, and LO SH UC LT ST UT PN text that decodes as ISO 8859-1 without a
warning. Anything that needs a policy decision (a warning, a validation
error, another character set, a configuration alternative) is declined with
``NotImplemented``, and the Python converter, the one statement of each
rule's edge cases, decodes the whole value. :func:`dcmcore.values.convert_value`
is the one entry point that asks this module first.

Imports only modules below the data model.
"""

from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_FromStringAndSize, PyBytes_GET_SIZE
from cpython.dict cimport PyDict_GetItem
from cpython.object cimport PyObject, PyTypeObject
from cpython.ref cimport Py_INCREF
from cpython.unicode cimport PyUnicode_DecodeLatin1, PyUnicode_FromObject
from libc.stdint cimport uint8_t
from libc.string cimport memchr, memcpy

from dcmcore._codec cimport (
    ds_item_end,
    DS_MAX_LENGTH,
    is_item_end,
    IS_SAFE_DIGITS,
    is_uid_text,
    LSTRIP_WS,
    NR_VR_CODES,
    PN_GROUP_MAX_LENGTH,
    RSTRIP_PAD,
    RSTRIP_WS,
    skip_spaces,
    split_text_ptr,
    strip_bytes,
    UI_MAX_LENGTH,
    unpack_numbers_ptr,
    vr_code,
)

from dcmcore import config
from dcmcore import valuerep as _valuerep
from dcmcore.charset import _is_latin1, default_encoding as _default_encoding
from dcmcore.multival import MultiValue
from dcmcore.uid import _FILE_CACHE_LIMIT, _file_cache, UID
from dcmcore.valuerep import _ASCII_TRANSPARENT, MAX_VALUE_LEN as _MAX_VALUE_LEN, PersonName

# How a value is decoded, by VR.
cdef enum Decoding:
    NUMBERS,            # the kernel: one value or a plain list of numbers
    STRING,             # the kernel: stripped, split str values
    DATETIME_STRING,    # as STRING unless DATETIME_CONVERSION
    NUMBER_STRING,      # plain DS and IS numbers
    BYTES,              # the encoded bytes themselves (binary VRs)
    UID_STRING,         # valid UIDs
    ENCODED_TEXT,       # text that decodes as ISO 8859-1
    PERSON_NAME,        # a name that decodes as ISO 8859-1

cdef dict _DECODING = {
    "US": NUMBERS, "SS": NUMBERS, "UL": NUMBERS, "SL": NUMBERS,
    "UV": NUMBERS, "SV": NUMBERS, "FL": NUMBERS, "FD": NUMBERS,
    "CS": STRING, "AS": STRING,
    "DA": DATETIME_STRING, "DT": DATETIME_STRING, "TM": DATETIME_STRING,
    "IS": NUMBER_STRING, "DS": NUMBER_STRING,
    "UI": UID_STRING,
    "UN": BYTES, "OB": BYTES, "OD": BYTES, "OF": BYTES, "OL": BYTES, "OV": BYTES,
    "OW": BYTES, "OB or OW": BYTES, "US or SS": BYTES, "US or OW": BYTES,
    "US or SS or OW": BYTES,
    "LO": ENCODED_TEXT, "SH": ENCODED_TEXT, "UC": ENCODED_TEXT,
    "LT": ENCODED_TEXT, "ST": ENCODED_TEXT, "UT": ENCODED_TEXT,
    "PN": PERSON_NAME,
}

cdef int _DS_CODE = vr_code("DS")
cdef int _LO_CODE = vr_code("LO")
cdef int _SH_CODE = vr_code("SH")
cdef int _UC_CODE = vr_code("UC")
cdef int _UT_CODE = vr_code("UT")

cdef extern from "Python.h":
    ctypedef struct PyFloatObject:
        double ob_fval
    # an instance of a heap type, fields zeroed, no __new__/__init__ run
    object PyType_GenericAlloc(type cls, Py_ssize_t nitems)
    void PyObject_GC_UnTrack(object op)
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
cdef dict _config = config.__dict__

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
# valuerep.MAX_VALUE_LEN by vr_code, 0 for none
cdef Py_ssize_t _MAX_LENGTH_BY_CODE[NR_VR_CODES]


cdef int _fill_by_code(Py_ssize_t* table, dict by_vr, Py_ssize_t missing) except -1:
    """Fill `table` (indexed by vr_code) from the VR -> number dict `by_vr`,
    `missing` where it has no entry."""
    cdef int code
    for code in range(NR_VR_CODES):
        table[code] = missing
    for name, number in by_vr.items():
        code = vr_code(name)
        if code >= 0:
            table[code] = number
    return 0


_fill_by_code(_MAX_LENGTH_BY_CODE, _MAX_VALUE_LEN, 0)

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
    return 0 < length <= UI_MAX_LENGTH and is_uid_text(src, length)


cdef object _ds_value(const uint8_t* src, Py_ssize_t start, Py_ssize_t end):
    """The DSfloat of one DS value, or None unless it is a plain decimal
    number of at most 16 characters between spaces."""
    cdef char text[DS_MAX_LENGTH + 1]
    cdef char* text_end
    if ds_item_end(src, start, end) != end:
        return None
    start = skip_spaces(src, start, end)
    while src[end - 1] == 0x20:  # a number is left: it ends in a digit or '.'
        end -= 1
    cdef Py_ssize_t length = end - start
    if length > DS_MAX_LENGTH:
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
    # a float with two str/bool slots is in no reference cycle
    PyObject_GC_UnTrack(value)
    return value


cdef object _is_value(const uint8_t* src, Py_ssize_t start, Py_ssize_t end):
    """The IS of one IS value, or None unless it is digits with an optional
    leading minus and nothing else, short enough to need no range check."""
    cdef Py_ssize_t length = end - start
    cdef Py_ssize_t position = start
    cdef long number = 0
    # no spaces and no plus sign: pydicom keeps them in original_string
    if (length == 0 or length > IS_SAFE_DIGITS or src[start] == 0x20 or src[start] == 0x2B
            or is_item_end(src, start, end) != end or src[end - 1] == 0x20):
        return None
    if src[position] == 0x2D:
        position += 1
    while position < end:
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
    vr_code of the VR."""
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
    if start == end or end - start > PN_GROUP_MAX_LENGTH:
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



# _DECODING for the VRs of two letters, by vr_code: a C array look-up
# instead of a dict look-up for every element; -1 for no fast decoding.
cdef Py_ssize_t _DECODING_BY_CODE[NR_VR_CODES]
_fill_by_code(_DECODING_BY_CODE, _DECODING, -1)



cdef int current_flags() except -1:
    """The decoding flags of the current configuration (see _decode.pxd)."""
    cdef int flags = 0
    # the module's namespace read directly: this runs for every batch
    if _config["datetime_conversion"]:
        flags |= DATETIME_CONVERSION
    if not _config["use_DS_numpy"] and _valuerep_namespace["DSclass"] is _DSfloat:
        flags |= DS_IN_C
    if not _config["use_IS_numpy"]:
        flags |= IS_IN_C
    return flags


cdef object decode_value(str vr_key, int code, bytes value, bint little_endian,
                         object encoding, int flags, object mode):
    """The value of `value` (not empty) for the VR `vr_key` (an exact str,
    `code` its vr_code), as its converter in dcmcore.values gives it, or
    NotImplemented for a value or VR this module leaves to the converter.
    `encoding` is one Python codec or a list of them (the default if
    empty), `flags` those of current_flags() and `mode` the reading
    validation mode."""
    cdef int decoding
    cdef object decoding_entry
    if code >= 0:
        decoding = <int>_DECODING_BY_CODE[code]
    else:
        decoding_entry = _DECODING.get(vr_key)
        decoding = -1 if decoding_entry is None else decoding_entry
    if decoding < 0:
        return NotImplemented
    cdef const uint8_t* src = <const uint8_t*>PyBytes_AS_STRING(value)
    cdef Py_ssize_t size = PyBytes_GET_SIZE(value)
    result = None
    if decoding == NUMBERS:
        result = unpack_numbers_ptr(src, size, vr_key, little_endian)
        # pydicom gives '' for a value that holds no numbers
        if type(result) is list and not result:
            return ""
        return result
    if decoding == BYTES:
        return value
    if decoding == STRING or (decoding == DATETIME_STRING and not flags & DATETIME_CONVERSION):
        result = split_text_ptr(src, size, RSTRIP_PAD, 0, True)
        if type(result) is list:
            return _new_multivalue(str, result)
        return result
    if decoding == NUMBER_STRING:
        if code == _DS_CODE:
            if flags & DS_IN_C:
                result = _decode_ds(src, size)
        elif flags & IS_IN_C:
            result = _decode_is(src, size)
    elif decoding == UID_STRING:
        result = _decode_ui(src, size)
    elif decoding == ENCODED_TEXT or decoding == PERSON_NAME:
        if _decodes_as_latin1(encoding, src, size):
            if decoding == PERSON_NAME:
                result = _decode_pn(src, size, encoding, mode)
            else:
                result = _decode_text(src, size, code, mode)
    return NotImplemented if result is None else result


def decode(VR, bytes byte_string, is_little_endian, encodings, validation_mode):
    """Return the decoded value of `byte_string`, or ``NotImplemented``.

    The compiled decoder that :func:`dcmcore.values.convert_value` asks
    first: the value the converter of `VR` in
    :data:`dcmcore.values.converters` would return, for the values that
    need no policy decision, else ``NotImplemented`` (the converter decodes
    those).

    Parameters
    ----------
    VR : str
        The value representation.
    byte_string : bytes
        The encoded value, not empty.
    is_little_endian : bool
        The byte order of binary values.
    encodings : str or list of str
        The Python codecs of the text (the default if empty).
    validation_mode : int
        The reading validation mode, for the values it creates.

    Returns
    -------
    object
        The value, or ``NotImplemented``.
    """
    vr_key = VR if type(VR) is str else PyUnicode_FromObject(VR)
    return decode_value(vr_key, vr_code(vr_key), byte_string, is_little_endian, encodings,
                        current_flags(), validation_mode)
