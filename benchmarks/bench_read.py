"""Benchmark: reading DICOM files with dcmcore, pydicom 2.4.5 and dicomsdl.

1. 2,000 realistic header files (about 150 elements each, private elements)
   read with ``stop_before_pixels`` and every value touched recursively:
   with 3 sequences, and with 10 (defined and undefined lengths mixed, 1 to
   3 items, nested one level); target >= 22x pydicom for both.
2. An enhanced MR header of 1,000 frames (Per-frame Functional Groups, about
   9,000 sequences): read with every value touched (target >= 20x), and
   ``dcmread`` alone (target >= 50x).
3. Parse throughput in MB/s beside a plain memory copy of the same bytes.
4. A 150 MB multi-frame file: time to read it and touch Pixel Data, and the
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
from typing import List

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


def _coded(value: str, scheme: str, meaning: str) -> Dataset:
    item = Dataset()
    item.CodeValue = value
    item.CodingSchemeDesignator = scheme
    item.CodeMeaning = meaning
    return item


def _sequence(items, undefined: bool = False) -> Sequence:
    sequence = Sequence(items)
    if undefined:
        for item in sequence:
            item.is_undefined_length_sequence_item = True
    return sequence


def make_sequence_header(index: int) -> Dataset:
    """A CT header of about 155 elements with 10 sequences (defined and
    undefined lengths mixed, 1 to 3 items, nested one level)."""
    ds = make_header(index)
    # fewer private elements, so that the element count stays about the same
    for tag in [tag for tag in ds.keys() if tag.group in (0x0019, 0x0021) and tag.element & 0xFF >= 8]:
        if ds[tag].VR != "SQ":
            del ds[tag]
    region = _coded("T-D4000", "SRT", "Abdomen")
    region.AnatomicRegionModifierSequence = _sequence([_coded("G-A101", "SRT", "Left")], undefined=True)
    ds.AnatomicRegionSequence = _sequence([region], undefined=True)
    ds["AnatomicRegionSequence"].is_undefined_length = True
    ds["AnatomicRegionSequence"].value[0]["AnatomicRegionModifierSequence"].is_undefined_length = True
    requests = []
    for number in range(2):
        item = Dataset()
        item.RequestedProcedureID = f"RP{number}"
        item.ScheduledProcedureStepID = f"SPS{number}"
        item.ScheduledProcedureStepDescription = "CT abdomen"
        requests.append(item)
    ds.RequestAttributesSequence = _sequence(requests, undefined=True)
    ds["RequestAttributesSequence"].is_undefined_length = True
    study = Dataset()
    study.ReferencedSOPClassUID = "1.2.840.10008.3.1.2.3.1"
    study.ReferencedSOPInstanceUID = f"1.2.3.5.{index}"
    ds.ReferencedStudySequence = _sequence([study])
    sources = []
    for number in range(2):
        item = Dataset()
        item.ReferencedSOPClassUID = "1.2.840.10008.5.1.4.1.1.2"
        item.ReferencedSOPInstanceUID = f"1.2.3.6.{index}.{number}"
        sources.append(item)
    ds.SourceImageSequence = _sequence(sources, undefined=True)
    ds.CTDIPhantomTypeCodeSequence = _sequence([_coded("113691", "DCM", "IEC Body Dosimetry Phantom")])
    ds["CTDIPhantomTypeCodeSequence"].is_undefined_length = True
    return ds


def make_enhanced_mr(frames: int = 1000) -> Dataset:
    """An enhanced MR header: Shared and Per-frame Functional Groups, one
    per-frame item per frame with 6 functional group sequences of one item
    (3 of them with a nested code or vector sequence: 9 sequences a frame),
    all of undefined length as many scanners write them."""
    ds = make_header(0)
    ds.SOPClassUID = "1.2.840.10008.5.1.4.1.1.4.1"
    ds.Modality = "MR"
    ds.NumberOfFrames = str(frames)

    def group(**values) -> Sequence:
        item = Dataset()
        for keyword, value in values.items():
            setattr(item, keyword, value)
        return _sequence([item], undefined=True)

    shared = Dataset()
    shared.PixelMeasuresSequence = group(PixelSpacing=["0.9375", "0.9375"], SliceThickness="5")
    shared.MRImagingModifierSequence = group(
        PixelBandwidth="260", MagnetizationTransfer="NONE", BloodSignalNulling="NO", Tagging="NONE"
    )
    shared.MRReceiveCoilSequence = group(ReceiveCoilName="HeadNeck_20", ReceiveCoilType="MULTICOIL")
    shared.MRTransmitCoilSequence = group(TransmitCoilName="Body", TransmitCoilType="BODY")
    per_frame = []
    for frame in range(frames):
        item = Dataset()
        item.FrameContentSequence = group(
            FrameAcquisitionNumber=frame // 20 + 1,
            FrameReferenceDateTime="20240115101500.000000",
            FrameAcquisitionDateTime="20240115101500.000000",
            FrameAcquisitionDuration=2500.0,
            StackID="1",
            InStackPositionNumber=frame % 20 + 1,
            DimensionIndexValues=[1, frame % 20 + 1, frame // 20 + 1],
        )
        item.PlanePositionSequence = group(ImagePositionPatient=["-120", "-110.5", f"{frame % 20 * 5.0 - 50:.1f}"])
        item.PlaneOrientationSequence = group(ImageOrientationPatient=["1", "0", "0", "0", "1", "0"])
        anatomy = group(FrameLaterality="U")
        anatomy[0].AnatomicRegionSequence = _sequence([_coded("T-A0100", "SRT", "Brain")], undefined=True)
        item.FrameAnatomySequence = anatomy
        diffusion = group(DiffusionBValue=float(frame % 4 * 500), DiffusionDirectionality="DIRECTIONAL")
        diffusion[0].DiffusionGradientDirectionSequence = group(DiffusionGradientOrientation=[1.0, 0.0, 0.0])
        item.MRDiffusionSequence = diffusion
        mapping = group(
            RealWorldValueIntercept=0.0,
            RealWorldValueSlope=1.0,
            LUTExplanation="mm2/s",
            LUTLabel="ADC",
            RealWorldValueFirstValueMapped=0,
            RealWorldValueLastValueMapped=4095,
        )
        mapping[0].MeasurementUnitsCodeSequence = _sequence([_coded("mm2/s", "UCUM", "mm2/s")], undefined=True)
        item.RealWorldValueMappingSequence = mapping
        per_frame.append(item)
    ds.SharedFunctionalGroupsSequence = _sequence([shared], undefined=True)
    ds.PerFrameFunctionalGroupsSequence = _sequence(per_frame, undefined=True)
    for elem in ds.iterall():
        if elem.VR == "SQ" and elem.tag.group != 0x0019:
            elem.is_undefined_length = True
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


def _write_files(make, count: int, workdir: Path, prefix: str) -> List[str]:
    paths = []
    for index in range(count):
        path = workdir / f"{prefix}{index:05d}.dcm"
        make(index).save_as(path)
        paths.append(os.fspath(path))
    return paths


def _touch_dicomsdl(ds) -> None:
    import dicomsdl

    for elem in ds:
        elem.value()
        if elem.vr == dicomsdl.VR.SQ:
            for item in elem.toSequence():
                _touch_dicomsdl(item)


def _read_cases(paths: List[str], touched: bool = True, **options) -> List[Case]:
    """dcmcore, pydicom and (if installed) dicomsdl reading `paths`, every
    value touched recursively unless `touched` is False."""
    import pydicom

    def reader(read):
        if touched:
            return lambda: read_all(lambda p: read(p, **options), paths)
        return lambda: [read(p, **options) for p in paths]

    cases = [Case("dcmcore", reader(dcmcore.dcmread)), Case("pydicom", reader(pydicom.dcmread))]
    try:
        import dicomsdl
    except ImportError:
        print("(dicomsdl not installed: pip install dicomsdl)")
    else:
        if touched:
            cases.append(Case("dicomsdl", lambda: [_touch_dicomsdl(dicomsdl.open(p)) for p in paths]))
        else:
            cases.append(Case("dicomsdl", lambda: [dicomsdl.open(p) for p in paths]))
    return cases


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="dcmcore-bench-"))
    paths = _write_files(make_header, NR_FILES, workdir, "three-")
    sequence_paths = _write_files(make_sequence_header, NR_FILES, workdir, "ten-")
    enhanced = _write_files(lambda index: make_enhanced_mr(1000), 1, workdir, "enhanced-")
    for label, files in (("3 sequences", paths), ("10 sequences", sequence_paths)):
        sample = dcmcore.dcmread(files[0], stop_before_pixels=True)
        print(f"{NR_FILES} files with {label}: {count_elements(sample)} elements each (with nested), "
              f"{sum(os.path.getsize(path) for path in files) / NR_FILES / 1024:.1f} KiB each")
    sample = dcmcore.dcmread(enhanced[0])
    sequences = sum(1 for elem in sample.iterall() if elem.VR == "SQ")
    print(f"enhanced MR header: 1,000 frames, {count_elements(sample)} elements, {sequences} sequences, "
          f"{os.path.getsize(enhanced[0]) / 1e6:.2f} MB")
    del sample

    compare("read 2,000 header files (3 sequences), touch every value",
            _read_cases(paths, stop_before_pixels=True), rounds=3, target=22)
    compare("read 2,000 header files (10 sequences), touch every value",
            _read_cases(sequence_paths, stop_before_pixels=True), rounds=3, target=22)
    compare("read an enhanced MR header (1,000 frames), touch every value",
            _read_cases(enhanced), rounds=5, target=20)
    compare("dcmread an enhanced MR header (1,000 frames), nothing touched",
            _read_cases(enhanced, touched=False), rounds=7, target=50)

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
