"""The RLE Lossless codec: the compiled kernels (dcmcore._rle), the pixel data
handler and the encoder, against pydicom 2.4.5 and the other RLE codecs."""

import io
import struct

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dcmcore
from dcmcore import _rle, config
from dcmcore.dataset import Dataset, FileMetaDataset
from dcmcore.encaps import encapsulate, generate_pixel_data_frame
from dcmcore.filewriter import dcmwrite
from dcmcore.pixel_data_handlers import rle_handler
from dcmcore.uid import ExplicitVRLittleEndian, RLELossless

# Every layout the decoder handles, and those pydicom 2.4.5's encoders accept
# (PS3.5 table 8.2.2-1: 8 or 16 bits; colour unsigned).
LAYOUTS = [
    (bits, samples, frames, signed)
    for bits in (8, 16, 32, 64)
    for samples in (1, 3)
    for frames in (1, 3)
    for signed in (False, True)
    if bits * samples <= 15 * 8  # an RLE frame has at most 15 segments
]
ENCODER_LAYOUTS = [
    layout for layout in LAYOUTS if layout[0] in (8, 16) and not (layout[1] == 3 and layout[3])
]


def _layout_id(layout):
    bits, samples, frames, signed = layout
    return f"{bits}bit-{samples}spp-{frames}fr-{'s' if signed else 'u'}"


def _image_values(shape, bits, signed, seed=0):
    """Values with both runs (flat bands) and noise, so that replicate and
    literal runs both occur, over the whole range of the type."""
    rng = np.random.default_rng(seed)
    dtype = np.dtype(f"{'i' if signed else 'u'}{bits // 8}")
    info = np.iinfo(dtype)
    arr = rng.integers(info.min, info.max, size=shape, dtype=dtype, endpoint=True)
    flat = arr.reshape(-1)
    flat[: flat.size // 3] = info.max  # a long replicate run
    flat[flat.size // 2 : flat.size // 2 + 5] = 0
    return arr


def _dataset(bits=16, samples=1, frames=1, signed=False, rows=6, columns=11, seed=0):
    """An uncompressed dataset and the array it holds."""
    shape = (rows, columns) if samples == 1 else (rows, columns, samples)
    if frames > 1:
        shape = (frames,) + shape
    arr = _image_values(shape, bits, signed, seed)
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.7"
    ds.file_meta.MediaStorageSOPInstanceUID = "1.2.826.0.1.3680043.8.498.1"
    ds.SOPClassUID = ds.file_meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID
    ds.is_little_endian = True
    ds.is_implicit_VR = False
    ds.Rows = rows
    ds.Columns = columns
    ds.SamplesPerPixel = samples
    ds.PhotometricInterpretation = "RGB" if samples == 3 else "MONOCHROME2"
    if samples == 3:
        ds.PlanarConfiguration = 0
    if frames > 1:
        ds.NumberOfFrames = frames
    ds.BitsAllocated = bits
    ds.BitsStored = bits
    ds.HighBit = bits - 1
    ds.PixelRepresentation = int(signed)
    ds.PixelData = arr.astype(arr.dtype.newbyteorder("<")).tobytes()
    return ds, arr


def _rle_dataset(layout, **kwargs):
    """An RLE Lossless dataset of any layout, encoded by the kernel frame by
    frame, and the array it holds."""
    bits, samples, frames, signed = layout
    ds, arr = _dataset(*layout, **kwargs)
    frame_length = len(ds.PixelData) // frames
    ds.PixelData = encapsulate(
        [
            _rle.encode_frame(ds.PixelData[start : start + frame_length], ds.Rows, ds.Columns, samples, bits // 8)
            for start in range(0, len(ds.PixelData), frame_length)
        ]
    )
    ds["PixelData"].is_undefined_length = True
    ds.file_meta.TransferSyntaxUID = RLELossless
    return ds, arr


def _written(ds):
    buffer = io.BytesIO()
    dcmwrite(buffer, ds, write_like_original=False)
    return buffer.getvalue()


def _frame(segments):
    """An RLE frame from encoded segments: header then the segments."""
    offsets = []
    position = 64
    for segment in segments:
        offsets.append(position)
        position += len(segment)
    header = struct.pack(f"<{1 + len(offsets)}L", len(offsets), *offsets)
    return header.ljust(64, b"\x00") + b"".join(segments)


@pytest.fixture
def pydicom():
    return pytest.importorskip("pydicom")


@pytest.fixture
def rle_only(monkeypatch):
    """Decode with our RLE handler alone, whatever else is installed."""
    monkeypatch.setattr(config, "pixel_data_handlers", [config.np_handler, config.rle_handler])


class TestRoundTrip:
    @pytest.mark.parametrize("layout", ENCODER_LAYOUTS, ids=_layout_id)
    def test_compress_then_decode(self, layout, rle_only):
        ds, arr = _dataset(*layout)
        ds.compress(RLELossless)
        assert ds.file_meta.TransferSyntaxUID == RLELossless
        read = dcmcore.dcmread(io.BytesIO(_written(ds)))
        out = read.pixel_array
        assert out.dtype == arr.dtype
        np.testing.assert_array_equal(out, arr)
        assert out.flags.writeable

    @settings(max_examples=150, deadline=None)
    @given(
        rows=st.integers(1, 9),
        columns=st.integers(1, 40),
        nr_samples=st.sampled_from([1, 3]),
        bytes_per_sample=st.sampled_from([1, 2, 4, 8]),
        data=st.data(),
    )
    def test_kernel_round_trip(self, rows, columns, nr_samples, bytes_per_sample, data):
        if nr_samples * bytes_per_sample > 15:
            bytes_per_sample = 4
        length = rows * columns * nr_samples * bytes_per_sample
        # small alphabets make runs likely
        alphabet = data.draw(st.sampled_from([b"\x00", b"\x00\x01", bytes(range(256))]))
        src = bytes(data.draw(st.lists(st.sampled_from(list(alphabet)), min_size=length, max_size=length)))
        encoded = _rle.encode_frame(src, rows, columns, nr_samples, bytes_per_sample)
        offsets = _rle.parse_header(encoded)
        assert len(offsets) == nr_samples * bytes_per_sample
        assert all(offset % 2 == 0 for offset in offsets) and len(encoded) % 2 == 0
        dst = bytearray(length)
        lengths = _rle.decode_frame(encoded, dst, rows * columns, nr_samples, bytes_per_sample)
        assert lengths == [rows * columns] * (nr_samples * bytes_per_sample)
        # decoded: each sample's plane in turn, every value little endian
        native = np.frombuffer(src, np.uint8).reshape(rows * columns, nr_samples, bytes_per_sample)
        np.testing.assert_array_equal(
            np.frombuffer(dst, np.uint8), native.transpose(1, 0, 2).reshape(-1)
        )


class TestAgainstPydicom:
    @pytest.mark.parametrize("layout", ENCODER_LAYOUTS, ids=_layout_id)
    def test_encoding_is_byte_identical(self, layout, pydicom):
        ds, _ = _dataset(*layout)
        theirs = pydicom.dcmread(io.BytesIO(_written(ds)))
        ds.compress(RLELossless)
        theirs.compress(pydicom.uid.RLELossless, encoding_plugin="pydicom")
        assert ds.PixelData == theirs.PixelData

    @pytest.mark.parametrize("layout", LAYOUTS, ids=_layout_id)
    def test_same_array_as_pydicom(self, layout, pydicom, rle_only):
        ds, arr = _rle_dataset(layout)
        data = _written(ds)
        ours = dcmcore.dcmread(io.BytesIO(data))
        theirs = pydicom.dcmread(io.BytesIO(data))
        ours.convert_pixel_data("rle")
        theirs.convert_pixel_data("rle")
        assert ours.pixel_array.dtype == theirs.pixel_array.dtype
        assert ours.pixel_array.shape == theirs.pixel_array.shape
        np.testing.assert_array_equal(ours.pixel_array, theirs.pixel_array)
        assert ours.pixel_array.flags.writeable == theirs.pixel_array.flags.writeable
        np.testing.assert_array_equal(ours.pixel_array, arr)

    @pytest.mark.parametrize("layout", LAYOUTS, ids=_layout_id)
    def test_kernel_encodes_as_pydicom(self, layout, pydicom):
        from pydicom.encoders.native import _encode_frame

        bits, samples, _, signed = layout
        ds, _ = _dataset(bits, samples, 1, signed)
        theirs = _encode_frame(
            ds.PixelData, rows=ds.Rows, columns=ds.Columns, samples_per_pixel=samples,
            bits_allocated=bits, byteorder="<",
        )
        assert _rle.encode_frame(ds.PixelData, ds.Rows, ds.Columns, samples, bits // 8) == theirs

    @pytest.mark.parametrize("name", ["MR_small_RLE.dcm", "SC_rgb_rle_32bit_2frame.dcm", "rtdose_rle.dcm"])
    def test_pydicom_example_files(self, name, pydicom, rle_only):
        path = pydicom.data.get_testdata_file(name, download=False)
        if path is None:
            pytest.skip(f"pydicom's {name} is not installed")
        ours, theirs = dcmcore.dcmread(path), pydicom.dcmread(path)
        np.testing.assert_array_equal(ours.pixel_array, theirs.pixel_array)
        assert ours.pixel_array.dtype == theirs.pixel_array.dtype

    def test_segment_decoder(self, pydicom):
        from pydicom.pixel_data_handlers.rle_handler import _rle_decode_segment as theirs

        segment = b"\x02abc\xfdz\x80\x00q"
        assert rle_handler._rle_decode_segment(segment) == theirs(segment)

    def test_header_parser(self, pydicom):
        from pydicom.pixel_data_handlers.rle_handler import _parse_rle_header as theirs

        header = _frame([b"\x00a", b"\x00b\x00c"])[:64]
        assert rle_handler._parse_rle_header(header) == theirs(header)


class TestOtherCodecs:
    @pytest.mark.parametrize("layout", [(8, 1, 1, False), (16, 1, 3, True), (8, 3, 3, False), (32, 3, 1, False)], ids=_layout_id)
    def test_pylibjpeg_rle_decodes_our_frames(self, layout):
        rle = pytest.importorskip("rle.utils")
        ds, arr = _rle_dataset(layout)
        bits, samples, frames, _ = layout
        for frame in generate_pixel_data_frame(ds.PixelData, frames):
            theirs = rle.decode_frame(frame, ds.Rows * ds.Columns, bits, "<")
            ours = bytearray(len(theirs))
            _rle.decode_frame(frame, ours, ds.Rows * ds.Columns, samples, bits // 8)
            assert bytes(ours) == bytes(theirs)

    @pytest.mark.parametrize("layout", [(8, 1, 1, False), (16, 1, 3, False), (8, 3, 1, False)], ids=_layout_id)
    def test_gdcm_decodes_our_files(self, layout, tmp_path):
        gdcm = pytest.importorskip("gdcm")
        ds, arr = _dataset(*layout, rows=16, columns=16)
        ds.compress(RLELossless)
        path = tmp_path / "rle.dcm"
        path.write_bytes(_written(ds))
        reader = gdcm.ImageReader()
        reader.SetFileName(str(path))
        assert reader.Read()
        image = reader.GetImage()
        assert image.GetTransferSyntax().GetString().rstrip("\x00") == RLELossless
        # GDCM hands the decoded buffer over as a surrogate-escaped str
        decoded = image.GetBuffer().encode("utf-8", "surrogateescape")
        assert decoded == arr.astype(arr.dtype.newbyteorder("<")).tobytes()

    def test_we_decode_pylibjpeg_rle_frames(self):
        rle = pytest.importorskip("rle.utils")
        ds, arr = _dataset(16, 3, 1, False)
        frame = rle.encode_array(arr, ds=None, rows=ds.Rows, columns=ds.Columns, samples_per_pixel=3,
                                 bits_allocated=16, byteorder="<", number_of_frames=1)
        encoded = next(iter(frame))
        dst = bytearray(arr.nbytes)
        _rle.decode_frame(encoded, dst, ds.Rows * ds.Columns, 3, 2)
        planes = np.frombuffer(dst, "<u2").reshape(3, ds.Rows, ds.Columns).transpose(1, 2, 0)
        np.testing.assert_array_equal(planes, arr)


class TestFrames:
    def test_several_fragments_per_frame(self, rle_only):
        ds, arr = _dataset(16, 1, 3, False)
        ds.compress(RLELossless)
        frames = list(generate_pixel_data_frame(ds.PixelData, 3))
        ds.PixelData = encapsulate(frames, fragments_per_frame=3)
        np.testing.assert_array_equal(dcmcore.dcmread(io.BytesIO(_written(ds))).pixel_array, arr)

    def test_extended_offset_table(self, rle_only):
        ds, arr = _dataset(8, 3, 3, False)
        ds.compress(RLELossless, encapsulate_ext=True)
        assert "ExtendedOffsetTable" in ds
        np.testing.assert_array_equal(dcmcore.dcmread(io.BytesIO(_written(ds))).pixel_array, arr)

    def test_threads_give_the_same_array(self):
        ds, arr = _rle_dataset((32, 3, 4, False), rows=32, columns=32)
        one = rle_handler.get_pixeldata(ds, threads=1)
        two = rle_handler.get_pixeldata(ds, threads=2)
        np.testing.assert_array_equal(one, two)

    def test_error_names_the_frame(self):
        ds, _ = _dataset(8, 1, 3, False)
        ds.compress(RLELossless)
        frames = list(generate_pixel_data_frame(ds.PixelData, 3))
        frames[1] = struct.pack("<L", 2) + frames[1][4:]  # two segments, one expected
        ds.PixelData = encapsulate(frames)
        for threads in (1, 2):
            with pytest.raises(ValueError, match=r"\(1 vs\. 2 segments\)|\(2 vs\. 1 segments\).*\(frame 2\)"):
                rle_handler.get_pixeldata(ds, threads=threads)

    def test_segment_order_little_first(self):
        # a non-conformant writer that put the low bytes' segment first:
        # two pixels, low bytes 03 04, high bytes 01 02
        frame = _frame([b"\x01\x03\x04", b"\x01\x01\x02"])
        dst = bytearray(4)
        _rle.decode_frame(frame, dst, 2, 1, 2, False)
        assert np.frombuffer(dst, "<u2").tolist() == [0x0103, 0x0204]


class TestMalformed:
    def test_short_header(self):
        with pytest.raises(ValueError, match="64 bytes long"):
            _rle.decode_frame(b"\x01\x00\x00\x00", bytearray(4), 4, 1, 1)
        with pytest.raises(ValueError, match="64 bytes long"):
            rle_handler._parse_rle_header(b"\x00" * 63)

    def test_too_many_segments(self):
        with pytest.raises(ValueError, match=r"invalid number of segments \(16\)"):
            _rle.parse_header(struct.pack("<L", 16) + bytes(60))

    def test_segment_count_does_not_match_bits_allocated(self):
        frame = _frame([b"\x03abcd"])
        with pytest.raises(ValueError, match=r"\(1 vs\. 2 segments\)"):
            _rle.decode_frame(frame, bytearray(8), 4, 1, 2)

    def test_offset_past_the_end(self):
        frame = bytearray(_frame([b"\x03abcd"]))
        frame[4:8] = struct.pack("<L", 1000)
        with pytest.raises(ValueError, match="lies outside the frame"):
            _rle.decode_frame(bytes(frame), bytearray(4), 4, 1, 1)

    def test_offsets_out_of_order(self):
        frame = bytearray(_frame([b"\x01ab", b"\x01cd"]))
        frame[4:12] = struct.pack("<2L", 67, 64)
        with pytest.raises(ValueError, match="is before that of segment"):
            _rle.decode_frame(bytes(frame), bytearray(4), 2, 1, 2)

    def test_short_segment_raises(self, rle_only):
        frame = _frame([b"\x01ab"])  # 2 bytes for 4 pixels
        with pytest.raises(ValueError, match=r"\(2 vs\. 4 bytes\)"):
            rle_handler._rle_decode_frame(frame, 2, 2, 1, 8)

    def test_long_segment_warns(self):
        frame = _frame([b"\x05abcdef"])  # 6 bytes for 4 pixels
        with pytest.warns(UserWarning, match="non-conformant padding - 6 vs. 4 bytes"):
            out = rle_handler._rle_decode_frame(frame, 2, 2, 1, 8)
        assert bytes(out) == b"abcd"
    @pytest.mark.filterwarnings("ignore::UserWarning")  # the warning is the oracle's too

    def test_odd_length_segments(self):
        # segments of 3 and 5 bytes: the standard pads to even, but readers cope
        frame = _frame([b"\x00a\x00", b"\x01bc\xffd"])
        out = rle_handler._rle_decode_frame(frame, 1, 1, 1, 16)
        assert bytes(out) == b"ba"

    def test_bits_allocated_not_a_multiple_of_8(self):
        with pytest.raises(NotImplementedError, match="'Bits Allocated' value of 12"):
            rle_handler._rle_decode_frame(_frame([b"\x00a"]), 1, 1, 1, 12)

    def test_every_truncation_raises_or_decodes(self):
        ds, _ = _dataset(16, 3, 1, False)
        ds.compress(RLELossless)
        frame = next(generate_pixel_data_frame(ds.PixelData, 1))
        nr_pixels = ds.Rows * ds.Columns
        for end in range(len(frame)):
            dst = bytearray(nr_pixels * 6)
            try:
                lengths = _rle.decode_frame(frame[:end], dst, nr_pixels, 3, 2)
            except ValueError:
                continue
            assert len(lengths) == 6

    @settings(max_examples=300, deadline=None)
    @given(st.binary(min_size=0, max_size=200), st.integers(1, 16), st.sampled_from([1, 3]), st.sampled_from([1, 2, 4]))
    def test_random_bytes_never_crash(self, tail, nr_pixels, nr_samples, bytes_per_sample):
        nr_segments = nr_samples * bytes_per_sample
        frame = _frame([tail[i::nr_segments] for i in range(nr_segments)])
        dst = bytearray(nr_pixels * nr_samples * bytes_per_sample)
        try:
            lengths = _rle.decode_frame(frame, dst, nr_pixels, nr_samples, bytes_per_sample)
        except ValueError:
            return
        assert len(lengths) == nr_segments

    def test_wrong_output_buffer(self):
        with pytest.raises(ValueError, match="output buffer"):
            _rle.decode_frame(_frame([b"\x00a"]), bytearray(3), 1, 1, 1)

    def test_encoder_rejects_wrong_length(self):
        with pytest.raises(ValueError, match="expected"):
            _rle.encode_frame(b"\x00" * 5, 2, 2, 1, 1)

    def test_encoder_rejects_too_many_segments(self):
        with pytest.raises(ValueError, match="maximum of 15 segments"):
            _rle.encode_frame(b"\x00" * 32, 1, 1, 4, 8)

    def test_handler_needs_rle_syntax(self):
        ds, _ = _dataset()
        with pytest.raises(NotImplementedError, match="not supported by the RLE pixel data handler"):
            rle_handler.get_pixeldata(ds)

    def test_handler_names_missing_elements(self):
        ds, _ = _dataset()
        ds.compress(RLELossless)
        del ds.Rows
        with pytest.raises(AttributeError, match="missing from the dataset: Rows"):
            rle_handler.get_pixeldata(ds)


class TestEncodingRules:
    def test_replicate_and_literal_runs(self):
        # PS3.5 G.3.1: a run of 3 or more is replicated, shorter runs go into
        # literals of at most 128 bytes, and rows are never joined
        row = b"aaab" + bytes(range(130))
        encoded = _rle.encode_frame(row * 2, 2, len(row), 1, 1)
        segment = encoded[64:]
        assert segment.startswith(b"\xfea")  # 3 x 'a'
        assert segment.count(b"\xfea") == 2  # once per row
        assert segment[2] == 127  # then a 128-byte literal
        assert len(encoded) % 2 == 0

    def test_long_replicate_run_is_split_at_128(self):
        encoded = _rle.encode_frame(b"z" * 300, 1, 300, 1, 1)
        assert encoded[64:].startswith(b"\x81z\x81z")


class TestDcmtk:
    """DCMTK's dcmdrle decodes our RLE, and we decode dcmcrle's."""

    @pytest.fixture(autouse=True)
    def _dcmtk(self):
        import shutil

        if not (shutil.which("dcmdrle") and shutil.which("dcmcrle")):
            pytest.skip("DCMTK's dcmdrle/dcmcrle are not installed")

    @pytest.mark.parametrize("layout", [(8, 1, 1, False), (16, 1, 3, True), (8, 3, 2, False)], ids=_layout_id)
    def test_dcmdrle_decodes_ours(self, layout, tmp_path, rle_only):
        import subprocess

        ds, arr = _dataset(*layout, rows=16, columns=20)
        ds.compress(RLELossless)
        (tmp_path / "rle.dcm").write_bytes(_written(ds))
        subprocess.run(["dcmdrle", str(tmp_path / "rle.dcm"), str(tmp_path / "raw.dcm")], check=True, capture_output=True)
        np.testing.assert_array_equal(dcmcore.dcmread(tmp_path / "raw.dcm").pixel_array, arr)

    @pytest.mark.parametrize("layout", [(8, 1, 1, False), (16, 1, 3, True), (8, 3, 2, False)], ids=_layout_id)
    def test_we_decode_dcmcrle(self, layout, tmp_path, rle_only):
        import subprocess

        ds, arr = _dataset(*layout, rows=16, columns=20)
        (tmp_path / "raw.dcm").write_bytes(_written(ds))
        subprocess.run(["dcmcrle", str(tmp_path / "raw.dcm"), str(tmp_path / "rle.dcm")], check=True, capture_output=True)
        read = dcmcore.dcmread(tmp_path / "rle.dcm")
        assert read.file_meta.TransferSyntaxUID == RLELossless
        np.testing.assert_array_equal(read.pixel_array, arr)
