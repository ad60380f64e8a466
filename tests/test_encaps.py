"""Tests of dcmcore.encaps against pydicom 2.4.5's functions."""

import pytest

from dcmcore import encaps
from dcmcore.filebase import DicomBytesIO

FRAMES = [b"\xff\xd8" + bytes(range(13)) + b"\xff\xd9", b"\xff\xd8\x01\x02\xff\xd9", b"\xff\xd8" + b"\x07" * 30 + b"\xff\xd9"]


@pytest.fixture(scope="module")
def pyencaps():
    return pytest.importorskip("pydicom.encaps")


class TestEncapsulate:
    @pytest.mark.parametrize("fragments", [1, 2, 3])
    @pytest.mark.parametrize("has_bot", [True, False])
    def test_same_as_pydicom(self, pyencaps, fragments, has_bot):
        ours = encaps.encapsulate(FRAMES, fragments, has_bot)
        assert ours == pyencaps.encapsulate(FRAMES, fragments, has_bot)
        assert encaps.decode_data_sequence(ours) == pyencaps.decode_data_sequence(ours)
        assert encaps.defragment_data(ours) == pyencaps.defragment_data(ours)

    def test_extended(self, pyencaps):
        assert encaps.encapsulate_extended(FRAMES) == pyencaps.encapsulate_extended(FRAMES)

    @pytest.mark.parametrize("frame, count", [(b"abcde", 2), (b"abcdef", 3), (b"abc", 1), (b"abcdefg", 4)])
    def test_fragment_frame(self, pyencaps, frame, count):
        assert list(encaps.fragment_frame(frame, count)) == list(pyencaps.fragment_frame(frame, count))
        assert list(encaps.itemize_frame(frame, count)) == list(pyencaps.itemize_frame(frame, count))

    def test_too_many_fragments(self):
        with pytest.raises(ValueError, match="Too many fragments requested"):
            list(encaps.fragment_frame(b"abc", 3))


class TestGenerate:
    @pytest.mark.parametrize("has_bot", [True, False])
    @pytest.mark.parametrize("fragments", [1, 2])
    def test_frames(self, pyencaps, has_bot, fragments):
        data = encaps.encapsulate(FRAMES, fragments, has_bot)
        for nr_frames in (3, None):
            try:
                theirs = list(pyencaps.generate_pixel_data_frame(data, nr_frames))
            except ValueError as exc:
                with pytest.raises(ValueError, match="Unable to determine the frame boundaries"):
                    list(encaps.generate_pixel_data_frame(data, nr_frames))
                assert "Unable to determine" in str(exc)
                continue
            assert list(encaps.generate_pixel_data_frame(data, nr_frames)) == theirs
            assert list(encaps.generate_pixel_data(data, nr_frames)) == list(pyencaps.generate_pixel_data(data, nr_frames))

    def test_single_frame_of_many_fragments(self, pyencaps):
        data = encaps.encapsulate([FRAMES[2]], 4, False)
        assert list(encaps.generate_pixel_data_frame(data, 1)) == list(pyencaps.generate_pixel_data_frame(data, 1))

    def test_offsets_and_counts(self, pyencaps):
        data = encaps.encapsulate(FRAMES, 2, True)
        fp = DicomBytesIO(data)
        fp.is_little_endian = True
        theirs = pyencaps.DicomBytesIO(data)
        theirs.is_little_endian = True
        assert encaps.get_frame_offsets(fp) == pyencaps.get_frame_offsets(theirs)
        assert encaps.get_nr_fragments(fp) == pyencaps.get_nr_fragments(theirs) == 6
        assert list(encaps.generate_pixel_data_fragment(fp)) == list(pyencaps.generate_pixel_data_fragment(theirs))

    @pytest.mark.parametrize(
        "data, message",
        [
            (b"\xfe\xff\x0d\xe0\x00\x00\x00\x00", "Unexpected tag"),
            (b"\xfe\xff\x00\xe0\x03\x00\x00\x00abc", "not a multiple of 4"),
        ],
    )
    def test_bad_offset_table(self, data, message):
        fp = DicomBytesIO(data)
        fp.is_little_endian = True
        with pytest.raises(ValueError, match=message):
            encaps.get_frame_offsets(fp)

    def test_big_endian_refused(self):
        fp = DicomBytesIO(b"")
        fp.is_little_endian = False
        with pytest.raises(ValueError, match="must be True"):
            encaps.get_frame_offsets(fp)

    def test_undefined_fragment_length(self):
        fp = DicomBytesIO(b"\xfe\xff\x00\xe0\xff\xff\xff\xff")
        fp.is_little_endian = True
        with pytest.raises(ValueError, match="Undefined item length at offset 4"):
            encaps.get_nr_fragments(fp)
        fp.seek(0)
        with pytest.raises(ValueError, match="Undefined Length"):
            encaps.read_item(fp)

    def test_read_item(self):
        fp = DicomBytesIO(encaps.itemize_fragment(b"ab") + b"\xfe\xff\xdd\xe0\x00\x00\x00\x00")
        fp.is_little_endian = True
        assert encaps.read_item(fp) == b"ab"
        assert encaps.read_item(fp) is None
        assert encaps.read_item(fp) is None
