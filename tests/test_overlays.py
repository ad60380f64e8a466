"""Dataset.overlay_array and dcmcore.overlays against pydicom 2.4.5."""

import io
import warnings

import numpy as np
import pytest

import dcmcore
from dcmcore.dataset import Dataset, FileMetaDataset
from dcmcore.overlays import numpy_handler
from dcmcore.pixel_data_handlers.util import pack_bits

pydicom = pytest.importorskip("pydicom")


def _file(rows, columns, frames=None, extra=0, pad=True, drop=None, cut=0):
    """A file with a random overlay in group 0x6000, as bytes."""
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = "1.2.840.10008.1.2.1"
    ds.file_meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.7"
    ds.file_meta.MediaStorageSOPInstanceUID = "1.2.3"
    ds.is_little_endian, ds.is_implicit_VR = True, False
    bits = np.random.default_rng(rows * columns).integers(0, 2, rows * columns * (frames or 1), dtype=np.uint8)
    data = pack_bits(bits, pad=pad) + b"\x00" * extra
    ds.add_new(0x60000010, "US", rows)
    ds.add_new(0x60000011, "US", columns)
    ds.add_new(0x60000100, "US", 1)
    ds.add_new(0x60003000, "OW", data[: len(data) - cut])
    if frames is not None:
        ds.add_new(0x60000015, "IS", frames)
    if drop:
        del ds[drop]
    buffer = io.BytesIO()
    dcmcore.dcmwrite(buffer, ds, write_like_original=False)
    return buffer.getvalue()


def _outcome(module, data, group=0x6000):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = module.dcmread(io.BytesIO(data)).overlay_array(group)
        except Exception as exc:
            result = (type(exc).__name__, str(exc))
    return result, [str(w.message) for w in caught]


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(rows=5, columns=7),
        dict(rows=8, columns=8),
        dict(rows=5, columns=7, frames=3),
        dict(rows=3, columns=3, frames=1, pad=False),
        dict(rows=4, columns=4, frames=2, extra=6),
        dict(rows=16, columns=16, frames=2, cut=4),
        dict(rows=4, columns=4, drop=0x60000011),
        dict(rows=4, columns=4, drop=0x60003000),
        dict(rows=4, columns=4, frames=0),
    ],
)
def test_against_pydicom(kwargs):
    data = _file(**kwargs)
    (ours, ours_warnings), (theirs, theirs_warnings) = _outcome(dcmcore, data), _outcome(pydicom, data)
    assert ours_warnings == theirs_warnings
    if isinstance(theirs, np.ndarray):
        assert ours.dtype == theirs.dtype and ours.shape == theirs.shape
        np.testing.assert_array_equal(ours, theirs)
    else:
        assert ours == theirs


@pytest.mark.parametrize("group", [0x5FFF, 0x6100, 0x6002])
def test_group_range(group):
    data = _file(4, 4)
    assert _outcome(dcmcore, data, group) == _outcome(pydicom, data, group)


def test_values_are_the_bits():
    bits = np.array([1, 0, 0, 1, 1, 1, 0, 0, 1], np.uint8)
    ds = Dataset()
    ds.add_new(0x60020010, "US", 3)
    ds.add_new(0x60020011, "US", 3)
    ds.add_new(0x60020100, "US", 1)
    ds.add_new(0x60023000, "OW", pack_bits(bits))
    np.testing.assert_array_equal(ds.overlay_array(0x6002), bits.reshape(3, 3))


def test_module_surface():
    from pydicom.overlays import numpy_handler as theirs

    assert numpy_handler.HANDLER_NAME == theirs.HANDLER_NAME
    assert numpy_handler.DEPENDENCIES == theirs.DEPENDENCIES
    elem = {"OverlayRows": 5, "OverlayColumns": 7, "NumberOfFramesInOverlay": 3}
    for unit in ("bytes", "pixels"):
        assert numpy_handler.get_expected_length(elem, unit) == theirs.get_expected_length(elem, unit)
    import dcmcore.overlay_data_handlers

    assert dcmcore.overlay_data_handlers.numpy_handler is numpy_handler
    assert dcmcore.config.overlay_data_handlers == [numpy_handler]


def test_shipped_multiframe_overlay():
    from dcmcore.data import get_testdata_file

    path = get_testdata_file("MR_overlay.dcm")
    ours, other = dcmcore.dcmread(path), pydicom.dcmread(path)
    for group in (0x6000, 0x6002):
        np.testing.assert_array_equal(ours.overlay_array(group), other.overlay_array(group))
    assert ours.overlay_array(0x6000).shape == (4, 32, 32)
