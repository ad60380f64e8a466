"""Pixel data handler for JPEG-LS by pyjpegls (imported as ``jpeg_ls``)."""

from typing import TYPE_CHECKING

import numpy

from dcmcore.encaps import decode_data_sequence, defragment_data
from dcmcore.pixel_data_handlers.util import pixel_dtype
from dcmcore.uid import UID, JPEGLSLossless, JPEGLSNearLossless

if TYPE_CHECKING:  # pragma: no cover
    from dcmcore.dataset import Dataset

HAVE_NP = True
try:
    import jpeg_ls

    HAVE_JPEGLS = True
except ImportError:
    HAVE_JPEGLS = False

HANDLER_NAME = "JPEG-LS"
DEPENDENCIES = {
    "numpy": ("http://www.numpy.org/", "NumPy"),
    "jpeg_ls": ("https://github.com/pydicom/pyjpegls", "pyjpegls"),
}
SUPPORTED_TRANSFER_SYNTAXES = [JPEGLSLossless, JPEGLSNearLossless]


def is_available() -> bool:
    """Return ``True`` if pyjpegls is installed."""
    return HAVE_NP and HAVE_JPEGLS


def needs_to_convert_to_RGB(ds: "Dataset") -> bool:
    """Return ``False``: JPEG-LS data is not colour converted."""
    return False


def should_change_PhotometricInterpretation_to_RGB(ds: "Dataset") -> bool:
    """Return ``False``: Photometric Interpretation is left as it is."""
    return False


def supports_transfer_syntax(transfer_syntax: UID) -> bool:
    """Return ``True`` for the JPEG-LS transfer syntaxes."""
    return transfer_syntax in SUPPORTED_TRANSFER_SYNTAXES


def get_pixeldata(ds: "Dataset") -> "numpy.ndarray":
    """Return the JPEG-LS pixel data of `ds` decoded, as a flat array.

    Parameters
    ----------
    ds : Dataset
        A dataset with JPEG-LS Pixel Data.

    Raises
    ------
    NotImplementedError
        If the transfer syntax is not JPEG-LS.
    ImportError
        If pyjpegls is not installed.
    """
    tsyntax = ds.file_meta.TransferSyntaxUID
    if tsyntax not in SUPPORTED_TRANSFER_SYNTAXES:
        raise NotImplementedError(f"The jpeg_ls does not support this transfer syntax {tsyntax.name}")
    if not HAVE_JPEGLS:
        raise ImportError(
            "The jpeg_ls package is required to use pixel_array for this "
            f"transfer syntax {tsyntax.name}, and jpeg_ls could not be imported"
        )
    nr_frames = getattr(ds, "NumberOfFrames", 1) or 1
    if nr_frames > 1:
        fragments = decode_data_sequence(ds.PixelData)
    else:
        fragments = [defragment_data(ds.PixelData)]
    decoded = b"".join(jpeg_ls.decode(numpy.frombuffer(src, dtype="u1")).tobytes() for src in fragments)
    return numpy.frombuffer(decoded, pixel_dtype(ds))
