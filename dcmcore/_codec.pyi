"""Stub of the Cython value codec ``dcmcore._codec``.

The kernels turn encoded DICOM values into Python values and back. They know
nothing of datasets or configuration: :mod:`dcmcore.values` (reading) and the
writer apply pydicom's policies (validation modes, warnings, value types) on
top. Cython signatures are given in the comments.

Buffers (``src``) may be bytes, bytearray, memoryview, mmap or any C-contiguous
buffer of bytes; they are read, never kept.
"""

from typing import Dict, FrozenSet, Iterable, List, Sequence, Union

import numpy

_Buffer = Union[bytes, bytearray, memoryview]
_Number = Union[int, float]

# Flags for split_text(): which characters to strip, applied in this order:
# whitespace (Python's str.isspace) first, then padding.
STRIP_LEADING_WHITESPACE: int  # like str.lstrip()
STRIP_TRAILING_WHITESPACE: int  # like str.rstrip()
STRIP_TRAILING_PADDING: int  # like str.rstrip("\0 "): the pad bytes of PS3.5 6.2
#: VR -> the length limit the C scanners check its values against (PN: per
#: component group), the one table of those limits (see _codec.pxd)
VALUE_LENGTH_LIMITS: Dict[str, int]
#: The VRs with a 4-byte length field in explicit VR (PS3.5 Table 7.1-1).
LONG_LENGTH_VRS: FrozenSet[str]

def item_size(vr: str) -> int:
    """Bytes per value of a fixed-size binary VR, 0 for any other VR.

    US SS -> 2, UL SL FL AT -> 4, UV SV FD -> 8.
    """

# def unpack_numbers(const uint8_t[::1] src not None, str vr, bint little_endian)
def unpack_numbers(
    src: _Buffer, vr: str, little_endian: bool
) -> Union[_Number, List[int], List[float]]:
    """Decode a US, SS, UL, SL, UV, SV, FL, FD or AT value.

    Parameters
    ----------
    src : buffer
        The encoded value.
    vr : str
        One of the fixed-size binary VRs.
    little_endian : bool
        The byte order of `src`.

    Returns
    -------
    int, float or list
        The value itself when `src` holds exactly one value, else a list
        (empty for an empty `src`). AT values are the 32-bit tag numbers
        ``(group << 16) | element`` as plain int.

    Raises
    ------
    dcmcore.errors.BytesLengthException
        If the length of `src` is not a multiple of the VR's item size
        (the message is pydicom's ``convert_numbers`` one).
    ValueError
        If `vr` is not a fixed-size binary VR.
    """

# def unpack_array(object src, str vr, bint little_endian)  (src: a C-contiguous byte buffer)
def unpack_array(src: _Buffer, vr: str, little_endian: bool) -> numpy.ndarray:
    """Decode a fixed-size binary VR value to a 1-D NumPy array.

    The fast route for big values (LUTs, curves, waveforms): no Python
    object per value. The dtype is the VR's type in native byte order
    (AT gives uint32 tag numbers). When `src` is already in native byte
    order the array is a view of `src` (read-only if `src` is), otherwise
    it is a new array.

    Raises
    ------
    dcmcore.errors.BytesLengthException, ValueError
        As :func:`unpack_numbers`.
    """

# def pack_numbers(object values, str vr, bint little_endian) -> bytes
def pack_numbers(
    values: Union[_Number, Iterable[_Number]], vr: str, little_endian: bool
) -> bytes:
    """Encode one number or an iterable of numbers as a binary VR value.

    Integers (and objects with ``__index__`` such as BaseTag or NumPy
    integers) for US, SS, UL, SL, UV, SV and AT (the 32-bit tag number);
    real numbers for FL and FD. ``None`` or ``""`` give ``b""``.

    Raises
    ------
    struct.error, OverflowError, TypeError
        For a value that :func:`struct.pack` would refuse, with the
        exception and message :func:`struct.pack` gives for it.
    ValueError
        If `vr` is not a fixed-size binary VR.
    """

# def split_text(object src, int whole_strip=STRIP_TRAILING_PADDING,
#                int item_strip=0, bint split=True)
def split_text(
    src: Union[_Buffer, str],
    whole_strip: int = ...,
    item_strip: int = 0,
    split: bool = True,
) -> Union[str, List[str]]:
    """Strip a text value and split it at backslashes (PS3.5 6.4).

    Parameters
    ----------
    src : buffer or str
        The value: encoded bytes, decoded here as ISO 8859-1 (the default
        repertoire, pydicom's ``"iso8859"``), or an already decoded str.
    whole_strip : int
        ``STRIP_*`` flags applied to the whole value before splitting.
    item_strip : int
        ``STRIP_*`` flags applied to each value after splitting.
    split : bool
        ``False`` for the single-valued VRs (LT, ST, UT, UR), whose
        backslashes are text.

    Returns
    -------
    str or list of str
        The one value, or a list of two or more.
    """

# def encode_text(object value, uint8_t pad=0x20) -> bytes
def encode_text(value: Union[str, Sequence[str]], pad: int = 0x20) -> bytes:
    """Encode a text value of the default repertoire (ISO 8859-1).

    Several values are joined with backslashes; an odd-length result gets
    one `pad` byte (space, or NUL for UI) to make it even (PS3.5 6.2).

    Raises
    ------
    UnicodeEncodeError
        For a character outside ISO 8859-1.
    """

# def pad_even(const uint8_t[::1] src not None, uint8_t pad) -> bytes
def pad_even(src: _Buffer, pad: int) -> bytes:
    """Return `src` as bytes, with one `pad` byte appended if its length is odd."""
