"""Pixel data utilities: dtypes, expected lengths, reshaping, bit packing,
colour space conversion and the modality, VOI and palette lookup tables.

The functions behave as pydicom 2.4's ``pixel_data_handlers.util``: same
arguments, results (dtype included) and error messages.
"""

import warnings
from struct import unpack, unpack_from
from sys import byteorder
from typing import TYPE_CHECKING, Dict, Iterable, List, Optional, Tuple, Union

import numpy as np

from dcmcore import _bits
from dcmcore.uid import UID

if TYPE_CHECKING:  # pragma: no cover
    from dcmcore.dataset import Dataset

# Transfer syntaxes whose codecs always give colour-by-pixel (planar
# configuration 0) data: the JPEG family and JPEG 2000; RLE gives
# colour-by-plane (PS3.5 8.2 and G.2).
_PLANAR_0_SYNTAXES = frozenset(
    {
        "1.2.840.10008.1.2.4.50",
        "1.2.840.10008.1.2.4.57",
        "1.2.840.10008.1.2.4.70",
        "1.2.840.10008.1.2.4.80",
        "1.2.840.10008.1.2.4.81",
        "1.2.840.10008.1.2.4.90",
        "1.2.840.10008.1.2.4.91",
    }
)
_PLANAR_1_SYNTAXES = frozenset({"1.2.840.10008.1.2.5"})

# The well-known colour palettes of PS3.6 annex B: SOP Instance UID by name,
# and the example file holding each.
_PALETTE_UIDS = {
    "HOT_IRON": "1.2.840.10008.1.5.1",
    "PET": "1.2.840.10008.1.5.2",
    "HOT_METAL_BLUE": "1.2.840.10008.1.5.3",
    "PET_20_STEP": "1.2.840.10008.1.5.4",
    "SPRING": "1.2.840.10008.1.5.5",
    "SUMMER": "1.2.840.10008.1.5.6",
    "FALL": "1.2.840.10008.1.5.8",
    "WINTER": "1.2.840.10008.1.5.7",
}
_PALETTE_FILES = {
    "1.2.840.10008.1.5.1": "hotiron.dcm",
    "1.2.840.10008.1.5.2": "pet.dcm",
    "1.2.840.10008.1.5.3": "hotmetalblue.dcm",
    "1.2.840.10008.1.5.4": "pet20step.dcm",
    "1.2.840.10008.1.5.5": "spring.dcm",
    "1.2.840.10008.1.5.6": "summer.dcm",
    "1.2.840.10008.1.5.7": "fall.dcm",
    "1.2.840.10008.1.5.8": "winter.dcm",
}


def _lut_indices(arr: "np.ndarray", first_map: int, nr_entries: int, dtype: "np.dtype") -> "np.ndarray":
    """Map stored values to LUT indices: values below the first mapped value
    take entry 0, values past the table its last entry (PS3.3 C.11.1.1)."""
    indices = np.zeros(arr.shape, dtype=dtype)
    mapped = arr >= first_map
    indices[mapped] = arr[mapped] - first_map
    np.clip(indices, 0, nr_entries - 1, out=indices)
    return indices


def _lut_values(item: "Dataset", ds: "Dataset", nr_entries: int, dtype: str) -> "np.ndarray":
    """The LUT Data of a LUT item as an array: OW data is unpacked in the
    dataset's byte order, US data is already a list of values."""
    if item["LUTData"].VR == "OW":
        endianness = "<" if ds.is_little_endian else ">"
        values: Iterable[int] = unpack_from(f"{endianness}{nr_entries}H", item.LUTData)
    else:
        values = item.LUTData
    return np.asarray(values, dtype=dtype)


def apply_color_lut(
    arr: "np.ndarray",
    ds: Optional["Dataset"] = None,
    palette: Optional[Union[str, UID]] = None,
) -> "np.ndarray":
    """Map palette colour indices to RGB(A) values.

    The Palette Color Lookup Table Data (0028,1201-1204) are used when
    present, else the Segmented ones (0028,1221-1224).

    Parameters
    ----------
    arr : numpy.ndarray
        The stored pixel values (indices into the palette).
    ds : Dataset, optional
        A dataset with a Palette Color Lookup Table module; needed unless
        `palette` is given.
    palette : str or UID, optional
        A well-known palette of PS3.6 annex B by name (``"HOT_IRON"``,
        ``"PET"``, ``"HOT_METAL_BLUE"``, ``"PET_20_STEP"``, ``"SPRING"``,
        ``"SUMMER"``, ``"FALL"``, ``"WINTER"``) or SOP Instance UID.

    Returns
    -------
    numpy.ndarray
        `arr`'s shape plus a last axis of 3 (RGB) or 4 (RGBA) values, of
        ``uint8`` or ``uint16`` as the LUT data are.

    Raises
    ------
    ValueError
        If neither `ds` nor `palette` is given, the palette is unknown, the
        dataset has no usable palette, or its tables are inconsistent.
    """
    if not ds and not palette:
        raise ValueError("Either 'ds' or 'palette' is required")
    if palette:
        if not UID(palette).is_valid:
            try:
                palette = _PALETTE_UIDS[palette]
            except KeyError:
                raise ValueError(f"Unknown palette '{palette}'")
        try:
            name = _PALETTE_FILES[palette]
        except KeyError:
            raise ValueError(f"Unknown palette '{palette}'")
        from dcmcore import data

        if not hasattr(data, "get_palette_files"):
            # the PS3.6 annex B palette files are not made yet
            raise ValueError(f"The well-known palette file '{name}' is not shipped with dcmcore yet")
        from dcmcore.filereader import dcmread

        ds = dcmread(data.get_palette_files(name)[0])

    if getattr(ds, "PixelPresentation", None) in ["MIXED", "COLOR"]:
        raise ValueError(
            "Use of this function with the Supplemental Palette Color Lookup "
            "Table Module is not currently supported"
        )
    if "RedPaletteColorLookupTableDescriptor" not in ds:
        raise ValueError("No suitable Palette Color Lookup Table Module found")

    # PS3.3 C.7.6.3.1.5: entries (0 means 65536), first mapped value, bits
    nr_entries, first_map, nominal_depth = ds.RedPaletteColorLookupTableDescriptor[:3]
    nr_entries = nr_entries or 2**16
    dtype = np.dtype(f"uint{nominal_depth:.0f}")
    luts = []
    if "RedPaletteColorLookupTableData" in ds:
        tables = [
            ds.RedPaletteColorLookupTableData,
            ds.GreenPaletteColorLookupTableData,
            ds.BluePaletteColorLookupTableData,
            getattr(ds, "AlphaPaletteColorLookupTableData", None),
        ]
        # the data's own length gives the bits per entry: some writers put
        # 16-bit entries behind a descriptor that says 8
        actual_depth = len(tables[0]) / nr_entries * 8
        dtype = np.dtype(f"uint{actual_depth:.0f}")
        luts = [np.frombuffer(table, dtype=dtype) for table in tables if table]
    elif "SegmentedRedPaletteColorLookupTableData" in ds:
        tables = [
            ds.SegmentedRedPaletteColorLookupTableData,
            ds.SegmentedGreenPaletteColorLookupTableData,
            ds.SegmentedBluePaletteColorLookupTableData,
            getattr(ds, "SegmentedAlphaPaletteColorLookupTableData", None),
        ]
        endianness = "<" if ds.is_little_endian else ">"
        byte_depth = nominal_depth // 8
        code = "B" if byte_depth == 1 else "H"
        actual_depth = nominal_depth
        for table in tables:
            if table:
                fmt = f"{endianness}{len(table) // byte_depth}{code}"
                luts.append(np.asarray(_expand_segmented_lut(unpack(fmt, table), fmt), dtype=dtype))
    else:
        raise ValueError("No suitable Palette Color Lookup Table Module found")

    if actual_depth not in [8, 16]:
        raise ValueError(
            f"The bit depth of the LUT data '{actual_depth:.1f}' "
            "is invalid (only 8 or 16 bits per entry allowed)"
        )
    if any(len(lut) != len(luts[0]) for lut in luts[1:]):
        raise ValueError("LUT data must be the same length")

    indices = _lut_indices(arr, first_map, nr_entries, dtype)
    out = np.empty(list(arr.shape) + [len(luts)], dtype=dtype)
    for channel, lut in enumerate(luts):
        out[..., channel] = lut[indices]
    return out


def apply_modality_lut(arr: "np.ndarray", ds: "Dataset") -> "np.ndarray":
    """Apply the Modality LUT or the rescale (slope, intercept) to `arr`.

    Parameters
    ----------
    arr : numpy.ndarray
        Stored pixel values.
    ds : Dataset
        A dataset with a Modality LUT module.

    Returns
    -------
    numpy.ndarray
        With a Modality LUT Sequence, the LUT's values (``uint8`` or
        ``uint16`` by the descriptor's bits); with Rescale Slope and
        Intercept, ``float64`` values; otherwise `arr` itself.
    """
    if ds.get("ModalityLUTSequence"):
        item = ds.ModalityLUTSequence[0]
        nr_entries, first_map, nominal_depth = item.LUTDescriptor[:3]
        nr_entries = nr_entries or 2**16
        lut = _lut_values(item, ds, nr_entries, f"uint{nominal_depth}")
        return lut[_lut_indices(arr, first_map, nr_entries, arr.dtype)]
    if "RescaleSlope" in ds and "RescaleIntercept" in ds:
        arr = arr.astype(np.float64) * ds.RescaleSlope
        arr += ds.RescaleIntercept
    return arr


def apply_voi_lut(
    arr: "np.ndarray", ds: "Dataset", index: int = 0, prefer_lut: bool = True
) -> "np.ndarray":
    """Apply the VOI LUT or the windowing of the VOI LUT module to `arr`.

    Parameters
    ----------
    arr : numpy.ndarray
        Pixel values, after any modality LUT or rescale.
    ds : Dataset
        A dataset with a VOI LUT module.
    index : int, optional
        Which of several alternative views to apply.
    prefer_lut : bool, optional
        With both a VOI LUT Sequence and Window Center/Width present,
        ``True`` applies the LUT, ``False`` the windowing.

    Returns
    -------
    numpy.ndarray
        As :func:`apply_voi` or :func:`apply_windowing` return; `arr` itself
        if the dataset has neither.
    """
    valid_voi = False
    if ds.get("VOILUTSequence"):
        item = ds.VOILUTSequence[0]
        valid_voi = None not in [item.get("LUTDescriptor", None), item.get("LUTData", None)]
    valid_windowing = None not in [ds.get("WindowCenter", None), ds.get("WindowWidth", None)]
    if valid_voi and (prefer_lut or not valid_windowing):
        return apply_voi(arr, ds, index)
    if valid_windowing:
        return apply_windowing(arr, ds, index)
    return arr


def apply_voi(arr: "np.ndarray", ds: "Dataset", index: int = 0) -> "np.ndarray":
    """Apply a VOI LUT of the VOI LUT Sequence to `arr`.

    Parameters
    ----------
    arr : numpy.ndarray
        Pixel values.
    ds : Dataset
        A dataset with a VOI LUT Sequence.
    index : int, optional
        The item of the sequence to apply.

    Returns
    -------
    numpy.ndarray
        ``uint8`` values for 8-bit LUT entries, ``uint16`` for 10 to 16; `arr`
        itself without a VOI LUT Sequence.

    Raises
    ------
    NotImplementedError
        If the LUT has another number of bits per entry.
    """
    if not ds.get("VOILUTSequence"):
        return arr
    if not np.issubdtype(arr.dtype, np.integer):
        warnings.warn("Applying a VOI LUT on a float input array may give incorrect results")
    item = ds.VOILUTSequence[index]
    nr_entries, first_map, nominal_depth = item.LUTDescriptor[:3]
    nr_entries = nr_entries or 2**16
    # PS3.3 C.11.2.1.1: 8 or 10 to 16 bits per entry
    if 10 <= nominal_depth <= 16:
        dtype = "uint16"
    elif nominal_depth == 8:
        dtype = "uint8"
    else:
        raise NotImplementedError(f"'{nominal_depth}' bits per LUT entry is not supported")
    lut = _lut_values(item, ds, nr_entries, dtype)
    return lut[_lut_indices(arr, first_map, nr_entries, dtype)]


def apply_windowing(arr: "np.ndarray", ds: "Dataset", index: int = 0) -> "np.ndarray":
    """Apply the Window Center and Width of the VOI LUT module to `arr`.

    The output spans the range the stored values (after any modality LUT or
    rescale) can take, by the VOI LUT Function (PS3.3 C.11.2.1.2):
    ``LINEAR`` (the default), ``LINEAR_EXACT`` or ``SIGMOID``.

    Parameters
    ----------
    arr : numpy.ndarray
        Pixel values, after any modality LUT or rescale.
    ds : Dataset
        A dataset with Window Center and Window Width.
    index : int, optional
        Which of several window values to apply.

    Returns
    -------
    numpy.ndarray
        ``float64`` values; `arr` itself without windowing elements.

    Raises
    ------
    ValueError
        If the image is not monochrome, the width is out of range for the
        function, or the function is unknown.
    """
    if "WindowWidth" not in ds and "WindowCenter" not in ds:
        return arr
    if ds.PhotometricInterpretation not in ["MONOCHROME1", "MONOCHROME2"]:
        raise ValueError(
            "When performing a windowing operation only 'MONOCHROME1' and "
            "'MONOCHROME2' are allowed for (0028,0004) Photometric "
            "Interpretation"
        )
    voi_func = getattr(ds, "VOILUTFunction", "LINEAR").upper()
    elem = ds["WindowCenter"]
    center = elem.value[index] if elem.VM > 1 else elem.value
    elem = ds["WindowWidth"]
    width = elem.value[index] if elem.VM > 1 else elem.value

    if ds.get("ModalityLUTSequence"):
        y_min = 0
        y_max = 2 ** ds.ModalityLUTSequence[0].LUTDescriptor[2] - 1
    elif ds.PixelRepresentation == 0:
        y_min = 0
        y_max = 2**ds.BitsStored - 1
    else:
        y_min = -(2 ** (ds.BitsStored - 1))
        y_max = 2 ** (ds.BitsStored - 1) - 1
    slope = ds.get("RescaleSlope", None)
    intercept = ds.get("RescaleIntercept", None)
    if slope is not None and intercept is not None:
        y_min = y_min * ds.RescaleSlope + ds.RescaleIntercept
        y_max = y_max * ds.RescaleSlope + ds.RescaleIntercept
    y_range = y_max - y_min

    arr = arr.astype("float64")
    if voi_func in ["LINEAR", "LINEAR_EXACT"]:
        if voi_func == "LINEAR":
            if width < 1:
                raise ValueError(
                    "The (0028,1051) Window Width must be greater than or "
                    "equal to 1 for a 'LINEAR' windowing operation"
                )
            center -= 0.5
            width -= 1
        elif width <= 0:
            raise ValueError(
                "The (0028,1051) Window Width must be greater than 0 "
                "for a 'LINEAR_EXACT' windowing operation"
            )
        below = arr <= (center - width / 2)
        above = arr > (center + width / 2)
        between = np.logical_and(~below, ~above)
        arr[below] = y_min
        arr[above] = y_max
        if between.any():
            arr[between] = ((arr[between] - center) / width + 0.5) * y_range + y_min
    elif voi_func == "SIGMOID":
        if width <= 0:
            raise ValueError(
                "The (0028,1051) Window Width must be greater than 0 "
                "for a 'SIGMOID' windowing operation"
            )
        arr = y_range / (1 + np.exp(-4 * (arr - center) / width)) + y_min
    else:
        raise ValueError(f"Unsupported (0028,1056) VOI LUT Function value '{voi_func}'")
    return arr


def convert_color_space(
    arr: "np.ndarray", current: str, desired: str, per_frame: bool = False
) -> "np.ndarray":
    """Convert 8-bit RGB, YBR_FULL or YBR_FULL_422 data to another of them.

    YBR_FULL and YBR_FULL_422 hold the same values once the 422 data is
    expanded, so converting between them changes nothing.

    Parameters
    ----------
    arr : numpy.ndarray
        Shaped (rows, columns, 3) or (frames, rows, columns, 3).
    current, desired : str
        ``"RGB"``, ``"YBR_FULL"`` or ``"YBR_FULL_422"``.
    per_frame : bool, optional
        ``True`` to convert a multi-frame array one frame at a time, in
        place, to bound the memory used.

    Returns
    -------
    numpy.ndarray
        The converted data, of `arr`'s dtype.

    Raises
    ------
    NotImplementedError
        If the conversion is not one of those above.
    """
    ybr = {"YBR_FULL", "YBR_FULL_422"}
    if current == desired and current in ybr | {"RGB"} or {current, desired} <= ybr:
        converter = None
    elif current in ybr and desired == "RGB":
        converter = _convert_YBR_FULL_to_RGB
    elif current == "RGB" and desired in ybr:
        converter = _convert_RGB_to_YBR_FULL
    else:
        raise NotImplementedError(f"Conversion from {current} to {desired} is not supported.")
    if converter is None:
        return arr
    if len(arr.shape) == 4 and per_frame:
        for index, frame in enumerate(arr):
            arr[index] = converter(frame)
        return arr
    return converter(arr)


# PS3.3 C.7.6.3.1.2: the ITU-R BT.601 full-range transforms, as row vectors
_RGB_TO_YBR = np.asarray(
    [
        [+0.299, -0.299 / 1.772, +0.701 / 1.402],
        [+0.587, -0.587 / 1.772, -0.587 / 1.402],
        [+0.114, +0.886 / 1.772, -0.114 / 1.402],
    ],
    dtype=np.float32,
)
_YBR_TO_RGB = np.asarray(
    [
        [1.000, 1.000, 1.000],
        [0.000, -0.114 * 1.772 / 0.587, 1.772],
        [1.402, -0.299 * 1.402 / 0.587, 0.000],
    ],
    dtype=np.float32,
)


def _convert_RGB_to_YBR_FULL(arr: "np.ndarray") -> "np.ndarray":
    """Convert 8-bit RGB data to YBR_FULL, rounding half up."""
    dtype = arr.dtype
    out = np.matmul(arr, _RGB_TO_YBR, dtype=np.float32)
    out += [0.5, 128.5, 128.5]
    np.floor(out, out=out)
    np.clip(out, 0, 255, out=out)
    return out.astype(dtype)


def _convert_YBR_FULL_to_RGB(arr: "np.ndarray") -> "np.ndarray":
    """Convert 8-bit YBR_FULL data to RGB, rounding half up."""
    dtype = arr.dtype
    out = arr.astype(np.float32)
    out -= [0, 128, 128]
    np.matmul(out, _YBR_TO_RGB, out=out)
    out += 0.5
    np.floor(out, out=out)
    np.clip(out, 0, 255, out=out)
    return out.astype(dtype)


def dtype_corrected_for_endianness(is_little_endian: bool, numpy_dtype: "np.dtype") -> "np.dtype":
    """Return `numpy_dtype` in the byte order `is_little_endian` says.

    Parameters
    ----------
    is_little_endian : bool
        The byte order of the data.
    numpy_dtype : numpy.dtype
        A dtype in the machine's byte order.

    Returns
    -------
    numpy.dtype
        `numpy_dtype`, byte-swapped when the data's order is not the
        machine's.

    Raises
    ------
    ValueError
        If `is_little_endian` is ``None``.
    """
    if is_little_endian is None:
        raise ValueError(
            "Dataset attribute 'is_little_endian' has to be set before writing the dataset"
        )
    if is_little_endian != (byteorder == "little"):
        return numpy_dtype.newbyteorder("S")
    return numpy_dtype


def expand_ybr422(src: bytes, bits_allocated: int) -> bytes:
    """Expand YBR_FULL_422 data to YBR_FULL.

    Each pair of pixels is stored Y1 Y2 Cb Cr (PS3.3 C.7.6.3.1.2); both
    pixels take the pair's chroma.

    Parameters
    ----------
    src : bytes
        The YBR_FULL_422 data, of an even number of pixels.
    bits_allocated : int
        8 or 16.

    Returns
    -------
    bytes
        The data as Y Cb Cr per pixel, half as long again as `src`.
    """
    nr_bytes = bits_allocated // 8
    # one row per pixel pair: Y1 Y2 Cb Cr -> Y1 Cb Cr Y2 Cb Cr
    pairs = np.frombuffer(src, dtype=np.uint8, count=len(src) // (4 * nr_bytes) * 4 * nr_bytes)
    pairs = pairs.reshape(-1, 4, nr_bytes)
    return pairs[:, [0, 2, 3, 1, 2, 3], :].tobytes()


def _expand_segmented_lut(
    data: Tuple[int, ...],
    fmt: str,
    nr_segments: Optional[int] = None,
    last_value: Optional[int] = None,
) -> List[int]:
    """Expand segmented palette LUT data (PS3.3 C.7.9.2) into LUT entries.

    Parameters
    ----------
    data : tuple of int
        The segmented data's words.
    fmt : str
        The struct format the words were unpacked with (its byte order and
        ``"B"`` or ``"H"`` word size).
    nr_segments : int, optional
        Stop after this many segments (for an indirect segment).
    last_value : int, optional
        The entry before the first segment (for an indirect segment).

    Returns
    -------
    list of int
        The LUT entries.
    """
    # an indirect segment's 32-bit offset as bytes, low word first (C.7.9.2.3)
    indirect_order = [3, 2, 1, 0] if "<" in fmt else [2, 3, 0, 1]
    lut: List[int] = []
    offset = 0
    segments_read = 0
    while offset + 1 < len(data):
        opcode = data[offset]
        length = data[offset + 1]
        offset += 2
        if opcode == 0:  # discrete
            lut.extend(data[offset : offset + length])
            offset += length
        elif opcode == 1:  # linear
            if lut:
                y0 = lut[-1]
            elif last_value:
                y0 = last_value
            else:
                raise ValueError(
                    "Error expanding a segmented palette color lookup table: "
                    "the first segment cannot be a linear segment"
                )
            y1 = data[offset]
            offset += 1
            if y0 == y1:
                lut.extend([y1] * length)
            else:
                step = (y1 - y0) / length
                lut.extend(int(value) for value in np.around(np.linspace(y0 + step, y1, length)))
        elif opcode == 2:  # indirect
            if not lut:
                raise ValueError(
                    "Error expanding a segmented palette color lookup table: "
                    "the first segment cannot be an indirect segment"
                )
            if "B" in fmt:
                words = [data[offset + index] for index in indirect_order]
                byte_offset = (words[0] << 8 | words[1]) << 16 | (words[2] << 8 | words[3])
                offset += 4
            else:
                byte_offset = data[offset + 1] << 16 | data[offset]
                offset += 2
            lut.extend(_expand_segmented_lut(data[byte_offset:], fmt, length, lut[-1]))
        else:
            raise ValueError(
                "Error expanding a segmented palette lookup table: "
                f"unknown segment type '{opcode}'"
            )
        segments_read += 1
        if segments_read == nr_segments:
            return lut
    return lut


def get_expected_length(ds: "Dataset", unit: str = "bytes") -> int:
    """Return the length of the dataset's uncompressed pixel data.

    Parameters
    ----------
    ds : Dataset
        A dataset with Rows, Columns, Samples per Pixel, Bits Allocated,
        Photometric Interpretation and, for several frames, Number of Frames.
    unit : str, optional
        ``"bytes"`` (the default) or ``"pixels"``.

    Returns
    -------
    int
        Bytes, without the padding to an even length (for 1-bit data the
        bits rounded up to whole bytes; YBR_FULL_422 data is two thirds of
        its full size), or the number of pixel samples.
    """
    length = ds.Rows * ds.Columns * ds.SamplesPerPixel * get_nr_frames(ds)
    if unit == "pixels":
        return length
    if ds.BitsAllocated == 1:
        length = length // 8 + (length % 8 > 0)
    else:
        length *= ds.BitsAllocated // 8
    if ds.PhotometricInterpretation == "YBR_FULL_422":
        length = length // 3 * 2
    return length


# The elements that shape the pixel array: a change to any of them (a new
# value object) means the cached array is stale.
_IMAGE_PIXEL_KEYWORDS = (
    "SamplesPerPixel",
    "PhotometricInterpretation",
    "PlanarConfiguration",
    "NumberOfFrames",
    "Rows",
    "Columns",
    "BitsAllocated",
    "BitsStored",
    "PixelRepresentation",
    "FloatPixelData",
    "DoubleFloatPixelData",
    "PixelData",
)


def get_image_pixel_ids(ds: "Dataset") -> Dict[str, int]:
    """Return the ``id()`` of the value of each element that shapes the pixel
    data, keyed by keyword (``id(None)`` for an absent one).

    Parameters
    ----------
    ds : Dataset
        The dataset.

    Returns
    -------
    dict of str to int
        Compared with an earlier result, it tells whether any of them changed.
    """
    return {keyword: id(getattr(ds, keyword, None)) for keyword in _IMAGE_PIXEL_KEYWORDS}


def get_j2k_parameters(codestream: bytes) -> Dict[str, object]:
    """Return the precision and signedness of a JPEG 2000 codestream's first
    component, from its SIZ segment (ISO/IEC 15444-1 A.5.1).

    Parameters
    ----------
    codestream : bytes
        The codestream, or at least its first 43 bytes.

    Returns
    -------
    dict
        ``{"precision": int, "is_signed": bool}``, or empty if `codestream`
        does not start with the SOC and SIZ markers.
    """
    try:
        if codestream[0:2] != b"\xff\x4f" or codestream[2:4] != b"\xff\x51":
            return {}
        ssiz = codestream[42]
    except (IndexError, TypeError):
        return {}
    if ssiz & 0x80:
        return {"precision": (ssiz & 0x7F) + 1, "is_signed": True}
    return {"precision": ssiz + 1, "is_signed": False}


def get_nr_frames(ds: "Dataset") -> int:
    """Return the dataset's Number of Frames, 1 if absent.

    Parameters
    ----------
    ds : Dataset
        The dataset.

    Returns
    -------
    int
        The number of frames; a value of ``None`` counts as 1, with a
        warning.
    """
    nr_frames: Optional[int] = getattr(ds, "NumberOfFrames", 1)
    if nr_frames is None:
        warnings.warn(
            "A value of None for (0028,0008) 'Number of Frames' is "
            "non-conformant. It's recommended that this value be "
            "changed to 1"
        )
        nr_frames = 1
    return nr_frames


def pack_bits(arr: "np.ndarray", pad: bool = True) -> bytes:
    """Pack a binary array into bits, least significant bit first.

    Parameters
    ----------
    arr : numpy.ndarray
        0 and 1 values, of any shape (packed in C order).
    pad : bool, optional
        ``True`` (the default) to pad the result to an even length.

    Returns
    -------
    bytes
        The packed bits, the last byte zero-filled.

    Raises
    ------
    ValueError
        If `arr` holds values other than 0 and 1.
    """
    if arr.shape == (0,):
        return b""
    if not np.array_equal(arr, arr.astype(bool)):
        raise ValueError("Only binary arrays (containing ones or zeroes) can be packed.")
    packed = _bits.pack_bits(np.ascontiguousarray(arr, dtype=np.uint8).ravel())
    if pad and len(packed) % 2:
        return packed + b"\x00"
    return packed


def pixel_dtype(ds: "Dataset", as_float: bool = False) -> "np.dtype":
    """Return the dtype that holds the dataset's pixel samples.

    Parameters
    ----------
    ds : Dataset
        A dataset with Bits Allocated and, unless `as_float`, Pixel
        Representation. Its ``is_little_endian`` is set from the transfer
        syntax if it is not set.
    as_float : bool, optional
        ``True`` for Float or Double Float Pixel Data.

    Returns
    -------
    numpy.dtype
        ``uint8`` for 1-bit data; otherwise an unsigned, signed or float type
        of Bits Allocated bits, in the data's byte order.

    Raises
    ------
    ValueError
        If Pixel Representation or Bits Allocated has an invalid value.
    NotImplementedError
        If NumPy has no such type.
    """
    if ds.is_little_endian is None:
        ds.is_little_endian = ds.file_meta.TransferSyntaxUID.is_little_endian
    if as_float:
        kind = "float"
    else:
        pixel_representation = ds.PixelRepresentation
        if pixel_representation == 0:
            kind = "uint"
        elif pixel_representation == 1:
            kind = "int"
        else:
            raise ValueError(
                "Unable to determine the data type to use to contain the "
                f"Pixel Data as a value of '{pixel_representation}' for '(0028,0103) "
                "Pixel Representation' is invalid"
            )
    bits_allocated = ds.BitsAllocated
    if bits_allocated == 1:
        name = "uint8"
    elif bits_allocated > 0 and bits_allocated % 8 == 0:
        name = f"{kind}{bits_allocated}"
    else:
        raise ValueError(
            "Unable to determine the data type to use to contain the "
            f"Pixel Data as a value of '{bits_allocated}' for '(0028,0100) "
            "Bits Allocated' is invalid"
        )
    try:
        dtype = np.dtype(name)
    except TypeError:
        raise NotImplementedError(
            f"The data type '{name}' needed to contain the Pixel Data is not supported by numpy"
        )
    if ds.is_little_endian != (byteorder == "little"):
        dtype = dtype.newbyteorder("S")
    return dtype


def reshape_pixel_array(ds: "Dataset", arr: "np.ndarray") -> "np.ndarray":
    """Reshape a 1D array of pixel samples to the dataset's image shape.

    Parameters
    ----------
    ds : Dataset
        A dataset with Rows, Columns, Samples per Pixel and, as needed,
        Number of Frames and Planar Configuration.
    arr : numpy.ndarray
        The samples in the order the transfer syntax stores them (colour by
        pixel for the JPEG family, by plane for RLE, else as Planar
        Configuration says).

    Returns
    -------
    numpy.ndarray
        (rows, columns), (rows, columns, samples), (frames, rows, columns) or
        (frames, rows, columns, samples); a view of `arr`.

    Raises
    ------
    ValueError
        If Number of Frames, Samples per Pixel or Planar Configuration is
        invalid, or `arr` does not have as many samples as they say.
    """
    nr_frames = get_nr_frames(ds)
    nr_samples = ds.SamplesPerPixel
    if nr_frames < 1:
        raise ValueError(
            f"Unable to reshape the pixel array as a value of {nr_frames} for "
            "(0028,0008) 'Number of Frames' is invalid."
        )
    if nr_samples < 1:
        raise ValueError(
            f"Unable to reshape the pixel array as a value of {nr_samples} "
            "for (0028,0002) 'Samples per Pixel' is invalid."
        )
    rows, columns = ds.Rows, ds.Columns
    if nr_samples == 1:
        shape: Tuple[int, ...] = (rows, columns)
        return arr.reshape((nr_frames,) + shape if nr_frames > 1 else shape)

    syntax = ds.file_meta.TransferSyntaxUID
    if syntax in _PLANAR_0_SYNTAXES:
        planar_configuration = 0
    elif syntax in _PLANAR_1_SYNTAXES:
        planar_configuration = 1
    else:
        planar_configuration = ds.PlanarConfiguration
    if planar_configuration not in [0, 1]:
        raise ValueError(
            "Unable to reshape the pixel array as a value of "
            f"{planar_configuration} for (0028,0006) 'Planar "
            "Configuration' is invalid."
        )
    frame_axis: Tuple[int, ...] = (nr_frames,) if nr_frames > 1 else ()
    if planar_configuration == 0:
        return arr.reshape(frame_axis + (rows, columns, nr_samples))
    arr = arr.reshape(frame_axis + (nr_samples, rows, columns))
    return arr.transpose((0, 2, 3, 1) if frame_axis else (1, 2, 0))


def unpack_bits(src: bytes, as_array: bool = True) -> Union["np.ndarray", bytes]:
    """Unpack bits, least significant bit of each byte first, as
    Bits Allocated 1 pixel data and Overlay Data store them.

    Parameters
    ----------
    src : bytes
        The packed bits.
    as_array : bool, optional
        ``True`` (the default) for a ``uint8`` array, ``False`` for bytes.

    Returns
    -------
    numpy.ndarray or bytes
        One 0 or 1 per bit, eight per byte of `src`.
    """
    arr = _bits.unpack_bits(src)
    return arr if as_array else arr.tobytes()
