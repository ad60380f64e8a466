"""A lean reader of DICOM files: the elements as tuples straight from the
file, with no datasets and no conversion (pydicom 2.4's
``pydicom.util.leanread``).

Each element is ``((group, element), VR, length, value, value_tell)``: the
VR as bytes (``None`` in implicit VR), the value as bytes (``None`` when
deferred, and for an undefined-length sequence, whose items then follow as
elements of their own).
"""

import os
from struct import Struct
from types import TracebackType
from typing import BinaryIO, Callable, Iterator, Optional, Tuple, Type, Union

from dcmcore.datadict import dictionary_VR
from dcmcore.filereader import _size_in_bytes
from dcmcore.tag import ItemTag, TupleTag
from dcmcore.uid import UID
from dcmcore.valuerep import EXPLICIT_VR_LENGTH_32

extra_length_VRs_b = tuple(vr.encode("ascii") for vr in EXPLICIT_VR_LENGTH_32)
ExplicitVRLittleEndian = b"1.2.840.10008.1.2.1"
ImplicitVRLittleEndian = b"1.2.840.10008.1.2"
DeflatedExplicitVRLittleEndian = b"1.2.840.10008.1.2.1.99"
ExplicitVRBigEndian = b"1.2.840.10008.1.2.2"

_ElementType = Tuple[Tuple[int, int], Optional[bytes], int, Optional[bytes], int]
_UNDEFINED_LENGTH = 0xFFFFFFFF


class dicomfile:
    """A DICOM file opened for iteration over its elements, as a context
    manager that closes it.

    Parameters
    ----------
    filename : str, bytes or PathLike
        The file; its preamble is ``None`` if it has no ``DICM`` prefix.
    """

    def __init__(self, filename: Union[str, bytes, os.PathLike]) -> None:
        self.fobj = open(filename, "rb")
        self.preamble: Optional[bytes] = self.fobj.read(128)
        if self.fobj.read(4) != b"DICM":
            self.preamble = None
            self.fobj.seek(0)

    def __enter__(self) -> "dicomfile":
        return self

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc_val: Optional[BaseException],
        exc_tb: Optional[TracebackType],
    ) -> Optional[bool]:
        self.fobj.close()
        return None

    def __iter__(self) -> Iterator[_ElementType]:
        """The file meta elements, then those of the data set in the
        encoding its Transfer Syntax UID gives.

        Raises
        ------
        NotImplementedError
            If the file meta information has no Transfer Syntax UID.
        """
        transfer_syntax: Optional[UID] = None
        for elem in data_element_generator(self.fobj, False, True, lambda group, _: group != 2):
            if elem[0] == (0x0002, 0x0010):
                transfer_syntax = UID(bytes(elem[3] or b"").strip(b" \0").decode("ascii"))
            yield elem
        if not transfer_syntax:
            raise NotImplementedError("No transfer syntax in file meta info")
        yield from data_element_generator(self.fobj, transfer_syntax.is_implicit_VR, transfer_syntax.is_little_endian)


def data_element_generator(
    fp: BinaryIO,
    is_implicit_VR: bool,
    is_little_endian: bool,
    stop_when: Optional[Callable[[int, int], bool]] = None,
    defer_size: Optional[Union[str, int, float]] = None,
) -> Iterator[_ElementType]:
    """Yield ``((group, element), VR, length, value, value_tell)`` for each
    element header read from `fp` on.

    Parameters
    ----------
    fp : file-like
        Positioned at an element header.
    is_implicit_VR, is_little_endian : bool
        The encoding.
    stop_when : callable, optional
        ``stop_when(group, element)`` returns ``True`` to stop in front of
        that element (`fp` is left at its header).
    defer_size : int, float or str, optional
        Values longer than this are given as ``None`` and skipped.

    Raises
    ------
    NotImplementedError
        For an undefined-length element that is not a sequence.
    """
    byte_order = "<" if is_little_endian else ">"
    header = Struct(byte_order + ("HHL" if is_implicit_VR else "HH2sH"))
    long_length = Struct(byte_order + "L")
    tag_struct = Struct(byte_order + "HH")
    limit = _size_in_bytes(defer_size)
    while True:
        raw_header = fp.read(8)
        if len(raw_header) < 8:
            return
        if is_implicit_VR:
            group, element, length = header.unpack(raw_header)
            vr: Optional[bytes] = None
        else:
            group, element, vr, length = header.unpack(raw_header)
            if vr in extra_length_VRs_b:
                length = long_length.unpack(fp.read(4))[0]
        value_tell = fp.tell()
        if stop_when is not None and stop_when(group, element):
            fp.seek(value_tell - (12 if not is_implicit_VR and vr in extra_length_VRs_b else 8))
            return
        if length != _UNDEFINED_LENGTH:
            if limit is not None and length > limit:
                fp.seek(value_tell + length)
                yield (group, element), vr, length, None, value_tell
            else:
                yield (group, element), vr, length, fp.read(length), value_tell
            continue
        if vr is None:
            try:
                vr = dictionary_VR((group, element)).encode("ascii")
            except KeyError:
                # unknown: a sequence if an item follows
                following = TupleTag(tag_struct.unpack(fp.read(4)))
                fp.seek(fp.tell() - 4)
                if following == ItemTag:
                    vr = b"SQ"
        if vr != b"SQ":
            raise NotImplementedError("This reader does not handle undefined length except for SQ")
        yield (group, element), vr, length, None, value_tell
