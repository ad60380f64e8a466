"""Tests of dcmcore.values, mostly side by side with pydicom 2.4.5's pydicom.values."""

import logging
import struct
import warnings
from contextlib import contextmanager

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dcmcore import config, values
from dcmcore.dataelem import RawDataElement
from dcmcore.errors import BytesLengthException
from dcmcore.multival import MultiValue
from dcmcore.tag import BaseTag
from dcmcore.uid import UID
from dcmcore.valuerep import IS, DSfloat, PersonName

ENDIANS = [True, False]
MODES = {"IGNORE": config.IGNORE, "WARN": config.WARN, "RAISE": config.RAISE}

# (VR, encoded value): valid, padded, multi-valued, empty items and bad values
CASES = [
    ("AE", b" STORESCP  "), ("AE", b"A1\\ B2 \x00"), ("AE", b"\xa0AE\x85"),
    ("AS", b"035Y"), ("AS", b"1\\2 "),
    ("AT", b"\x08\x00\x10\x00"), ("AT", b"\x08\x00\x10\x00\x10\x00\x20\x00"), ("AT", b"\x08\x00"),
    ("AT", b"\x08\x00\x10\x00\x01\x02"),
    ("CS", b"ORIGINAL\\PRIMARY\\AXIAL "), ("CS", b"M\x00"), ("CS", b" X \\"), ("CS", b"\\\\"),
    ("DA", b"20240131"), ("DA", b"20240131\\19991231 "), ("DA", b"2024"), ("DA", b"bad date"),
    ("DS", b"1.5 "), ("DS", b" 1.5\\-2.25e3\\ 7 "), ("DS", b"1.5\\\\2 "), ("DS", b"abc"),
    ("DS", b"1.5\t\x00"), ("DS", b"  "), ("DS", b"12345678901234567"), ("DS", b"nan"),
    ("DT", b"20240131120000.5+0100"), ("DT", b"20240131\\2024 "), ("DT", b"20"), ("DT", b"x" * 30),
    ("FD", b"\x00" * 8), ("FD", struct.pack("<2d", 1.5, -2.0)), ("FD", b"\x00" * 7),
    ("FL", struct.pack("<f", 0.1)), ("FL", struct.pack("<3f", 1.0, 2.0, float("nan"))), ("FL", b"\x00" * 6),
    ("IS", b"12 "), ("IS", b"-3\\+4\\ 5"), ("IS", b"1.0 "), ("IS", b"1.5"), ("IS", b"abc"),
    ("IS", b"1\\\\2"), ("IS", b"99999999999999"), ("IS", b"  "),
    ("LO", b"Hospital \\ Ward\x00"), ("LO", b"x" * 65), ("LO", b"x" * 64 + b" "), ("LO", b"\xe9t\xe9"),
    ("LT", b"Line 1\r\nLine\\2  "), ("LT", b"x" * 10241),
    ("OB", b"\x01\x02\x03"), ("OD", b"\x00" * 8), ("OF", b"\x00" * 4), ("OL", b"\x00" * 4),
    ("OV", b"\x00" * 8), ("OW", b"\x01\x02"),
    ("PN", b"Doe^John "), ("PN", b"Doe^John\\Roe^Jane\x00"), ("PN", b"A^B=C^D=E^F "), ("PN", b"x" * 70),
    ("PN", b"a=b=c=d"), ("PN", b"Yamada^Tarou=\x1b$B;3ED\x1b(B^\x1b$BB@O:\x1b(B"),
    ("SH", b"ABC \\DEF "), ("SH", b"x" * 17), ("SH", b"\\"),
    ("SL", struct.pack("<2l", -1, 7)), ("SL", b"\x00" * 5),
    ("SS", b"\xff\xff"), ("SS", b"\x00"),
    ("ST", b"Some\\text\x00"), ("ST", b"x" * 1025),
    ("SV", struct.pack("<q", -5)), ("SV", b"\x00" * 9),
    ("TM", b"120000.123456"), ("TM", b"1200\\13 "), ("TM", b"1"), ("TM", b"25"), ("TM", b"x" * 20),
    ("UC", b"unlimited \\ chars "), ("UI", b"1.2.840.10008.1.2.1\x00"), ("UI", b"1.2\\1.3 "),
    ("UI", b"1..2"), ("UI", b"1." + b"2" * 70), ("UI", b"\x00"),
    ("UL", b"\x01\x00\x00\x00"), ("UL", b"\x01\x00\x00\x00\x02\x00\x00\x00"), ("UL", b"\x01\x00\x00"),
    ("UN", b"\x01\x02\x03"), ("UR", b"http://example.com/a b  "), ("UR", b"a\\b"),
    ("US", b"\x01\x00"), ("US", b"\x01\x00\x02\x00\x03\x00"), ("US", b"\x01\x00\x02"),
    ("UT", b"text\\with backslash \x00 "), ("UV", b"\xff" * 8), ("UV", b"\xff" * 12),
    ("OB or OW", b"\x01\x02"), ("US or SS", b"\x01\x02"), ("US or OW", b"\x01\x02"),
    ("US or SS or OW", b"\x01\x02"),
]  # fmt: skip


def describe(value):
    """What users can observe of a converted value, comparable across libraries."""
    if isinstance(value, np.ndarray):
        return ("ndarray", value.dtype.str, repr(value.tolist()))
    kind = type(value).__name__
    if kind == "MultiValue":
        return (kind, [describe(item) for item in value])
    if isinstance(value, list):
        return ("list", [describe(item) for item in value])
    if kind == "PersonName":
        return (kind, str(value), value.original_string, tuple(value.encodings or ()))
    if kind in ("DSfloat", "DSdecimal", "IS", "ISfloat"):
        return (kind, str(value), repr(value), getattr(value, "original_string", None))
    if kind in ("DA", "DT", "TM"):
        return (kind, str(value), repr(value), value.isoformat())
    if kind == "TupleTag":
        kind = "BaseTag"
    return (kind, repr(value))


def outcome(call, logger_name, caplog):
    """The described result (or exception), warnings and log records of `call`."""
    caplog.clear()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = ("value", describe(call()))
        except Exception as exc:  # compared with the other library's
            result = ("raises", type(exc).__name__, str(exc).replace("pydicom", "dcmcore"))
    messages = [
        (item.category.__name__, str(item.message).replace("pydicom", "dcmcore"))
        for item in caught
        if not issubclass(item.category, DeprecationWarning)
    ]
    records = [
        (record.levelname, record.getMessage())
        for record in caplog.records
        if record.name == logger_name and record.levelno >= logging.WARNING
    ]
    return result, messages, records


@contextmanager
def both_configs(pydicom, mode=config.WARN, **options):
    """Set the same options in dcmcore.config and pydicom.config."""
    pconfig = pydicom.config
    saved = {name: (getattr(config, name), getattr(pconfig, name)) for name in options}
    saved_modes = (config.settings._reading_validation_mode, pconfig.settings._reading_validation_mode)
    try:
        config.settings.reading_validation_mode = mode
        pconfig.settings.reading_validation_mode = mode
        for name, value in options.items():
            if name == "use_DS_decimal":
                config.DS_decimal(value)
                pconfig.DS_decimal(value)
            else:
                setattr(config, name, value)
                setattr(pconfig, name, value)
        yield
    finally:
        for name, (ours, theirs) in saved.items():
            if name == "use_DS_decimal":
                config.DS_decimal(ours)
                pconfig.DS_decimal(theirs)
            else:
                setattr(config, name, ours)
                setattr(pconfig, name, theirs)
        config.settings._reading_validation_mode = saved_modes[0]
        pconfig.settings._reading_validation_mode = saved_modes[1]


def compare_convert_value(pydicom, caplog, vr, value, little_endian, encodings=None):
    caplog.set_level(logging.DEBUG)
    from pydicom.dataelem import RawDataElement as PydicomRaw

    ours = RawDataElement(BaseTag(0x00091010), vr, len(value), value, 0, False, little_endian)
    theirs = PydicomRaw(pydicom.tag.BaseTag(0x00091010), vr, len(value), value, 0, False, little_endian)
    expected = outcome(lambda: pydicom.values.convert_value(vr, theirs, encodings), "pydicom", caplog)
    got = outcome(lambda: values.convert_value(vr, ours, encodings), "dcmcore", caplog)
    assert got == expected


@pytest.fixture
def pydicom():
    return pytest.importorskip("pydicom")


class TestConvertValueLikePydicom:
    @pytest.mark.parametrize("mode", list(MODES), ids=list(MODES))
    @pytest.mark.parametrize("little_endian", ENDIANS)
    @pytest.mark.parametrize("vr, value", CASES)
    def test_default_config(self, pydicom, caplog, vr, value, little_endian, mode):
        with both_configs(pydicom, MODES[mode]):
            compare_convert_value(pydicom, caplog, vr, value, little_endian)

    @pytest.mark.parametrize("mode", list(MODES), ids=list(MODES))
    @pytest.mark.parametrize(
        "vr, value", [case for case in CASES if case[0] in ("DA", "DT", "TM")]
    )
    def test_datetime_conversion(self, pydicom, caplog, vr, value, mode):
        with both_configs(pydicom, MODES[mode], datetime_conversion=True):
            compare_convert_value(pydicom, caplog, vr, value, True)

    @pytest.mark.parametrize("mode", list(MODES), ids=list(MODES))
    @pytest.mark.parametrize(
        "option, vr, value",
        [("use_DS_numpy", vr, value) for vr, value in CASES if vr == "DS"]
        + [("use_IS_numpy", vr, value) for vr, value in CASES if vr == "IS"]
        + [("use_DS_decimal", vr, value) for vr, value in CASES if vr == "DS"],
    )
    def test_number_strings_options(self, pydicom, caplog, option, vr, value, mode):
        with both_configs(pydicom, MODES[mode], **{option: True}):
            compare_convert_value(pydicom, caplog, vr, value, True)

    @pytest.mark.parametrize("vr, value", CASES)
    def test_none_as_empty_value(self, pydicom, caplog, vr, value):
        with both_configs(pydicom, use_none_as_empty_text_VR_value=True):
            compare_convert_value(pydicom, caplog, vr, b"", True)
            compare_convert_value(pydicom, caplog, vr, value, True)

    @pytest.mark.parametrize("vr", sorted({vr for vr, _ in CASES}) + ["SQ"])
    def test_empty_value(self, pydicom, caplog, vr):
        compare_convert_value(pydicom, caplog, vr, b"", True)

    @pytest.mark.parametrize("mode", list(MODES), ids=list(MODES))
    @pytest.mark.parametrize(
        "encodings",
        [None, "iso8859", ["latin_1"], ["utf_8"], ["iso8859", "iso2022_jp"], ["shift_jis"],
         ["ascii"], ["no_such_codec"], ["gb18030"]],
    )  # fmt: skip
    @pytest.mark.parametrize(
        "vr, value",
        [
            ("PN", "Müller^Jürgen".encode("utf-8")),
            ("PN", b"Yamada^Tarou=\x1b$B;3ED\x1b(B^\x1b$BB@O:\x1b(B"),
            ("LO", "caf\xe9 \\ \u00fcber ".encode("utf-8")),
            ("SH", b"\xe9\xff\xfe"),
            ("LT", "\u8868\\\u793a ".encode("shift_jis")),
            ("UT", "\u8868\\\u793a ".encode("gb18030")),
            ("ST", b"\x1b$B;3ED\x1b(B \\ x"),
            ("CS", b"\xe9\\A "),
        ],
    )
    def test_character_sets(self, pydicom, caplog, vr, value, encodings, mode):
        with both_configs(pydicom, MODES[mode]):
            compare_convert_value(pydicom, caplog, vr, value, True, encodings)

    @settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(
        vr=st.sampled_from(sorted({vr for vr, _ in CASES})),
        value=st.binary(min_size=1, max_size=40)
        | st.lists(st.sampled_from(b" \\\x00.-+eE019^=AZ\x1b\xe9"), min_size=1, max_size=30).map(bytes),
        little_endian=st.booleans(),
        mode=st.sampled_from(sorted(MODES.values())),
    )
    def test_random_values(self, pydicom, caplog, vr, value, little_endian, mode):
        with both_configs(pydicom, mode):
            compare_convert_value(pydicom, caplog, vr, value, little_endian)

    @pytest.mark.parametrize("vr", ["XX", "ab", "\x01\x02", "U\xff", "Q1"])
    def test_unknown_vr(self, pydicom, caplog, vr):
        compare_convert_value(pydicom, caplog, vr, b"\x00\x00", True)


class TestConvertersLikePydicom:
    def test_converter_table(self, pydicom):
        assert sorted(vr.value for vr in values.converters) == sorted(vr.value for vr in pydicom.values.converters)
        for vr, converter in pydicom.values.converters.items():
            ours = values.converters[vr.value]
            if isinstance(converter, tuple):
                assert ours[0] is values.convert_numbers and ours[1] == converter[1]
            else:
                assert ours.__name__ == converter.__name__

    def test_retry_order(self, pydicom):
        assert list(map(str, values.convert_retry_VR_order)) == list(
            map(str, pydicom.values.convert_retry_VR_order)
        )

    @pytest.mark.parametrize("little_endian", ENDIANS)
    @pytest.mark.parametrize(
        "value, fmt",
        [(b"", "H"), (b"\x01\x00", "H"), (b"\x01\x00\x02\x00", "h"), (b"\x01\x02\x03", "H"),
         (b"\x01\x02", "B"), (b"\x01", "B"), (b"\x01\x00\x00\x00", "i"), (b"\x01" * 6, "i"),
         (b"\x00" * 300, "d"), (b"\x00" * 301, "d"), (b"\x00" * 8, "Q"), (b"\x00" * 4, "f")],
    )  # fmt: skip
    def test_convert_numbers(self, pydicom, caplog, value, fmt, little_endian):
        expected = outcome(lambda: pydicom.values.convert_numbers(value, little_endian, fmt), "", caplog)
        got = outcome(lambda: values.convert_numbers(value, little_endian, fmt), "", caplog)
        assert got == expected

    @pytest.mark.parametrize("little_endian", ENDIANS)
    @pytest.mark.parametrize("value, offset", [(b"\x08\x00\x10\x00", 0), (b"xx\x10\x00\x20\x00", 2),
                                               (b"\x08\x00", 0), (b"\x08\x00\x10\x00", 2)])  # fmt: skip
    def test_convert_tag(self, pydicom, caplog, value, offset, little_endian):
        expected = outcome(lambda: pydicom.values.convert_tag(value, little_endian, offset), "", caplog)
        got = outcome(lambda: values.convert_tag(value, little_endian, offset), "", caplog)
        assert got == expected

    @pytest.mark.parametrize(
        "name, args",
        [
            ("convert_ATvalue", (b"", True)),
            ("convert_ATvalue", (b"\x00" * 12, False)),
            ("convert_AE_string", (b"", True)),
            ("convert_string", (b"A\\B\x00 ", True)),
            ("convert_text", (b"A \\B",)),
            ("convert_text", (b"x" * 20, None, "SH")),
            ("convert_text", (b"x" * 20, ["iso8859"], "LO")),
            ("convert_text", (b"x" * 20, ["iso8859"], "CS")),
            ("convert_single_string", (b"A\\B ",)),
            ("convert_single_string", (b"x" * 2000, None, "ST")),
            ("convert_PN", (b"Doe^J\\Roe^K ",)),
            ("convert_PN", (b"",)),
            ("convert_UI", (b"1.2 \x00", True)),
            ("convert_UR_string", (b" u  ", True)),
            ("convert_DS_string", (b"", True)),
            ("convert_IS_string", (b"", True)),
            ("convert_OBvalue", (b"\x01", True)),
            ("convert_OWvalue", (b"\x01", True)),
            ("convert_OVvalue", (b"\x01", True)),
            ("convert_UN", (b"\x01", True)),
            ("convert_DA_string", (b"20240101 ", True)),
            ("convert_DT_string", (b"2024 ", True)),
            ("convert_TM_string", (b"12 ", True)),
        ],
    )
    def test_direct_calls(self, pydicom, caplog, name, args):
        caplog.set_level(logging.DEBUG)
        expected = outcome(lambda: getattr(pydicom.values, name)(*args), "pydicom", caplog)
        got = outcome(lambda: getattr(values, name)(*args), "dcmcore", caplog)
        assert got == expected


class TestConvertSQLikePydicom:
    # implicit VR little endian: one item holding (0028,0010) Rows = 512, one
    # of undefined length holding (0010,0010) PatientName
    ENCODED = (
        b"\xfe\xff\x00\xe0\x0a\x00\x00\x00" b"\x28\x00\x10\x00\x02\x00\x00\x00\x00\x02"
        b"\xfe\xff\x00\xe0\xff\xff\xff\xff" b"\x10\x00\x10\x00\x04\x00\x00\x00Doe "
        b"\xfe\xff\x0d\xe0\x00\x00\x00\x00"
    )

    def test_sequence(self, pydicom):
        from dcmcore import filereader

        if not hasattr(filereader, "read_sequence"):
            pytest.skip("dcmcore.filereader.read_sequence not written yet")
        from pydicom.dataelem import RawDataElement as PydicomRaw

        tag = 0x00081140
        ours = RawDataElement(BaseTag(tag), "SQ", len(self.ENCODED), self.ENCODED, 100, True, True)
        theirs = PydicomRaw(pydicom.tag.BaseTag(tag), "SQ", len(self.ENCODED), self.ENCODED, 100, True, True)

        def items(sequence):
            return [[(int(elem.tag), elem.VR, describe(elem.value)) for elem in item] for item in sequence]

        expected = items(pydicom.values.convert_value("SQ", theirs))
        assert items(values.convert_value("SQ", ours)) == expected
        assert len(expected) == 2


class TestConvertValue:
    """Behaviour checked without the oracle."""

    @staticmethod
    def raw(vr, value, little_endian=True):
        return RawDataElement(BaseTag(0x00091010), vr, len(value), value, 0, False, little_endian)

    def test_types(self):
        assert type(values.convert_value("DS", self.raw("DS", b"1.5 "))) is DSfloat
        assert type(values.convert_value("IS", self.raw("IS", b"3 "))) is IS
        assert type(values.convert_value("UI", self.raw("UI", b"1.2\x00"))) is UID
        assert type(values.convert_value("PN", self.raw("PN", b"A^B "))) is PersonName
        tags = values.convert_value("AT", self.raw("AT", b"\x08\x00\x10\x00" * 2))
        assert type(tags) is MultiValue and all(type(tag) is BaseTag for tag in tags)
        numbers = values.convert_value("US", self.raw("US", b"\x01\x00\x02\x00"))
        assert type(numbers) is list and numbers == [1, 2]

    def test_wrong_length_raises(self):
        with pytest.raises(BytesLengthException, match="length 3 and struct format 'H'"):
            values.convert_value("US", self.raw("US", b"\x01\x02\x03"))

    def test_at_wrong_length(self, caplog):
        with pytest.raises(struct.error):
            values.convert_value("AT", self.raw("AT", b"\x00" * 6))
        assert "Expected length to be multiple of 4 for VR 'AT', got length 6" in caplog.text

    def test_retry_with_other_vrs(self):
        # a numpy DS with letters is retried as SH unless reading raises
        with both_settings(use_DS_numpy=True):
            assert values.convert_value("DS", self.raw("DS", b"1.5a")) == "1.5a"
            config.settings.reading_validation_mode = config.RAISE
            with pytest.raises(ValueError, match="DS: char"):
                values.convert_value("DS", self.raw("DS", b"1.5a"))

    def test_encodings_as_str(self):
        value = "Müller".encode("utf-8")
        assert values.convert_value("LO", self.raw("LO", value), "utf_8") == "Müller"

    def test_big_us_value(self):
        data = bytes(range(256)) * 4096
        result = values.convert_value("US", self.raw("US", data))
        assert result == list(struct.unpack(f"<{len(data) // 2}H", data))

    def test_unknown_vr(self):
        with pytest.raises(NotImplementedError, match="Unknown Value Representation '0x01 0x02'"):
            values.convert_value("\x01\x02", self.raw("XX", b"\x00\x00"))


@contextmanager
def both_settings(**options):
    """Set dcmcore.config options (and the reading mode) for the block only."""
    saved = {name: getattr(config, name) for name in options}
    mode = config.settings._reading_validation_mode
    try:
        for name, value in options.items():
            setattr(config, name, value)
        yield
    finally:
        for name, value in saved.items():
            setattr(config, name, value)
        config.settings._reading_validation_mode = mode


class TestReplacedConverters:
    """A converter put into `converters` decodes every value of its VR, on
    every path (pydicom's convert_value always looks it up)."""

    @pytest.mark.parametrize(
        "vr, keyword",
        [("DS", "SliceThickness"), ("US", "Rows"), ("PN", "PatientName"), ("LO", "InstitutionName")],
    )
    def test_read_values_use_it_as_pydicom_does(self, monkeypatch, vr, keyword):
        pydicom = pytest.importorskip("pydicom")
        import dcmcore
        from dcmcore.data import get_testdata_file

        def custom(byte_string, *args):
            return f"custom {byte_string!r} {args[-1] if vr == 'US' else ''}"

        # the binary VRs take the tuple form: (function, struct format)
        converter = (custom, "H") if vr == "US" else custom
        path = get_testdata_file("CT_small.dcm")
        found = []
        for lib in (dcmcore, pydicom):
            with monkeypatch.context() as patched:
                patched.setitem(lib.values.converters, vr, converter)
                found.append(lib.dcmread(path)[keyword].value)
        assert found[0] == found[1]
        assert found[0].startswith("custom")
        # with the package's converters back, the usual value
        assert not str(dcmcore.dcmread(path)[keyword].value).startswith("custom")

    def test_convert_value_uses_it(self, monkeypatch):
        raw = RawDataElement(BaseTag(0x00180050), "DS", 4, b"2.5 ", 0, False, True)
        assert values.convert_value("DS", raw) == 2.5
        monkeypatch.setitem(values.converters, "DS", lambda byte_string, *args: "replaced")
        assert values.convert_value("DS", raw) == "replaced"
