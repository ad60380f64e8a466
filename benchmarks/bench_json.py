"""Benchmark: DICOM JSON (to_json_dict, from_json) and XML (to_xml), dcmcore vs anchors.

Data, made with pydicom once and kept in the temp folder:

* a large RT Structure Set: 100 ROIs x 200 contours x 30 points, i.e.
  20,000 ContourData values of 90 DS numbers (1.8 million in all);
* 200 CT-like headers of about 150 elements each (nested sequences, private
  blocks, every common VR), all different.

Cases (issue 5 asks for >= 10x pydicom 2.4.5 on each JSON one):

* to_json_dict of a freshly read dataset (values still raw, as after dcmread);
* from_json of the dict that pydicom's to_json_dict gives;
* to_xml of the RT set (read + to_xml) against DCMTK's ``dcm2xml -nat +Eb``
  (which also reads the file), when DCMTK is installed.

Peak memory (tracemalloc, one run outside the timing) is printed beside each
ratio. Run: ``python benchmarks/bench_json.py [--quick]``.
"""

import os
import random
import shutil
import subprocess
import sys
import tempfile
import tracemalloc
from pathlib import Path

from harness import Case, compare

import dcmcore
import pydicom
from pydicom.dataset import Dataset as PydicomDataset
from pydicom.dataset import FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian

DATA = Path(tempfile.gettempdir()) / "dcmcore_bench_json_v1"
RT_FILE = DATA / "rtstruct_20000_contours.dcm"
HEADER_DIR = DATA / "headers"
NR_HEADERS = 200


def _file_meta(sop_class: str, sop_instance: str) -> FileMetaDataset:
    meta = FileMetaDataset()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    meta.MediaStorageSOPClassUID = sop_class
    meta.MediaStorageSOPInstanceUID = sop_instance
    return meta


def _save(ds: PydicomDataset, path: Path) -> None:
    ds.is_little_endian = True
    ds.is_implicit_VR = False
    ds.save_as(str(path), write_like_original=False)


def make_rt_structure_set(path: Path, nr_rois=100, nr_contours=200, nr_points=30) -> None:
    """Write the RT Structure Set: nr_rois x nr_contours closed contours."""
    rng = random.Random(5)
    ds = PydicomDataset()
    ds.file_meta = _file_meta("1.2.840.10008.5.1.4.1.1.481.3", "1.2.826.0.1.3680043.8.498.1")
    ds.SOPClassUID = ds.file_meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID
    ds.Modality = "RTSTRUCT"
    ds.PatientName = "Doe^John"
    ds.PatientID = "RT0001"
    ds.StructureSetLabel = "Bench"
    rois = []
    for roi_number in range(1, nr_rois + 1):
        roi = PydicomDataset()
        roi.ROIDisplayColor = [255, 0, 0]
        roi.ReferencedROINumber = roi_number
        contours = []
        for contour_number in range(nr_contours):
            contour = PydicomDataset()
            contour.ContourGeometricType = "CLOSED_PLANAR"
            contour.NumberOfContourPoints = nr_points
            z = f"{contour_number * 2.5:.1f}"
            points = []
            for _ in range(nr_points):
                points += [f"{rng.uniform(-250, 250):.2f}", f"{rng.uniform(-250, 250):.2f}", z]
            contour.ContourData = points
            contours.append(contour)
        roi.ContourSequence = contours
        rois.append(roi)
    ds.ROIContourSequence = rois
    _save(ds, path)


def make_header(index: int) -> PydicomDataset:
    """Return a CT-like header of about 150 elements, different for each index."""
    rng = random.Random(index)
    uid = f"1.2.826.0.1.3680043.8.498.{index + 1}"
    ds = PydicomDataset()
    ds.file_meta = _file_meta("1.2.840.10008.5.1.4.1.1.2", uid + ".1")
    ds.SpecificCharacterSet = "ISO_IR 100"
    ds.ImageType = ["ORIGINAL", "PRIMARY", "AXIAL"]
    ds.InstanceCreationDate = "20240102"
    ds.InstanceCreationTime = "101112.123"
    ds.SOPClassUID = "1.2.840.10008.5.1.4.1.1.2"
    ds.SOPInstanceUID = uid + ".1"
    for keyword, value in (
        ("StudyDate", "20240102"), ("SeriesDate", "20240102"), ("AcquisitionDate", "20240102"),
        ("ContentDate", "20240102"), ("StudyTime", "101010"), ("SeriesTime", "101011.5"),
        ("AcquisitionTime", "101012.25"), ("ContentTime", "101013"), ("AccessionNumber", f"A{index:07d}"),
        ("Modality", "CT"), ("Manufacturer", "ACME Medical"), ("InstitutionName", "General Hospital"),
        ("InstitutionAddress", "1 Main Street, Springfield"), ("ReferringPhysicianName", "Smith^Anne^^Dr"),
        ("StationName", "CT01"), ("StudyDescription", "CT CHEST W CONTRAST"),
        ("SeriesDescription", "AXIAL 1.25MM"), ("InstitutionalDepartmentName", "Radiology"),
        ("PerformingPhysicianName", ["Jones^Bob", "Lee^Kim"]), ("OperatorsName", "Tech^One"),
        ("ManufacturerModelName", "Scanner 9000"), ("PatientName", f"Patient^{index}^Q"),
        ("PatientID", f"P{index:06d}"), ("PatientBirthDate", "19700101"), ("PatientSex", "F"),
        ("PatientAge", "054Y"), ("PatientSize", "1.65"), ("PatientWeight", "62.5"),
        ("BodyPartExamined", "CHEST"), ("ScanOptions", "HELICAL MODE"), ("SliceThickness", "1.25"),
        ("KVP", "120"), ("SpacingBetweenSlices", "1.25"), ("DataCollectionDiameter", "500"),
        ("DeviceSerialNumber", "SN12345"), ("SoftwareVersions", ["1.2.3", "4.5"]),
        ("ProtocolName", "CHEST CONTRAST"), ("ReconstructionDiameter", "380"),
        ("DistanceSourceToDetector", "1085.6"), ("DistanceSourceToPatient", "541"),
        ("GantryDetectorTilt", "0"), ("TableHeight", "160.5"), ("RotationDirection", "CW"),
        ("ExposureTime", "500"), ("XRayTubeCurrent", "250"), ("Exposure", "125"),
        ("FilterType", "BODY FILTER"), ("GeneratorPower", "30"), ("FocalSpots", "1.2"),
        ("ConvolutionKernel", "STANDARD"), ("PatientPosition", "FFS"),
        ("RevolutionTime", 0.5), ("SingleCollimationWidth", 0.625), ("TotalCollimationWidth", 40.0),
        ("TableSpeed", 78.75), ("TableFeedPerRotation", 39.375), ("SpiralPitchFactor", 0.984375),
        ("StudyInstanceUID", uid), ("SeriesInstanceUID", uid + ".2"), ("StudyID", f"S{index}"),
        ("SeriesNumber", "3"), ("AcquisitionNumber", "1"), ("InstanceNumber", str(index + 1)),
        ("ImagePositionPatient", [f"{-190.5:.1f}", f"{-180.25:.2f}", f"{-index * 1.25:.2f}"]),
        ("ImageOrientationPatient", ["1", "0", "0", "0", "1", "0"]),
        ("FrameOfReferenceUID", uid + ".3"), ("PositionReferenceIndicator", "SN"),
        ("SliceLocation", f"{-index * 1.25:.2f}"), ("SamplesPerPixel", 1),
        ("PhotometricInterpretation", "MONOCHROME2"), ("Rows", 512), ("Columns", 512),
        ("PixelSpacing", ["0.742188", "0.742188"]), ("BitsAllocated", 16), ("BitsStored", 16),
        ("HighBit", 15), ("PixelRepresentation", 1), ("WindowCenter", ["40", "400"]),
        ("WindowWidth", ["400", "1500"]), ("RescaleIntercept", "-1024"), ("RescaleSlope", "1"),
        ("RescaleType", "HU"), ("LossyImageCompression", "00"),
        ("ContrastBolusAgent", "OMNIPAQUE 350"), ("ContrastBolusRoute", "IV"),
        ("ContrastBolusVolume", "80"), ("EstimatedDoseSaving", 12.5), ("CTDIvol", rng.uniform(5, 15)),
        ("RequestedProcedureDescription", "CT CHEST"), ("PerformedProcedureStepStartDate", "20240102"),
        ("PerformedProcedureStepStartTime", "100000"), ("PerformedProcedureStepID", f"PPS{index}"),
        ("PerformedProcedureStepDescription", "CT CHEST W CONTRAST"),
        ("DimensionIndexPointer", [0x00200032]), ("AcquisitionDateTime", "20240102101012.25"),
        ("PixelPaddingValue", -2000), ("LargestImagePixelValue", 3071), ("SmallestImagePixelValue", 0),
    ):
        setattr(ds, keyword, value)
    code = PydicomDataset()
    code.CodeValue = "CTCHEST"
    code.CodingSchemeDesignator = "L"
    code.CodeMeaning = "CT Chest with contrast"
    ds.ProcedureCodeSequence = [code]
    references = []
    for ref in range(3):
        item = PydicomDataset()
        item.ReferencedSOPClassUID = "1.2.840.10008.5.1.4.1.1.2"
        item.ReferencedSOPInstanceUID = f"{uid}.9.{ref}"
        purpose = PydicomDataset()
        purpose.CodeValue = "121311"
        purpose.CodingSchemeDesignator = "DCM"
        purpose.CodeMeaning = "Localizer"
        item.PurposeOfReferenceCodeSequence = [purpose]
        references.append(item)
    ds.ReferencedImageSequence = references
    request = PydicomDataset()
    request.RequestedProcedureID = f"RP{index}"
    request.ScheduledProcedureStepID = f"SPS{index}"
    request.RequestedProcedureDescription = "CT CHEST"
    ds.RequestAttributesSequence = [request]
    for group, creator, values in (
        (0x0009, "ACME CT 1.0", [("LO", "recon A"), ("DS", "1.5"), ("US", 3), ("SL", -7), ("OB", b"\x01\x02")]),
        (0x0019, "ACME SCAN", [("DS", ["0.5", "0.5"]), ("IS", "12"), ("LO", "helical"), ("FD", 2.5)]),
        (0x0043, "ACME RECON", [("SS", [1, -1]), ("UL", 70000), ("CS", "ON"), ("DS", "3.14159")]),
    ):
        block = ds.private_block(group, creator, create=True)
        for offset, (vr, value) in enumerate(values, 1):
            block.add_new(offset, vr, value)
    return ds


def make_headers(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(NR_HEADERS):
        _save(make_header(index), folder / f"ct{index:04d}.dcm")


def ensure_data() -> None:
    if not RT_FILE.exists():
        DATA.mkdir(parents=True, exist_ok=True)
        print("making the RT Structure Set (once) ...", flush=True)
        partial = RT_FILE.with_suffix(".partial")
        make_rt_structure_set(partial)
        partial.rename(RT_FILE)
    if not (HEADER_DIR / f"ct{NR_HEADERS - 1:04d}.dcm").exists():
        print("making the headers (once) ...", flush=True)
        make_headers(HEADER_DIR)


def peak_megabytes(func) -> float:
    """Peak traced memory of one call of `func`, in MB above the start."""
    tracemalloc.start()
    try:
        func()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 1e6


class FreshDatasets:
    """Hands out datasets read just before use, so every timed call sees raw values."""

    def __init__(self, read, paths):
        self.read = read
        self.paths = paths
        self.prepared = []

    def prepare(self, count):
        self.prepared = [[self.read(str(path)) for path in self.paths] for _ in range(count)]

    def next(self):
        return self.prepared.pop()


def bench_to_json_dict(title, paths, rounds):
    dcmcore_sets = FreshDatasets(dcmcore.dcmread, paths)
    pydicom_sets = FreshDatasets(pydicom.dcmread, paths)
    dcmcore_sets.prepare(rounds + 2)
    pydicom_sets.prepare(rounds + 2)
    memory = {
        "dcmcore": peak_megabytes(lambda: [ds.to_json_dict() for ds in dcmcore_sets.next()]),
        "pydicom": peak_megabytes(lambda: [ds.to_json_dict() for ds in pydicom_sets.next()]),
    }
    compare(
        title,
        [
            Case("dcmcore", lambda: [ds.to_json_dict() for ds in dcmcore_sets.next()]),
            Case("pydicom", lambda: [ds.to_json_dict() for ds in pydicom_sets.next()]),
        ],
        rounds=rounds,
        target=10,
    )
    print(f"  peak memory: dcmcore {memory['dcmcore']:.0f} MB, pydicom {memory['pydicom']:.0f} MB")


def bench_from_json(title, json_datasets, rounds):
    def run_dcmcore():
        return [dcmcore.Dataset.from_json(json_dataset) for json_dataset in json_datasets]

    def run_pydicom():
        return [PydicomDataset.from_json(json_dataset) for json_dataset in json_datasets]

    memory = {"dcmcore": peak_megabytes(run_dcmcore), "pydicom": peak_megabytes(run_pydicom)}
    compare(
        title,
        [Case("dcmcore", run_dcmcore), Case("pydicom", run_pydicom)],
        rounds=rounds,
        target=10,
    )
    print(f"  peak memory: dcmcore {memory['dcmcore']:.0f} MB, pydicom {memory['pydicom']:.0f} MB")


def bench_to_xml(rounds):
    dcm2xml = shutil.which("dcm2xml")
    if dcm2xml is None:
        print("\n== to_xml: DCMTK's dcm2xml is not installed, skipped")
        return

    def run_dcm2xml():
        subprocess.run([dcm2xml, "-nat", "+Eb", str(RT_FILE)], check=True, stdout=subprocess.DEVNULL)

    compare(
        "read + to_xml, RT Structure Set (1.8 M DS values)",
        [
            Case("dcmcore", lambda: dcmcore.dcmread(str(RT_FILE)).to_xml()),
            Case("dcm2xml", run_dcm2xml),
        ],
        rounds=rounds,
        baseline="dcm2xml",
    )


def main() -> None:
    quick = "--quick" in sys.argv
    rounds = 3 if quick else 5
    ensure_data()
    header_paths = sorted(HEADER_DIR.glob("*.dcm"))
    print(f"pydicom {pydicom.__version__}, dcmcore {dcmcore.__version__}, pid {os.getpid()}")

    bench_to_json_dict("to_json_dict, 200 headers (freshly read)", header_paths, rounds)
    header_json = [pydicom.dcmread(str(path)).to_json_dict() for path in header_paths]
    bench_from_json("from_json, 200 headers", header_json, rounds)

    bench_to_json_dict("to_json_dict, RT Structure Set (freshly read)", [RT_FILE], rounds)
    rt_json = [pydicom.dcmread(str(RT_FILE)).to_json_dict()]
    bench_from_json("from_json, RT Structure Set", rt_json, rounds)

    bench_to_xml(rounds)


if __name__ == "__main__":
    main()
