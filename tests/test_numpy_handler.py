"""Tests of native pixel data: Dataset.pixel_array and the numpy handler,
against pydicom 2.4.5 over every layout, and pydicom's errors."""

import io
import warnings

import numpy as np
import pytest

import dcmcore
from dcmcore import config, dcmread
from dcmcore.dataset import Dataset, FileMetaDataset
from dcmcore.filewriter import dcmwrite
from dcmcore.pixel_data_handlers import numpy_handler

IMPLICIT_LE = "1.2.840.10008.1.2"
EXPLICIT_LE = "1.2.840.10008.1.2.1"
DEFLATED_LE = "1.2.840.10008.1.2.1.99"
EXPLICIT_BE = "1.2.840.10008.1.2.2"
RLE = "1.2.840.10008.1.2.5"
JPEG_BASELINE = "1.2.840.10008.1.2.4.50"


def _pixels(shape, dtype, seed=0):
    rng = np.random.default_rng(seed)
    dtype = np.dtype(dtype)
    if dtype.kind == "f":
        return rng.normal(0, 1000, size=shape).astype(dtype)
    info = np.iinfo(dtype)
    return rng.integers(info.min, info.max, size=shape, endpoint=True, dtype=dtype)


def _image(
    rows=5,
    columns=7,
    bits=16,
    signed=False,
    samples=1,
    planar=0,
    frames=None,
    syntax=EXPLICIT_LE,
    photometric=None,
    keyword="PixelData",
    data=None,
):
    """A dataset with an Image Pixel module and matching random pixel data;
    returns (dataset, array the pixel data holds)."""
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = syntax
    ds.file_meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.7"
    ds.file_meta.MediaStorageSOPInstanceUID = "1.2.3.4"
    ds.SOPClassUID = "1.2.840.10008.5.1.4.1.1.7"
    ds.SOPInstanceUID = "1.2.3.4"
    ds.is_little_endian = syntax != EXPLICIT_BE
    ds.is_implicit_VR = syntax == IMPLICIT_LE
    ds.Rows = rows
    ds.Columns = columns
    ds.SamplesPerPixel = samples
    ds.PhotometricInterpretation = photometric or ("RGB" if samples == 3 else "MONOCHROME2")
    if samples > 1:
        ds.PlanarConfiguration = planar
    if frames is not None:
        ds.NumberOfFrames = frames
    ds.BitsAllocated = bits
    nr_frames = frames or 1
    if keyword == "PixelData":
        ds.BitsStored = bits
        ds.HighBit = bits - 1
        ds.PixelRepresentation = int(signed)
    shape = (nr_frames, rows, columns, samples)
    if data is not None:
        arr = None
    elif bits == 1:
        arr = _pixels(shape, "u1") % 2
        data = np.packbits(arr.ravel(), bitorder="little").tobytes()
    else:
        kind = "f" if keyword != "PixelData" else ("i" if signed else "u")
        arr = _pixels(shape, f"{kind}{bits // 8}")
        order = "<" if ds.is_little_endian else ">"
        data = arr.astype(arr.dtype.newbyteorder(order)).tobytes()
        if bits == 8 and not ds.is_little_endian:
            # OW in big endian: the bytes of each word are swapped (PS3.5 7.3)
            data += b"\0" * (len(data) % 2)
            data = np.frombuffer(data, ">u2").byteswap().tobytes()
    if len(data) % 2:
        data += b"\0"
    vr = "OB" if bits == 8 and ds.is_little_endian else ("OW" if keyword == "PixelData" else "OF")
    if keyword == "PixelData" and bits <= 8 and ds.is_little_endian:
        vr = "OB"
    if keyword == "DoubleFloatPixelData":
        vr = "OD"
    ds.add_new({"PixelData": 0x7FE00010, "FloatPixelData": 0x7FE00008, "DoubleFloatPixelData": 0x7FE00009}[keyword], vr, data)
    return ds, arr


def _both(pydicom, ds):
    """`ds` written by dcmcore and read back by dcmcore and by pydicom."""
    buffer = io.BytesIO()
    dcmwrite(buffer, ds, write_like_original=False)
    return dcmread(io.BytesIO(buffer.getvalue())), pydicom.dcmread(io.BytesIO(buffer.getvalue()))


def _same(ours, theirs):
    assert ours.dtype == theirs.dtype
    assert ours.shape == theirs.shape
    assert ours.flags.writeable == theirs.flags.writeable
    np.testing.assert_array_equal(ours, theirs)


@pytest.fixture(scope="module")
def pydicom():
    return pytest.importorskip("pydicom")


LAYOUTS = [
    dict(bits=8),
    dict(bits=8, signed=True),
    dict(bits=16),
    dict(bits=16, signed=True),
    dict(bits=32),
    dict(bits=32, signed=True),
    dict(bits=8, samples=3),
    dict(bits=8, samples=3, planar=1),
    dict(bits=16, samples=3, planar=1),
    dict(bits=8, frames=3),
    dict(bits=16, frames=3, signed=True),
    dict(bits=8, samples=3, frames=2),
    dict(bits=8, samples=3, planar=1, frames=2),
    dict(bits=16, frames=1),
    dict(bits=1),
    dict(bits=1, rows=3, columns=3),
    dict(bits=1, frames=3, rows=3, columns=5),
    dict(bits=1, rows=8, columns=8, frames=2),
    dict(bits=32, keyword="FloatPixelData"),
    dict(bits=32, keyword="FloatPixelData", frames=2),
    dict(bits=64, keyword="DoubleFloatPixelData"),
    dict(bits=8, rows=3, columns=3),  # odd length, padded
]


class TestNativeLayouts:
    @pytest.mark.parametrize("syntax", [EXPLICIT_LE, IMPLICIT_LE, DEFLATED_LE, EXPLICIT_BE])
    @pytest.mark.parametrize("layout", LAYOUTS, ids=lambda layout: "-".join(f"{k}{v}" for k, v in layout.items()))
    def test_same_array_as_pydicom(self, pydicom, syntax, layout):
        if syntax == IMPLICIT_LE and layout.get("keyword", "PixelData") != "PixelData":
            pytest.skip("Float Pixel Data is written explicit VR here")
        ds, arr = _image(syntax=syntax, **layout)
        ours, theirs = _both(pydicom, ds)
        _same(ours.pixel_array, theirs.pixel_array)

    def test_values_are_those_written(self):
        ds, arr = _image(bits=16, signed=True, frames=3)
        np.testing.assert_array_equal(ds.pixel_array, arr[..., 0])
        ds, arr = _image(bits=8, samples=3, frames=2)
        np.testing.assert_array_equal(ds.pixel_array, arr)

    def test_planar_configuration_one_is_reordered(self):
        ds, _ = _image(rows=2, columns=2, bits=8, samples=3, planar=1)
        ds.PixelData = bytes(range(12))
        # planes R, G, B of four pixels each
        np.testing.assert_array_equal(ds.pixel_array[0, 0], [0, 4, 8])
        np.testing.assert_array_equal(ds.pixel_array[1, 1], [3, 7, 11])

    def test_bits_allocated_64_integers(self, pydicom):
        ds, _ = _image(bits=16)
        ds.BitsAllocated = 64
        ds.BitsStored = 64
        ds.HighBit = 63
        ds.PixelData = _pixels((5 * 7,), "<u8").tobytes()
        ours, theirs = _both(pydicom, ds)
        _same(ours.pixel_array, theirs.pixel_array)
    @pytest.mark.filterwarnings("ignore::UserWarning")  # the warning is the oracle's too

    def test_missing_or_empty_number_of_frames(self, pydicom):
        ds, _ = _image(bits=16, frames=1)
        ds.NumberOfFrames = None
        ours, theirs = _both(pydicom, ds)
        _same(ours.pixel_array, theirs.pixel_array)

    def test_ybr_full_422(self, pydicom):
        ds, _ = _image(rows=4, columns=4, bits=8, samples=3, photometric="YBR_FULL_422")
        ds.PixelData = bytes(_pixels((4 * 4 * 2,), "u1"))
        ours, theirs = _both(pydicom, ds)
        _same(ours.pixel_array, theirs.pixel_array)

    def test_ybr_full_is_returned_as_stored(self, pydicom):
        ds, _ = _image(bits=8, samples=3, photometric="YBR_FULL")
        ours, theirs = _both(pydicom, ds)
        _same(ours.pixel_array, theirs.pixel_array)
        assert ours.PhotometricInterpretation == "YBR_FULL"


class TestLengths:
    def test_excess_data_warns_and_is_ignored(self, pydicom):
        ds, _ = _image(bits=16)
        ds.PixelData = ds.PixelData + b"\0" * 10
        ours, theirs = _both(pydicom, ds)
        with pytest.warns(UserWarning) as ours_warnings:
            ours_array = ours.pixel_array
        with pytest.warns(UserWarning) as theirs_warnings:
            theirs_array = theirs.pixel_array
        assert [str(w.message) for w in ours_warnings] == [str(w.message) for w in theirs_warnings]
        _same(ours_array, theirs_array)

    def test_short_data_raises_value_error(self, pydicom):
        ds, _ = _image(bits=16)
        ds.PixelData = ds.PixelData[:-4]
        ours, theirs = _both(pydicom, ds)
        with pytest.raises(ValueError) as ours_error:
            ours.pixel_array
        with pytest.raises(ValueError) as theirs_error:
            theirs.pixel_array
        assert str(ours_error.value) == str(theirs_error.value)

    def test_missing_padding_byte_warns(self, pydicom):
        ds, _ = _image(bits=8, rows=3, columns=3)
        ds.PixelData = ds.PixelData[:9]
        ours, theirs = _both(pydicom, ds)
        # the writer pads odd values: give both the unpadded value
        ours.PixelData = ours.PixelData[:9]
        theirs.PixelData = theirs.PixelData[:9]
        with pytest.warns(UserWarning, match="missing a trailing padding byte"):
            ours_array = ours.pixel_array
        with pytest.warns(UserWarning, match="missing a trailing padding byte"):
            theirs_array = theirs.pixel_array
        _same(ours_array, theirs_array)


class TestCache:
    def test_same_array_until_pixel_data_changes(self):
        ds, arr = _image(bits=16)
        first = ds.pixel_array
        assert ds.pixel_array is first
        new = _pixels((5, 7), "<u2")
        ds.PixelData = new.tobytes()
        np.testing.assert_array_equal(ds.pixel_array, new)

    def test_changed_shape_element_redecodes(self):
        ds, _ = _image(rows=4, columns=6, bits=8)
        assert ds.pixel_array.shape == (4, 6)
        ds.Rows, ds.Columns = 6, 4
        assert ds.pixel_array.shape == (6, 4)

    def test_writeable_copy(self):
        ds, _ = _image(bits=16)
        arr = ds.pixel_array
        arr[0, 0] = 1
        assert arr.flags.writeable
        assert ds.PixelData[:2] != b"\x01\x00" or ds.pixel_array[0, 0] == 1


class TestErrors:
    def _messages(self, pydicom, ds, error, **kwargs):
        ours, theirs = _both(pydicom, ds)
        with pytest.raises(error) as ours_error:
            ours.convert_pixel_data(**kwargs)
        with pytest.raises(error) as theirs_error:
            theirs.convert_pixel_data(**kwargs)
        assert str(ours_error.value) == str(theirs_error.value)
        return str(ours_error.value)

    def test_no_pixel_data(self, pydicom):
        ds, _ = _image()
        del ds.PixelData
        self._messages(pydicom, ds, AttributeError)

    def test_missing_image_element(self, pydicom):
        ds, _ = _image()
        del ds.BitsStored
        assert "BitsStored" in self._messages(pydicom, ds, AttributeError)

    def test_missing_planar_configuration(self, pydicom):
        ds, _ = _image(bits=8, samples=3)
        del ds.PlanarConfiguration
        assert "PlanarConfiguration" in self._messages(pydicom, ds, AttributeError)

    def test_unknown_handler_name(self, pydicom):
        ds, _ = _image()
        assert "not a known handler name" in self._messages(pydicom, ds, ValueError, handler_name="nope")

    def test_named_handler_not_supporting_syntax(self, pydicom):
        ds, _ = _image()
        self._messages(pydicom, ds, NotImplementedError, handler_name="rle")

    def test_unsupported_syntax(self, pydicom):
        ds, _ = _image()
        ds.file_meta.TransferSyntaxUID = "1.2.3.4"
        ours = ds
        with pytest.raises(NotImplementedError) as ours_error:
            ours.pixel_array
        theirs = pydicom.dcmread(_written(ds), force=True)
        with pytest.raises(NotImplementedError) as theirs_error:
            theirs.pixel_array
        assert str(ours_error.value) == str(theirs_error.value)

    def test_handlers_missing_dependencies(self, pydicom, monkeypatch):
        ds, _ = _image()
        ours, theirs = ds, pydicom.dcmread(_written(ds), force=True)
        for dataset in (ours, theirs):
            dataset.file_meta.TransferSyntaxUID = JPEG_BASELINE
        for module in (config, pydicom.config):
            for handler in module.pixel_data_handlers:
                monkeypatch.setattr(handler, "is_available", lambda: False)
        with pytest.raises(RuntimeError) as ours_error:
            ours.pixel_array
        with pytest.raises(RuntimeError) as theirs_error:
            theirs.pixel_array
        assert str(ours_error.value).split(":")[0] == str(theirs_error.value).split(":")[0]

    def test_named_handler_unavailable(self, monkeypatch):
        ds, _ = _image()
        monkeypatch.setattr(config.np_handler, "is_available", lambda: False)
        with pytest.raises(RuntimeError, match="The pixel data handler 'numpy' is not available"):
            ds.convert_pixel_data("numpy")

    def test_handler_module_rejects_other_syntax(self):
        ds, _ = _image()
        ds.file_meta.TransferSyntaxUID = RLE
        with pytest.raises(NotImplementedError):
            numpy_handler.get_pixeldata(ds)


def _written(ds):
    buffer = io.BytesIO()
    dcmwrite(buffer, ds, write_like_original=True)
    buffer.seek(0)
    return buffer


class TestHandlerModule:
    def test_surface(self, pydicom):
        from pydicom.pixel_data_handlers import numpy_handler as theirs

        assert numpy_handler.HANDLER_NAME == theirs.HANDLER_NAME
        assert set(numpy_handler.DEPENDENCIES) == set(theirs.DEPENDENCIES)
        assert list(numpy_handler.SUPPORTED_TRANSFER_SYNTAXES) == list(theirs.SUPPORTED_TRANSFER_SYNTAXES)
        assert numpy_handler.is_available()
        for syntax in (EXPLICIT_LE, RLE, JPEG_BASELINE):
            assert numpy_handler.supports_transfer_syntax(syntax) == theirs.supports_transfer_syntax(syntax)

    def test_read_only_is_a_view(self):
        ds, arr = _image(bits=16)
        flat = numpy_handler.get_pixeldata(ds, read_only=True)
        assert not flat.flags.writeable
        assert flat.base is not None
        np.testing.assert_array_equal(flat, arr.ravel())

    def test_config_selects_handler_by_name(self):
        ds, arr = _image(bits=16)
        ds.convert_pixel_data("numpy")
        np.testing.assert_array_equal(ds.pixel_array, arr[0, ..., 0])
        ds2, _ = _image(bits=16)
        ds2.convert_pixel_data("numpy_handler")
        assert ds2._pixel_array is not None


class TestDecompress:
    def test_native_dataset_keeps_syntax(self, pydicom):
        ds, _ = _image(bits=16)
        ds.decompress()
        assert ds.is_decompressed
        assert ds.file_meta.TransferSyntaxUID == EXPLICIT_LE

    def test_example_file(self):
        from dcmcore.data import get_testdata_file

        ds = get_testdata_file("CT_small.dcm", read=True)
        assert ds.pixel_array.shape == (128, 128)
        assert ds.pixel_array.dtype == np.int16
