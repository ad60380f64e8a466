"""Stub of the Cython kernels ``dcmcore._json`` of the text models (JSON, XML).

The kernels turn whole encoded DS and IS values into Python numbers when
every item is valid (PS3.5 Table 6.2-1) and say ``None`` otherwise, so that
the caller converts the value the exact way. Cython signatures are given in
the comments. Buffers may be bytes, bytearray, memoryview or mmap; they are
read, never kept.
"""

from typing import List, Optional, Union

_Buffer = Union[bytes, bytearray, memoryview]

# def parse_ds(const uint8_t[::1] src)
def parse_ds(src: _Buffer) -> Optional[List[float]]:
    """Return the numbers of an encoded DS value.

    Trailing spaces and NULs of the whole value are padding. Each item must
    match ``' '* [+-]? (digits ('.' digits?)? | '.' digits) ([eE] [+-]? digits)? ' '*``
    and be at most 16 bytes long, its spaces included.

    Returns
    -------
    list of float or None
        The numbers, as ``float()`` of each item gives them (correctly
        rounded, independent of the locale); ``None`` if the value is empty
        or an item is not valid.
    """

# def parse_is(const uint8_t[::1] src)
def parse_is(src: _Buffer) -> Optional[List[int]]:
    """Return the integers of an encoded IS value.

    As :func:`parse_ds` with items ``' '* [+-]? digits ' '*`` of at most 12
    bytes; ``None`` also when a number is outside the signed 32-bit range.
    """

# def float_instances(type float_type, list numbers, str attribute, object attribute_value)
def float_instances(
    float_type: type, numbers: List[float], attribute: str, attribute_value: object
) -> List[float]:
    """Return instances of the float subclass `float_type` of the floats `numbers`.

    Each is made as ``float.__new__(float_type, number)`` makes it, then
    `attribute` is set to `attribute_value`; ``float_type.__init__`` is not
    called.

    Raises
    ------
    TypeError
        If `float_type` is not a float subclass, or a number is not a float.
    """
