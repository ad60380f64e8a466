"""The NumPy handler: native (uncompressed) pixel data as NumPy arrays.

Reads (7FE0,0010) Pixel Data, (7FE0,0008) Float Pixel Data or (7FE0,0009)
Double Float Pixel Data of the uncompressed transfer syntaxes (PS3.5 section
8.1.1 and annex A.1 to A.3) as a flat array, which
:func:`~dcmcore.pixel_data_handlers.util.reshape_pixel_array` then shapes.

Bits Allocated 1 (packed bits, PS3.5 8.1.1) are unpacked by the compiled
bit-unpacker; every other layout is read straight from the bytes, so the
array costs one copy at most.
"""

import warnings
from typing import TYPE_CHECKING

import numpy as np

from dcmcore import uid
from dcmcore.pixel_data_handlers.util import get_expected_length, pixel_dtype, unpack_bits

if TYPE_CHECKING:  # pragma: no cover
    from dcmcore.dataset import Dataset

HANDLER_NAME = "Numpy"

DEPENDENCIES = {"numpy": ("http://www.numpy.org/", "NumPy")}

SUPPORTED_TRANSFER_SYNTAXES = [
    uid.ExplicitVRLittleEndian,
    uid.ImplicitVRLittleEndian,
    uid.DeflatedExplicitVRLittleEndian,
    uid.ExplicitVRBigEndian,
]

# The pixel data elements in the order the handler looks for them.
_PIXEL_KEYWORDS = ("PixelData", "FloatPixelData", "DoubleFloatPixelData")


def is_available() -> bool:
    """Return ``True``: NumPy is a dependency of dcmcore."""
    return True


def supports_transfer_syntax(transfer_syntax: str) -> bool:
    """Return ``True`` if the handler reads pixel data of `transfer_syntax`.

    Parameters
    ----------
    transfer_syntax : str
        A transfer syntax UID.
    """
    return transfer_syntax in SUPPORTED_TRANSFER_SYNTAXES


def needs_to_convert_to_RGB(ds: "Dataset") -> bool:
    """Return ``False``: native pixel data is returned in its own color space."""
    return False


def should_change_PhotometricInterpretation_to_RGB(ds: "Dataset") -> bool:
    """Return ``False``: the handler never changes Photometric Interpretation."""
    return False


def _check_elements(ds: "Dataset", keyword: str) -> None:
    """Raise AttributeError naming the Image Pixel elements `ds` lacks."""
    required = ["BitsAllocated", "Rows", "Columns", "SamplesPerPixel", "PhotometricInterpretation"]
    if keyword == "PixelData":
        required += ["PixelRepresentation", "BitsStored"]
    missing = [name for name in required if name not in ds]
    if missing:
        raise AttributeError(
            "Unable to convert the pixel data as the following required "
            "elements are missing from the dataset: " + ", ".join(missing)
        )
    if ds.SamplesPerPixel > 1 and not hasattr(ds, "PlanarConfiguration"):
        raise AttributeError(
            "Unable to convert the pixel data as the following "
            "conditionally required element is missing from the dataset: "
            "PlanarConfiguration"
        )


def _check_length(ds: "Dataset", actual_length: int, expected_length: int) -> None:
    """Warn or raise as pydicom does when the value length is not the
    expected one (odd lengths are padded to even, PS3.5 section 7.1.1)."""
    padded_length = expected_length + expected_length % 2
    if actual_length < padded_length:
        if actual_length == expected_length:
            warnings.warn("The odd length pixel data is missing a trailing padding byte")
            return
        raise ValueError(
            f"The length of the pixel data in the dataset ({actual_length} bytes) "
            f"doesn't match the expected length ({padded_length} bytes). "
            "The dataset may be corrupted or there may be an issue "
            "with the pixel data handler."
        )
    if actual_length > padded_length:
        msg = (
            f"The length of the pixel data in the dataset ({actual_length} bytes) "
            "indicates it contains excess padding. "
            f"{actual_length - expected_length} bytes will be removed from the "
            "end of the data"
        )
        if ds.PhotometricInterpretation == "YBR_FULL_422":
            # 4:2:2 data is two thirds of full YBR: data a half longer than
            # expected is probably YBR_FULL with the wrong interpretation
            full_length = expected_length / 2 * 3 + expected_length / 2 * 3 % 2
            if actual_length >= full_length:
                msg = (
                    "The Photometric Interpretation of the dataset is "
                    "YBR_FULL_422, however the length of the pixel data "
                    f"({actual_length} bytes) is a third larger than expected "
                    f"({expected_length} bytes) which indicates that this may be "
                    "incorrect. You may need to change the Photometric "
                    "Interpretation to the correct value."
                )
        warnings.warn(msg)


def _expand_ybr422(src: np.ndarray, nr_samples: int) -> np.ndarray:
    """Return YBR_FULL_422 samples ``Y1 Y2 Cb Cr`` as full-resolution
    ``Y Cb Cr`` triplets (PS3.3 C.7.6.3.1.2): each chroma pair serves two
    luminance samples."""
    dst = np.empty(nr_samples // 2 * 3, dtype=src.dtype)
    dst[0::6] = src[0::4]
    dst[3::6] = src[1::4]
    dst[1::6] = dst[4::6] = src[2::4]
    dst[2::6] = dst[5::6] = src[3::4]
    return dst


def get_pixeldata(ds: "Dataset", read_only: bool = False) -> np.ndarray:
    """Return the native pixel data of `ds` as a flat NumPy array.

    Parameters
    ----------
    ds : Dataset
        A dataset with the Image Pixel module (or the Floating Point or Double
        Floating Point Image Pixel module) and one of Pixel Data, Float Pixel
        Data or Double Float Pixel Data. YBR_FULL_422 data is expanded to
        three samples a pixel (PS3.3 C.7.6.3.1.2).
    read_only : bool, optional
        ``False`` (default) for a writeable array of its own; ``True`` for a
        read-only array over the element's bytes where the layout allows
        (Bits Allocated above 1, byte order and samples as stored).

    Returns
    -------
    numpy.ndarray
        One dimension; its dtype follows Bits Allocated, Pixel
        Representation and the dataset's byte order.

    Raises
    ------
    AttributeError
        If `ds` lacks a required element or has not exactly one pixel data
        element.
    NotImplementedError
        If the transfer syntax is not an uncompressed one.
    ValueError
        If the pixel data is shorter than the Image Pixel module says.
    """
    transfer_syntax = ds.file_meta.TransferSyntaxUID
    if transfer_syntax not in SUPPORTED_TRANSFER_SYNTAXES:
        raise NotImplementedError(
            "Unable to convert the pixel data as the transfer syntax "
            "is not supported by the numpy pixel data handler."
        )
    present = [keyword for keyword in _PIXEL_KEYWORDS if keyword in ds]
    if len(present) != 1:
        raise AttributeError(
            "Unable to convert the pixel data: one of Pixel Data, Float "
            "Pixel Data or Double Float Pixel Data must be present in "
            "the dataset"
        )
    keyword = present[0]
    _check_elements(ds, keyword)

    pixel_data = getattr(ds, keyword)
    expected_length = get_expected_length(ds)
    _check_length(ds, len(pixel_data), expected_length)

    if ds.BitsAllocated == 1:
        # a new writeable array whatever `read_only` says
        arr: np.ndarray = unpack_bits(pixel_data, as_array=True)
        return arr[: get_expected_length(ds, unit="pixels")]

    dtype = pixel_dtype(ds, as_float=(keyword != "PixelData"))
    if not ds.is_little_endian and dtype.itemsize == 1 and keyword == "PixelData" and ds[0x7FE00010].VR == "OW":
        # 8-bit samples in big endian OW: the writer swapped each pair of
        # bytes (PS3.5 7.3), so swap them back first
        words = np.frombuffer(pixel_data, dtype=dtype.name[:-1] + "16", count=len(pixel_data) // 2)
        arr = words.byteswap().view(dtype)[:expected_length]
        copied = True
    else:
        arr = np.frombuffer(pixel_data, dtype=dtype, count=expected_length // dtype.itemsize)
        copied = False
    if ds.PhotometricInterpretation == "YBR_FULL_422":
        arr = _expand_ybr422(arr, expected_length // dtype.itemsize)
        copied = True

    if should_change_PhotometricInterpretation_to_RGB(ds):
        ds.PhotometricInterpretation = "RGB"
    if read_only or copied:
        return arr
    return arr.copy()
