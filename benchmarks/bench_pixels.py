"""Benchmark: pixel data with dcmcore, pydicom 2.4.5 and the other codecs.

1. RLE Lossless decode of a 300 x 512 x 512 int16 CT volume (157 MB raw) and
   a 60 x 480 x 640 RGB uint8 multi-frame, file to array: dcmcore in one
   thread and in two, pydicom 2.4.5's own RLE handler, pylibjpeg-rle,
   dicomsdl, python-gdcm and DCMTK's dcmdrle where installed, and a memory
   copy of the decoded bytes (targets: >= 1.5x the faster of dicomsdl and
   pylibjpeg-rle; two threads >= 1.6x one).
2. RLE Lossless encode of both, array to encapsulated Pixel Data: dcmcore,
   pydicom's native encoder, its gdcm and pylibjpeg plugins, and dcmcrle
   where installed (target >= 1.2x dcmcrle).
3. Native ``pixel_array`` of a 150 MB multi-frame, file to array, beside a
   memory copy of the same bytes (target within 1.5x), and its extra peak
   memory in a fresh process (target <= 1.2x the pixel bytes).

The images have the shape of real ones: a CT slice is air around a noisy
body, a colour frame smooth shading with sensor noise.

Run: ``python benchmarks/bench_pixels.py [--rounds N]``
"""

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
from harness import Case, compare

import dcmcore
from dcmcore import config
from dcmcore.dataset import Dataset, FileMetaDataset
from dcmcore.uid import ExplicitVRLittleEndian, RLELossless, generate_uid

try:
    import pydicom
    from pydicom.uid import RLELossless as PYDICOM_RLE
except ImportError:  # pragma: no cover
    sys.exit("the benchmark needs pydicom 2.4.5: pip install .[bench]")


def ct_volume(nr_frames=300, size=512, seed=0):
    """int16 slices: air (-1000) around an elliptical body of soft tissue
    and bone with scanner noise."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[:size, :size]
    volume = np.full((nr_frames, size, size), -1000, np.int16)
    for index in range(nr_frames):
        radius = 0.38 + 0.04 * np.sin(index / 40)
        body = ((x - size / 2) / (radius * size)) ** 2 + ((y - size / 2) / (0.3 * size)) ** 2 < 1
        spine = (x - size / 2) ** 2 + (y - size * 0.62) ** 2 < (size * 0.04) ** 2
        frame = volume[index]
        frame[body] = 40 + rng.normal(0, 12, body.sum())
        frame[spine] = 700 + rng.normal(0, 40, spine.sum())
    return volume


def rgb_frames(nr_frames=60, rows=480, columns=640, seed=1):
    """uint8 RGB ultrasound-like frames: black surround, a grey fan of speckle
    (scan-converted, so each value spans a few pixels), a colour Doppler box
    and burned-in text bars."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[:rows, :columns]
    angle = np.arctan2(x - columns / 2, y + 40)
    depth = np.hypot(x - columns / 2, y + 40)
    fan = (np.abs(angle) < 0.6) & (depth > 60) & (depth < rows - 20)
    box = fan & (np.abs(angle) < 0.2) & (depth > 200) & (depth < 320)
    frames = np.zeros((nr_frames, rows, columns, 3), np.uint8)
    for index in range(nr_frames):
        speckle = rng.gamma(2.0, 35.0, size=(rows, (columns + 2) // 3))
        speckle = np.repeat(speckle, 3, axis=1)[:, :columns]
        grey = np.clip(speckle * (1.2 - depth / rows), 0, 255).astype(np.uint8)
        frame = frames[index]
        frame[fan] = grey[fan, None]
        flow = (np.sin((x + y + 7 * index) / 25) > 0.3) & box
        frame[flow] = (200, 30, 40)
        frame[box & ~flow] = (20, 40, 190)
        frame[8:24, 20 : 20 + 8 * (index % 40 + 10)] = 255  # text bar
    return frames


def dataset_for(arr, samples):
    """An uncompressed multi-frame dataset holding `arr`."""
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.7.3"
    ds.file_meta.MediaStorageSOPInstanceUID = generate_uid()
    ds.SOPClassUID = ds.file_meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID
    ds.is_little_endian, ds.is_implicit_VR = True, False
    ds.NumberOfFrames, ds.Rows, ds.Columns = arr.shape[:3]
    ds.SamplesPerPixel = samples
    ds.PhotometricInterpretation = "RGB" if samples == 3 else "MONOCHROME2"
    if samples == 3:
        ds.PlanarConfiguration = 0
    ds.BitsAllocated = arr.dtype.itemsize * 8
    ds.BitsStored = ds.BitsAllocated
    ds.HighBit = ds.BitsStored - 1
    ds.PixelRepresentation = int(arr.dtype.kind == "i")
    ds.PixelData = arr.tobytes()
    return ds


def dcmcore_decode(path, threads):
    # named: with pylibjpeg installed, pydicom's handler order (kept by
    # dcmcore) would hand RLE to pylibjpeg-rle first
    config.settings.decoding_threads = threads
    ds = dcmcore.dcmread(path)
    ds.convert_pixel_data("rle")
    return ds.pixel_array


def pydicom_decode(path, handler):
    ds = pydicom.dcmread(path)
    ds.convert_pixel_data(handler)
    return ds.pixel_array


def decode_cases(path, arr):
    raw = np.ascontiguousarray(arr)
    cases = [
        Case("dcmcore", lambda: dcmcore_decode(path, 1)),
        Case("dcmcore 2 threads", lambda: dcmcore_decode(path, 2)),
        Case("pydicom", lambda: pydicom_decode(path, "rle")),
        Case("memory copy", lambda: raw.copy()),
    ]
    try:
        from pydicom.encaps import generate_pixel_data_frame
        from rle.utils import decode_frame

        def pylibjpeg_rle_decode():
            # its own pixel_array needs pydicom 3: decode frame by frame
            ds = pydicom.dcmread(path)
            nr_frames, nr_pixels = arr.shape[0], ds.Rows * ds.Columns
            out = np.empty(arr.nbytes, np.uint8).reshape(nr_frames, -1)
            frames = generate_pixel_data_frame(ds.PixelData, nr_frames)
            for index, frame in enumerate(frames):
                out[index] = np.frombuffer(decode_frame(frame, nr_pixels, ds.BitsAllocated, "<"), np.uint8)
            return out

        cases.append(Case("pylibjpeg-rle", pylibjpeg_rle_decode))
    except ImportError:
        print("pylibjpeg-rle not installed: skipped")
    try:
        import dicomsdl

        def dicomsdl_decode():
            dset = dicomsdl.open(str(path))
            return [dset.pixelData(index, storedvalue=True) for index in range(arr.shape[0])]

        cases.append(Case("dicomsdl", dicomsdl_decode))
    except ImportError:
        print("dicomsdl not installed: skipped")
    try:
        import gdcm

        def gdcm_decode():
            reader = gdcm.ImageReader()
            reader.SetFileName(str(path))
            reader.Read()
            return reader.GetImage().GetBuffer()

        cases.append(Case("python-gdcm", gdcm_decode))
    except ImportError:
        print("python-gdcm not installed: skipped")
    if shutil.which("dcmdrle"):
        out = Path(path).with_suffix(".raw.dcm")
        cases.append(Case("dcmdrle", lambda: subprocess.run(["dcmdrle", str(path), str(out)], check=True)))
    else:
        print("DCMTK's dcmdrle not on PATH: skipped")
    return cases


def encode_cases(native_path, rle_path):
    def dcmcore_encode():
        ds = dcmcore.dcmread(native_path)
        ds.compress(RLELossless)
        return ds

    def pydicom_encode(plugin):
        ds = pydicom.dcmread(native_path)
        ds.compress(PYDICOM_RLE, encoding_plugin=plugin)
        return ds

    cases = [
        Case("dcmcore", dcmcore_encode),
        Case("pydicom", lambda: pydicom_encode("pydicom")),
    ]
    for plugin, package in (("gdcm", "gdcm"), ("pylibjpeg", "rle")):
        try:
            __import__(package)
            cases.append(Case(f"{plugin} (via pydicom)", lambda plugin=plugin: pydicom_encode(plugin)))
        except ImportError:
            print(f"{plugin} not installed: skipped")
    if shutil.which("dcmcrle"):
        cases.append(
            Case("dcmcrle", lambda: subprocess.run(["dcmcrle", str(native_path), str(rle_path)], check=True))
        )
    else:
        print("DCMTK's dcmcrle not on PATH: skipped")
    return cases


def report_anchor(title, medians, cases, anchors, target):
    """Print dcmcore's ratio to the fastest of `anchors` present."""
    times = {case.label: median for case, median in zip(cases, medians)}
    present = [label for label in anchors if label in times]
    if not present:
        return
    fastest = min(present, key=times.get)
    ratio = times[fastest] / times["dcmcore"]
    print(f"RATIO {title}: dcmcore is {ratio:.2f}x {fastest} (target >= {target:g}x)")


_MEMORY_SCRIPT = """
import resource, sys, time
import dcmcore
path = sys.argv[1]
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
arr = dcmcore.dcmread(path).pixel_array
arr.sum(dtype="int64")  # touch every byte
elapsed = time.perf_counter() - start
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print((after - before) * 1024, arr.nbytes, elapsed)
"""


def native_pixel_array(folder, rounds):
    """Native multi-frame: pixel_array beside a memory copy, and its memory."""
    arr = ct_volume(nr_frames=286)  # 150 MB of int16
    path = folder / "native.dcm"
    dataset_for(arr, 1).save_as(path, write_like_original=False)
    medians = compare(
        "native pixel_array, 150 MB multi-frame, file to array",
        [
            Case("dcmcore", lambda: dcmcore.dcmread(path).pixel_array),
            Case("pydicom", lambda: pydicom.dcmread(path).pixel_array),
            Case("memory copy", lambda: arr.copy()),
        ],
        rounds=rounds,
        baseline="pydicom",
    )
    print(f"RATIO native pixel_array: dcmcore takes {medians[0] / medians[2]:.2f}x a memory copy (target <= 1.5x)")
    extra, nbytes, _ = subprocess.run(
        [sys.executable, "-c", _MEMORY_SCRIPT, str(path)], capture_output=True, text=True, check=True
    ).stdout.split()
    print(
        f"RATIO native pixel_array memory: extra peak {int(extra) / 2**20:.0f} MiB = "
        f"{int(extra) / int(nbytes):.2f}x the {int(nbytes) / 2**20:.0f} MiB of pixels (target <= 1.2x)"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds per case (default 3)")
    rounds = parser.parse_args().rounds
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for title, arr, samples in (
            ("300x512x512 int16 CT", ct_volume(), 1),
            ("60x480x640 RGB uint8", rgb_frames(), 3),
        ):
            native = folder / "native.dcm"
            rle = folder / "rle.dcm"
            ds = dataset_for(arr, samples)
            ds.save_as(native, write_like_original=False)
            ds.compress(RLELossless)
            # as most RLE colour files in archives say (and dicomsdl needs);
            # RLE data is colour-by-plane whatever the element says
            if samples == 3:
                ds.PlanarConfiguration = 0
            ds.save_as(rle, write_like_original=False)
            print(f"\n{title}: {arr.nbytes / 1e6:.0f} MB raw, RLE {rle.stat().st_size / 1e6:.0f} MB")
            check = dcmcore_decode(rle, 1)
            assert np.array_equal(check, arr), "dcmcore decoded other values"
            cases = decode_cases(rle, arr)
            medians = compare(f"RLE decode {title}", cases, rounds=rounds, baseline="pydicom")
            report_anchor(f"RLE decode {title}", medians, cases, ("dicomsdl", "pylibjpeg-rle"), 1.5)
            threads = medians[0] / medians[1]
            print(f"RATIO RLE decode {title}: two threads are {threads:.2f}x one (target >= 1.6x)")
            cases = encode_cases(native, folder / "dcmcrle.dcm")
            medians = compare(f"RLE encode {title}", cases, rounds=rounds, baseline="pydicom")
            report_anchor(f"RLE encode {title}", medians, cases, ("dcmcrle",), 1.2)
            for path in (native, rle):
                path.unlink()
        native_pixel_array(folder, rounds)


if __name__ == "__main__":
    main()
