# cython: language_level=3
"""Kernels of the text models (JSON, XML).

A DS or IS value is a list of decimal strings separated by backslashes
(PS3.5 6.2, 6.4). :func:`parse_ds` and :func:`parse_is` turn a whole encoded
value into Python numbers in one call when every item is valid, and return
``None`` otherwise, so that the caller converts that value the slow, exact
way (with its warnings and errors). :func:`float_instances` makes instances
of a float subclass without calling its Python-level constructor.

:class:`JsonDatasetBuilder` runs the loop of ``Dataset.from_json`` (PS3.18
F.2) in C: attributes of the common VRs whose values need no warning become
elements directly; every other attribute is handed to a general-path
callback given by ``dcmcore.jsonrep``, which owns the semantics. The classes
it builds (dataset, element) are given to it, never imported here.

See ``_json.pyi`` for the documented Python-level API.
"""

cimport cython
from cpython.dict cimport PyDict_GetItem
from cpython.float cimport PyFloat_AS_DOUBLE
from cpython.list cimport PyList_GET_ITEM, PyList_GET_SIZE, PyList_New, PyList_SET_ITEM
from cpython.long cimport PyLong_AsLongLongAndOverflow, PyLong_FromLongLong
from cpython.object cimport PyObject, PyTypeObject
from cpython.ref cimport Py_INCREF
from cpython.unicode cimport PyUnicode_DATA, PyUnicode_FindChar, PyUnicode_GET_LENGTH
from libc.stdint cimport uint8_t

from dcmcore._codec cimport decimal_number_end, is_digit

cdef extern from "Python.h":
    # CPython's correctly rounded, locale-independent parser (what float() uses).
    double PyOS_string_to_double(const char* s, char** endptr, PyObject* overflow_exception) except? -1.0
    ctypedef struct PyFloatObject:
        double ob_fval
    PyTypeObject PyFloat_Type
    int PyType_IsSubtype(PyTypeObject* a, PyTypeObject* b)
    void PyObject_GC_UnTrack(void* op)
    bint PyType_IS_GC(PyTypeObject* type)
    # A new reference, as Cython assumes of functions returning object.
    object PyType_GenericAlloc(PyTypeObject* type, Py_ssize_t nitems)

# PS3.5 Table 6.2-1: at most 16 bytes per DS item and 12 per IS item, the
# spaces included.
cdef enum:
    DS_MAX_LENGTH = 16
    IS_MAX_LENGTH = 12

# IS values are signed 32-bit integers (PS3.5 Table 6.2-1).
cdef long long IS_MIN = -2147483648
cdef long long IS_MAX = 2147483647


cdef Py_ssize_t _value_end(const uint8_t* src, Py_ssize_t length) noexcept nogil:
    """Return the length of the value without its trailing spaces and NULs."""
    while length > 0 and (src[length - 1] == 0x20 or src[length - 1] == 0x00):
        length -= 1
    return length


cdef Py_ssize_t _ds_item_end(const uint8_t* src, Py_ssize_t start, Py_ssize_t end) noexcept nogil:
    """Return the end of the valid DS item at `start` (before '\\' or `end`), -1 if invalid.

    Grammar: ' '* ('+'|'-')? (digits ('.' digits?)? | '.' digits) (('e'|'E') ('+'|'-')? digits)? ' '*
    """
    cdef Py_ssize_t pos = start
    while pos < end and src[pos] == 0x20:
        pos += 1
    pos = decimal_number_end(src, pos, end)
    if pos < 0:
        return -1
    while pos < end and src[pos] == 0x20:
        pos += 1
    if pos - start > DS_MAX_LENGTH:
        return -1
    if pos < end and src[pos] != 0x5C:
        return -1
    return pos


cdef Py_ssize_t _is_item_end(const uint8_t* src, Py_ssize_t start, Py_ssize_t end) noexcept nogil:
    """Return the end of the valid IS item at `start`, -1 if invalid.

    Grammar: ' '* ('+'|'-')? digits ' '*
    """
    cdef Py_ssize_t pos = start
    cdef Py_ssize_t nr_digits = 0
    while pos < end and src[pos] == 0x20:
        pos += 1
    if pos < end and (src[pos] == 0x2B or src[pos] == 0x2D):
        pos += 1
    while pos < end and is_digit(src[pos]):
        pos += 1
        nr_digits += 1
    if nr_digits == 0:
        return -1
    while pos < end and src[pos] == 0x20:
        pos += 1
    if pos - start > IS_MAX_LENGTH:
        return -1
    if pos < end and src[pos] != 0x5C:
        return -1
    return pos


cdef Py_ssize_t _count_items(const uint8_t* src, Py_ssize_t end, bint decimal) noexcept nogil:
    """Return the number of items of a DS (`decimal`) or IS value, -1 if one is invalid."""
    cdef Py_ssize_t pos = 0
    cdef Py_ssize_t nr_items = 0
    while True:
        pos = _ds_item_end(src, pos, end) if decimal else _is_item_end(src, pos, end)
        if pos < 0:
            return -1
        nr_items += 1
        if pos == end:
            return nr_items
        pos += 1  # the backslash; an empty last item fails the next round


# Powers of ten that doubles hold exactly (10**22 < 2**53 * 2**22).
cdef double[23] _EXACT_POWERS_OF_TEN = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
]


cdef bint _exact_decimal(const uint8_t* data, Py_ssize_t start, Py_ssize_t end,
                         double* result) noexcept nogil:
    """Compute the valid DS item data[start:end] if one IEEE operation rounds it exactly.

    Clinger's fast path: with at most 15 significant digits the digits form
    an integer below 2**53, a double; times or divided by an exact power of
    ten up to 10**22 it is then rounded once, so the result is the correctly
    rounded value that float() gives. Returns False (for the general parser)
    when the item has more digits or a larger exponent.
    """
    cdef Py_ssize_t pos = start
    cdef unsigned long long mantissa = 0
    cdef int nr_significant = 0, decimal_exponent = 0, exponent = 0
    cdef bint negative = False, negative_exponent = False
    cdef double value
    while pos < end and data[pos] == 0x20:
        pos += 1
    if pos < end and (data[pos] == 0x2B or data[pos] == 0x2D):
        negative = data[pos] == 0x2D
        pos += 1
    while pos < end and is_digit(data[pos]):
        if mantissa or data[pos] != 0x30:
            nr_significant += 1
        mantissa = mantissa * 10 + (data[pos] - 0x30)
        pos += 1
    if pos < end and data[pos] == 0x2E:
        pos += 1
        while pos < end and is_digit(data[pos]):
            if mantissa or data[pos] != 0x30:
                nr_significant += 1
            mantissa = mantissa * 10 + (data[pos] - 0x30)
            decimal_exponent -= 1
            pos += 1
    if nr_significant > 15:  # (16 bytes hold at most 16 digits: no overflow above)
        return False
    if pos < end and (data[pos] == 0x45 or data[pos] == 0x65):
        pos += 1
        if pos < end and (data[pos] == 0x2B or data[pos] == 0x2D):
            negative_exponent = data[pos] == 0x2D
            pos += 1
        while pos < end and is_digit(data[pos]):
            exponent = exponent * 10 + (data[pos] - 0x30)
            pos += 1
            if exponent > 1000:  # (at most 13 digits: the int cannot overflow first)
                return False
        decimal_exponent += -exponent if negative_exponent else exponent
    value = <double>mantissa
    if decimal_exponent < -22 or decimal_exponent > 22:
        if mantissa != 0:
            return False
    elif decimal_exponent < 0:
        value = value / _EXACT_POWERS_OF_TEN[-decimal_exponent]
    else:
        value = value * _EXACT_POWERS_OF_TEN[decimal_exponent]
    result[0] = -value if negative else value
    return True


@cython.boundscheck(False)
@cython.wraparound(False)
def parse_ds(const uint8_t[::1] src):
    """Return the numbers of an encoded DS value, or None if an item is not valid DS."""
    cdef Py_ssize_t length = src.shape[0]
    cdef const uint8_t* data = &src[0] if length else NULL
    cdef Py_ssize_t end, nr_items
    with nogil:
        end = _value_end(data, length) if length else 0
        nr_items = _count_items(data, end, True) if end else -1
    if nr_items < 0:
        return None
    cdef list numbers = PyList_New(nr_items)
    cdef char text[DS_MAX_LENGTH + 1]
    cdef Py_ssize_t index, pos = 0, item_end, nr_chars
    cdef double value
    cdef object number
    for index in range(nr_items):
        item_end = _ds_item_end(data, pos, end)
        if _exact_decimal(data, pos, item_end, &value):
            number = value
        else:
            nr_chars = 0
            while pos < item_end:  # the item without its spaces; at most 16 bytes
                if data[pos] != 0x20:
                    text[nr_chars] = <char>data[pos]
                    nr_chars += 1
                pos += 1
            text[nr_chars] = 0
            number = PyOS_string_to_double(text, NULL, NULL)
        Py_INCREF(number)
        PyList_SET_ITEM(numbers, index, number)
        pos = item_end + 1
    return numbers


@cython.boundscheck(False)
@cython.wraparound(False)
def parse_is(const uint8_t[::1] src):
    """Return the integers of an encoded IS value, or None if an item is not valid IS."""
    cdef Py_ssize_t length = src.shape[0]
    cdef const uint8_t* data = &src[0] if length else NULL
    cdef Py_ssize_t end, nr_items
    with nogil:
        end = _value_end(data, length) if length else 0
        nr_items = _count_items(data, end, False) if end else -1
    if nr_items < 0:
        return None
    cdef list numbers = PyList_New(nr_items)
    cdef Py_ssize_t index, pos = 0, item_end
    cdef long long number
    cdef bint negative
    cdef object item
    for index in range(nr_items):
        item_end = _is_item_end(data, pos, end)
        while pos < item_end and data[pos] == 0x20:
            pos += 1
        negative = pos < item_end and data[pos] == 0x2D
        if pos < item_end and (data[pos] == 0x2B or data[pos] == 0x2D):
            pos += 1
        number = 0
        while pos < item_end and is_digit(data[pos]):  # at most 12 digits: no overflow
            number = number * 10 + (data[pos] - 0x30)
            pos += 1
        if negative:
            number = -number
        if number < IS_MIN or number > IS_MAX:
            return None  # (the items not set yet are NULL, which a list may hold)
        item = PyLong_FromLongLong(number)
        Py_INCREF(item)
        PyList_SET_ITEM(numbers, index, item)
        pos = item_end + 1
    return numbers


def float_instances(type float_type, list numbers, str attribute, object attribute_value):
    """Return a list of `float_type` instances of the floats `numbers`.

    Each instance is made as ``float.__new__(float_type, number)`` makes it,
    then `attribute` is set to `attribute_value`; the class's ``__init__`` is
    not called. Instances of a class with ``__slots__`` are left out of the
    cyclic garbage collector when `attribute_value` is None, a bool, an int,
    a float or a str: like CPython's tuples of such objects they cannot be
    part of a cycle until given another value, and millions of them would
    otherwise make every collection slower.
    """
    if not PyType_IsSubtype(<PyTypeObject*>float_type, &PyFloat_Type):
        raise TypeError(f"{float_type.__name__} is not a subclass of float")
    cdef bint untrack = PyType_IS_GC(<PyTypeObject*>float_type) and (
        attribute_value is None or type(attribute_value) in (bool, int, float, str)
    ) and float_type.__dictoffset__ == 0  # instances without a __dict__
    cdef Py_ssize_t nr_numbers = len(numbers)
    cdef list instances = PyList_New(nr_numbers)
    cdef Py_ssize_t index
    cdef object number, instance
    for index in range(nr_numbers):
        number = numbers[index]
        if type(number) is not float:
            raise TypeError(f"float_instances() takes floats, not {type(number).__name__}")
        instance = PyType_GenericAlloc(<PyTypeObject*>float_type, 0)
        (<PyFloatObject*>instance).ob_fval = PyFloat_AS_DOUBLE(number)
        setattr(instance, attribute, attribute_value)
        if untrack:
            PyObject_GC_UnTrack(<void*>instance)
        Py_INCREF(instance)
        PyList_SET_ITEM(instances, index, instance)
    return instances
