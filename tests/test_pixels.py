"""Frame-at-a-time access (dcmcore.pixels) and its guard against files that
change under a memory map."""

import os

import numpy as np
import pytest

import dcmcore
from dcmcore.data import get_testdata_file
from dcmcore.pixels import iter_frames, iter_pixels, pixel_array
from dcmcore.uid import RLELossless


@pytest.fixture
def native_multiframe(tmp_path):
    """An uncompressed 5-frame copy of the RLE example, big enough for its
    pixel data to be left in the file and mapped."""
    ds = dcmcore.dcmread(get_testdata_file("MR_multiframe_RLE.dcm"))
    ds.decompress()
    frames = np.concatenate([ds.pixel_array] * 20)[:50]
    ds.NumberOfFrames = len(frames)
    ds.PixelData = frames.tobytes()
    path = tmp_path / "native.dcm"
    ds.save_as(path)
    return path, frames


class TestIterFrames:
    def test_native_frames_from_a_path(self, native_multiframe):
        path, frames = native_multiframe
        got = list(iter_frames(path))
        assert len(got) == len(frames)
        for frame, expected in zip(got, frames):
            assert np.array_equal(frame, expected)

    def test_rle_frames_equal_the_whole_array(self):
        path = get_testdata_file("MR_multiframe_RLE.dcm")
        whole = dcmcore.dcmread(path).pixel_array
        assert [f.shape for f in iter_pixels(path)] == [whole.shape[1:]] * len(whole)
        assert np.array_equal(np.stack(list(iter_frames(path))), whole)

    def test_indices_negative_and_out_of_range(self, native_multiframe):
        path, frames = native_multiframe
        got = list(iter_frames(str(path), indices=[3, -1, 0]))
        assert np.array_equal(got[0], frames[3]) and np.array_equal(got[1], frames[-1])
        assert np.array_equal(pixel_array(path, index=-2), frames[-2])
        with pytest.raises(IndexError, match="There is no frame 50: the pixel data has 50 frames"):
            pixel_array(path, index=50)

    def test_dataset_and_file_object(self, native_multiframe):
        path, frames = native_multiframe
        with open(path, "rb") as fp:
            assert np.array_equal(pixel_array(fp, index=7), frames[7])
        ds = dcmcore.dcmread(path)
        assert np.array_equal(pixel_array(ds, index=4), frames[4])
        assert np.array_equal(pixel_array(path), frames)

    def test_deferred_dataset(self, native_multiframe):
        # a dataset read with defer_size reads its deferred pixel data itself
        path, frames = native_multiframe
        ds = dcmcore.dcmread(path, defer_size=1024)
        assert np.array_equal(pixel_array(ds, index=9), frames[9])

    def test_no_pixel_data(self):
        with pytest.raises(AttributeError, match="Unable to convert the pixel data"):
            pixel_array(get_testdata_file("rtplan.dcm"), index=0)


class TestChangedFile:
    def test_truncated_while_iterating(self, native_multiframe):
        path, frames = native_multiframe
        frames_read = iter_frames(path)
        assert np.array_equal(next(frames_read), frames[0])
        with open(path, "r+b") as fp:
            fp.truncate(os.path.getsize(path) // 2)
        with pytest.raises(OSError, match="changed while its pixel data was being read"):
            next(frames_read)

    def test_rewritten_while_iterating(self, native_multiframe):
        path, frames = native_multiframe
        frames_read = iter_frames(path)
        next(frames_read)
        data = path.read_bytes()
        os.utime(path, ns=(0, 0))  # same size, other modification time
        assert path.read_bytes() == data
        with pytest.raises(OSError, match="changed"):
            next(frames_read)

    def test_replaced_after_the_header_was_read(self, native_multiframe, monkeypatch):
        path, _ = native_multiframe
        import dcmcore.pixels as pixels

        read = pixels.dcmread

        def read_then_replace(*args, **kwargs):
            ds = read(*args, **kwargs)
            other = dcmcore.dcmread(get_testdata_file("CT_small.dcm"))
            other.save_as(path)  # an atomic save: a new file under the same name
            return ds

        monkeypatch.setattr(pixels, "dcmread", read_then_replace)
        with pytest.raises(OSError, match="changed"):
            pixel_array(path, index=0)


class TestDeferredReadOfAChangedFile:
    @pytest.fixture
    def deferred(self, tmp_path):
        path = tmp_path / "ct.dcm"
        dcmcore.dcmread(get_testdata_file("CT_small.dcm")).save_as(path)
        return path, dcmcore.dcmread(path, defer_size=1024)

    def test_rewritten_with_other_lengths(self, deferred):
        path, ds = deferred
        other = dcmcore.dcmread(path)
        other.PixelData = other.PixelData[:-2]
        other.save_as(path)
        with pytest.warns(UserWarning, match="file modification time has changed"):
            with pytest.raises(ValueError, match=r"does not match the original 32768: the file changed"):
                ds.PixelData

    def test_truncated(self, deferred):
        path, ds = deferred
        with open(path, "r+b") as fp:
            fp.truncate(os.path.getsize(path) - 10)
        with pytest.warns(UserWarning):
            with pytest.raises(ValueError, match="the file ends after 32758 of its 32768 bytes"):
                ds.PixelData

    def test_vanished(self, deferred):
        path, ds = deferred
        path.unlink()
        with pytest.raises(OSError, match="is missing"):
            ds.PixelData

    def test_touched_only_warns_as_pydicom_does(self, deferred):
        path, ds = deferred
        expected = dcmcore.dcmread(path).PixelData
        os.utime(path, ns=(0, 0))
        with pytest.warns(UserWarning, match="Deferred read warning -- file modification time has changed"):
            assert ds.PixelData == expected
