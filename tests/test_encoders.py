"""dcmcore.encoders against pydicom 2.4.5's: the encoder surface, its
plugins and the bytes they give."""

import io

import numpy as np
import pytest

import dcmcore
from dcmcore.dataset import Dataset, FileMetaDataset
from dcmcore.encoders import RLELosslessEncoder, get_encoder
from dcmcore.filewriter import dcmwrite
from dcmcore.uid import ExplicitVRLittleEndian, RLELossless

pydicom = pytest.importorskip("pydicom")
from pydicom import encoders as theirs  # noqa: E402


def _dataset(bits=16, samples=1, frames=2):
    rng = np.random.default_rng(5)
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.7"
    ds.file_meta.MediaStorageSOPInstanceUID = "1.2.3.4"
    ds.SOPClassUID, ds.SOPInstanceUID = "1.2.840.10008.5.1.4.1.1.7", "1.2.3.4"
    ds.is_little_endian, ds.is_implicit_VR = True, False
    ds.Rows, ds.Columns, ds.SamplesPerPixel, ds.NumberOfFrames = 8, 10, samples, frames
    ds.PhotometricInterpretation = "RGB" if samples == 3 else "MONOCHROME2"
    if samples == 3:
        ds.PlanarConfiguration = 0
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = bits, bits, bits - 1, 0
    values = rng.integers(0, 4, size=frames * 80 * samples) * 1000 % (2**bits)
    ds.PixelData = values.astype(f"<u{bits // 8}").tobytes()
    return ds


def _theirs(ds):
    buffer = io.BytesIO()
    dcmwrite(buffer, ds, write_like_original=False)
    buffer.seek(0)
    return pydicom.dcmread(buffer)


class TestSurface:
    def test_encoder(self):
        other = theirs.RLELosslessEncoder
        assert RLELosslessEncoder.UID == other.UID
        assert RLELosslessEncoder.name == other.name
        assert RLELosslessEncoder.is_available == other.is_available
        assert get_encoder(RLELossless) is RLELosslessEncoder

    def test_unknown_uid(self):
        with pytest.raises(NotImplementedError) as ours:
            get_encoder("1.2.3")
        with pytest.raises(NotImplementedError) as other:
            theirs.get_encoder("1.2.3")
        assert str(ours.value).replace("dcmcore", "pydicom") == str(other.value)


class TestEncode:
    @pytest.mark.parametrize("plugin", ["pydicom", "gdcm", "pylibjpeg"])
    @pytest.mark.parametrize("bits, samples", [(8, 1), (16, 1), (8, 3)])
    def test_dataset_frames_as_pydicom(self, plugin, bits, samples):
        ds = _dataset(bits, samples)
        if not RLELosslessEncoder.is_available or plugin not in RLELosslessEncoder._available:
            pytest.skip(f"{plugin} is not installed")
        ours = list(RLELosslessEncoder.iter_encode(ds, encoding_plugin=plugin))
        other = list(theirs.RLELosslessEncoder.iter_encode(_theirs(ds), encoding_plugin=plugin))
        assert ours == other

    def test_array_index(self):
        ds = _dataset()
        arr = np.frombuffer(ds.PixelData, "<u2").reshape(2, 8, 10)
        kwargs = RLELosslessEncoder.kwargs_from_ds(ds)
        ours = RLELosslessEncoder.encode(arr, idx=1, encoding_plugin="pydicom", **kwargs)
        other = theirs.RLELosslessEncoder.encode(arr, idx=1, encoding_plugin="pydicom", **kwargs)
        assert ours == other

    def test_unknown_plugin(self):
        ds = _dataset()
        with pytest.raises(ValueError) as ours:
            RLELosslessEncoder.encode(ds, encoding_plugin="nope")
        with pytest.raises(ValueError) as other:
            theirs.RLELosslessEncoder.encode(_theirs(ds), encoding_plugin="nope")
        assert str(ours.value) == str(other.value)

    def test_invalid_profile(self):
        ds = _dataset(bits=16, samples=3)
        ds.PixelRepresentation = 1
        with pytest.raises(ValueError, match="is not valid for 'RLE Lossless'"):
            RLELosslessEncoder.encode(ds)

    def test_compress_round_trip(self):
        ds = _dataset()
        arr = np.frombuffer(ds.PixelData, "<u2").reshape(2, 8, 10).copy()
        ds.compress(RLELossless, encoding_plugin="pydicom")
        assert ds.file_meta.TransferSyntaxUID == RLELossless
        assert ds["PixelData"].is_undefined_length
        np.testing.assert_array_equal(ds.pixel_array, arr)
        ds.decompress()
        assert ds.file_meta.TransferSyntaxUID == ExplicitVRLittleEndian
        buffer = io.BytesIO()
        ds.save_as(buffer, write_like_original=False)
        np.testing.assert_array_equal(dcmcore.dcmread(io.BytesIO(buffer.getvalue())).pixel_array, arr)
