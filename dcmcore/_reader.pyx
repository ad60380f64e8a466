"""The Cython tokenizer of DICOM data sets held in a buffer.

A :class:`Tokenizer` walks the data elements of PS3.5 chapter 7 in a buffer
(``bytes``, ``bytearray``, ``mmap`` or a read-only array) and hands back
what pydicom's reader builds: a ``dict`` of interned
:class:`~dcmcore.tag.BaseTag` to ``RawDataElement`` (the value still as
bytes), undefined-length sequences as ``DataElement`` objects holding item
datasets. The Python objects (``RawDataElement``, datasets, sequence
elements, the character set decoding) are made by the factories it is given,
so that this module knows nothing of the data model or of the settings.

Every length read from the buffer is checked against the bytes that remain
before it is used, so that a corrupt file raises an exception with the tag
and the byte offset instead of reading out of bounds; values are copied out
of the buffer only once they are known to fit.
"""

from cpython.buffer cimport PyBUF_SIMPLE, PyBuffer_Release, PyObject_GetBuffer
from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_FromStringAndSize
from cpython.dict cimport PyDict_GetItem, PyDict_SetItem
from cpython.object cimport PyObject, PyTypeObject
from cpython.ref cimport Py_INCREF
from cpython.tuple cimport PyTuple_SET_ITEM
from libc.stdint cimport uint8_t, uint16_t, uint32_t
from libc.string cimport memchr, memcpy

from dcmcore._codec cimport is_long_length_vr, letters_code, NR_VR_CODES, read_u16, read_u32

import logging
import sys
import warnings
from struct import error as StructError

from dcmcore.errors import InvalidDicomError
from dcmcore.tag import _cache as _tag_cache, _intern

cdef extern from "Python.h":
    void PyObject_GC_UnTrack(object op)
    # Allocates an instance of a tuple subtype with room for `nitems` items
    # (a new reference, items NULL).
    object PyType_GenericAlloc(PyTypeObject* type, Py_ssize_t nitems)
    int PY_VERSION_HEX

_logger = logging.getLogger("dcmcore")

# PS3.5 7.1.1: a length of 0xFFFFFFFF means "undefined, ends at a delimiter".
cdef uint32_t UNDEFINED_LENGTH = 0xFFFFFFFF
cdef uint32_t ITEM_TAG = 0xFFFEE000
cdef uint32_t ITEM_DELIMITER_TAG = 0xFFFEE00D
cdef uint32_t SEQUENCE_DELIMITER_TAG = 0xFFFEE0DD
cdef uint32_t CHARSET_TAG = 0x00080005

# Sequences nested deeper than this are refused: real data sets nest a few
# levels, and a crafted file must not exhaust the C stack.
cdef int MAX_NESTING = 200

# Values at least this long are copied out of the buffer without the GIL.
cdef Py_ssize_t _NOGIL_COPY_SIZE = 1 << 16

# How :meth:`Tokenizer.read_dataset` decides where to stop, and what
# :meth:`Tokenizer.next_element` found: C constants, compared without a
# look-up of a module global, with the Python names below.
cdef enum:
    _STOP_NEVER = 0
    _STOP_AT_PIXEL_DATA = 1   # at (7FE0,0008), (7FE0,0009) or (7FE0,0010)
    _STOP_OUTSIDE_GROUP = 2   # at the first tag outside the group `stop_arg`
    _STOP_CALLBACK = 3        # when stop_arg(tag, VR, length) is true

cdef enum:
    _FOUND_ELEMENT = 0
    _FOUND_SKIPPED = 1        # an element left out by `specific_tags`
    _FOUND_END = 2            # fewer than 8 bytes left: the data set ends
    _FOUND_STOP = 3           # the stop condition matched; position is unchanged
    _FOUND_NO_DELIMITER = 4   # an undefined-length value never ends

STOP_NEVER = _STOP_NEVER
STOP_AT_PIXEL_DATA = _STOP_AT_PIXEL_DATA
STOP_OUTSIDE_GROUP = _STOP_OUTSIDE_GROUP
STOP_CALLBACK = _STOP_CALLBACK
FOUND_ELEMENT = _FOUND_ELEMENT
FOUND_SKIPPED = _FOUND_SKIPPED
FOUND_END = _FOUND_END
FOUND_STOP = _FOUND_STOP
FOUND_NO_DELIMITER = _FOUND_NO_DELIMITER


class TruncatedDataError(EOFError, OSError):
    """The data ends inside an element, an item or a sequence.

    An :class:`EOFError` (a value runs past the end of the data) that is also
    the :class:`OSError` pydicom raises when a sequence has no next item.
    """




cdef list _VR_NAMES = [None] * NR_VR_CODES
cdef bint _EMPTY_IS_BYTES[NR_VR_CODES]  # an empty value is b'' rather than None

cdef void _init_vr_tables():
    cdef int code
    cdef str name
    for code in range(NR_VR_CODES):
        # interned, as the VR literals of the other modules are: comparing
        # with them is then a pointer comparison
        name = sys.intern(chr(0x41 + code // 26) + chr(0x41 + code % 26))
        _VR_NAMES[code] = name
        # pydicom keeps b'' for the text VRs (except DS and IS, which read as
        # numbers) and for SQ, None for the others.
        _EMPTY_IS_BYTES[code] = name in (
            "AE", "AS", "CS", "DA", "DT", "TM", "UI", "UR", "LO", "LT", "PN",
            "SH", "ST", "UC", "UT", "SQ",
        )

_init_vr_tables()

cdef int _SQ_CODE = letters_code(0x53, 0x51)
cdef int _UN_CODE = letters_code(0x55, 0x4E)


# The shared BaseTag of each tag value met, in an open-addressing C table in
# front of the tag module's cache: a file's elements look their tags up here
# without making a Python int for the dict look-up. Entries hold a reference
# and stay for the life of the process; a full table only means more
# look-ups in the tag module's cache.
cdef enum:
    _TAG_TABLE_BITS = 12
    _TAG_TABLE_SIZE = 1 << _TAG_TABLE_BITS
    _TAG_TABLE_PROBES = 8
cdef uint32_t _tag_values[_TAG_TABLE_SIZE]
cdef PyObject* _tag_objects[_TAG_TABLE_SIZE]


cdef inline object _tag_object(uint32_t value):
    """The shared BaseTag for `value` (the tag module's cache, else _intern)."""
    cdef uint32_t slot = (value * <uint32_t>2654435761) >> (32 - _TAG_TABLE_BITS)
    cdef int probe
    for probe in range(_TAG_TABLE_PROBES):
        if _tag_objects[slot] == NULL:
            return _remember_tag(value, slot)
        if _tag_values[slot] == value:
            return <object>_tag_objects[slot]
        slot = (slot + 1) & (_TAG_TABLE_SIZE - 1)
    return _shared_tag(value)


cdef object _shared_tag(uint32_t value):
    cdef object key = value
    cdef PyObject* found = PyDict_GetItem(_tag_cache, key)
    if found is not NULL:
        return <object>found
    return _intern(key)


cdef object _remember_tag(uint32_t value, uint32_t slot):
    tag = _shared_tag(value)
    Py_INCREF(tag)
    _tag_values[slot] = value
    _tag_objects[slot] = <PyObject*>tag
    return tag


cdef inline bint _explicit_vr_is_valid(uint8_t c0, uint8_t c1) noexcept nogil:
    # pydicom's test b'AA' <= vr <= b'ZZ', a comparison of byte strings.
    if c0 < 0x41 or c0 > 0x5A:
        return False
    if c0 == 0x41:
        return c1 >= 0x41
    if c0 == 0x5A:
        return c1 <= 0x5A
    return True


cdef inline str _vr_name(uint8_t c0, uint8_t c1):
    cdef int code = letters_code(c0, c1)
    if code >= 0:
        return <str>_VR_NAMES[code]
    return bytes((c0, c1)).decode("latin-1")


cdef inline bint _is_pixel_data_tag(uint32_t tag) noexcept nogil:
    # (7FE0,0010) Pixel Data, (7FE0,0009) Double and (7FE0,0008) Float Pixel Data
    return tag == 0x7FE00010 or tag == 0x7FE00009 or tag == 0x7FE00008


#: The pixel data tags, where ``stop_before_pixels`` stops.
PIXEL_DATA_TAGS = frozenset(tag for tag in range(0x7FE00000, 0x7FE00100) if _is_pixel_data_tag(tag))


cdef inline void _set_field(object result, Py_ssize_t index, object value) noexcept:
    # fill field `index` of the new tuple `result` (which takes a reference)
    Py_INCREF(value)
    PyTuple_SET_ITEM(result, index, value)


cdef str _hex_tag(uint32_t tag):
    return f"({tag >> 16:04x}, {tag & 0xFFFF:04x})"


cdef class Tokenizer:
    """Read data elements, items and sequences from one buffer.

    Parameters
    ----------
    src : buffer
        The encoded data: ``bytes``, ``bytearray``, ``mmap``, ``memoryview``.
    tell_base : int
        The file position of ``src[0]``; element positions are reported as
        ``tell_base`` plus their index in `src`, as ``fp.tell()`` would.
    raw_type : type
        The ``RawDataElement`` named tuple to build raw elements of.
    new_item : callable
        ``new_item(elements, is_implicit_VR, is_little_endian, encoding,
        is_undefined_length, seq_item_tell)`` returns the Dataset of one
        sequence item.
    new_sequence : callable
        ``new_sequence(tag, VR, items, value_tell, is_undefined_length)``
        returns the DataElement of a sequence read in full.
    charset_encoding : callable
        Returns the Python encodings for a raw (0008,0005) value.
    dictionary_vr : callable
        Returns the dictionary VR of a tag, ``None`` if it has none.

    The other parameters are keyword-only.

    filename : str
        Names the data in warnings.
    empty_text_is_none : bool
        ``True`` to give empty text values as ``None`` (pydicom's
        ``use_none_as_empty_text_VR_value``).
    infer_sq_for_un : bool
        ``True`` to read undefined-length UN elements as sequences.
    replace_un : bool
        ``True`` to look up the dictionary VR of undefined-length UN elements.
    implicit_switch : bool
        ``True`` to read an explicit VR element whose VR is not two letters
        as implicit VR (pydicom's ``assume_implicit_vr_switch``).
    raise_on_invalid : bool
        ``True`` to raise rather than warn on a VR style that differs from the
        expected one and on an undefined-length value without delimiter.
    value_reader : callable, optional
        ``value_reader(position, length)`` returns the bytes of a value of at
        least `large_value_size` bytes, e.g. read straight from the file so
        that a memory-mapped source is never paged in for it.
    large_value_size : int, optional
        See `value_reader`.
    inferred_sq_vr : str, optional
        The VR given to an undefined-length element found to be a sequence
        although not written as SQ (pydicom gives its ``VR.SQ`` member).
    keep_truncated : bool, optional
        ``True`` to give a value that runs past the end of the data as the
        bytes that remain, as pydicom does, instead of raising
        :class:`TruncatedDataError`.
    hold_sequence_size : int, optional
        An undefined-length sequence whose items take at least this many
        bytes is given as a raw element of length ``0xFFFFFFFF`` holding the
        bytes of its items (without the delimiter), to be read with
        :meth:`read_sequence_value` when needed, instead of being read at
        once; only if it is well formed, else it is read at once. Negative
        (the default) to read every sequence at once.
    """

    # the buffer of `src`, held until the tokenizer goes (a Py_buffer costs
    # far less to take than a typed memoryview, and a tokenizer is made for
    # every sequence value read)
    cdef Py_buffer view
    cdef bint has_view
    cdef const uint8_t* data
    cdef readonly Py_ssize_t size
    cdef readonly Py_ssize_t tell_base
    cdef object raw_type
    cdef object new_item
    cdef object new_sequence
    cdef object charset_encoding
    cdef object dictionary_vr
    cdef object filename
    cdef bint empty_text_is_none
    cdef bint infer_sq_for_un
    cdef bint replace_un
    cdef bint implicit_switch
    cdef bint raise_on_invalid
    cdef object value_reader
    cdef Py_ssize_t large_value_size
    cdef bint fast_alloc
    cdef Py_ssize_t raw_fields
    cdef object inferred_sq_vr
    cdef bint keep_truncated
    # Set by _undefined_value_end: the value's length, and the bytes pydicom
    # counts on top of it when it compares with defer_size (4 when the value
    # was walked as fragments, 0 when found by a scan).
    cdef Py_ssize_t _delimited_length
    cdef Py_ssize_t _defer_slack
    # The tag of the element _next returned last (set after any nested read).
    cdef uint32_t _last_tag
    cdef object _last_tag_obj
    cdef Py_ssize_t hold_sequence_size
    # Set by _undefined_length_vr: the element is a sequence.
    cdef bint _vr_is_sequence

    def __init__(
        self,
        src,
        Py_ssize_t tell_base,
        raw_type,
        new_item,
        new_sequence,
        charset_encoding,
        dictionary_vr,
        *,
        filename="<no filename>",
        bint empty_text_is_none=False,
        bint infer_sq_for_un=True,
        bint replace_un=True,
        bint implicit_switch=True,
        bint raise_on_invalid=False,
        value_reader=None,
        Py_ssize_t large_value_size=1 << 20,
        inferred_sq_vr="SQ",
        bint keep_truncated=False,
        Py_ssize_t hold_sequence_size=-1,
    ):
        if src is None:
            raise TypeError("Tokenizer needs a buffer, not None")
        if self.has_view:
            raise TypeError("Tokenizer is already initialised")
        PyObject_GetBuffer(src, &self.view, PyBUF_SIMPLE)
        self.has_view = True
        self.size = self.view.len
        self.data = <const uint8_t*>self.view.buf if self.size > 0 else NULL
        if tell_base < 0:
            raise ValueError("tell_base must not be negative")
        self.tell_base = tell_base
        self.raw_type = raw_type
        self.new_item = new_item
        self.new_sequence = new_sequence
        self.charset_encoding = charset_encoding
        self.dictionary_vr = dictionary_vr
        self.filename = filename
        self.empty_text_is_none = empty_text_is_none
        self.infer_sq_for_un = infer_sq_for_un
        self.replace_un = replace_un
        self.implicit_switch = implicit_switch
        self.raise_on_invalid = raise_on_invalid
        self.value_reader = value_reader
        self.large_value_size = large_value_size if large_value_size > 0 else 1
        self.inferred_sq_vr = inferred_sq_vr
        self.keep_truncated = keep_truncated
        self.hold_sequence_size = hold_sequence_size
        # Allocating the tuple subtype directly skips the temporary tuple of
        # tuple.__new__; Python 3.14 added a cached hash field to tuples that
        # only the tuple constructors initialise, so there use the constructor.
        # pydicom 2.4's RawDataElement has 8 fields; a 9th,
        # is_undefined_length, is filled with False if the type has it.
        self.raw_fields = len(getattr(raw_type, "_fields", ()))
        if self.raw_fields not in (8, 9):
            raise TypeError("raw_type must be a named tuple of 8 or 9 fields")
        self.fast_alloc = (
            PY_VERSION_HEX < 0x030E0000
            and isinstance(raw_type, type)
            and issubclass(raw_type, tuple)
            and raw_type is not tuple
            and raw_type.__basicsize__ == tuple.__basicsize__
            and raw_type.__itemsize__ == tuple.__itemsize__
        )

    cdef Tokenizer _derive(self, object src, Py_ssize_t tell_base):
        """A tokenizer over `src` with the settings of this one (cheaper to
        make than through __init__: one is made for every sequence value
        read)."""
        cdef Tokenizer other = Tokenizer.__new__(Tokenizer)
        PyObject_GetBuffer(src, &other.view, PyBUF_SIMPLE)
        other.has_view = True
        other.size = other.view.len
        other.data = <const uint8_t*>other.view.buf if other.size > 0 else NULL
        other.tell_base = tell_base
        other.raw_type = self.raw_type
        other.new_item = self.new_item
        other.new_sequence = self.new_sequence
        other.charset_encoding = self.charset_encoding
        other.dictionary_vr = self.dictionary_vr
        other.filename = self.filename
        other.empty_text_is_none = self.empty_text_is_none
        other.infer_sq_for_un = self.infer_sq_for_un
        other.replace_un = self.replace_un
        other.implicit_switch = self.implicit_switch
        other.raise_on_invalid = self.raise_on_invalid
        other.value_reader = None  # positions in `src` are not the file's
        other.large_value_size = self.large_value_size
        other.inferred_sq_vr = self.inferred_sq_vr
        other.keep_truncated = self.keep_truncated
        other.hold_sequence_size = self.hold_sequence_size
        other.raw_fields = self.raw_fields
        other.fast_alloc = self.fast_alloc
        return other

    def __dealloc__(self):
        if self.has_view:
            PyBuffer_Release(&self.view)

    # -- small pieces --------------------------------------------------------

    cdef inline object _raw(
        self, object tag, object vr, uint32_t length, object value,
        Py_ssize_t value_pos, bint implicit, bint little,
    ):
        # An is_undefined_length field stays False: pydicom's reader leaves it
        # to the conversion, which reads it from the length.
        cdef object value_tell = value_pos + self.tell_base
        cdef object result
        cdef object length_obj = length
        cdef object implicit_obj = True if implicit else False
        cdef object little_obj = True if little else False
        if not self.fast_alloc:
            fields = (tag, vr, length_obj, value, value_tell, implicit_obj, little_obj, True, False)
            return tuple.__new__(self.raw_type, fields[:self.raw_fields])
        result = PyType_GenericAlloc(<PyTypeObject*>self.raw_type, self.raw_fields)
        _set_field(result, 0, tag)
        _set_field(result, 1, vr)
        _set_field(result, 2, length_obj)
        _set_field(result, 3, value)
        _set_field(result, 4, value_tell)
        _set_field(result, 5, implicit_obj)
        _set_field(result, 6, little_obj)
        _set_field(result, 7, True)
        if self.raw_fields == 9:
            _set_field(result, 8, False)
        # a tuple of numbers, strings and bytes is in no reference cycle: the
        # garbage collector would untrack it on its first pass, at a cost
        PyObject_GC_UnTrack(result)
        return result

    cdef inline object _value(self, Py_ssize_t pos, Py_ssize_t length):
        """The bytes of a value known to lie inside the buffer."""
        if self.value_reader is not None and length >= self.large_value_size:
            value = self.value_reader(pos + self.tell_base, length)
            if type(value) is not bytes or len(value) != length:
                raise TruncatedDataError(
                    f"Read {len(value)} of the {length} bytes of the value at "
                    f"offset {pos + self.tell_base}"
                )
            return value
        if length < _NOGIL_COPY_SIZE:
            return PyBytes_FromStringAndSize(<const char*>(self.data + pos), length)
        # a big value (the pixel data) is copied without the GIL, so that
        # files read in other threads go on meanwhile
        value = PyBytes_FromStringAndSize(NULL, length)
        cdef char* target = PyBytes_AS_STRING(value)
        with nogil:
            memcpy(target, self.data + pos, length)
        return value

    cdef inline uint32_t _tag_at(self, Py_ssize_t pos, bint little) noexcept nogil:
        return ((<uint32_t>read_u16(self.data + pos, little) << 16)
                | read_u16(self.data + pos + 2, little))

    cdef object _empty_value(self, int vr_code):
        if vr_code == _SQ_CODE:
            return b""
        if self.empty_text_is_none:
            return None
        if vr_code >= 0 and _EMPTY_IS_BYTES[vr_code]:
            return b""
        return None

    cdef bint _stops(self, int stop_mode, object stop_arg, uint32_t tag,
                     object vr, uint32_t length) except -1:
        if stop_mode == _STOP_AT_PIXEL_DATA:
            return _is_pixel_data_tag(tag)
        if stop_mode == _STOP_OUTSIDE_GROUP:
            return (tag >> 16) != <uint32_t>stop_arg
        if stop_mode == _STOP_CALLBACK:
            return bool(stop_arg(_tag_object(tag), vr, length))
        return False

    # -- the VR style of a data set (pydicom's _is_implicit_vr) --------------

    cpdef bint detect_implicit(
        self, Py_ssize_t pos, bint implicit_assumed, bint little,
        bint is_sequence, int stop_mode=_STOP_NEVER, object stop_arg=None,
    ) except -1:
        """Return ``True`` if the data set at `pos` is implicit VR.

        The first element's VR bytes decide; a style other than the assumed
        one warns (or raises :class:`InvalidDicomError`), except inside
        sequences, where implicit VR items are allowed (PS3.5 6.2.2).
        """
        cdef uint8_t c0, c1
        cdef bint found_implicit
        cdef uint32_t tag
        if is_sequence and implicit_assumed:
            return True
        if pos < 0 or self.size - pos < 6:
            return implicit_assumed
        c0 = self.data[pos + 4]
        c1 = self.data[pos + 5]
        found_implicit = not (0x40 < c0 < 0x5B and 0x40 < c1 < 0x5B)
        if found_implicit == implicit_assumed:
            return found_implicit
        tag = self._tag_at(pos, little)
        if self._stops(stop_mode, stop_arg, tag, _vr_name(c0, c1), 0):
            return found_implicit
        if found_implicit and is_sequence:
            return True
        found = "implicit" if found_implicit else "explicit"
        expected = "explicit" if found_implicit else "implicit"
        msg = f"Expected {expected} VR, but found {found} VR"
        if self.raise_on_invalid:
            raise InvalidDicomError(msg)
        warnings.warn(f"{msg} - using {found} VR for reading", UserWarning)
        return found_implicit

    # -- one element ---------------------------------------------------------

    cdef object _next(
        self, Py_ssize_t* pos_ptr, bint implicit, bint little, object encoding,
        int stop_mode, object stop_arg, Py_ssize_t defer_size,
        object specific_tags, int depth, int* found,
    ):
        """Read the element at pos_ptr[0] and advance pos_ptr[0] past it.

        Sets found[0] to a FOUND_* code and returns the element for
        FOUND_ELEMENT, else None. FOUND_STOP leaves the position unchanged,
        FOUND_NO_DELIMITER sets it to the start of the unterminated value.
        """
        cdef Py_ssize_t pos = pos_ptr[0]
        cdef Py_ssize_t value_pos, value_end
        cdef const uint8_t* p
        cdef uint32_t tag, length
        cdef uint8_t c0, c1
        cdef int vr_code = -1
        cdef object vr = None
        cdef object tag_obj, value

        if pos < 0 or self.size - pos < 8:
            found[0] = _FOUND_END
            return None
        p = self.data + pos
        tag = self._tag_at(pos, little)
        value_pos = pos + 8
        if implicit:
            length = read_u32(p + 4, little)
        else:
            c0 = p[4]
            c1 = p[5]
            if not _explicit_vr_is_valid(c0, c1) and self.implicit_switch:
                # Some writers switch to implicit VR inside sequences
                length = read_u32(p + 4, little)
            else:
                vr_code = letters_code(c0, c1)
                vr = _vr_name(c0, c1)
                if is_long_length_vr(vr_code):
                    if self.size - pos < 12:
                        # pydicom's struct.unpack fails here: same type
                        raise StructError(
                            f"The data ends inside the header of the element "
                            f"with tag {_hex_tag(tag)} at offset "
                            f"{pos + self.tell_base}"
                        )
                    length = read_u32(p + 8, little)
                    value_pos = pos + 12
                else:
                    length = read_u16(p + 6, little)

        if stop_mode != _STOP_NEVER and (
            _is_pixel_data_tag(tag) if stop_mode == _STOP_AT_PIXEL_DATA
            else self._stops(stop_mode, stop_arg, tag, vr, length)
        ):
            found[0] = _FOUND_STOP
            return None

        tag_obj = _tag_object(tag)

        if length != UNDEFINED_LENGTH:
            value_end = value_pos + <Py_ssize_t>length
            if value_end > self.size:
                if not self.keep_truncated:
                    raise TruncatedDataError(
                        f"The value of the element with tag {_hex_tag(tag)} at "
                        f"offset {pos + self.tell_base} is {length} bytes long "
                        f"but only {self.size - value_pos} bytes remain"
                    )
                value_end = self.size
            pos_ptr[0] = value_end
            if specific_tags is not None and tag_obj not in specific_tags:
                found[0] = _FOUND_SKIPPED
                return None
            if defer_size >= 0 and length > defer_size and tag != CHARSET_TAG:
                value = None  # deferred: read from the file on access
            elif length == 0:
                value = self._empty_value(vr_code)
            else:
                value = self._value(value_pos, value_end - value_pos)
            found[0] = _FOUND_ELEMENT
            self._last_tag = tag
            self._last_tag_obj = tag_obj
            return self._raw(tag_obj, vr, length, value, value_pos, implicit, little)

        # Undefined length: a sequence, or a value up to a sequence delimiter
        vr = self._undefined_length_vr(tag, tag_obj, vr_code, vr, pos, value_pos, little)
        value_end = value_pos
        if self._vr_is_sequence:
            if (
                specific_tags is not None
                and tag_obj not in specific_tags
                and self._walk_items(&value_end, implicit, little, depth + 1)
            ):
                # a well-formed sequence left out by specific_tags: skipped by
                # its headers, its items never built (anything unusual is read
                # below, with the warnings and errors pydicom gives)
                pos_ptr[0] = value_end
                found[0] = _FOUND_SKIPPED
                return None
            value_end = value_pos
            if (
                self.hold_sequence_size >= 0
                and self._walk_items(&value_end, implicit, little, depth + 1)
                and value_end - 8 - value_pos >= self.hold_sequence_size
            ):
                # large and well formed: kept as the bytes of its items, read
                # into a Sequence when the element is first reached (as a
                # defined-length one is); value_end is after the delimiter
                elem = self._raw(tag_obj, vr, length,
                                 self._value(value_pos, value_end - 8 - value_pos),
                                 value_pos, implicit, little)
            else:
                # small ones, and anything unusual (warnings and errors
                # included), are read now, as pydicom does
                value_end = value_pos
                items = self._read_items(&value_end, UNDEFINED_LENGTH, implicit,
                                         little, encoding, 0, depth + 1)
                elem = self.new_sequence(tag_obj, vr, items,
                                         value_pos + self.tell_base, True)
            pos_ptr[0] = value_end
            if specific_tags is not None and tag_obj not in specific_tags:
                found[0] = _FOUND_SKIPPED
                return None
            found[0] = _FOUND_ELEMENT
            self._last_tag = tag
            self._last_tag_obj = tag_obj
            return elem

        if not self._undefined_value_end(&value_end, little):
            pos_ptr[0] = value_pos
            found[0] = _FOUND_NO_DELIMITER
            return None
        pos_ptr[0] = value_end
        if specific_tags is not None and tag_obj not in specific_tags:
            found[0] = _FOUND_SKIPPED
            return None
        value = self._undefined_value(value_pos, value_end, defer_size)
        found[0] = _FOUND_ELEMENT
        self._last_tag = tag
        self._last_tag_obj = tag_obj
        return self._raw(tag_obj, vr, length, value, value_pos, implicit, little)

    cdef object _undefined_length_vr(
        self, uint32_t tag, object tag_obj, int vr_code, object vr,
        Py_ssize_t pos, Py_ssize_t value_pos, bint little,
    ):
        """The VR of the undefined-length element at `pos` whose VR as read
        is `vr` (None in implicit VR); sets _vr_is_sequence."""
        if vr_code == _UN_CODE and self.infer_sq_for_un:
            # PS3.5 6.2.2: an undefined-length UN element is a sequence
            vr_code = _SQ_CODE
            vr = self.inferred_sq_vr
        if vr is None or (vr_code == _UN_CODE and self.replace_un):
            dict_vr = self.dictionary_vr(tag_obj)
            if dict_vr is not None:
                vr = dict_vr
                vr_code = _SQ_CODE if dict_vr == "SQ" else -1
            else:
                # Not in the dictionary: a sequence if an item follows
                if self.size - value_pos < 4:
                    raise StructError(
                        f"The data ends after the header of the element with "
                        f"tag {_hex_tag(tag)} at offset {pos + self.tell_base}"
                    )
                if self._tag_at(value_pos, little) == ITEM_TAG:
                    vr = self.inferred_sq_vr
                    vr_code = _SQ_CODE
        self._vr_is_sequence = vr_code == _SQ_CODE
        return vr

    # -- the extent of a sequence, without reading it ---------------------------
    #
    # The walk follows the steps of _read_items, _read_item and
    # _read_elements over the headers alone, and gives up (False) wherever
    # those would warn, raise or guess, so that they then read the sequence
    # and say so themselves.

    cdef bint _walk_items(self, Py_ssize_t* pos_ptr, bint implicit, bint little,
                          int depth) except -1:
        """Walk the items of the undefined-length sequence value at
        pos_ptr[0]; on success set pos_ptr[0] after its delimiter."""
        cdef Py_ssize_t pos = pos_ptr[0]
        cdef uint32_t tag, length
        if depth > MAX_NESTING:
            return False
        while True:
            if pos < 0 or self.size - pos < 8:
                return False
            tag = self._tag_at(pos, little)
            length = read_u32(self.data + pos + 4, little)
            pos += 8
            if tag == SEQUENCE_DELIMITER_TAG:
                if length != 0:
                    return False
                pos_ptr[0] = pos
                return True
            if tag != ITEM_TAG:
                return False
            if not self._walk_elements(
                &pos, -1 if length == UNDEFINED_LENGTH else <Py_ssize_t>length,
                self.detect_implicit(pos, implicit, little, True), little, depth,
            ):
                return False

    cdef bint _walk_elements(self, Py_ssize_t* pos_ptr, Py_ssize_t bytelength,
                             bint implicit, bint little, int depth) except -1:
        """Walk the elements of the item at pos_ptr[0], `bytelength` bytes
        long (negative: up to its item delimiter)."""
        cdef Py_ssize_t pos = pos_ptr[0]
        cdef Py_ssize_t start = pos
        cdef Py_ssize_t value_pos
        cdef const uint8_t* p
        cdef uint32_t tag, length
        cdef uint8_t c0 = 0, c1 = 0
        cdef int vr_code
        cdef bint has_vr
        while bytelength < 0 or pos - start < bytelength:
            if self.size - pos < 8:
                # the item ends with the data: the sequence has no delimiter
                return False
            p = self.data + pos
            tag = self._tag_at(pos, little)
            value_pos = pos + 8
            vr_code = -1
            has_vr = False
            if implicit:
                length = read_u32(p + 4, little)
            else:
                c0 = p[4]
                c1 = p[5]
                if not _explicit_vr_is_valid(c0, c1) and self.implicit_switch:
                    length = read_u32(p + 4, little)
                else:
                    has_vr = True
                    vr_code = letters_code(c0, c1)
                    if is_long_length_vr(vr_code):
                        if self.size - pos < 12:
                            return False
                        length = read_u32(p + 8, little)
                        value_pos = pos + 12
                    else:
                        length = read_u16(p + 6, little)
            if length != UNDEFINED_LENGTH:
                if <Py_ssize_t>length > self.size - value_pos:
                    return False
                pos = value_pos + <Py_ssize_t>length
                if tag == ITEM_DELIMITER_TAG:
                    break
                continue
            self._undefined_length_vr(tag, _tag_object(tag), vr_code,
                                      _vr_name(c0, c1) if has_vr else None,
                                      pos, value_pos, little)
            pos = value_pos
            if self._vr_is_sequence:
                if not self._walk_items(&pos, implicit, little, depth + 1):
                    return False
            elif not self._undefined_value_end(&pos, little):
                return False
        pos_ptr[0] = pos
        return True

    # -- undefined-length values (pydicom's read_undefined_length_value) ------

    cdef bint _undefined_value_end(self, Py_ssize_t* pos_ptr, bint little) except -1:
        """Find the end of the undefined-length value at pos_ptr[0].

        On success pos_ptr[0] is the position after the sequence delimiter
        and its 4 length bytes, and the value is the bytes before the
        delimiter. First the value is walked as encapsulated fragments
        (PS3.5 A.4), which cannot be fooled by delimiter bytes inside a
        fragment; if that fails the first delimiter tag anywhere ends it, as
        older writers need. Returns False if there is no delimiter.
        """
        cdef Py_ssize_t start = pos_ptr[0]
        cdef Py_ssize_t pos = start
        cdef Py_ssize_t size = self.size
        cdef const uint8_t* data = self.data
        cdef uint32_t tag, length
        cdef uint8_t d0, d1, d2, d3
        cdef const uint8_t* hit
        cdef bint walked = False

        with nogil:
            while size - pos >= 4:
                tag = self._tag_at(pos, little)
                pos += 4
                if tag == SEQUENCE_DELIMITER_TAG:
                    walked = True
                    break
                if tag != ITEM_TAG or size - pos < 4:
                    break
                length = read_u32(data + pos, little)
                pos += 4
                if <Py_ssize_t>length > size - pos:
                    break
                pos += length
        if walked:
            # the delimiter's 4 length bytes follow; a file may end before them
            pos_ptr[0] = pos + 4 if size - pos >= 4 else size
            self._delimited_length = pos - 4 - start
            self._defer_slack = 4
            return True

        # Fall back on the first delimiter tag at any byte position
        if little:
            d0, d1, d2, d3 = 0xFE, 0xFF, 0xDD, 0xE0
        else:
            d0, d1, d2, d3 = 0xFF, 0xFE, 0xE0, 0xDD
        pos = start
        hit = NULL
        with nogil:
            while size - pos >= 4:
                hit = <const uint8_t*>memchr(data + pos, d0, size - pos - 3)
                if hit == NULL:
                    break
                pos = hit - data
                if data[pos + 1] == d1 and data[pos + 2] == d2 and data[pos + 3] == d3:
                    break
                hit = NULL
                pos += 1
        if hit == NULL:
            return False
        self._delimited_length = pos - start
        self._defer_slack = 0
        pos_ptr[0] = pos + 8 if size - pos >= 8 else size
        return True

    cdef object _undefined_value(self, Py_ssize_t value_pos, Py_ssize_t value_end,
                                 Py_ssize_t defer_size):
        """The value found by _undefined_value_end (None when deferred)."""
        cdef Py_ssize_t length = self._delimited_length
        if defer_size >= 0 and length + self._defer_slack >= defer_size:
            return None
        return self._value(value_pos, length)

    # -- items and sequences ---------------------------------------------------

    cdef object _read_item(
        self, Py_ssize_t* pos_ptr, bint implicit, bint little, object encoding,
        Py_ssize_t item_tell_offset, Py_ssize_t seq_start, int depth,
    ):
        """Read the item at pos_ptr[0] (pydicom's read_sequence_item).

        Returns the item's dataset, or None at a sequence delimiter; advances
        pos_ptr[0] past what was read.
        """
        cdef Py_ssize_t pos = pos_ptr[0]
        cdef Py_ssize_t item_pos = pos
        cdef uint32_t tag, length
        cdef tuple result
        if pos < 0 or self.size - pos < 8:
            raise TruncatedDataError(
                f"No tag to read at file position "
                f"{pos + self.tell_base + item_tell_offset:X}: the data ends "
                f"inside the sequence that starts at offset "
                f"{seq_start + self.tell_base + item_tell_offset}"
            )
        tag = self._tag_at(pos, little)
        length = read_u32(self.data + pos + 4, little)
        pos += 8
        if tag == SEQUENCE_DELIMITER_TAG:
            if length != 0:
                _logger.warning(
                    f"Expected 0x00000000 after delimiter, found 0x{length:X}, "
                    f"at position 0x{pos - 4 + self.tell_base + item_tell_offset:X}"
                )
            pos_ptr[0] = pos
            return None
        if tag != ITEM_TAG:
            _logger.warning(
                f"Expected sequence item with tag (fffe, e000) at file "
                f"position 0x{pos - 4 + self.tell_base + item_tell_offset:X}"
            )
        result = self._read_elements(
            &pos, -1 if length == UNDEFINED_LENGTH else <Py_ssize_t>length,
            implicit, little, encoding, False, _STOP_NEVER, None, -1, None, depth,
        )
        pos_ptr[0] = pos
        return self.new_item(
            result[0], result[1], little, result[2], length == UNDEFINED_LENGTH,
            item_pos + self.tell_base + item_tell_offset,
        )

    cdef list _read_items(
        self, Py_ssize_t* pos_ptr, uint32_t bytelength, bint implicit,
        bint little, object encoding, Py_ssize_t item_tell_offset, int depth,
    ):
        """Read the items of a sequence value at pos_ptr[0] (pydicom's
        read_sequence); advance pos_ptr[0] past the sequence."""
        cdef list items = []
        cdef Py_ssize_t start = pos_ptr[0]
        cdef bint undefined = bytelength == UNDEFINED_LENGTH
        if depth > MAX_NESTING:
            raise ValueError(
                f"Sequences are nested more than {MAX_NESTING} levels deep at "
                f"offset {start + self.tell_base}"
            )
        if bytelength == 0:
            return items
        while undefined or pos_ptr[0] - start < <Py_ssize_t>bytelength:
            item = self._read_item(pos_ptr, implicit, little, encoding,
                                   item_tell_offset, start, depth)
            if item is None:
                break
            items.append(item)
        return items

    # -- data sets -------------------------------------------------------------

    cdef tuple _read_elements(
        self, Py_ssize_t* pos_ptr, Py_ssize_t bytelength, bint implicit,
        bint little, object encoding, bint top_level, int stop_mode,
        object stop_arg, Py_ssize_t defer_size, object specific_tags, int depth,
    ):
        """Read a data set (pydicom's read_dataset) at pos_ptr[0].

        Returns ``(elements, is_implicit_VR, encoding, stopped)``, where the
        encoding is that of the data set's own (0008,0005) if it has one,
        else the parent's; advances pos_ptr[0] past what was read.
        """
        cdef dict elements = {}
        cdef Py_ssize_t pos = pos_ptr[0]
        cdef Py_ssize_t start = pos
        cdef int found = _FOUND_END
        cdef object elem
        cdef str msg

        implicit = self.detect_implicit(pos, implicit, little, not top_level,
                                        stop_mode, stop_arg)
        while bytelength < 0 or pos - start < bytelength:
            elem = self._next(&pos, implicit, little, encoding, stop_mode,
                              stop_arg, defer_size, specific_tags, depth, &found)
            if found == _FOUND_ELEMENT:
                if self._last_tag == ITEM_DELIMITER_TAG:
                    break
                if self._last_tag == CHARSET_TAG and type(elem) is self.raw_type:
                    encoding = self.charset_encoding((<tuple>elem)[3] or b"")
                PyDict_SetItem(elements, self._last_tag_obj, elem)
            elif found == _FOUND_SKIPPED:
                continue
            elif found == _FOUND_NO_DELIMITER:
                msg = (
                    f"End of file reached before delimiter (fffe, e0dd) found "
                    f"for the value that starts at offset {pos + self.tell_base}"
                )
                if self.raise_on_invalid:
                    raise EOFError(msg)
                warnings.warn(f"{msg} in file {self.filename}", UserWarning)
                break
            else:
                break
        pos_ptr[0] = pos
        return elements, implicit, encoding, found == _FOUND_STOP

    def read_dataset(
        self, Py_ssize_t pos, Py_ssize_t bytelength, bint is_implicit_VR,
        bint is_little_endian, encoding, bint top_level=True,
        int stop_mode=_STOP_NEVER, stop_arg=None, Py_ssize_t defer_size=-1,
        specific_tags=None,
    ):
        """Read the data set that starts at `pos`.

        Parameters
        ----------
        pos : int
            Index in the buffer of the first element.
        bytelength : int
            Bytes the data set takes; negative to read to the end of the
            buffer or to an item delimiter.
        is_implicit_VR, is_little_endian : bool
            The expected encoding (the first element may switch the VR style).
        encoding : str or list of str
            The character set of the parent, used until (0008,0005) is read.
        top_level : bool
            ``False`` for a sequence item (implicit VR allowed silently).
        stop_mode : int
            One of the ``STOP_*`` codes; `stop_arg` is its group or callable.
        defer_size : int
            Values longer than this are given as ``None``; negative for none.
        specific_tags : set or None
            Only these tags are kept.

        Returns
        -------
        tuple
            ``(elements, end, is_implicit_VR, encoding, stopped)``: the dict
            of tag to element, the index after the last element read (or of
            the element the stop condition matched), the VR style used, the
            data set's encoding and whether the stop condition ended it.
        """
        cdef Py_ssize_t end = pos
        cdef tuple result
        if pos < 0 or pos > self.size:
            raise ValueError(f"Position {pos} is outside the data")
        if stop_mode == _STOP_OUTSIDE_GROUP and not (0 <= stop_arg <= 0xFFFF):
            raise ValueError("The stop group must be a 16-bit number")
        result = self._read_elements(
            &end, bytelength, is_implicit_VR, is_little_endian, encoding,
            top_level, stop_mode, stop_arg, defer_size, specific_tags, 0,
        )
        return result[0], end, result[1], result[2], result[3]

    def read_sequence(
        self, Py_ssize_t pos, Py_ssize_t bytelength, bint is_implicit_VR,
        bint is_little_endian, encoding, Py_ssize_t offset=0,
    ):
        """Read the items of the sequence value that starts at `pos`.

        Parameters
        ----------
        pos : int
            Index in the buffer of the first item.
        bytelength : int
            The value length; ``0xFFFFFFFF`` for undefined length.
        is_implicit_VR, is_little_endian : bool
            The encoding of the items.
        encoding : str or list of str
            The character set of the enclosing data set.
        offset : int
            Added to the positions recorded in the items (``seq_item_tell``),
            as pydicom does for a sequence read from its value's bytes.

        Returns
        -------
        tuple
            ``(items, end)``: the list of item datasets and the index after
            the sequence.
        """
        cdef Py_ssize_t end = pos
        if pos < 0 or pos > self.size:
            raise ValueError(f"Position {pos} is outside the data")
        if bytelength < 0 or bytelength > UNDEFINED_LENGTH:
            raise ValueError(f"Invalid sequence length {bytelength}")
        items = self._read_items(&end, <uint32_t>bytelength, is_implicit_VR,
                                 is_little_endian, encoding, offset, 1)
        return items, end

    def read_sequence_value(
        self, value, Py_ssize_t tell_base, bint is_implicit_VR,
        bint is_little_endian, encoding, Py_ssize_t offset=0,
    ):
        """Read the items of a sequence from its value bytes, with the
        settings of this tokenizer.

        Parameters
        ----------
        value : buffer
            The items, without a sequence delimiter (a defined-length value,
            or an undefined-length one as the reader keeps it).
        tell_base : int
            The file position of ``value[0]`` for the positions recorded in
            the elements (0 for a defined-length value, which pydicom reads
            from its own buffer).
        is_implicit_VR, is_little_endian : bool
            The encoding of the items.
        encoding : str or list of str
            The character set of the enclosing data set.
        offset : int
            Added to the positions recorded in the items, as in
            :meth:`read_sequence`.

        Returns
        -------
        list
            The item datasets.
        """
        cdef Tokenizer reader = self._derive(value, tell_base)
        cdef Py_ssize_t end = 0
        if reader.size >= UNDEFINED_LENGTH:
            raise ValueError("A sequence value must be shorter than 0xFFFFFFFF bytes")
        return reader._read_items(&end, <uint32_t>reader.size, is_implicit_VR,
                                  is_little_endian, encoding, offset, 1)

    def read_item(
        self, Py_ssize_t pos, bint is_implicit_VR, bint is_little_endian,
        encoding, Py_ssize_t offset=0,
    ):
        """Read the one sequence item at `pos`.

        Returns
        -------
        tuple
            ``(item, end)``: the item dataset, ``None`` at a sequence
            delimiter, and the index after what was read.
        """
        cdef Py_ssize_t end = pos
        if pos < 0 or pos > self.size:
            raise ValueError(f"Position {pos} is outside the data")
        item = self._read_item(&end, is_implicit_VR, is_little_endian, encoding,
                               offset, pos, 1)
        return item, end

    def next_element(
        self, Py_ssize_t pos, bint is_implicit_VR, bint is_little_endian,
        encoding, int stop_mode=_STOP_NEVER, stop_arg=None,
        Py_ssize_t defer_size=-1, specific_tags=None,
    ):
        """Read the one element at `pos`.

        Returns
        -------
        tuple
            ``(found, element, end)``: a ``FOUND_*`` code, the element (for
            ``FOUND_ELEMENT``, else ``None``) and the index to read on from.
        """
        cdef Py_ssize_t end = pos
        cdef int found = _FOUND_END
        if pos < 0 or pos > self.size:
            raise ValueError(f"Position {pos} is outside the data")
        elem = self._next(&end, is_implicit_VR, is_little_endian, encoding,
                          stop_mode, stop_arg, defer_size, specific_tags, 0,
                          &found)
        return found, elem, end
