"""dcmcore's own encoding plugin (named ``pydicom`` in the encoders): RLE
Lossless by the compiled codec in :mod:`dcmcore._rle`."""

from typing import Any

from dcmcore import _rle
from dcmcore.uid import RLELossless

ENCODER_DEPENDENCIES = {RLELossless: ()}


def is_available(uid: str) -> bool:
    """Return ``True``: the codec is compiled into dcmcore."""
    return True


def _encode_frame(src: bytes, **kwargs: Any) -> bytes:
    """Return one little-endian frame `src` RLE encoded.

    Parameters
    ----------
    src : bytes
        The frame: samples interleaved, each value little endian.
    **kwargs
        ``rows``, ``columns``, ``samples_per_pixel`` and ``bits_allocated``;
        ``byteorder`` must be ``'<'`` if given.

    Returns
    -------
    bytes
        The RLE frame: header and even-length segments (PS3.5 annex G).
    """
    if kwargs.get("byteorder", "<") == ">":
        raise ValueError(
            f"Unsupported option for the 'pydicom' encoding plugin: \"byteorder = '{kwargs['byteorder']}'\""
        )
    bits_allocated = kwargs["bits_allocated"]
    return _rle.encode_frame(src, kwargs["rows"], kwargs["columns"], kwargs["samples_per_pixel"], bits_allocated // 8)
