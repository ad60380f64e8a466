"""Pixel data handlers: turn (7FE0,0010) Pixel Data into NumPy arrays.

One module per decoder (``numpy_handler`` for native data, ``rle_handler``
for RLE Lossless, and the handlers that delegate to GDCM, Pillow, pyjpegls
and pylibjpeg), and ``util`` for what they share.
"""

from dcmcore.pixel_data_handlers.util import (
    apply_color_lut,
    apply_modality_lut,
    apply_voi,
    apply_voi_lut,
    apply_windowing,
    convert_color_space,
    expand_ybr422,
    pack_bits,
    unpack_bits,
)

apply_rescale = apply_modality_lut

__all__ = [
    "apply_color_lut",
    "apply_modality_lut",
    "apply_rescale",
    "apply_voi",
    "apply_voi_lut",
    "apply_windowing",
    "convert_color_space",
    "expand_ybr422",
    "pack_bits",
    "unpack_bits",
]
