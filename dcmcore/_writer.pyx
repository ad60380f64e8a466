"""The Cython element writer: data elements encoded into one growing buffer.

:func:`write_elements` appends the elements of one data set, in the order
given, to a ``bytearray``: the element header (PS3.5 7.1.1-7.1.3: tag, VR in
explicit VR, 16- or 32-bit length) and the value. A raw element (a
``RawDataElement`` tuple) is copied straight from its bytes; a decoded
element whose value has one of the common types (text, numbers, PN, bytes)
is encoded here by the same rules as the writers of
:mod:`dcmcore.filewriter`, and so is a sequence whose items are plain
datasets of such elements (see "sequences" below), or one held as the bytes
of its items. Every other element (undefined lengths, ambiguous VRs,
unusual value types, values that do not encode, or need a warning) is left
to those writers: :func:`write_elements` stops in front of it and returns
its index, so that policy, warnings and error messages stay in one place,
in Python.

:func:`sorted_elements` and :func:`has_tag_between` spare the writer
Python-level comparisons of tags.
"""

from cpython.bytearray cimport PyByteArray_AS_STRING, PyByteArray_GET_SIZE, PyByteArray_Resize
from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_GET_SIZE
from cpython.dict cimport PyDict_Next, PyDict_Size
from cpython.list cimport PyList_GET_ITEM, PyList_GET_SIZE, PyList_New, PyList_SET_ITEM
from cpython.long cimport PyLong_AsLong, PyLong_AsLongLongAndOverflow, PyLong_AsUnsignedLongLong
from cpython.mem cimport PyMem_Free, PyMem_Malloc
from cpython.object cimport PyObject
from cpython.ref cimport Py_INCREF
from cpython.tuple cimport PyTuple_GET_ITEM, PyTuple_GET_SIZE
from libc.stdint cimport uint8_t, uint16_t, uint32_t, uint64_t
from libc.stdlib cimport qsort
from libc.string cimport memcpy

from dcmcore._codec cimport is_long_length_vr, letters_code, write_u16, write_u32, write_u64

from dcmcore import _codec
from dcmcore.multival import MultiValue
from dcmcore.valuerep import PersonName

cdef extern from "Python.h":
    bint PyUnicode_IS_ASCII(object text)
    void* PyUnicode_DATA(object text)
    Py_ssize_t PyUnicode_GET_LENGTH(object text)
    int PyFloat_Pack4(double value, char* dst, int little_endian) except -1
    int PyFloat_Pack8(double value, char* dst, int little_endian) except -1

cdef uint32_t _UNDEFINED_LENGTH = 0xFFFFFFFF
cdef uint16_t _SQ_KEY = (<uint16_t>ord("S") << 8) | <uint16_t>ord("Q")
cdef object _MISSING = object()
cdef object _pack_numbers = _codec.pack_numbers

# How the value of each VR is encoded here (PS3.5 6.2); V_GENERAL: not here.
cdef enum ValueKind:
    V_GENERAL
    V_TEXT          # AE AS CS DA DT TM UR: str, default repertoire, space padded
    V_UI            # UI: str, NUL padded
    V_CHARSET_TEXT  # LO LT SH ST UC UT: str in (0008,0005)'s repertoire
    V_NUMBER_TEXT   # DS IS: the original text of each number
    V_PN            # PN: PersonName.encode()
    V_INT           # US SS UL SL UV SV
    V_FLOAT         # FL FD
    V_OB            # OB: bytes, NUL padded
    V_BYTES         # OD OF OL OV OW UN: bytes as they are

cdef struct VRInfo:
    ValueKind kind
    bint long_length  # a 32-bit length in explicit VR (PS3.5 7.1.2)
    int item_size     # bytes per number of V_INT and V_FLOAT
    bint signed       # V_INT


cdef inline uint16_t _vr_key(char first, char second) noexcept nogil:
    return (<uint16_t><uint8_t>first << 8) | <uint8_t>second


cdef VRInfo _vr_info(uint16_t key) noexcept nogil:
    cdef VRInfo info
    info.kind = V_GENERAL
    info.long_length = is_long_length_vr(letters_code(key >> 8, key & 0xFF))
    info.item_size = 0
    info.signed = False
    if key == _vr_key(b'A', b'E') or key == _vr_key(b'A', b'S') or key == _vr_key(b'C', b'S') \
            or key == _vr_key(b'D', b'A') or key == _vr_key(b'D', b'T') or key == _vr_key(b'T', b'M'):
        info.kind = V_TEXT
    elif key == _vr_key(b'U', b'R'):
        info.kind = V_TEXT
    elif key == _vr_key(b'U', b'I'):
        info.kind = V_UI
    elif key == _vr_key(b'L', b'O') or key == _vr_key(b'S', b'H') or key == _vr_key(b'L', b'T') \
            or key == _vr_key(b'S', b'T'):
        info.kind = V_CHARSET_TEXT
    elif key == _vr_key(b'U', b'C') or key == _vr_key(b'U', b'T'):
        info.kind = V_CHARSET_TEXT
    elif key == _vr_key(b'D', b'S') or key == _vr_key(b'I', b'S'):
        info.kind = V_NUMBER_TEXT
    elif key == _vr_key(b'P', b'N'):
        info.kind = V_PN
    elif key == _vr_key(b'U', b'S') or key == _vr_key(b'S', b'S'):
        info.kind = V_INT
        info.item_size = 2
        info.signed = key == _vr_key(b'S', b'S')
    elif key == _vr_key(b'U', b'L') or key == _vr_key(b'S', b'L'):
        info.kind = V_INT
        info.item_size = 4
        info.signed = key == _vr_key(b'S', b'L')
    elif key == _vr_key(b'U', b'V') or key == _vr_key(b'S', b'V'):
        info.kind = V_INT
        info.item_size = 8
        info.signed = key == _vr_key(b'S', b'V')
    elif key == _vr_key(b'F', b'L'):
        info.kind = V_FLOAT
        info.item_size = 4
    elif key == _vr_key(b'F', b'D'):
        info.kind = V_FLOAT
        info.item_size = 8
    elif key == _vr_key(b'O', b'B'):
        info.kind = V_OB
    elif key == _vr_key(b'O', b'D') or key == _vr_key(b'O', b'F') or key == _vr_key(b'O', b'L') \
            or key == _vr_key(b'O', b'V') or key == _vr_key(b'O', b'W') or key == _vr_key(b'U', b'N'):
        info.kind = V_BYTES
    elif key == _vr_key(b'S', b'Q'):
        pass  # _write_sequence
    elif key == _vr_key(b'A', b'T'):
        pass  # the Python writer: tags come in many forms
    else:
        info.item_size = -1  # not a VR
    return info


cdef int _vr_of(object vr, uint16_t* key) except -1:
    # The two letters of a VR as a key of _vr_info(); 0 if `vr` is not a
    # two-letter ASCII str (None, ambiguous VRs such as "US or SS", ...).
    if vr is None or not isinstance(vr, str) or PyUnicode_GET_LENGTH(vr) != 2 \
            or not PyUnicode_IS_ASCII(vr):
        return 0
    cdef const char* letters = <const char*>PyUnicode_DATA(vr)
    key[0] = _vr_key(letters[0], letters[1])
    return 1


def explicit_vr_header_size(str vr) -> int:
    """Bytes of the element header of `vr` in explicit VR (PS3.5 7.1.2).

    12 for the VRs with a 32-bit length, 8 for the others, 0 if `vr` is not
    one of the VRs of PS3.5 table 6.2-1.
    """
    cdef uint16_t key = 0
    if not _vr_of(vr, &key):
        return 0
    cdef VRInfo info = _vr_info(key)
    if info.item_size < 0:
        return 0
    return 12 if info.long_length else 8


cdef inline uint32_t _as_uint32(object number) except? 0xFFFFFFFF:
    # A tag or a length field: an int of 32 bits
    cdef long long value = number
    if value < 0 or value > 0xFFFFFFFF:
        raise ValueError(f"{number!r} is not a 32-bit tag or length")
    return <uint32_t>value


# -- the output buffer --------------------------------------------------------

cdef inline uint8_t* _resize(bytearray dst, Py_ssize_t size) except NULL:
    # bytearray over-allocates when growing, so that appending is amortised O(1)
    PyByteArray_Resize(dst, size)
    return <uint8_t*>PyByteArray_AS_STRING(dst)


cdef inline int _append(bytearray dst, const void* src, Py_ssize_t length) except -1:
    cdef Py_ssize_t end = PyByteArray_GET_SIZE(dst)
    cdef uint8_t* data = _resize(dst, end + length)
    memcpy(data + end, src, length)
    return 0


cdef inline int _append_byte(bytearray dst, uint8_t byte) except -1:
    cdef Py_ssize_t end = PyByteArray_GET_SIZE(dst)
    cdef uint8_t* data = _resize(dst, end + 1)
    data[end] = byte
    return 0


# -- values ---------------------------------------------------------------------
# Each _put_* appends a value and returns 1, or returns 0 (having appended
# nothing that counts: the caller cuts the buffer back) for a value it leaves
# to the Python writers.

cdef inline bint _is_multi_value(object value):
    return type(value) is list or type(value) is MultiValue


cdef inline list _items(object value):
    # The list of a multi-valued value (see _is_multi_value)
    if type(value) is list:
        return <list>value
    return (<object>value)._list


cdef int _put_ascii(bytearray dst, object text) except -1:
    if not isinstance(text, str) or not PyUnicode_IS_ASCII(text):
        return 0
    _append(dst, PyUnicode_DATA(text), PyUnicode_GET_LENGTH(text))
    return 1


cdef int _put_texts(bytearray dst, object value, bint number_text) except -1:
    # One text or several joined by backslashes (PS3.5 6.4), all ASCII. With
    # `number_text`, a value's original_string (its text as read) stands for
    # it when it has one, else str() of it.
    cdef list items
    cdef Py_ssize_t index
    if not _is_multi_value(value):
        if number_text and type(value) is not str:
            value = _number_text(value)
        return _put_ascii(dst, value)
    items = _items(value)
    for index in range(PyList_GET_SIZE(items)):
        if index:
            _append_byte(dst, b'\\')
        item = <object>PyList_GET_ITEM(items, index)
        if number_text and type(item) is not str:
            item = _number_text(item)
        if not _put_ascii(dst, item):
            return 0
    return 1


cdef object _number_text(object number):
    text = getattr(number, "original_string", _MISSING)
    if text is _MISSING:
        return str(number)
    return text


cdef int _put_person_names(bytearray dst, object value, object encodings) except -1:
    cdef list items
    cdef Py_ssize_t index
    if type(value) is PersonName:
        encoded = value.encode(encodings)
        if type(encoded) is not bytes:
            return 0
        _append(dst, PyBytes_AS_STRING(encoded), PyBytes_GET_SIZE(encoded))
        return 1
    if not _is_multi_value(value):
        return 0
    items = _items(value)
    for index in range(PyList_GET_SIZE(items)):
        if index:
            _append_byte(dst, b'\\')
        if not _put_person_names(dst, <object>PyList_GET_ITEM(items, index), encodings):
            return 0
    return 1


cdef int _put_int(bytearray dst, object value, VRInfo info, bint little_endian) except -1:
    # One Python int in the VR's range; struct.pack's range errors are left
    # to the Python writer, which reports them as pydicom does.
    cdef int overflow = 0
    cdef long long number
    cdef unsigned long long unsigned_number
    cdef Py_ssize_t end
    cdef uint8_t* data
    if type(value) is not int:
        return 0
    number = PyLong_AsLongLongAndOverflow(value, &overflow)
    if overflow:
        if overflow < 0 or info.signed or info.item_size != 8:
            return 0
        try:
            unsigned_number = PyLong_AsUnsignedLongLong(value)
        except OverflowError:
            return 0
    elif info.signed:
        if info.item_size == 2 and not -0x8000 <= number <= 0x7FFF:
            return 0
        if info.item_size == 4 and not -0x80000000 <= number <= 0x7FFFFFFF:
            return 0
        unsigned_number = <unsigned long long>number
    else:
        if number < 0 or (info.item_size == 2 and number > 0xFFFF) \
                or (info.item_size == 4 and number > 0xFFFFFFFF):
            return 0
        unsigned_number = <unsigned long long>number
    end = PyByteArray_GET_SIZE(dst)
    data = _resize(dst, end + info.item_size)
    if info.item_size == 2:
        write_u16(data + end, <uint16_t>unsigned_number, little_endian)
    elif info.item_size == 4:
        write_u32(data + end, <uint32_t>unsigned_number, little_endian)
    else:
        write_u64(data + end, <uint64_t>unsigned_number, little_endian)
    return 1


cdef int _put_numbers(bytearray dst, object value, VRInfo info, object vr, bint little_endian) except -1:
    cdef Py_ssize_t end
    cdef uint8_t* data
    if _is_multi_value(value):
        # pydicom packs each item of a list as one number
        try:
            # the kernel takes an exact str, not the VR enum
            packed = _pack_numbers(value, vr if type(vr) is str else str.__str__(vr), little_endian)
        except Exception:
            return 0
        _append(dst, PyBytes_AS_STRING(packed), PyBytes_GET_SIZE(packed))
        return 1
    if info.kind == V_INT:
        return _put_int(dst, value, info, little_endian)
    if type(value) is not float:
        return 0
    end = PyByteArray_GET_SIZE(dst)
    data = _resize(dst, end + info.item_size)
    try:
        # struct.pack's own conversion, overflow check included
        if info.item_size == 4:
            PyFloat_Pack4(value, <char*>data + end, little_endian)
        else:
            PyFloat_Pack8(value, <char*>data + end, little_endian)
    except OverflowError:
        return 0
    return 1


cdef int _is_empty(object value) except -1:
    # DataElement.is_empty (VM == 0) for the value types encoded here; -1 is
    # never returned without an exception, 2 means "not a type of ours".
    if value is None:
        return 1
    if type(value) is str or isinstance(value, str):
        return PyUnicode_GET_LENGTH(value) == 0
    if type(value) is bytes:
        return PyBytes_GET_SIZE(value) == 0
    if _is_multi_value(value):
        return PyList_GET_SIZE(_items(value)) == 0
    if isinstance(value, (int, float)):
        return 0
    if type(value) is PersonName:
        return not value
    return 2


cdef int _put_value(bytearray dst, object value, VRInfo info, object vr, bint little_endian,
                    bint charset_is_ascii, object encodings) except -1:
    cdef ValueKind kind = info.kind
    cdef Py_ssize_t start = PyByteArray_GET_SIZE(dst)
    cdef bint done
    if kind == V_TEXT or kind == V_UI or kind == V_NUMBER_TEXT \
            or (kind == V_CHARSET_TEXT and charset_is_ascii):
        done = _put_texts(dst, value, kind == V_NUMBER_TEXT)
        if done and (PyByteArray_GET_SIZE(dst) - start) & 1:
            # PS3.5 6.2: values have even length; UI pads with NUL
            _append_byte(dst, 0 if kind == V_UI else b' ')
        return done
    if kind == V_PN:
        done = _put_person_names(dst, value, encodings)
        if done and (PyByteArray_GET_SIZE(dst) - start) & 1:
            _append_byte(dst, b' ')
        return done
    if kind == V_INT or kind == V_FLOAT:
        return _put_numbers(dst, value, info, vr, little_endian)
    if kind == V_OB or kind == V_BYTES:
        if type(value) is not bytes:
            return 0
        _append(dst, PyBytes_AS_STRING(value), PyBytes_GET_SIZE(value))
        if kind == V_OB and PyBytes_GET_SIZE(value) & 1:
            _append_byte(dst, 0)
        return 1
    return 0


# -- elements -----------------------------------------------------------------

cdef inline void _put_header(uint8_t* dst, uint32_t tag, uint16_t vr_key, bint long_length,
                             uint32_t length, bint implicit_vr, bint little_endian) noexcept nogil:
    # PS3.5 7.1.1 (explicit VR) and 7.1.2 (implicit VR): the header in front
    # of a value, 8 bytes, or 12 for an explicit VR with a 32-bit length.
    write_u16(dst, <uint16_t>(tag >> 16), little_endian)
    write_u16(dst + 2, <uint16_t>tag, little_endian)
    if implicit_vr:
        write_u32(dst + 4, length, little_endian)
    elif long_length:
        dst[4] = <uint8_t>(vr_key >> 8)
        dst[5] = <uint8_t>vr_key
        dst[6] = 0
        dst[7] = 0
        write_u32(dst + 8, length, little_endian)
    else:
        dst[4] = <uint8_t>(vr_key >> 8)
        dst[5] = <uint8_t>vr_key
        write_u16(dst + 6, <uint16_t>length, little_endian)


cdef inline bint _is_retired_group_length(uint32_t tag) noexcept nogil:
    # Group lengths other than those of groups 0000-0006 are retired and
    # not written (PS3.5 7.2)
    return (tag & 0xFFFF) == 0 and (tag >> 16) > 6


# -- sequences ------------------------------------------------------------------
#
# The items of a decoded sequence are written here when the Python writer's
# handling of a sequence item (filewriter._Encoder.item and .dataset) would
# do no more than this does: the item is a plain Dataset without its own
# (0008,0005), holding no raw element and no ambiguous VR, so that its
# correct_ambiguous_vr has nothing to do at this level (each nested item is
# checked when it is reached). Anything else leaves the whole sequence
# element to the Python writer.

cdef extern from "Python.h":
    object PyObject_GenericGetDict(object obj, void* context)

cdef object _item_type = None  # dcmcore.dataset.Dataset, set by set_item_type()
cdef object _CHARSET_TAG = 0x00080005
# (FFFE,E000) Item, as bytes
cdef const char* _ITEM_TAG_LE = b"\xfe\xff\x00\xe0"
cdef const char* _ITEM_TAG_BE = b"\xff\xfe\xe0\x00"


def set_item_type(item_type) -> None:
    """Name the Dataset class whose instances the kernel writes as sequence
    items (dcmcore.filewriter sets it; the kernel knows no dataset)."""
    global _item_type
    _item_type = item_type


cdef inline int _put_delimiter(bytearray dst, uint16_t element, bint little_endian) except -1:
    # (FFFE,element) with a zero length: an item or sequence delimiter
    cdef Py_ssize_t end = PyByteArray_GET_SIZE(dst)
    cdef uint8_t* data = _resize(dst, end + 8)
    write_u16(data + end, 0xFFFE, little_endian)
    write_u16(data + end + 2, element, little_endian)
    write_u32(data + end + 4, 0, little_endian)
    return 0


cdef int _write_item(bytearray dst, object item, bint implicit_vr, bint little_endian,
                     bint charset_is_ascii, object encodings) except -1:
    # Append the item `item`; 0 if the Python writer must write the sequence.
    if type(item) is not _item_type:
        return 0
    cdef dict state = PyObject_GenericGetDict(item, NULL)
    elements = state.get("_dict")
    if type(elements) is not dict or _CHARSET_TAG in <dict>elements:
        return 0
    cdef list ordered = sorted_elements(elements)
    cdef Py_ssize_t index, count = PyList_GET_SIZE(ordered)
    for index in range(count):
        elem = <object>PyList_GET_ITEM(ordered, index)
        if isinstance(elem, tuple):
            return 0  # raw: correct_ambiguous_vr converts it first
        vr = elem.VR
        if type(vr) is not str or PyUnicode_GET_LENGTH(vr) != 2:
            return 0  # ambiguous, or a VR enum member
    # the file's encoding wins over the item's (pydicom's _harmonize_properties)
    state["is_little_endian"] = True if little_endian else False
    state["is_implicit_VR"] = True if implicit_vr else False
    cdef Py_ssize_t start = PyByteArray_GET_SIZE(dst)
    cdef uint8_t* data = _resize(dst, start + 8)
    memcpy(data + start, _ITEM_TAG_LE if little_endian else _ITEM_TAG_BE, 4)
    if write_elements(dst, ordered, 0, implicit_vr, little_endian, charset_is_ascii,
                      encodings) != count:
        return 0
    if state.get("is_undefined_length_sequence_item", False):
        write_u32(<uint8_t*>PyByteArray_AS_STRING(dst) + start + 4, _UNDEFINED_LENGTH, little_endian)
        _put_delimiter(dst, 0xE00D, little_endian)
    else:
        write_u32(<uint8_t*>PyByteArray_AS_STRING(dst) + start + 4,
                  <uint32_t>(PyByteArray_GET_SIZE(dst) - start - 8), little_endian)
    return 1


cdef int _write_sequence(bytearray dst, uint32_t tag, uint16_t vr_key, object value,
                         bint undefined, bint implicit_vr, bint little_endian,
                         bint charset_is_ascii, object encodings) except -1:
    # Append the SQ element of the decoded `value`; 0 if left to Python.
    cdef Py_ssize_t start = PyByteArray_GET_SIZE(dst)
    cdef Py_ssize_t header_size = 8 if implicit_vr else 12
    cdef list items
    cdef Py_ssize_t index, length
    if value is None:
        items = []
    elif isinstance(value, MultiValue):
        items = value._list
    else:
        return 0
    _resize(dst, start + header_size)
    for index in range(PyList_GET_SIZE(items)):
        if not _write_item(dst, <object>PyList_GET_ITEM(items, index), implicit_vr,
                           little_endian, charset_is_ascii, encodings):
            _resize(dst, start)
            return 0
    if undefined:
        length = _UNDEFINED_LENGTH
        _put_delimiter(dst, 0xE0DD, little_endian)
    else:
        length = PyByteArray_GET_SIZE(dst) - start - header_size
        if length >= _UNDEFINED_LENGTH:
            _resize(dst, start)
            return 0
    _put_header(<uint8_t*>PyByteArray_AS_STRING(dst) + start, tag, vr_key, True,
                <uint32_t>length, implicit_vr, little_endian)
    return 1


cdef int _write_held_sequence(bytearray dst, uint32_t tag, uint16_t vr_key, bytes value,
                              bint implicit_vr, bint little_endian) except -1:
    # A raw undefined-length sequence, its items' bytes as read: header,
    # items, sequence delimiter.
    cdef Py_ssize_t start = PyByteArray_GET_SIZE(dst)
    cdef Py_ssize_t header_size = 8 if implicit_vr else 12
    _resize(dst, start + header_size)
    _put_header(<uint8_t*>PyByteArray_AS_STRING(dst) + start, tag, vr_key, True,
                _UNDEFINED_LENGTH, implicit_vr, little_endian)
    _append(dst, PyBytes_AS_STRING(value), PyBytes_GET_SIZE(value))
    _put_delimiter(dst, 0xE0DD, little_endian)
    return 1


cdef int _write_element(bytearray dst, object elem, bint implicit_vr, bint little_endian,
                        bint charset_is_ascii, object encodings) except -1:
    # Append `elem` and return 1, or 0 (the buffer as it was) if it is left
    # to the Python writer.
    cdef uint16_t vr_key = 0
    cdef VRInfo info
    cdef bint raw = isinstance(elem, tuple)
    cdef Py_ssize_t start = PyByteArray_GET_SIZE(dst)
    cdef Py_ssize_t header_size, length
    cdef uint32_t tag
    cdef int empty
    cdef uint8_t* data
    if raw:
        if PyTuple_GET_SIZE(elem) < 4:
            return 0
        tag = _as_uint32(<object>PyTuple_GET_ITEM(elem, 0))
        if _is_retired_group_length(tag):
            return 1
        vr = <object>PyTuple_GET_ITEM(elem, 1)
        value = <object>PyTuple_GET_ITEM(elem, 3)
        # deferred values (None) and buffers other than bytes go the general
        # way, as do undefined lengths but that of a sequence held as bytes
        if type(value) is not bytes:
            return 0
        if _as_uint32(<object>PyTuple_GET_ITEM(elem, 2)) == _UNDEFINED_LENGTH:
            if _vr_of(vr, &vr_key) and vr_key == _SQ_KEY:
                return _write_held_sequence(dst, tag, vr_key, value, implicit_vr, little_endian)
            return 0
    else:
        tag = _as_uint32(elem.tag)
        if _is_retired_group_length(tag):
            return 1
        vr = elem.VR
        value = elem.value
        if _vr_of(vr, &vr_key) and vr_key == _SQ_KEY:
            return _write_sequence(dst, tag, vr_key, value, bool(elem.is_undefined_length),
                                   implicit_vr, little_endian, charset_is_ascii, encodings)
        if elem.is_undefined_length:
            return 0
    if not _vr_of(vr, &vr_key):
        if not (raw and implicit_vr and vr is None):
            return 0
        info = _vr_info(0)  # a raw element from implicit VR, written so
    else:
        info = _vr_info(vr_key)
        if info.item_size < 0 or (not raw and info.kind == V_GENERAL):
            return 0
    header_size = 12 if (info.long_length and not implicit_vr) else 8
    _resize(dst, start + header_size)
    if raw:
        _append(dst, PyBytes_AS_STRING(value), PyBytes_GET_SIZE(value))
    else:
        empty = _is_empty(value)
        if empty == 2:
            _resize(dst, start)
            return 0
        if not empty and not _put_value(dst, value, info, vr, little_endian, charset_is_ascii, encodings):
            _resize(dst, start)
            return 0
    length = PyByteArray_GET_SIZE(dst) - start - header_size
    if length > (0xFFFFFFFE if (implicit_vr or info.long_length) else 0xFFFF):
        # too long for the length field: the Python writer warns and
        # changes the VR to UN (PS3.5 6.2.2), or raises
        _resize(dst, start)
        return 0
    data = <uint8_t*>PyByteArray_AS_STRING(dst)
    _put_header(data + start, tag, vr_key, info.long_length, <uint32_t>length, implicit_vr, little_endian)
    return 1


def write_elements(
    bytearray dst not None,
    list elements not None,
    Py_ssize_t start,
    bint implicit_vr,
    bint little_endian,
    bint charset_is_ascii,
    object encodings,
) -> int:
    """Append encoded elements to `dst`, from ``elements[start]`` on.

    Parameters
    ----------
    dst : bytearray
        The output; it grows.
    elements : list
        ``RawDataElement`` or ``DataElement`` objects in tag order.
    start : int
        The index of the first element to write.
    implicit_vr, little_endian : bool
        The transfer syntax.
    charset_is_ascii : bool
        ``True`` if `encodings` encode ASCII text as ASCII bytes (a single
        codec of an ASCII-based character set), so that ASCII values of
        LO, LT, SH, ST, UC and UT are written as they are.
    encodings : list of str
        The Python codecs of the data set, given to ``PersonName.encode``.

    Returns
    -------
    int
        ``len(elements)`` when all were written; else the index of the
        first element left to the Python writers, everything in front of it
        written. Retired group lengths (gggg,0000) with gggg > 0006 are
        skipped (PS3.5 7.2).
    """
    cdef Py_ssize_t index, count = PyList_GET_SIZE(elements)
    if start < 0:
        raise ValueError(f"start must not be negative, not {start}")
    for index in range(start, count):
        if not _write_element(dst, <object>PyList_GET_ITEM(elements, index), implicit_vr,
                              little_endian, charset_is_ascii, encodings):
            return index
    return count


# -- tags -------------------------------------------------------------------

cdef struct TaggedItem:
    uint32_t tag
    PyObject* item


cdef int _compare_tags(const void* first, const void* second) noexcept nogil:
    cdef uint32_t a = (<const TaggedItem*>first).tag
    cdef uint32_t b = (<const TaggedItem*>second).tag
    return (a > b) - (a < b)


def sorted_elements(dict elements not None) -> list:
    """The values of `elements` (tag -> element) in ascending tag order.

    Raises
    ------
    TypeError, ValueError
        If a key is not an int in the range of tags.
    """
    cdef Py_ssize_t count = PyDict_Size(elements), position = 0, index = 0
    cdef PyObject* key
    cdef PyObject* value
    cdef bint in_order = True
    cdef list result
    cdef TaggedItem* items = <TaggedItem*>PyMem_Malloc(max(count, 1) * sizeof(TaggedItem))
    if items == NULL:
        raise MemoryError()
    try:
        while PyDict_Next(elements, &position, &key, &value):
            items[index].tag = _as_uint32(<object>key)
            items[index].item = value
            if index and items[index].tag < items[index - 1].tag:
                in_order = False
            index += 1
        if not in_order:
            qsort(items, count, sizeof(TaggedItem), _compare_tags)
        result = PyList_New(count)
        for index in range(count):
            Py_INCREF(<object>items[index].item)
            PyList_SET_ITEM(result, index, <object>items[index].item)
        return result
    finally:
        PyMem_Free(items)


def has_tag_between(dict elements not None, uint32_t first, uint32_t last) -> bool:
    """``True`` if a key of `elements` (tags) lies in ``[first, last]``."""
    cdef Py_ssize_t position = 0
    cdef PyObject* key
    cdef PyObject* value
    cdef uint32_t tag
    while PyDict_Next(elements, &position, &key, &value):
        tag = _as_uint32(<object>key)
        if first <= tag <= last:
            return True
    return False
