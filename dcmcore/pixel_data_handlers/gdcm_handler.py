"""Pixel data handler for the JPEG family, JPEG-LS and JPEG 2000 by GDCM."""

import os
from tempfile import NamedTemporaryFile
from typing import TYPE_CHECKING

import numpy

from dcmcore import config
from dcmcore.encaps import decode_data_sequence, defragment_data, generate_pixel_data
from dcmcore.pixel_data_handlers.util import get_expected_length, get_j2k_parameters, pixel_dtype
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
)

if TYPE_CHECKING:  # pragma: no cover
    from dcmcore.dataset import Dataset

HAVE_NP = True
try:
    import gdcm
    from gdcm import DataElement

    HAVE_GDCM = True
    HAVE_GDCM_IN_MEMORY_SUPPORT = hasattr(DataElement, "SetByteStringValue")
except ImportError:
    HAVE_GDCM = False
    HAVE_GDCM_IN_MEMORY_SUPPORT = False

HANDLER_NAME = "GDCM"
DEPENDENCIES = {
    "numpy": ("http://www.numpy.org/", "NumPy"),
    "gdcm": ("http://gdcm.sourceforge.net/wiki/index.php/Main_Page", "GDCM"),
}
SUPPORTED_TRANSFER_SYNTAXES = [
    JPEGBaseline8Bit,
    JPEGExtended12Bit,
    JPEGLosslessP14,
    JPEGLosslessSV1,
    JPEGLSLossless,
    JPEGLSNearLossless,
    JPEG2000Lossless,
    JPEG2000,
]
should_convert_these_syntaxes_to_RGB = [JPEGBaseline8Bit]


def is_available() -> bool:
    """Return ``True`` if GDCM is installed."""
    return HAVE_NP and HAVE_GDCM


def needs_to_convert_to_RGB(ds: "Dataset") -> bool:
    """Return ``False``: GDCM converts colour spaces itself."""
    return False


def should_change_PhotometricInterpretation_to_RGB(ds: "Dataset") -> bool:
    """Return ``False``: Photometric Interpretation is left as it is."""
    return False


def supports_transfer_syntax(transfer_syntax: UID) -> bool:
    """Return ``True`` for the syntaxes GDCM decodes here."""
    return transfer_syntax in SUPPORTED_TRANSFER_SYNTAXES


def create_data_element(ds: "Dataset") -> "DataElement":
    """Return a GDCM Pixel Data element holding the dataset's fragments
    (one per frame) or native bytes."""
    element = gdcm.DataElement(gdcm.Tag(0x7FE0, 0x0010))
    if ds.file_meta.TransferSyntaxUID.is_compressed:
        if getattr(ds, "NumberOfFrames", 1) > 1:
            frames = decode_data_sequence(ds.PixelData)
        else:
            frames = [defragment_data(ds.PixelData)]
        fragments = gdcm.SequenceOfFragments.New()
        for frame in frames:
            fragment = gdcm.Fragment()
            fragment.SetByteStringValue(frame)
            fragments.AddFragment(fragment)
        element.SetValue(fragments.__ref__())
    else:
        element.SetByteStringValue(ds.PixelData)
    return element


def create_image(ds: "Dataset", data_element: "DataElement") -> "gdcm.Image":
    """Return a GDCM image of the dataset's Image Pixel module holding
    `data_element`."""
    image = gdcm.Image()
    nr_frames = getattr(ds, "NumberOfFrames", 1)
    image.SetNumberOfDimensions(2 if nr_frames == 1 else 3)
    image.SetDimensions((ds.Columns, ds.Rows, nr_frames))
    image.SetDataElement(data_element)
    photometric = gdcm.PhotometricInterpretation.GetPIType(ds.PhotometricInterpretation)
    image.SetPhotometricInterpretation(gdcm.PhotometricInterpretation(photometric))
    syntax = gdcm.TransferSyntax.GetTSType(str.__str__(ds.file_meta.TransferSyntaxUID))
    image.SetTransferSyntax(gdcm.TransferSyntax(syntax))
    image.SetPixelFormat(
        gdcm.PixelFormat(ds.SamplesPerPixel, ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation)
    )
    if "PlanarConfiguration" in ds:
        image.SetPlanarConfiguration(ds.PlanarConfiguration)
    return image


def _get_pixel_str_fileio(ds: "Dataset") -> str:
    """Decode through a file, for GDCM builds without in-memory elements."""
    reader = gdcm.ImageReader()
    filename = getattr(ds, "filename", None)
    if filename and isinstance(filename, str):
        reader.SetFileName(filename)
        if not reader.Read():
            raise TypeError("GDCM could not read DICOM image")
        return reader.GetImage().GetBuffer()
    module = ds.group_dataset(0x0028)
    module["PixelData"] = ds["PixelData"]
    module.file_meta = ds.file_meta
    with NamedTemporaryFile("wb", delete=False) as temporary:
        module.save_as(temporary)
    try:
        reader.SetFileName(temporary.name)
        if not reader.Read():
            raise TypeError("GDCM could not read DICOM image")
        return reader.GetImage().GetBuffer()
    finally:
        reader = None
        os.remove(temporary.name)


def get_pixeldata(ds: "Dataset") -> "numpy.ndarray":
    """Return the compressed pixel data of `ds` decoded by GDCM, flat.

    Parameters
    ----------
    ds : Dataset
        A dataset with compressed Pixel Data.

    Returns
    -------
    numpy.ndarray
        A writeable array of :func:`pixel_dtype`.

    Raises
    ------
    ImportError
        If GDCM is not installed.
    AttributeError
        If GDCM gives another amount of data than the image needs.
    """
    if not HAVE_GDCM:
        raise ImportError("The GDCM handler requires both gdcm and numpy")
    if HAVE_GDCM_IN_MEMORY_SUPPORT:
        pixel_str = create_image(ds, create_data_element(ds)).GetBuffer()
    else:
        pixel_str = _get_pixel_str_fileio(ds)
    # GDCM's binding hands bytes over as a surrogate-escaped str
    pixel_bytes = pixel_str.encode("utf-8", "surrogateescape")
    expected = get_expected_length(ds)
    if ds.PhotometricInterpretation == "YBR_FULL_422":
        expected = expected // 2 * 3  # GDCM expands the chroma
    if len(pixel_bytes) > expected and numpy.any(numpy.frombuffer(pixel_bytes[expected:], numpy.byte)):
        pixel_bytes = pixel_bytes[:expected]
    dtype = pixel_dtype(ds)
    arr = numpy.frombuffer(pixel_bytes, dtype=dtype)
    nr_pixels = get_expected_length(ds, "pixels")
    if arr.size != nr_pixels:
        raise AttributeError(f"Amount of pixel data {arr.size} does not match the expected data {nr_pixels}")
    syntax = ds.file_meta.TransferSyntaxUID
    if config.APPLY_J2K_CORRECTIONS and syntax in [JPEG2000, JPEG2000Lossless]:
        codestream = next(generate_pixel_data(ds.PixelData, getattr(ds, "NumberOfFrames", 1)))[0]
        params = get_j2k_parameters(codestream)
        precision = params.setdefault("precision", ds.BitsStored)
        if not params.setdefault("is_signed", None) and ds.PixelRepresentation == 1:
            # sign-extend data the codestream calls unsigned
            shift = ds.BitsAllocated - precision
            unsigned = numpy.dtype(f"uint{ds.BitsAllocated}").newbyteorder(dtype.byteorder)
            arr = (arr.astype(unsigned) << shift).astype(dtype) >> shift
    return arr.copy()
