"""Pixel data handler that decodes through pylibjpeg's plugins:
pylibjpeg-libjpeg (JPEG, JPEG-LS), pylibjpeg-openjpeg (JPEG 2000) and
pylibjpeg-rle (RLE Lossless)."""

import logging
from typing import TYPE_CHECKING, Iterator

import numpy as np

from dcmcore import config
from dcmcore.encaps import generate_pixel_data_frame
from dcmcore.pixel_data_handlers.util import (
    get_expected_length,
    get_j2k_parameters,
    pixel_dtype,
    reshape_pixel_array,
)
from dcmcore.uid import (
    JPEG2000,
    UID,
    JPEG2000Lossless,
    JPEGBaseline8Bit,
    JPEGExtended12Bit,
    JPEGLosslessP14,
    JPEGLosslessSV1,
    JPEGLSLossless,
    JPEGLSNearLossless,
    RLELossless,
)

if TYPE_CHECKING:  # pragma: no cover
    from dcmcore.dataset import Dataset

HAVE_NP = True
try:
    import pylibjpeg  # noqa: F401
    from pylibjpeg.utils import get_pixel_data_decoders

    HAVE_PYLIBJPEG = True
except ImportError:
    HAVE_PYLIBJPEG = False
try:
    import openjpeg  # noqa: F401

    HAVE_OPENJPEG = True
except ImportError:
    HAVE_OPENJPEG = False
try:
    import libjpeg  # noqa: F401

    HAVE_LIBJPEG = True
except ImportError:
    HAVE_LIBJPEG = False
try:
    import rle  # noqa: F401

    HAVE_RLE = True
except ImportError:
    HAVE_RLE = False

LOGGER = logging.getLogger("dcmcore")
HANDLER_NAME = "pylibjpeg"
_DECODERS = get_pixel_data_decoders() if HAVE_PYLIBJPEG else {}
_LIBJPEG_SYNTAXES = [
    JPEGBaseline8Bit,
    JPEGExtended12Bit,
    JPEGLosslessP14,
    JPEGLosslessSV1,
    JPEGLSLossless,
    JPEGLSNearLossless,
]
_OPENJPEG_SYNTAXES = [JPEG2000Lossless, JPEG2000]
_RLE_SYNTAXES = [RLELossless]
SUPPORTED_TRANSFER_SYNTAXES = _LIBJPEG_SYNTAXES + _OPENJPEG_SYNTAXES + _RLE_SYNTAXES
DEPENDENCIES = {"numpy": ("http://www.numpy.org/", "NumPy")}
_REQUIRED_ELEMENTS = (
    "BitsAllocated",
    "Rows",
    "Columns",
    "PixelRepresentation",
    "SamplesPerPixel",
    "PhotometricInterpretation",
    "PixelData",
)


def is_available() -> bool:
    """Return ``True`` if pylibjpeg is installed."""
    return HAVE_NP and HAVE_PYLIBJPEG


def supports_transfer_syntax(tsyntax: UID) -> bool:
    """Return ``True`` if a pylibjpeg plugin can decode `tsyntax`."""
    return tsyntax in SUPPORTED_TRANSFER_SYNTAXES


def needs_to_convert_to_RGB(ds: "Dataset") -> bool:
    """Return ``False``: the plugins convert colour spaces themselves."""
    return False


def should_change_PhotometricInterpretation_to_RGB(ds: "Dataset") -> bool:
    """Return ``False``: Photometric Interpretation is left as it is."""
    return False


def as_array(ds: "Dataset") -> np.ndarray:
    """Return the decoded pixel data of `ds`, shaped as the image."""
    return reshape_pixel_array(ds, get_pixeldata(ds))


def _corrected_j2k(ds: "Dataset", frame: bytes, arr: np.ndarray, dtype: np.dtype) -> np.ndarray:
    """Sign-extend JPEG 2000 data whose codestream says unsigned where Pixel
    Representation says signed (a common writer's error)."""
    parameters = get_j2k_parameters(frame)
    signed = parameters.setdefault("is_signed", True)
    precision = parameters.setdefault("precision", ds.BitsStored)
    shift = ds.BitsAllocated - precision
    if shift and not signed and signed != ds.PixelRepresentation:
        unsigned = np.dtype(f"uint{ds.BitsAllocated}").newbyteorder(dtype.byteorder)
        arr = np.left_shift(arr.view(unsigned), shift).astype(dtype)
        arr = np.right_shift(arr, shift)
    return arr


def generate_frames(ds: "Dataset", reshape: bool = True) -> Iterator[np.ndarray]:
    """Yield each decoded frame of `ds`.

    Parameters
    ----------
    ds : Dataset
        A dataset with compressed Pixel Data.
    reshape : bool, optional
        ``True`` (default) for frames shaped (rows, columns[, samples]),
        ``False`` for flat ones.

    Yields
    ------
    numpy.ndarray
        One frame.

    Raises
    ------
    RuntimeError
        If the plugin for the transfer syntax is not installed.
    AttributeError
        If an element the decoding needs is missing.
    """
    tsyntax = ds.file_meta.TransferSyntaxUID
    if tsyntax not in _DECODERS:
        if tsyntax in _OPENJPEG_SYNTAXES:
            plugin = "pylibjpeg-openjpeg"
        elif tsyntax in _LIBJPEG_SYNTAXES:
            plugin = "pylibjpeg-libjpeg"
        else:
            plugin = "pylibjpeg-rle"
        raise RuntimeError(f"Unable to convert the Pixel Data as the '{plugin}' plugin is not installed")
    missing = [keyword for keyword in _REQUIRED_ELEMENTS if keyword not in ds]
    if missing:
        raise AttributeError(
            "Unable to convert the pixel data as the following required "
            "elements are missing from the dataset: " + ", ".join(missing)
        )
    decoder = _DECODERS[tsyntax]
    LOGGER.debug(f"Decoding {tsyntax.name} encoded Pixel Data using {decoder}")
    pixel_module = ds.group_dataset(0x0028)
    dtype = pixel_dtype(ds)
    for frame in generate_pixel_data_frame(ds.PixelData, getattr(ds, "NumberOfFrames", 1)):
        arr = decoder(frame, pixel_module)
        if tsyntax in _OPENJPEG_SYNTAXES and config.APPLY_J2K_CORRECTIONS:
            arr = _corrected_j2k(ds, frame, arr, dtype)
        if arr.dtype != dtype:
            arr = arr.view(dtype)
        if not reshape:
            yield arr
        elif ds.SamplesPerPixel == 1:
            yield arr.reshape(ds.Rows, ds.Columns)
        elif tsyntax == RLELossless:
            yield arr.reshape(ds.SamplesPerPixel, ds.Rows, ds.Columns).transpose(1, 2, 0)
        else:
            yield arr.reshape(ds.Rows, ds.Columns, ds.SamplesPerPixel)


def get_pixeldata(ds: "Dataset") -> np.ndarray:
    """Return the decoded pixel data of `ds` as a flat array.

    Parameters
    ----------
    ds : Dataset
        A dataset with compressed Pixel Data.

    Returns
    -------
    numpy.ndarray
        Every frame's samples in turn, of :func:`pixel_dtype`.
    """
    length = get_expected_length(ds, "pixels")
    frame_length = length // getattr(ds, "NumberOfFrames", 1)
    arr = np.empty(length, pixel_dtype(ds))
    for frame, offset in zip(generate_frames(ds, False), range(0, length, frame_length)):
        arr[offset : offset + frame_length] = frame
    return arr
