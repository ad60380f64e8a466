"""Pixel data one frame at a time.

:func:`iter_frames` and :func:`pixel_array` decode single frames of a
dataset or a file. Given a path, the file is memory-mapped and only the
item headers and the bytes of the frames asked for are read, so frame 500 of
a 2 GB multi-frame costs what one frame costs. Each frame is decoded by the
handlers of :data:`dcmcore.config.pixel_data_handlers`, exactly as
:attr:`Dataset.pixel_array <dcmcore.dataset.Dataset.pixel_array>` decodes
the whole pixel data, and has its shape without the frame axis.

pydicom 3 offers the like as ``pydicom.pixels.iter_pixels`` and
``pixel_array``; :func:`iter_pixels` is another name for :func:`iter_frames`.
"""

import mmap
import os
from contextlib import contextmanager
from typing import BinaryIO, Callable, Iterable, Iterator, List, Optional, Tuple, Union

import numpy as np

from dcmcore.dataelem import DataElement
from dcmcore.dataset import Dataset
from dcmcore.encaps import frame_fragment_spans, itemize_fragment
from dcmcore.filereader import dcmread

__all__ = ["iter_frames", "iter_pixels", "pixel_array"]

_PIXEL_TAGS = (0x7FE00010, 0x7FE00008, 0x7FE00009)  # Pixel, Float, Double Float
_NUMBER_OF_FRAMES = 0x00280008
_UNDEFINED_LENGTH = 0xFFFFFFFF
# Values up to this size are read with the header; larger ones (the pixel
# data) are left in the file to be mapped.
_DEFER_SIZE = 64 * 1024

_Source = Union[Dataset, str, "os.PathLike[str]", BinaryIO]


def iter_frames(
    src: _Source, *, indices: Optional[Iterable[int]] = None, handler_name: str = ""
) -> Iterator[np.ndarray]:
    """Yield the frames of the pixel data of `src` one at a time.

    Parameters
    ----------
    src : Dataset, str, PathLike or file-like
        A dataset, or a DICOM file to memory-map (a path) or read (an open
        binary file).
    indices : iterable of int, optional
        The frames to decode, in the order given (negative values count from
        the end); all frames if not given.
    handler_name : str, optional
        The pixel data handler to use, as for
        :meth:`Dataset.convert_pixel_data <dcmcore.dataset.Dataset.convert_pixel_data>`.

    Yields
    ------
    numpy.ndarray
        One frame: (rows, columns) or (rows, columns, samples).

    Raises
    ------
    AttributeError
        If `src` has no pixel data.
    IndexError
        If an index is out of range.
    """
    with _opened(src) as (ds, tag, value, check):
        nr_frames = _nr_frames(ds)
        spans = None
        if tag == 0x7FE00010 and ds[tag].is_undefined_length:
            spans = frame_fragment_spans(value, nr_frames, _extended_offsets(ds))
            nr_frames = len(spans)
        for index in range(nr_frames) if indices is None else indices:
            if not -nr_frames <= index < nr_frames:
                raise IndexError(
                    f"There is no frame {index}: the pixel data has {nr_frames} frame"
                    f"{'s' if nr_frames != 1 else ''}"
                )
            index %= nr_frames
            check()
            if spans is not None:
                yield _decode(ds, tag, _encapsulated_frame(value, spans[index]), handler_name)
                continue
            frame = _native_frame(ds, value, index, nr_frames)
            yield frame if isinstance(frame, np.ndarray) else _decode(ds, tag, frame, handler_name)


iter_pixels = iter_frames


def pixel_array(src: _Source, *, index: Optional[int] = None, handler_name: str = "") -> np.ndarray:
    """Return one frame, or all of them, of the pixel data of `src`.

    Parameters
    ----------
    src : Dataset, str, PathLike or file-like
        As for :func:`iter_frames`.
    index : int, optional
        The frame to decode (negative values count from the end). Without
        it the whole pixel data is decoded, as by ``dcmread(src).pixel_array``.
    handler_name : str, optional
        The pixel data handler to use.

    Returns
    -------
    numpy.ndarray
        The frame, shaped (rows, columns) or (rows, columns, samples); or
        the whole pixel data when `index` is ``None``.

    Examples
    --------
    >>> from dcmcore.data import get_testdata_file
    >>> from dcmcore.pixels import pixel_array
    >>> pixel_array(get_testdata_file("CT_small.dcm"), index=0).shape
    (128, 128)
    """
    if index is None:
        ds = src if isinstance(src, Dataset) else dcmread(src)
        ds.convert_pixel_data(handler_name)
        return ds._pixel_array
    return next(iter_frames(src, indices=[index], handler_name=handler_name))


@contextmanager
def _opened(src: _Source) -> Iterator[Tuple[Dataset, int, memoryview, Callable[[], None]]]:
    """The dataset of `src`, its pixel data tag, the pixel data value (the
    mapped bytes of the file for a path) and a check to call before each
    use of the value: it raises if the mapped file changed since it was read
    (a truncated map would kill the process on access)."""
    if isinstance(src, Dataset):
        ds = src
    elif not isinstance(src, (str, os.PathLike)):
        ds = dcmread(src)
    else:
        ds = dcmread(src, defer_size=_DEFER_SIZE)
    tag = _pixel_tag(ds)
    raw = ds._dict[tag]
    if ds is src or getattr(raw, "value", None) is not None or not hasattr(raw, "value_tell"):
        with memoryview(_element_value(ds, tag)) as view:
            yield ds, tag, view, _unchanged
        return
    with open(src, "rb") as fp:
        read_status = (ds.timestamp, os.fstat(fp.fileno()).st_size)

        def check() -> None:
            status = os.fstat(fp.fileno())
            if (status.st_mtime, status.st_size) != read_status:
                raise OSError(f"The file '{os.fspath(src)}' changed while its pixel data was being read")

        check()
        with mmap.mmap(fp.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
            start = raw.value_tell
            end = len(mapped) if raw.length == _UNDEFINED_LENGTH else min(start + raw.length, len(mapped))
            # the dataset's element stays deferred: a frame dataset gets its own
            ds[tag] = DataElement(tag, raw.VR, b"", is_undefined_length=raw.length == _UNDEFINED_LENGTH)
            with memoryview(mapped) as whole, whole[start:end] as view:
                yield ds, tag, view, check


def _unchanged() -> None:
    """The check of a value held in memory: nothing can change it."""


def _pixel_tag(ds: Dataset) -> int:
    for tag in _PIXEL_TAGS:
        if tag in ds._dict:
            return tag
    raise AttributeError(
        "Unable to convert the pixel data: one of Pixel Data, Float Pixel Data or "
        "Double Float Pixel Data must be present in the dataset"
    )


def _element_value(ds: Dataset, tag: int) -> bytes:
    value = ds[tag].value
    return b"" if value is None else value


def _nr_frames(ds: Dataset) -> int:
    value = ds.get("NumberOfFrames", 1)
    return int(value) if value else 1


def _extended_offsets(ds: Dataset) -> Optional[List[int]]:
    table = ds.get("ExtendedOffsetTable")
    if not table:
        return None
    return np.frombuffer(table, dtype="<u8").tolist()


def _encapsulated_frame(value: memoryview, spans: List[Tuple[int, int]]) -> bytes:
    """One frame as the value of a single-frame encapsulated Pixel Data:
    an empty Basic Offset Table and the frame's own fragment items."""
    items = [b"\xfe\xff\x00\xe0\x00\x00\x00\x00"]
    items += [itemize_fragment(bytes(value[start : start + length])) for start, length in spans]
    return b"".join(items)


def _native_frame(ds: Dataset, value: memoryview, index: int, nr_frames: int) -> Union[bytes, np.ndarray]:
    """The bytes of frame `index` of native pixel data, or the frame itself
    for 1-bit data whose frames do not start on a byte."""
    from dcmcore.pixel_data_handlers.util import get_expected_length, unpack_bits

    if ds.BitsAllocated == 1:
        frame_bits = get_expected_length(ds, unit="pixels") // nr_frames
        if frame_bits % 8:
            first_bit = index * frame_bits
            first_byte, skip = divmod(first_bit, 8)
            last_byte = (first_bit + frame_bits + 7) // 8
            if last_byte > len(value):
                raise ValueError(
                    f"The pixel data ({len(value)} bytes) is too short for frame {index}, "
                    f"which ends at byte {last_byte}"
                )
            bits = unpack_bits(bytes(value[first_byte:last_byte]))[skip : skip + frame_bits]
            shape = (ds.Rows, ds.Columns) + ((ds.SamplesPerPixel,) if ds.SamplesPerPixel > 1 else ())
            return bits.reshape(shape)
        frame_length = frame_bits // 8
    else:
        frame_length = get_expected_length(ds) // nr_frames
    start = index * frame_length
    return bytes(value[start : start + frame_length])


def _decode(ds: Dataset, tag: int, frame_value: bytes, handler_name: str) -> np.ndarray:
    """Decode one frame through the handlers, as a single-frame dataset
    holding the image elements of `ds`."""
    frame = Dataset({key: elem for key, elem in ds._dict.items() if key >> 16 == 0x0028})
    frame.__dict__.update(
        is_little_endian=ds.is_little_endian,
        is_implicit_VR=ds.is_implicit_VR,
        file_meta=ds.__dict__.get("file_meta"),
    )
    if frame.file_meta is None:
        del frame.__dict__["file_meta"]
    if _NUMBER_OF_FRAMES in frame._dict:
        frame[_NUMBER_OF_FRAMES] = DataElement(_NUMBER_OF_FRAMES, "IS", 1)
    source = ds[tag]
    frame[tag] = DataElement(tag, source.VR, frame_value, is_undefined_length=source.is_undefined_length)
    frame.convert_pixel_data(handler_name)
    return frame._pixel_array
