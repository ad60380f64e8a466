"""Overlay data handlers: turn (60xx,3000) Overlay Data into NumPy arrays."""

from dcmcore.overlays.numpy_handler import get_overlay_array

__all__ = ["get_overlay_array"]
