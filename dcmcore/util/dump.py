"""Hex dumps of files and bytes, and a dataset printer, for debugging the
reading and writing of files (pydicom 2.4's ``pydicom.util.dump``)."""

import os
from io import BytesIO
from typing import TYPE_CHECKING, BinaryIO, Optional, Union

from dcmcore.valuerep import VR

if TYPE_CHECKING:  # pragma: no cover
    from dcmcore.dataset import Dataset

_BYTES_PER_LINE = 16
# the hex column: 16 pairs and their separators, and one space more
_HEX_COLUMN_WIDTH = 49


def print_character(ordchr: int) -> str:
    """Return the character of code `ordchr` if it is printable ASCII, else ``"."``.

    The backslash (92) and the tilde (126) are given as ``"."`` too, as in
    pydicom.
    """
    return chr(ordchr) if 31 < ordchr < 126 and ordchr != 92 else "."


def filedump(
    filename: Union[str, bytes, os.PathLike],
    start_address: int = 0,
    stop_address: Optional[int] = None,
) -> str:
    """Return a hex dump (see :func:`hexdump`) of the file `filename`."""
    with open(filename, "rb") as fp:
        return hexdump(fp, start_address, stop_address)


def datadump(data: bytes, start_address: int = 0, stop_address: Optional[int] = None) -> str:
    """Return a hex dump (see :func:`hexdump`) of `data`."""
    return hexdump(BytesIO(data), start_address, stop_address)


def hexdump(
    f: BinaryIO,
    start_address: int = 0,
    stop_address: Optional[int] = None,
    show_address: bool = True,
) -> str:
    """Return a hex dump of the file-like `f`, 16 bytes a line.

    Parameters
    ----------
    f : file-like
        Binary, seekable.
    start_address : int, optional
        The offset of the first byte dumped.
    stop_address : int, optional
        No line starts after this offset; by default the dump runs to the
        end.
    show_address : bool, optional
        ``True`` to begin each line with its offset in hex.

    Returns
    -------
    str
        One line per 16 bytes: the offset, the bytes as upper-case hex
        pairs and the bytes as characters (see :func:`print_character`).
    """
    address_width = len(f"{stop_address if stop_address else f.seek(0, 2):X}")
    f.seek(start_address)
    lines = []
    while True:
        offset = f.tell()
        if stop_address and offset > stop_address:
            break
        data = f.read(_BYTES_PER_LINE)
        if not data:
            break
        address = f"{offset:0{address_width}X}  " if show_address else ""
        pairs = " ".join(f"{byte:02X}" for byte in data)
        characters = "".join(print_character(byte) for byte in data)
        lines.append(f"{address}{pairs:<{_HEX_COLUMN_WIDTH}}{characters}")
    return "\n".join(lines)


def pretty_print(ds: "Dataset", indent_level: int = 0, indent_chars: str = "  ") -> None:
    """Print `ds` one element at a time, items indented.

    Unlike ``str(ds)``, each line is printed as soon as it is made, which
    shows where an element that fails to convert sits. As in pydicom, the
    items of sequences are indented with the default `indent_chars`.
    """
    indent = indent_chars * indent_level
    item_end = indent_chars * (indent_level + 1) + "---------"
    for elem in ds:
        if elem.VR == VR.SQ:
            print(f"{indent}{elem.tag} {elem.name} -- {len(elem.value)} item(s)")
            for item in elem.value:
                pretty_print(item, indent_level + 1)
                print(item_end)
        else:
            print(indent + repr(elem))
