"""Character sets of text values: (0008,0005) *Specific Character Set*.

Maps the DICOM defined terms to Python codecs and decodes/encodes text values,
including ISO 2022 code extensions, where escape sequences switch the
character set inside a value (PS3.5 6.1.2.5, PS3.3 C.12.1.1.2).
"""

import codecs
import re
import warnings
from typing import TYPE_CHECKING, Dict, List, MutableSequence, Optional, Sequence, Set, Union

from dcmcore import config
from dcmcore.valuerep import CUSTOMIZABLE_CHARSET_VR, TEXT_VR_DELIMS, VR, PersonName

if TYPE_CHECKING:  # pragma: no cover
    from dcmcore.dataelem import DataElement

#: The codec used when no character set is given: ISO-IR 6 (ASCII) read as
#: latin-1, so a stray high byte does not fail.
default_encoding = "iso8859"

#: DICOM defined term of (0008,0005) -> Python codec (PS3.3 Tables C.12-2 to C.12-5).
python_encoding = {
    "": default_encoding,
    "ISO_IR 6": default_encoding,
    "ISO_IR 13": "shift_jis",
    "ISO_IR 100": "latin_1",
    "ISO_IR 101": "iso8859_2",
    "ISO_IR 109": "iso8859_3",
    "ISO_IR 110": "iso8859_4",
    "ISO_IR 126": "iso_ir_126",
    "ISO_IR 127": "iso_ir_127",
    "ISO_IR 138": "iso_ir_138",
    "ISO_IR 144": "iso_ir_144",
    "ISO_IR 148": "iso_ir_148",
    "ISO_IR 166": "iso_ir_166",
    "ISO 2022 IR 6": "iso8859",
    "ISO 2022 IR 13": "shift_jis",
    "ISO 2022 IR 87": "iso2022_jp",
    "ISO 2022 IR 100": "latin_1",
    "ISO 2022 IR 101": "iso8859_2",
    "ISO 2022 IR 109": "iso8859_3",
    "ISO 2022 IR 110": "iso8859_4",
    "ISO 2022 IR 126": "iso_ir_126",
    "ISO 2022 IR 127": "iso_ir_127",
    "ISO 2022 IR 138": "iso_ir_138",
    "ISO 2022 IR 144": "iso_ir_144",
    "ISO 2022 IR 148": "iso_ir_148",
    "ISO 2022 IR 149": "euc_kr",
    "ISO 2022 IR 159": "iso2022_jp_2",
    "ISO 2022 IR 166": "iso_ir_166",
    "ISO 2022 IR 58": "iso_ir_58",
    "ISO_IR 192": "UTF8",
    "GB18030": "GB18030",
    "ISO 2022 GBK": "GBK",
    "ISO 2022 58": "GB2312",
    "GBK": "GBK",
}

#: Character sets that allow no code extensions (PS3.3 Table C.12-5, PS3.5 6.1.2.5.4 d).
STAND_ALONE_ENCODINGS = ("ISO_IR 192", "GBK", "GB18030")

#: The escape character that starts an ISO 2022 escape sequence.
ESC = b"\x1b"

#: Escape sequence -> Python codec (PS3.3 Tables C.12-3 and C.12-4).
CODES_TO_ENCODINGS = {
    ESC + b"(B": default_encoding,  # back to ASCII in G0
    ESC + b"-A": "latin_1",
    ESC + b")I": "shift_jis",  # ISO-IR 13 (katakana)
    ESC + b"(J": "shift_jis",  # ISO-IR 14 (romaji); shift_jis covers both
    ESC + b"$B": "iso2022_jp",
    ESC + b"-B": "iso8859_2",
    ESC + b"-C": "iso8859_3",
    ESC + b"-D": "iso8859_4",
    ESC + b"-F": "iso_ir_126",
    ESC + b"-G": "iso_ir_127",
    ESC + b"-H": "iso_ir_138",
    ESC + b"-L": "iso_ir_144",
    ESC + b"-M": "iso_ir_148",
    ESC + b"-T": "iso_ir_166",
    ESC + b"$)C": "euc_kr",
    ESC + b"$(D": "iso2022_jp_2",
    ESC + b"$)A": "iso_ir_58",
}

#: Python codec -> the escape sequence that selects it (ISO-IR 13 for shift_jis).
ENCODINGS_TO_CODES = {encoding: code for code, encoding in CODES_TO_ENCODINGS.items()}
ENCODINGS_TO_CODES["shift_jis"] = ESC + b")I"

#: Codecs that read and write their escape sequences themselves.
handled_encodings = ("iso2022_jp", "iso2022_jp_2", "iso_ir_58")

#: Codecs after whose text an escape sequence back to the first character set
#: is needed, as they switch G0 away from ASCII.
need_tail_escape_sequence_encodings = ("iso2022_jp", "iso2022_jp_2")

# A value split into the part before the first ESC and the runs that each
# start with an ESC.
_FRAGMENTS = re.compile(b"(^[^\x1b]+|[\x1b][^\x1b]*)")


# Python codec name -> True if it is ISO 8859-1, whose bytes are their own
# code points: such text is split and stripped as bytes before decoding.
_latin1_codecs: Dict[str, bool] = {}


def _is_latin1(encoding: str) -> bool:
    is_latin1 = _latin1_codecs.get(encoding)
    if is_latin1 is None:
        try:
            is_latin1 = codecs.lookup(encoding).name == "iso8859-1"
        except (LookupError, TypeError):
            is_latin1 = False  # decode_bytes reports it as pydicom does
        if len(_latin1_codecs) < 64:
            _latin1_codecs[encoding] = is_latin1
    return is_latin1


def _raising_on_read() -> bool:
    return config.settings.reading_validation_mode == config.RAISE


def _encode_to_jis_x_0201(value: str, errors: str = "strict") -> bytes:
    """Encode `value` in one half of JIS X 0201 (ISO-IR 14 romaji or ISO-IR 13
    katakana), the half being chosen by its first character.

    With `errors` other than ``'strict'`` (a fallback), every character that
    is not single-byte ISO-IR 14 becomes ``'?'``.

    Raises
    ------
    UnicodeEncodeError
        In strict mode, for a character outside the chosen half.
    """
    encoder = codecs.getincrementalencoder("shift_jis")()
    if errors != "strict" or value == "":
        encoded = bytearray()
        for char in value:
            try:
                byte = encoder.encode(char)
            except UnicodeEncodeError:
                byte = b"?"
            if len(byte) != 1 or byte[0] >= 0x80:
                byte = b"?"
            encoded += byte
        return bytes(encoded)

    first = encoder.encode(value[0])
    if len(first) != 1:
        raise UnicodeEncodeError("shift_jis", value, 0, len(value), "illegal multibyte sequence")
    high_half = first[0] & 0x80  # set for ISO-IR 13, clear for ISO-IR 14
    encoded = bytearray(first)
    for index in range(1, len(value)):
        try:
            byte = encoder.encode(value[index])
        except UnicodeEncodeError as exc:
            exc.start, exc.end = index, len(value)
            raise
        if len(byte) != 1 or (byte[0] & 0x80) != high_half:
            character_set = "ISO IR 13" if high_half else "ISO IR 14"
            raise UnicodeEncodeError(
                "shift_jis", value, index, len(value), f"Given character is out of {character_set}"
            )
        encoded += byte
    return bytes(encoded)


def _encode_to_jis_x_0208(value: str, errors: str = "strict") -> bytes:
    """Encode `value` in JIS X 0208 (ISO 2022 IR 87)."""
    return _encode_to_given_charset(value, "ISO 2022 IR 87", errors=errors)


def _encode_to_jis_x_0212(value: str, errors: str = "strict") -> bytes:
    """Encode `value` in JIS X 0212 (ISO 2022 IR 159)."""
    return _encode_to_given_charset(value, "ISO 2022 IR 159", errors=errors)


def _encode_to_given_charset(value: str, character_set: str, errors: str = "strict") -> bytes:
    """Encode `value` entirely in the multi-byte `character_set`.

    The encoded text starts with the set's escape sequence but has no final
    escape back (the caller adds the one its first character set needs).
    With `errors` other than ``'strict'`` the codec's own output, including
    its final escape, is returned.

    Raises
    ------
    UnicodeEncodeError
        In strict mode, for a character outside `character_set`.
    """
    encoding = python_encoding[character_set]
    if errors != "strict":
        return value.encode(encoding, errors=errors)

    encoder = codecs.getincrementalencoder(encoding)()
    encoded = encoder.encode(value[0])
    if not encoded.startswith(ENCODINGS_TO_CODES[encoding]):
        raise UnicodeEncodeError(
            encoding, value, 0, len(value), f"Given character is out of {character_set}"
        )
    for index in range(1, len(value)):
        try:
            chunk = encoder.encode(value[index])
        except UnicodeEncodeError as exc:
            exc.start, exc.end = index, len(value)
            raise
        if chunk[:1] == ESC:  # the codec had to switch to another set
            raise UnicodeEncodeError(
                encoding, value, index, len(value), f"Given character is out of {character_set}"
            )
        encoded += chunk
    return encoded


def _get_escape_sequence_for_encoding(encoding: str, encoded: Optional[bytes] = None) -> bytes:
    """Return the escape sequence selecting `encoding` (``b''`` if none).

    For shift_jis, the half of JIS X 0201 that `encoded` starts in decides
    between ISO-IR 13 and ISO-IR 14.
    """
    if encoding == "shift_jis":
        if encoded is not None and encoded[0] >= 0x80:
            return ESC + b")I"
        return ESC + b"(J"
    return ENCODINGS_TO_CODES.get(encoding, b"")


#: Codecs with their own encoder here instead of Python's.
custom_encoders = {
    "shift_jis": _encode_to_jis_x_0201,
    "iso2022_jp": _encode_to_jis_x_0208,
    "iso2022_jp_2": _encode_to_jis_x_0212,
}


def decode_bytes(value: bytes, encodings: Sequence[str], delimiters: Set[int]) -> str:
    """Decode the text value `value` with the codecs `encodings`.

    Text before any escape sequence uses the first codec; each run starting
    with an escape sequence uses the codec it selects, up to the first
    delimiter, after which the first codec applies again (PS3.5 6.1.2.5.3).

    Parameters
    ----------
    value : bytes
        The encoded value.
    encodings : list of str
        Python codecs, as :func:`convert_encodings` returns them.
    delimiters : set of int
        Byte values that end an escape-selected run (e.g.
        :data:`~dcmcore.valuerep.TEXT_VR_DELIMS`).

    Returns
    -------
    str
        The text. A part that cannot be decoded is decoded with the first
        codec and replacement characters, with a warning, unless the reading
        validation mode is ``RAISE``.

    Raises
    ------
    UnicodeDecodeError
        If decoding fails and the reading validation mode is ``RAISE``.
    LookupError
        If the first codec is unknown and the reading validation mode is
        ``RAISE``.
    ValueError
        For an unknown escape sequence in ``RAISE`` mode.
    """
    if ESC not in value:
        encoding = encodings[0]
        try:
            return value.decode(encoding)
        except LookupError:
            # Not an optional check, so IGNORE warns too.
            if _raising_on_read():
                raise
            warnings.warn(f"Unknown encoding '{encoding}' - using default encoding instead")
            return value.decode(default_encoding)
        except UnicodeError:
            if _raising_on_read():
                raise
            warnings.warn(
                f"Failed to decode byte string with encoding '{encoding}' - using "
                "replacement characters in decoded string"
            )
            return value.decode(encoding, errors="replace")

    return "".join(
        [_decode_fragment(fragment, encodings, delimiters) for fragment in _FRAGMENTS.findall(value)]
    )


#: Another name of :func:`decode_bytes`.
decode_string = decode_bytes


def _decode_fragment(byte_str: bytes, encodings: Sequence[str], delimiters: Set[int]) -> str:
    """Decode one run of a value: the part before the first escape sequence
    (with the first codec) or a run starting with an escape sequence."""
    try:
        if byte_str.startswith(ESC):
            return _decode_escaped_fragment(byte_str, encodings, delimiters)
        return byte_str.decode(encodings[0])
    except UnicodeError:
        if _raising_on_read():
            raise
        warnings.warn(
            f"Failed to decode byte string with encodings: {', '.join(encodings)} - "
            "using replacement characters in decoded string"
        )
        return byte_str.decode(encodings[0], errors="replace")


def _decode_escaped_fragment(
    byte_str: bytes, encodings: Sequence[str], delimiters: Set[int]
) -> str:
    """Decode a run that starts with an escape sequence.

    Raises
    ------
    ValueError
        For an escape sequence of a character set not in `encodings`, in
        ``RAISE`` mode (otherwise a warning, and the first codec is used).
    """
    # The multi-byte G1/G2 designations are 4 bytes long, the others 3.
    seq_length = 4 if byte_str.startswith((b"\x1b$(", b"\x1b$)")) else 3
    encoding = CODES_TO_ENCODINGS.get(byte_str[:seq_length], "")
    if encoding in encodings or encoding == default_encoding:
        if encoding in handled_encodings:
            return byte_str.decode(encoding)  # the codec reads the escapes itself
        text = byte_str[seq_length:]
        for index, byte in enumerate(text):
            if byte in delimiters:
                return text[:index].decode(encoding) + text[index:].decode(encodings[0])
        return text.decode(encoding)

    msg = "Found unknown escape sequence in encoded string value"
    if _raising_on_read():
        raise ValueError(msg)
    warnings.warn(f"{msg} - using encoding {encodings[0]}")
    return byte_str.decode(encodings[0], errors="replace")


def encode_string(value: str, encodings: Sequence[str]) -> bytes:
    """Encode the text `value` with the codecs `encodings`.

    The first codec that encodes the whole value is used (with its escape
    sequence when it is not the first); failing that, the value is split into
    runs, each encoded by the codec that covers the most of it.

    Parameters
    ----------
    value : str
        The text.
    encodings : list of str
        Python codecs, as :func:`convert_encodings` returns them.

    Returns
    -------
    bytes
        The encoded value. If no combination of the codecs can encode it, it
        is encoded with the first codec and replacement characters, with a
        warning, unless the writing validation mode is ``RAISE``.

    Raises
    ------
    UnicodeEncodeError
        If it cannot be encoded and the writing validation mode is ``RAISE``.
    """
    for index, encoding in enumerate(encodings):
        try:
            encoded = _encode_string_impl(value, encoding)
        except UnicodeError:
            continue
        if index > 0 and encoding not in handled_encodings:
            encoded = _get_escape_sequence_for_encoding(encoding, encoded=encoded) + encoded
        if encoding in need_tail_escape_sequence_encodings:
            encoded += _get_escape_sequence_for_encoding(encodings[0])
        return encoded

    if len(encodings) > 1:
        try:
            return _encode_string_parts(value, encodings)
        except ValueError:
            pass

    if config.settings.writing_validation_mode == config.RAISE:
        value.encode(encodings[0])  # raises the UnicodeEncodeError to report
    warnings.warn(
        f"Failed to encode value with encodings: {', '.join(encodings)} - using "
        "replacement characters in encoded string"
    )
    return _encode_string_impl(value, encodings[0], errors="replace")


def _encode_string_parts(value: str, encodings: Sequence[str]) -> bytes:
    """Encode `value` in runs, each with the codec that covers the longest
    stretch of what remains, each run preceded by its escape sequence.

    Raises
    ------
    ValueError
        If no codec can encode the next character.
    """
    encoded = bytearray()
    remaining = value
    best_encoding = default_encoding
    while remaining:
        best_length = 0
        for encoding in encodings:
            try:
                _encode_string_impl(remaining, encoding)
            except (UnicodeDecodeError, UnicodeEncodeError) as exc:
                if exc.start > best_length:
                    best_length, best_encoding = exc.start, encoding
            else:
                best_length, best_encoding = len(remaining), encoding
                break
        if best_length == 0:
            raise ValueError("None of the given encodings can encode the first character")
        part = _encode_string_impl(remaining[:best_length], best_encoding)
        if best_encoding not in handled_encodings:
            encoded += _get_escape_sequence_for_encoding(best_encoding, encoded=part)
        encoded += part
        remaining = remaining[best_length:]
    if best_encoding in need_tail_escape_sequence_encodings:
        encoded += _get_escape_sequence_for_encoding(encodings[0])
    return bytes(encoded)


def _encode_string_impl(value: str, encoding: str, errors: str = "strict") -> bytes:
    """Encode `value` with one codec, through :data:`custom_encoders` if it has one."""
    encoder = custom_encoders.get(encoding)
    if encoder is not None:
        return encoder(value, errors=errors)
    return value.encode(encoding, errors=errors)


def convert_encodings(encodings: Union[None, str, MutableSequence[str]]) -> List[str]:
    """Return the Python codecs for the (0008,0005) *Specific Character Set* value `encodings`.

    Common misspellings (``'ISO-IR 100'``, ``'ISO_2022_IR_6'``, ...) are
    corrected with a warning; a value that is already a Python codec name is
    kept; an unknown one becomes the default codec with a warning. A
    character set that allows no code extensions (ISO_IR 192, GB18030, GBK)
    drops the other values when first, and is dropped when not first, each
    with a warning.

    Parameters
    ----------
    encodings : str, list of str or None
        The value of (0008,0005); empty means ISO_IR 6.

    Returns
    -------
    list of str

    Raises
    ------
    LookupError
        For an unknown character set when the reading validation mode is
        ``RAISE``.
    """
    if not encodings:
        encodings = [""]
    elif isinstance(encodings, str):
        encodings = [encodings]
    else:
        encodings = list(encodings)  # leave the caller's list alone
        if not encodings[0]:
            encodings[0] = "ISO_IR 6"

    py_encodings = []
    for encoding in encodings:
        py_encoding = python_encoding.get(encoding)
        if py_encoding is None:
            py_encoding = _python_encoding_for_corrected_encoding(encoding)
        py_encodings.append(py_encoding)

    if len(encodings) > 1:
        py_encodings = _handle_illegal_standalone_encodings(encodings, py_encodings)
    return py_encodings


def _python_encoding_for_corrected_encoding(encoding: str) -> str:
    """Return the codec for a misspelt defined term, for a Python codec name,
    or the default codec, warning as it goes (see :func:`convert_encodings`)."""
    patched = None
    if re.match("^ISO[^_]IR", encoding) is not None:
        patched = "ISO_IR" + encoding[6:]
    elif re.match("^(?=ISO.2022.IR.)(?!ISO 2022 IR )", encoding) is not None:
        patched = "ISO 2022 IR " + encoding[12:]

    if patched:
        py_encoding = python_encoding.get(patched)
        if py_encoding is None:
            _warn_about_invalid_encoding(encoding)
            return default_encoding
        _warn_about_invalid_encoding(encoding, patched)
        return py_encoding

    try:
        codecs.lookup(encoding)
    except LookupError:
        _warn_about_invalid_encoding(encoding)
        return default_encoding
    return encoding


def _warn_about_invalid_encoding(encoding: str, patched_encoding: Optional[str] = None) -> None:
    """Warn that `encoding` was replaced (by `patched_encoding` or the default).

    Raises
    ------
    LookupError
        If there is no replacement and the reading validation mode is ``RAISE``.
    """
    if patched_encoding is None:
        if _raising_on_read():
            raise LookupError(f"Unknown encoding '{encoding}'")
        msg = f"Unknown encoding '{encoding}' - using default encoding instead"
    else:
        msg = (
            f"Incorrect value for Specific Character Set '{encoding}' - assuming "
            f"'{patched_encoding}'"
        )
    warnings.warn(msg, stacklevel=2)


def _handle_illegal_standalone_encodings(
    encodings: MutableSequence[str], py_encodings: List[str]
) -> List[str]:
    """Drop what a character set without code extensions does not allow."""
    if encodings[0] in STAND_ALONE_ENCODINGS:
        warnings.warn(
            f"Value '{encodings[0]}' for Specific Character Set does not allow code "
            f"extensions, ignoring: {', '.join(encodings[1:])}",
            stacklevel=2,
        )
        return py_encodings[:1]

    for index in range(len(encodings) - 1, 0, -1):
        if encodings[index] in STAND_ALONE_ENCODINGS:
            warnings.warn(
                f"Value '{encodings[index]}' cannot be used as code extension, ignoring it",
                stacklevel=2,
            )
            del py_encodings[index]
    return py_encodings


def decode_element(
    elem: "DataElement", dicom_character_set: Optional[Union[str, List[str]]]
) -> None:
    """Decode the text value of `elem` in place with a character set.

    Only PN and the VRs whose repertoire the character set may change (SH,
    LO, ST, LT, UC, UT) are affected; values that are already text stay.

    Parameters
    ----------
    elem : DataElement
        The element.
    dicom_character_set : str, list of str or None
        The value of (0008,0005) *Specific Character Set*; empty means
        ISO_IR 6.
    """
    if elem.is_empty:
        return
    encodings = convert_encodings(dicom_character_set or ["ISO_IR 6"])

    if elem.VR == VR.PN:
        if elem.VM == 1:
            elem.value = elem.value.decode(encodings)
        else:
            elem.value = [name.decode(encodings) for name in elem.value]
    elif elem.VR in CUSTOMIZABLE_CHARSET_VR:
        if elem.VM == 1:
            if not isinstance(elem.value, str):
                elem.value = decode_bytes(elem.value, encodings, TEXT_VR_DELIMS)
        else:
            elem.value = [
                value if isinstance(value, str) else decode_bytes(value, encodings, TEXT_VR_DELIMS)
                for value in elem.value
            ]


# PersonName is offered here as in pydicom.charset.
__all__ = [
    "CODES_TO_ENCODINGS",
    "ENCODINGS_TO_CODES",
    "ESC",
    "STAND_ALONE_ENCODINGS",
    "PersonName",
    "convert_encodings",
    "custom_encoders",
    "decode_bytes",
    "decode_element",
    "decode_string",
    "default_encoding",
    "encode_string",
    "handled_encodings",
    "need_tail_escape_sequence_encodings",
    "python_encoding",
]
