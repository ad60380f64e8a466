"""Waveform data handler: each multiplex group's interleaved samples
(PS3.3 C.10.9.1) as a (samples, channels) array."""

from typing import TYPE_CHECKING, Any, Iterator

import numpy as np

from dcmcore._waveform import scale_channels
from dcmcore.tag import Tag

if TYPE_CHECKING:  # pragma: no cover
    from dcmcore.dataset import Dataset

HANDLER_NAME = "Numpy Waveform"
DEPENDENCIES = {"numpy": ("http://www.numpy.org/", "NumPy")}
# (Waveform Bits Allocated, Waveform Sample Interpretation): dtype (C.10.9.1.5)
WAVEFORM_DTYPES = {
    (8, "SB"): "int8",
    (8, "UB"): "uint8",
    (8, "MB"): "uint8",
    (8, "AB"): "uint8",
    (16, "SS"): "int16",
    (16, "US"): "uint16",
    (32, "SL"): "int32",
    (32, "UL"): "uint32",
    (64, "SV"): "int64",
    (64, "UV"): "uint64",
}
# The elements a multiplex group needs, with their shared tag objects (which
# the datasets' dicts find by identity, faster than by keyword).
_REQUIRED_ELEMENTS = {
    keyword: Tag(keyword)
    for keyword in (
        "NumberOfWaveformChannels",
        "NumberOfWaveformSamples",
        "WaveformBitsAllocated",
        "WaveformSampleInterpretation",
        "WaveformData",
    )
}
# Channel Sensitivity, Channel Sensitivity Correction Factor and Channel
# Baseline, in the order they are applied
_SENSITIVITY, _CORRECTION, _BASELINE = (
    Tag(keyword) for keyword in ("ChannelSensitivity", "ChannelSensitivityCorrectionFactor", "ChannelBaseline")
)


def is_available() -> bool:
    """Return ``True``: NumPy is a dependency of dcmcore."""
    return True


def _value(item: "Dataset", tag: Tag, default: float) -> Any:
    """The value of `item`'s element `tag`, or `default` if it has none."""
    try:
        return item[tag].value
    except KeyError:
        return default


def _multiplex(ds: "Dataset", item: "Dataset", index: int, as_raw: bool) -> np.ndarray:
    """One multiplex group as a writeable (samples, channels) array."""
    missing = [keyword for keyword, tag in _REQUIRED_ELEMENTS.items() if tag not in item]
    if missing:
        raise AttributeError(
            f"Unable to convert the waveform multiplex group with index {index} as the "
            f"following required elements are missing from the sequence item: {', '.join(missing)}"
        )
    nr_channels, nr_samples, bits_allocated, interpretation, data = (
        item[tag].value for tag in _REQUIRED_ELEMENTS.values()
    )
    dtype = np.dtype(WAVEFORM_DTYPES[(bits_allocated, interpretation)])
    if ds.is_little_endian is False:
        dtype = dtype.newbyteorder(">")
    length = nr_samples * nr_channels * (bits_allocated // 8)
    if len(data) < length:
        # pydicom's reshape fails here too (a ValueError); say which group
        raise ValueError(
            f"The waveform multiplex group with index {index} has {len(data)} bytes of "
            f"(5400,1010) Waveform Data, {nr_samples} samples x {nr_channels} channels x "
            f"{bits_allocated // 8} bytes = {length} expected"
        )
    # samples are stored channel by channel within each sample time, so the
    # (samples, channels) array is the data itself
    view = np.frombuffer(data, dtype=dtype, count=nr_samples * nr_channels).reshape(nr_samples, nr_channels)
    if as_raw:
        return view.astype(dtype.newbyteorder("="))
    definitions = item.ChannelDefinitionSequence  # pydicom's AttributeError if absent
    if len(definitions) > nr_channels:
        raise IndexError(
            f"index {nr_channels} is out of bounds for axis 1 with size {nr_channels}"
        )
    # each channel: value * sensitivity * correction + baseline (C.10.9.1.4.3),
    # in pydicom's order of operations; channels without a definition keep
    # their values (* 1 * 1 + 0)
    undefined = [1.0] * (nr_channels - len(definitions))
    arr = view.astype(np.float64)  # as pydicom converts, from either byte order
    try:
        scale_channels(
            arr,
            [_value(channel, _SENSITIVITY, 1.0) for channel in definitions] + undefined,
            [_value(channel, _CORRECTION, 1.0) for channel in definitions] + undefined,
            [_value(channel, _BASELINE, 0.0) for channel in definitions] + [0.0] * len(undefined),
        )
    except TypeError as exc:  # pydicom's type too: NumPy cannot multiply by it
        raise TypeError(
            f"The waveform multiplex group with index {index} has a Channel Sensitivity, "
            f"Channel Sensitivity Correction Factor or Channel Baseline that is not a number: {exc}"
        ) from exc
    return arr


def generate_multiplex(ds: "Dataset", as_raw: bool = True) -> Iterator[np.ndarray]:
    """Yield each multiplex group of the Waveform Sequence.

    Parameters
    ----------
    ds : Dataset
        A dataset with a (5400,0100) Waveform Sequence.
    as_raw : bool, optional
        ``True`` (default) for the stored values; ``False`` for ``float64``
        values with each channel's sensitivity, correction factor and
        baseline applied.

    Yields
    ------
    numpy.ndarray
        Shaped (samples, channels).

    Raises
    ------
    AttributeError
        If the sequence, or an element a group needs, is missing.
    """
    if "WaveformSequence" not in ds:
        raise AttributeError("No (5400,0100) Waveform Sequence element found in the dataset")
    for index, item in enumerate(ds.WaveformSequence):
        yield _multiplex(ds, item, index, as_raw)


def multiplex_array(ds: "Dataset", index: int, as_raw: bool = True) -> np.ndarray:
    """Return multiplex group `index` of the Waveform Sequence.

    Parameters
    ----------
    ds : Dataset
        A dataset with a (5400,0100) Waveform Sequence.
    index : int
        The group's index in the sequence.
    as_raw : bool, optional
        As for :func:`generate_multiplex`.

    Returns
    -------
    numpy.ndarray
        Shaped (samples, channels).

    Raises
    ------
    AttributeError
        If the sequence, or an element the group needs, is missing.
    IndexError
        If `index` is out of range.
    """
    if "WaveformSequence" not in ds:
        raise AttributeError("No (5400,0100) Waveform Sequence element found in the dataset")
    return _multiplex(ds, ds.WaveformSequence[index], index, as_raw)
