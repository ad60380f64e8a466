"""Overlay data handler: 1-bit Overlay Data (PS3.3 C.9.2) unpacked by the
compiled bit unpacker into a ``uint8`` array of 0 and 1."""

import warnings
from typing import TYPE_CHECKING, Any, Dict

import numpy as np

from dcmcore import _bits

if TYPE_CHECKING:  # pragma: no cover
    from dcmcore.dataset import Dataset

HANDLER_NAME = "Numpy Overlay"
DEPENDENCIES = {"numpy": ("http://www.numpy.org/", "NumPy")}


def is_available() -> bool:
    """Return ``True``: NumPy is a dependency of dcmcore."""
    return True


def get_expected_length(elem: Dict[str, Any], unit: str = "bytes") -> int:
    """Return the length of an overlay's data.

    Parameters
    ----------
    elem : dict
        ``OverlayRows``, ``OverlayColumns`` and ``NumberOfFramesInOverlay``.
    unit : str, optional
        ``"bytes"`` (default: the bits rounded up to whole bytes, without
        padding to even length) or ``"pixels"``.

    Returns
    -------
    int
        The expected length.
    """
    length = elem["OverlayRows"] * elem["OverlayColumns"] * elem["NumberOfFramesInOverlay"]
    if unit == "pixels":
        return length
    return length // 8 + (length % 8 > 0)


def reshape_overlay_array(elem: Dict[str, Any], arr: np.ndarray) -> np.ndarray:
    """Reshape a flat overlay to (rows, columns) or (frames, rows, columns).

    Parameters
    ----------
    elem : dict
        ``OverlayRows``, ``OverlayColumns`` and ``NumberOfFramesInOverlay``.
    arr : numpy.ndarray
        The unpacked overlay bits.

    Raises
    ------
    ValueError
        If the number of frames is less than 1.
    """
    nr_frames = elem["NumberOfFramesInOverlay"]
    if nr_frames < 1:
        raise ValueError(
            f"Unable to reshape the overlay array as a value of {nr_frames} "
            "for (60xx,0015) 'Number of Frames in Overlay' is invalid."
        )
    shape = (elem["OverlayRows"], elem["OverlayColumns"])
    return arr.reshape((nr_frames,) + shape if nr_frames > 1 else shape)


def get_overlay_array(ds: "Dataset", group: int) -> np.ndarray:
    """Return the Overlay Data of `group` as an array of 0 and 1.

    Parameters
    ----------
    ds : Dataset
        A dataset with an Overlay Plane module in `group` (0x6000-0x601E).
    group : int
        The overlay's group.

    Returns
    -------
    numpy.ndarray
        ``uint8``, shaped (rows, columns) or (frames, rows, columns).

    Raises
    ------
    AttributeError
        If Overlay Data, Bits Allocated, Rows or Columns is missing.
    ValueError
        If the data is shorter than the overlay needs.
    """
    elements = {
        "OverlayData": ds.get((group, 0x3000), None),
        "OverlayBitsAllocated": ds.get((group, 0x0100), None),
        "OverlayRows": ds.get((group, 0x0010), None),
        "OverlayColumns": ds.get((group, 0x0011), None),
    }
    missing = [keyword for keyword, elem in elements.items() if elem is None]
    if missing:
        raise AttributeError(
            "Unable to convert the overlay data as the following required "
            f"elements are missing from the dataset: {', '.join(missing)}"
        )
    values = {keyword: elem.value for keyword, elem in elements.items()}
    nr_frames = ds.get((group, 0x0015), None)
    values["NumberOfFramesInOverlay"] = 1 if nr_frames is None else nr_frames.value

    expected = get_expected_length(values)
    actual = len(values["OverlayData"])
    padded = expected + expected % 2
    if actual < padded:
        if actual == expected:
            warnings.warn("The overlay data length is odd and misses a padding byte.")
        else:
            raise ValueError(
                f"The length of the overlay data in the dataset ({actual} bytes) doesn't match "
                f"the expected length ({padded} bytes). The dataset may be corrupted or there "
                "may be an issue with the overlay data handler."
            )
    elif actual > padded:
        warnings.warn(
            f"The length of the overlay data in the dataset ({actual} bytes) indicates it "
            f"contains excess padding. {actual - expected} bytes will be removed from the end "
            "of the data"
        )
    # only the overlay's bits are unpacked, not the padding after them
    arr = _bits.unpack_bits(values["OverlayData"], 0, get_expected_length(values, unit="pixels"))
    return reshape_overlay_array(values, arr)
