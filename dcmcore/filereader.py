"""Read DICOM files: :func:`dcmread` and the pieces it is made of.

The file (or the rest of a file-like object) is taken into memory in one read
(large files are memory-mapped instead, their large values read straight from
the file) and tokenized by :class:`dcmcore._reader.Tokenizer`. Elements stay
raw (:class:`~dcmcore.dataelem.RawDataElement`, the value still bytes) until
they are accessed; undefined-length sequences are read in full, as pydicom
does.
"""

import io
import logging
import mmap
import os
import stat
import struct
import warnings
import zlib
from itertools import groupby
from typing import Any, BinaryIO, Callable, Iterator, List, MutableSequence, Optional, Tuple, Union

from dcmcore import _convert, _reader, config
from dcmcore._convert import new_read_item, new_read_sequence, new_read_sequence_element
from dcmcore.charset import convert_encodings, default_encoding
from dcmcore.config import logger
from dcmcore.datadict import dictionary_VR
from dcmcore.dataelem import DataElement, RawDataElement
from dcmcore.dataset import _STAT_THE_FILE, Dataset, FileDataset, FileMetaDataset
from dcmcore.dicomdir import DicomDir
from dcmcore.errors import InvalidDicomError
from dcmcore.sequence import Sequence
from dcmcore.tag import BaseTag, Tag, TagListType
from dcmcore.valuerep import EXPLICIT_VR_LENGTH_32, STANDARD_VR, VR as VR_

# the VR given to an element found to be a sequence although not written as SQ
_SEQUENCE_VR = VR_.SQ

__all__ = [
    "data_element_generator",
    "data_element_offset_to_value",
    "dcmread",
    "read_dataset",
    "read_deferred_data_element",
    "read_dicomdir",
    "read_file_meta_info",
    "read_partial",
    "read_preamble",
    "read_sequence",
    "read_sequence_item",
]

PathType = Union[str, bytes, "os.PathLike[Any]"]
StopWhenType = Callable[[BaseTag, Optional[str], int], bool]

_IMPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2"
_EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1"
_DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1.99"
_EXPLICIT_VR_BIG_ENDIAN = "1.2.840.10008.1.2.2"
_MEDIA_STORAGE_SOP_CLASS_UID_TAG = Tag(0x00020002)
_TRANSFER_SYNTAX_UID_TAG = Tag(0x00020010)

# Files at least this big are memory-mapped rather than read; values at least
# _LARGE_VALUE bytes long are then read from the file into their own bytes,
# so that the pages of the map are never touched for them. Reading a whole
# file and then copying its pixel data out costs two allocations, twice the
# page faults and a copy with the GIL held: already for a file of a few
# hundred KiB, a map and one read of the value into its own bytes is faster
# (850 KiB RLE file: 128 us against 576 us here).
_MMAP_THRESHOLD = 256 << 10
_LARGE_VALUE = 128 << 10

# Deflated data sets inflate this much at a time; up to this much more than
# config.settings.max_inflation_ratio allows, whatever their size
_INFLATION_STEP = 4 << 20
_INFLATION_SLACK = 1 << 20

_SIZE_FACTORS = {
    "kb": 1000,
    "mb": 1000 * 1000,
    "gb": 1000 * 1000 * 1000,
    "kib": 1024,
    "mib": 1024 * 1024,
    "gib": 1024 * 1024 * 1024,
}


def _size_in_bytes(expr: Optional[Union[int, float, str]]) -> Optional[Union[int, float]]:
    """Return `defer_size` as a number of bytes (``None`` for no limit).

    Accepts a number, or text such as ``"512 KB"`` or ``"2 MiB"``.
    """
    if expr is None or expr == float("inf"):
        return None
    if isinstance(expr, (int, float)):
        return expr
    try:
        return int(expr)
    except ValueError:
        pass
    value, unit = ("".join(g) for _, g in groupby(expr, str.isalpha))
    factor = _SIZE_FACTORS.get(unit.lower())
    if factor is None:
        raise ValueError(f"Unable to parse length with unit '{unit}'")
    return float(value) * factor


def _defer_limit(defer_size: Optional[Union[int, float, str]]) -> int:
    """The tokenizer's defer size: -1 for none, else the largest kept length."""
    size = _size_in_bytes(defer_size)
    if size is None:
        return -1
    # values longer than `size` are deferred: keep lengths <= floor(size)
    return max(int(size // 1), 0) if size >= 0 else 0


# -- the factories the tokenizer builds objects with -------------------------


def _charset_encoding(value: bytes) -> List[str]:
    """The Python encodings of a raw (0008,0005) Specific Character Set."""
    # as a CS value: trailing padding removed, then split at backslashes
    terms = value.decode(default_encoding).rstrip(" \0").split("\\")
    return convert_encodings(terms[0] if len(terms) == 1 else terms)


def _dictionary_vr(tag: BaseTag) -> Optional[str]:
    try:
        return dictionary_VR(tag)
    except KeyError:
        return None


# An undefined-length sequence of at least this many bytes (the Per-frame
# Functional Groups of an enhanced multi-frame file, say) is kept as its
# bytes and read when first reached, as a defined-length one is; smaller
# ones are read at once, as pydicom reads them.
_HELD_SEQUENCE_SIZE = 64 * 1024


def _tokenizer(
    src: Any, tell_base: int, filename: Any = "<no filename>", value_reader: Optional[Callable[[int, int], bytes]] = None
) -> _reader.Tokenizer:
    """A tokenizer over `src` with the current configuration."""
    settings = config.settings
    strict = settings.reading_validation_mode == config.RAISE
    return _reader.Tokenizer(
        src,
        tell_base,
        RawDataElement,
        new_read_item,
        new_read_sequence_element,
        _charset_encoding,
        _dictionary_vr,
        filename=filename,
        empty_text_is_none=config.use_none_as_empty_text_VR_value,
        infer_sq_for_un=settings.infer_sq_for_un_vr,
        replace_un=config.replace_un_with_known_vr,
        implicit_switch=config.assume_implicit_vr_switch,
        raise_on_invalid=strict,
        value_reader=value_reader,
        large_value_size=_LARGE_VALUE,
        inferred_sq_vr=_SEQUENCE_VR,
        # pydicom keeps, silently, the bytes that remain of a value cut short
        # by the end of the file; so does dcmcore, but strict mode raises
        keep_truncated=not strict,
        hold_sequence_size=_HELD_SEQUENCE_SIZE,
    )


def _sequence_from_bytes(
    byte_string: bytes, is_implicit_VR: bool, is_little_endian: bool, encodings: List[str], offset: int
) -> Sequence:
    """The Sequence of a defined-length SQ value (values.convert_SQ).

    pydicom reads it with read_sequence over ``BytesIO(byte_string)``; the
    tokenizer reads the bytes themselves. `offset` is the file position of
    ``byte_string[0]``, for the items' positions.
    """
    items, _ = _tokenizer(byte_string, 0).read_sequence(
        0, len(byte_string), is_implicit_VR, is_little_endian, encodings, offset
    )
    return new_read_sequence(items, False)


def _stop_mode(stop_when: Optional[StopWhenType]) -> Tuple[int, Any]:
    if stop_when is None:
        return _reader.STOP_NEVER, None
    if stop_when is _at_pixel_data:
        return _reader.STOP_AT_PIXEL_DATA, None
    return _reader.STOP_CALLBACK, stop_when


_SPECIFIC_CHARACTER_SET_TAG = Tag(0x00080005)


def _tag_set(specific_tags: Optional[TagListType]) -> Optional[set]:
    """The tags to keep (with (0008,0005) always), ``None`` to keep all."""
    if not specific_tags:
        return None
    tags = {tag if tag.__class__ is BaseTag else Tag(tag) for tag in specific_tags}
    tags.add(_SPECIFIC_CHARACTER_SET_TAG)
    return tags


# -- file-like objects -------------------------------------------------------


def _name_of(fp: Any) -> str:
    return getattr(fp, "name", "<no filename>")


def _rest_of(fp: BinaryIO) -> Tuple[bytes, int]:
    """Read what remains of `fp`: ``(data, position of data[0])``."""
    start = fp.tell()
    data = fp.read()
    if not isinstance(data, (bytes, bytearray)):
        data = bytes(data)
    return data, start


def _small_file_bytes(path: str) -> Optional[Tuple[bytes, float]]:
    """The bytes and modification time of the regular file at `path` if it
    is smaller than _MMAP_THRESHOLD, else ``None`` (then _Source maps it).

    Read with plain system calls: for the small files read by the thousand,
    a buffered file object costs as much as parsing a tenth of the file.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode) or status.st_size >= _MMAP_THRESHOLD:
            return None
        # one byte more than the size: a short read then is the end of file
        wanted = status.st_size + 1
        parts = []
        while True:
            chunk = os.read(fd, max(wanted, 1 << 16))
            if not chunk:
                break
            parts.append(chunk)
            wanted -= len(chunk)
            if wanted > 0:
                break
        return (parts[0] if len(parts) == 1 else b"".join(parts)), status.st_mtime
    finally:
        os.close(fd)


class _Source:
    """The bytes of a whole file: read into memory, or memory-mapped when big.

    Used as a context manager so that the map and the file are released.
    """

    def __init__(self, fp: BinaryIO, owns_file: bool) -> None:
        self.fp = fp
        self.owns_file = owns_file
        self.map: Optional[mmap.mmap] = None
        self.value_reader: Optional[Callable[[int, int], bytes]] = None
        fileno = None
        if isinstance(fp, (io.BufferedReader, io.FileIO)):
            try:
                fileno = fp.fileno()
                size = os.fstat(fileno).st_size
            except (OSError, ValueError):
                fileno = None
        if fileno is not None and size >= _MMAP_THRESHOLD:
            self.map = mmap.mmap(fileno, 0, access=mmap.ACCESS_READ)
            self.data: Any = self.map
            self.value_reader = self._read_value
        else:
            fp.seek(0)
            self.data = fp.read()
            if not isinstance(self.data, (bytes, bytearray)):
                self.data = bytes(self.data)

    def _read_value(self, position: int, length: int) -> bytes:
        # one allocation of exactly `length` bytes, filled by the OS
        self.fp.seek(position)
        return self.fp.read(length)

    def __enter__(self) -> "_Source":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        if self.map is not None:
            self.data = None
            self.map.close()
        if self.owns_file:
            self.fp.close()


# -- the public reading functions ---------------------------------------------


def data_element_generator(
    fp: BinaryIO,
    is_implicit_VR: bool,
    is_little_endian: bool,
    stop_when: Optional[StopWhenType] = None,
    defer_size: Optional[Union[int, str, float]] = None,
    encoding: Union[str, MutableSequence[str]] = default_encoding,
    specific_tags: Optional[List[BaseTag]] = None,
) -> Iterator[Union[RawDataElement, DataElement]]:
    """Yield the data elements of `fp` from its current position, one by one.

    Mostly for internal use: :func:`dcmread` reads whole files.

    Parameters
    ----------
    fp : file-like
        Positioned at the first element.
    is_implicit_VR : bool
        ``True`` for implicit VR encoding.
    is_little_endian : bool
        ``True`` for little endian encoding.
    stop_when : callable, optional
        Called as ``stop_when(tag, VR, length)`` after each element header;
        a true result ends the generator with `fp` at that element's start.
    defer_size : int, str or float, optional
        See :func:`dcmread`.
    encoding : str or list of str, optional
        The character set, until a (0008,0005) element changes it.
    specific_tags : list of BaseTag, optional
        See :func:`dcmread`.

    Yields
    ------
    RawDataElement or DataElement
        A :class:`~dcmcore.dataelem.DataElement` for a sequence of undefined
        length (read in full), a raw element otherwise.

    Raises
    ------
    EOFError
        If an undefined-length value has no delimiter, or a value runs past
        the end of the data.
    """
    data, start = _rest_of(fp)
    tokenizer = _tokenizer(data, start, _name_of(fp))
    stop_mode, stop_arg = _stop_mode(stop_when)
    defer = _defer_limit(defer_size)
    tags = _tag_set(specific_tags)
    pos = 0
    while True:
        found, elem, end = tokenizer.next_element(
            pos, is_implicit_VR, is_little_endian, encoding, stop_mode, stop_arg, defer, tags
        )
        fp.seek(start + end)
        if found == _reader.FOUND_ELEMENT:
            if elem.tag == 0x00080005 and isinstance(elem, RawDataElement):
                encoding = _charset_encoding(elem.value or b"")
            pos = end
            yield elem
        elif found == _reader.FOUND_SKIPPED:
            pos = end
        elif found == _reader.FOUND_NO_DELIMITER:
            raise EOFError(
                "End of file reached before delimiter (fffe, e0dd) found for the "
                f"value that starts at offset {start + end}"
            )
        else:
            return


def read_dataset(
    fp: BinaryIO,
    is_implicit_VR: bool,
    is_little_endian: bool,
    bytelength: Optional[int] = None,
    stop_when: Optional[StopWhenType] = None,
    defer_size: Optional[Union[str, int, float]] = None,
    parent_encoding: Union[str, MutableSequence[str]] = default_encoding,
    specific_tags: Optional[List[BaseTag]] = None,
    at_top_level: bool = True,
) -> Dataset:
    """Return the data set that starts at the current position of `fp`.

    Parameters
    ----------
    fp : file-like
        Positioned at the first element; left after the last one read.
    is_implicit_VR : bool
        ``True`` for implicit VR. The first element's VR bytes may override
        it, with a warning at the top level.
    is_little_endian : bool
        ``True`` for little endian.
    bytelength : int, optional
        The length of the data set; ``None`` to read to the end of the data
        or to an item delimiter.
    stop_when : callable, optional
        See :func:`data_element_generator`.
    defer_size : int, str or float, optional
        See :func:`dcmread`.
    parent_encoding : str or list of str, optional
        The character set used when the data set has no (0008,0005).
    specific_tags : list of BaseTag, optional
        See :func:`dcmread`.
    at_top_level : bool, optional
        ``False`` for a sequence item, which may be implicit VR silently.

    Returns
    -------
    Dataset
    """
    data, start = _rest_of(fp)
    tokenizer = _tokenizer(data, start, _name_of(fp))
    stop_mode, stop_arg = _stop_mode(stop_when)
    elements, end, implicit, encoding, _ = tokenizer.read_dataset(
        0,
        -1 if bytelength is None else bytelength,
        is_implicit_VR,
        is_little_endian,
        parent_encoding,
        at_top_level,
        stop_mode,
        stop_arg,
        _defer_limit(defer_size),
        _tag_set(specific_tags),
    )
    fp.seek(start + end)
    ds = Dataset(elements)
    ds.set_original_encoding(implicit, is_little_endian, encoding)
    return ds


def read_sequence(
    fp: BinaryIO,
    is_implicit_VR: bool,
    is_little_endian: bool,
    bytelength: int,
    encoding: Union[str, MutableSequence[str]],
    offset: int = 0,
) -> Sequence:
    """Return the :class:`~dcmcore.sequence.Sequence` whose value starts at
    the current position of `fp`.

    Parameters
    ----------
    fp : file-like
        Positioned at the first item; left after the sequence.
    is_implicit_VR, is_little_endian : bool
        The encoding of the items.
    bytelength : int
        The value length, ``0xFFFFFFFF`` for undefined length.
    encoding : str or list of str
        The character set of the enclosing data set.
    offset : int, optional
        Added to the positions recorded in the items.
    """
    data, start = _rest_of(fp)
    tokenizer = _tokenizer(data, start, _name_of(fp))
    items, end = tokenizer.read_sequence(0, bytelength, is_implicit_VR, is_little_endian, encoding, offset)
    fp.seek(start + end)
    return new_read_sequence(items, bytelength == 0xFFFFFFFF)


def read_sequence_item(
    fp: BinaryIO,
    is_implicit_VR: bool,
    is_little_endian: bool,
    encoding: Union[str, MutableSequence[str]],
    offset: int = 0,
) -> Optional[Dataset]:
    """Return the sequence item at the current position of `fp`.

    Returns ``None`` at a sequence delimiter. `fp` is left after what was
    read.
    """
    data, start = _rest_of(fp)
    tokenizer = _tokenizer(data, start, _name_of(fp))
    item, end = tokenizer.read_item(0, is_implicit_VR, is_little_endian, encoding, offset)
    fp.seek(start + end)
    return item


def read_preamble(fp: BinaryIO, force: bool) -> Optional[bytes]:
    """Return the 128-byte preamble of `fp` and read past the ``DICM`` prefix.

    Parameters
    ----------
    fp : file-like
        Positioned at the start of the file.
    force : bool
        ``True`` to accept a file without preamble and prefix: ``None`` is
        returned and `fp` is rewound to its start.

    Returns
    -------
    bytes or None

    Raises
    ------
    InvalidDicomError
        If the prefix is missing and `force` is ``False``.
    """
    preamble = _preamble(fp.read(132), force)
    if preamble is None:
        fp.seek(0)
    return preamble


def _preamble(head: Any, force: bool) -> Optional[bytes]:
    """The preamble of the file whose first 132 bytes are `head`, if they
    end in the ``DICM`` prefix (PS3.10 7.1); else ``None`` if `force`, or
    the InvalidDicomError of read_preamble."""
    if head[128:132] == b"DICM":
        return bytes(head[:128])
    if not force:
        raise InvalidDicomError(
            "File is missing DICOM File Meta Information header or the 'DICM' "
            "prefix is missing from the header. Use force=True to force reading."
        )
    logger.info(
        "File is not conformant with the DICOM File Format: 'DICM' prefix is "
        "missing from the File Meta Information header or the header itself is "
        "missing. Assuming no header and continuing."
    )
    return None


def _at_pixel_data(tag: BaseTag, VR: Optional[str], length: int) -> bool:
    """The stop condition of ``stop_before_pixels`` (the tokenizer tests
    it in C, see _reader.PIXEL_DATA_TAGS)."""
    return tag in _reader.PIXEL_DATA_TAGS


def _file_meta_of(elements: dict) -> FileMetaDataset:
    """The FileMetaDataset of group 0002 elements read by the tokenizer.

    The tokenizer stopped at the first tag outside group 0002, so the check
    of every tag that FileMetaDataset() makes is skipped. Like pydicom, the
    file meta records no original encoding.
    """
    file_meta = FileMetaDataset.__new__(FileMetaDataset)
    Dataset.__init__(file_meta, elements)
    return file_meta


def _read_file_meta(tokenizer: _reader.Tokenizer, pos: int) -> Tuple[FileMetaDataset, int]:
    """Read the group 0002 elements at `pos` (explicit VR little endian,
    PS3.10 7.1); return them and the position after them."""
    elements, end, *_ = tokenizer.read_dataset(
        pos, -1, False, True, default_encoding, True, _reader.STOP_OUTSIDE_GROUP, 2
    )
    file_meta = _file_meta_of(elements)
    if not elements:
        return file_meta, end
    try:
        # A file meta group written as implicit VR fails here (unknown VR)
        file_meta[next(iter(elements))]
    except NotImplementedError:
        elements, end, *_ = tokenizer.read_dataset(
            pos, -1, True, True, default_encoding, True, _reader.STOP_OUTSIDE_GROUP, 2
        )
        file_meta = _file_meta_of(elements)
    if "FileMetaInformationGroupLength" in file_meta:
        # converted whether or not it is logged: a value that cannot be
        # converted raises here, as in pydicom
        stated = file_meta.FileMetaInformationGroupLength
        # the group length counts from the end of its own 12-byte element
        actual = end - (pos + 12)
        if stated != actual and logger.isEnabledFor(logging.INFO):
            logger.info(
                "_read_file_meta_info: (0002,0000) 'File Meta Information Group "
                "Length' value doesn't match the actual File Meta Information "
                f"length ({stated} vs {actual} bytes)"
            )
    return file_meta, end


def read_file_meta_info(filename: PathType) -> FileMetaDataset:
    """Return the file meta information (group 0002) of the file `filename`.

    Only the start of the file is read, which makes this a quick way to look
    at many files.

    Raises
    ------
    InvalidDicomError
        If the file has no ``DICM`` prefix.
    """
    with open(filename, "rb") as fp:
        head = fp.read(1 << 16)
        _preamble(head, False)
        try:
            return _read_file_meta(_tokenizer(head, 0, fp.name), 132)[0]
        except EOFError:
            if len(head) < 1 << 16:
                raise
        # a group longer than the head: read the whole file
        fp.seek(0)
        return _read_file_meta(_tokenizer(fp.read(), 0, fp.name), 132)[0]


def _read_buffer(
    data: Any,
    start: int,
    fileobj: Any,
    stop_when: Optional[StopWhenType],
    defer_size: Optional[Union[int, str, float]],
    force: bool,
    specific_tags: Optional[List[BaseTag]],
    value_reader: Optional[Callable[[int, int], bytes]] = None,
    timestamp: Any = _STAT_THE_FILE,
) -> Tuple[FileDataset, int]:
    """Read the file held in `data` from index `start` (pydicom's
    read_partial over a buffer); return the dataset and the index after
    what was read. `timestamp` is the file's modification time, if known."""
    name = _name_of(fileobj) if not isinstance(fileobj, str) else fileobj
    tokenizer = _tokenizer(data, 0, name, value_reader)

    preamble = _preamble(data[start : start + 132], force)
    pos = 0 if preamble is None else start + 132

    file_meta, pos = _read_file_meta(tokenizer, pos)

    # Command set elements (group 0000) are always implicit VR little endian
    # (PS3.7 6.3)
    command_elements, pos, *_ = tokenizer.read_dataset(
        pos, -1, True, True, default_encoding, True, _reader.STOP_OUTSIDE_GROUP, 0
    )

    is_implicit_VR = True
    is_little_endian = True
    transfer_syntax_elem = file_meta.get(_TRANSFER_SYNTAX_UID_TAG)
    transfer_syntax = None if transfer_syntax_elem is None else transfer_syntax_elem.value
    source: Any = fileobj
    at_end = pos >= tokenizer.size
    if at_end:
        pass
    elif transfer_syntax is None and tokenizer.size - pos < 6:
        pass  # too short to guess from: implicit VR little endian, as pydicom reads it
    elif transfer_syntax is None:
        # No transfer syntax: guess from the first element. A valid VR means
        # explicit VR; a big endian group below 0x0100 reads as >= 1024
        # little endian (big endian is retired, so this is a best effort).
        group, _, vr = struct.unpack("<HH2s", bytes(data[pos : pos + 6]))
        if vr.decode(default_encoding) in STANDARD_VR:
            is_implicit_VR = False
            if group >= 1024:
                is_little_endian = False
    elif transfer_syntax == _IMPLICIT_VR_LITTLE_ENDIAN:
        pass
    elif transfer_syntax == _EXPLICIT_VR_LITTLE_ENDIAN:
        is_implicit_VR = False
    elif transfer_syntax == _EXPLICIT_VR_BIG_ENDIAN:
        is_implicit_VR = False
        is_little_endian = False
    elif transfer_syntax == _DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN:
        # PS3.5 A.5: the data set after the file meta is deflated (raw
        # deflate, no zlib header)
        inflated = _inflate(data, pos)
        source = io.BytesIO(inflated)
        tokenizer = _tokenizer(inflated, 0, "<no filename>")
        pos = 0
        is_implicit_VR = False
    else:
        # every other (compressed) transfer syntax is explicit VR little
        # endian (PS3.5 A.4)
        is_implicit_VR = False

    stop_mode, stop_arg = _stop_mode(stop_when)
    elements, end, *_ = tokenizer.read_dataset(
        pos,
        -1,
        is_implicit_VR,
        is_little_endian,
        default_encoding,
        True,
        stop_mode,
        stop_arg,
        _defer_limit(defer_size),
        _tag_set(specific_tags),
    )
    if source is not fileobj:
        source.seek(end)
    # pydicom builds a Dataset and then a FileDataset sharing its elements:
    # build the FileDataset straight away
    ds = FileDataset.__new__(FileDataset)
    ds._init_file_dataset(source, elements, preamble, file_meta, is_implicit_VR, is_little_endian, timestamp)
    if command_elements:
        ds.update(Dataset(command_elements))

    # converted on the way, as pydicom does
    sop_class = file_meta.get(_MEDIA_STORAGE_SOP_CLASS_UID_TAG)
    if sop_class and sop_class.VM == 1 and sop_class.value.name == "Media Storage Directory Storage":
        if "DirectoryRecordSequence" not in ds:
            warnings.warn(
                "The SOP Class 'Media Storage Directory Storage' does"
                "not match the contents of the dataset - handling it"
                "as a regular dataset instead of a DICOMDIR."
            )
        else:
            warnings.warn(
                "The 'DicomDir' class is deprecated and will be removed in"
                " v3.0, after which 'dcmread()' will return a normal "
                "'FileDataset' instance for 'Media Storage Directory' "
                "SOP Instances.",
                DeprecationWarning,
            )
            ds = DicomDir._from_file_dataset(ds)
    ds.set_original_encoding(is_implicit_VR, is_little_endian, ds._character_set)
    return ds, (end if source is fileobj else tokenizer.size)


def read_partial(
    fileobj: BinaryIO,
    stop_when: Optional[StopWhenType] = None,
    defer_size: Optional[Union[int, str, float]] = None,
    force: bool = False,
    specific_tags: Optional[List[BaseTag]] = None,
) -> FileDataset:
    """Read the DICOM file `fileobj` up to where `stop_when` says to stop.

    Parameters
    ----------
    fileobj : file-like
        Positioned at the start of the file; it stays open.
    stop_when : callable, optional
        See :func:`data_element_generator`; applies to the top-level data set.
    defer_size, force, specific_tags
        See :func:`dcmread`.

    Returns
    -------
    FileDataset
    """
    start = fileobj.tell()
    with _Source(fileobj, owns_file=False) as source:
        ds, end = _read_buffer(source.data, start, fileobj, stop_when, defer_size, force, specific_tags, source.value_reader)
    fileobj.seek(end)
    return ds


def read_dicomdir(filename: PathType = "DICOMDIR") -> DicomDir:
    """Read the DICOMDIR file `filename` (deprecated: use :func:`dcmread`).

    Parameters
    ----------
    filename : str or PathLike, optional
        The path of the DICOMDIR file (default ``"DICOMDIR"``).

    Returns
    -------
    dicomdir.DicomDir

    Raises
    ------
    InvalidDicomError
        If the file is not a Media Storage Directory file.
    """
    warnings.warn(
        "'read_dicomdir()' is deprecated and will be removed in v3.0, use 'dcmread()' instead",
        DeprecationWarning,
    )
    ds = dcmread(os.fspath(filename) if isinstance(filename, os.PathLike) else filename)
    if not isinstance(ds, DicomDir):
        raise InvalidDicomError(f"File '{filename!r}' is not a Media Storage Directory file")
    return ds


def dcmread(
    fp: Union[PathType, BinaryIO, Any],
    defer_size: Optional[Union[str, int, float]] = None,
    stop_before_pixels: bool = False,
    force: bool = False,
    specific_tags: Optional[TagListType] = None,
) -> FileDataset:
    """Read a DICOM file (PS3.10) and return its dataset.

    Parameters
    ----------
    fp : str, PathLike or file-like
        The file's path, or a binary file-like object with ``read``, ``seek``
        and ``tell`` (an open file, :class:`io.BytesIO`, an fsspec file...),
        positioned at the start of the file; the caller closes it.
    defer_size : int, str or float, optional
        Values longer than this many bytes (or ``"512 KB"``, ``"2 MB"``...)
        are not kept in memory: they are read from the file when accessed.
    stop_before_pixels : bool, optional
        ``True`` to stop before (7FE0,0008) Float Pixel Data, (7FE0,0009)
        Double Float Pixel Data or (7FE0,0010) Pixel Data.
    force : bool, optional
        ``True`` to read a file that lacks the preamble, the ``DICM`` prefix
        or the file meta information.
    specific_tags : list of int, str or 2-tuple, optional
        Read only these elements (tags or keywords); (0008,0005) Specific
        Character Set is always read.

    Returns
    -------
    FileDataset

    Raises
    ------
    InvalidDicomError
        If the file is not DICOM and `force` is ``False``.
    TypeError
        If `fp` is ``None`` or not a path or a readable, seekable file-like.
    EOFError
        If a value or a sequence runs past the end of the data. pydicom
        keeps the bytes that remain of a value cut short; dcmcore does so
        too when :attr:`~dcmcore.config.Settings.reading_validation_mode` is
        :data:`~dcmcore.config.IGNORE`.

    Examples
    --------
    >>> from dcmcore import dcmread
    >>> from dcmcore.data import get_testdata_file
    >>> ds = dcmread(get_testdata_file("CT_small.dcm"))
    >>> ds.Modality
    'CT'
    """
    try:
        path = os.fspath(fp)
    except TypeError:
        path = fp
    if isinstance(path, str):
        logger.debug("Reading file '%s'", path)
        small_file = _small_file_bytes(path)
        if small_file is not None:
            data, timestamp = small_file
            return _read_buffer(
                data,
                0,
                path,
                _at_pixel_data if stop_before_pixels else None,
                defer_size,
                force,
                specific_tags,
                timestamp=timestamp,
            )[0]
        file_obj = open(path, "rb")
        with _Source(file_obj, owns_file=True) as source:
            return _read_buffer(
                source.data,
                0,
                path,
                _at_pixel_data if stop_before_pixels else None,
                defer_size,
                force,
                specific_tags,
                source.value_reader,
            )[0]
    if fp is None or not hasattr(fp, "read") or not hasattr(fp, "seek"):
        raise TypeError(f"dcmread: Expected a file path or a file-like, but got {type(fp).__name__}")
    return read_partial(
        fp,
        _at_pixel_data if stop_before_pixels else None,
        defer_size=defer_size,
        force=force,
        specific_tags=[Tag(tag) for tag in specific_tags] if specific_tags else None,
    )


def data_element_offset_to_value(is_implicit_VR: bool, VR: Optional[str]) -> int:
    """Return the bytes from the start of an element to its value: the
    header size (PS3.5 7.1.2, 7.1.3)."""
    if is_implicit_VR:
        return 8
    if VR in EXPLICIT_VR_LENGTH_32:
        return 12
    return 8


def _inflate(data: Any, pos: int) -> bytearray:
    """The raw-deflated bytes of `data` from `pos` inflated, refusing more
    than config.settings.max_inflation_ratio times their size (plus 1 MiB):
    a deflate bomb stops with a ValueError before it fills the memory."""
    deflated = memoryview(data)[pos:]
    limit = len(deflated) * config.settings.max_inflation_ratio + _INFLATION_SLACK
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    # in pieces, so that memory grows with what is inflated, up to the limit
    inflated = bytearray(inflater.decompress(deflated, _INFLATION_STEP))
    while inflater.unconsumed_tail:
        if len(inflated) > limit:
            raise ValueError(
                f"The deflated data set at offset {pos} inflates to more than {limit} bytes "
                f"({config.settings.max_inflation_ratio} times its {len(deflated)} bytes and 1 MiB): "
                "refused as a deflate bomb; raise dcmcore.config.settings.max_inflation_ratio to read it"
            )
        inflated += inflater.decompress(inflater.unconsumed_tail, _INFLATION_STEP)
    inflated += inflater.flush()
    if not inflater.eof:  # as zlib.decompress (and so pydicom) answers a cut stream
        raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
    return inflated


def read_deferred_data_element(
    fileobj_type: Any,
    filename_or_obj: Union[PathType, BinaryIO],
    timestamp: Optional[float],
    raw_data_elem: RawDataElement,
) -> RawDataElement:
    """Read the value of a deferred element from its file.

    Called by the dataset when an element read with ``defer_size`` is first
    accessed.

    Parameters
    ----------
    fileobj_type : type
        What opens `filename_or_obj` when it is a path (``open``).
    filename_or_obj : str or file-like
        The file the dataset was read from.
    timestamp : float or None
        The file's modification time when it was read; a different time now
        gives a warning.
    raw_data_elem : RawDataElement
        The element whose value is ``None``.

    Returns
    -------
    RawDataElement
        The element with its value.

    Raises
    ------
    OSError
        If there is no file name or the file is gone.
    ValueError
        If the element read back has another tag, VR or length (the file
        was rewritten since it was read), or its value is cut short.
    """
    logger.debug(f"Reading deferred element {str(raw_data_elem.tag)!r}")
    if filename_or_obj is None:
        raise OSError("Deferred read -- original filename not stored. Cannot re-open")
    is_filename = isinstance(filename_or_obj, str)
    if is_filename:
        if not os.path.exists(filename_or_obj):  # type: ignore[arg-type]
            raise OSError(f"Deferred read -- original file {filename_or_obj} is missing")
        if timestamp is not None and os.stat(filename_or_obj).st_mtime != timestamp:
            warnings.warn("Deferred read warning -- file modification time has changed")

    fp = fileobj_type(filename_or_obj, "rb") if is_filename else filename_or_obj
    try:
        is_implicit_VR = raw_data_elem.is_implicit_VR
        is_little_endian = raw_data_elem.is_little_endian
        start = raw_data_elem.value_tell - data_element_offset_to_value(is_implicit_VR, raw_data_elem.VR)
        fp.seek(start)
        header_size = raw_data_elem.value_tell - start
        if raw_data_elem.length == 0xFFFFFFFF:
            data = fp.read()
        else:
            data = fp.read(header_size + raw_data_elem.length)
        found, elem, _ = _tokenizer(data, start, _name_of(fp)).next_element(
            0, is_implicit_VR, is_little_endian, default_encoding
        )
    finally:
        if is_filename:
            fp.close()
    if found != _reader.FOUND_ELEMENT:
        raise EOFError(f"Deferred read -- no element at offset {start}")
    if elem.VR != raw_data_elem.VR:
        raise ValueError(f"Deferred read VR {elem.VR} does not match original {raw_data_elem.VR}")
    if elem.tag != raw_data_elem.tag:
        raise ValueError(f"Deferred read tag {elem.tag!r} does not match original {raw_data_elem.tag!r}")
    # a file rewritten since it was read has another value's bytes here
    if elem.length != raw_data_elem.length:
        raise ValueError(
            f"Deferred read length {elem.length} of {raw_data_elem.tag!r} at offset {start} does not "
            f"match the original {raw_data_elem.length}: the file changed since it was read"
        )
    if raw_data_elem.length != 0xFFFFFFFF and len(elem.value or b"") < raw_data_elem.length:
        raise ValueError(
            f"Deferred read of {raw_data_elem.tag!r} at offset {start}: the file ends after "
            f"{len(elem.value or b'')} of its {raw_data_elem.length} bytes: the file changed since it was read"
        )
    return elem



_convert.bind(sequence_tokenizer=lambda: _tokenizer(b"", 0), read_deferred=read_deferred_data_element)


def __getattr__(name: str) -> Any:
    if name == "read_file":
        warnings.warn("'read_file' is deprecated and will be removed in v3.0, use 'dcmread' instead", DeprecationWarning)
        return dcmread
    raise AttributeError(f"module {__name__} has no attribute {name}")
