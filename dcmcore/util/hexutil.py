"""Conversions between bytes and their hex text, handy for writing test data."""

from binascii import a2b_hex, b2a_hex
from typing import Union

from dcmcore.charset import default_encoding


def hex2bytes(hexstring: Union[str, bytes]) -> bytes:
    """Return the bytes written as hex pairs in `hexstring`.

    Spaces between the pairs are ignored (other white space is not), so
    that byte sequences can be written as implicitly joined string literals
    with a comment on each line.

    Parameters
    ----------
    hexstring : str or bytes
        Hex digits, for example ``"08 00 32 10"``.

    Returns
    -------
    bytes

    Raises
    ------
    TypeError
        If `hexstring` is neither ``str`` nor ``bytes``.
    binascii.Error
        If the digits are odd in number or not hex.

    Examples
    --------
    >>> hex2bytes(
    ...     "08 00 32 10 "  # (0008,1032) Procedure Code Sequence
    ...     "08 00 00 00"  # length 8
    ... )
    b'\\x08\\x002\\x10\\x08\\x00\\x00\\x00'
    """
    if isinstance(hexstring, bytes):
        return a2b_hex(hexstring.replace(b" ", b""))
    if isinstance(hexstring, str):
        return a2b_hex(hexstring.replace(" ", "").encode(default_encoding))
    raise TypeError("argument shall be bytes or string type")


def bytes2hex(byte_string: bytes) -> str:
    """Return `byte_string` as lower-case hex pairs separated by spaces.

    Examples
    --------
    >>> bytes2hex(b"\\x08\\x002\\x10")
    '08 00 32 10'
    """
    digits = b2a_hex(byte_string).decode()
    return " ".join(digits[index : index + 2] for index in range(0, len(digits), 2))
