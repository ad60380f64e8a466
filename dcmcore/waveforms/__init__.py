"""Waveform data handlers: multiplex groups of the Waveform Sequence as
NumPy arrays."""

from dcmcore.waveforms.numpy_handler import generate_multiplex, multiplex_array

__all__ = ["generate_multiplex", "multiplex_array"]
