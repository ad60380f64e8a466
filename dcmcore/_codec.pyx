"""The value codec: encoded DICOM values to Python values and back.

Binary VRs (PS3.5 6.2): US SS UL SL UV SV FL FD AT are fixed-size numbers in
the byte order of the transfer syntax. Text VRs: values of a multi-valued
element are separated by backslashes (PS3.5 6.4) and padded to an even
length with a trailing space, or a NUL for UI (PS3.5 6.2, 9.1).

The kernels know nothing of datasets or configuration; :mod:`dcmcore.values`
and the writer apply pydicom's policies on top. See ``_codec.pyi`` for the
documented Python-level API and ``_codec.pxd`` for the C-level one.
"""

from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_FromStringAndSize, PyBytes_GET_SIZE
from cpython.float cimport PyFloat_AS_DOUBLE, PyFloat_Check
from cpython.list cimport PyList_New, PyList_SET_ITEM
from cpython.long cimport PyLong_AsDouble, PyLong_AsLongLongAndOverflow, PyLong_Check
from cpython.long cimport PyLong_AsUnsignedLongLong
from cpython.object cimport PyObject
from cpython.ref cimport Py_INCREF
from cpython.unicode cimport PyUnicode_AsLatin1String, PyUnicode_DecodeLatin1
from libc.math cimport isinf
from libc.stdint cimport int16_t, int32_t, int64_t, uint8_t, uint16_t, uint32_t, uint64_t
from libc.string cimport memchr, memcpy

from struct import pack as _struct_pack

from dcmcore.errors import BytesLengthException

cdef extern from "Python.h":
    # Borrowed reference, no checks: used on the shared int table only.
    PyObject* _list_get_borrowed "PyList_GET_ITEM"(object, Py_ssize_t)
    void _incref "Py_INCREF"(PyObject*)
    void _list_set_stolen "PyList_SET_ITEM"(object, Py_ssize_t, PyObject*)


STRIP_LEADING_WHITESPACE = 1
STRIP_TRAILING_WHITESPACE = 2
STRIP_TRAILING_PADDING = 4

#: The VRs with a 4-byte length field in explicit VR (PS3.5 Table 7.1-1).
LONG_LENGTH_VRS = frozenset(
    chr(0x41 + code // 26) + chr(0x41 + code % 26)
    for code in range(NR_VR_CODES) if is_long_length_vr(code)
)

#: VR -> the length limit its values are checked against by the C scanners
#: (a PN's is per component group); see _codec.pxd.
VALUE_LENGTH_LIMITS = {
    "DS": DS_MAX_LENGTH, "IS": IS_MAX_LENGTH, "UI": UI_MAX_LENGTH, "PN": PN_GROUP_MAX_LENGTH,
}


# Number kinds, ordered by item size: 2 bytes, then 4, then 8.
cdef enum:
    K_US = 0
    K_SS = 1
    K_UL = 2
    K_SL = 3
    K_FL = 4
    K_AT = 5
    K_UV = 6
    K_SV = 7
    K_FD = 8

# The struct module's format of each kind, named in length errors as pydicom
# names them.
cdef tuple _STRUCT_FORMATS = ("H", "h", "L", "l", "f", "HH", "Q", "q", "d")

# Shared int objects for every 16-bit value, -32768 to 65535, built on first
# use by a big US/SS value: filling a list from it costs an incref per value
# instead of an int allocation, which is what makes LUTs and other big 16-bit
# values several times faster to unpack (about 3.5 MB, kept for the process).
cdef list _int_table_16 = None
cdef Py_ssize_t _INT_TABLE_OFFSET = 32768
cdef Py_ssize_t _INT_TABLE_MIN_VALUES = 4096

cdef uint8_t _empty_byte = 0



cdef inline const uint8_t* _start(const uint8_t[::1] view) noexcept:
    # A valid address even for an empty buffer; kernels read `length` bytes.
    if view.shape[0] == 0:
        return &_empty_byte
    return &view[0]


cdef const uint8_t[::1] _as_buffer(object src):
    """The bytes of a C-contiguous buffer; TypeError for None (which a typed
    memoryview would otherwise accept as empty)."""
    if src is None:
        raise TypeError("a bytes-like object is required, not 'NoneType'")
    return src


cdef int _vr_kind(str vr) noexcept:
    """The number kind of `vr`, or -1 for a VR that is not fixed-size binary."""
    if vr is None or len(vr) != 2:
        return -1
    cdef Py_UCS4 first = vr[0]
    cdef Py_UCS4 second = vr[1]
    if second == u"S":
        if first == u"U":
            return K_US
        if first == u"S":
            return K_SS
    elif second == u"L":
        if first == u"U":
            return K_UL
        if first == u"S":
            return K_SL
        if first == u"F":
            return K_FL
    elif second == u"V":
        if first == u"U":
            return K_UV
        if first == u"S":
            return K_SV
    elif second == u"D":
        if first == u"F":
            return K_FD
    elif second == u"T":
        if first == u"A":
            return K_AT
    return -1


cdef inline Py_ssize_t _kind_size(int kind) noexcept nogil:
    if kind < K_UL:
        return 2
    if kind < K_UV:
        return 4
    return 8


cdef Py_ssize_t vr_item_size(str vr) noexcept:
    cdef int kind = _vr_kind(vr)
    if kind < 0:
        return 0
    return _kind_size(kind)


def item_size(str vr):
    return vr_item_size(vr)


cdef int _checked_kind(str vr) except -1:
    cdef int kind = _vr_kind(vr)
    if kind < 0:
        raise ValueError(f"Expected a fixed-size binary VR, got {vr!r}")
    return kind


cdef object _length_error(const uint8_t* src, Py_ssize_t length, int kind):
    cdef Py_ssize_t size = _kind_size(kind)
    shown = (
        repr(PyBytes_FromStringAndSize(<const char*>src, length))
        if length <= 256 else "bytes"
    )
    return BytesLengthException(
        "Expected total bytes to be an even multiple of bytes per value. "
        f"Instead received {shown} with length {length} and struct format "
        f"'{_STRUCT_FORMATS[kind]}' which corresponds to bytes per value "
        f"of {size}."
    )


# -- unpacking --------------------------------------------------------------

cdef inline object _box(const uint8_t* src, int kind, bint little_endian):
    """The Python value of the one item at `src`."""
    cdef uint32_t bits32
    cdef uint64_t bits64
    cdef float single
    cdef double double_
    if kind == K_US:
        return read_u16(src, little_endian)
    if kind == K_SS:
        return <int16_t>read_u16(src, little_endian)
    if kind == K_UL:
        return read_u32(src, little_endian)
    if kind == K_SL:
        return <int32_t>read_u32(src, little_endian)
    if kind == K_FL:
        bits32 = read_u32(src, little_endian)
        memcpy(&single, &bits32, 4)
        return <double>single
    if kind == K_AT:
        # PS3.5 6.2: a tag is a group number followed by an element number.
        return ((<uint32_t>read_u16(src, little_endian) << 16)
                | read_u16(src + 2, little_endian))
    if kind == K_UV:
        return read_u64(src, little_endian)
    if kind == K_SV:
        return <int64_t>read_u64(src, little_endian)
    bits64 = read_u64(src, little_endian)
    memcpy(&double_, &bits64, 8)
    return double_


cdef list _int_table():
    global _int_table_16
    if _int_table_16 is None:
        _int_table_16 = list(range(-_INT_TABLE_OFFSET, 65536))
    return _int_table_16


cdef object unpack_numbers_ptr(const uint8_t* src, Py_ssize_t length, str vr,
                               bint little_endian):
    cdef int kind = _checked_kind(vr)
    cdef Py_ssize_t size = _kind_size(kind)
    if length < 0 or length % size:
        raise _length_error(src, length, kind)
    cdef Py_ssize_t count = length // size
    if count == 1:
        return _box(src, kind, little_endian)
    cdef list values = PyList_New(count)
    cdef Py_ssize_t index
    cdef Py_ssize_t table_index
    cdef list table
    cdef object item
    if kind <= K_SS and (count >= _INT_TABLE_MIN_VALUES or _int_table_16 is not None):
        table = _int_table()
        for index in range(count):
            if kind == K_US:
                table_index = read_u16(src + 2 * index, little_endian)
            else:
                table_index = <int16_t>read_u16(src + 2 * index, little_endian)
            table_index += _INT_TABLE_OFFSET
            _incref(_list_get_borrowed(table, table_index))
            _list_set_stolen(values, index, _list_get_borrowed(table, table_index))
        return values
    for index in range(count):
        item = _box(src + index * size, kind, little_endian)
        Py_INCREF(item)
        PyList_SET_ITEM(values, index, item)
    return values


def unpack_numbers(object src, str vr, bint little_endian):
    if type(src) is bytes:  # skips the buffer acquisition, most of a small call
        return unpack_numbers_ptr(<const uint8_t*>PyBytes_AS_STRING(src),
                                  PyBytes_GET_SIZE(src), vr, little_endian)
    cdef const uint8_t[::1] view = _as_buffer(src)
    return unpack_numbers_ptr(_start(view), view.shape[0], vr, little_endian)


# NumPy dtype of each kind; AT is read as pairs of uint16.
cdef tuple _DTYPE_CODES = ("u2", "i2", "u4", "i4", "f4", "u2", "u8", "i8", "f8")


def unpack_array(object src, str vr, bint little_endian):
    # Timed against a Cython loop (STYLE rule 7): np.frombuffer is a view and
    # astype() of the swapped dtype copies at memory speed, so NumPy does it.
    cdef int kind = _checked_kind(vr)
    cdef const uint8_t[::1] view = _as_buffer(src)
    cdef Py_ssize_t length = view.shape[0]
    if length % _kind_size(kind):
        raise _length_error(_start(view), length, kind)
    # NumPy on first use: importing dcmcore does not import it
    import numpy

    order = "<" if little_endian else ">"
    dtype = numpy.dtype(order + _DTYPE_CODES[kind])
    values = numpy.frombuffer(src, dtype=dtype)
    if kind == K_AT:
        pairs = values.reshape(-1, 2).astype(numpy.uint32)
        return (pairs[:, 0] << 16) | pairs[:, 1]
    if not dtype.isnative:
        values = values.astype(dtype.newbyteorder("="))
    return values


# -- packing ----------------------------------------------------------------

cdef int _store_fast(uint8_t* dst, object value, int kind, bint little_endian) except -1:
    """Store `value` at `dst`: 1 if done, 0 if it needs struct's checks."""
    cdef long long signed_value
    cdef unsigned long long unsigned_value
    cdef int overflow = 0
    cdef double double_
    cdef float single
    cdef uint32_t bits32
    cdef uint64_t bits64
    if kind == K_FL or kind == K_FD:
        if PyFloat_Check(value):
            double_ = PyFloat_AS_DOUBLE(value)
        elif PyLong_Check(value):
            try:
                double_ = PyLong_AsDouble(value)
            except OverflowError:
                return 0
        else:
            return 0
        if kind == K_FD:
            memcpy(&bits64, &double_, 8)
            write_u64(dst, bits64, little_endian)
            return 1
        single = <float>double_
        if isinf(single) and not isinf(double_):
            return 0  # struct raises OverflowError for this
        memcpy(&bits32, &single, 4)
        write_u32(dst, bits32, little_endian)
        return 1

    if not PyLong_Check(value):
        return 0
    signed_value = PyLong_AsLongLongAndOverflow(value, &overflow)
    if overflow:
        if kind != K_UV or overflow < 0:
            return 0
        try:
            unsigned_value = PyLong_AsUnsignedLongLong(value)
        except OverflowError:
            return 0
        write_u64(dst, unsigned_value, little_endian)
        return 1
    if kind == K_US:
        if not 0 <= signed_value <= 0xFFFF:
            return 0
        write_u16(dst, <uint16_t>signed_value, little_endian)
    elif kind == K_SS:
        if not -0x8000 <= signed_value <= 0x7FFF:
            return 0
        write_u16(dst, <uint16_t>signed_value, little_endian)
    elif kind == K_UL:
        if not 0 <= signed_value <= 0xFFFFFFFF:
            return 0
        write_u32(dst, <uint32_t>signed_value, little_endian)
    elif kind == K_SL:
        if not -0x80000000 <= signed_value <= 0x7FFFFFFF:
            return 0
        write_u32(dst, <uint32_t>signed_value, little_endian)
    elif kind == K_AT:
        if not 0 <= signed_value <= 0xFFFFFFFF:
            return 0
        write_u16(dst, <uint16_t>(signed_value >> 16), little_endian)
        write_u16(dst + 2, <uint16_t>signed_value, little_endian)
    elif kind == K_UV:
        if signed_value < 0:
            return 0
        write_u64(dst, <uint64_t>signed_value, little_endian)
    else:  # K_SV: every long long fits
        write_u64(dst, <uint64_t>signed_value, little_endian)
    return 1


cdef int _store_checked(uint8_t* dst, object value, int kind, bint little_endian) except -1:
    """Store a value the fast path refused, with struct.pack's checks and errors."""
    if kind == K_AT:
        if not PyLong_Check(value):
            raise TypeError(
                f"An AT value must be an int tag, not '{type(value).__name__}'"
            )
        raise OverflowError(f"AT value {value!r} is outside 0 to 0xFFFFFFFF")
    fmt = ("<" if little_endian else ">") + _STRUCT_FORMATS[kind]
    cdef bytes packed = _struct_pack(fmt, value)
    memcpy(dst, PyBytes_AS_STRING(packed), _kind_size(kind))
    return 0


def pack_numbers(object values, str vr, bint little_endian):
    cdef int kind = _checked_kind(vr)
    if values is None or (isinstance(values, str) and not values):
        return b""
    cdef Py_ssize_t size = _kind_size(kind)
    cdef object items
    if PyLong_Check(values) or PyFloat_Check(values) or isinstance(values, (str, bytes)):
        items = (values,)
    elif isinstance(values, (list, tuple)):
        items = values
    else:
        try:
            items = list(values)
        except TypeError:  # a scalar such as numpy.float32(1.5)
            items = (values,)
    cdef Py_ssize_t count = len(items)
    cdef bytes encoded = PyBytes_FromStringAndSize(NULL, count * size)
    cdef uint8_t* dst = <uint8_t*>PyBytes_AS_STRING(encoded)
    cdef Py_ssize_t index
    for index in range(count):
        value = items[index]
        if not _store_fast(dst + index * size, value, kind, little_endian):
            _store_checked(dst + index * size, value, kind, little_endian)
    return encoded


# -- text -------------------------------------------------------------------

cdef Py_ssize_t _count_byte(const uint8_t* src, Py_ssize_t length, uint8_t byte) noexcept nogil:
    cdef Py_ssize_t count = 0
    cdef const uint8_t* cursor = src
    cdef const uint8_t* found
    while cursor < src + length:
        found = <const uint8_t*>memchr(cursor, byte, (src + length) - cursor)
        if found == NULL:
            break
        count += 1
        cursor = found + 1
    return count


cdef inline str _latin1(const uint8_t* src, Py_ssize_t start, Py_ssize_t end):
    return PyUnicode_DecodeLatin1(<const char*>(src + start), end - start, NULL)


cdef object split_text_ptr(const uint8_t* src, Py_ssize_t length,
                           int whole_strip, int item_strip, bint split=True):
    if length < 0:
        raise ValueError(f"Negative text length {length}")
    cdef Py_ssize_t start = 0
    cdef Py_ssize_t end = length
    cdef Py_ssize_t item_start
    cdef Py_ssize_t item_end
    cdef Py_ssize_t count = 0
    cdef Py_ssize_t index
    cdef const uint8_t* found
    strip_bytes(src, &start, &end, whole_strip)
    if split:
        # Release the GIL only where the scan outweighs the cost of doing so.
        if end - start > 4096:
            with nogil:
                count = _count_byte(src + start, end - start, 0x5C)
        else:
            count = _count_byte(src + start, end - start, 0x5C)
    if count == 0:
        strip_bytes(src, &start, &end, item_strip)
        return _latin1(src, start, end)
    cdef list values = PyList_New(count + 1)
    cdef object item
    item_start = start
    for index in range(count + 1):
        if index < count:
            found = <const uint8_t*>memchr(src + item_start, 0x5C, end - item_start)
            if found == NULL:
                # only a buffer written to by another thread meanwhile
                raise ValueError("The text buffer changed while it was being split")
            item_end = found - src
        else:
            item_end = end
        strip_bytes(src, &item_start, &item_end, item_strip)
        item = _latin1(src, item_start, item_end)
        Py_INCREF(item)
        PyList_SET_ITEM(values, index, item)
        if index < count:
            item_start = (found - src) + 1
    return values


cdef object _strip_str(str text, int flags):
    if flags & LSTRIP_WS:
        text = text.lstrip()
    if flags & RSTRIP_WS:
        text = text.rstrip()
    if flags & RSTRIP_PAD:
        text = text.rstrip("\0 ")
    return text


def split_text(object src, int whole_strip=STRIP_TRAILING_PADDING, int item_strip=0,
               bint split=True):
    cdef const uint8_t[::1] view
    cdef str text
    if isinstance(src, str):
        text = _strip_str(<str>src, whole_strip)
        if split and "\\" in text:
            return [_strip_str(item, item_strip) for item in text.split("\\")]
        return _strip_str(text, item_strip)
    if type(src) is bytes:
        return split_text_ptr(<const uint8_t*>PyBytes_AS_STRING(src), PyBytes_GET_SIZE(src),
                              whole_strip, item_strip, split)
    view = _as_buffer(src)
    return split_text_ptr(_start(view), view.shape[0], whole_strip, item_strip, split)


cdef bytes _with_pad(bytes encoded, uint8_t pad):
    cdef Py_ssize_t length = len(encoded)
    if not length % 2:
        return encoded
    cdef bytes padded = PyBytes_FromStringAndSize(NULL, length + 1)
    cdef char* dst = PyBytes_AS_STRING(padded)
    memcpy(dst, PyBytes_AS_STRING(encoded), length)
    dst[length] = <char>pad
    return padded


def encode_text(object value, uint8_t pad=0x20):
    cdef str text = value if isinstance(value, str) else "\\".join(value)
    return _with_pad(PyUnicode_AsLatin1String(text), pad)


def pad_even(const uint8_t[::1] src not None, uint8_t pad):
    cdef Py_ssize_t length = src.shape[0]
    cdef bytes padded = PyBytes_FromStringAndSize(NULL, length + (length % 2))
    cdef char* dst = PyBytes_AS_STRING(padded)
    if length:
        memcpy(dst, &src[0], length)
    if length % 2:
        dst[length] = <char>pad
    return padded
