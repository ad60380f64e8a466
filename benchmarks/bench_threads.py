"""Benchmark: the same work on one thread and on two, to show the GIL is released.

Each case splits a list of files between the threads of a pool (one thread,
then two) and times the whole list, interleaved round by round:

1. RLE Lossless decode: ``convert_pixel_data`` of 24 datasets read from CT
   files of 8 frames 512 x 512 int16 each (target: two threads >= 1.6x
   one); then the same from the files (``dcmread`` included), reported.
2. Native ``pixel_array`` of 24 uncompressed files of the same shape
   (4 MB of pixels each; target >= 1.6x).
3. Header reading: ``dcmread(stop_before_pixels=True)`` of 2,000 realistic
   headers with every value touched. Object construction holds the GIL, so
   this ratio is reported, not targeted.

Run on a machine with at least two cores:
``python benchmarks/bench_threads.py [--rounds N]``
"""

import argparse
import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench_pixels import ct_volume, dataset_for
from bench_read import make_sequence_header, touch
from harness import Case, compare

import dcmcore
from dcmcore.uid import RLELossless


def in_threads(pool, workers, work, items):
    """Do `work` on every item, the items split evenly between `workers` threads of `pool`."""
    chunks = [items[index::workers] for index in range(workers)]
    for result in pool.map(lambda chunk: [work(path) for path in chunk], chunks):
        assert len(result) > 0


def decode(ds):
    ds._pixel_array = None  # decoded again each time
    ds.convert_pixel_data("rle")
    return ds._pixel_array


def read_and_decode(path):
    ds = dcmcore.dcmread(path)
    ds.convert_pixel_data("rle")
    return ds.pixel_array


def native(path):
    return dcmcore.dcmread(path).pixel_array.sum(dtype="int64")  # every byte used


def header(path):
    touch(dcmcore.dcmread(path, stop_before_pixels=True))


def thread_cases(work, paths, one, two):
    return [
        Case("two threads", lambda: in_threads(two, 2, work, paths)),
        Case("one thread", lambda: in_threads(one, 1, work, paths)),
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds per case (default 5)")
    rounds = parser.parse_args().rounds
    if (os.cpu_count() or 1) < 2:
        print("note: fewer than two cores; the ratios below cannot show parallelism")
    with tempfile.TemporaryDirectory() as name, ThreadPoolExecutor(1) as one, ThreadPoolExecutor(2) as two:
        folder = Path(name)
        volume = ct_volume(nr_frames=8 * 24)
        rle_paths, native_paths = [], []
        for index in range(24):
            ds = dataset_for(volume[index * 8 : (index + 1) * 8], 1)
            native_paths.append(os.fspath(folder / f"native{index:02d}.dcm"))
            ds.save_as(native_paths[-1], write_like_original=False)
            ds.compress(RLELossless)
            rle_paths.append(os.fspath(folder / f"rle{index:02d}.dcm"))
            ds.save_as(rle_paths[-1], write_like_original=False)
        header_paths = []
        for index in range(2000):
            header_paths.append(os.fspath(folder / f"header{index:04d}.dcm"))
            make_sequence_header(index).save_as(header_paths[-1])

        rle_datasets = [dcmcore.dcmread(path) for path in rle_paths]
        for title, work, paths, target in (
            ("RLE decode, 24 datasets of 8x512x512 int16", decode, rle_datasets, 1.6),
            ("RLE file to array, 24 files of 8x512x512 int16", read_and_decode, rle_paths, None),
            ("native pixel_array, 24 files of 8x512x512 int16", native, native_paths, 1.6),
            ("header reading, 2,000 headers with 10 sequences, every value touched", header, header_paths, None),
        ):
            compare(title, thread_cases(work, paths, one, two), rounds=rounds, baseline="one thread", target=target)


if __name__ == "__main__":
    main()
