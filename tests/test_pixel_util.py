"""dcmcore.pixel_data_handlers.util against pydicom 2.4.5's, function by
function: results (dtype included), warnings and errors."""

import io
import struct
import warnings

import numpy as np
import pytest

import dcmcore
from dcmcore.dataset import Dataset, FileMetaDataset
from dcmcore.filewriter import dcmwrite
from dcmcore.pixel_data_handlers import util
from dcmcore.sequence import Sequence
from dcmcore.uid import ExplicitVRBigEndian, ExplicitVRLittleEndian, RLELossless

pydicom = pytest.importorskip("pydicom")
from pydicom.pixel_data_handlers import util as theirs  # noqa: E402


def _image(**elements):
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = elements.pop("syntax", ExplicitVRLittleEndian)
    ds.file_meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.7"
    ds.file_meta.MediaStorageSOPInstanceUID = "1.2.3.4"
    ds.is_little_endian = ds.file_meta.TransferSyntaxUID != ExplicitVRBigEndian
    ds.is_implicit_VR = False
    defaults = dict(
        Rows=4, Columns=6, SamplesPerPixel=1, PhotometricInterpretation="MONOCHROME2",
        BitsAllocated=16, BitsStored=12, HighBit=11, PixelRepresentation=0,
    )
    defaults.update(elements)
    for keyword, value in defaults.items():
        if value is not None:
            setattr(ds, keyword, value)
    return ds


def _pair(ds):
    """`ds` and the same dataset read by pydicom."""
    buffer = io.BytesIO()
    dcmwrite(buffer, ds, write_like_original=False)
    buffer.seek(0)
    return ds, pydicom.dcmread(buffer)


def _outcome(func, *args, **kwargs):
    """The result, or the exception's type and message (library names
    equalised), and the warnings raised."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = func(*args, **kwargs)
        except Exception as exc:
            result = (type(exc).__name__, str(exc).replace("pydicom", "dcmcore"))
    return result, [str(w.message) for w in caught]


def _same(ours, theirs_):
    (a, a_warnings), (b, b_warnings) = ours, theirs_
    assert a_warnings == b_warnings
    if isinstance(b, np.ndarray):
        assert isinstance(a, np.ndarray)
        assert a.dtype == b.dtype and a.shape == b.shape
        np.testing.assert_array_equal(a, b)
    else:
        assert a == b


class TestPixelDtype:
    @pytest.mark.parametrize("bits", [1, 8, 12, 16, 32, 64, 0])
    @pytest.mark.parametrize("representation", [0, 1, 2])
    @pytest.mark.parametrize("syntax", [ExplicitVRLittleEndian, ExplicitVRBigEndian])
    def test_integer(self, bits, representation, syntax):
        ours, other = _pair(_image(BitsAllocated=bits, PixelRepresentation=representation, syntax=syntax))
        _same(_outcome(util.pixel_dtype, ours), _outcome(theirs.pixel_dtype, other))

    @pytest.mark.parametrize("bits", [16, 32, 64])
    def test_float(self, bits):
        ours, other = _pair(_image(BitsAllocated=bits))
        _same(_outcome(util.pixel_dtype, ours, True), _outcome(theirs.pixel_dtype, other, True))

    def test_endianness_from_the_transfer_syntax(self):
        ds = _image(syntax=ExplicitVRBigEndian)
        ds.is_little_endian = None
        assert util.pixel_dtype(ds) == np.dtype(">u2")
        assert ds.is_little_endian is False


class TestLengthsAndFrames:
    @pytest.mark.parametrize(
        "elements",
        [
            {},
            {"BitsAllocated": 1, "Rows": 3, "Columns": 3},
            {"BitsAllocated": 8, "SamplesPerPixel": 3, "PhotometricInterpretation": "YBR_FULL_422"},
            {"NumberOfFrames": 5},
            {"BitsAllocated": 32, "SamplesPerPixel": 3, "PhotometricInterpretation": "RGB", "NumberOfFrames": 2},
        ],
    )
    @pytest.mark.parametrize("unit", ["bytes", "pixels"])
    def test_expected_length(self, elements, unit):
        ours, other = _pair(_image(**elements))
        _same(_outcome(util.get_expected_length, ours, unit), _outcome(theirs.get_expected_length, other, unit))

    def test_number_of_frames_none_warns(self):
        ours = _image()
        ours.NumberOfFrames = None
        other = pydicom.Dataset()
        other.NumberOfFrames = None
        _same(_outcome(util.get_nr_frames, ours), _outcome(theirs.get_nr_frames, other))

    def test_image_pixel_ids(self):
        ours, other = _pair(_image())
        assert util.get_image_pixel_ids(ours).keys() == theirs.get_image_pixel_ids(other).keys()
        before = util.get_image_pixel_ids(ours)
        ours.Rows = 8
        assert util.get_image_pixel_ids(ours) != before


class TestReshape:
    @pytest.mark.parametrize("frames", [None, 1, 3, 0])
    @pytest.mark.parametrize("samples", [1, 3, 0])
    @pytest.mark.parametrize("planar", [0, 1, 2])
    @pytest.mark.parametrize("syntax", [ExplicitVRLittleEndian, RLELossless, "1.2.840.10008.1.2.4.50"])
    def test_against_pydicom(self, frames, samples, planar, syntax):
        ds = _image(SamplesPerPixel=samples, PlanarConfiguration=planar, NumberOfFrames=frames, syntax=syntax)
        ours, other = _pair(ds)
        arr = np.arange(4 * 6 * max(samples, 1) * max(frames or 1, 1), dtype=np.uint16)
        _same(_outcome(util.reshape_pixel_array, ours, arr), _outcome(theirs.reshape_pixel_array, other, arr))


class TestBits:
    @pytest.mark.parametrize("src", [b"", b"\x01", b"\x80\x7f\xff\x00\xa5"])
    @pytest.mark.parametrize("as_array", [True, False])
    def test_unpack(self, src, as_array):
        _same(_outcome(util.unpack_bits, src, as_array), _outcome(theirs.unpack_bits, src, as_array))

    @pytest.mark.parametrize(
        "arr",
        [
            np.array([], np.uint8),
            np.array([1, 0, 1], np.uint8),
            np.ones(16, np.uint8),
            np.array([[1, 0, 0, 1, 1], [0, 1, 1, 0, 1]], np.int16),
            np.array([0, 2, 1]),
            np.array([1.0, 0.0]),
        ],
    )
    @pytest.mark.parametrize("pad", [True, False])
    def test_pack(self, arr, pad):
        _same(_outcome(util.pack_bits, arr, pad), _outcome(theirs.pack_bits, arr, pad))

    def test_round_trip(self):
        rng = np.random.default_rng(3)
        bits = rng.integers(0, 2, 1001, dtype=np.uint8)
        np.testing.assert_array_equal(util.unpack_bits(util.pack_bits(bits))[:1001], bits)

    def test_kernel_bit_offset(self):
        from dcmcore import _bits

        src = bytes([0b10110100, 0b00000001])
        np.testing.assert_array_equal(_bits.unpack_bits(src, 2, 7), [1, 0, 1, 1, 0, 1, 1])
        with pytest.raises(ValueError, match="need more than"):
            _bits.unpack_bits(src, 10, 7)
        with pytest.raises(ValueError, match="outside"):
            _bits.unpack_bits(src, -1)


class TestColorSpace:
    @pytest.mark.parametrize("current", ["RGB", "YBR_FULL", "YBR_FULL_422", "MONOCHROME2"])
    @pytest.mark.parametrize("desired", ["RGB", "YBR_FULL", "YBR_FULL_422", "YBR_ICT"])
    def test_conversions(self, current, desired):
        rng = np.random.default_rng(0)
        arr = rng.integers(0, 256, (2, 5, 7, 3), dtype=np.uint8)
        _same(
            _outcome(util.convert_color_space, arr.copy(), current, desired),
            _outcome(theirs.convert_color_space, arr.copy(), current, desired),
        )

    def test_per_frame(self):
        arr = np.random.default_rng(1).integers(0, 256, (3, 4, 4, 3), dtype=np.uint8)
        ours = util.convert_color_space(arr.copy(), "RGB", "YBR_FULL", per_frame=True)
        other = theirs.convert_color_space(arr.copy(), "RGB", "YBR_FULL", per_frame=True)
        np.testing.assert_array_equal(ours, other)

    @pytest.mark.parametrize("bits", [8, 16])
    def test_expand_ybr422(self, bits):
        src = bytes(range(48))
        assert util.expand_ybr422(src, bits) == theirs.expand_ybr422(src, bits)

    @pytest.mark.parametrize("little", [True, False])
    def test_dtype_corrected_for_endianness(self, little):
        dtype = np.dtype("uint16")
        assert util.dtype_corrected_for_endianness(little, dtype) == theirs.dtype_corrected_for_endianness(little, dtype)
        with pytest.raises(ValueError, match="is_little_endian"):
            util.dtype_corrected_for_endianness(None, dtype)


def _lut_item(descriptor, data, vr="US"):
    item = Dataset()
    item.LUTDescriptor = descriptor
    item.add_new(0x00283006, vr, data if vr == "US" else struct.pack(f"<{len(data)}H", *data))
    return item


class TestModalityLut:
    def test_rescale(self):
        ours, other = _pair(_image(RescaleSlope="1.5", RescaleIntercept="-1024"))
        arr = np.arange(24, dtype=np.uint16).reshape(4, 6)
        _same(_outcome(util.apply_modality_lut, arr, ours), _outcome(theirs.apply_modality_lut, arr, other))

    @pytest.mark.parametrize("vr", ["US", "OW"])
    def test_lut_sequence(self, vr):
        ds = _image()
        ds.ModalityLUTSequence = Sequence([_lut_item([8, 2, 16], [10, 20, 30, 40, 50, 60, 70, 80], vr)])
        ours, other = _pair(ds)
        arr = np.arange(24, dtype=np.uint16).reshape(4, 6)
        _same(_outcome(util.apply_modality_lut, arr, ours), _outcome(theirs.apply_modality_lut, arr, other))

    def test_nothing_to_apply(self):
        arr = np.arange(4)
        assert util.apply_modality_lut(arr, _image()) is arr


class TestVoiLut:
    @pytest.mark.parametrize("function", [None, "LINEAR", "LINEAR_EXACT", "SIGMOID", "OTHER"])
    @pytest.mark.parametrize("width", ["1", "0.5", "400", "0"])
    @pytest.mark.parametrize("representation", [0, 1])
    def test_windowing(self, function, width, representation):
        ds = _image(WindowCenter="40", WindowWidth=width, PixelRepresentation=representation, VOILUTFunction=function)
        ours, other = _pair(ds)
        arr = np.arange(-200, 200, 7, dtype=np.int16)
        _same(_outcome(util.apply_windowing, arr, ours), _outcome(theirs.apply_windowing, arr, other))

    def test_windowing_multiple_values_and_rescale(self):
        ds = _image(WindowCenter=["40", "400"], WindowWidth=["400", "2000"], RescaleSlope="1", RescaleIntercept="-1024")
        ours, other = _pair(ds)
        arr = np.arange(0, 4000, 13, dtype=np.uint16)
        for index in (0, 1):
            _same(_outcome(util.apply_windowing, arr, ours, index), _outcome(theirs.apply_windowing, arr, other, index))

    def test_windowing_needs_monochrome(self):
        ours, other = _pair(_image(WindowCenter="40", WindowWidth="400", PhotometricInterpretation="RGB", SamplesPerPixel=3, PlanarConfiguration=0))
        arr = np.arange(10)
        _same(_outcome(util.apply_windowing, arr, ours), _outcome(theirs.apply_windowing, arr, other))

    @pytest.mark.parametrize("depth", [8, 12, 16, 20])
    @pytest.mark.parametrize("vr", ["US", "OW"])
    def test_voi_sequence(self, depth, vr):
        ds = _image()
        ds.VOILUTSequence = Sequence([_lut_item([4, 10, depth], [5, 6, 7, 255], vr)])
        ours, other = _pair(ds)
        arr = np.arange(0, 20, dtype=np.uint16)
        _same(_outcome(util.apply_voi, arr, ours), _outcome(theirs.apply_voi, arr, other))

    def test_voi_on_floats_warns(self):
        ds = _image()
        ds.VOILUTSequence = Sequence([_lut_item([4, 0, 8], [5, 6, 7, 8])])
        ours, other = _pair(ds)
        arr = np.arange(4, dtype=np.float64)
        _same(_outcome(util.apply_voi, arr, ours), _outcome(theirs.apply_voi, arr, other))

    @pytest.mark.parametrize("prefer_lut", [True, False])
    def test_voi_lut_chooses(self, prefer_lut):
        ds = _image(WindowCenter="2", WindowWidth="4")
        ds.VOILUTSequence = Sequence([_lut_item([4, 0, 8], [5, 6, 7, 8])])
        ours, other = _pair(ds)
        arr = np.arange(6, dtype=np.uint16)
        _same(
            _outcome(util.apply_voi_lut, arr, ours, prefer_lut=prefer_lut),
            _outcome(theirs.apply_voi_lut, arr, other, prefer_lut=prefer_lut),
        )


class TestColorLut:
    def _palette(self, depth=16, segmented=False, alpha=False):
        ds = _image(PhotometricInterpretation="PALETTE COLOR", BitsAllocated=8, BitsStored=8, HighBit=7)
        entries = 8
        for colour, shift in (("Red", 0), ("Green", 1), ("Blue", 2)):
            setattr(ds, f"{colour}PaletteColorLookupTableDescriptor", [entries, 2, depth])
        code = "B" if depth == 8 else "H"
        for colour, shift in (("Red", 0), ("Green", 1), ("Blue", 2)) + ((("Alpha", 3),) if alpha else ()):
            values = [(index * 30 + shift * 7) % (2**depth) for index in range(entries)]
            if segmented:
                # a discrete segment, then a linear one
                words = [0, 4] + values[:4] + [1, 4, values[7]]
                setattr(ds, f"Segmented{colour}PaletteColorLookupTableData", struct.pack(f"<{len(words)}{code}", *words))
            else:
                setattr(ds, f"{colour}PaletteColorLookupTableData", struct.pack(f"<{entries}{code}", *values))
        return ds

    @pytest.mark.parametrize("depth", [8, 16])
    @pytest.mark.parametrize("segmented", [False, True])
    @pytest.mark.parametrize("alpha", [False, True])
    def test_against_pydicom(self, depth, segmented, alpha):
        ours, other = _pair(self._palette(depth, segmented, alpha))
        arr = np.arange(0, 12, dtype=np.uint8).reshape(3, 4)
        _same(_outcome(util.apply_color_lut, arr, ours), _outcome(theirs.apply_color_lut, arr, other))

    def test_errors(self):
        arr = np.arange(4, dtype=np.uint8)
        _same(_outcome(util.apply_color_lut, arr), _outcome(theirs.apply_color_lut, arr))
        _same(_outcome(util.apply_color_lut, arr, palette="NOPE"), _outcome(theirs.apply_color_lut, arr, palette="NOPE"))
        ours, other = _pair(_image())
        _same(_outcome(util.apply_color_lut, arr, ours), _outcome(theirs.apply_color_lut, arr, other))

    def test_expand_segmented_lut(self):
        data = (0, 3, 10, 20, 30, 1, 4, 70, 2, 2, 0, 0)
        for fmt in ("<H", ">H"):
            assert util._expand_segmented_lut(data, fmt) == theirs._expand_segmented_lut(data, fmt)
        with pytest.raises(ValueError, match="first segment cannot be a linear segment"):
            util._expand_segmented_lut((1, 4, 10), "<H")
        with pytest.raises(ValueError, match="unknown segment type '7'"):
            util._expand_segmented_lut((7, 1, 1), "<H")


class TestJ2kParameters:
    @pytest.mark.parametrize(
        "codestream",
        [
            b"\xff\x4f\xff\x51" + bytes(38) + b"\x0b",
            b"\xff\x4f\xff\x51" + bytes(38) + b"\x8f",
            b"\xff\x4f\xff\x52" + bytes(40),
            b"\xff\x4f",
            b"",
        ],
    )
    def test_against_pydicom(self, codestream):
        assert util.get_j2k_parameters(codestream) == theirs.get_j2k_parameters(codestream)
