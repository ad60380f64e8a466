"""Dataset.waveform_array and dcmcore.waveforms against pydicom 2.4.5."""

import io

import numpy as np
import pytest

import dcmcore
from dcmcore.dataset import Dataset, FileMetaDataset
from dcmcore.sequence import Sequence
from dcmcore.waveforms import generate_multiplex, multiplex_array
from dcmcore.waveforms.numpy_handler import WAVEFORM_DTYPES

pydicom = pytest.importorskip("pydicom")
from pydicom.waveforms import numpy_handler as theirs  # noqa: E402


def _group(bits, interpretation, nr_channels=3, nr_samples=50, seed=0, calibrate=True):
    item = Dataset()
    item.MultiplexGroupTimeOffset = "0.0"
    item.WaveformOriginality = "ORIGINAL"
    item.NumberOfWaveformChannels = nr_channels
    item.NumberOfWaveformSamples = nr_samples
    item.SamplingFrequency = "500"
    item.WaveformBitsAllocated = bits
    item.WaveformSampleInterpretation = interpretation
    channels = []
    for channel in range(nr_channels):
        definition = Dataset()
        if calibrate:
            definition.ChannelSensitivity = f"{0.5 + channel}"
            definition.ChannelSensitivityCorrectionFactor = "1.25"
            definition.ChannelBaseline = f"{-channel * 2}"
        channels.append(definition)
    item.ChannelDefinitionSequence = Sequence(channels)
    dtype = np.dtype(WAVEFORM_DTYPES[(bits, interpretation)])
    info = np.iinfo(dtype)
    values = np.random.default_rng(seed).integers(info.min, info.max, (nr_samples, nr_channels), dtype=dtype, endpoint=True)
    item.add_new(0x54001010, "OW" if bits > 8 else "OB", values.astype(dtype.newbyteorder("<")).tobytes())
    return item, values


def _file(groups):
    """A file whose Waveform Sequence holds the `groups` items, as bytes."""
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = "1.2.840.10008.1.2.1"
    ds.file_meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.9.1.1"
    ds.file_meta.MediaStorageSOPInstanceUID = "1.2.3"
    ds.is_little_endian, ds.is_implicit_VR = True, False
    ds.WaveformSequence = Sequence(groups)
    buffer = io.BytesIO()
    dcmcore.dcmwrite(buffer, ds, write_like_original=False)
    return buffer.getvalue()


def _same(ours, other):
    assert ours.dtype == other.dtype and ours.shape == other.shape
    assert ours.flags.writeable == other.flags.writeable
    np.testing.assert_array_equal(ours, other)
    # bit for bit: the same rounding at every step (and the same signed zeros)
    assert np.ascontiguousarray(ours).tobytes() == np.ascontiguousarray(other).tobytes()


@pytest.mark.parametrize("bits, interpretation", sorted(WAVEFORM_DTYPES))
def test_every_interpretation(bits, interpretation):
    group, values = _group(bits, interpretation)
    data = _file([group])
    ours, other = dcmcore.dcmread(io.BytesIO(data)), pydicom.dcmread(io.BytesIO(data))
    raw = multiplex_array(ours, 0)
    np.testing.assert_array_equal(raw, values)
    _same(raw, theirs.multiplex_array(other, 0))
    _same(ours.waveform_array(0), other.waveform_array(0))


def test_ecg_with_three_groups():
    groups = [_group(16, "SS", 12, 500, seed=1)[0], _group(16, "SS", 12, 100, seed=2)[0], _group(8, "MB", 2, 80, 3, False)[0]]
    data = _file(groups)
    ours, other = dcmcore.dcmread(io.BytesIO(data)), pydicom.dcmread(io.BytesIO(data))
    for mine, them in zip(generate_multiplex(ours, as_raw=False), theirs.generate_multiplex(other, as_raw=False)):
        _same(mine, them)
    for index in range(3):
        _same(ours.waveform_array(index), other.waveform_array(index))
    with pytest.raises(IndexError):
        ours.waveform_array(3)


def test_pydicom_example_file():
    path = pydicom.data.get_testdata_file("waveform_ecg.dcm", download=False)
    if path is None:
        pytest.skip("pydicom's waveform_ecg.dcm is not installed")
    ours, other = dcmcore.dcmread(path), pydicom.dcmread(path)
    for index in range(len(other.WaveformSequence)):
        _same(ours.waveform_array(index), other.waveform_array(index))


def test_errors():
    ds = Dataset()
    with pytest.raises(AttributeError, match=r"No \(5400,0100\) Waveform Sequence"):
        ds.waveform_array(0)
    group, _ = _group(16, "SS")
    del group.WaveformData
    ds.WaveformSequence = Sequence([group])
    with pytest.raises(AttributeError, match="index 0 .* missing from the sequence item: WaveformData"):
        multiplex_array(ds, 0)
    with pytest.raises(AttributeError, match="WaveformData"):
        list(generate_multiplex(ds))


def test_big_endian_values():
    group, values = _group(16, "SS")
    group.WaveformData = values.astype(">i2").tobytes()
    ds = Dataset()
    ds.is_little_endian = False
    ds.WaveformSequence = Sequence([group])
    np.testing.assert_array_equal(multiplex_array(ds, 0), values)


def test_shipped_ecg():
    from dcmcore.data import get_testdata_file

    path = get_testdata_file("ECG_12lead.dcm")
    ours, other = dcmcore.dcmread(path), pydicom.dcmread(path)
    assert len(ours.WaveformSequence) == 3
    for index in range(3):
        _same(ours.waveform_array(index), other.waveform_array(index))


def test_short_data_names_the_group():
    group, values = _group(16, "SS")
    group.WaveformData = group.WaveformData[:-2]
    data = _file([group])
    with pytest.raises(ValueError):
        pydicom.dcmread(io.BytesIO(data)).waveform_array(0)
    with pytest.raises(ValueError, match="group with index 0 has 298 bytes"):
        dcmcore.dcmread(io.BytesIO(data)).waveform_array(0)


def test_factor_that_is_not_a_number_names_the_group():
    item, _ = _group(16, "SS")
    item.ChannelDefinitionSequence[1].add_new(0x003A0210, "LO", "high")  # not a DS
    ds = dcmcore.dcmread(io.BytesIO(_file([item])))
    with pytest.raises(TypeError, match="group with index 0 has a Channel Sensitivity"):
        ds.waveform_array(0)
    with pytest.raises(TypeError):  # pydicom's type for it
        pydicom.dcmread(io.BytesIO(_file([item]))).waveform_array(0)
