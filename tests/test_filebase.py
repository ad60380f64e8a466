"""Tests of dcmcore.filebase against pydicom 2.4.5's file wrappers."""

import io

import pytest

from dcmcore.filebase import DicomBytesIO, DicomFile, DicomFileLike


class TestDicomBytesIO:
    @pytest.mark.parametrize("little", [True, False])
    def test_numbers_and_tags_round_trip(self, little):
        fp = DicomBytesIO()
        fp.is_little_endian = little
        fp.write_tag(0x00100020)
        fp.write_tag((0x7FE0, 0x0010))
        fp.write_US(0x1234)
        fp.write_UL(0x12345678)
        fp.seek(0)
        assert fp.read_tag() == (0x0010, 0x0020)
        assert fp.read_tag() == (0x7FE0, 0x0010)
        assert fp.read_US() == 0x1234
        assert fp.read_UL() == 0x12345678
        expected = b"\x34\x12" if little else b"\x12\x34"
        assert fp.getvalue()[8:10] == expected

    def test_same_bytes_as_pydicom(self):
        pydicom = pytest.importorskip("pydicom")
        theirs = pydicom.filebase.DicomBytesIO()
        ours = DicomBytesIO()
        for fp in (theirs, ours):
            fp.is_little_endian = False
            fp.write_tag(0x00280010)
            fp.write_leUS(1)
            fp.write_beUL(2)
            fp.write_leUL(3)
            fp.write_beUS(4)
        assert ours.getvalue() == theirs.getvalue()

    def test_exact_length_read(self):
        fp = DicomBytesIO(b"\x01\x02\x03")
        assert fp.read(2) == b"\x01\x02"
        with pytest.raises(EOFError, match=r"Unexpected end of file. Read 1 bytes of 4 expected starting at position 0x2"):
            fp.read(4, need_exact_length=True)
        assert DicomBytesIO(b"abc").read() == b"abc"

    def test_implicit_vr_flag(self):
        fp = DicomBytesIO()
        assert fp.is_implicit_VR is True
        fp.is_implicit_VR = False
        assert fp.is_implicit_VR is False
        assert fp.name == "<no filename>"


class TestDicomFileLike:
    def test_missing_methods_raise_oserror(self):
        class OnlyTell:
            def tell(self):
                return 0

            def close(self):
                pass

        fp = DicomFileLike(OnlyTell())
        with pytest.raises(OSError, match="has no read"):
            fp.read(1)
        with pytest.raises(OSError, match="has no write"):
            fp.write(b"x")
        with pytest.raises(OSError, match="has no seek"):
            fp.seek(0)

    def test_context_manager_closes(self):
        raw = io.BytesIO(b"abcd")
        with DicomFileLike(raw) as fp:
            assert fp.read(2) == b"ab"
        assert raw.closed

    def test_dicom_file(self, tmp_path):
        path = tmp_path / "x.bin"
        with DicomFile(path, "wb") as fp:
            fp.is_little_endian = True
            fp.write_UL(7)
            assert fp.name == str(path)
        assert path.read_bytes() == b"\x07\x00\x00\x00"
