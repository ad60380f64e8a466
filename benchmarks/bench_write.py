"""Benchmark: writing DICOM files with dcmcore and pydicom 2.4.5.

1. dcmwrite of datasets whose values were all accessed (decoded): 200
   headers with 3 sequences, 200 with 10, and an enhanced MR header of
   1,000 frames (about 9,000 sequences); dcmcore vs pydicom (target >= 12x).
2. dcmwrite of datasets written as read (raw elements copied): dcmcore vs
   pydicom, to memory, and dcmcore vs a plain file write of the same bytes
   (target within 2x).

Run: ``python benchmarks/bench_write.py``
"""

import io
import os
import tempfile

from harness import Case, compare

import dcmcore
from bench_read import make_enhanced_mr, make_header, make_sequence_header, touch

NR_DATASETS = 200


def main() -> None:
    import pydicom

    workdir = tempfile.mkdtemp(prefix="dcmcore-bench-write-")
    paths = []
    for index in range(NR_DATASETS):
        path = os.path.join(workdir, f"{index:04d}.dcm")
        make_header(index).save_as(path)
        paths.append(path)

    def write_all(module, datasets):
        for ds in datasets:
            module.dcmwrite(io.BytesIO(), ds)

    sequence_paths = []
    for index in range(NR_DATASETS):
        path = os.path.join(workdir, f"ten-{index:04d}.dcm")
        make_sequence_header(index).save_as(path)
        sequence_paths.append(path)
    enhanced = os.path.join(workdir, "enhanced.dcm")
    make_enhanced_mr(1000).save_as(enhanced)
    for title, files in (
        (f"dcmwrite {NR_DATASETS} decoded datasets (3 sequences)", paths),
        (f"dcmwrite {NR_DATASETS} decoded datasets (10 sequences)", sequence_paths),
        ("dcmwrite a decoded enhanced MR header (1,000 frames)", [enhanced]),
    ):
        ours = [dcmcore.dcmread(path) for path in files]
        theirs = [pydicom.dcmread(path) for path in files]
        for ds in ours + theirs:
            touch(ds)
        compare(
            title,
            [Case("dcmcore", lambda: write_all(dcmcore, ours)), Case("pydicom", lambda: write_all(pydicom, theirs))],
            rounds=5,
            target=12,
        )
        del ours, theirs

    as_read = [dcmcore.dcmread(path) for path in paths]
    theirs_as_read = [pydicom.dcmread(path) for path in paths]
    compare(
        f"dcmwrite {NR_DATASETS} datasets as read, to memory",
        [
            Case("dcmcore", lambda: write_all(dcmcore, as_read)),
            Case("pydicom", lambda: write_all(pydicom, theirs_as_read)),
        ],
        rounds=5,
    )

    blobs = [open(path, "rb").read() for path in paths]
    # one output file per contender, rewritten for every dataset
    ours_out = os.path.join(workdir, "dcmcore.dcm")
    plain_out = os.path.join(workdir, "plain.dcm")

    def write_as_read():
        for ds in as_read:
            dcmcore.dcmwrite(ours_out, ds)

    def plain_write():
        for blob in blobs:
            with open(plain_out, "wb") as fp:
                fp.write(blob)

    compare(
        f"dcmwrite {NR_DATASETS} datasets as read, to files",
        [Case("dcmcore", write_as_read), Case("plain file write", plain_write)],
        rounds=9,
        baseline="plain file write",
    )
    print("(the ratio above is plain-write time / dcmcore time; target >= 0.5, i.e. within 2x;")
    print(" file system time dominates both on a slow disk: the memory case shows dcmcore's own cost)")


if __name__ == "__main__":
    main()
