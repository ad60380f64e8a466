"""Tests of dcmcore.filewriter: byte-identical output with pydicom 2.4.5,
round trips, and pydicom's errors and warnings."""

import glob
import io
import os
import warnings
from pathlib import Path

import pytest

import dcmcore
import dcmcore.config
from dcmcore.dataelem import DataElement
from dcmcore.dataset import Dataset, FileMetaDataset
from dcmcore.filebase import DicomBytesIO
from dcmcore.filewriter import dcmwrite, write_data_element, write_dataset, write_file_meta_info
from dcmcore.sequence import Sequence

IMPLICIT_LE = "1.2.840.10008.1.2"
EXPLICIT_LE = "1.2.840.10008.1.2.1"
DEFLATED_LE = "1.2.840.10008.1.2.1.99"
EXPLICIT_BE = "1.2.840.10008.1.2.2"
TRANSFER_SYNTAXES = [IMPLICIT_LE, EXPLICIT_LE, DEFLATED_LE, EXPLICIT_BE]


@pytest.fixture(scope="module")
def pydicom():
    return pytest.importorskip("pydicom")


def _build(module, transfer_syntax, undefined=True):
    """The same dataset built in code with dcmcore or pydicom."""
    ds = module.dataset.Dataset()
    ds.SpecificCharacterSet = "ISO_IR 100"
    ds.ImageType = ["ORIGINAL", "PRIMARY"]
    ds.SOPClassUID = "1.2.840.10008.5.1.4.1.1.7"
    ds.SOPInstanceUID = "1.2.3.4.5"
    ds.StudyDate = "20240101"
    ds.StudyTime = "120000.5"
    ds.Modality = "OT"
    ds.PatientName = "Doe^John"
    ds.PatientID = "ODD"
    ds.PatientAge = "054Y"
    ds.SliceThickness = "1.5"
    ds.ImagePositionPatient = ["1.0", "-2.5", "3"]
    ds.InstanceNumber = "7"
    ds.FrameIncrementPointer = 0x00181063
    ds.add_new(0x00189087, "FD", 1.25)
    ds.Rows = 2
    ds.Columns = 2
    ds.BitsAllocated = 16
    ds.PixelRepresentation = 1
    ds.SmallestImagePixelValue = -3
    ds.add_new(0x00181310, "US", [0, 2, 2, 0])
    ds.add_new(0x00400A04, "UT", "unlimited text")
    ds.add_new(0x00081030, "LO", "odd")
    item = module.dataset.Dataset()
    item.BeamNumber = 1
    item.BeamName = "beam"
    inner = module.dataset.Dataset()
    inner.ControlPointIndex = 0
    item.ControlPointSequence = module.sequence.Sequence([inner])
    ds.BeamSequence = module.sequence.Sequence([item])
    ds.BeamSequence.is_undefined_length = undefined
    item.is_undefined_length_sequence_item = undefined
    block = ds.private_block(0x0011, "DCMCORE TEST", create=True)
    block.add_new(0x01, "LO", "private")
    block.add_new(0x02, "OB", b"\x01\x02\x03")
    ds.PixelData = b"\x01\x00\x02\x00\x03\x00\x04\x00"
    ds.file_meta = module.dataset.FileMetaDataset()
    ds.file_meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.7"
    ds.file_meta.MediaStorageSOPInstanceUID = "1.2.3.4.5"
    ds.file_meta.TransferSyntaxUID = transfer_syntax
    ds.file_meta.ImplementationClassUID = "1.2.3.4"
    ds.is_implicit_VR = transfer_syntax == IMPLICIT_LE
    ds.is_little_endian = transfer_syntax != EXPLICIT_BE
    return ds


def _write(module, ds, **kwargs):
    fp = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        module.dcmwrite(fp, ds, **kwargs)
    return fp.getvalue()


class TestSameBytesAsPydicom:
    @pytest.mark.parametrize("transfer_syntax", TRANSFER_SYNTAXES)
    @pytest.mark.parametrize("write_like_original", [True, False])
    @pytest.mark.parametrize("undefined", [True, False])
    def test_dataset_built_in_code(self, pydicom, transfer_syntax, write_like_original, undefined):
        ours = _build(dcmcore, transfer_syntax, undefined)
        theirs = _build(pydicom, transfer_syntax, undefined)
        ours.file_meta.ImplementationVersionName = theirs.file_meta.ImplementationVersionName = "X"
        assert _write(dcmcore, ours, write_like_original=write_like_original) == _write(
            pydicom, theirs, write_like_original=write_like_original
        )

    def test_read_back_by_pydicom(self, pydicom):
        for transfer_syntax in TRANSFER_SYNTAXES:
            data = _write(dcmcore, _build(dcmcore, transfer_syntax))
            theirs = pydicom.dcmread(io.BytesIO(data), force=True)
            assert theirs.PatientName == "Doe^John"
            assert theirs.BeamSequence[0].ControlPointSequence[0].ControlPointIndex == 0
            assert theirs.SmallestImagePixelValue == -3
            reference = pydicom.dcmread(io.BytesIO(_write(pydicom, _build(pydicom, transfer_syntax))), force=True)
            assert str(theirs) == str(reference)

    def test_pydicom_corpus_round_trip(self, pydicom):
        """Files read and written back as they were read: the bytes pydicom
        writes, which for well-formed files are the input bytes."""
        import pydicom.data

        folder = os.path.join(os.path.dirname(pydicom.data.__file__), "test_files")
        identical = 0
        for path in sorted(glob.glob(os.path.join(folder, "**", "*.dcm"), recursive=True)):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    theirs = _write(pydicom, pydicom.dcmread(path, force=True))
                except Exception:
                    continue
                # truncated files raise in dcmcore unless validation is off
                with dcmcore.config.disable_value_validation():
                    ours = _write(dcmcore, dcmcore.dcmread(path, force=True))
            assert ours == theirs, path
            identical += 1
        assert identical > 40
    @pytest.mark.filterwarnings("ignore::UserWarning")  # the warning is the oracle's too

    def test_decoded_values_round_trip(self, pydicom):
        """Every value accessed (decoded) before writing: still pydicom's bytes."""
        from dcmcore.data import get_testdata_files

        for path in get_testdata_files("*.dcm"):
            ours = dcmcore.dcmread(path)
            theirs = pydicom.dcmread(path)
            for ds in (ours, theirs):
                for elem in ds.iterall():
                    elem.value
            assert _write(dcmcore, ours) == _write(pydicom, theirs), path
            assert _write(dcmcore, dcmcore.dcmread(path)) == Path(path).read_bytes()


class TestErrorsAndWarnings:
    def test_encoding_not_set(self, pydicom):
        ds = Dataset()
        ds.PatientName = "A"
        with pytest.raises(AttributeError, match="'Dataset.is_little_endian' and 'Dataset.is_implicit_VR' must be"):
            dcmwrite(io.BytesIO(), ds)

    def test_group_2_in_dataset(self):
        ds = _build(dcmcore, EXPLICIT_LE)
        ds.add_new(0x00020010, "UI", EXPLICIT_LE)
        with pytest.raises(ValueError, match=r"File Meta Information Group Elements \(0002,eeee\)"):
            dcmwrite(io.BytesIO(), ds)

    def test_bad_preamble(self):
        ds = _build(dcmcore, EXPLICIT_LE)
        ds.preamble = b"\0" * 10
        with pytest.raises(ValueError, match="must be 128-bytes long"):
            dcmwrite(io.BytesIO(), ds)

    def test_ambiguous_vr_in_explicit(self):
        fp = DicomBytesIO()
        fp.is_little_endian, fp.is_implicit_VR = True, False
        with pytest.raises(ValueError, match="Cannot write ambiguous VR of 'US or SS'"):
            write_data_element(fp, DataElement(0x00280106, "US or SS", b"\x00\x00"))

    def test_pixel_data_not_encapsulated(self):
        fp = DicomBytesIO()
        fp.is_little_endian, fp.is_implicit_VR = True, False
        elem = DataElement(0x7FE00010, "OB", b"\x00\x00", is_undefined_length=True)
        with pytest.raises(ValueError, match="isn't encapsulated as required"):
            write_data_element(fp, elem)
    @pytest.mark.filterwarnings("ignore::UserWarning")  # the warning is the oracle's too

    def test_long_value_becomes_un(self, pydicom):
        fp = DicomBytesIO()
        fp.is_little_endian, fp.is_implicit_VR = True, False
        with pytest.warns(UserWarning, match="exceeds the size of 64 kByte"):
            write_data_element(fp, DataElement(0x00081030, "LO", "x" * 0x10000))
        theirs = pydicom.filebase.DicomBytesIO()
        theirs.is_little_endian, theirs.is_implicit_VR = True, False
        with pytest.warns(UserWarning):
            pydicom.filewriter.write_data_element(theirs, pydicom.dataelem.DataElement(0x00081030, "LO", "x" * 0x10000))
        assert fp.getvalue() == theirs.getvalue()

    def test_bad_number_raises_oserror(self):
        fp = DicomBytesIO()
        fp.is_little_endian, fp.is_implicit_VR = True, True
        elem = DataElement(0x00280010, "US", 1)
        elem._value = 70000  # past the validation of the setter
        with pytest.raises(OSError, match="for data_element"):
            write_data_element(fp, elem)

    def test_bad_destination(self):
        with pytest.raises(TypeError, match="Expected a file path or a file-like, but got int"):
            dcmwrite(42, _build(dcmcore, EXPLICIT_LE))

    def test_write_file_is_deprecated(self):
        import dcmcore.filewriter as filewriter

        with pytest.warns(DeprecationWarning, match="'write_file' is deprecated"):
            assert filewriter.write_file is dcmwrite


class TestOptions:
    def test_enforce_file_format(self, pydicom):
        ours = _build(dcmcore, EXPLICIT_LE)
        ours.file_meta.ImplementationVersionName = "X"
        enforced = _write(dcmcore, ours, enforce_file_format=True)
        assert enforced[128:132] == b"DICM"
        ours = _build(dcmcore, EXPLICIT_LE)
        ours.file_meta.ImplementationVersionName = "X"
        assert enforced == _write(dcmcore, ours, write_like_original=False)

    def test_path_and_save_as(self, tmp_path, pydicom):
        ds = _build(dcmcore, IMPLICIT_LE)
        path = tmp_path / "out.dcm"
        dcmwrite(path, ds)
        ds.save_as(os.fspath(tmp_path / "saved.dcm"))
        assert path.read_bytes() == (tmp_path / "saved.dcm").read_bytes()
        assert pydicom.dcmread(path, force=True).PatientName == "Doe^John"

    def test_deflated_is_deflated(self):
        data = _write(dcmcore, _build(dcmcore, DEFLATED_LE))
        assert b"Doe^John" not in data
        assert dcmcore.dcmread(io.BytesIO(data), force=True).PatientName == "Doe^John"

    def test_write_dataset_and_file_meta(self, pydicom):
        ours = _build(dcmcore, EXPLICIT_LE)
        theirs = _build(pydicom, EXPLICIT_LE)
        for writer, module, ds in ((write_dataset, dcmcore, ours), (pydicom.filewriter.write_dataset, pydicom, theirs)):
            fp = module.filebase.DicomBytesIO()
            fp.is_little_endian, fp.is_implicit_VR = True, False
            assert writer(fp, ds) == len(fp.getvalue())
        meta_ours = DicomBytesIO()
        write_file_meta_info(meta_ours, ours.file_meta)
        meta_theirs = pydicom.filebase.DicomBytesIO()
        theirs.file_meta.ImplementationVersionName = ours.file_meta.ImplementationVersionName
        pydicom.filewriter.write_file_meta_info(meta_theirs, theirs.file_meta)
        assert meta_ours.getvalue() == meta_theirs.getvalue()
        with pytest.raises(ValueError):
            write_file_meta_info(DicomBytesIO(), FileMetaDataset())

    def test_sequence_lengths_are_patched(self):
        ds = Dataset()
        item = Dataset()
        item.PatientID = "12"
        ds.BeamSequence = Sequence([item])
        fp = DicomBytesIO()
        fp.is_little_endian, fp.is_implicit_VR = True, True
        write_dataset(fp, ds)
        data = fp.getvalue()
        # SQ length 18 = item header 8 + element 10; item length 10
        assert data == bytes.fromhex("0a30b000 12000000 feff00e0 0a000000 10002000 02000000") + b"12"


# -- the element writer kernel (dcmcore._writer) -------------------------------

# (VR, value) written by the kernel where it can; each must give the bytes of
# the general writer and of pydicom. Values set past the value setter are
# marked ("set", value), or ("raw", value) when the kernel leaves them to the
# general writer, ("long", value) when it does so in explicit VR only.
KERNEL_VALUES = [
    ("AE", "STORESCP"), ("AS", "054Y"), ("CS", ["ORIGINAL", "PRIMARY", "X"]), ("CS", ""), ("CS", None),
    ("DA", "20240101"), ("DA", ["20240101", "20240102"]), ("DT", "20240101120000.5"), ("TM", "1200"),
    ("UR", "http://example.com/x"), ("UI", "1.2.3"), ("UI", "1.2.34"), ("UI", ["1.2", "1.23"]),
    ("LO", "odd"), ("LO", ["a", "bc"]), ("LO", ["", ""]), ("LT", "a\\b c"), ("SH", "Ünï"), ("ST", ""),
    ("UT", "xyz"), ("UC", ["a", "b"]),
    ("DS", "1.5"), ("DS", 1.5), ("DS", ["1", "2.50", "-3e2"]), ("DS", " 3.0 "), ("IS", "7"), ("IS", 7),
    ("IS", ["1", "22"]),
    ("PN", "Doe^John"), ("PN", ["A^B", "C"]), ("PN", "Müller^Jörg"), ("PN", ""),
    ("US", 1), ("US", [1, 2, 3]), ("US", 0xFFFF), ("US", []), ("SS", -3), ("SS", [-1, 2]),
    ("UL", 2**32 - 1), ("SL", -(2**31)), ("SL", [1, -1]), ("UV", 2**64 - 1), ("UV", 2**63), ("SV", -(2**63)),
    ("FL", 1.5), ("FL", 1e-50), ("FL", [1.0, -2.25]), ("FD", [1.0, 2.5]), ("FD", float("nan")), ("FD", -0.0),
    ("FD", float("inf")), ("FL", ("raw", 1)), ("US", ("raw", True)),
    ("OB", b"\x01\x02\x03"), ("OB", b""), ("OW", b"\x01\x02"), ("OW", ("set", b"\x01\x02\x03")), ("UN", b"\x01"),
    ("OD", b"\0" * 8), ("OF", b"\0" * 4), ("OL", b"\0" * 4), ("OV", b"\0" * 8),
    ("AT", 0x00100010), ("AT", [0x00100010, 0x00100020]),
    # left to the general writer: errors and warnings
    ("US", ("raw", 70000)), ("US", ("raw", -1)), ("SS", ("raw", 40000)), ("UV", ("raw", 2**64)),
    ("SV", ("raw", 2**63)), ("FL", ("raw", 1e40)), ("US", ("raw", [1, 70000])), ("US", ("raw", 1.5)),
    ("LO", ("long", "x" * 0x10000)), ("UT", ("set", "x" * 0x10001)), ("OB", ("set", b"\0" * 0x10001)),
    ("UI", ("raw", "1.2.ü")), ("CS", ("raw", ["A", b"B"])),
]
KERNEL_SYNTAXES = [(True, True), (False, True), (False, False)]  # (implicit VR, little endian)


def _kernel_element(module, index, vr, value):
    tag = 0x00091000 + index
    if isinstance(value, tuple):
        elem = module.dataelem.DataElement(tag, vr, None)
        elem._value = value[1]  # past the value setter's conversion and checks
        return elem
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return module.dataelem.DataElement(tag, vr, value)


def _outcome(func):
    """(bytes or None, exception type and first line or None, warning texts)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            data, error = func(), None
        except Exception as exc:
            data, error = None, (type(exc), str(exc).split("\n")[0].replace("pydicom", "dcmcore"))
    return data, error, [str(w.message).replace("pydicom", "dcmcore") for w in caught]


def _element_bytes(module, elem, implicit, little, whole_dataset, encodings=None):
    fp = module.filebase.DicomBytesIO()
    fp.is_implicit_VR, fp.is_little_endian = implicit, little
    if whole_dataset:  # the kernel
        ds = module.dataset.Dataset()
        ds.add(elem)
        module.filewriter.write_dataset(fp, ds)
    else:  # the general writer
        module.filewriter.write_data_element(fp, elem, encodings)
    return fp.getvalue()


class TestWriterKernel:
    @pytest.mark.parametrize("implicit, little", KERNEL_SYNTAXES)
    @pytest.mark.parametrize("index, vr, value", [(i, vr, v) for i, (vr, v) in enumerate(KERNEL_VALUES)])
    def test_same_as_general_writer_and_pydicom(self, pydicom, implicit, little, index, vr, value):
        if not implicit and vr == "US or SS":
            pytest.skip("ambiguous VRs are not written in explicit VR")
        kernel = _outcome(lambda: _element_bytes(dcmcore, _kernel_element(dcmcore, index, vr, value), implicit, little, True))
        general = _outcome(
            lambda: _element_bytes(dcmcore, _kernel_element(dcmcore, index, vr, value), implicit, little, False)
        )
        theirs = _outcome(
            lambda: _element_bytes(pydicom, _kernel_element(pydicom, index, vr, value), implicit, little, False)
        )
        assert general == theirs
        # the kernel's errors carry pydicom's "With tag ..." prefix
        if kernel[1] is not None:
            assert kernel[1][0] is theirs[1][0]
            assert kernel[1][1].startswith("With tag (0009, 10")
            assert kernel[1][1].endswith(theirs[1][1])
            assert kernel[2] == theirs[2]
        else:
            assert kernel == theirs

    @pytest.mark.parametrize("charset", ["ISO_IR 100", "ISO_IR 192", "ISO 2022 IR 87", "GB18030", "ISO_IR 144"])
    def test_text_in_character_sets(self, pydicom, charset):
        values = {
            "ISO_IR 100": "Müller^Jörg",
            "ISO_IR 192": "Wang^XiaoDong=王^小東",
            "ISO 2022 IR 87": "Yamada^Tarou",
            "GB18030": "Wang^XiaoDong=王^小东",
            "ISO_IR 144": "Люкceмбypг",
        }
        datasets = []
        for module in (dcmcore, pydicom):
            ds = module.dataset.Dataset()
            ds.SpecificCharacterSet = charset
            ds.PatientName = values[charset]
            ds.InstitutionName = values[charset].replace("^", " ").split("=")[0]
            ds.StudyDescription = "plain ascii"
            ds.add_new(0x00091001, "UT", "ascii\\text")
            ds.add_new(0x00091002, "LO", ["one", "two"])
            item = module.dataset.Dataset()
            item.PatientName = values[charset]
            item.StudyDescription = "in item"
            ds.add_new(0x00091003, "SQ", [item])
            ds.is_implicit_VR, ds.is_little_endian = False, True
            datasets.append(ds)
        ours = _outcome(lambda: _write(dcmcore, datasets[0]))
        theirs = _outcome(lambda: _write(pydicom, datasets[1]))
        assert ours == theirs
        assert ours[0]

    def test_ascii_codecs_encode_ascii_as_is(self):
        from dcmcore import charset
        from dcmcore.filewriter import _ASCII_CODECS

        ascii_text = "".join(chr(code) for code in range(128))
        for codec in _ASCII_CODECS:
            assert codec not in charset.custom_encoders
            assert charset.convert_encodings(codec) == [codec]
            assert charset.encode_string(ascii_text, [codec]) == ascii_text.encode("ascii"), codec

    def test_vr_enum_and_retired_group_length(self, pydicom):
        from dcmcore.valuerep import VR

        ds = Dataset()
        ds.add(DataElement(0x00100010, VR.PN, "A^B"))
        ds.add(DataElement(0x00280010, VR.US, [1, 2]))
        ds.add(DataElement(0x00280011, VR.US, 3))
        ds.add(DataElement(0x00100000, "UL", 99))  # retired group length: not written
        ds.add(DataElement(0x00000000, "UL", 4))  # command group length: written
        fp = DicomBytesIO()
        fp.is_little_endian, fp.is_implicit_VR = True, False
        write_dataset(fp, ds)
        assert fp.getvalue() == (
            bytes.fromhex("00000000 554c 0400 04000000")
            + bytes.fromhex("10001000 504e 0400") + b"A^B "
            + bytes.fromhex("28001000 5553 0400 01000200")
            + bytes.fromhex("28001100 5553 0200 0300")
        )

    def test_raw_elements_copied(self, pydicom):
        """Raw elements: copied as read, also deferred, undefined-length and
        odd ones, in every transfer syntax."""
        for transfer_syntax in (IMPLICIT_LE, EXPLICIT_LE, EXPLICIT_BE):
            data = _write(pydicom, _build(pydicom, transfer_syntax))
            ours = dcmcore.dcmread(io.BytesIO(data), force=True)
            assert any(elem.is_raw for elem in ours._dict.values())
            assert _write(dcmcore, ours) == data
            deferred = dcmcore.dcmread(io.BytesIO(data), defer_size=4, force=True)
            assert _write(dcmcore, deferred) == data

    def test_sorted_elements_and_tag_ranges(self):
        from dcmcore import _writer
        from dcmcore.tag import Tag

        elements = {Tag(tag): tag for tag in (0x7FE00010, 0x00080005, 0x00100010, 0x00020010, 0x00000000)}
        assert _writer.sorted_elements(elements) == sorted(elements.values())
        assert _writer.sorted_elements({}) == []
        assert _writer.has_tag_between(elements, 0x00020000, 0x0002FFFF)
        assert not _writer.has_tag_between(elements, 0x00030000, 0x0007FFFF)
        with pytest.raises(ValueError, match="not a 32-bit tag"):
            _writer.sorted_elements({-1: None})
        with pytest.raises(TypeError):
            _writer.sorted_elements({"PatientName": None})

    def test_explicit_vr_header_sizes(self):
        from dcmcore import _writer
        from dcmcore.valuerep import EXPLICIT_VR_LENGTH_32, STANDARD_VR

        for vr in STANDARD_VR:
            assert _writer.explicit_vr_header_size(str(vr.value)) == (12 if vr in EXPLICIT_VR_LENGTH_32 else 8), vr
        assert _writer.explicit_vr_header_size("XX") == 0
        assert _writer.explicit_vr_header_size("US or SS") == 0

    def test_write_elements_stops_for_the_general_writer(self):
        from dcmcore import _writer

        elements = [DataElement(0x00100010, "PN", "A"), DataElement(0x00100020, "LO", "id")]
        elements.insert(1, DataElement(0x00209165, "AT", 0x00100010))
        out = bytearray()
        assert _writer.write_elements(out, elements, 0, True, True, True, ["iso8859"]) == 1
        assert out == bytes.fromhex("10001000 02000000") + b"A "
        assert _writer.write_elements(out, elements, 2, True, True, True, ["iso8859"]) == 3
        assert out.endswith(bytes.fromhex("10002000 02000000") + b"id")
        with pytest.raises(ValueError, match="start must not be negative"):
            _writer.write_elements(out, elements, -1, True, True, True, ["iso8859"])

    @pytest.mark.parametrize("implicit, little", KERNEL_SYNTAXES)
    def test_common_values_take_the_fast_path(self, implicit, little):
        """The kernel itself writes all but the values it must leave to the
        general writer (so that the comparisons above test it)."""
        from dcmcore import _writer

        for index, (vr, value) in enumerate(KERNEL_VALUES):
            elem = _kernel_element(dcmcore, index, vr, value)
            left = vr == "AT" or value == "Ünï" or (isinstance(value, tuple) and value[0] == "raw")
            left = left or (isinstance(value, tuple) and value[0] == "long" and not implicit)
            expected = 0 if left else 1
            out = bytearray()
            assert _writer.write_elements(out, [elem], 0, implicit, little, True, ["iso8859"]) == expected, (vr, value)
            if expected:
                assert out == _element_bytes(dcmcore, elem, implicit, little, False)
            else:
                assert out == b""


def _sequence_dataset(module):
    """A dataset of `module` (dcmcore or pydicom) with nested sequences of
    defined and undefined lengths, an empty sequence and an empty item."""
    ds = module.dataset.Dataset()
    ds.PatientName = "Sequence^Test"
    items = []
    for number in range(3):
        item = module.dataset.Dataset()
        item.ReferencedSOPInstanceUID = f"1.2.3.{number}"
        item.ReferencedFrameNumber = [1, 2]
        code = module.dataset.Dataset()
        code.CodeValue = "C"
        code.CodeMeaning = "Ünïcode" if number == 2 else "code"
        item.PurposeOfReferenceCodeSequence = module.sequence.Sequence([code])
        item.is_undefined_length_sequence_item = number == 1
        items.append(item)
    ds.ReferencedImageSequence = module.sequence.Sequence(items)
    ds["ReferencedImageSequence"].is_undefined_length = True
    ds.ReferencedStudySequence = module.sequence.Sequence([module.dataset.Dataset()])
    ds.ReferencedSeriesSequence = module.sequence.Sequence()
    return ds


class TestKernelSequences:
    @pytest.mark.parametrize("implicit, little", KERNEL_SYNTAXES)
    def test_same_bytes_as_pydicom(self, implicit, little):
        pydicom = pytest.importorskip("pydicom")
        written = []
        for module in (dcmcore, pydicom):
            ds = _sequence_dataset(module)
            ds.SpecificCharacterSet = "ISO_IR 100"
            ds.is_implicit_VR, ds.is_little_endian = implicit, little
            fp = module.filebase.DicomBytesIO()
            fp.is_implicit_VR, fp.is_little_endian = implicit, little
            module.filewriter.write_dataset(fp, ds)
            written.append(fp.getvalue())
        assert written[0] == written[1]

    @pytest.mark.parametrize("implicit, little", KERNEL_SYNTAXES)
    def test_the_kernel_writes_them(self, implicit, little):
        from dcmcore import _writer

        ds = _sequence_dataset(dcmcore)
        # text the kernel writes itself (non-ASCII text is the Python writer's)
        ds.ReferencedImageSequence[2].PurposeOfReferenceCodeSequence[0].CodeMeaning = "code"
        elements = [ds[tag] for tag in ds.keys()]
        out = bytearray()
        assert _writer.write_elements(out, elements, 0, implicit, little, True, ["latin_1"]) == len(elements)
        # and the items take the file's encoding, as pydicom's writer sets it
        assert ds.ReferencedImageSequence[0].is_little_endian is little
        assert ds.ReferencedImageSequence[0].PurposeOfReferenceCodeSequence[0].is_implicit_VR is implicit

    @pytest.mark.parametrize(
        "change",
        ["charset", "raw", "ambiguous", "subclass"],
    )
    def test_items_the_python_writer_must_see(self, change):
        from dcmcore import _writer
        from dcmcore.dataelem import RawDataElement
        from dcmcore.tag import Tag

        ds = _sequence_dataset(dcmcore)
        ds.ReferencedImageSequence[2].PurposeOfReferenceCodeSequence[0].CodeMeaning = "code"
        item = ds.ReferencedImageSequence[1]
        if change == "charset":
            item.SpecificCharacterSet = "ISO_IR 192"
        elif change == "raw":
            item._dict[Tag(0x00100020)] = RawDataElement(Tag(0x00100020), "LO", 2, b"ID", 0, False, True)
        elif change == "ambiguous":
            item.add_new(0x00281101, "US or SS", [0, 0, 16])
        else:
            class Item(Dataset):
                pass

            ds.ReferencedImageSequence[1] = Item(item)
        out = bytearray()
        elem = ds["ReferencedImageSequence"]
        assert _writer.write_elements(out, [elem], 0, False, True, True, ["iso8859"]) == 0
        assert out == b""
        # the general writer writes it, nested sequences by the kernel again
        fp = DicomBytesIO()
        fp.is_implicit_VR, fp.is_little_endian = False, True
        write_data_element(fp, elem)
        assert fp.getvalue().startswith(bytes.fromhex("0800 4011") + b"SQ\0\0\xff\xff\xff\xff")


class TestPrivateTransferSyntax:
    @pytest.mark.parametrize("write_like_original", [True, False])
    def test_unset_encoding_is_pydicoms_attribute_error(self, tmp_path, write_like_original):
        """A private Transfer Syntax UID says nothing of the encoding: saving
        without it set raises pydicom's AttributeError, and writes no file."""
        ds = Dataset()
        ds.PatientName = "A"
        ds.file_meta = FileMetaDataset()
        ds.file_meta.TransferSyntaxUID = "1.2"
        ds.file_meta.MediaStorageSOPClassUID = "1.2.3"
        ds.file_meta.MediaStorageSOPInstanceUID = "1.2.3.4"
        path = tmp_path / "private.dcm"
        message = "'Dataset.is_little_endian' and 'Dataset.is_implicit_VR' must be set appropriately before saving"
        with pytest.raises(AttributeError, match=message):
            ds.save_as(path, write_like_original=write_like_original)
        assert not path.exists()
        pydicom = pytest.importorskip("pydicom")
        theirs = pydicom.dataset.Dataset()
        theirs.PatientName = "A"
        theirs.file_meta = pydicom.dataset.FileMetaDataset()
        theirs.file_meta.TransferSyntaxUID = "1.2"
        theirs.file_meta.MediaStorageSOPClassUID = "1.2.3"
        theirs.file_meta.MediaStorageSOPInstanceUID = "1.2.3.4"
        with pytest.raises(AttributeError, match=message):
            theirs.save_as(io.BytesIO(), write_like_original=write_like_original)


class TestAtomicSave:
    """A save to a path replaces the file whole or leaves it as it was."""

    @pytest.fixture
    def saved(self, tmp_path):
        ds = dcmcore.dcmread(dcmcore.data.get_testdata_file("CT_small.dcm"))
        path = tmp_path / "ct.dcm"
        ds.save_as(path)
        return ds, path, path.read_bytes()

    @staticmethod
    def _left_alone(path, original):
        assert path.read_bytes() == original
        assert sorted(p.name for p in path.parent.iterdir()) == [path.name]

    def test_replaces_and_keeps_permissions(self, saved):
        ds, path, original = saved
        os.chmod(path, 0o640)
        ds.PatientName = "Other^Name"
        ds.save_as(path)
        assert dcmcore.dcmread(path).PatientName == "Other^Name"
        assert os.stat(path).st_mode & 0o777 == 0o640
        assert sorted(os.listdir(path.parent)) == [path.name]

    def test_new_file_has_the_mode_open_gives(self, tmp_path, saved):
        ds = saved[0]
        umask = os.umask(0o022)
        try:
            dcmwrite(str(tmp_path / "new.dcm"), ds)
        finally:
            os.umask(umask)
        assert os.stat(tmp_path / "new.dcm").st_mode & 0o777 == 0o644

    def test_value_that_cannot_be_encoded(self, saved):
        ds, path, original = saved
        with pytest.warns(UserWarning, match="between 0 and 65535"):
            ds.add_new(0x00280010, "US", 70000)  # Rows: does not fit 16 bits
        with pytest.raises(OSError, match=r"With tag \(0028, 0010\) got exception"):
            ds.save_as(path)
        self._left_alone(path, original)

    @pytest.mark.parametrize("step", ["write", "fsync", "replace"])
    def test_error_mid_write(self, saved, monkeypatch, step):
        ds, path, original = saved
        ds.PatientName = "Changed"
        real_fdopen = os.fdopen

        class HalfWriter:
            def __init__(self, fp):
                self.fp = fp

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                self.fp.close()

            def write(self, data):
                self.fp.write(bytes(data[: len(data) // 2]))
                raise OSError(28, "No space left on device")

        if step == "write":
            monkeypatch.setattr(os, "fdopen", lambda *a, **k: HalfWriter(real_fdopen(*a, **k)))
        else:

            def fail(*args, **kwargs):
                raise OSError(5, f"{step} failed")

            monkeypatch.setattr(os, step, fail)
        with pytest.raises(OSError):
            ds.save_as(path)
        monkeypatch.undo()
        self._left_alone(path, original)

    def test_interrupted(self, saved, monkeypatch):
        ds, path, original = saved
        import dcmcore.filebase

        def interrupt(*args):
            raise KeyboardInterrupt

        monkeypatch.setattr(dcmcore.filebase, "_copy_ownership", interrupt)
        with pytest.raises(KeyboardInterrupt):
            ds.save_as(path)
        monkeypatch.undo()
        self._left_alone(path, original)

    def test_file_size_limit(self, saved, tmp_path):
        # a full disk, as the kernel reports it to a process over its file size limit
        resource = pytest.importorskip("resource")
        import subprocess
        import sys

        _, path, original = saved
        script = f"""
import resource, signal
import dcmcore
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
ds = dcmcore.dcmread({str(path)!r})
ds.PixelData = ds.PixelData * 4
resource.setrlimit(resource.RLIMIT_FSIZE, ({len(original) + 1000}, resource.RLIM_INFINITY))
try:
    ds.save_as({str(path)!r})
except OSError as exc:
    print("OSError", exc.errno)
"""
        result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path)
        assert result.stdout.startswith("OSError"), result.stderr
        self._left_alone(path, original)

    def test_full_tmpfs(self, saved, tmp_path):
        import subprocess

        _, _, original = saved
        mount = tmp_path / "small"
        mount.mkdir()
        if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)]).returncode:
            pytest.skip("cannot mount a tmpfs here")
        try:
            path = mount / "ct.dcm"
            path.write_bytes(original)
            ds = dcmcore.dcmread(path)
            with pytest.raises(OSError) as info:
                ds.save_as(path)  # the old and the new file do not both fit
            assert info.value.errno == 28
            self._left_alone(path, original)
        finally:
            subprocess.run(["umount", str(mount)])

    def test_symlink_is_followed(self, saved, tmp_path):
        ds, path, _ = saved
        link = tmp_path / "link.dcm"
        link.symlink_to(path)
        ds.PatientID = "LINKED"
        ds.save_as(link)
        assert link.is_symlink()
        assert dcmcore.dcmread(path).PatientID == "LINKED"

    def test_special_file_written_in_place(self, saved):
        ds = saved[0]
        if not os.path.exists(os.devnull):
            pytest.skip("no null device")
        ds.save_as(os.devnull)
        assert not os.path.isfile(os.devnull)  # still the device, not replaced by a file

    def test_missing_folder(self, saved, tmp_path):
        with pytest.raises(FileNotFoundError):
            saved[0].save_as(tmp_path / "no" / "such.dcm")

    def test_file_object_as_pydicom(self, saved):
        ds, _, original = saved
        fp = io.BytesIO()
        ds.save_as(fp)
        assert fp.getvalue() == original and not fp.closed
