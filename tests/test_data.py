"""Tests of dcmcore.data: the example files and how to find them."""

import os
from pathlib import Path

import pytest

from dcmcore import dcmread
from dcmcore.data import get_testdata_file, get_testdata_files

NAMES = ["CT_small.dcm", "ECG_12lead.dcm", "MR_multiframe_RLE.dcm", "MR_overlay.dcm", "MR_small.dcm", "RGB_small.dcm", "SC_1bit.dcm", "rtplan.dcm"]


class TestGetTestdata:
    @pytest.mark.parametrize("name", NAMES)
    def test_files_exist(self, name):
        path = get_testdata_file(name)
        assert os.path.isabs(path) and os.path.basename(path) == name

    def test_read(self):
        ds = get_testdata_file("CT_small.dcm", read=True)
        assert (ds.Rows, ds.Columns, ds.BitsAllocated, ds.Modality) == (128, 128, 16, "CT")
        assert len(ds.PixelData) == 128 * 128 * 2

    def test_missing(self):
        assert get_testdata_file("no_such_file.dcm") is None

    def test_patterns(self):
        assert [os.path.basename(path) for path in get_testdata_files()] == sorted(NAMES)
        assert [os.path.basename(path) for path in get_testdata_files("*MR*")] == ["MR_multiframe_RLE.dcm", "MR_overlay.dcm", "MR_small.dcm"]


class TestExampleFiles:
    @pytest.mark.parametrize("name", NAMES)
    def test_written_by_dcmcore_round_trip(self, name, tmp_path):
        """Read and written back as read: the same bytes."""
        path = get_testdata_file(name)
        out = tmp_path / name
        dcmread(path).save_as(out)
        assert out.read_bytes() == Path(path).read_bytes()

    @pytest.mark.parametrize("name", NAMES)
    def test_pydicom_reads_the_same(self, name):
        pydicom = pytest.importorskip("pydicom")
        path = get_testdata_file(name)
        ours, theirs = dcmread(path), pydicom.dcmread(path)
        assert [elem.tag for elem in ours.iterall()] == [elem.tag for elem in theirs.iterall()]
        assert str(ours).replace("VR.", "") == str(theirs).replace("VR.", "")

    def test_rtplan_has_nested_and_private_sequences(self):
        ds = get_testdata_file("rtplan.dcm", read=True)
        beam = ds.BeamSequence[1]
        assert beam.ControlPointSequence[0].BeamLimitingDevicePositionSequence[1].LeafJawPositions == [-50.0, 50.0]
        assert ds.BeamSequence.is_undefined_length
        private = ds.private_block(0x3249, "DCMCORE PLAN")[0x03].value
        assert private[0][0x00081030].value == "private item"
