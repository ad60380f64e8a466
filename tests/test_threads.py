"""Thread safety: work spread over threads gives what one thread gives.

Each test runs the same work once in this thread and then many times at
once in 8 threads that start together (and switch often), and compares."""

import copy
import itertools
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

import dcmcore
from dcmcore import config
from dcmcore.data import get_testdata_file, get_testdata_files
from dcmcore.uid import RLELossless

THREADS = 8


@pytest.fixture(autouse=True)
def switch_often():
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)
    yield
    sys.setswitchinterval(interval)


def in_threads(work, items):
    """``work(item)`` for every item, `THREADS` at a time, all released at once."""
    barrier = threading.Barrier(THREADS, timeout=120)

    def start(item):
        barrier.wait()
        return work(item)

    rounds = [items[index : index + THREADS] for index in range(0, len(items), THREADS)]
    results = []
    with ThreadPoolExecutor(THREADS) as pool:
        for batch in rounds:
            batch = list(itertools.islice(itertools.cycle(batch), THREADS))  # every thread waits at the barrier
            results.extend(pool.map(start, batch))
    return results


def everything(ds):
    """A text that changes if any value, nested ones included, differs."""
    return str(ds) + repr(ds.to_json_dict()) + repr([elem.value for elem in ds.iterall()])


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    paths = list(get_testdata_files())
    folder = tmp_path_factory.mktemp("threads")
    rle = dcmcore.dcmread(get_testdata_file("CT_small.dcm"))
    rle.compress(RLELossless)
    rle.save_as(folder / "ct_rle.dcm")
    paths.append(str(folder / "ct_rle.dcm"))
    return paths


class TestThreads:
    def test_reading_different_files(self, files):
        expected = {path: everything(dcmcore.dcmread(path)) for path in files}
        paths = files * 4
        got = in_threads(lambda path: (path, everything(dcmcore.dcmread(path))), paths)
        assert len(got) >= len(paths)
        for path, text in got:
            assert text == expected[path], path

    def test_converting_one_dataset_from_every_thread(self, files):
        # raw elements of one dataset converted by whichever thread is first
        for path in files:
            expected = everything(dcmcore.dcmread(path))
            ds = dcmcore.dcmread(path)
            assert set(in_threads(lambda _: everything(ds), list(range(THREADS)))) == {expected}

    def test_deep_copies(self, files):
        sources = [dcmcore.dcmread(path) for path in files]
        expected = [everything(ds) for ds in sources]
        copies = in_threads(lambda index: (index, copy.deepcopy(sources[index])), list(range(len(sources))) * 2)
        for index, ds in copies:
            assert everything(ds) == expected[index]
            assert ds is not sources[index]
            for sequence in (elem.value for elem in ds.iterall() if elem.VR == "SQ"):
                for item in sequence:
                    assert item.parent_seq() is sequence  # links point into the copy (a weak reference, as in pydicom 2.4)

    @pytest.mark.parametrize("decoding_threads", [1, 2])
    def test_rle_decoding(self, decoding_threads, monkeypatch):
        monkeypatch.setattr(config.settings, "decoding_threads", decoding_threads)
        paths = [get_testdata_file("MR_multiframe_RLE.dcm")]
        expected = dcmcore.dcmread(paths[0]).pixel_array

        def decode(path):
            ds = dcmcore.dcmread(path)
            ds.convert_pixel_data("rle")
            return ds.pixel_array

        arrays = in_threads(decode, paths * THREADS * 2)
        assert all(np.array_equal(arr, expected) for arr in arrays)

    def test_rle_encoding(self):
        ds = dcmcore.dcmread(get_testdata_file("CT_small.dcm"))
        expected = copy.deepcopy(ds)
        expected.compress(RLELossless)

        def encode(_):
            other = copy.deepcopy(ds)
            other.compress(RLELossless)
            return other.PixelData

        assert set(in_threads(encode, list(range(THREADS * 2)))) == {expected.PixelData}

    def test_native_pixels_overlays_waveforms(self):
        work = {
            "CT_small.dcm": lambda ds: ds.pixel_array.tobytes(),
            "RGB_small.dcm": lambda ds: ds.pixel_array.tobytes(),
            "SC_1bit.dcm": lambda ds: ds.pixel_array.tobytes(),
            "MR_overlay.dcm": lambda ds: ds.overlay_array(0x6000).tobytes(),
            "ECG_12lead.dcm": lambda ds: ds.waveform_array(0).tobytes(),
        }
        expected = {name: task(dcmcore.dcmread(get_testdata_file(name))) for name, task in work.items()}
        names = list(work) * 4
        got = in_threads(lambda name: (name, work[name](dcmcore.dcmread(get_testdata_file(name)))), names)
        for name, value in got:
            assert value == expected[name], name

    def test_writing(self, files, tmp_path):
        datasets = {path: dcmcore.dcmread(path) for path in files}
        expected = {}
        for path, ds in datasets.items():
            out = tmp_path / "one.dcm"
            ds.save_as(out)
            expected[path] = out.read_bytes()

        def write(item):
            index, path = item
            out = tmp_path / f"{index}.dcm"
            copy.deepcopy(datasets[path]).save_as(out)
            return path, out.read_bytes()

        for path, data in in_threads(write, list(enumerate(files * 2))):
            assert data == expected[path], path

    def test_json_and_xml(self, files):
        path = get_testdata_file("rtplan.dcm")
        ds = dcmcore.dcmread(path)
        json_text, xml_text = ds.to_json(), ds.to_xml()

        def round_trip(_):
            again = dcmcore.Dataset.from_json(json_text)
            return again.to_json(), dcmcore.Dataset.from_xml(xml_text).to_xml()

        assert set(in_threads(round_trip, list(range(THREADS)))) == {(json_text, xml_text)}
