"""dcmcore.util against pydicom 2.4.5's pydicom.util."""

import binascii

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
