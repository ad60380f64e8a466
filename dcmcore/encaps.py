"""Encapsulated (compressed) pixel data: items, fragments and frames (PS3.5 A.4).

Encapsulated Pixel Data is a sequence of items: first the Basic Offset Table
(offsets of the frames, possibly empty), then the fragments that hold the
compressed frames, then a Sequence Delimiter. The readers here take a
:class:`~dcmcore.filebase.DicomFileLike` (little endian) or the bytes of the
value; the writers build the value from frames.
"""

import warnings
from struct import Struct
from typing import Generator, List, Optional, Tuple, Union

from dcmcore import config
from dcmcore.filebase import DicomBytesIO, DicomFileLike
from dcmcore.tag import ItemTag, SequenceDelimiterTag, Tag

_ITEM_TAG_BYTES = b"\xfe\xff\x00\xe0"
_UL = Struct("<I")
_ITEM_HEADER = Struct("<HHI")  # group, element, length
_JPEG_EOI = b"\xff\xd9"  # the JPEG end-of-image marker (ISO/IEC 10918-1 B.1.1.3)
_MAX_BOT_OFFSET = 2**32 - 1


def _require_little_endian(fp: DicomFileLike) -> None:
    if not fp.is_little_endian:
        raise ValueError("'fp.is_little_endian' must be True")


def get_frame_offsets(fp: DicomFileLike) -> Tuple[bool, List[int]]:
    """Read the Basic Offset Table item at the position of `fp`.

    Parameters
    ----------
    fp : DicomFileLike
        Little endian, positioned at the first item of the value.

    Returns
    -------
    bool, list of int
        Whether the table has entries, and the frame offsets: ``[0]`` for
        an empty table.

    Raises
    ------
    ValueError
        If the item tag is missing or the length is not a multiple of 4.
    """
    _require_little_endian(fp)
    tag = Tag(fp.read_tag())
    if tag != 0xFFFEE000:
        raise ValueError(f"Unexpected tag '{tag}' when parsing the Basic Table Offset item")
    length = fp.read_UL()
    if length % 4:
        raise ValueError("The length of the Basic Offset Table item is not a multiple of 4")
    if length == 0:
        return False, [0]
    return True, [fp.read_UL() for _ in range(length // 4)]


def _fragment_lengths(fp: DicomFileLike) -> Generator[int, None, None]:
    """Yield the length of each fragment item from the position of `fp`,
    leaving `fp` at its value; stop at the end or the sequence delimiter
    (leaving `fp` at the delimiter)."""
    while True:
        try:
            tag = Tag(fp.read_tag())
        except EOFError:
            return
        if tag == 0xFFFEE000:
            length = fp.read_UL()
            if length == 0xFFFFFFFF:
                raise ValueError(
                    f"Undefined item length at offset {fp.tell() - 4} when parsing the "
                    "encapsulated pixel data fragments"
                )
            yield length
        elif tag == 0xFFFEE0DD:
            fp.seek(-4, 1)
            return
        else:
            raise ValueError(
                f"Unexpected tag '{tag}' at offset {fp.tell() - 4} when parsing the "
                "encapsulated pixel data fragment items"
            )


def get_nr_fragments(fp: DicomFileLike) -> int:
    """Return the number of fragments from the position of `fp` on.

    `fp` (little endian, after the Basic Offset Table) is returned to where
    it was.

    Raises
    ------
    ValueError
        For an undefined item length or a tag that is not an item.
    """
    _require_little_endian(fp)
    start = fp.tell()
    count = 0
    for length in _fragment_lengths(fp):
        fp.seek(length, 1)
        count += 1
    fp.seek(start)
    return count


def generate_pixel_data_fragment(fp: DicomFileLike) -> Generator[bytes, None, None]:
    """Yield the bytes of each fragment from the position of `fp` on.

    Raises
    ------
    ValueError
        For an undefined item length or a tag that is not an item.
    """
    _require_little_endian(fp)
    for length in _fragment_lengths(fp):
        yield fp.read(length)


def generate_pixel_data_frame(bytestream: bytes, nr_frames: Optional[int] = None) -> Generator[bytes, None, None]:
    """Yield each frame of the encapsulated value `bytestream` as one bytes.

    See :func:`generate_pixel_data` for `nr_frames`.
    """
    for fragments in generate_pixel_data(bytestream, nr_frames):
        yield b"".join(fragments)


def generate_pixel_data(bytestream: bytes, nr_frames: Optional[int] = None) -> Generator[Tuple[bytes, ...], None, None]:
    """Yield the fragments of each frame of the encapsulated value `bytestream`.

    Frames are told apart by the Basic Offset Table when it has entries;
    otherwise one fragment is one frame when there are as many fragments as
    frames (or just one), all fragments are one frame when `nr_frames` is 1,
    and with more fragments than frames each frame ends at a fragment that
    ends with a JPEG EOI marker.

    Parameters
    ----------
    bytestream : bytes
        The Pixel Data value, from the Basic Offset Table item on.
    nr_frames : int, optional
        The (0028,0008) Number of Frames; needed when the table is empty.

    Yields
    ------
    tuple of bytes
        The fragments of one frame.

    Raises
    ------
    ValueError
        If the frames cannot be told apart.
    """
    view = memoryview(bytestream)
    for spans in frame_fragment_spans(view, nr_frames):
        yield tuple(bytes(view[start : start + length]) for start, length in spans)


def _fragment_spans(view: memoryview, position: int) -> List[Tuple[int, int]]:
    """The (value offset, length) of each fragment item of `view` from
    `position` on, up to the end or the sequence delimiter."""
    spans = []
    size = len(view)
    while position + 8 <= size:
        group, element, length = _ITEM_HEADER.unpack_from(view, position)
        tag = group << 16 | element
        if tag == 0xFFFEE0DD:
            break
        if tag != 0xFFFEE000:
            raise ValueError(
                f"Unexpected tag '{Tag(tag)}' at offset {position} when parsing the "
                "encapsulated pixel data fragment items"
            )
        if length == 0xFFFFFFFF:
            raise ValueError(
                f"Undefined item length at offset {position + 4} when parsing the "
                "encapsulated pixel data fragments"
            )
        # a truncated last fragment keeps what remains, as pydicom reads it
        spans.append((position + 8, min(length, size - position - 8)))
        position += 8 + length
    return spans


def frame_fragment_spans(
    buffer: Union[bytes, memoryview], nr_frames: Optional[int] = None, extended_offsets: Optional[List[int]] = None
) -> List[List[Tuple[int, int]]]:
    """Return where the fragments of each frame of an encapsulated value are.

    Only the item headers are read, so that a frame of a memory-mapped file
    can be reached without reading the others. Frames are told apart as by
    :func:`generate_pixel_data`, or by `extended_offsets` when given.

    Parameters
    ----------
    buffer : bytes or memoryview
        The Pixel Data value, from the Basic Offset Table item on.
    nr_frames : int, optional
        The (0028,0008) Number of Frames; needed when the table is empty.
    extended_offsets : list of int, optional
        The (7FE0,0001) Extended Offset Table: each frame's offset from the
        first fragment item.

    Returns
    -------
    list of list of (int, int)
        For each frame, the (offset in `buffer`, length) of its fragments.

    Raises
    ------
    ValueError
        If the items are malformed or the frames cannot be told apart.
    """
    view = memoryview(buffer)
    if len(view) < 8:
        raise ValueError("The encapsulated pixel data is too short to hold a Basic Offset Table item")
    group, element, length = _ITEM_HEADER.unpack_from(view, 0)
    if group << 16 | element != 0xFFFEE000:
        raise ValueError(f"Unexpected tag '{Tag(group << 16 | element)}' when parsing the Basic Table Offset item")
    if length % 4:
        raise ValueError("The length of the Basic Offset Table item is not a multiple of 4")
    if 8 + length > len(view):
        raise ValueError(
            f"The Basic Offset Table's length of {length} bytes is more than the "
            f"{len(view) - 8} bytes that remain"
        )
    first_item = 8 + length
    fragments = _fragment_spans(view, first_item)
    offsets: Optional[List[int]] = None
    if extended_offsets is not None:
        offsets = list(extended_offsets)
    elif length:
        offsets = list(Struct(f"<{length // 4}I").unpack_from(view, 8))
    if offsets is not None:
        frames: List[List[Tuple[int, int]]] = []
        for start, fragment_length in fragments:
            position = start - 8 - first_item  # the item's offset from the first one
            if not frames or (len(frames) < len(offsets) and position >= offsets[len(frames)]):
                frames.append([])
            frames[-1].append((start, fragment_length))
        return frames

    nr_fragments = len(fragments)
    if nr_fragments == 1 or (nr_frames and nr_fragments == nr_frames):
        return [[fragment] for fragment in fragments]
    if not nr_frames:
        raise ValueError(
            "Unable to determine the frame boundaries for the encapsulated pixel data as "
            "the Basic Offset Table is empty and `nr_frames` parameter is None"
        )
    if nr_frames == 1:
        return [fragments]
    if nr_fragments > nr_frames:
        frames = [[]]
        for start, fragment_length in fragments:
            frames[-1].append((start, fragment_length))
            # the EOI marker may be followed by a few padding bytes
            tail = bytes(view[max(start, start + fragment_length - 10) : start + fragment_length])
            if _JPEG_EOI in tail:
                frames.append([])
        found = len(frames) - 1
        if frames[-1] or found != nr_frames:
            warnings.warn(
                "The end of the encapsulated pixel data has been reached but one or more "
                "frame boundaries may have been missed; please confirm that the generated "
                "frame data is correct"
            )
        if not frames[-1]:
            frames.pop()
        return frames
    raise ValueError(
        "Unable to parse encapsulated pixel data as the Basic Offset Table is empty "
        "and there are fewer fragments then frames; the dataset may be corrupt"
    )


def read_item(fp: DicomFileLike) -> Optional[bytes]:
    """Return the value of the item at the position of `fp`.

    Returns ``None`` at the end of the data or at a sequence delimiter. A
    tag other than the item tag is logged and read as an item.

    Raises
    ------
    ValueError
        For an undefined item length.
    """
    logger = config.logger
    try:
        tag = fp.read_tag()
    except EOFError:
        return None
    if tag == SequenceDelimiterTag:
        length = fp.read_UL()
        if length != 0:
            logger.warning(
                "Expected 0x00000000 after delimiter, found 0x%x, at data position 0x%x",
                length,
                fp.tell() - 4,
            )
        return None
    if tag != ItemTag:
        logger.warning("Expected Item with tag %s at data position 0x%x", ItemTag, fp.tell() - 4)
    length = fp.read_UL()
    if length == 0xFFFFFFFF:
        raise ValueError(
            f"Encapsulated data fragment had Undefined Length at data position 0x{fp.tell() - 4:x}"
        )
    return fp.read(length)


def decode_data_sequence(data: bytes) -> List[bytes]:
    """Return the fragments of the encapsulated value `data` (the Basic
    Offset Table item left out)."""
    with DicomBytesIO(data) as fp:
        fp.is_little_endian = True
        read_item(fp)  # the Basic Offset Table
        fragments = []
        while True:
            item = read_item(fp)
            if not item:
                return fragments
            fragments.append(item)


def defragment_data(data: bytes) -> bytes:
    """Return the fragments of the encapsulated value `data` joined."""
    return b"".join(decode_data_sequence(data))


def fragment_frame(frame: bytes, nr_fragments: int = 1) -> Generator[bytes, None, None]:
    """Split `frame` into `nr_fragments` fragments of even length.

    All fragments but the last have the same even length; the last is padded
    with a NUL byte if needed (PS3.5 A.4: fragments have even lengths).

    Raises
    ------
    ValueError
        If a fragment would be shorter than 2 bytes.
    """
    frame_length = len(frame)
    if nr_fragments > (frame_length + 1) / 2.0:
        raise ValueError("Too many fragments requested (the minimum fragment size is 2 bytes)")
    length = int(frame_length / nr_fragments)
    length += length % 2
    for offset in range(0, length * (nr_fragments - 1), length):
        yield frame[offset : offset + length]
    last = frame[length * (nr_fragments - 1) :]
    yield last + b"\x00" if len(last) % 2 else last


def itemize_fragment(fragment: bytes) -> bytes:
    """Return `fragment` as an item: the item tag, its length, the bytes."""
    return _ITEM_TAG_BYTES + _UL.pack(len(fragment)) + fragment


itemise_fragment = itemize_fragment


def itemize_frame(frame: bytes, nr_fragments: int = 1) -> Generator[bytes, None, None]:
    """Yield the items of `frame` split into `nr_fragments` fragments."""
    for fragment in fragment_frame(frame, nr_fragments):
        yield itemize_fragment(fragment)


itemise_frame = itemize_frame


def encapsulate(frames: List[bytes], fragments_per_frame: int = 1, has_bot: bool = True) -> bytes:
    """Return the encapsulated Pixel Data value of `frames`.

    Parameters
    ----------
    frames : list of bytes
        The compressed frames.
    fragments_per_frame : int, optional
        Fragments to split each frame into.
    has_bot : bool, optional
        ``True`` to fill the Basic Offset Table with the frame offsets,
        ``False`` to leave it empty.

    Returns
    -------
    bytes
        The value without the sequence delimiter, which the writer adds.

    Raises
    ------
    ValueError
        If the offsets do not fit the table's 32 bits (use
        :func:`encapsulate_extended`).
    """
    nr_frames = len(frames)
    output = bytearray(_ITEM_TAG_BYTES)
    if has_bot:
        total = (nr_frames - 1) * 8 + sum(len(frame) for frame in frames[:-1])
        if total > _MAX_BOT_OFFSET:
            raise ValueError(
                f"The total length of the encapsulated frame data ({total} bytes) will be "
                "greater than the maximum allowed by the Basic Offset Table "
                f"({_MAX_BOT_OFFSET} bytes), it's recommended that you use the Extended "
                "Offset Table instead (see the 'encapsulate_extended' function for more "
                "information)"
            )
        output += _UL.pack(4 * nr_frames)
        output += b"\xff\xff\xff\xff" * nr_frames  # filled in below
    else:
        output += _UL.pack(0)
    first_item = len(output)
    offsets = []
    for frame in frames:
        offsets.append(len(output) - first_item)
        for item in itemize_frame(frame, fragments_per_frame):
            output += item
    if has_bot:
        output[8 : 8 + 4 * nr_frames] = Struct(f"<{nr_frames}I").pack(*offsets)
    return bytes(output)


def encapsulate_extended(frames: List[bytes]) -> Tuple[bytes, bytes, bytes]:
    """Return the encapsulated value of `frames` with an Extended Offset Table.

    Returns
    -------
    bytes, bytes, bytes
        The Pixel Data value (empty Basic Offset Table, one fragment per
        frame), the (7FE0,0001) Extended Offset Table and the (7FE0,0002)
        Extended Offset Table Lengths values (64-bit little endian).
    """
    nr_frames = len(frames)
    lengths = [len(frame) for frame in frames]
    offsets = [0]
    for length in lengths[:-1]:
        offsets.append(offsets[-1] + length + 8)
    table = Struct(f"<{nr_frames}Q")
    return encapsulate(frames, has_bot=False), table.pack(*offsets), table.pack(*lengths)
