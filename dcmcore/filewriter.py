"""Write DICOM files: :func:`dcmwrite` and the element and dataset writers.

Elements are encoded into one in-memory buffer that is written to the file in
a single call. Raw elements of a dataset written in the encoding it was read
with are copied straight from their bytes; decoded values are packed by the
value kernels of :mod:`dcmcore._codec`.
"""

import struct
import traceback
import warnings
import zlib
from typing import Any, Callable, Dict, Iterable, List, Optional, Sequence, Tuple, Union, cast

from dcmcore import _codec, _writer
from dcmcore.charset import convert_encodings, default_encoding, encode_string
from dcmcore.dataelem import DataElement, DataElement_from_raw, RawDataElement
from dcmcore.dataset import Dataset, FileMetaDataset, _correct_ambiguous_vr_element, validate_file_meta
from dcmcore.filebase import DicomBytesIO, DicomFileLike, DicomIO, write_file_atomically  # noqa: F401  (pydicom.filewriter has the first three)
from dcmcore.multival import MultiValue
from dcmcore.tag import BaseTag, Tag
from dcmcore.valuerep import AMBIGUOUS_VR, EXPLICIT_VR_LENGTH_32, VR

__all__ = [
    "correct_ambiguous_vr",
    "correct_ambiguous_vr_element",
    "dcmwrite",
    "multi_string",
    "write_ATvalue",
    "write_DA",
    "write_DT",
    "write_OBvalue",
    "write_OWvalue",
    "write_PN",
    "write_TM",
    "write_UI",
    "write_UN",
    "write_data_element",
    "write_dataset",
    "write_file_meta_info",
    "write_number_string",
    "write_numbers",
    "write_sequence",
    "write_sequence_item",
    "write_string",
    "write_text",
    "writers",
]

_DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1.99"
_UNDEFINED_LENGTH = 0xFFFFFFFF
_PIXEL_DATA = 0x7FE00010
_GROUP_LENGTH = Tag(0x00020000)  # (0002,0000) File Meta Information Group Length
_LONG_LENGTH_VRS = frozenset(str(vr.value) for vr in EXPLICIT_VR_LENGTH_32)

# Element headers (PS3.5 7.1): tag, then the VR and a 2- or 4-byte length
_HEADERS = {
    little: (
        struct.Struct(("<" if little else ">") + "HHL"),  # implicit VR; items
        struct.Struct(("<" if little else ">") + "HH2sH"),  # explicit, 16-bit length
        struct.Struct(("<" if little else ">") + "HH2s2xL"),  # explicit, 32-bit length
        struct.Struct(("<" if little else ">") + "L"),  # a length to patch in
    )
    for little in (True, False)
}
_ITEM = {little: _HEADERS[little][0].pack(0xFFFE, 0xE000, _UNDEFINED_LENGTH) for little in (True, False)}
_ITEM_DELIMITER = {little: _HEADERS[little][0].pack(0xFFFE, 0xE00D, 0) for little in (True, False)}
_SEQUENCE_DELIMITER = {little: _HEADERS[little][0].pack(0xFFFE, 0xE0DD, 0) for little in (True, False)}
# the start of the first item of encapsulated pixel data (PS3.5 A.4)
_ENCAPSULATED_ITEM = {True: b"\xfe\xff\x00\xe0", False: b"\xff\xfe\xe0\x00"}

# Codecs that encode ASCII text as ASCII bytes when they are a data set's only
# codec: the writer kernel copies ASCII text of LO, LT, SH, ST, UC and UT as
# it is (encode_string adds no escape sequence for a first codec)
_ASCII_CODECS = frozenset(
    ["iso8859", "latin_1", "iso8859_2", "iso8859_3", "iso8859_4", "iso_ir_126", "iso_ir_127", "iso_ir_138"]
    + ["iso_ir_144", "iso_ir_148", "iso_ir_166", "UTF8", "GB18030", "GBK", "euc_kr"]
)

_STRUCT_FORMAT_VRS = {"H": "US", "h": "SS", "L": "UL", "l": "SL", "Q": "UV", "q": "SV", "f": "FL", "d": "FD"}
_VR_STRUCT_FORMATS = {vr: "<" + code for code, vr in _STRUCT_FORMAT_VRS.items()}


def _is_multi_value(value: Any) -> bool:
    """``True`` if `value` holds several values (list, tuple, MultiValue, array)."""
    if isinstance(value, (MultiValue, list, tuple)):
        return True
    return type(value).__name__ == "ndarray" and type(value).__module__ == "numpy"


def multi_string(val: Union[str, Iterable[str]]) -> str:
    """Join several text values with backslashes; return one as it is."""
    if _is_multi_value(val):
        return "\\".join(cast(Iterable[str], val))
    return cast(str, val)


# -- value encoders: (elem, little_endian, encodings) -> bytes ---------------


def _numbers_bytes(elem: DataElement, little: bool, vr: str) -> bytes:
    value = elem.value
    if value is None or (isinstance(value, str) and value == ""):
        return b""
    try:
        if not hasattr(value, "append") and isinstance(value, (tuple, str, bytes)):
            # pydicom packs anything but a list as one number: struct refuses
            struct.pack(_VR_STRUCT_FORMATS[vr], value)
        return _codec.pack_numbers(value, vr, little)
    except Exception as exc:
        raise OSError(f"{str(exc)}\nfor data_element:\n{str(elem)}")


def _string_bytes(value: Any, padding: str = " ") -> bytes:
    val = multi_string(value)
    if val is None:
        return b""
    if len(val) % 2:
        val += padding
    return val.encode(default_encoding) if isinstance(val, str) else val


def _text_bytes(elem: DataElement, encodings: List[str]) -> bytes:
    val = elem.value
    if val is None:
        return b""
    if _is_multi_value(val):
        if isinstance(val[0], str):
            val = b"\\".join([encode_string(item, encodings) for item in val])
        else:
            val = b"\\".join(val)
    elif isinstance(val, str):
        val = encode_string(val, encodings)
    return val + b" " if len(val) % 2 else val


def _pn_bytes(elem: DataElement, encodings: List[str]) -> bytes:
    names = [elem.value] if elem.VM == 1 else elem.value
    encoded = b"\\".join([name.encode(encodings) for name in names])
    return encoded + b" " if len(encoded) % 2 else encoded


def _number_string_bytes(elem: DataElement) -> bytes:
    val = elem.value
    if _is_multi_value(val):
        text = "\\".join(item.original_string if hasattr(item, "original_string") else str(item) for item in val)
    else:
        text = val.original_string if hasattr(val, "original_string") else str(val)
    if len(text) % 2:
        text += " "
    return text.encode(default_encoding)


def _format_DA(val: Any) -> str:
    if val is None:
        return ""
    if hasattr(val, "original_string"):
        return val.original_string
    return val.strftime("%Y%m%d")


def _format_DT(val: Any) -> str:
    if val is None:
        return ""
    if hasattr(val, "original_string"):
        return val.original_string
    if val.microsecond > 0:
        return val.strftime("%Y%m%d%H%M%S.%f%z")
    return val.strftime("%Y%m%d%H%M%S%z")


def _format_TM(val: Any) -> str:
    if val is None:
        return ""
    if hasattr(val, "original_string"):
        return val.original_string
    if val.microsecond > 0:
        return val.strftime("%H%M%S.%f")
    return val.strftime("%H%M%S")


def _date_time_bytes(elem: DataElement, formatter: Callable[[Any], str]) -> bytes:
    val = elem.value
    if isinstance(val, str):
        return _string_bytes(val)
    if _is_multi_value(val):
        text = "\\".join(item if isinstance(item, str) else formatter(item) for item in val)
    else:
        text = formatter(val)
    if len(text) % 2:
        text += " "
    return text.encode(default_encoding)


def _at_bytes(elem: DataElement, little: bool) -> bytes:
    value = elem.value
    try:
        iter(value)
    except TypeError:
        return _codec.pack_numbers(Tag(value), "AT", little)
    return _codec.pack_numbers([Tag(tag) for tag in value], "AT", little)


def _ob_bytes(elem: DataElement) -> bytes:
    value = elem.value
    return value + b"\x00" if len(value) % 2 else value


# VR -> encoder(elem, little_endian, encodings)
_ENCODERS: Dict[str, Callable[[DataElement, bool, List[str]], bytes]] = {
    "AE": lambda e, le, enc: _string_bytes(e.value),
    "AS": lambda e, le, enc: _string_bytes(e.value),
    "AT": lambda e, le, enc: _at_bytes(e, le),
    "CS": lambda e, le, enc: _string_bytes(e.value),
    "DA": lambda e, le, enc: _date_time_bytes(e, _format_DA),
    "DS": lambda e, le, enc: _number_string_bytes(e),
    "DT": lambda e, le, enc: _date_time_bytes(e, _format_DT),
    "IS": lambda e, le, enc: _number_string_bytes(e),
    "LO": lambda e, le, enc: _text_bytes(e, enc),
    "LT": lambda e, le, enc: _text_bytes(e, enc),
    "OB": lambda e, le, enc: _ob_bytes(e),
    "OD": lambda e, le, enc: e.value,
    "OF": lambda e, le, enc: e.value,
    "OL": lambda e, le, enc: e.value,
    "OV": lambda e, le, enc: e.value,
    "OW": lambda e, le, enc: e.value,
    "PN": lambda e, le, enc: _pn_bytes(e, enc),
    "SH": lambda e, le, enc: _text_bytes(e, enc),
    "ST": lambda e, le, enc: _text_bytes(e, enc),
    "TM": lambda e, le, enc: _date_time_bytes(e, _format_TM),
    "UC": lambda e, le, enc: _text_bytes(e, enc),
    "UI": lambda e, le, enc: _string_bytes(e.value, "\0"),
    "UN": lambda e, le, enc: e.value,
    "UR": lambda e, le, enc: _string_bytes(e.value),
    "UT": lambda e, le, enc: _text_bytes(e, enc),
    "US or SS": lambda e, le, enc: e.value,
    "US or OW": lambda e, le, enc: e.value,
    "US or SS or OW": lambda e, le, enc: e.value,
    "OB or OW": lambda e, le, enc: _ob_bytes(e),
}
for _vr in ("FD", "FL", "SL", "SS", "SV", "UL", "US", "UV"):
    _ENCODERS[_vr] = (lambda vr: lambda e, le, enc: _numbers_bytes(e, le, vr))(_vr)


# -- the encoder of elements and datasets ----------------------------------------


class _Encoder:
    """Appends encoded elements to one buffer.

    Parameters
    ----------
    implicit, little : bool
        The VR style and byte order to write.
    out : bytearray, optional
        The buffer to append to; a new one by default.
    """

    def __init__(self, implicit: bool, little: bool, out: Optional[bytearray] = None) -> None:
        self.out = bytearray() if out is None else out
        self.implicit = implicit
        self.little = little
        self.implicit_header, self.short_header, self.long_header, self.length = _HEADERS[little]

    def element(self, elem: Union[DataElement, RawDataElement], encodings: List[str]) -> None:
        """Append `elem` (pydicom's write_data_element)."""
        out = self.out
        vr = elem.VR
        implicit = self.implicit
        if not implicit and vr and len(vr) != 2:
            raise ValueError(
                f"Cannot write ambiguous VR of '{vr}' for data element with tag {elem.tag!r}.\n"
                "Set the correct VR before writing, or use an implicit VR transfer syntax"
            )
        tag = elem.tag
        if elem.is_raw:
            value = elem.value
            undefined = elem.length == _UNDEFINED_LENGTH
        else:
            undefined = elem.is_undefined_length
            if vr not in _ENCODERS and vr != "SQ":
                raise NotImplementedError(f"write_data_element: unknown Value Representation '{vr}'")
            value = None
            if vr == "SQ" or vr is VR.SQ:
                self._sequence(tag, vr, elem, undefined, encodings)
                return
            value = b"" if elem.is_empty else _ENCODERS[vr](elem, self.little, encodings)
        if value is None:
            value = b""
        if undefined and tag == _PIXEL_DATA and not value.startswith(_ENCAPSULATED_ITEM[self.little]):
            raise ValueError(
                "(7FE0,0010) Pixel Data has an undefined length indicating that it's "
                "compressed, but the data isn't encapsulated as required. See "
                "dcmcore.encaps.encapsulate() for more information"
            )
        length = len(value)
        group, element = tag >> 16, tag & 0xFFFF
        if implicit:
            out += self.implicit_header.pack(group, element, _UNDEFINED_LENGTH if undefined else length)
        else:
            if vr not in _LONG_LENGTH_VRS and not undefined and length > 0xFFFF:
                # PS3.5 6.2.2: too long for a 16-bit length; UN has 32 bits
                warnings.warn(
                    f"The value for the data element {tag} exceeds the size of 64 kByte and "
                    "cannot be written in an explicit transfer syntax. The data element VR "
                    f"is changed from '{vr}' to 'UN' to allow saving the data."
                )
                vr = "UN"
            vr_bytes = bytes(vr, default_encoding)
            if vr in _LONG_LENGTH_VRS:
                out += self.long_header.pack(group, element, vr_bytes, _UNDEFINED_LENGTH if undefined else length)
            elif undefined:
                # a 16-bit VR with undefined length: pydicom writes a 4-byte length
                out += struct.pack("<HH2s" if self.little else ">HH2s", group, element, vr_bytes)
                out += self.length.pack(_UNDEFINED_LENGTH)
            else:
                out += self.short_header.pack(group, element, vr_bytes, length)
        out += value
        if undefined:
            out += _SEQUENCE_DELIMITER[self.little]

    def _sequence(self, tag: BaseTag, vr: str, elem: DataElement, undefined: bool, encodings: List[str]) -> None:
        out = self.out
        group, element = tag >> 16, tag & 0xFFFF
        if self.implicit:
            out += self.implicit_header.pack(group, element, _UNDEFINED_LENGTH)
        else:
            out += self.long_header.pack(group, element, b"SQ", _UNDEFINED_LENGTH)
        length_at = len(out) - 4
        start = len(out)
        if not elem.is_empty:
            for item in elem.value:
                self.item(item, encodings)
        if undefined:
            out += _SEQUENCE_DELIMITER[self.little]
        else:
            self.length.pack_into(out, length_at, len(out) - start)

    def item(self, dataset: Dataset, encodings: List[str]) -> None:
        """Append one sequence item (pydicom's write_sequence_item)."""
        out = self.out
        out += _ITEM[self.little]
        length_at = len(out) - 4
        start = len(out)
        self.dataset(dataset, encodings)
        if getattr(dataset, "is_undefined_length_sequence_item", False):
            out += _ITEM_DELIMITER[self.little]
        else:
            self.length.pack_into(out, length_at, len(out) - start)

    def dataset(self, dataset: Dataset, parent_encoding: Union[str, List[str]]) -> None:
        """Append the elements of `dataset` in tag order (pydicom's write_dataset)."""
        # the file's encoding wins over the dataset's (pydicom's _harmonize_properties)
        if dataset.is_little_endian is not self.little or dataset.is_implicit_VR is not self.implicit:
            dataset.is_little_endian = self.little
            dataset.is_implicit_VR = self.implicit
        if not dataset.is_original_encoding:
            dataset = correct_ambiguous_vr(dataset, self.little)
        if 0x00080005 in dataset._dict:
            encodings = _python_encodings(dataset.get("SpecificCharacterSet", parent_encoding))
        else:
            encodings = _python_encodings(parent_encoding)
        # The kernel writes the elements it can; each one it leaves (sequences,
        # deferred values, unusual values, errors and warnings) is written here
        elements = _writer.sorted_elements(dataset._dict)
        count = len(elements)
        charset_is_ascii = len(encodings) == 1 and encodings[0] in _ASCII_CODECS
        out = self.out
        index = _writer.write_elements(out, elements, 0, self.implicit, self.little, charset_is_ascii, encodings)
        while index < count:
            elem = elements[index]
            tag = elem.tag
            try:
                if elem.is_raw and elem.value is None:
                    elem = dataset.get_item(tag)  # deferred: read it now
                self.element(elem, encodings)
            except Exception as exc:
                raise type(exc)(f"With tag {tag} got exception: {str(exc)}\n{traceback.format_exc()}") from exc
            index = _writer.write_elements(
                out, elements, index + 1, self.implicit, self.little, charset_is_ascii, encodings
            )


_writer.set_item_type(Dataset)


# (0008,0005) value -> Python codecs, for the values that convert without a
# warning (the others are converted, and warned about, each time)
_CONVERTED_ENCODINGS: Dict[Union[str, Tuple[str, ...]], List[str]] = {}


def _python_encodings(encodings: Union[None, str, Sequence[str]]) -> List[str]:
    """convert_encodings(`encodings` or the default), remembered."""
    if not encodings:
        encodings = default_encoding
    key = encodings if isinstance(encodings, str) else tuple(encodings)
    converted = _CONVERTED_ENCODINGS.get(key)  # type: ignore[arg-type]
    if converted is None:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            converted = convert_encodings(cast(Any, encodings))
        if caught:
            # not remembered: convert again to warn as pydicom does
            return convert_encodings(cast(Any, encodings))
        _CONVERTED_ENCODINGS[key] = converted  # type: ignore[index]
    return list(converted)


def _harmonize_properties(ds: Dataset, fp: DicomIO) -> None:
    """Make `ds` and `fp` agree on the encoding; `fp`'s settings win."""
    if hasattr(fp, "is_little_endian"):
        ds.is_little_endian = fp.is_little_endian
    if hasattr(fp, "is_implicit_VR"):
        ds.is_implicit_VR = fp.is_implicit_VR
    fp.is_implicit_VR = cast(bool, ds.is_implicit_VR)
    fp.is_little_endian = cast(bool, ds.is_little_endian)


def _fp_encoding(fp: DicomIO) -> Tuple[bool, bool]:
    try:
        return fp.is_implicit_VR, fp.is_little_endian
    except AttributeError:
        raise AttributeError("The file-like must have is_implicit_VR and is_little_endian set before writing")


# -- public writers ------------------------------------------------------------


def correct_ambiguous_vr_element(elem: Union[DataElement, RawDataElement], ds: Dataset, is_little_endian: bool) -> DataElement:
    """Resolve the ambiguous VR of `elem` (e.g. ``US or SS``) from `ds`.

    A raw element is converted first (and put back into `ds`). The VRs left
    unresolved are retired or DICONDE ones; such elements come back as they
    are. A ``US``/``SS`` value still in bytes is decoded.

    Parameters
    ----------
    elem : DataElement or RawDataElement
        The element.
    ds : Dataset
        The dataset holding `elem`.
    is_little_endian : bool
        The byte order of a value still in bytes.

    Returns
    -------
    DataElement

    Raises
    ------
    AttributeError
        If an element needed to decide is missing from `ds`.
    """
    if elem.VR in AMBIGUOUS_VR:
        if isinstance(elem, RawDataElement):
            elem = DataElement_from_raw(elem, dataset=ds)
            ds.__setitem__(elem.tag, elem)
        _correct_ambiguous_vr_element(elem, ds, is_little_endian)
    return cast(DataElement, elem)


def correct_ambiguous_vr(ds: Dataset, is_little_endian: bool) -> Dataset:
    """Resolve every ambiguous VR in `ds` and in its sequences, in place.

    Parameters
    ----------
    ds : Dataset
        The dataset.
    is_little_endian : bool
        The byte order of values still in bytes.

    Returns
    -------
    Dataset
        `ds`.

    Raises
    ------
    AttributeError
        If an element needed to decide is missing.
    """
    for elem in ds:
        if elem.VR == "SQ":
            for item in elem.value:
                correct_ambiguous_vr(item, is_little_endian)
        elif elem.VR in AMBIGUOUS_VR:
            correct_ambiguous_vr_element(elem, ds, is_little_endian)
    return ds


def write_numbers(fp: DicomIO, elem: DataElement, struct_format: str) -> None:
    """Write the numbers of `elem` packed with the :mod:`struct` code `struct_format`."""
    fp.write(_numbers_bytes(elem, fp.is_little_endian, _STRUCT_FORMAT_VRS[struct_format]))


def write_OBvalue(fp: DicomIO, elem: DataElement) -> None:
    """Write an OB value, padded with a NUL byte to even length."""
    fp.write(_ob_bytes(elem))


def write_OWvalue(fp: DicomIO, elem: DataElement) -> None:
    """Write an OW (or OD, OF, OL, OV) value as its bytes, unswapped."""
    fp.write(cast(bytes, elem.value))


def write_UI(fp: DicomIO, elem: DataElement) -> None:
    """Write a UI value, padded with a NUL byte to even length."""
    fp.write(_string_bytes(elem.value, "\0"))


def write_PN(fp: DicomIO, elem: DataElement, encodings: Optional[List[str]] = None) -> None:
    """Write a PN value in `encodings`, padded with a space to even length."""
    fp.write(_pn_bytes(elem, encodings or [default_encoding]))


def write_string(fp: DicomIO, elem: DataElement, padding: str = " ") -> None:
    """Write a text value of the default repertoire, padded to even length."""
    fp.write(_string_bytes(elem.value, padding))


def write_text(fp: DicomIO, elem: DataElement, encodings: Optional[List[str]] = None) -> None:
    """Write a text value in `encodings`, padded with a space to even length."""
    fp.write(_text_bytes(elem, encodings or [default_encoding]))


def write_number_string(fp: DicomIO, elem: DataElement) -> None:
    """Write an IS or DS value, as its original text when it has one."""
    fp.write(_number_string_bytes(elem))


def write_DA(fp: DicomIO, elem: DataElement) -> None:
    """Write a DA value (``str`` or :class:`~dcmcore.valuerep.DA`)."""
    fp.write(_date_time_bytes(elem, _format_DA))


def write_DT(fp: DicomIO, elem: DataElement) -> None:
    """Write a DT value (``str`` or :class:`~dcmcore.valuerep.DT`)."""
    fp.write(_date_time_bytes(elem, _format_DT))


def write_TM(fp: DicomIO, elem: DataElement) -> None:
    """Write a TM value (``str`` or :class:`~dcmcore.valuerep.TM`)."""
    fp.write(_date_time_bytes(elem, _format_TM))


def write_UN(fp: DicomIO, elem: DataElement) -> None:
    """Write a UN value as its bytes."""
    fp.write(cast(bytes, elem.value))


def write_ATvalue(fp: DicomIO, elem: DataElement) -> None:
    """Write an AT value: one tag or several."""
    fp.write(_at_bytes(elem, fp.is_little_endian))


def write_sequence(fp: DicomIO, elem: DataElement, encodings: List[str]) -> None:
    """Write the items of the sequence `elem` (its header is written already)."""
    implicit, little = _fp_encoding(fp)
    encoder = _Encoder(implicit, little)
    for item in elem.value:
        encoder.item(item, encodings)
    fp.write(bytes(encoder.out))


def write_sequence_item(fp: DicomIO, dataset: Dataset, encodings: List[str]) -> None:
    """Write `dataset` as one sequence item (PS3.5 7.5)."""
    implicit, little = _fp_encoding(fp)
    encoder = _Encoder(implicit, little)
    encoder.item(dataset, encodings)
    fp.write(bytes(encoder.out))


def write_data_element(
    fp: DicomIO, elem: Union[DataElement, RawDataElement], encodings: Optional[Union[str, List[str]]] = None
) -> None:
    """Write one element in the encoding set on `fp`.

    Parameters
    ----------
    fp : DicomIO
        With ``is_implicit_VR`` and ``is_little_endian`` set.
    elem : DataElement or RawDataElement
        A raw element is written as its bytes.
    encodings : str or list of str, optional
        The character sets of text values.

    Raises
    ------
    ValueError
        For an ambiguous VR in explicit VR, or undefined-length Pixel Data
        that is not encapsulated.
    NotImplementedError
        For an unknown VR.
    """
    implicit, little = _fp_encoding(fp)
    encoder = _Encoder(implicit, little)
    encoder.element(elem, convert_encodings(encodings or [default_encoding]))
    fp.write(bytes(encoder.out))


def write_dataset(fp: DicomIO, dataset: Dataset, parent_encoding: Union[str, List[str]] = default_encoding) -> int:
    """Write the elements of `dataset` to `fp` in tag order.

    The encoding is that of `fp` when set there (it is then copied to
    `dataset`), else that of `dataset`.

    Returns
    -------
    int
        The number of bytes written.

    Raises
    ------
    AttributeError
        If no encoding is set on `dataset` or `fp`.
    """
    _harmonize_properties(dataset, fp)
    if None in (dataset.is_little_endian, dataset.is_implicit_VR):
        raise _unset_encoding_error(dataset)
    encoder = _Encoder(cast(bool, dataset.is_implicit_VR), cast(bool, dataset.is_little_endian))
    encoder.dataset(dataset, parent_encoding)
    fp.write(bytes(encoder.out))
    return len(encoder.out)


def _file_meta_bytes(file_meta: FileMetaDataset, enforce_standard: bool) -> bytearray:
    validate_file_meta(file_meta, enforce_standard)
    if enforce_standard and _GROUP_LENGTH not in file_meta._dict:
        file_meta.FileMetaInformationGroupLength = 0  # set below
    encoder = _Encoder(False, True)
    encoder.dataset(file_meta, default_encoding)
    data = encoder.out
    if _GROUP_LENGTH in file_meta._dict:
        # PS3.10 7.1: the bytes after the 12-byte group length element, the
        # first one written
        group_length = file_meta[_GROUP_LENGTH]
        group_length.value = len(data) - 12
        encoder = _Encoder(False, True)
        encoder.element(group_length, [default_encoding])
        data[: len(encoder.out)] = encoder.out
    return data


def write_file_meta_info(fp: DicomIO, file_meta: FileMetaDataset, enforce_standard: bool = True) -> None:
    """Write the file meta information (group 0002) as explicit VR little endian.

    With `enforce_standard` the group length (0002,0000) is added or updated
    and the required elements of PS3.10 table 7.1-1 must be there (missing
    (0002,0001) and (0002,0012) are added); without it the elements are
    written as they are, the group length updated if present.

    Raises
    ------
    ValueError
        If a required element is missing or an element is not in group 2.
    """
    fp.write(_file_meta_bytes(file_meta, enforce_standard))


def _unset_encoding_error(dataset: Dataset) -> AttributeError:
    """pydicom's error for a dataset written with no byte order or VR style set."""
    name = dataset.__class__.__name__
    return AttributeError(
        f"'{name}.is_little_endian' and '{name}.is_implicit_VR' must be set appropriately before saving"
    )


def _write_body(out: bytearray, dataset: Dataset, write_like_original: bool) -> None:
    """Append the encoded data set after the file meta to `out` (pydicom's
    _write_dataset)."""
    has_command_set = _writer.has_tag_between(dataset._dict, 0x00000000, 0x0000FFFF)
    if write_like_original and has_command_set:
        # Command set elements (group 0000) are implicit VR little endian
        # (PS3.7 6.3)
        command_set = dataset[0x00000000:0x00010000]
        command_set.is_little_endian = True
        command_set.is_implicit_VR = True
        _Encoder(True, True, out).dataset(command_set, default_encoding)
    if None in (dataset.is_implicit_VR, dataset.is_little_endian):
        # a private transfer syntax says nothing of the encoding
        raise _unset_encoding_error(dataset)
    implicit = cast(bool, dataset.is_implicit_VR)
    little = cast(bool, dataset.is_little_endian)
    encoder = _Encoder(implicit, little, out)
    if dataset.is_original_encoding and not has_command_set:
        # Written as read: nothing is converted or corrected, so the dataset
        # itself serves where pydicom writes a copy of its slice
        encoder.dataset(dataset, default_encoding)
    else:
        rest = dataset[0x00010000:]
        rest.is_little_endian = little
        rest.is_implicit_VR = implicit
        encoder.dataset(rest, default_encoding)


def dcmwrite(
    filename: Any,
    dataset: Dataset,
    write_like_original: bool = True,
    *,
    enforce_file_format: Optional[bool] = None,
) -> None:
    """Write `dataset` to a file.

    Parameters
    ----------
    filename : str, PathLike or file-like
        Where to write; a file-like must have ``write``, ``tell`` and
        ``close`` and is left open. A path is written atomically (see
        :func:`~dcmcore.filebase.write_file_atomically`): an error at any
        point leaves the file that was there byte for byte as it was.
    dataset : Dataset
        What to write: ``dataset.is_implicit_VR`` and
        ``dataset.is_little_endian`` (or a file meta Transfer Syntax UID)
        set the encoding.
    write_like_original : bool, optional
        ``True`` (default) to write the preamble and file meta information
        only as far as `dataset` has them. ``False`` to write a DICOM File
        Format file (PS3.10 7.1): a 128-byte preamble (zeros if there is
        none), ``DICM`` and a complete file meta group.
    enforce_file_format : bool, optional
        pydicom 3's name: ``True`` is ``write_like_original=False``.

    Raises
    ------
    AttributeError
        If the encoding is not set and there is no Transfer Syntax UID.
    ValueError
        If group 2 elements are in the dataset itself, the preamble is not
        128 bytes long, or the pixel data was decompressed while the
        transfer syntax says compressed.
    TypeError
        If `filename` is neither a path nor a writable file-like.
    """
    if enforce_file_format is not None:
        write_like_original = not enforce_file_format
    try:
        tsyntax = dataset.file_meta.TransferSyntaxUID
    except AttributeError:
        tsyntax = None
    cls_name = dataset.__class__.__name__
    encoding = (dataset.is_implicit_VR, dataset.is_little_endian)
    if None in encoding:
        if tsyntax is None:
            raise _unset_encoding_error(dataset)
        if not tsyntax.is_private:
            dataset.is_little_endian = tsyntax.is_little_endian
            dataset.is_implicit_VR = tsyntax.is_implicit_VR
    if tsyntax and not tsyntax.is_private:
        if "PixelData" in dataset:
            dataset["PixelData"].is_undefined_length = tsyntax.is_compressed
        if tsyntax.is_compressed and encoding != (False, True):
            warnings.warn(
                "All encapsulated (compressed) transfer syntaxes must use explicit VR little "
                f"endian encoding for the dataset. Set '{cls_name}.is_little_endian = True' "
                f"and '{cls_name}.is_implicit_VR = False' before saving"
            )
    if _writer.has_tag_between(dataset._dict, 0x00020000, 0x0002FFFF):
        raise ValueError(
            "File Meta Information Group Elements (0002,eeee) should be in their own "
            f"Dataset object in the '{cls_name}.file_meta' attribute."
        )
    preamble = getattr(dataset, "preamble", None)
    if preamble and len(preamble) != 128:
        raise ValueError(f"'{cls_name}.preamble' must be 128-bytes long.")
    if not preamble and not write_like_original:
        preamble = b"\x00" * 128
    if not write_like_original:
        dataset.fix_meta_info(enforce_standard=False)
    else:
        dataset.ensure_file_meta()
    if dataset.is_decompressed:
        if dataset.file_meta.TransferSyntaxUID.is_compressed:
            raise ValueError(
                f"The Transfer Syntax UID element in '{cls_name}.file_meta' is compressed "
                "but the pixel data has been decompressed"
            )
        dataset.PixelData = dataset.pixel_array.tobytes()

    try:
        import os

        path = os.fspath(filename)
    except TypeError:
        path = filename
    if not isinstance(path, str):
        for attribute in ("tell", "close"):
            if not hasattr(filename, attribute):
                raise TypeError(f"dcmwrite: Expected a file path or a file-like, but got {type(filename).__name__}")

    # The whole file is encoded into one buffer, written with one call
    out = bytearray()
    if preamble:
        out += preamble
        out += b"DICM"
    tsyntax = None
    if dataset.file_meta:
        out += _file_meta_bytes(dataset.file_meta, not write_like_original)
        tsyntax = getattr(dataset.file_meta, "TransferSyntaxUID", None)
    if tsyntax == _DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN:
        # PS3.5 A.5: raw deflate of everything after the file meta
        body = bytearray()
        _write_body(body, dataset, write_like_original)
        compressor = zlib.compressobj(wbits=-zlib.MAX_WBITS)
        deflated = compressor.compress(body) + compressor.flush()
        out += deflated
        if len(deflated) % 2:
            out += b"\x00"
    else:
        _write_body(out, dataset, write_like_original)

    if isinstance(path, str):
        write_file_atomically(path, out)
    else:
        write = getattr(filename, "write", None)
        if write is None:
            raise OSError("This DicomFileLike object has no write() method")
        write(out)


def __getattr__(name: str) -> Any:
    if name == "write_file":
        warnings.warn("'write_file' is deprecated and will be removed in v3.0, use 'dcmwrite' instead", DeprecationWarning)
        return dcmwrite
    raise AttributeError(f"module {__name__} has no attribute {name}")


#: VR -> (writer, struct format or None), as pydicom's table.
writers: Dict[Any, Tuple[Callable[..., None], Optional[str]]] = {
    VR.AE: (write_string, None),
    VR.AS: (write_string, None),
    VR.AT: (write_ATvalue, None),
    VR.CS: (write_string, None),
    VR.DA: (write_DA, None),
    VR.DS: (write_number_string, None),
    VR.DT: (write_DT, None),
    VR.FD: (write_numbers, "d"),
    VR.FL: (write_numbers, "f"),
    VR.IS: (write_number_string, None),
    VR.LO: (write_text, None),
    VR.LT: (write_text, None),
    VR.OB: (write_OBvalue, None),
    VR.OD: (write_OWvalue, None),
    VR.OF: (write_OWvalue, None),
    VR.OL: (write_OWvalue, None),
    VR.OW: (write_OWvalue, None),
    VR.OV: (write_OWvalue, None),
    VR.PN: (write_PN, None),
    VR.SH: (write_text, None),
    VR.SL: (write_numbers, "l"),
    VR.SQ: (write_sequence, None),
    VR.SS: (write_numbers, "h"),
    VR.ST: (write_text, None),
    VR.SV: (write_numbers, "q"),
    VR.TM: (write_TM, None),
    VR.UC: (write_text, None),
    VR.UI: (write_UI, None),
    VR.UL: (write_numbers, "L"),
    VR.UN: (write_UN, None),
    VR.UR: (write_string, None),
    VR.US: (write_numbers, "H"),
    VR.UT: (write_text, None),
    VR.UV: (write_numbers, "Q"),
    VR.US_SS: (write_OWvalue, None),
    VR.US_OW: (write_OWvalue, None),
    VR.US_SS_OW: (write_OWvalue, None),
    VR.OB_OW: (write_OBvalue, None),
}
