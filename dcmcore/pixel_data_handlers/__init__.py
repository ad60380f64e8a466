"""Pixel data handlers: turn (7FE0,0010) Pixel Data into NumPy arrays."""
