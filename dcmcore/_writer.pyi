"""Stub of ``dcmcore._writer``, the Cython element writer used by
:mod:`dcmcore.filewriter`. Cython signatures are given in the comments."""

from typing import Any, Dict, List, Sequence

def set_item_type(item_type: type) -> None:
    """Name the Dataset class whose instances the kernel writes as items."""

# def explicit_vr_header_size(str vr) -> int
def explicit_vr_header_size(vr: str) -> int:
    """Bytes of the element header of `vr` in explicit VR (PS3.5 7.1.2):
    12 for the VRs with a 32-bit length, 8 for the others, 0 for a str that
    is not a VR."""

# def write_elements(bytearray dst not None, list elements not None,
#                    Py_ssize_t start, bint implicit_vr, bint little_endian,
#                    bint charset_is_ascii, object encodings) -> int
def write_elements(
    dst: bytearray,
    elements: List[Any],
    start: int,
    implicit_vr: bool,
    little_endian: bool,
    charset_is_ascii: bool,
    encodings: Sequence[str],
) -> int:
    """Append the encoded ``elements[start:]`` (RawDataElement or
    DataElement, in tag order) to `dst`; return ``len(elements)``, or the
    index of the first element left to the Python writers."""

# def sorted_elements(dict elements not None) -> list
def sorted_elements(elements: Dict[int, Any]) -> List[Any]:
    """The values of `elements` (tag -> element) in ascending tag order."""

# def has_tag_between(dict elements not None, uint32_t first, uint32_t last) -> bool
def has_tag_between(elements: Dict[int, Any], first: int, last: int) -> bool:
    """``True`` if a key of `elements` (tags) lies in ``[first, last]``."""
