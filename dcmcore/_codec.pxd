"""C-level interface of the value codec, for other extension modules.

``from dcmcore._codec cimport read_u16_le, unpack_numbers_ptr, ...``

The ``read_*``/``write_*`` helpers load and store unsigned integers of a
given byte order at any (possibly unaligned) address. The shift-and-or form
is portable C that compilers turn into a single load (plus a byte swap for
the other byte order). They do no bounds checks: the caller checks that
``src``/``dst`` has the 2, 4 or 8 bytes it reads or writes.

The ``*_ptr`` functions are the bodies of the Python-level kernels of
``_codec.pyx`` without the buffer acquisition, for callers that already hold
a pointer to ``length`` valid bytes (e.g. from ``PyBytes_AS_STRING``). They
check their input exactly as the Python-level kernels do.
"""

from cpython.unicode cimport PyUnicode_GET_LENGTH, PyUnicode_READ_CHAR
from libc.stdint cimport uint8_t, uint16_t, uint32_t, uint64_t


# -- limits -----------------------------------------------------------------

# The value length limits that the C scanners apply (PS3.5 Table 6.2-1), the
# one statement of them: dcmcore.valuerep.MAX_VALUE_LEN and its PN check take
# theirs from _codec.VALUE_LENGTH_LIMITS, which holds these.
cdef enum:
    DS_MAX_LENGTH = 16          # bytes per DS value
    IS_MAX_LENGTH = 12          # bytes per IS value
    UI_MAX_LENGTH = 64          # bytes per UI value
    PN_GROUP_MAX_LENGTH = 64    # characters per PN component group
    # digits an IS value may have and always lie within the IS range of
    # -2**31 to 2**31 - 1, which is checked (with a warning) otherwise
    IS_SAFE_DIGITS = 9


# -- VR codes ---------------------------------------------------------------

# A VR of two upper-case letters has the code (c0 - 'A') * 26 + (c1 - 'A'),
# from 0 to NR_VR_CODES - 1, -1 for anything else: VRs are compared and
# looked up by code on the hot paths, as str comparisons cost a call each.
cdef enum:
    NR_VR_CODES = 676


cdef inline int letters_code(uint32_t c0, uint32_t c1) noexcept nogil:
    # The code of the VR whose letters are the characters c0 and c1.
    if 0x41 <= c0 <= 0x5A and 0x41 <= c1 <= 0x5A:
        return (c0 - 0x41) * 26 + (c1 - 0x41)
    return -1


cdef inline int vr_code(object vr) noexcept:
    # The code of a VR given as a str or a VR member.
    if not isinstance(vr, str) or PyUnicode_GET_LENGTH(vr) != 2:
        return -1
    return letters_code(<uint32_t>PyUnicode_READ_CHAR(vr, 0), <uint32_t>PyUnicode_READ_CHAR(vr, 1))


cdef inline bint is_long_length_vr(int code) noexcept nogil:
    # True for the VRs whose explicit VR header has 2 reserved bytes and a
    # 4-byte length (PS3.5 Table 7.1-1): OB OD OF OL OV OW SQ SV UC UN UR UT
    # UV, the one statement of them (valuerep.EXPLICIT_VR_LENGTH_32 is made
    # from it through _codec.LONG_LENGTH_VRS).
    return (
        code == 365 or code == 367 or code == 369 or code == 375 or code == 385
        or code == 386 or code == 484 or code == 489 or code == 522 or code == 533
        or code == 537 or code == 539 or code == 541
    )


# -- loads ------------------------------------------------------------------

cdef inline uint16_t read_u16_le(const uint8_t* src) noexcept nogil:
    return <uint16_t>(src[0] | (<uint16_t>src[1] << 8))


cdef inline uint16_t read_u16_be(const uint8_t* src) noexcept nogil:
    return <uint16_t>((<uint16_t>src[0] << 8) | src[1])


cdef inline uint32_t read_u32_le(const uint8_t* src) noexcept nogil:
    return (<uint32_t>src[0] | (<uint32_t>src[1] << 8)
            | (<uint32_t>src[2] << 16) | (<uint32_t>src[3] << 24))


cdef inline uint32_t read_u32_be(const uint8_t* src) noexcept nogil:
    return ((<uint32_t>src[0] << 24) | (<uint32_t>src[1] << 16)
            | (<uint32_t>src[2] << 8) | <uint32_t>src[3])


cdef inline uint64_t read_u64_le(const uint8_t* src) noexcept nogil:
    return <uint64_t>read_u32_le(src) | (<uint64_t>read_u32_le(src + 4) << 32)


cdef inline uint64_t read_u64_be(const uint8_t* src) noexcept nogil:
    return (<uint64_t>read_u32_be(src) << 32) | <uint64_t>read_u32_be(src + 4)


cdef inline uint16_t read_u16(const uint8_t* src, bint little_endian) noexcept nogil:
    return read_u16_le(src) if little_endian else read_u16_be(src)


cdef inline uint32_t read_u32(const uint8_t* src, bint little_endian) noexcept nogil:
    return read_u32_le(src) if little_endian else read_u32_be(src)


cdef inline uint64_t read_u64(const uint8_t* src, bint little_endian) noexcept nogil:
    return read_u64_le(src) if little_endian else read_u64_be(src)


# -- stores -----------------------------------------------------------------

cdef inline void write_u16_le(uint8_t* dst, uint16_t value) noexcept nogil:
    dst[0] = <uint8_t>value
    dst[1] = <uint8_t>(value >> 8)


cdef inline void write_u16_be(uint8_t* dst, uint16_t value) noexcept nogil:
    dst[0] = <uint8_t>(value >> 8)
    dst[1] = <uint8_t>value


cdef inline void write_u32_le(uint8_t* dst, uint32_t value) noexcept nogil:
    dst[0] = <uint8_t>value
    dst[1] = <uint8_t>(value >> 8)
    dst[2] = <uint8_t>(value >> 16)
    dst[3] = <uint8_t>(value >> 24)


cdef inline void write_u32_be(uint8_t* dst, uint32_t value) noexcept nogil:
    dst[0] = <uint8_t>(value >> 24)
    dst[1] = <uint8_t>(value >> 16)
    dst[2] = <uint8_t>(value >> 8)
    dst[3] = <uint8_t>value


cdef inline void write_u64_le(uint8_t* dst, uint64_t value) noexcept nogil:
    write_u32_le(dst, <uint32_t>value)
    write_u32_le(dst + 4, <uint32_t>(value >> 32))


cdef inline void write_u64_be(uint8_t* dst, uint64_t value) noexcept nogil:
    write_u32_be(dst, <uint32_t>(value >> 32))
    write_u32_be(dst + 4, <uint32_t>value)


cdef inline void write_u16(uint8_t* dst, uint16_t value, bint little_endian) noexcept nogil:
    if little_endian:
        write_u16_le(dst, value)
    else:
        write_u16_be(dst, value)


cdef inline void write_u32(uint8_t* dst, uint32_t value, bint little_endian) noexcept nogil:
    if little_endian:
        write_u32_le(dst, value)
    else:
        write_u32_be(dst, value)


cdef inline void write_u64(uint8_t* dst, uint64_t value, bint little_endian) noexcept nogil:
    if little_endian:
        write_u64_le(dst, value)
    else:
        write_u64_be(dst, value)


# -- text -------------------------------------------------------------------

# The flags of STRIP_LEADING_WHITESPACE, STRIP_TRAILING_WHITESPACE and
# STRIP_TRAILING_PADDING.
cdef enum:
    LSTRIP_WS = 1
    RSTRIP_WS = 2
    RSTRIP_PAD = 4


cdef inline bint is_latin1_space(uint8_t byte) noexcept nogil:
    # The characters of ISO 8859-1 for which Python's str.isspace() is True.
    return (0x09 <= byte <= 0x0D) or (0x1C <= byte <= 0x20) or byte == 0x85 or byte == 0xA0


cdef inline void strip_bytes(const uint8_t* src, Py_ssize_t* start, Py_ssize_t* end,
                             int flags) noexcept nogil:
    # Narrow [start, end) of `src` as split_text's strip flags do, in their
    # order: leading whitespace, trailing whitespace, then trailing padding.
    if flags & LSTRIP_WS:
        while start[0] < end[0] and is_latin1_space(src[start[0]]):
            start[0] += 1
    if flags & RSTRIP_WS:
        while end[0] > start[0] and is_latin1_space(src[end[0] - 1]):
            end[0] -= 1
    if flags & RSTRIP_PAD:
        while end[0] > start[0] and (src[end[0] - 1] == 0x20 or src[end[0] - 1] == 0x00):
            end[0] -= 1


# -- kernels on a pointer (see the Python-level functions in _codec.pyi) -----

# Bytes per value of a fixed-size binary VR (US SS UL SL UV SV FL FD AT),
# 0 for any other VR.
cdef Py_ssize_t vr_item_size(str vr) noexcept

# unpack_numbers() on `length` bytes at `src`.
cdef object unpack_numbers_ptr(const uint8_t* src, Py_ssize_t length, str vr,
                               bint little_endian)

# split_text() on `length` bytes at `src`, decoded as ISO 8859-1
# (`split` defaults to True).
cdef object split_text_ptr(const uint8_t* src, Py_ssize_t length,
                           int whole_strip, int item_strip, bint split=*)


cdef inline bint is_digit(uint8_t byte) noexcept nogil:
    return 0x30 <= byte <= 0x39


cdef inline Py_ssize_t decimal_number_end(const uint8_t* src, Py_ssize_t pos,
                                          Py_ssize_t end) noexcept nogil:
    # The end of the decimal number starting at `pos` (before `end`), or -1 if
    # none starts there: [+-]? (d+ (. d*)? | . d+) ([eE] [+-]? d+)?, which is
    # both the DS format without its spaces (PS3.5 Table 6.2-1) and what
    # Python's float() reads. Shared by the element and JSON DS kernels.
    cdef Py_ssize_t nr_digits = 0
    if pos < end and (src[pos] == 0x2B or src[pos] == 0x2D):
        pos += 1
    while pos < end and is_digit(src[pos]):
        pos += 1
        nr_digits += 1
    if pos < end and src[pos] == 0x2E:
        pos += 1
        while pos < end and is_digit(src[pos]):
            pos += 1
            nr_digits += 1
    if nr_digits == 0:
        return -1
    if pos < end and (src[pos] == 0x45 or src[pos] == 0x65):
        pos += 1
        if pos < end and (src[pos] == 0x2B or src[pos] == 0x2D):
            pos += 1
        nr_digits = 0
        while pos < end and is_digit(src[pos]):
            pos += 1
            nr_digits += 1
        if nr_digits == 0:
            return -1
    return pos


cdef inline Py_ssize_t skip_spaces(const uint8_t* src, Py_ssize_t pos,
                                   Py_ssize_t end) noexcept nogil:
    while pos < end and src[pos] == 0x20:
        pos += 1
    return pos


cdef inline Py_ssize_t ds_item_end(const uint8_t* src, Py_ssize_t start,
                                   Py_ssize_t end) noexcept nogil:
    # The end of the DS item at `start`, ' '* number ' '* (see
    # decimal_number_end), if a backslash or `end` follows it; else -1. The
    # length limit is the caller's: callers count the spaces differently.
    cdef Py_ssize_t pos = decimal_number_end(src, skip_spaces(src, start, end), end)
    if pos < 0:
        return -1
    pos = skip_spaces(src, pos, end)
    if pos < end and src[pos] != 0x5C:
        return -1
    return pos


cdef inline Py_ssize_t is_item_end(const uint8_t* src, Py_ssize_t start,
                                   Py_ssize_t end) noexcept nogil:
    # The end of the IS item at `start`, ' '* [+-]? digits ' '*, if a
    # backslash or `end` follows it; else -1. The length limit is the caller's.
    cdef Py_ssize_t pos = skip_spaces(src, start, end)
    cdef Py_ssize_t digits_start
    if pos < end and (src[pos] == 0x2B or src[pos] == 0x2D):
        pos += 1
    digits_start = pos
    while pos < end and is_digit(src[pos]):
        pos += 1
    if pos == digits_start:
        return -1
    pos = skip_spaces(src, pos, end)
    if pos < end and src[pos] != 0x5C:
        return -1
    return pos


cdef inline bint is_uid_text(const uint8_t* src, Py_ssize_t length) noexcept nogil:
    # True if the `length` bytes at `src` follow the UID grammar of PS3.5 9.1:
    # dot-separated numbers without leading zeros,
    # (0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*. The length limit is the caller's.
    cdef Py_ssize_t pos = 0
    while True:
        if pos == length or not is_digit(src[pos]):
            return False
        if src[pos] == 0x30:
            pos += 1
        else:
            while pos < length and is_digit(src[pos]):
                pos += 1
        if pos == length:
            return True
        if src[pos] != 0x2E:
            return False
        pos += 1
