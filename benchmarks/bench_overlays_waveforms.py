"""Benchmark: overlays and waveforms with dcmcore and pydicom 2.4.5.

1. ``overlay_array`` of a 4096 x 4096 overlay and of a 64-frame 512 x 512
   overlay, beside ``np.unpackbits(..., bitorder="little")`` on the same
   bytes (targets: >= 1.0x pydicom and >= 1.0x numpy).
2. ``waveform_array`` of every multiplex group of a 12-lead, 10-second ECG
   at 500 Hz with three groups (target >= 6x pydicom).

Datasets are read once; the calls are what is timed.

Run: ``python benchmarks/bench_overlays_waveforms.py``
"""

import io

import numpy as np
from harness import Case, compare

import dcmcore
from dcmcore.data import get_testdata_file
from dcmcore.dataset import Dataset, FileMetaDataset
from dcmcore.pixel_data_handlers.util import pack_bits

try:
    import pydicom
except ImportError:  # pragma: no cover
    raise SystemExit("the benchmark needs pydicom 2.4.5: pip install .[bench]")


def overlay_file(rows, columns, frames):
    """A file with one overlay of random blobs in group 0x6000, as bytes."""
    rng = np.random.default_rng(0)
    blobs = rng.random((frames, rows // 16, columns // 16)) > 0.7
    bits = np.repeat(np.repeat(blobs, 16, axis=1), 16, axis=2).astype(np.uint8)
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = "1.2.840.10008.1.2.1"
    ds.file_meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.7"
    ds.file_meta.MediaStorageSOPInstanceUID = "1.2.3"
    ds.is_little_endian, ds.is_implicit_VR = True, False
    ds.add_new(0x60000010, "US", rows)
    ds.add_new(0x60000011, "US", columns)
    ds.add_new(0x60000015, "IS", frames)
    ds.add_new(0x60000100, "US", 1)
    ds.add_new(0x60003000, "OW", pack_bits(bits))
    buffer = io.BytesIO()
    dcmcore.dcmwrite(buffer, ds, write_like_original=False)
    return buffer.getvalue()


def main():
    for title, (rows, columns, frames), number in (
        ("4096x4096 overlay", (4096, 4096, 1), 5),
        ("64x512x512 overlay", (512, 512, 64), 5),
    ):
        data = overlay_file(rows, columns, frames)
        ours = dcmcore.dcmread(io.BytesIO(data))
        theirs = pydicom.dcmread(io.BytesIO(data))
        packed = theirs[0x60003000].value
        assert np.array_equal(ours.overlay_array(0x6000), theirs.overlay_array(0x6000))
        medians = compare(
            f"overlay_array {title}",
            [
                Case("dcmcore", lambda: ours.overlay_array(0x6000)),
                Case("pydicom", lambda: theirs.overlay_array(0x6000)),
                Case("numpy unpackbits", lambda: np.unpackbits(np.frombuffer(packed, np.uint8), bitorder="little")),
            ],
            number=number,
            target=1.0,
        )
        print(f"RATIO overlay_array {title}: dcmcore is {medians[2] / medians[0]:.2f}x np.unpackbits (target >= 1x)")

    path = get_testdata_file("ECG_12lead.dcm")
    ours, theirs = dcmcore.dcmread(path), pydicom.dcmread(path)
    groups = range(len(theirs.WaveformSequence))
    for index in groups:
        assert np.array_equal(ours.waveform_array(index), theirs.waveform_array(index))
    compare(
        "waveform_array, 12-lead 10 s ECG at 500 Hz, all three groups",
        [
            Case("dcmcore", lambda: [ours.waveform_array(index) for index in groups]),
            Case("pydicom", lambda: [theirs.waveform_array(index) for index in groups]),
        ],
        number=50,
        target=6.0,
    )


if __name__ == "__main__":
    main()
