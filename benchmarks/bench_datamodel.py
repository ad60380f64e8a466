"""Data model hot paths: dcmcore vs pydicom 2.4.5 on datasets built in code.

On a dataset of 150 elements with nested sequences: keyword attribute read
and write, ``in``, ``ds[tag]``, ``str(ds)`` and ``copy.deepcopy(ds)``; and
``iterall()`` over a dataset of 100,000 elements in nested sequences.
The issue asks for >= 3x pydicom on each.

Run: ``python benchmarks/bench_datamodel.py``
"""

import copy
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from harness import Case, compare  # noqa: E402

import dcmcore.dataset  # noqa: E402
import dcmcore.tag  # noqa: E402
import pydicom.dataset  # noqa: E402
import pydicom.tag  # noqa: E402

TARGET = 3.0

# (keyword, value) of the top-level elements; the VRs come from the dictionary
TOP_LEVEL = [
    ("SpecificCharacterSet", "ISO_IR 100"),
    ("ImageType", ["ORIGINAL", "PRIMARY", "AXIAL"]),
    ("InstanceCreationDate", "20240101"),
    ("InstanceCreationTime", "120000.000000"),
    ("SOPClassUID", "1.2.840.10008.5.1.4.1.1.2"),
    ("SOPInstanceUID", "1.2.3.4.5.6.7.8.9.10"),
    ("StudyDate", "20240101"),
    ("SeriesDate", "20240101"),
    ("AcquisitionDate", "20240101"),
    ("ContentDate", "20240101"),
    ("StudyTime", "120000"),
    ("SeriesTime", "120100"),
    ("AccessionNumber", "A123456"),
    ("Modality", "CT"),
    ("Manufacturer", "Acme Medical"),
    ("InstitutionName", "General Hospital"),
    ("ReferringPhysicianName", "DOE^JOHN"),
    ("StationName", "CT01"),
    ("StudyDescription", "CHEST W/O CONTRAST"),
    ("SeriesDescription", "AXIAL 5MM"),
    ("ManufacturerModelName", "Scanner 3000"),
    ("PatientName", "CITIZEN^Joan^^Dr"),
    ("PatientID", "123456789"),
    ("PatientBirthDate", "19700101"),
    ("PatientSex", "F"),
    ("PatientAge", "054Y"),
    ("PatientWeight", "70.5"),
    ("SliceThickness", "5.0"),
    ("KVP", "120"),
    ("DataCollectionDiameter", "500.0"),
    ("SoftwareVersions", "1.0"),
    ("ReconstructionDiameter", "350.0"),
    ("GantryDetectorTilt", "0.0"),
    ("TableHeight", "150.0"),
    ("ExposureTime", "1000"),
    ("XRayTubeCurrent", "200"),
    ("Exposure", "200"),
    ("ConvolutionKernel", "STANDARD"),
    ("PatientPosition", "HFS"),
    ("StudyInstanceUID", "1.2.3.4.5.6.7.8.1"),
    ("SeriesInstanceUID", "1.2.3.4.5.6.7.8.2"),
    ("StudyID", "1"),
    ("SeriesNumber", "2"),
    ("AcquisitionNumber", "1"),
    ("InstanceNumber", "10"),
    ("ImagePositionPatient", ["-175.0", "-175.0", "-100.0"]),
    ("ImageOrientationPatient", ["1", "0", "0", "0", "1", "0"]),
    ("FrameOfReferenceUID", "1.2.3.4.5.6.7.8.3"),
    ("PositionReferenceIndicator", "SN"),
    ("SliceLocation", "-100.0"),
    ("SamplesPerPixel", 1),
    ("PhotometricInterpretation", "MONOCHROME2"),
    ("Rows", 512),
    ("Columns", 512),
    ("PixelSpacing", ["0.683", "0.683"]),
    ("BitsAllocated", 16),
    ("BitsStored", 12),
    ("HighBit", 11),
    ("PixelRepresentation", 0),
    ("WindowCenter", "40"),
    ("WindowWidth", "400"),
    ("RescaleIntercept", "-1024"),
    ("RescaleSlope", "1"),
]


def build(module, nr_items: int = 3, depth: int = 2):
    """Return a dataset of about 150 elements with sequences nested `depth` deep."""
    Dataset = module.Dataset
    ds = Dataset()
    for keyword, value in TOP_LEVEL:
        setattr(ds, keyword, value)
    # private block of 10 elements
    block = ds.private_block(0x0009, "ACME 1.0", create=True)
    for offset in range(10):
        block.add_new(offset, "LO", f"private value {offset}")

    def item(level: int):
        entry = Dataset()
        entry.ReferencedSOPClassUID = "1.2.840.10008.5.1.4.1.1.2"
        entry.ReferencedSOPInstanceUID = f"1.2.3.4.{level}"
        entry.CodeValue = "121311"
        entry.CodingSchemeDesignator = "DCM"
        entry.CodeMeaning = "Localizer"
        if level < depth:
            entry.ConceptNameCodeSequence = [item(level + 1) for _ in range(2)]
        return entry

    ds.ReferencedImageSequence = [item(1) for _ in range(nr_items)]
    ds.SourceImageSequence = [item(2) for _ in range(nr_items)]
    return ds


def build_large(module, nr_elements: int = 100_000):
    """Return a dataset of `nr_elements` elements, most in nested sequence items."""
    Dataset = module.Dataset
    ds = Dataset()
    ds.PatientName = "CITIZEN^Joan"
    items = []
    per_item = 20  # 1 sequence element + 1 nested item of 8 + 10 others
    for index in range((nr_elements - 2) // per_item):
        entry = Dataset()
        for offset in range(10):
            entry.add_new(0x00091000 | offset, "LO", f"v{index}")
        entry.add_new(0x00090010, "LO", "ACME 1.0")
        nested = Dataset()
        nested.CodeValue = "121311"
        nested.CodingSchemeDesignator = "DCM"
        nested.CodeMeaning = "Localizer"
        nested.add_new(0x00091001, "LO", "x")
        nested.add_new(0x00091002, "LO", "x")
        nested.add_new(0x00091003, "LO", "x")
        nested.add_new(0x00091004, "LO", "x")
        nested.add_new(0x00091005, "LO", "x")
        entry.ConceptNameCodeSequence = [nested]
        items.append(entry)
    ds.ReferencedImageSequence = items
    return ds


def main() -> None:
    ours = build(dcmcore.dataset)
    theirs = build(pydicom.dataset)
    nr_ours = sum(1 for _ in ours.iterall())
    nr_theirs = sum(1 for _ in theirs.iterall())
    assert nr_ours == nr_theirs, (nr_ours, nr_theirs)
    assert str(ours) == str(theirs)
    print(f"dataset of {nr_ours} elements ({len(ours)} top level)")

    tag = dcmcore.tag.Tag(0x00100010)
    pydicom_tag = pydicom.tag.Tag(0x00100010)
    loops = 20_000

    def read_ours():
        for _ in range(loops):
            ours.PatientName

    def read_theirs():
        for _ in range(loops):
            theirs.PatientName

    compare(
        f"ds.PatientName read (x{loops})",
        [Case("dcmcore", read_ours), Case("pydicom", read_theirs)],
        target=TARGET,
    )

    def write_ours():
        for _ in range(loops):
            ours.PatientName = "DOE^Jane"

    def write_theirs():
        for _ in range(loops):
            theirs.PatientName = "DOE^Jane"

    compare(
        f"ds.PatientName write (x{loops})",
        [Case("dcmcore", write_ours), Case("pydicom", write_theirs)],
        target=TARGET,
    )

    def contains_ours():
        for _ in range(loops):
            "PatientName" in ours
            0x00100010 in ours
            "PatientComments" in ours

    def contains_theirs():
        for _ in range(loops):
            "PatientName" in theirs
            0x00100010 in theirs
            "PatientComments" in theirs

    compare(
        f"'in' by keyword, int, absent keyword (x{loops})",
        [Case("dcmcore", contains_ours), Case("pydicom", contains_theirs)],
        target=TARGET,
    )

    def getitem_ours():
        for _ in range(loops):
            ours[tag]
            ours[0x00100020]

    def getitem_theirs():
        for _ in range(loops):
            theirs[pydicom_tag]
            theirs[0x00100020]

    compare(
        f"ds[tag] by BaseTag and int (x{loops})",
        [Case("dcmcore", getitem_ours), Case("pydicom", getitem_theirs)],
        target=TARGET,
    )

    compare(
        "str(ds)",
        [Case("dcmcore", lambda: str(ours)), Case("pydicom", lambda: str(theirs))],
        number=20,
        target=TARGET,
    )
    compare(
        "copy.deepcopy(ds)",
        [Case("dcmcore", lambda: copy.deepcopy(ours)), Case("pydicom", lambda: copy.deepcopy(theirs))],
        number=10,
        target=TARGET,
    )

    large_ours = build_large(dcmcore.dataset)
    large_theirs = build_large(pydicom.dataset)
    nr_large = sum(1 for _ in large_ours.iterall())
    assert nr_large == sum(1 for _ in large_theirs.iterall())

    def iterall_ours():
        for _ in large_ours.iterall():
            pass

    def iterall_theirs():
        for _ in large_theirs.iterall():
            pass

    compare(
        f"for e in ds.iterall() over {nr_large} elements",
        [Case("dcmcore", iterall_ours), Case("pydicom", iterall_theirs)],
        rounds=5,
        target=TARGET,
    )


if __name__ == "__main__":
    main()
