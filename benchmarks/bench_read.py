"""Benchmark: reading DICOM files with dcmcore, pydicom 2.4.5 and dicomsdl.

1. 2,000 realistic header files (about 150 elements each, nested sequences,
   private elements) read with ``stop_before_pixels`` and every value
   touched recursively (target >= 20x pydicom).
2. Parse throughput in MB/s beside a plain memory copy of the same bytes.
3. A 150 MB multi-frame file: time to read it and touch Pixel Data, and the
   extra peak memory, each measured in a fresh subprocess beside reading the
   file's bytes (targets: time within 1.5x, extra memory <= 1.2x the pixel
   bytes).

Run: ``python benchmarks/bench_read.py``
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness import Case, compare

import dcmcore
from dcmcore.data import get_testdata_file
from dcmcore.dataset import Dataset
from dcmcore.sequence import Sequence

NR_FILES = 2000


def make_header(index: int) -> Dataset:
    """A CT header of about 150 elements with nested and private sequences."""
    ds = dcmcore.dcmread(get_testdata_file("CT_small.dcm"), stop_before_pixels=True)
    ds.SOPInstanceUID = f"{ds.SOPInstanceUID}.{index}"
    ds.InstanceNumber = str(index)
    references = []
    for number in range(3):
        item = Dataset()
        item.ReferencedSOPClassUID = "1.2.840.10008.5.1.4.1.1.2"
        item.ReferencedSOPInstanceUID = f"1.2.3.4.{index}.{number}"
        references.append(item)
    ds.ReferencedImageSequence = Sequence(references)
    code = Dataset()
    code.CodeValue = "CTABD"
    code.CodingSchemeDesignator = "LOCAL"
    code.CodeMeaning = "CT abdomen"
    modifier = Dataset()
    modifier.CodeValue = "W"
    modifier.CodingSchemeDesignator = "LOCAL"
    modifier.CodeMeaning = "with contrast"
    code.ModifierCodeSequence = Sequence([modifier])
    ds.ProcedureCodeSequence = Sequence([code])
    ds["ProcedureCodeSequence"].is_undefined_length = True
    block = ds.private_block(0x0019, "DCMCORE BENCH", create=True)
    for offset in range(1, 25):
        block.add_new(offset, "DS" if offset % 2 else "LO", f"{offset}.5" if offset % 2 else f"value {offset}")
    item = Dataset()
    item.PatientID = "inner"
    item.SeriesDescription = "private item"
    block.add_new(0x30, "SQ", Sequence([item]))
    ds.ImagesInAcquisition = "120"
    ds.ImageComments = "benchmark header"
    ds.DeviceSerialNumber = "SN-0042"
    ds.SpacingBetweenSlices = "1.25"
    ds.ContrastBolusRoute = "IV"
    block = ds.private_block(0x0021, "DCMCORE BENCH 2", create=True)
    for offset in range(1, 15):
        vr = ("US", "SH", "DS")[offset % 3]
        block.add_new(offset, vr, offset if vr == "US" else (f"{offset}.25" if vr == "DS" else f"text {offset}"))
    ds.OperatorsName = "Operator^One"
    ds.ProtocolName = "Abdomen routine"
    ds.ContrastBolusAgent = "Iodine"
    ds.RequestedProcedureDescription = "CT abdomen with contrast"
    ds.PerformedProcedureStepStartDate = "20240115"
    ds.PerformedProcedureStepStartTime = "101500"
    ds.PerformedProcedureStepID = "PPS1"
    ds.PerformedProcedureStepDescription = "CT abdomen"
    ds.Rows = ds.Columns = 2
    ds.add_new(0x7FE00010, "OW", b"\0" * 8)  # Pixel Data
    return ds


def count_elements(ds: Dataset) -> int:
    total = 0
    for elem in ds:
        total += 1
        if elem.VR == "SQ":
            total += sum(count_elements(item) for item in elem.value)
    return total


def touch(ds) -> None:
    """Access every value, recursing into sequences (same loop for all)."""
    for elem in ds:
        value = elem.value
        if elem.VR == "SQ":
            for item in value:
                touch(item)


def read_all(read, paths) -> None:
    for path in paths:
        touch(read(path))


def main() -> None:
    import pydicom

    workdir = Path(tempfile.mkdtemp(prefix="dcmcore-bench-"))
    paths = []
    for index in range(NR_FILES):
        path = workdir / f"{index:05d}.dcm"
        make_header(index).save_as(path)
        paths.append(os.fspath(path))
    sample = dcmcore.dcmread(paths[0], stop_before_pixels=True)
    total_bytes = sum(os.path.getsize(path) for path in paths)
    print(f"{NR_FILES} files, {count_elements(sample)} elements each (with nested), "
          f"{total_bytes / NR_FILES / 1024:.1f} KiB each")

    cases = [
        Case("dcmcore", lambda: read_all(lambda p: dcmcore.dcmread(p, stop_before_pixels=True), paths)),
        Case("pydicom", lambda: read_all(lambda p: pydicom.dcmread(p, stop_before_pixels=True), paths)),
    ]
    try:
        import dicomsdl

        def read_dicomsdl(path):
            return dicomsdl.open(path)

        def touch_dicomsdl(ds):
            for elem in ds:
                value = elem.value()
                if elem.vr == dicomsdl.VR.SQ:
                    for item in elem.toSequence():
                        touch_dicomsdl(item)

        cases.append(Case("dicomsdl", lambda: [touch_dicomsdl(read_dicomsdl(p)) for p in paths]))
    except ImportError:
        print("(dicomsdl not installed: pip install dicomsdl)")
    compare("read 2,000 header files, touch every value", cases, rounds=3, target=20)

    # parse throughput beside a memory copy
    blobs = [open(path, "rb").read() for path in paths[:500]]
    import io

    megabytes = sum(len(blob) for blob in blobs) / 1e6

    def parse():
        for blob in blobs:
            dcmcore.dcmread(io.BytesIO(blob))

    def copy():
        for blob in blobs:
            bytearray(blob)

    parse_time, copy_time = compare(
        "parse 500 files from memory (no value access)",
        [Case("dcmcore parse", parse), Case("memory copy", copy)],
        rounds=5,
        baseline=None,
    )
    print(f"  dcmcore parse: {megabytes / parse_time:8.1f} MB/s; memory copy: {megabytes / copy_time:8.1f} MB/s")

    big_file(workdir)


_MEASURE = r"""
import sys, time
def status(key):
    # VmHWM (peak) and VmRSS of this process; unlike ru_maxrss, VmHWM is not
    # inherited from the parent that forked us
    with open("/proc/self/status") as fp:
        for line in fp:
            if line.startswith(key):
                return int(line.split()[1]) * 1024
mode, path = sys.argv[1], sys.argv[2]
if mode == "dcmcore":
    import dcmcore
    read = dcmcore.dcmread  # resolve the lazy import before timing
elif mode == "pydicom":
    import pydicom
    read = pydicom.dcmread
base = status("VmRSS")
start = time.perf_counter()
if mode == "raw":
    with open(path, "rb") as fp:
        data = fp.read()
    size = len(data)
else:
    ds = read(path)
    size = len(ds.PixelData)
elapsed = time.perf_counter() - start
peak = status("VmHWM")
print(elapsed, peak - base, size)
"""


def big_file(workdir: Path) -> None:
    """A 150 MB multi-frame file read in fresh processes."""
    ds = make_header(0)
    ds.NumberOfFrames = "300"
    ds.Rows = ds.Columns = 512
    ds.BitsAllocated = ds.BitsStored = 16
    ds.HighBit = 15
    ds.add_new(0x7FE00010, "OW", bytes(range(256)) * (300 * 512 * 512 * 2 // 256))
    path = workdir / "multiframe.dcm"
    ds.save_as(path)
    del ds
    results = {}
    for mode in ("raw", "dcmcore", "pydicom"):
        runs = []
        for _ in range(3):
            out = subprocess.run(
                [sys.executable, "-c", _MEASURE, mode, os.fspath(path)],
                capture_output=True,
                text=True,
                check=True,
                cwd=workdir,  # not a source tree, whose dcmcore/ would shadow the installed one
            ).stdout.split()
            runs.append((float(out[0]), int(out[1]), int(out[2])))
        runs.sort()
        results[mode] = runs[1]
    pixel_bytes = results["dcmcore"][2]
    print(f"\n== 150 MB multi-frame file ({os.path.getsize(path) / 1e6:.0f} MB, {pixel_bytes / 1e6:.0f} MB of pixels)")
    for mode, (elapsed, extra, _) in results.items():
        print(f"  {mode:<10} {elapsed * 1000:8.1f} ms  extra peak RSS {extra / 1e6:7.1f} MB"
              f" ({extra / pixel_bytes:.2f}x the pixel bytes)")
    print(f"RATIO read 150 MB file: dcmcore time is {results['dcmcore'][0] / results['raw'][0]:.2f}x "
          f"reading the raw bytes (target <= 1.5x); extra RSS {results['dcmcore'][1] / pixel_bytes:.2f}x "
          f"the pixel bytes (target <= 1.2x); pydicom {results['pydicom'][1] / pixel_bytes:.2f}x")


if __name__ == "__main__":
    start = time.time()
    main()
    print(f"(total {time.time() - start:.0f} s)")
