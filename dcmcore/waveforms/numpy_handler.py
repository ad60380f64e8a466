"""Waveform data handler: each multiplex group's interleaved samples
(PS3.3 C.10.9.1) as a (samples, channels) array."""

from typing import TYPE_CHECKING, Iterator

import numpy as np

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
_REQUIRED_ELEMENTS = (
    "NumberOfWaveformChannels",
    "NumberOfWaveformSamples",
    "WaveformBitsAllocated",
    "WaveformSampleInterpretation",
    "WaveformData",
)


def is_available() -> bool:
    """Return ``True``: NumPy is a dependency of dcmcore."""
    return True


def _multiplex(ds: "Dataset", item: "Dataset", index: int, as_raw: bool) -> np.ndarray:
    """One multiplex group as a writeable (samples, channels) array."""
    missing = [keyword for keyword in _REQUIRED_ELEMENTS if keyword not in item]
    if missing:
        raise AttributeError(
            f"Unable to convert the waveform multiplex group with index {index} as the "
            f"following required elements are missing from the sequence item: {', '.join(missing)}"
        )
    bits_allocated = item.WaveformBitsAllocated
    nr_samples = item.NumberOfWaveformSamples
    nr_channels = item.NumberOfWaveformChannels
    dtype = np.dtype(WAVEFORM_DTYPES[(bits_allocated, item.WaveformSampleInterpretation)])
    if ds.is_little_endian is False:
        dtype = dtype.newbyteorder(">")
    length = nr_samples * nr_channels * (bits_allocated // 8)
    if len(item.WaveformData) < length:
        # pydicom's reshape fails here too (a ValueError); say which group
        raise ValueError(
            f"The waveform multiplex group with index {index} has {len(item.WaveformData)} bytes of "
            f"(5400,1010) Waveform Data, {nr_samples} samples x {nr_channels} channels x "
            f"{bits_allocated // 8} bytes = {length} expected"
        )
    # samples are stored channel by channel within each sample time, so the
    # (samples, channels) array is the data itself
    view = np.frombuffer(item.WaveformData, dtype=dtype, count=nr_samples * nr_channels)
    view = view.reshape(nr_samples, nr_channels)
    if as_raw:
        return view.astype(dtype.newbyteorder("="))
    definitions = item.ChannelDefinitionSequence
    if len(definitions) > nr_channels:
        raise IndexError(
            f"index {nr_channels} is out of bounds for axis 1 with size {nr_channels}"
        )
    # each channel: value * sensitivity * correction + baseline (C.10.9.1.4.3),
    # applied to all channels at once in the same order of operations;
    # channels without a definition keep their values
    undefined = nr_channels - len(definitions)
    sensitivity = [channel.get("ChannelSensitivity", 1.0) for channel in definitions]
    correction = [channel.get("ChannelSensitivityCorrectionFactor", 1.0) for channel in definitions]
    baseline = [channel.get("ChannelBaseline", 0.0) for channel in definitions]
    # one pass from the stored integers (their conversion to float64 is
    # exact); multiplying by 1 and adding 0 change nothing, so are skipped
    arr = np.multiply(view, sensitivity + [1.0] * undefined, dtype=np.float64)
    if any(value != 1 for value in correction):
        arr *= correction + [1.0] * undefined
    if any(baseline):
        arr += baseline + [0.0] * undefined
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
