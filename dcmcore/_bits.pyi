"""Type stub for the compiled bit packer (dcmcore/_bits.pyx)."""

from typing import Optional

import numpy as np

def unpack_bits(src: bytes, bit_offset: int = 0, nr_bits: Optional[int] = None) -> np.ndarray: ...  # const uint8_t[::1], Py_ssize_t
def pack_bits(src: bytes) -> bytes: ...  # const uint8_t[::1]
