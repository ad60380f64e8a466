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
from cpython.dict cimport PyDict_GetItemWithError
from cpython.float cimport PyFloat_AS_DOUBLE
from cpython.list cimport PyList_GET_ITEM, PyList_GET_SIZE, PyList_New, PyList_SET_ITEM
from cpython.long cimport PyLong_AsLongLongAndOverflow, PyLong_FromLongLong
from cpython.object cimport PyObject, PyObject_GenericSetAttr, PyTypeObject
from cpython.ref cimport Py_INCREF
from cpython.unicode cimport PyUnicode_DATA, PyUnicode_FindChar, PyUnicode_GET_LENGTH
from libc.stdint cimport uint8_t, uint32_t

from dcmcore._codec cimport (
    DS_MAX_LENGTH, ds_item_end, is_digit, IS_MAX_LENGTH, is_item_end, is_uid_text,
)

from dcmcore._element import new_element_with_fields

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

# IS values are signed 32-bit integers (PS3.5 Table 6.2-1).
cdef long long IS_MIN = -2147483648
cdef long long IS_MAX = 2147483647


cdef Py_ssize_t _value_end(const uint8_t* src, Py_ssize_t length) noexcept nogil:
    """Return the length of the value without its trailing spaces and NULs."""
    while length > 0 and (src[length - 1] == 0x20 or src[length - 1] == 0x00):
        length -= 1
    return length


cdef Py_ssize_t _valid_item_end(const uint8_t* src, Py_ssize_t start, Py_ssize_t end,
                                bint decimal) noexcept nogil:
    """Return the end of the valid DS (`decimal`) or IS item at `start`
    (before '\\' or `end`), -1 if invalid: the item's spaces count towards
    its length limit (PS3.5 Table 6.2-1)."""
    cdef Py_ssize_t pos = ds_item_end(src, start, end) if decimal else is_item_end(src, start, end)
    if pos < 0 or pos - start > (DS_MAX_LENGTH if decimal else IS_MAX_LENGTH):
        return -1
    return pos


cdef Py_ssize_t _count_items(const uint8_t* src, Py_ssize_t end, bint decimal) noexcept nogil:
    """Return the number of items of a DS (`decimal`) or IS value, -1 if one is invalid."""
    cdef Py_ssize_t pos = 0
    cdef Py_ssize_t nr_items = 0
    while True:
        pos = _valid_item_end(src, pos, end, decimal)
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


def parse_ds(const uint8_t[::1] src):
    """Return the numbers of an encoded DS value, or None if an item is not valid DS."""
    cdef Py_ssize_t length = src.shape[0]
    return _parse_ds(&src[0] if length else NULL, length)


def parse_is(const uint8_t[::1] src):
    """Return the integers of an encoded IS value, or None if an item is not valid IS."""
    cdef Py_ssize_t length = src.shape[0]
    return _parse_is(&src[0] if length else NULL, length)


cdef list _parse_ds(const uint8_t* data, Py_ssize_t length):
    """parse_ds() of the `length` bytes at `data`."""
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
        item_end = _valid_item_end(data, pos, end, True)
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


cdef list _parse_is(const uint8_t* data, Py_ssize_t length):
    """parse_is() of the `length` bytes at `data`."""
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
        item_end = _valid_item_end(data, pos, end, False)
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
    for number in numbers:
        if type(number) is not float:
            raise TypeError(f"float_instances() takes floats, not {type(number).__name__}")
    return _float_instances(float_type, numbers, attribute, attribute_value)


cdef list _float_instances(type float_type, list numbers, str attribute, object attribute_value):
    """float_instances() of a float subclass and exact floats (checked by the caller)."""
    cdef bint untrack = PyType_IS_GC(<PyTypeObject*>float_type) and (
        attribute_value is None or type(attribute_value) in (bool, int, float, str)
    ) and float_type.__dictoffset__ == 0  # instances without a __dict__
    cdef Py_ssize_t nr_numbers = PyList_GET_SIZE(numbers)
    cdef list instances = PyList_New(nr_numbers)
    cdef Py_ssize_t index
    cdef object instance
    for index in range(nr_numbers):
        instance = PyType_GenericAlloc(<PyTypeObject*>float_type, 0)
        (<PyFloatObject*>instance).ob_fval = PyFloat_AS_DOUBLE(<object>PyList_GET_ITEM(numbers, index))
        setattr(instance, attribute, attribute_value)
        if untrack:
            PyObject_GC_UnTrack(<void*>instance)
        Py_INCREF(instance)
        PyList_SET_ITEM(instances, index, instance)
    return instances


# -- from JSON: the loop of Dataset.from_json (PS3.18 F.2) -------------------

cdef extern from "Python.h":
    bint PyUnicode_IS_ASCII(object text)
    long long LLONG_MIN "PY_LLONG_MIN"
    long long LLONG_MAX "PY_LLONG_MAX"

# How the items of a "Value" list of a VR become element values without the
# element's constructor; any VR not listed takes the general path.
cdef enum ValueKind:
    TEXT          # str, at most `max_length` characters (0: unlimited)
    TEXT_AE       # str of printable ASCII (PS3.5 Table 6.2-1)
    TEXT_AS       # nnnD, nnnW, nnnM or nnnY
    TEXT_CS       # upper case letters, digits, space, underscore
    TEXT_DA       # YYYYMMDD (kept as str: datetime_conversion off)
    TEXT_TM       # HH[MM[SS[.F{1,6}]]] (kept as str)
    TEXT_DT       # YYYY[MM[DD[HH[MM[SS[.F{1,6}]]]]]][&ZZXX] (kept as str)
    TEXT_UI       # a UID: a str of the given UID class
    PERSON_NAME   # PN objects of "Alphabetic"/"Ideographic"/"Phonetic"
    DECIMAL       # DS: floats, as instances of the given float class
    INTEGER       # IS: ints, as instances of the given int class
    BINARY_INT    # US SS UL SL UV SV: ints between `min_value` and `max_value`
    BINARY_FLOAT  # FL FD: floats
    TAG           # AT: eight hex digits
    SEQUENCE      # SQ: items are JSON datasets


@cython.final
cdef class _VRRule:
    """What the fast path accepts for one VR."""
    cdef ValueKind kind
    cdef Py_ssize_t max_length
    cdef long long min_value, max_value


cdef _VRRule _rule(ValueKind kind, Py_ssize_t max_length=0,
                   long long min_value=0, long long max_value=0):
    cdef _VRRule rule = _VRRule.__new__(_VRRule)
    rule.kind = kind
    rule.max_length = max_length
    rule.min_value = min_value
    rule.max_value = max_value
    return rule


cdef dict _vr_rules(dict max_lengths):
    """The rule of each VR the fast path takes; `max_lengths` are the
    maximum value lengths in characters (PS3.5 Table 6.2-1)."""
    rules = {
        "AE": _rule(TEXT_AE, max_lengths["AE"]),
        "AS": _rule(TEXT_AS),
        "CS": _rule(TEXT_CS, max_lengths["CS"]),
        "DA": _rule(TEXT_DA),
        "TM": _rule(TEXT_TM),
        "DT": _rule(TEXT_DT),
        "AT": _rule(TAG),
        "UI": _rule(TEXT_UI, max_lengths["UI"]),
        "PN": _rule(PERSON_NAME),
        "DS": _rule(DECIMAL),
        "IS": _rule(INTEGER),
        # PS3.5 Table 6.2-1 ranges; UV values above 2**63 - 1 take the general path.
        "US": _rule(BINARY_INT, 0, 0, 0xFFFF),
        "SS": _rule(BINARY_INT, 0, -0x8000, 0x7FFF),
        "UL": _rule(BINARY_INT, 0, 0, 0xFFFFFFFF),
        "SL": _rule(BINARY_INT, 0, -0x80000000, 0x7FFFFFFF),
        "SV": _rule(BINARY_INT, 0, LLONG_MIN, LLONG_MAX),
        "UV": _rule(BINARY_INT, 0, 0, LLONG_MAX),
        "FL": _rule(BINARY_FLOAT),
        "FD": _rule(BINARY_FLOAT),
        "SQ": _rule(SEQUENCE),
    }
    for vr in ("LO", "SH", "ST", "LT", "UC", "UT"):
        rules[vr] = _rule(TEXT, max_lengths.get(vr, 0))
    return rules


cdef inline bint _is_upper_cs(uint8_t byte) noexcept nogil:
    return (0x41 <= byte <= 0x5A) or is_digit(byte) or byte == 0x20 or byte == 0x5F


cdef inline bint _two_digits_below(const uint8_t* src, uint8_t first_max, uint8_t second_max_at_first_max) noexcept nogil:
    # Two ASCII digits d1 d2 with d1 <= first_max, and d2 <= second_max_at_first_max when d1 == first_max.
    if not (is_digit(src[0]) and is_digit(src[1])):
        return False
    if src[0] - 0x30 > first_max:
        return False
    return src[0] - 0x30 < first_max or src[1] - 0x30 <= second_max_at_first_max


cdef Py_ssize_t _time_end(const uint8_t* src, Py_ssize_t pos, Py_ssize_t length) noexcept nogil:
    r"""The end of the longest time at `pos` of the TM format
    ``([01]\d|2[0-3]) ([0-5]\d ((60|[0-5]\d) (\.\d{1,6} ?)?)?)?``
    (PS3.5 Table 6.2-1), or -1 if a part is malformed (a digit pair cut
    short, or a '.' without digits)."""
    if length - pos < 2 or not _two_digits_below(src + pos, 2, 3):
        return -1
    pos += 2
    if pos == length or not is_digit(src[pos]):
        return pos
    if length - pos < 2 or not _two_digits_below(src + pos, 5, 9):
        return -1
    pos += 2
    if pos == length or not is_digit(src[pos]):
        return pos
    if length - pos < 2 or not (_two_digits_below(src + pos, 5, 9)
                                or (src[pos] == 0x36 and src[pos + 1] == 0x30)):
        return -1
    pos += 2
    if pos == length or src[pos] != 0x2E:
        return pos
    pos += 1
    cdef Py_ssize_t digits_start = pos
    while pos < length and is_digit(src[pos]) and pos - digits_start < 6:
        pos += 1
    if pos == digits_start:
        return -1
    if pos < length and src[pos] == 0x20:
        pos += 1
    return pos


cdef bint _valid_text(ValueKind kind, const uint8_t* src, Py_ssize_t length) noexcept nogil:
    """``True`` if the ASCII value `src` passes the format check of its VR
    (PS3.5 Table 6.2-1, as the validators of dcmcore.valuerep apply it);
    ``False`` may also mean "let the general path decide" (e.g. DA and TM
    ranges)."""
    cdef Py_ssize_t pos
    if length == 0:
        return kind != TEXT_UI  # empty values are valid, UIDs are checked as UID("")
    if kind == TEXT_AE:
        for pos in range(length):
            if not 0x20 <= src[pos] <= 0x7E:
                return False
        return True
    if kind == TEXT_CS:
        for pos in range(length):
            if not _is_upper_cs(src[pos]):
                return False
        return True
    if kind == TEXT_AS:
        return (length == 4 and is_digit(src[0]) and is_digit(src[1]) and is_digit(src[2])
                and (src[3] == 0x44 or src[3] == 0x57 or src[3] == 0x4D or src[3] == 0x59))
    if kind == TEXT_DA:
        if length != 8:
            return False
        for pos in range(4):
            if not is_digit(src[pos]):
                return False
        # month 01-12, day 00-31 as the format allows (([0-2]\d|3[01]))
        return (_two_digits_below(src + 4, 1, 2) and not (src[4] == 0x30 and src[5] == 0x30)
                and _two_digits_below(src + 6, 3, 1))
    if kind == TEXT_TM:
        return _time_end(src, 0, length) == length
    if kind == TEXT_DT:
        # \d{4} ((0[1-9]|1[0-2]) (([0-2]\d|3[01]) (time)?)?)? ([+-][01]\d\d\d)?
        if length < 4:
            return False
        for pos in range(4):
            if not is_digit(src[pos]):
                return False
        pos = 4
        if length - pos >= 2 and is_digit(src[pos]):
            if not _two_digits_below(src + pos, 1, 2) or (src[pos] == 0x30 and src[pos + 1] == 0x30):
                return False
            pos += 2
            if length - pos >= 2 and is_digit(src[pos]):
                if not _two_digits_below(src + pos, 3, 1):
                    return False
                pos += 2
                if length - pos >= 2 and is_digit(src[pos]):
                    pos = _time_end(src, pos, length)
                    if pos < 0:
                        return False
        if pos < length and (src[pos] == 0x2B or src[pos] == 0x2D):
            if length - pos != 5 or not (src[pos + 1] == 0x30 or src[pos + 1] == 0x31):
                return False
            return is_digit(src[pos + 2]) and is_digit(src[pos + 3]) and is_digit(src[pos + 4])
        return pos == length
    if kind == TEXT_UI:
        return is_uid_text(src, length)
    return True


cdef tuple _PN_GROUP_NAMES = ("Alphabetic", "Ideographic", "Phonetic")
cdef tuple _NO_ARGUMENTS = ()


@cython.final
cdef class JsonDatasetBuilder:
    """Builds the datasets of one ``Dataset.from_json`` call (PS3.18 F.2).

    Parameters
    ----------
    dataset_class : type
        The dataset class, called without arguments for each dataset.
    element_class : type
        The element class; instances are made through its ``tp_new`` with
        no arguments (every field ``None``), then their fields are set.
    sequence_class : type
        Called with the list of item datasets, gives an SQ element's value.
    general_element : callable
        ``general_element(key, attribute, sequence_key)`` returns the element
        of any attribute the fast path does not take, with every check,
        warning and error of the reference path (`sequence_key` is ``None``
        at the top level, else the key of the enclosing sequence).
    validation_mode : int
        The reading validation mode the elements get.
    max_lengths : dict
        Maximum value length in characters per VR (PS3.5 Table 6.2-1).
    uid_class, person_name_class, ds_class, is_class, multi_value_class : type
        The value classes: ``uid_class`` a str subclass, ``ds_class`` a float
        subclass with ``auto_format``, ``is_class`` an int subclass,
        ``person_name_class(text, validation_mode=...)``, and
        ``multi_value_class._from_list(constructor, items)``.
    intern_tag : callable
        Returns the shared tag object of a 32-bit int.
    dates_as_text : bool
        ``True`` if DA and TM values stay str (no datetime conversion).
    ds_as_float : bool
        ``True`` if ``DS(number)`` is a ``ds_class`` instance without
        further checks (not Decimal, not strict validation).
    add_element : callable or None
        The base dataset class's ``_add_element(dataset, tag, elem)``, which
        stores an element and links it (private creator, parent of a
        sequence), when `dataset_class` adds elements as the base class
        does; then a public non-sequence element, which links to nothing,
        is stored in the dataset's ``_dict`` directly. ``None`` to add every
        element with ``dataset.add``.
    generic_fields : bool
        ``True`` if `element_class` stores its fields (``tag``, ``VR``,
        ``_value``, ...) the generic way (its ``__setattr__`` is the base
        class's, which converts only ``value``): they are then set with
        ``object.__setattr__``.
    """

    cdef type element_class
    cdef object dataset_class, sequence_class, general_element
    cdef object validation_mode, uid_class, person_name_class, ds_class, is_class
    cdef object multi_value_from_list, intern_tag, add_element
    cdef dict rules
    cdef bint dates_as_text, ds_as_float, generic_fields

    def __init__(self, dataset_class, type element_class, sequence_class, general_element,
                 validation_mode, dict max_lengths, uid_class, person_name_class, ds_class,
                 is_class, multi_value_class, intern_tag, bint dates_as_text,
                 bint ds_as_float, add_element, bint generic_fields):
        self.dataset_class = dataset_class
        self.element_class = element_class
        self.sequence_class = sequence_class
        self.general_element = general_element
        self.validation_mode = validation_mode
        self.rules = _vr_rules(max_lengths)
        self.uid_class = uid_class
        self.person_name_class = person_name_class
        self.ds_class = ds_class
        self.is_class = is_class
        self.multi_value_from_list = multi_value_class._from_list
        self.intern_tag = intern_tag
        self.dates_as_text = dates_as_text
        self.ds_as_float = ds_as_float
        self.add_element = add_element
        self.generic_fields = generic_fields

    def dataset(self, json_dataset, sequence_key=None):
        """Return the dataset of the JSON object `json_dataset`.

        `sequence_key` is the key of the sequence whose item this is, ``None``
        for the top level.
        """
        dataset = self.dataset_class()
        cdef dict elements = None
        if self.add_element is not None:
            elements = _exact_dict(dataset._dict)
        for key, attribute in (json_dataset.items() if type(json_dataset) is not dict
                               else (<dict>json_dataset).items()):
            if not self._add_element(dataset, elements, key, attribute):
                dataset.add(self.general_element(key, attribute, sequence_key))
        return dataset

    cdef bint _add_element(self, object dataset, dict elements, object key,
                           object attribute) except -1:
        """Add the element of a common attribute with a valid "Value" to
        `dataset` (to `elements`, its ``_dict``, if not None and nothing
        links to it); False, having done nothing, for any other attribute."""
        if type(attribute) is not dict:
            return False
        vr = _dict_get(<dict>attribute, "vr")
        if vr is None or type(vr) is not str:
            return False
        rule = _dict_get(self.rules, vr)
        if rule is None:
            return False
        values = _dict_get(<dict>attribute, "Value")
        if values is None or type(values) is not list or PyList_GET_SIZE(values) == 0:
            return False
        tag = self._tag(key)
        if tag is None:
            return False
        if (<_VRRule>rule).kind == SEQUENCE:
            items = self._items(key, <list>values)
            if items is None:
                return False
            elem = self._new_element(tag, vr, self.sequence_class(items))
            self._store(dataset, elements, tag, elem)  # (links the sequence to the dataset)
            return True
        value = self._value(<_VRRule>rule, <list>values)
        if value is None:
            return False
        if type(value) is list:
            # several values, as the element's value setter keeps them:
            # converted by the element's own _convert
            elem = self._new_element(tag, vr, None)
            self._set_field(elem, "_value", self.multi_value_from_list(elem._convert, value))
        else:
            elem = self._new_element(tag, vr, value)
        if elements is not None and not ((<uint32_t>tag) >> 16) & 1:
            elements[tag] = elem  # public: no private creator to look up
        else:
            self._store(dataset, elements, tag, elem)
        return True

    cdef int _store(self, object dataset, dict elements, object tag, object elem) except -1:
        """Add `elem` to `dataset` as ``dataset.add(elem)`` does."""
        if elements is None:
            dataset.add(elem)
        else:
            self.add_element(dataset, tag, elem)
        return 0

    cdef object _new_element(self, object tag, object vr, object value):
        """An element of `tag`, `vr` and the converted `value` as the element
        constructor leaves its fields."""
        if self.generic_fields:
            return new_element_with_fields(
                self.element_class, tag, vr, value, self.validation_mode
            )
        elem = (<PyTypeObject*>self.element_class).tp_new(
            self.element_class, <PyObject*>_NO_ARGUMENTS, NULL
        )
        self._set_field(elem, "tag", tag)
        self._set_field(elem, "VR", vr)
        self._set_field(elem, "validation_mode", self.validation_mode)
        self._set_field(elem, "is_undefined_length", False)
        self._set_field(elem, "_value", value)
        return elem

    cdef int _set_field(self, object elem, str name, object value) except -1:
        # The base element class's __setattr__ converts only ``value`` and
        # stores every other attribute the generic way: stored the generic
        # way directly, a field skips the dispatch to that method.
        if self.generic_fields:
            return PyObject_GenericSetAttr(elem, name, value)
        setattr(elem, name, value)
        return 0

    cdef object _tag(self, object key):
        """The tag of a JSON key of exactly eight hex digits (PS3.18 F.2.1.1), else None."""
        if type(key) is not str:
            return None
        tag = _dict_get(_TAGS_BY_KEY, key)
        if tag is not None:
            return tag
        cdef long long value = _hex_tag(key)
        if value < 0:
            return None
        tag = self.intern_tag(value)
        if len(_TAGS_BY_KEY) < _TAGS_BY_KEY_LIMIT:
            _TAGS_BY_KEY[key] = tag
        return tag

    cdef list _items(self, object key, list values):
        """The item datasets of JSON items that are all objects or null, else None."""
        cdef Py_ssize_t index, count = PyList_GET_SIZE(values)
        for index in range(count):
            item = <object>PyList_GET_ITEM(values, index)
            if item is not None and type(item) is not dict:
                return None  # the general path reports it
        return [self.dataset({} if item is None else item, key) for item in values]

    cdef object _value(self, _VRRule rule, list values):
        """The element value of a "Value" list: one value, a list of several
        values, or None for the general path."""
        cdef Py_ssize_t index, count = PyList_GET_SIZE(values)
        cdef ValueKind kind = rule.kind
        cdef list items
        cdef object item
        if kind <= TEXT_UI:
            if (kind == TEXT_DA or kind == TEXT_TM or kind == TEXT_DT) and not self.dates_as_text:
                return None
            for index in range(count):
                item = <object>PyList_GET_ITEM(values, index)
                if not self._text_is_valid(kind, rule.max_length, item):
                    return None
            if kind == TEXT_UI:
                if count == 1:
                    return str.__new__(self.uid_class, <object>PyList_GET_ITEM(values, 0))
                return [str.__new__(self.uid_class, item) for item in values]
            return <object>PyList_GET_ITEM(values, 0) if count == 1 else values[:]
        if kind == PERSON_NAME:
            return self._person_names(values)
        if kind == DECIMAL:
            return self._decimals(values)
        if kind == TAG:
            return self._tags(values)
        if count == 1:
            return self._number(rule, <object>PyList_GET_ITEM(values, 0))
        items = PyList_New(count)
        for index in range(count):
            item = self._number(rule, <object>PyList_GET_ITEM(values, index))
            if item is None:
                return None  # (the items not set yet are NULL, which a list may hold)
            Py_INCREF(item)
            PyList_SET_ITEM(items, index, item)
        return items

    cdef bint _text_is_valid(self, ValueKind kind, Py_ssize_t max_length, object item):
        """``True`` if `item` is a str the element takes without a warning:
        as it is, or for UI as the text of a UID (a str subclass, such as
        another library's UID, is then taken by its text as UID() takes it)."""
        if type(item) is not str and not (kind == TEXT_UI and isinstance(item, str)):
            return False
        cdef Py_ssize_t length = PyUnicode_GET_LENGTH(item)
        if max_length and length > max_length:
            return False
        # A backslash splits a single value (PS3.5 6.4): the general path does it.
        if length and PyUnicode_FindChar(item, 0x5C, 0, length, 1) != -1:
            return False
        if kind == TEXT:
            return True
        return PyUnicode_IS_ASCII(item) and _valid_text(
            kind, <const uint8_t*>PyUnicode_DATA(item), length
        )

    cdef object _number(self, _VRRule rule, object item):
        """One IS, US...SV, FL or FD value from a JSON number, else None."""
        cdef int overflow = 0
        cdef long long number
        if rule.kind == BINARY_FLOAT:
            if type(item) is float:
                return item
            if type(item) is int:
                try:
                    return float(item)
                except OverflowError:
                    return None
            return None
        if type(item) is not int:
            return None
        number = PyLong_AsLongLongAndOverflow(item, &overflow)
        if rule.kind == INTEGER:
            # IS values are signed 32-bit (PS3.5 Table 6.2-1); others may warn or raise.
            if overflow or not -0x80000000 <= number <= 0x7FFFFFFF:
                return None
            return int.__new__(self.is_class, item)
        if overflow or number < rule.min_value or number > rule.max_value:
            return None
        return item

    cdef object _tags(self, list values):
        """AT values from JSON strings of eight hex digits (PS3.18 F.2.7), else None."""
        cdef Py_ssize_t index, count = PyList_GET_SIZE(values)
        cdef list tags = PyList_New(count)
        cdef long long value
        for index in range(count):
            value = _hex_tag(<object>PyList_GET_ITEM(values, index))
            if value < 0:
                return None  # (the items not set yet are NULL, which a list may hold)
            tag = self.intern_tag(value)
            Py_INCREF(tag)
            PyList_SET_ITEM(tags, index, tag)
        return tags[0] if count == 1 else tags

    cdef object _decimals(self, list values):
        """DS values from JSON numbers: ``ds_class`` instances (auto_format False)."""
        if not self.ds_as_float:
            return None
        cdef Py_ssize_t index, count = PyList_GET_SIZE(values)
        cdef list numbers = PyList_New(count)
        cdef object item
        for index in range(count):
            item = <object>PyList_GET_ITEM(values, index)
            if type(item) is int:
                try:
                    item = float(item)
                except OverflowError:
                    return None
            elif type(item) is not float:
                return None
            Py_INCREF(item)
            PyList_SET_ITEM(numbers, index, item)
        numbers = _float_instances(self.ds_class, numbers, "auto_format", False)
        return numbers[0] if count == 1 else numbers

    cdef object _person_names(self, list values):
        """PN values from JSON person name objects (PS3.18 F.2.2), else None."""
        cdef Py_ssize_t index, count = PyList_GET_SIZE(values)
        cdef list texts = PyList_New(count)
        cdef object item, text
        for index in range(count):
            item = <object>PyList_GET_ITEM(values, index)
            text = _person_name_text(item)
            if text is None:
                return None
            Py_INCREF(text)
            PyList_SET_ITEM(texts, index, text)
        mode = self.validation_mode
        names = [self.person_name_class(text, validation_mode=mode) for text in texts]
        return names[0] if count == 1 else names


cdef long long _hex_tag(object text):
    """The tag of a str of exactly eight hex digits, else -1."""
    if type(text) is not str or PyUnicode_GET_LENGTH(text) != 8 or not PyUnicode_IS_ASCII(text):
        return -1
    cdef const uint8_t* src = <const uint8_t*>PyUnicode_DATA(text)
    cdef long long value = 0
    cdef Py_ssize_t pos
    cdef uint8_t byte
    for pos in range(8):
        byte = src[pos]
        if is_digit(byte):
            value = (value << 4) | (byte - 0x30)
        elif 0x41 <= (byte & 0xDF) <= 0x46:  # A-F, a-f
            value = (value << 4) | ((byte & 0xDF) - 0x41 + 10)
        else:
            return -1
    return value


cdef inline dict _exact_dict(object mapping):
    return <dict>mapping if type(mapping) is dict else None


cdef inline object _dict_get(dict mapping, object key):
    """``mapping.get(key)`` without a method call (errors of the key's
    ``__eq__`` propagate)."""
    cdef PyObject* found = PyDict_GetItemWithError(mapping, key)  # NULL and no error: absent
    return None if found is NULL else <object>found


cdef object _person_name_text(object item):
    """The PN value string of a JSON person name object whose groups are all
    str, that is valid and has no backslash; else None."""
    if type(item) is not dict:
        return None
    cdef dict groups = <dict>item
    cdef Py_ssize_t nr_groups
    # Groups up to the last one present; missing earlier ones are empty (F.2.2).
    if "Phonetic" in groups:
        nr_groups = 3
    elif "Ideographic" in groups:
        nr_groups = 2
    else:
        nr_groups = 1
    cdef list parts = PyList_New(nr_groups)
    cdef Py_ssize_t index
    cdef PyObject* found
    for index in range(nr_groups):
        found = PyDict_GetItemWithError(groups, _PN_GROUP_NAMES[index])
        part = "" if found is NULL else <object>found  # a null group is not ""
        if type(part) is not str:
            return None
        Py_INCREF(part)
        PyList_SET_ITEM(parts, index, part)
    text = "=".join(parts)
    cdef Py_ssize_t length = PyUnicode_GET_LENGTH(text)
    if PyUnicode_FindChar(text, 0x5C, 0, length, 1) != -1:
        return None
    # Valid PN (PS3.5 Table 6.2-1): at most three component groups of at
    # most 64 characters; anything else warns or raises, the general way.
    cdef Py_ssize_t start = 0, end
    for index in range(3):
        end = PyUnicode_FindChar(text, 0x3D, start, length, 1)
        if (length if end == -1 else end) - start > 64:
            return None
        if end == -1:
            return text
        start = end + 1
    return None


# JSON keys already seen -> their tags; bounded.
cdef dict _TAGS_BY_KEY = {}
cdef Py_ssize_t _TAGS_BY_KEY_LIMIT = 1 << 16


# -- to JSON: the loop of Dataset.to_json_dict (PS3.18 F.2) -----------------

from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_GET_SIZE
from cpython.number cimport PyNumber_Float, PyNumber_Long
from cpython.tuple cimport PyTuple_GET_ITEM, PyTuple_GET_SIZE

from dcmcore._codec cimport unpack_numbers_ptr, vr_item_size

# How the JSON "Value" of an element of a VR is made from its value.
cdef enum JsonKind:
    JSON_TEXT     # the str values as they are
    JSON_INT      # int() of each value
    JSON_FLOAT    # float() of each value
    JSON_SQ       # a JSON dataset per item

cdef dict _JSON_KINDS = {
    **{vr: JSON_TEXT for vr in ("AE", "AS", "CS", "DA", "DT", "LO", "LT", "SH", "ST", "TM",
                                "UC", "UI", "UR", "UT")},
    **{vr: JSON_INT for vr in ("IS", "SL", "SS", "SV", "UL", "US", "UV")},
    **{vr: JSON_FLOAT for vr in ("DS", "FD", "FL")},
    "SQ": JSON_SQ,
}

# Raw values whose JSON numbers come from the encoded bytes: DS and IS
# strings (when every item is valid, PS3.5 Table 6.2-1) and the fixed-size
# binary numbers.
cdef enum RawNumberKind:
    RAW_DS
    RAW_IS
    RAW_BINARY

cdef dict _RAW_NUMBER_KINDS = {
    "DS": RAW_DS, "IS": RAW_IS,
    **{vr: RAW_BINARY for vr in ("FD", "FL", "SL", "SS", "SV", "UL", "US", "UV")},
}


cdef bint _is_lut_descriptor(object tag) except -1:
    """``True`` for the LUT Descriptors, whose first value the element's
    conversion corrects when it was read as negative SS (PS3.3 C.7.6.3.1.5,
    C.11.1, C.11.2)."""
    cdef uint32_t tag_value = tag
    return (tag_value == 0x00281101 or tag_value == 0x00281102
            or tag_value == 0x00281103 or tag_value == 0x00283002)


@cython.final
cdef class JsonDictWriter:
    """Builds the JSON dicts of one ``Dataset.to_json_dict`` call (PS3.18 F.2).

    Parameters
    ----------
    raw_class : type
        The raw element class (a tuple subclass: tag, VR, length, value,
        value_tell, is_implicit_VR, is_little_endian, ...).
    element_class, sequence_class, multi_value_class : type
        The element class whose instances are converted here, the SQ value
        class and the multi-value class (``_list`` holds the values).
    int_value_classes, float_value_classes : tuple of type
        Value classes besides int and float whose ``int()``/``float()`` is the
        JSON number (e.g. IS, DSfloat).
    dataset_class : type
        The base dataset class; datasets whose ``__getitem__`` is its own have
        raw elements converted by `convert_raw`, others by ``ds[tag]``.
    convert_raw : callable
        ``convert_raw(dataset, tag, raw)``: converts and stores a raw element.
    raw_vr : callable
        ``raw_vr(raw)``: the VR of a raw element with implicit VR, or None.
    general_json : callable
        ``general_json(elem)``: the JSON attribute of any element not taken
        here, the reference way.
    json_key : callable
        ``json_key(tag)``: the JSON key of a tag.
    json_keys : dict
        Tag -> JSON key cache that `json_key` fills.
    log_error : callable
        Called with the message when an element fails.
    raw_numbers : bool
        ``True`` if raw DS, IS and binary numbers may be read from their bytes
        without converting the element (no callback or NumPy settings).
    """

    # (classes as object: a metaclass such as ABCMeta's instances are not exact types)
    cdef object raw_class, element_class, sequence_class, multi_value_class, dataset_class
    cdef tuple int_value_classes, float_value_classes
    cdef object convert_raw, raw_vr, general_json, json_key, log_error, dataset_getitem
    cdef dict json_keys
    cdef bint raw_numbers

    def __init__(self, raw_class, element_class, sequence_class,
                 multi_value_class, tuple int_value_classes, tuple float_value_classes,
                 dataset_class, convert_raw, raw_vr, general_json, json_key,
                 dict json_keys, log_error, bint raw_numbers):
        self.raw_class = raw_class
        self.element_class = element_class
        self.sequence_class = sequence_class
        self.multi_value_class = multi_value_class
        self.int_value_classes = int_value_classes
        self.float_value_classes = float_value_classes
        self.dataset_class = dataset_class
        self.dataset_getitem = dataset_class.__getitem__
        self.convert_raw = convert_raw
        self.raw_vr = raw_vr
        self.general_json = general_json
        self.json_key = json_key
        self.json_keys = json_keys
        self.log_error = log_error
        self.raw_numbers = raw_numbers

    def dataset(self, dataset, bint suppress_invalid_tags):
        """Return the JSON dict of `dataset`; an element that fails is logged,
        then left out if `suppress_invalid_tags`, else its error raised."""
        return self._dataset(dataset, suppress_invalid_tags)

    cdef dict _dataset(self, object dataset, bint suppress_invalid_tags):
        cdef dict json_dataset = {}
        cdef bint own_getitem = type(dataset).__getitem__ is self.dataset_getitem
        # A copy of the items: converting an element re-binds its tag in _dict.
        for tag, elem in list(dataset._dict.items()):
            json_key = _dict_get(self.json_keys, tag)
            if json_key is None:
                json_key = self.json_key(tag)
            try:
                json_element = None
                if type(elem) is self.raw_class:
                    if self.raw_numbers:
                        json_element = self._raw_numbers(elem)
                    if json_element is None:
                        elem = self.convert_raw(dataset, tag, elem) if own_getitem else dataset[tag]
                if json_element is None:
                    json_element = self._element(elem)
                json_dataset[json_key] = json_element
            except Exception:
                self.log_error(f"Error while processing tag {json_key}")
                if not suppress_invalid_tags:
                    raise
        return json_dataset

    cdef object _raw_numbers(self, object raw):
        """The JSON attribute of a raw DS, IS or binary number element whose
        conversion cannot warn or fail in any validation mode; else None."""
        if PyTuple_GET_SIZE(raw) < 7:
            return None
        vr = <object>PyTuple_GET_ITEM(raw, 1)
        if vr is None:
            vr = self.raw_vr(raw)
        if type(vr) is not str:
            return None
        kind = _dict_get(_RAW_NUMBER_KINDS, vr)
        if kind is None:
            return None
        value = <object>PyTuple_GET_ITEM(raw, 3)
        if type(value) is not bytes or PyBytes_GET_SIZE(value) == 0:
            return None
        cdef const uint8_t* data = <const uint8_t*>PyBytes_AS_STRING(value)
        cdef Py_ssize_t length = PyBytes_GET_SIZE(value)
        cdef RawNumberKind number_kind = kind
        if number_kind != RAW_BINARY:
            numbers = _parse_ds(data, length) if number_kind == RAW_DS else _parse_is(data, length)
            return None if numbers is None else {"vr": vr, "Value": numbers}
        if length % vr_item_size(<str>vr) or _is_lut_descriptor(<object>PyTuple_GET_ITEM(raw, 0)):
            return None  # the element's conversion reports the bad length / fixes the value
        numbers = unpack_numbers_ptr(data, length, <str>vr, bool(<object>PyTuple_GET_ITEM(raw, 6)))
        return {"vr": vr, "Value": numbers if type(numbers) is list else [numbers]}

    cdef object _element(self, object elem):
        """The JSON attribute of an element (the general way for any unusual one)."""
        if type(elem) is not self.element_class:
            return self.general_json(elem)
        vr = elem.VR
        if type(vr) is not str:
            return self.general_json(elem)
        kind = _dict_get(_JSON_KINDS, vr)
        if kind is None:
            return self.general_json(elem)
        value = elem.value
        cdef JsonKind json_kind = kind
        if json_kind == JSON_SQ:
            if type(value) is not self.sequence_class:
                return self.general_json(elem)
            return {"vr": vr, "Value": [self._dataset(item, False) for item in value._list]}
        if value is None:
            return {"vr": vr}  # VM 0
        cdef list values
        if type(value) is self.multi_value_class:
            values = value._list
            if PyList_GET_SIZE(values) < 2:
                return self.general_json(elem)  # (VM 1 gives the MultiValue itself)
        else:
            values = None
        cdef object json_values
        if json_kind == JSON_TEXT:
            if values is not None:
                json_values = values[:]
            elif isinstance(value, str):
                if PyUnicode_GET_LENGTH(value) == 0:
                    return {"vr": vr}  # VM 0
                json_values = [value]
            else:
                return self.general_json(elem)
        else:
            json_values = self._numbers(json_kind, value, values)
            if json_values is None:
                return self.general_json(elem)
        return {"vr": vr, "Value": json_values}

    cdef list _numbers(self, JsonKind kind, object value, list values):
        """The JSON numbers of one `value` or of `values` (when not None);
        None if one is not an int/float (or a value class of one)."""
        cdef Py_ssize_t index, count
        cdef list numbers
        if values is None:
            number = self._number(kind, value)
            return None if number is None else [number]
        count = PyList_GET_SIZE(values)
        numbers = PyList_New(count)
        for index in range(count):
            number = self._number(kind, <object>PyList_GET_ITEM(values, index))
            if number is None:
                return None  # (the items not set yet are NULL, which a list may hold)
            Py_INCREF(number)
            PyList_SET_ITEM(numbers, index, number)
        return numbers

    cdef object _number(self, JsonKind kind, object value):
        cdef type value_type = type(value)
        if kind == JSON_INT:
            if value_type is int:
                return value
            if value_type in self.int_value_classes:
                return PyNumber_Long(value)
            return None
        if value_type is float:
            return value
        if value_type in self.float_value_classes or value_type is int:
            return PyNumber_Float(value)
        return None
