"""Convert encoded element values to their Python values.

The functions of pydicom 2.4's ``pydicom.values`` with the same names,
signatures, return types, warnings and errors, working on the Cython kernels
of :mod:`dcmcore._codec` (byte order, backslash splitting, padding rules).
:func:`convert_value` is the one entry point for a value: when the VR's
converter in :data:`converters` is the package's own, the compiled decoder
(:func:`dcmcore._decode.decode`) decodes the common values first; it
declines, with ``NotImplemented``, anything that needs a policy decision, and
the converter here decodes that. These converters are the one statement of
every rule's edge cases. :mod:`dcmcore._convert` (``DataElement_from_raw``,
dataset access) follows the same path without the Python call.

Text VRs of the default repertoire (AE AS CS DA DS DT IS TM UI UR) are always
decoded as ISO 8859-1, pydicom's ``"iso8859"``; the others (LO LT PN SH ST UC
UT) use the character sets of (0008,0005) *Specific Character Set* (PS3.5
6.1).
"""

import re
import struct
from typing import Any, Callable, Dict, List, MutableSequence, Optional, Tuple, Union

from dcmcore import _convert, config, valuerep
from dcmcore._decode import decode
from dcmcore._codec import (
    STRIP_LEADING_WHITESPACE,
    STRIP_TRAILING_PADDING,
    STRIP_TRAILING_WHITESPACE,
    split_text,
    unpack_numbers,
)
from dcmcore.charset import _is_latin1, decode_bytes, default_encoding
from dcmcore.config import logger
from dcmcore.dataelem import RawDataElement, empty_value_for_VR
from dcmcore.errors import BytesLengthException  # noqa: F401  (pydicom.values has it)
from dcmcore.multival import MultiValue
from dcmcore.tag import BaseTag, Tag, TupleTag, _intern  # noqa: F401  (TupleTag: as pydicom.values)
from dcmcore.uid import UID
from dcmcore.valuerep import (
    CUSTOMIZABLE_CHARSET_VR,
    DA,
    DT,
    IS,
    MAX_VALUE_LEN,
    TEXT_VR_DELIMS,
    TM,
    MultiString,  # noqa: F401  (pydicom.values has it)
    PersonName,
    validate_value,
)
from dcmcore.valuerep import VR as VR_

__all__ = [
    "convert_AE_string",
    "convert_ATvalue",
    "convert_DA_string",
    "convert_DS_string",
    "convert_DT_string",
    "convert_IS_string",
    "convert_numbers",
    "convert_OBvalue",
    "convert_OVvalue",
    "convert_OWvalue",
    "convert_PN",
    "convert_SQ",
    "convert_TM_string",
    "convert_UI",
    "convert_UN",
    "convert_UR_string",
    "convert_single_string",
    "convert_string",
    "convert_tag",
    "convert_text",
    "convert_value",
    "convert_retry_VR_order",
    "converters",
]

_ESC = 0x1B  # an int: `int in bytes` is a plain byte search, `bytes in bytes` is not
_IGNORE = config.IGNORE
_STRIP_WHITESPACE = STRIP_LEADING_WHITESPACE | STRIP_TRAILING_WHITESPACE

def _split_encoded(
    byte_string: bytes,
    encodings: List[str],
    whole_strip: int,
    item_strip: int = 0,
    split: bool = True,
) -> Union[str, List[str]]:
    """Decode a text value of a VR with a customizable character set, then strip and split it."""
    encoding = encodings[0]
    if (encoding == default_encoding or _is_latin1(encoding)) and _ESC not in byte_string:
        return split_text(byte_string, whole_strip, item_strip, split)
    text = decode_bytes(byte_string, encodings, TEXT_VR_DELIMS)
    return split_text(text, whole_strip, item_strip, split)


def _validate_text(vr: Optional[str], value: str, validation_mode: int) -> None:
    """Check one unstripped text value as pydicom does on reading."""
    if vr is None or validation_mode == _IGNORE:
        return
    # A str no longer than its VR's maximum passes the type-and-length check
    # of LO, LT, SH and ST; only the rest needs the full validator.
    if vr in _LENGTH_CHECKED_VR and len(value) <= MAX_VALUE_LEN[vr]:
        return
    validate_value(vr, value, validation_mode)


_LENGTH_CHECKED_VR = frozenset(vr for vr in ("LO", "LT", "SH", "ST") if vr in MAX_VALUE_LEN)


def _numpy(vr: str) -> Any:
    try:
        import numpy
    except ImportError:  # pragma: no cover - numpy is a dependency
        raise ImportError(f"use_{vr}_numpy set but numpy not installed") from None
    return numpy


def _check_repertoire(vr: str, text: str, regex: str) -> None:
    """Raise as pydicom does for characters NumPy's parser would skip."""
    if re.match(regex, text) is None:
        raise ValueError(f"{vr}: char(s) not in repertoire: '{re.sub(regex[:-2], '', text)}'")


def convert_tag(byte_string: bytes, is_little_endian: bool, offset: int = 0) -> BaseTag:
    """Return the tag encoded at `offset` of `byte_string`.

    Parameters
    ----------
    byte_string : bytes
        Holds the encoded tag: group number, then element number (PS3.5 7.1).
    is_little_endian : bool
        ``True`` for little endian encoding.
    offset : int, optional
        Where the tag starts in `byte_string`.

    Returns
    -------
    BaseTag

    Raises
    ------
    struct.error
        If fewer than 4 bytes follow `offset`.
    """
    encoded = byte_string[offset : offset + 4]
    if len(encoded) != 4:
        raise struct.error("unpack requires a buffer of 4 bytes")
    return _intern(unpack_numbers(encoded, "AT", is_little_endian))


def convert_AE_string(
    byte_string: bytes, is_little_endian: bool, struct_format: Optional[str] = None
) -> Union[str, MutableSequence[str]]:
    """Return an AE value; leading and trailing spaces are not significant.

    Parameters
    ----------
    byte_string : bytes
        The encoded value.
    is_little_endian : bool
        Not used.
    struct_format : str, optional
        Not used.

    Returns
    -------
    str or MultiValue of str
    """
    values = split_text(byte_string, 0, _STRIP_WHITESPACE)
    if type(values) is str:
        return values
    return MultiValue._from_list(str, values)


def convert_ATvalue(
    byte_string: bytes, is_little_endian: bool, struct_format: Optional[str] = None
) -> Union[BaseTag, MutableSequence[BaseTag]]:
    """Return an AT value: one tag, or a MultiValue of tags.

    Parameters
    ----------
    byte_string : bytes
        The encoded value, 4 bytes per tag.
    is_little_endian : bool
        ``True`` for little endian encoding.
    struct_format : str, optional
        Not used.

    Returns
    -------
    BaseTag or MultiValue of BaseTag

    Raises
    ------
    struct.error
        If the length is not a multiple of 4 (after logging a warning).
    """
    length = len(byte_string)
    if length == 4:
        return convert_tag(byte_string, is_little_endian)
    if length % 4:
        logger.warning(f"Expected length to be multiple of 4 for VR 'AT', got length {length}")
        raise struct.error("unpack requires a buffer of 4 bytes")
    return MultiValue._from_list(
        Tag, [_intern(tag) for tag in unpack_numbers(byte_string, "AT", is_little_endian)]
    )


def _DA_from_str(value: str) -> DA:
    return DA(value.rstrip())


def _DT_from_str(value: str) -> DT:
    value = value.rstrip()
    length = len(value)
    if length < 4 or length > 26:
        logger.warning(f"Expected length between 4 and 26, got length {length}")
    return DT(value)


def _TM_from_str(value: str) -> TM:
    value = value.rstrip()
    length = len(value)
    if (length < 2 or length > 16) and length != 0:
        logger.warning(f"Expected length between 2 and 16, got length {length}")
    return TM(value)


def _convert_date_time(byte_string: bytes, from_str: Callable[[str], Any]) -> Any:
    """A DA, DT or TM value as datetime-based objects (config.datetime_conversion)."""
    values = split_text(byte_string, 0)
    if type(values) is str:
        return from_str(values)
    return MultiValue(from_str, values)


def convert_DA_string(
    byte_string: bytes, is_little_endian: bool, struct_format: Optional[str] = None
) -> Union[str, DA, MutableSequence[str], MutableSequence[DA]]:
    """Return a DA value: :class:`~dcmcore.valuerep.DA` objects if
    :data:`~dcmcore.config.datetime_conversion` is set, else str.

    Parameters
    ----------
    byte_string : bytes
        The encoded value.
    is_little_endian : bool
        Not used.
    struct_format : str, optional
        Not used.

    Returns
    -------
    str, DA or MultiValue of them
    """
    if config.datetime_conversion:
        return _convert_date_time(byte_string, _DA_from_str)
    return convert_string(byte_string, is_little_endian, struct_format)


def convert_DT_string(
    byte_string: bytes, is_little_endian: bool, struct_format: Optional[str] = None
) -> Union[str, DT, MutableSequence[str], MutableSequence[DT]]:
    """Return a DT value: :class:`~dcmcore.valuerep.DT` objects if
    :data:`~dcmcore.config.datetime_conversion` is set, else str.

    A DT value outside 4 to 26 characters is logged as a warning.

    Parameters
    ----------
    byte_string : bytes
        The encoded value.
    is_little_endian : bool
        Not used.
    struct_format : str, optional
        Not used.

    Returns
    -------
    str, DT or MultiValue of them
    """
    if config.datetime_conversion:
        return _convert_date_time(byte_string, _DT_from_str)
    return convert_string(byte_string, is_little_endian, struct_format)


def convert_TM_string(
    byte_string: bytes, is_little_endian: bool, struct_format: Optional[str] = None
) -> Union[str, TM, MutableSequence[str], MutableSequence[TM]]:
    """Return a TM value: :class:`~dcmcore.valuerep.TM` objects if
    :data:`~dcmcore.config.datetime_conversion` is set, else str.

    A non-empty TM value outside 2 to 16 characters is logged as a warning.

    Parameters
    ----------
    byte_string : bytes
        The encoded value.
    is_little_endian : bool
        Not used.
    struct_format : str, optional
        Not used.

    Returns
    -------
    str, TM or MultiValue of them
    """
    if config.datetime_conversion:
        return _convert_date_time(byte_string, _TM_from_str)
    return convert_string(byte_string, is_little_endian)


def _make_DS(text: str, validation_mode: int) -> Any:
    ds_class = valuerep.DSclass  # changed by config.DS_decimal()
    if ds_class is valuerep.DSfloat:
        return ds_class._from_file(text, validation_mode)
    return ds_class(text, validation_mode=validation_mode)


def convert_DS_string(
    byte_string: bytes, is_little_endian: bool, struct_format: Optional[str] = None
) -> Any:
    """Return a DS value.

    Parameters
    ----------
    byte_string : bytes
        The encoded value.
    is_little_endian : bool
        Not used.
    struct_format : str, optional
        Not used.

    Returns
    -------
    DSfloat, DSdecimal, numpy.float64, MultiValue or numpy.ndarray
        :class:`~dcmcore.valuerep.DSfloat` objects by default,
        :class:`~dcmcore.valuerep.DSdecimal` with
        :data:`~dcmcore.config.use_DS_decimal`, NumPy values with
        :data:`~dcmcore.config.use_DS_numpy`.

    Raises
    ------
    ValueError
        With :data:`~dcmcore.config.use_DS_numpy`, for characters that
        cannot be in a DS value; else for an invalid value in ``RAISE``
        reading validation mode.
    """
    if config.use_DS_numpy:
        return _numpy_numbers(byte_string, "DS", r"[ \\0-9\.+eE-]*\Z", "f8")
    return _number_strings(
        byte_string, _STRIP_WHITESPACE | STRIP_TRAILING_PADDING, _make_DS, valuerep.DSclass
    )


def convert_IS_string(
    byte_string: bytes, is_little_endian: bool, struct_format: Optional[str] = None
) -> Any:
    """Return an IS value.

    Parameters
    ----------
    byte_string : bytes
        The encoded value.
    is_little_endian : bool
        Not used.
    struct_format : str, optional
        Not used.

    Returns
    -------
    IS, numpy.int64, MultiValue or numpy.ndarray
        :class:`~dcmcore.valuerep.IS` objects by default, NumPy values with
        :data:`~dcmcore.config.use_IS_numpy`.

    Raises
    ------
    ValueError
        With :data:`~dcmcore.config.use_IS_numpy`, for characters that
        cannot be in an IS value; else for an invalid value in ``RAISE``
        reading validation mode.
    """
    if config.use_IS_numpy:
        return _numpy_numbers(byte_string, "IS", r"[ \\0-9\.+-]*\Z", "i8")
    return _number_strings(byte_string, STRIP_TRAILING_PADDING, IS._from_file, IS)


def _numpy_numbers(byte_string: bytes, vr: str, repertoire: str, dtype: str) -> Any:
    """A DS or IS value as NumPy numbers (config.use_DS_numpy, use_IS_numpy)."""
    numpy = _numpy(vr)
    text = byte_string.decode(default_encoding)
    _check_repertoire(vr, text, repertoire)
    value = numpy.fromstring(text, dtype=dtype, sep="\\")
    return value[0] if len(value) == 1 else value


def _number_strings(
    byte_string: bytes, strip: int, make: Callable[[str, int], Any], value_class: Any
) -> Any:
    """A DS or IS value, stripped by `strip` and each item made by `make`;
    empty items of several stay ``""``."""
    validation_mode = config.settings.reading_validation_mode
    values = split_text(byte_string, strip)
    if type(values) is str:
        return make(values, validation_mode)
    return MultiValue._from_list(
        value_class, [text if text == "" else make(text, validation_mode) for text in values]
    )


# struct format -> the binary VR the kernel unpacks it as
_FORMAT_VR = {"H": "US", "h": "SS", "L": "UL", "l": "SL", "Q": "UV", "q": "SV", "f": "FL", "d": "FD"}


def convert_numbers(
    byte_string: bytes, is_little_endian: bool, struct_format: str
) -> Union[str, int, float, MutableSequence[int], MutableSequence[float]]:
    """Return the numbers of a binary VR value.

    Parameters
    ----------
    byte_string : bytes
        The encoded value.
    is_little_endian : bool
        ``True`` for little endian encoding.
    struct_format : str
        The :mod:`struct` format character of one number (e.g. ``"H"`` for
        US), without byte order.

    Returns
    -------
    str, int, float or list
        ``""`` for an empty value, the number for one, else a list.

    Raises
    ------
    dcmcore.errors.BytesLengthException
        If the length is not a multiple of the size of one number.
    """
    vr = _FORMAT_VR.get(struct_format)
    if vr is not None:
        value = unpack_numbers(byte_string, vr, is_little_endian)
        if type(value) is list and not value:
            return ""
        return value
    return _convert_struct_numbers(byte_string, is_little_endian, struct_format)


def _convert_struct_numbers(byte_string: bytes, is_little_endian: bool, struct_format: str) -> Any:
    """convert_numbers for a struct format no binary VR uses (e.g. 'B')."""
    bytes_per_value = struct.calcsize("=" + struct_format)
    length = len(byte_string)
    if length % bytes_per_value:
        shown = repr(byte_string) if length <= 256 else "bytes"
        raise BytesLengthException(
            "Expected total bytes to be an even multiple of bytes per value. "
            f"Instead received {shown} with length {length} and struct format "
            f"'{struct_format}' which corresponds to bytes per value of {bytes_per_value}."
        )
    order = "<" if is_little_endian else ">"
    value = struct.unpack(f"{order}{length // bytes_per_value}{struct_format}", byte_string)
    if not value:
        return ""
    if len(value) == 1:
        return value[0]
    return list(value)


def convert_OBvalue(
    byte_string: bytes, is_little_endian: bool, struct_format: Optional[str] = None
) -> bytes:
    """Return an OB (or OD, OL, OB or OW) value: the bytes as they are."""
    return byte_string


def convert_OWvalue(
    byte_string: bytes, is_little_endian: bool, struct_format: Optional[str] = None
) -> bytes:
    """Return an OW (or OF) value: the bytes as they are, not byte swapped."""
    return convert_OBvalue(byte_string, is_little_endian)


def convert_OVvalue(
    byte_string: bytes, is_little_endian: bool, struct_format: Optional[str] = None
) -> bytes:
    """Return an OV value: the bytes as they are, not byte swapped."""
    return convert_OBvalue(byte_string, is_little_endian)


def convert_PN(
    byte_string: bytes, encodings: Optional[List[str]] = None
) -> Union[PersonName, MutableSequence[PersonName]]:
    """Return a PN value.

    Parameters
    ----------
    byte_string : bytes
        The encoded value.
    encodings : list of str, optional
        Python codecs of the element's character sets (default
        ``["iso8859"]``).

    Returns
    -------
    PersonName or MultiValue of PersonName
        Each name keeps its encoded form as ``original_string``.
    """
    encodings = encodings or [default_encoding]
    validation_mode = config.settings.reading_validation_mode
    name_encodings = tuple(encodings)
    # Strip the padding before decoding: a trailing NUL is not text.
    values = _split_encoded(byte_string.rstrip(b"\x00 "), encodings, 0)
    if type(values) is str:
        return PersonName._from_file(values, name_encodings, validation_mode)

    def person_name(value: Any) -> PersonName:
        # what the MultiValue makes of values added later, as in pydicom
        name = PersonName(value, encodings)
        name.encode()
        return name.decode()

    return MultiValue._from_list(
        person_name,
        [PersonName._from_file(value, name_encodings, validation_mode) for value in values],
    )


def convert_string(
    byte_string: bytes, is_little_endian: bool, struct_format: Optional[str] = None
) -> Union[str, MutableSequence[str]]:
    """Return a text value of the default repertoire (AS, CS; DA, DT, TM as text).

    Trailing spaces and NULs are removed, then the value is split at
    backslashes.

    Parameters
    ----------
    byte_string : bytes
        The encoded value.
    is_little_endian : bool
        Not used.
    struct_format : str, optional
        Not used.

    Returns
    -------
    str or MultiValue of str
    """
    values = split_text(byte_string, STRIP_TRAILING_PADDING)
    if type(values) is str:
        return values
    return MultiValue._from_list(str, values)


def convert_text(
    byte_string: bytes, encodings: Optional[List[str]] = None, vr: Optional[str] = None
) -> Union[str, MutableSequence[str]]:
    """Return a multi-valued text value (SH, LO, UC).

    Each value is checked as read (if `vr` is given) and then loses its
    trailing spaces and NULs.

    Parameters
    ----------
    byte_string : bytes
        The encoded value.
    encodings : list of str, optional
        Python codecs of the element's character sets (default
        ``["iso8859"]``).
    vr : str, optional
        The VR, for the value check of the reading validation mode.

    Returns
    -------
    str or MultiValue of str
    """
    encodings = encodings or [default_encoding]
    validation_mode = config.settings.reading_validation_mode
    values = _split_encoded(byte_string, encodings, 0)
    if type(values) is str:
        if vr is not None and validation_mode != _IGNORE:
            _validate_text(vr, values, validation_mode)
        return values.rstrip("\0 ")
    stripped = []
    for value in values:
        _validate_text(vr, value, validation_mode)
        stripped.append(value.rstrip("\0 "))
    return MultiValue._from_list(str, stripped)


def convert_single_string(
    byte_string: bytes, encodings: Optional[List[str]] = None, vr: Optional[str] = None
) -> str:
    """Return a single-valued text value (LT, ST, UT): backslashes are text.

    Parameters
    ----------
    byte_string : bytes
        The encoded value.
    encodings : list of str, optional
        Python codecs of the element's character sets (default
        ``["iso8859"]``).
    vr : str, optional
        The VR, for the value check of the reading validation mode.

    Returns
    -------
    str
        The text without trailing spaces and NULs.
    """
    encodings = encodings or [default_encoding]
    value = _split_encoded(byte_string, encodings, 0, split=False)
    _validate_text(vr, value, config.settings.reading_validation_mode)
    return value.rstrip("\0 ")


# filereader's reader of a defined-length SQ value (see convert_SQ)
_sequence_from_bytes: Optional[Callable[[bytes, bool, bool, List[str], int], Any]] = None


def convert_SQ(
    byte_string: bytes,
    is_implicit_VR: bool,
    is_little_endian: bool,
    encoding: Optional[List[str]] = None,
    offset: int = 0,
) -> Any:
    """Return an SQ value read from its encoded items.

    Parameters
    ----------
    byte_string : bytes
        The encoded items.
    is_implicit_VR : bool
        ``True`` for implicit VR encoding.
    is_little_endian : bool
        ``True`` for little endian encoding.
    encoding : list of str, optional
        Python codecs of the character sets of the items' text.
    offset : int, optional
        The file position of `byte_string`, for the items' file positions.

    Returns
    -------
    dcmcore.sequence.Sequence
    """
    global _sequence_from_bytes
    if _sequence_from_bytes is None:
        # bound on first use: dcmcore.filereader imports this module
        from dcmcore.filereader import _sequence_from_bytes as read_sequence

        _sequence_from_bytes = read_sequence
    return _sequence_from_bytes(byte_string, is_implicit_VR, is_little_endian, encoding or [default_encoding], offset)


def convert_UI(
    byte_string: bytes, is_little_endian: bool, struct_format: Optional[str] = None
) -> Union[UID, MutableSequence[UID]]:
    """Return a UI value; trailing NULs and spaces are padding (PS3.5 9.1).

    Parameters
    ----------
    byte_string : bytes
        The encoded value.
    is_little_endian : bool
        Not used.
    struct_format : str, optional
        Not used.

    Returns
    -------
    UID or MultiValue of UID
    """
    validation_mode = config.settings.reading_validation_mode
    values = split_text(byte_string, STRIP_TRAILING_PADDING)
    if type(values) is str:
        return UID._from_file(values, validation_mode)
    return MultiValue._from_list(UID, [UID._from_file(text, validation_mode) for text in values])


def convert_UN(
    byte_string: bytes, is_little_endian: bool, struct_format: Optional[str] = None
) -> bytes:
    """Return a UN value: the bytes as they are."""
    return byte_string


def convert_UR_string(
    byte_string: bytes, is_little_endian: bool, struct_format: Optional[str] = None
) -> str:
    """Return a UR value: single-valued, trailing spaces are not significant.

    Parameters
    ----------
    byte_string : bytes
        The encoded value.
    is_little_endian : bool
        Not used.
    struct_format : str, optional
        Not used.

    Returns
    -------
    str
    """
    return split_text(byte_string, STRIP_TRAILING_WHITESPACE, split=False)


def _unknown_vr_error(VR: str) -> NotImplementedError:
    letters = set(range(65, 91)) | set(range(97, 123))
    # name a VR with characters outside A-Z and a-z by their hex codes
    if ord(VR[0]) not in letters or ord(VR[1]) not in letters:
        VR = " ".join(f"0x{ord(char):02x}" for char in VR)
    return NotImplementedError(f"Unknown Value Representation '{VR}'")


def convert_value(
    VR: str,
    raw_data_element: RawDataElement,
    encodings: Optional[Union[str, MutableSequence[str]]] = None,
) -> Any:
    """Return the value of `raw_data_element` decoded as `VR`.

    Parameters
    ----------
    VR : str
        The VR to decode the value as.
    raw_data_element : RawDataElement
        The element with its encoded value.
    encodings : str or list of str, optional
        Python codecs of the character sets of text values (default
        ``["iso8859"]``).

    Returns
    -------
    object
        The value, or a MultiValue of values; the VR's empty value for an
        empty element. If the converter fails with :class:`ValueError`
        (and the reading validation mode is not ``RAISE``), the VRs of
        :data:`convert_retry_VR_order` are tried in turn, and the encoded
        bytes are returned if none succeeds.

    Raises
    ------
    NotImplementedError
        If `VR` is not in :data:`converters`.
    """
    converter = converters.get(VR)
    if converter is None:
        raise _unknown_vr_error(VR)
    if raw_data_element.length == 0:
        return empty_value_for_VR(VR)
    byte_string = raw_data_element.value
    if type(byte_string) is bytes and converter is _default_converters.get(VR):
        # the compiled decoder first; it declines what needs the converter
        value = decode(
            VR,
            byte_string,
            raw_data_element.is_little_endian,
            encodings,
            config.settings.reading_validation_mode,
        )
        if value is not NotImplemented:
            return value
    return _convert_with_converter(VR, raw_data_element, encodings)


def _convert_with_converter(
    VR: str,
    raw_data_element: RawDataElement,
    encodings: Optional[Union[str, MutableSequence[str]]] = None,
) -> Any:
    """:func:`convert_value` by the converter of `VR` in :data:`converters`
    alone: the one statement of each VR's rules, and what the compiled
    conversion calls for a value its decoder declines."""
    converter = converters.get(VR)
    if converter is None:
        raise _unknown_vr_error(VR)
    if raw_data_element.length == 0:
        return empty_value_for_VR(VR)
    num_format = None
    if type(converter) is tuple:
        converter, num_format = converter

    if not encodings:
        encodings = [default_encoding]
    elif isinstance(encodings, str):
        encodings = [encodings]

    byte_string = raw_data_element.value
    try:
        if VR == "PN":
            return converter(byte_string, encodings)
        if VR in CUSTOMIZABLE_CHARSET_VR:
            return converter(byte_string, encodings, VR)
        if VR != "SQ":
            return converter(byte_string, raw_data_element.is_little_endian, num_format)
        return converter(
            byte_string,
            raw_data_element.is_implicit_VR,
            raw_data_element.is_little_endian,
            encodings,
            raw_data_element.value_tell,
        )
    except ValueError:
        if config.settings.reading_validation_mode == config.RAISE:
            raise

    logger.debug(
        f"Unable to convert tag {raw_data_element.tag} with VR {VR} using "
        "the standard value converter"
    )
    for vr in convert_retry_VR_order:
        if vr != VR:
            try:
                return convert_value(vr, raw_data_element, encodings)
            except Exception:
                pass

    logger.debug(
        f"Could not convert value for tag {raw_data_element.tag} with any VR "
        "in the 'convert_retry_VR_order' list"
    )
    return raw_data_element.value


#: The VRs :func:`convert_value` tries, in order, for a value its own VR's
#: converter rejected.
convert_retry_VR_order = [
    VR_.SH, VR_.UL, VR_.SL, VR_.US, VR_.SS, VR_.FL, VR_.FD, VR_.OF, VR_.OB,
    VR_.UI, VR_.DA, VR_.TM, VR_.PN, VR_.IS, VR_.DS, VR_.LT, VR_.SQ, VR_.UN,
    VR_.AT, VR_.OW, VR_.DT, VR_.UT,
]  # fmt: skip

class _Converters(dict):  # type: ignore[type-arg]
    """The dict of :data:`converters`, telling the compiled conversion of
    every change (its decoder stands in for the converters only while they
    are the package's own)."""


def _telling_the_conversion(name: str) -> Callable[..., Any]:
    change = getattr(dict, name)

    def changed(self: _Converters, *args: Any, **kwargs: Any) -> Any:
        try:
            return change(self, *args, **kwargs)
        finally:
            _convert.converters_changed()

    changed.__name__ = name
    return changed


for _name in ("__setitem__", "__delitem__", "__ior__", "clear", "pop", "popitem", "setdefault", "update"):
    setattr(_Converters, _name, _telling_the_conversion(_name))

#: VR -> converter, or (convert_numbers, struct format) for the binary numbers.
converters: Dict[Any, Any] = _Converters({
    VR_.AE: convert_AE_string,
    VR_.AS: convert_string,
    VR_.AT: convert_ATvalue,
    VR_.CS: convert_string,
    VR_.DA: convert_DA_string,
    VR_.DS: convert_DS_string,
    VR_.DT: convert_DT_string,
    VR_.FD: (convert_numbers, "d"),
    VR_.FL: (convert_numbers, "f"),
    VR_.IS: convert_IS_string,
    VR_.LO: convert_text,
    VR_.LT: convert_single_string,
    VR_.OB: convert_OBvalue,
    VR_.OD: convert_OBvalue,
    VR_.OF: convert_OWvalue,
    VR_.OL: convert_OBvalue,
    VR_.OW: convert_OWvalue,
    VR_.OV: convert_OVvalue,
    VR_.PN: convert_PN,
    VR_.SH: convert_text,
    VR_.SL: (convert_numbers, "l"),
    VR_.SQ: convert_SQ,
    VR_.SS: (convert_numbers, "h"),
    VR_.ST: convert_single_string,
    VR_.SV: (convert_numbers, "q"),
    VR_.TM: convert_TM_string,
    VR_.UC: convert_text,
    VR_.UI: convert_UI,
    VR_.UL: (convert_numbers, "L"),
    VR_.UN: convert_UN,
    VR_.UR: convert_UR_string,
    VR_.US: (convert_numbers, "H"),
    VR_.UT: convert_single_string,
    VR_.UV: (convert_numbers, "Q"),
    VR_.OB_OW: convert_OBvalue,
    VR_.US_SS: convert_OWvalue,
    VR_.US_OW: convert_OWvalue,
    VR_.US_SS_OW: convert_OWvalue,
})

# the converters as the package makes them: the compiled decoder stands in
# only for these (a converter the user puts in `converters` is always called)
_default_converters = dict(converters)

_convert.bind(convert_value=_convert_with_converter, converters=converters)
