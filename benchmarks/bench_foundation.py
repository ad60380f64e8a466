"""Foundation benchmarks: dictionary look-ups, Tag(), UID properties, a 1 MB
US value and the import time, each dcmcore against pydicom 2.4.5.

Run with ``python benchmarks/bench_foundation.py``. Targets (issue 2):
>= 3x pydicom on each, tag_for_keyword no slower, import time <= 0.5x.
"""

import random
import statistics
import subprocess
import sys

from harness import Case, compare

import pydicom
import pydicom.datadict
import pydicom.dataelem
import pydicom.tag
import pydicom.uid
import pydicom.values

import dcmcore.datadict
import dcmcore.dataelem
import dcmcore.tag
import dcmcore.uid
import dcmcore.values

KEYWORDS = [
    "PatientName", "PatientID", "StudyInstanceUID", "SeriesInstanceUID", "SOPInstanceUID",
    "Rows", "Columns", "PixelSpacing", "ImagePositionPatient", "WindowCenter",
    "BitsAllocated", "Modality", "StudyDate", "ReferencedImageSequence", "PixelData",
    "NotAKeyword", "TransferSyntaxUID", "SliceThickness", "RescaleSlope", "AccessionNumber",
]  # fmt: skip
TAGS = [pydicom.datadict.tag_for_keyword(keyword) or 0x00091010 for keyword in KEYWORDS]

UIDS = [
    "1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.2", "1.2.840.10008.1.2.4.50",
    "1.2.840.10008.1.2.5", "1.2.840.10008.5.1.4.1.1.2", "1.2.826.0.1.3680043.8.498.1",
]  # fmt: skip


def tag_forms(tag_factory):
    """Tag() called with each form users write."""
    return lambda: (
        tag_factory(0x00100010),
        tag_factory(0x0010, 0x0010),
        tag_factory((0x0010, 0x0010)),
        tag_factory("PatientName"),
        tag_factory("00100010"),
        tag_factory(("0010", "0010")),
    )


def uid_properties(uids):
    def read_all():
        for uid in uids:
            uid.name
            uid.type
            uid.keyword
            # both raise ValueError for is_transfer_syntax of a private UID
            if not uid.is_private and uid.is_transfer_syntax:
                uid.is_little_endian
                uid.is_implicit_VR
                uid.is_deflated
                uid.is_encapsulated
                uid.is_compressed

    return read_all


def import_time(package, modules=None, runs=9):
    """Median seconds to execute ``import modules`` in fresh interpreters.

    `package` is located first (for an editable install that is where a
    rebuild check runs), so only the import itself is timed.
    """
    code = (
        "import importlib.util, time\n"
        f"importlib.util.find_spec({package!r})\n"
        "start = time.perf_counter()\n"
        f"import {modules or package}\n"
        "print(time.perf_counter() - start)\n"
    )
    samples = []
    for _ in range(runs):
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        samples.append(float(result.stdout.split()[-1]))
    return statistics.median(samples)


def main():
    ours_tag_for_keyword = dcmcore.datadict.tag_for_keyword
    theirs_tag_for_keyword = pydicom.datadict.tag_for_keyword
    compare(
        "tag_for_keyword (20 keywords)",
        [
            Case("dcmcore", lambda: [ours_tag_for_keyword(k) for k in KEYWORDS]),
            Case("pydicom", lambda: [theirs_tag_for_keyword(k) for k in KEYWORDS]),
        ],
        number=2000,
        target=1,
    )

    ours_keyword_for_tag = dcmcore.datadict.keyword_for_tag
    theirs_keyword_for_tag = pydicom.datadict.keyword_for_tag
    compare(
        "keyword_for_tag (20 tags)",
        [
            Case("dcmcore", lambda: [ours_keyword_for_tag(t) for t in TAGS]),
            Case("pydicom", lambda: [theirs_keyword_for_tag(t) for t in TAGS]),
        ],
        number=2000,
        target=3,
    )

    compare(
        "Tag() in 6 forms",
        [Case("dcmcore", tag_forms(dcmcore.tag.Tag)), Case("pydicom", tag_forms(pydicom.tag.Tag))],
        number=5000,
        target=3,
    )

    compare(
        "UID properties (7 UIDs)",
        [
            Case("dcmcore", uid_properties([dcmcore.uid.UID(uid) for uid in UIDS])),
            Case("pydicom", uid_properties([pydicom.uid.UID(uid) for uid in UIDS])),
        ],
        number=1000,
        target=3,
    )

    data = random.Random(0).randbytes(1 << 20)
    ours_raw = dcmcore.dataelem.RawDataElement(
        dcmcore.tag.Tag(0x00283006), "US", len(data), data, 0, False, True
    )
    theirs_raw = pydicom.dataelem.RawDataElement(
        pydicom.tag.Tag(0x00283006), "US", len(data), data, 0, False, True
    )
    compare(
        "convert_value of a 1 MB US value",
        [
            Case("dcmcore", lambda: dcmcore.values.convert_value("US", ours_raw)),
            Case("pydicom", lambda: pydicom.values.convert_value("US", theirs_raw)),
        ],
        number=5,
        target=3,
    )

    # `import pydicom` loads the reader and the data model; `import dcmcore`
    # loads them on first use, so the second line is the fairer comparison.
    ours = import_time("dcmcore")
    ours_loaded = import_time("dcmcore", "dcmcore.dataset, dcmcore.filereader, dcmcore.values")
    theirs = import_time("pydicom")
    print("\n== import time (fresh interpreters, median of 9)")
    print(f"  dcmcore                  {ours * 1e3:8.3f} ms")
    print(f"  dcmcore + dataset, filereader, values {ours_loaded * 1e3:8.3f} ms"
          f" ({ours_loaded / theirs:.2f}x pydicom)")
    print(f"  pydicom                  {theirs * 1e3:8.3f} ms")
    print(f"RATIO import time: dcmcore takes {ours / theirs:.2f}x pydicom's (target <= 0.5x)")


if __name__ == "__main__":
    main()
