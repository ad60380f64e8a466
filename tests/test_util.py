"""dcmcore.util against pydicom 2.4.5's pydicom.util."""

import binascii
import re

import pytest

from dcmcore.util.hexutil import bytes2hex, hex2bytes

HEX_TEXTS = ["", "08 00 32 10", "0800 3210 ", "fe ff 00 e0", "FE FF DD E0 00 00 00 00", "0a"]


class TestHexutil:
    @pytest.mark.parametrize("text", HEX_TEXTS)
    def test_hex2bytes_as_pydicom(self, text):
        hexutil = pytest.importorskip("pydicom.util.hexutil")
        assert hex2bytes(text) == hexutil.hex2bytes(text)
        assert hex2bytes(text.encode()) == hexutil.hex2bytes(text.encode())

    @pytest.mark.parametrize("data", [b"", b"\x00", b"\x08\x002\x10\xfe\xff", bytes(range(256))])
    def test_bytes2hex_as_pydicom_and_back(self, data):
        hexutil = pytest.importorskip("pydicom.util.hexutil")
        assert bytes2hex(data) == hexutil.bytes2hex(data)
        assert hex2bytes(bytes2hex(data)) == data

    def test_errors(self):
        with pytest.raises(TypeError, match="argument shall be bytes or string type"):
            hex2bytes(8)
        with pytest.raises(binascii.Error):
            hex2bytes("0 8 0")  # odd
        with pytest.raises(binascii.Error):
            hex2bytes("08\n00")  # only spaces are ignored


class TestDump:
    DATA = bytes(range(256)) + b"DICM\\~ end"

    @pytest.mark.parametrize(
        "start, stop", [(0, None), (5, None), (0, 40), (17, 200), (300, None), (0, 0), (3, 16)]
    )
    def test_datadump_as_pydicom(self, start, stop):
        from dcmcore.util import dump

        theirs = pytest.importorskip("pydicom.util.dump")
        assert dump.datadump(self.DATA, start, stop) == theirs.datadump(self.DATA, start, stop)

    def test_filedump_and_hexdump_as_pydicom(self, tmp_path):
        import io

        from dcmcore.util import dump

        theirs = pytest.importorskip("pydicom.util.dump")
        path = tmp_path / "data.bin"
        path.write_bytes(self.DATA)
        assert dump.filedump(path, 16, 100) == theirs.filedump(path, 16, 100)
        ours = dump.hexdump(io.BytesIO(self.DATA), 0, None, show_address=False)
        assert ours == theirs.hexdump(io.BytesIO(self.DATA), 0, None, show_address=False)
        assert ours.splitlines()[0].startswith("00 01 02")

    def test_print_character(self):
        from dcmcore.util.dump import print_character

        assert [print_character(code) for code in (31, 32, 65, 92, 125, 126, 200)] == [".", " ", "A", ".", "}", ".", "."]

    @pytest.mark.parametrize("indent_chars", ["  ", "..."])
    def test_pretty_print_as_pydicom(self, capsys, indent_chars, tmp_path):
        import dcmcore
        from dcmcore.data import get_testdata_file
        from dcmcore.dataset import Dataset
        from dcmcore.sequence import Sequence
        from dcmcore.util import dump

        pydicom = pytest.importorskip("pydicom")
        theirs = pytest.importorskip("pydicom.util.dump")
        ds = dcmcore.dcmread(get_testdata_file("CT_small.dcm"))
        code = Dataset()
        code.CodeValue = "C"
        item = Dataset()
        item.ReferencedSOPInstanceUID = "1.2.3"
        item.PurposeOfReferenceCodeSequence = Sequence([code])
        ds.ReferencedImageSequence = Sequence([item, Dataset()])
        path = tmp_path / "sequences.dcm"
        ds.save_as(path)
        dump.pretty_print(dcmcore.dcmread(path), 1, indent_chars)
        ours = capsys.readouterr().out
        theirs.pretty_print(pydicom.dcmread(path), 1, indent_chars)
        assert ours == capsys.readouterr().out
        assert "Referenced Image Sequence -- 2 item(s)" in ours


def _explicit(tag, vr, value):
    import struct

    return struct.pack("<HH2sH", tag >> 16, tag & 0xFFFF, vr.encode(), len(value)) + value


def _read_with(module, data, fix, *args, strict=False):
    """{tag: (VR, repr(value))} of `data` read by `module` with its fixer `fix`."""
    import contextlib
    import io

    fixer = __import__(f"{module.__name__}.util.fixer", fromlist=["fixer"])
    getattr(fixer, fix)(*args)
    try:
        with module.config.strict_reading() if strict else contextlib.nullcontext():
            ds = module.filereader.read_dataset(io.BytesIO(data), False, True)
            return {int(elem.tag): (elem.VR, repr(elem.value)) for elem in ds}
    finally:
        module.config.reset_data_element_callback()


class TestFixer:
    @pytest.mark.parametrize(
        "separator, value",
        [(b",", b"1.5,2.5,3"), (b" ", b" 1.5 2.5 3  "), (b":", b"4:5"), (b",", b"")],
    )
    def test_fix_separator_as_pydicom(self, separator, value):
        import dcmcore

        pydicom = pytest.importorskip("pydicom")
        if len(value) % 2:
            value += b" "
        data = _explicit(0x00180050, "DS", value) + _explicit(0x00200013, "IS", b"7" + separator + b"8 ")
        data += _explicit(0x00100010, "PN", b"A,B ")
        ours = _read_with(dcmcore, data, "fix_separator", separator)
        assert ours == _read_with(pydicom, data, "fix_separator", separator)
        if value:
            assert ours[0x00180050][1] == ("[4, 5]" if separator == b":" else "[1.5, 2.5, 3]")
        assert ours[0x00200013][1] == "[7, 8]"
        assert ours[0x00100010][1] == "'A,B'"  # not a VR to fix
        assert dcmcore.config.data_element_callback is None

    def test_fix_separator_for_other_vrs(self):
        import dcmcore

        pydicom = pytest.importorskip("pydicom")
        data = _explicit(0x00080008, "CS", b"A,B ") + _explicit(0x00180050, "DS", b"1,2 ")
        ours = _read_with(dcmcore, data, "fix_separator", b",", ("CS",))
        assert ours == _read_with(pydicom, data, "fix_separator", b",", ("CS",))
        assert ours[0x00080008][1] == "['A', 'B']"

    def test_fix_mismatch_as_pydicom(self):
        import dcmcore

        pydicom = pytest.importorskip("pydicom")
        data = _explicit(0x00180050, "DS", b"A^B ") + _explicit(0x00200013, "IS", b"12")
        ours = _read_with(dcmcore, data, "fix_mismatch", strict=True)
        assert ours == _read_with(pydicom, data, "fix_mismatch", strict=True)
        assert ours[0x00180050][0] == "PN" and ours[0x00200013][0] == "IS"


class TestLeanread:
    def _files(self, tmp_path):
        import dcmcore
        from dcmcore.data import get_testdata_file
        from dcmcore.dataset import Dataset
        from dcmcore.sequence import Sequence

        ds = dcmcore.dcmread(get_testdata_file("CT_small.dcm"))
        item = Dataset()
        item.ReferencedSOPInstanceUID = "1.2.3"
        ds.ReferencedImageSequence = Sequence([item])
        ds["ReferencedImageSequence"].is_undefined_length = True
        paths = []
        for implicit in (False, True):
            ds.is_implicit_VR, ds.is_little_endian = implicit, True
            ds.file_meta.TransferSyntaxUID = "1.2.840.10008.1.2" if implicit else "1.2.840.10008.1.2.1"
            path = tmp_path / f"lean{int(implicit)}.dcm"
            ds.save_as(path)
            paths.append(path)
        return paths

    def test_same_tuples_as_pydicom(self, tmp_path):
        from dcmcore.util import leanread

        theirs = pytest.importorskip("pydicom.util.leanread")
        for path in self._files(tmp_path):
            with leanread.dicomfile(path) as ours, theirs.dicomfile(path) as reference:
                elements = list(ours)
                assert elements == list(reference)
                assert ours.preamble == reference.preamble
            assert ((0x0008, 0x1140), b"SQ", 0xFFFFFFFF, None) in [elem[:4] for elem in elements]

    def test_defer_and_stop(self, tmp_path):
        import io

        from dcmcore.util import leanread

        theirs = pytest.importorskip("pydicom.util.leanread")
        data = self._files(tmp_path)[0].read_bytes()[132:]
        for kwargs in ({"defer_size": 8}, {"defer_size": "1 KB"}, {"stop_when": lambda group, element: group != 2}):
            ours = list(leanread.data_element_generator(io.BytesIO(data), False, True, **kwargs))
            assert ours == list(theirs.data_element_generator(io.BytesIO(data), False, True, **kwargs))
            assert ours


EXAMPLE_FILES = ["CT_small.dcm", "ECG_12lead.dcm", "MR_multiframe_RLE.dcm", "MR_overlay.dcm",
                 "MR_small.dcm", "RGB_small.dcm", "SC_1bit.dcm", "rtplan.dcm"]


def _example(name):
    from dcmcore.data import get_testdata_file

    return get_testdata_file(name)


def _as_dcmcore(pydicom_code):
    """pydicom's codify text with what dcmcore puts in its place.

    Besides the names, pydicom writes some VRs as the enum's text ('VR.LO')
    and sets a private sequence by a made-up keyword (``ds.Tag00091001 =
    seq``), lines that fail or do nothing when the code runs; dcmcore writes
    the VR and uses add_new.
    """
    pydicom_code = re.sub(r"'VR\.([A-Z]{2})'", r"'\1'", pydicom_code)
    pydicom_code = re.sub(
        r"(\w+)\.Tag([0-9a-f]{4})([0-9a-f]{4}) = (\w+)$",
        r"\1.add_new((0x\2, 0x\3), 'SQ', \4)",
        pydicom_code,
        flags=re.M,
    )
    return (
        pydicom_code.replace("import pydicom", "import dcmcore")
        .replace("from pydicom.", "from dcmcore.")
        .replace("by pydicom codify", "by dcmcore codify")
    )


def _same_elements(rebuilt, original):
    """Assert every element of the two datasets agrees, recursing into items.

    A keyword assignment gets the dictionary's VR, so an ambiguous one ('OB
    or OW') stands for the VR the original resolved it to.
    """
    assert list(rebuilt.keys()) == list(original.keys())
    for elem in original:
        other = rebuilt[elem.tag]
        assert other.VR == elem.VR or elem.VR in other.VR.split(" or "), elem.tag
        if elem.VR == "SQ":
            assert len(other.value) == len(elem.value)
            for item, other_item in zip(elem.value, other.value):
                _same_elements(other_item, item)
        else:
            assert other.value == elem.value, elem.tag


class TestCodify:
    @pytest.mark.parametrize("name", EXAMPLE_FILES)
    @pytest.mark.parametrize("include_private", [False, True])
    def test_code_runs_and_rebuilds(self, name, include_private):
        from dcmcore import dcmread
        from dcmcore.util.codify import code_file

        original = dcmread(_example(name))
        if not include_private:
            original.remove_private_tags()
        namespace = {}
        exec(code_file(_example(name), include_private=include_private), namespace)
        rebuilt = namespace["ds"]
        _same_elements(rebuilt, original)
        assert rebuilt.file_meta == original.file_meta
        assert rebuilt.is_implicit_VR == original.is_implicit_VR
        assert rebuilt.is_little_endian == original.is_little_endian

    @pytest.mark.parametrize("name", EXAMPLE_FILES)
    @pytest.mark.parametrize("kwargs", [{}, {"exclude_size": 100, "include_private": True}])
    def test_code_file_as_pydicom(self, name, kwargs):
        pc = pytest.importorskip("pydicom.util.codify")
        from dcmcore.util.codify import code_file

        ours = code_file(_example(name), **kwargs).splitlines()
        theirs = _as_dcmcore(pc.code_file(_example(name), **kwargs)).splitlines()
        assert len(ours) == len(theirs)
        for line, expected in zip(ours, theirs):
            if line != expected:
                # pydicom sets a repeater (Overlay Rows) by its keyword,
                # which raises when the code runs; dcmcore uses add_new.
                assert ".add_new((0x" in line, (line, expected)
                assert "add_new" not in expected

    def test_repeater_and_private_sequence_use_add_new(self):
        from dcmcore.util.codify import code_file

        overlay = code_file(_example("MR_overlay.dcm"))
        assert "ds.add_new((0x6000, 0x0010), 'US', 32)" in overlay
        assert "ds.OverlayRows" not in overlay
        plan = code_file(_example("rtplan.dcm"), include_private=True)
        assert "ds.add_new((0x3249, 0x1003), 'SQ', tag32491003)" in plan

    def test_exclude_size(self):
        from dcmcore.util.codify import code_file

        code = code_file(_example("CT_small.dcm"), exclude_size=100)
        assert "ds.PixelData = # XXX Array of 32768 bytes excluded" in code.splitlines()
        with pytest.raises(SyntaxError):
            compile(code, "codified", "exec")
        assert "# XXX" not in code_file(_example("CT_small.dcm"))

    def test_code_dataelem(self):
        from dcmcore.dataelem import DataElement
        from dcmcore.util.codify import code_dataelem

        assert code_dataelem(DataElement(0x00100010, "PN", "Doe^J")) == "ds.PatientName = 'Doe^J'"
        assert code_dataelem(DataElement(0x00091001, "LO", "x"), "item") == (
            "item.add_new((0x0009, 0x1001), 'LO', 'x')"
        )
        assert code_dataelem(DataElement(0x00209165, "AT", 0x00100020)) == (
            "ds.DimensionIndexPointer = (0x0010, 0x0020)"
        )
        assert code_dataelem(DataElement(0x00209165, "AT", [0x00100020, 0x7FE00010])) == (
            "ds.DimensionIndexPointer = [(0x0010, 0x0020), (0x7fe0, 0x0010)]"
        )
        assert code_dataelem(DataElement(0x7FE00010, "OB", None), exclude_size=10) == (
            "ds.PixelData = None"
        )

    def test_nested_names_are_unique(self):
        from dcmcore.dataset import Dataset
        from dcmcore.sequence import Sequence
        from dcmcore.util.codify import code_dataset

        inner = Dataset()
        inner.BeamNumber = 1
        outer = Dataset()
        outer.BeamNumber = 1
        outer.BeamSequence = Sequence([inner])
        ds = Dataset()
        ds.BeamSequence = Sequence([outer])
        code = code_dataset(ds)
        assert "beam_sequence_1 = Sequence()" in code
        assert "beam1_1 = Dataset()" in code
        namespace = {}
        exec("from dcmcore.dataset import Dataset\nfrom dcmcore.sequence import Sequence\n" + code,
             namespace)
        assert namespace["ds"] == ds

    def test_code_dataset_as_pydicom(self):
        pc = pytest.importorskip("pydicom.util.codify")
        import pydicom

        from dcmcore import dcmread
        from dcmcore.util.codify import code_dataset

        path = _example("rtplan.dcm")
        for kwargs in ({}, {"include_private": True}, {"dataset_name": "plan"}):
            assert code_dataset(dcmread(path), **kwargs) == _as_dcmcore(
                pc.code_dataset(pydicom.dcmread(path), **kwargs)
            )

    def test_camel_to_underscore_and_filter(self):
        from dcmcore.util.codify import camel_to_underscore, default_name_filter

        assert camel_to_underscore("ControlPointSequence") == "control_point_sequence"
        assert camel_to_underscore("RTBeamLimitingDeviceType") == "rt_beam_limiting_device_type"
        assert default_name_filter("ReferencedFractionGroupSequence") == "refd_frxn_gp_sequence"
        assert default_name_filter("DoseReferenceSequence") == "dose_ref_sequence"
        assert default_name_filter("ControlPointSequence") == "cp_sequence"


class TestCodifyCommand:
    def test_stdout(self, capsys):
        from dcmcore.cli import main

        assert main(["codify", "dcmcore::rtplan.dcm"]) == 0
        out = capsys.readouterr().out
        path = _example("rtplan.dcm")
        assert out.startswith("# -*- coding: utf-8 -*-\n")
        assert out.endswith(
            f"\nds.save_as(r'{path[:-4]}_from_codify.dcm', write_like_original=False)"
        )

    def test_outfile_and_save_as(self, tmp_path, capsys):
        from dcmcore import dcmread
        from dcmcore.cli import main

        code_path = tmp_path / "plan.py"
        saved = tmp_path / "plan.dcm"
        assert main(["codify", "-s", str(saved), _example("rtplan.dcm"), str(code_path)]) == 0
        assert capsys.readouterr().out == f"Writing code to file '{code_path}'\n"
        exec(code_path.read_text(encoding="utf-8"), {})
        original = dcmread(_example("rtplan.dcm"))
        original.remove_private_tags()
        _same_elements(dcmread(saved), original)

    def test_element_spec(self, capsys):
        from dcmcore.cli import main

        assert main(["codify", "dcmcore::rtplan.dcm::BeamSequence[0]"]) == 0
        out = capsys.readouterr().out
        assert "# Coded version of DICOM file" not in out
        assert "# Coded version of non-file dataset" in out
        assert "ds.BeamNumber = '1'" in out
        assert main(["codify", "dcmcore::rtplan.dcm::RTPlanLabel"]) == 1
        assert "Codify can only code a Dataset" in capsys.readouterr().err

    def test_as_pydicom_command(self, tmp_path, capsys):
        pytest.importorskip("pydicom")
        from pydicom.cli.main import main as pydicom_main

        from dcmcore.cli import main

        path = _example("rtplan.dcm")
        pydicom_main(["codify", "-p", "-e", "20", path])
        theirs = _as_dcmcore(capsys.readouterr().out)
        main(["codify", "-p", "-e", "20", path])
        ours = capsys.readouterr().out
        assert ours == theirs

    @pytest.mark.parametrize("spec, message", [
        ("missing.dcm", "File 'missing.dcm' not found"),
        ("dcmcore::rtplan.dcm::Beam Sequence", "is not valid syntax"),
        ("dcmcore::rtplan.dcm::PatientComments", "is not in the dataset"),
        ("dcmcore::rtplan.dcm::BeamSequence[9]", "has an index error"),
    ])
    def test_bad_filespec(self, spec, message, capsys):
        from dcmcore.cli import main

        with pytest.raises(SystemExit):
            main(["codify", spec])
        assert message in capsys.readouterr().err
