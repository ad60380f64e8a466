"""Type stub for the compiled waveform kernel (dcmcore/_waveform.pyx)."""

from typing import Sequence

import numpy as np

def scale_channels(
    values: np.ndarray,  # double[:, ::1], scaled in place
    sensitivity: Sequence[float],
    correction: Sequence[float],
    baseline: Sequence[float],
) -> None: ...
