"""The ``pylibjpeg`` encoding plugin: the encoders pylibjpeg's plugins
register (RLE Lossless by pylibjpeg-rle)."""

from typing import Any

from dcmcore.uid import RLELossless

try:
    from pylibjpeg.utils import get_pixel_data_encoders

    HAVE_PYLJ = True
except ImportError:
    HAVE_PYLJ = False

ENCODER_DEPENDENCIES = {RLELossless: ("numpy", "pylibjpeg", "pylibjpeg-rle")}


def encode_pixel_data(src: bytes, **kwargs: Any) -> bytes:
    """Return one frame `src` encoded by pylibjpeg's encoder for
    ``kwargs["transfer_syntax_uid"]``.

    Parameters
    ----------
    src : bytes
        One frame, samples interleaved, in ``kwargs["byteorder"]``.
    **kwargs
        ``transfer_syntax_uid`` and the image keywords the encoder needs.

    Returns
    -------
    bytes
        The encoded frame.
    """
    encoder = get_pixel_data_encoders()[kwargs["transfer_syntax_uid"]]
    return encoder(src, **kwargs)


def is_available(uid: str) -> bool:
    """Return ``True`` if pylibjpeg has an encoder plugin for `uid`.

    Parameters
    ----------
    uid : str
        A transfer syntax UID.
    """
    return HAVE_PYLJ and uid in get_pixel_data_encoders()
