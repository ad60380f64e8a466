"""Pixel data encoders: compress NumPy arrays into encapsulated Pixel Data."""
