"""The handlers that delegate to GDCM, pylibjpeg, Pillow and pyjpegls give
pydicom 2.4.5's arrays and errors."""

import io
import warnings

import numpy as np
import pytest

import dcmcore
from dcmcore import config
from dcmcore.dataset import Dataset, FileMetaDataset
from dcmcore.encaps import encapsulate
from dcmcore.filewriter import dcmwrite
from dcmcore.pixel_data_handlers import gdcm_handler, jpeg_ls_handler, pillow_handler, pylibjpeg_handler
from dcmcore.uid import JPEG2000Lossless

pydicom = pytest.importorskip("pydicom")

# pydicom's own example files, used where pydicom installed them
EXAMPLES = [
    "JPEG2000.dcm",
    "SC_rgb_jpeg_dcmtk.dcm",
    "SC_rgb_jpeg_gdcm.dcm",
    "MR_small_jpeg_ls_lossless.dcm",
    "SC_jpeg_no_color_transform.dcm",
    "SC_rgb_rle.dcm",
]
HANDLERS = {"gdcm": "gdcm", "pylibjpeg": "pylibjpeg", "pillow": "PIL"}


def _decode(module, source, handler):
    """The array, or the exception's type and message (names equalised)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            ds = module.dcmread(source)
            ds.convert_pixel_data(handler)
            return ds._pixel_array
        except Exception as exc:
            return type(exc).__name__, str(exc).replace("pydicom", "dcmcore")


def _assert_same(ours, theirs):
    if isinstance(theirs, np.ndarray):
        assert isinstance(ours, np.ndarray), ours
        assert ours.dtype == theirs.dtype and ours.shape == theirs.shape
        assert ours.flags.writeable == theirs.flags.writeable
        np.testing.assert_array_equal(ours, theirs)
    else:
        assert ours == theirs


@pytest.mark.parametrize("handler", sorted(HANDLERS))
@pytest.mark.parametrize("name", EXAMPLES)
def test_example_files_against_pydicom(handler, name):
    pytest.importorskip(HANDLERS[handler])
    path = pydicom.data.get_testdata_file(name, download=False)
    if path is None:
        pytest.skip(f"pydicom's {name} is not installed")
    _assert_same(_decode(dcmcore, path, handler), _decode(pydicom, path, handler))


@pytest.mark.parametrize("handler", ["gdcm", "pylibjpeg"])
@pytest.mark.filterwarnings("ignore::UserWarning")  # the warning is the oracle's too
def test_jpeg2000_made_at_test_time(handler):
    openjpeg = pytest.importorskip("openjpeg.utils")
    pytest.importorskip(HANDLERS[handler])
    arr = (np.arange(32 * 48, dtype=np.uint16).reshape(32, 48) * 37) % 4096
    codestream = openjpeg.encode_array(arr, bits_stored=12, photometric_interpretation=0)
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = JPEG2000Lossless
    ds.file_meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.7"
    ds.file_meta.MediaStorageSOPInstanceUID = "1.2.3.4"
    ds.SOPClassUID, ds.SOPInstanceUID = "1.2.840.10008.5.1.4.1.1.7", "1.2.3.4"
    ds.Rows, ds.Columns, ds.SamplesPerPixel = 32, 48, 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
    ds.PixelData = encapsulate([codestream])
    ds["PixelData"].is_undefined_length = True
    buffer = io.BytesIO()
    dcmwrite(buffer, ds, write_like_original=False)
    ours = _decode(dcmcore, io.BytesIO(buffer.getvalue()), handler)
    _assert_same(ours, _decode(pydicom, io.BytesIO(buffer.getvalue()), handler))
    np.testing.assert_array_equal(ours, arr)


@pytest.mark.parametrize("ours", [gdcm_handler, pylibjpeg_handler, pillow_handler, jpeg_ls_handler])
def test_module_surface(ours):
    name = ours.__name__.rsplit(".", 1)[1]
    theirs = __import__(f"pydicom.pixel_data_handlers.{name}", fromlist=["x"])
    assert ours.HANDLER_NAME == theirs.HANDLER_NAME
    assert ours.DEPENDENCIES == theirs.DEPENDENCIES
    assert ours.is_available() == theirs.is_available()
    for syntax in ("1.2.840.10008.1.2.1", "1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.5"):
        assert ours.supports_transfer_syntax(syntax) == theirs.supports_transfer_syntax(syntax)


def test_jpeg_ls_without_pyjpegls(monkeypatch):
    monkeypatch.setattr(jpeg_ls_handler, "HAVE_JPEGLS", False)
    ds = dcmcore.dcmread(io.BytesIO(_example_bytes("MR_small_jpeg_ls_lossless.dcm")))
    with pytest.raises(ImportError, match="The jpeg_ls package is required"):
        jpeg_ls_handler.get_pixeldata(ds)


def test_config_order_is_pydicoms():
    names = [module.HANDLER_NAME for module in config.pixel_data_handlers]
    assert names == [module.HANDLER_NAME for module in pydicom.config.pixel_data_handlers]


def _example_bytes(name):
    path = pydicom.data.get_testdata_file(name, download=False)
    if path is None:
        pytest.skip(f"pydicom's {name} is not installed")
    with open(path, "rb") as f:
        return f.read()
