"""Pixel data encoders: compress NumPy arrays into encapsulated Pixel Data."""

from dcmcore.encoders.base import RLELosslessEncoder, get_encoder

__all__ = ["RLELosslessEncoder", "get_encoder"]
