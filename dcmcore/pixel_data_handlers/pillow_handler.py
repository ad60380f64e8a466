"""Pixel data handler for JPEG and JPEG 2000 by Pillow."""

import io
import logging
import warnings
from typing import TYPE_CHECKING, List, Optional, Tuple

import numpy

from dcmcore import config
from dcmcore.encaps import decode_data_sequence, defragment_data
from dcmcore.pixel_data_handlers.util import get_j2k_parameters, pixel_dtype
from dcmcore.uid import UID, JPEG2000, JPEG2000Lossless, JPEGBaseline8Bit, JPEGExtended12Bit

if TYPE_CHECKING:  # pragma: no cover
    from dcmcore.dataset import Dataset

HAVE_NP = True
try:
    from PIL import Image, features

    HAVE_PIL = True
    HAVE_JPEG = features.check_codec("jpg")
    HAVE_JPEG2K = features.check_codec("jpg_2000")
except ImportError:
    HAVE_PIL = False
    HAVE_JPEG = False
    HAVE_JPEG2K = False

logger = logging.getLogger("dcmcore")

PillowJPEG2000TransferSyntaxes = [JPEG2000, JPEG2000Lossless]
PillowJPEGTransferSyntaxes = [JPEGBaseline8Bit, JPEGExtended12Bit]
PillowSupportedTransferSyntaxes = PillowJPEGTransferSyntaxes + PillowJPEG2000TransferSyntaxes
HANDLER_NAME = "Pillow"
DEPENDENCIES = {
    "numpy": ("http://www.numpy.org/", "NumPy"),
    "PIL": ("https://python-pillow.org/", "Pillow"),
}


def is_available() -> bool:
    """Return ``True`` if Pillow is installed."""
    return HAVE_NP and HAVE_PIL


def supports_transfer_syntax(transfer_syntax: UID) -> bool:
    """Return ``True`` for JPEG baseline/extended and JPEG 2000."""
    return transfer_syntax in PillowSupportedTransferSyntaxes


def needs_to_convert_to_RGB(ds: "Dataset") -> bool:
    """Return ``False``: Pillow converts YCbCr JPEG data itself."""
    return False


def should_change_PhotometricInterpretation_to_RGB(ds: "Dataset") -> bool:
    """Return ``False``: Photometric Interpretation is left as it is."""
    return False


def _decompress_single_frame(data: bytes, transfer_syntax: str, photometric_interpretation: str) -> "Image":
    """Open one frame; JPEG data labelled RGB without an Adobe marker is read
    as YCbCr, so that Pillow leaves its colour space alone."""
    image = Image.open(io.BytesIO(data))
    if (
        transfer_syntax in PillowJPEGTransferSyntaxes
        and photometric_interpretation == "RGB"
        and "adobe_transform" not in image.info
    ):
        image.tile = [("jpeg", image.tile[0][1], image.tile[0][2], ("YCbCr", ""))]
        image.mode = "YCbCr"
        image.rawmode = "YCbCr"
    return image


def get_pixeldata(ds: "Dataset") -> "numpy.ndarray":
    """Return the JPEG or JPEG 2000 pixel data of `ds` decoded, flat.

    Parameters
    ----------
    ds : Dataset
        A dataset with JPEG or JPEG 2000 Pixel Data.

    Raises
    ------
    ImportError
        If Pillow is not installed.
    NotImplementedError
        If Pillow lacks the codec, or for 12-bit JPEG.
    """
    transfer_syntax = ds.file_meta.TransferSyntaxUID
    if not HAVE_PIL:
        raise ImportError(
            f"The pillow package is required to use pixel_array for this transfer syntax "
            f"{transfer_syntax.name}, and pillow could not be imported."
        )
    if not HAVE_JPEG and transfer_syntax in PillowJPEGTransferSyntaxes:
        raise NotImplementedError(
            f"The pixel data with transfer syntax {transfer_syntax.name}, "
            "cannot be read because Pillow lacks the JPEG plugin"
        )
    if not HAVE_JPEG2K and transfer_syntax in PillowJPEG2000TransferSyntaxes:
        raise NotImplementedError(
            f"The pixel data with transfer syntax {transfer_syntax.name}, "
            "cannot be read because Pillow lacks the JPEG 2000 plugin"
        )
    if transfer_syntax == JPEGExtended12Bit and ds.BitsAllocated != 8:
        raise NotImplementedError(
            f"{JPEGExtended12Bit} - {JPEGExtended12Bit.name} only supported by Pillow if Bits Allocated = 8"
        )
    photometric = ds.PhotometricInterpretation
    bits_stored = ds.BitsStored
    bits_allocated = ds.BitsAllocated
    nr_frames = getattr(ds, "NumberOfFrames", 1) or 1
    frames: List[bytes] = decode_data_sequence(ds.PixelData) if nr_frames > 1 else [defragment_data(ds.PixelData)]
    pixel_bytes = bytearray()
    j2k: Optional[Tuple[int, Optional[bool]]] = None
    for frame in frames:
        image = _decompress_single_frame(frame, transfer_syntax, photometric)
        if "YBR" in photometric:
            image.draft("YCbCr", (ds.Rows, ds.Columns))
        pixel_bytes.extend(image.tobytes())
        if j2k is None or not j2k[0]:
            params = get_j2k_parameters(frame)
            j2k = (params.setdefault("precision", bits_stored), params.setdefault("is_signed", None))
    logger.debug(f"Successfully read {len(pixel_bytes)} pixel bytes")
    arr = numpy.frombuffer(pixel_bytes, pixel_dtype(ds))

    if transfer_syntax in PillowJPEG2000TransferSyntaxes:
        precision, signed = j2k if j2k else (bits_stored, None)
        if precision and precision != bits_stored:
            warnings.warn(
                f"The (0028,0101) 'Bits Stored' value ({bits_stored}-bit) "
                f"doesn't match the JPEG 2000 data ({precision}-bit). "
                "It's recommended that you change the 'Bits Stored' value"
            )
        # Pillow returns signed JPEG 2000 data offset to unsigned and
        # left-aligned in the allocated bits
        if config.APPLY_J2K_CORRECTIONS and precision:
            shift = bits_allocated - precision
            if not signed and signed != ds.PixelRepresentation:
                return numpy.right_shift(arr, shift)
        else:
            shift = bits_allocated - bits_stored
        if ds.PixelRepresentation == 1:
            arr -= 2 ** (bits_allocated - 1)
        if shift:
            arr = numpy.right_shift(arr, shift)
    return arr
