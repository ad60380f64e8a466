"""The ``gdcm`` encoding plugin: RLE Lossless by GDCM's image writer."""

from typing import Any, Callable, Dict

from dcmcore.uid import RLELossless

try:
    import gdcm

    HAVE_GDCM = True
except ImportError:
    HAVE_GDCM = False

ENCODER_DEPENDENCIES = {RLELossless: ("gdcm",)}


def is_available(uid: str) -> bool:
    """Return ``True`` if GDCM is installed and can encode to `uid`.

    Parameters
    ----------
    uid : str
        A transfer syntax UID.
    """
    return HAVE_GDCM and uid in ENCODER_DEPENDENCIES


def encode_pixel_data(src: bytes, **kwargs: Any) -> bytes:
    """Return one frame `src` encoded by GDCM.

    Parameters
    ----------
    src : bytes
        One little-endian frame, samples interleaved.
    **kwargs
        ``transfer_syntax_uid``, ``byteorder`` (``'<'`` only) and the image
        keywords: ``rows``, ``columns``, ``samples_per_pixel``,
        ``number_of_frames``, ``bits_allocated``, ``bits_stored``,
        ``pixel_representation``, ``photometric_interpretation``.

    Returns
    -------
    bytes
        The encoded frame.
    """
    if kwargs["byteorder"] != "<":
        raise ValueError(
            f"Unsupported option for the 'gdcm' encoding plugin: \"byteorder = '{kwargs['byteorder']}'\""
        )
    return _ENCODERS[kwargs["transfer_syntax_uid"]](src, **kwargs)


def _rle_encode(src: bytes, **kwargs: Any) -> bytes:
    """RLE-encode one frame: GDCM changes the transfer syntax of an image
    holding it, and the single fragment it makes is the frame."""
    samples_per_pixel = kwargs["samples_per_pixel"]
    bits_allocated = kwargs["bits_allocated"]
    bits_stored = kwargs["bits_stored"]
    photometric_interpretation = kwargs["photometric_interpretation"]

    version = [int(part) for part in gdcm.Version.GetVersion().split(".")]
    if version < [3, 0, 10] and bits_allocated == 32 and samples_per_pixel == 3:
        raise RuntimeError(
            "The 'gdcm' plugin is unable to RLE encode 32-bit, 3 samples/px data with GDCM v3.0.9 or older"
        )
    if bits_allocated > 32:
        raise ValueError(f"The 'gdcm' plugin is unable to encode {bits_allocated}-bit data")
    photometric = gdcm.PhotometricInterpretation.GetPIType(photometric_interpretation)
    if photometric == gdcm.PhotometricInterpretation.PI_END:
        raise ValueError(
            "An error occurred with the 'gdcm' plugin: invalid photometric "
            f"interpretation '{photometric_interpretation}'"
        )

    writer = gdcm.ImageWriter()
    image = writer.GetImage()
    image.SetNumberOfDimensions(2)
    image.SetDimensions((kwargs["columns"], kwargs["rows"], 1))
    image.SetPhotometricInterpretation(gdcm.PhotometricInterpretation(photometric))
    image.SetTransferSyntax(gdcm.TransferSyntax(gdcm.TransferSyntax.ImplicitVRLittleEndian))
    image.SetPixelFormat(
        gdcm.PixelFormat(
            samples_per_pixel, bits_allocated, bits_stored, bits_stored - 1, kwargs["pixel_representation"]
        )
    )
    if samples_per_pixel > 1:
        image.SetPlanarConfiguration(0)
    element = gdcm.DataElement(gdcm.Tag(0x7FE0, 0x0010))
    element.SetByteStringValue(src)
    image.SetDataElement(element)

    converter = gdcm.ImageChangeTransferSyntax()
    target = gdcm.TransferSyntax.GetTSType(kwargs["transfer_syntax_uid"])
    converter.SetTransferSyntax(gdcm.TransferSyntax(target))
    converter.SetInput(image)
    if not converter.Change():
        raise RuntimeError(
            "An error occurred with the 'gdcm' plugin: ImageChangeTransferSyntax.Change() returned a failure result"
        )
    fragments = converter.GetOutput().GetDataElement().GetSequenceOfFragments()
    if fragments is None or fragments.GetNumberOfFragments() != 1:
        raise RuntimeError(
            "An error occurred with the 'gdcm' plugin: unexpected number of fragments found in the 'Pixel Data'"
        )
    # GDCM's Python binding hands bytes over as a surrogate-escaped str
    return fragments.GetFragment(0).GetByteValue().GetBuffer().encode("utf-8", "surrogateescape")


_ENCODERS: Dict[str, Callable[..., bytes]] = {RLELossless: _rle_encode}
