"""The RLE Lossless handler: decodes (7FE0,0010) Pixel Data of the RLE
Lossless transfer syntax (PS3.5 annex G) with dcmcore's compiled codec.

Frames are found from the encapsulated items alone (the Basic or Extended
Offset Table when present) and decode without the GIL, in parallel threads
when :attr:`dcmcore.config.settings.decoding_threads` or `threads` asks.
"""

import warnings
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, List, Optional, Sequence, Tuple

import numpy as np

from dcmcore import _rle, config, uid
from dcmcore.encaps import frame_fragment_spans
from dcmcore.pixel_data_handlers.util import pixel_dtype

if TYPE_CHECKING:  # pragma: no cover
    from dcmcore.dataset import Dataset

HANDLER_NAME = "RLE Lossless"

DEPENDENCIES = {"numpy": ("http://www.numpy.org/", "NumPy")}

SUPPORTED_TRANSFER_SYNTAXES = [uid.RLELossless]

_REQUIRED_ELEMENTS = ("PixelData", "BitsAllocated", "Rows", "Columns", "PixelRepresentation", "SamplesPerPixel")


def is_available() -> bool:
    """Return ``True``: the codec is compiled into dcmcore."""
    return True


def supports_transfer_syntax(transfer_syntax: str) -> bool:
    """Return ``True`` if the handler decodes pixel data of `transfer_syntax`.

    Parameters
    ----------
    transfer_syntax : str
        A transfer syntax UID.
    """
    return transfer_syntax in SUPPORTED_TRANSFER_SYNTAXES


def needs_to_convert_to_RGB(ds: "Dataset") -> bool:
    """Return ``False``: RLE data is returned in its own color space."""
    return False


def should_change_PhotometricInterpretation_to_RGB(ds: "Dataset") -> bool:
    """Return ``False``: the Photometric Interpretation stays as it is."""
    return False


def _parse_rle_header(header: bytes) -> List[int]:
    """Return the segment offsets of an RLE frame's 64-byte header.

    Parameters
    ----------
    header : bytes
        The first 64 bytes of an RLE frame.

    Raises
    ------
    ValueError
        If `header` is not 64 bytes long or names more than 15 segments.
    """
    if len(header) != 64:
        raise ValueError("The RLE header can only be 64 bytes long")
    return _rle.parse_header(header)


def _check_segments(
    decoded: Sequence[int], nr_pixels: int, bytes_per_sample: int, msb_first: bool, frame: Optional[int]
) -> None:
    """Raise for a segment that decoded short, warn for each that decoded
    long, taking the segments in pydicom's order (each sample's most
    significant byte first), so that the same segment is named."""
    where = "" if frame is None else f" in frame {frame}"
    for first in range(0, len(decoded), bytes_per_sample):
        order = range(first, first + bytes_per_sample)
        for index in reversed(order) if msb_first else order:
            length = decoded[index]
            if length < nr_pixels:
                raise ValueError(
                    "The amount of decoded RLE segment data doesn't match the expected amount "
                    f"({length} vs. {nr_pixels} bytes){where}"
                )
            if length != nr_pixels:
                warnings.warn(
                    "The decoded RLE segment contains non-conformant padding - "
                    f"{length} vs. {nr_pixels} bytes expected{where}"
                )


def _bits_to_bytes(nr_bits: int) -> int:
    if nr_bits % 8 or nr_bits < 8:
        raise NotImplementedError(
            f"Unable to decode RLE encoded pixel data with a (0028,0100) 'Bits Allocated' value of {nr_bits}"
        )
    return nr_bits // 8


def _rle_decode_frame(
    data: bytes, rows: int, columns: int, nr_samples: int, nr_bits: int, segment_order: str = ">"
) -> bytearray:
    """Decode one RLE frame.

    Parameters
    ----------
    data : bytes
        The frame: header and segments.
    rows, columns : int
        The frame's dimensions.
    nr_samples : int
        Samples per Pixel.
    nr_bits : int
        Bits Allocated, a multiple of 8.
    segment_order : str, optional
        ``'>'`` (the standard) if each sample's first segment holds its most
        significant bytes, ``'<'`` for non-conformant data that is the other
        way round.

    Returns
    -------
    bytearray
        The frame, every sample's plane in turn, each value little endian.
    """
    bytes_per_sample = _bits_to_bytes(nr_bits)
    nr_pixels = rows * columns
    decoded = bytearray(nr_pixels * nr_samples * bytes_per_sample)
    msb_first = segment_order != "<"
    lengths = _rle.decode_frame(data, decoded, nr_pixels, nr_samples, bytes_per_sample, msb_first)
    _check_segments(lengths, nr_pixels, bytes_per_sample, msb_first, None)
    return decoded


def _rle_decode_segment(data: bytes) -> bytearray:
    """Return the PackBits-decoded contents of one RLE segment.

    Parameters
    ----------
    data : bytes
        The segment's encoded bytes.
    """
    # A one-segment frame around the data finds its decoded length, then fills it.
    header = (1).to_bytes(4, "little") + (64).to_bytes(4, "little") + bytes(56)
    frame = header + bytes(data)
    (length,) = _rle.decode_frame(frame, bytearray(0), 0, 1, 1)
    segment = bytearray(length)
    _rle.decode_frame(frame, segment, length, 1, 1)
    return segment


def _frames(ds: "Dataset", nr_frames: int) -> List[memoryview]:
    """Each frame's bytes: a view of the value for a one-fragment frame."""
    value = memoryview(ds.PixelData)
    offsets = ds.get("ExtendedOffsetTable")
    extended = list(np.frombuffer(offsets, "<u8")) if offsets else None
    frames = []
    for spans in frame_fragment_spans(value, nr_frames, extended):
        if len(spans) == 1:
            start, length = spans[0]
            frames.append(value[start : start + length])
        else:
            frames.append(memoryview(b"".join(value[start : start + length] for start, length in spans)))
    return frames


def decode_frames(
    frames: Sequence[bytes],
    rows: int,
    columns: int,
    nr_samples: int,
    bits_allocated: int,
    *,
    segment_order: str = ">",
    threads: Optional[int] = None,
) -> np.ndarray:
    """Decode RLE frames into one buffer, in parallel threads if asked.

    Parameters
    ----------
    frames : sequence of bytes-like
        Each frame's RLE data (header and segments).
    rows, columns, nr_samples, bits_allocated : int
        The image's Rows, Columns, Samples per Pixel and Bits Allocated.
    segment_order : str, optional
        ``'>'`` (default, conformant) or ``'<'``; see :func:`get_pixeldata`.
    threads : int, optional
        How many threads decode frames; default
        :attr:`dcmcore.config.settings.decoding_threads`.

    Returns
    -------
    numpy.ndarray
        The frames' bytes (``uint8``) one after another, each in the layout
        of :func:`_rle_decode_frame`.

    Raises
    ------
    ValueError
        If a frame is malformed; the message names the frame (counted from 1).
    """
    bytes_per_sample = _bits_to_bytes(bits_allocated)
    nr_pixels = rows * columns
    frame_length = nr_pixels * nr_samples * bytes_per_sample
    # not zero-filled: every byte is decoded into (short segments raise), and
    # NumPy asks the kernel for huge pages on large arrays
    out = np.empty(frame_length * len(frames), np.uint8)
    msb_first = segment_order != "<"
    threads = config.settings.decoding_threads if threads is None else int(threads)
    threads = max(1, min(threads, len(frames)))
    # each thread decodes a run of frames in one call, which releases the GIL once
    bounds = [len(frames) * part // threads for part in range(threads + 1)]

    def decode(part: int) -> List[List[int]]:
        first, last = bounds[part], bounds[part + 1]
        return _rle.decode_frames(
            frames[first:last], out[first * frame_length : last * frame_length],
            nr_pixels, nr_samples, bytes_per_sample, msb_first, first,
        )

    if threads > 1:
        with ThreadPoolExecutor(threads) as pool:
            results = list(pool.map(decode, range(threads)))
    else:
        results = [decode(0)]
    frame_lengths = [lengths for part in results for lengths in part]
    for index, lengths in enumerate(frame_lengths):
        _check_segments(lengths, nr_pixels, bytes_per_sample, msb_first, index + 1 if len(frames) > 1 else None)
    return out


def get_pixeldata(ds: "Dataset", rle_segment_order: str = ">", threads: Optional[int] = None) -> np.ndarray:
    """Return the decoded (7FE0,0010) Pixel Data of `ds` as a flat array.

    Parameters
    ----------
    ds : Dataset
        A dataset with an Image Pixel module and RLE Lossless Pixel Data.
    rle_segment_order : str, optional
        ``'>'`` (default) if each sample's segments run from the most to the
        least significant byte, as the standard asks; ``'<'`` for data written
        the other way round.
    threads : int, optional
        How many threads decode the frames; default
        :attr:`dcmcore.config.settings.decoding_threads`.

    Returns
    -------
    numpy.ndarray
        A writeable 1D array, each frame's sample planes in turn (planar
        configuration 1, whatever the dataset says, as pydicom returns RLE).

    Raises
    ------
    NotImplementedError
        If the transfer syntax is not RLE Lossless, or Bits Allocated is not a
        multiple of 8.
    AttributeError
        If a required element is missing.
    ValueError
        If the data is malformed.
    """
    if ds.file_meta.TransferSyntaxUID not in SUPPORTED_TRANSFER_SYNTAXES:
        raise NotImplementedError(
            "Unable to convert the pixel data as the transfer syntax is not supported by the RLE pixel data handler."
        )
    missing = [keyword for keyword in _REQUIRED_ELEMENTS if keyword not in ds]
    if missing:
        raise AttributeError(
            "Unable to convert the pixel data as the following required elements are missing from the dataset: "
            + ", ".join(missing)
        )
    nr_frames = int(getattr(ds, "NumberOfFrames", 1) or 1)
    frames = _frames(ds, nr_frames)
    if len(frames) < nr_frames:
        raise ValueError(
            f"The encapsulated pixel data holds {len(frames)} frame{'s' if len(frames) != 1 else ''} by "
            f"its offset table, but (0028,0008) 'Number of Frames' is {nr_frames}"
        )
    pixels = decode_frames(
        frames,
        ds.Rows,
        ds.Columns,
        ds.SamplesPerPixel,
        ds.BitsAllocated,
        segment_order=rle_segment_order,
        threads=threads,
    )
    return pixels.view(pixel_dtype(ds))
