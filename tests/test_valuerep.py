"""Tests of dcmcore.valuerep, most of them side by side with pydicom 2.4.5."""

import copy
import datetime
import pickle
import warnings
from decimal import Decimal

import pytest
from conftest import outcome as _outcome
from hypothesis import given, settings
from hypothesis import strategies as st

from dcmcore import config, valuerep
from dcmcore.valuerep import (
    DA,
    DS,
    DT,
    IS,
    TM,
    VR,
    DSdecimal,
    DSfloat,
    ISfloat,
    MultiString,
    PersonName,
    format_number_as_ds,
    is_valid_ds,
    validate_value,
)

MODES = (config.IGNORE, config.WARN, config.RAISE)


def outcome(func):
    """What `func` returned (type name, str, repr) or raised, and its warnings."""
    return _outcome(func, lambda result: (type(result).__name__, str(result), repr(result)))


@pytest.fixture
def pydicom():
    return pytest.importorskip("pydicom")


@pytest.fixture(autouse=True)
def _restore_config():
    reading = config.settings._reading_validation_mode
    writing = config.settings._writing_validation_mode
    yield
    config.settings._reading_validation_mode = reading
    config.settings._writing_validation_mode = writing
    config.DS_decimal(False)


DS_INPUTS = [
    "1.5", " 1.5 ", "1e3", "-1.5E-3", "+.5", "1.", "abc", "", "   ", "1.23456789012345678",
    "12345678901234567", "nan", "inf", "-inf", "1_0", "1,5", "0", "00012", "1.5\n",
    1.5, 1, 0, 0.1 + 0.2, 1e-20, 123456789012345.6, -1.0 / 3, float("nan"),
    Decimal("1.5"), Decimal("3.14159265358979323846"), None,
]  # fmt: skip
IS_INPUTS = [
    "1", " 42 ", "-7", "+7", "007", "1.0", "1.5", "-2.0", "abc", "", "  ", "1e3",
    "2147483647", "2147483648", "-2147483649", "123456789012", "1234567890123",
    "1_0", 1, 1.0, 1.5, Decimal("2"), Decimal("2.5"), 2**31, -(2**31), None, float("nan"),
]  # fmt: skip


class TestDS:
    @pytest.mark.parametrize("mode", MODES)
    @pytest.mark.parametrize("auto_format", [False, True])
    @pytest.mark.parametrize("value", DS_INPUTS, ids=repr)
    def test_dsfloat_matches_pydicom(self, pydicom, value, auto_format, mode):
        from pydicom import valuerep as pv

        ours = outcome(lambda: DSfloat(value, auto_format, validation_mode=mode))
        theirs = outcome(lambda: pv.DSfloat(value, auto_format, validation_mode=mode))
        assert ours == theirs

    @pytest.mark.parametrize("mode", MODES)
    @pytest.mark.parametrize("auto_format", [False, True])
    @pytest.mark.parametrize("value", DS_INPUTS, ids=repr)
    def test_ds_factory_matches_pydicom(self, pydicom, value, auto_format, mode):
        from pydicom import valuerep as pv

        ours = outcome(lambda: DS(value, auto_format, validation_mode=mode))
        theirs = outcome(lambda: pv.DS(value, auto_format, validation_mode=mode))
        assert ours == theirs

    @pytest.mark.parametrize("mode", MODES)
    @pytest.mark.parametrize("value", DS_INPUTS, ids=repr)
    def test_dsdecimal_matches_pydicom(self, pydicom, value, mode):
        from pydicom import valuerep as pv

        ours = outcome(lambda: DSdecimal(value, validation_mode=mode))
        theirs = outcome(lambda: pv.DSdecimal(value, validation_mode=mode))
        assert ours == theirs

    @pytest.mark.parametrize("allow", [False, True])
    def test_dsdecimal_from_float(self, pydicom, allow, monkeypatch):
        from pydicom import config as pc
        from pydicom import valuerep as pv

        monkeypatch.setattr(config, "allow_DS_float", allow)
        monkeypatch.setattr(pc, "allow_DS_float", allow)
        assert outcome(lambda: DSdecimal(1.25)) == outcome(lambda: pv.DSdecimal(1.25))

    @pytest.mark.parametrize("mode", MODES)
    def test_reading_mode_is_the_default(self, pydicom, mode):
        from pydicom import config as pc
        from pydicom import valuerep as pv

        config.settings.reading_validation_mode = mode
        old = pc.settings.reading_validation_mode
        pc.settings.reading_validation_mode = mode
        try:
            for value in ("1.23456789012345678", "1.5", "abc"):
                assert outcome(lambda: DS(value)) == outcome(lambda: pv.DS(value))
                assert outcome(lambda: IS(value)) == outcome(lambda: pv.IS(value))
        finally:
            pc.settings.reading_validation_mode = old

    def test_ds_decimal_config(self):
        config.DS_decimal(True)
        assert valuerep.DSclass is DSdecimal
        assert isinstance(DS("1.5"), DSdecimal)
        config.DS_decimal(False)
        assert valuerep.DSclass is DSfloat
        assert isinstance(DS("1.5"), DSfloat)

    def test_string_comparison_and_hash(self):
        value = DSfloat("1.50")
        assert value == "1.50"
        assert value != "1.5"
        assert value == 1.5
        assert hash(value) == hash(1.5)
        assert str(value) == "1.50"
        assert repr(value) == "'1.5'"

    @pytest.mark.parametrize("cls", [DSfloat, DSdecimal])
    @pytest.mark.parametrize("auto_format", [False, True])
    def test_pickle_and_copy(self, cls, auto_format):
        value = cls("3.14159265358979323", auto_format=auto_format, validation_mode=config.IGNORE)
        for clone in (
            pickle.loads(pickle.dumps(value)),
            copy.copy(value),
            copy.deepcopy(value),
        ):
            assert type(clone) is cls
            assert clone == value
            assert str(clone) == str(value)
            assert repr(clone) == repr(value)
            assert clone.auto_format == value.auto_format

    @pytest.mark.parametrize("mode", MODES)
    @pytest.mark.parametrize(
        "text", ["1.5", " 2.5", "-0.25", "1e3", "abc", "", "12345678901234567890", "nan"]
    )
    def test_fast_constructor_matches_public(self, text, mode):
        assert outcome(lambda: DSfloat._from_file(text, mode)) == outcome(
            lambda: DSfloat(text, validation_mode=mode)
        )
        value = DSfloat._from_file("2.50", mode)
        assert value.original_string == "2.50" and value.auto_format is False


class TestFormatNumberAsDS:
    @pytest.mark.parametrize(
        "value",
        [
            0.0, 1.0, -1.0, 1 / 3, -1 / 3, 3.141592653589793e13, -3.141592653589793e13,
            3.141592653589793e14, 1e-4, 1.2345678e-5, -1.2345678e-5, 1e300, -1e-300,
            123456789.123456789, 9.999999999999999e15, Decimal("1.2345678901234567890"),
            Decimal("-12345678901234567890.5"),
        ],
    )  # fmt: skip
    def test_matches_pydicom(self, pydicom, value):
        from pydicom import valuerep as pv

        ours = format_number_as_ds(value)
        assert ours == pv.format_number_as_ds(value)
        assert len(ours) <= 16
        assert is_valid_ds(ours)

    @pytest.mark.parametrize("value", [float("nan"), float("inf"), "1.5", 1])
    def test_errors(self, pydicom, value):
        from pydicom import valuerep as pv

        assert outcome(lambda: format_number_as_ds(value)) == outcome(
            lambda: pv.format_number_as_ds(value)
        )

    @settings(max_examples=200, deadline=None)
    @given(st.floats(min_value=-1e300, max_value=1e300))
    def test_property_valid_and_close(self, value):
        text = format_number_as_ds(value)
        assert is_valid_ds(text)
        if value != 0:
            assert abs(float(text) - value) <= abs(value) * 1e-7


class TestIS:
    @pytest.mark.parametrize("mode", MODES)
    @pytest.mark.parametrize("value", IS_INPUTS, ids=repr)
    def test_matches_pydicom(self, pydicom, value, mode):
        from pydicom import valuerep as pv

        ours = outcome(lambda: IS(value, validation_mode=mode))
        theirs = outcome(lambda: pv.IS(value, validation_mode=mode))
        assert ours == theirs

    @pytest.mark.parametrize("mode", MODES)
    def test_isfloat_matches_pydicom(self, pydicom, mode):
        from pydicom import valuerep as pv

        for value in ("1.5", 2.5, Decimal("0.5")):
            assert outcome(lambda: ISfloat(value, mode)) == outcome(
                lambda: pv.ISfloat(value, mode)
            )
    @pytest.mark.filterwarnings("ignore::UserWarning")  # the warning is the oracle's too

    def test_float_string(self):
        assert IS("1.0", validation_mode=config.IGNORE) == 1
        with pytest.warns(UserWarning, match="not valid for elements with a VR of IS"):
            assert isinstance(IS("1.5", validation_mode=config.WARN), ISfloat)
        with pytest.raises(ValueError, match="Invalid value for VR IS"):
            IS("1.5", validation_mode=config.RAISE)
        with pytest.raises(TypeError, match="not valid for elements with a VR of IS"):
            IS(1.5, validation_mode=config.RAISE)

    def test_str_and_compare(self):
        value = IS("007")
        assert str(value) == "007"
        assert repr(value) == "'7'"
        assert value == 7 and value == "007" and value != "7"
        assert hash(value) == hash(7)

    def test_pickle_and_copy(self):
        value = IS(" 12 ")
        for clone in (pickle.loads(pickle.dumps(value)), copy.deepcopy(value)):
            assert type(clone) is IS
            assert clone == 12 and str(clone) == "12"

    @pytest.mark.parametrize("mode", MODES)
    @pytest.mark.parametrize(
        "text", ["1", "-12", "123456789", "1234567890", "99999999999", "1.0", "+3", " 4", "", "x"]
    )
    def test_fast_constructor_matches_public(self, text, mode):
        assert outcome(lambda: IS._from_file(text, mode)) == outcome(
            lambda: IS(text, validation_mode=mode)
        )


DATE_STRINGS = [
    "20240131", "2024.01.31", "20241301", "20240230", "2024013", "", "  ", "abcdefgh",
    "19000101", "00010101",
]  # fmt: skip
DT_STRINGS = [
    "2024", "202401", "20240131", "2024013112", "202401311259", "20240131125959",
    "20240131125960", "20240131125959.123", "20240131125959.123456", "20240131125959.1234567",
    "20240131125959+0100", "20240131125959.5-0530", "2024013112595", "20241", "x", "",
    "20240131125959.123456+01000",
]  # fmt: skip
TM_STRINGS = [
    "12", "1259", "125959", "125960", "125959.1", "125959.123456", "125959.", "2400",
    "12:59", "1", "", " ", "125959.1234567", "0000",
]  # fmt: skip


class TestDateTime:
    @pytest.mark.parametrize("value", DATE_STRINGS)
    def test_da_matches_pydicom(self, pydicom, value):
        from pydicom import valuerep as pv

        assert outcome(lambda: DA(value)) == outcome(lambda: pv.DA(value))

    @pytest.mark.parametrize("value", DT_STRINGS)
    @pytest.mark.filterwarnings("ignore::UserWarning")  # the warning is the oracle's too
    def test_dt_matches_pydicom(self, pydicom, value):
        from pydicom import valuerep as pv

        ours = outcome(lambda: DT(value))
        assert ours == outcome(lambda: pv.DT(value))
        if ours[0][0] == "returned":
            assert DT(value) == pv.DT(value)

    @pytest.mark.parametrize("value", TM_STRINGS)
    @pytest.mark.filterwarnings("ignore::UserWarning")  # the warning is the oracle's too
    def test_tm_matches_pydicom(self, pydicom, value):
        from pydicom import valuerep as pv

        ours = outcome(lambda: TM(value))
        assert ours == outcome(lambda: pv.TM(value))
        if ours[0][0] == "returned":
            assert TM(value) == pv.TM(value)

    @pytest.mark.parametrize(
        "cls_name, value",
        [
            ("DA", datetime.date(2020, 2, 29)),
            ("DT", datetime.datetime(2020, 2, 29, 1, 2, 3)),
            ("DT", datetime.datetime(2020, 2, 29, 1, 2, 3, 40)),
            (
                "DT",
                datetime.datetime(
                    2020, 2, 29, 1, 2, 3, tzinfo=datetime.timezone(datetime.timedelta(hours=-5))
                ),
            ),
            ("TM", datetime.time(1, 2, 3)),
            ("TM", datetime.time(1, 2, 3, 500)),
        ],
    )
    def test_from_datetime_objects(self, pydicom, cls_name, value):
        from pydicom import valuerep as pv

        ours = getattr(valuerep, cls_name)
        theirs = getattr(pv, cls_name)
        assert outcome(lambda: ours(value)) == outcome(lambda: theirs(value))
        assert outcome(lambda: ours(ours(value))) == outcome(lambda: theirs(theirs(value)))

    def test_datetime_arguments(self, pydicom):
        from pydicom import valuerep as pv

        assert outcome(lambda: DA(2020, 1, 2)) == outcome(lambda: pv.DA(2020, 1, 2))
        assert outcome(lambda: TM(1, 2)) == outcome(lambda: pv.TM(1, 2))
        assert outcome(lambda: DT(2020, 1, 2, 3)) == outcome(lambda: pv.DT(2020, 1, 2, 3))
        assert outcome(lambda: DA(2020, 13, 2)) == outcome(lambda: pv.DA(2020, 13, 2))
        assert outcome(lambda: TM(25)) == outcome(lambda: pv.TM(25))
        assert DA(None) is None and DT(None) is None and TM(None) is None

    @pytest.mark.parametrize(
        "value", [DA("20240131"), DT("20240131125959.5+0100"), TM("1259"), DA("2024.01.31")]
    )
    def test_pickle_and_copy(self, value):
        for clone in (
            pickle.loads(pickle.dumps(value)),
            copy.copy(value),
            copy.deepcopy(value),
        ):
            assert type(clone) is type(value)
            assert clone == value
            assert str(clone) == str(value)
            assert clone.original_string == value.original_string


class TestDateTimeRoundTrip:
    @settings(max_examples=150, deadline=None)
    # From year 1000: like pydicom, DA writes the year of a date unpadded.
    @given(st.datetimes(min_value=datetime.datetime(1000, 1, 1)))
    def test_property_dt_da_tm(self, value):
        assert DT(str(DT(value))) == value
        assert DA(str(DA(value.date()))) == value.date()
        assert TM(str(TM(value.time()))) == value.time()


PN_INPUTS = [
    "Doe^John", "Doe^John^Q^Dr.^Jr.", "Doe", "", "^John", "Doe^^^^", "=", "==", "Doe=", "Doe==",
    "Yamada^Tarou=山田^太郎=やまだ^たろう", "=山田^太郎", "==やまだ", "a=b=c=d", "x" * 65,
    "x" * 64 + "=" + "y" * 64, "Doe^John=", b"Doe^John", b"Doe^John=\xe5\xb1\xb1", b"",
    b"a=b=c=d", b"x" * 65,
]  # fmt: skip
PN_PROPERTIES = (
    "components", "family_name", "given_name", "middle_name", "name_prefix", "name_suffix",
    "alphabetic", "ideographic", "phonetic", "original_string", "encodings",
)  # fmt: skip


def person_name_state(name):
    state = {prop: getattr(name, prop) for prop in PN_PROPERTIES}
    state.update(
        str=str(name),
        repr=repr(name),
        bool=bool(name),
        len=len(name),
        hash=hash(name),
        formatted=name.formatted("%(family_name)s, %(given_name)s [%(ideographic)s]"),
        family_comma_given=name.family_comma_given(),
        chars=list(name),
        contains="o" in name,
    )
    return state


class TestPersonName:
    @pytest.mark.parametrize("mode", MODES)
    @pytest.mark.parametrize("value", PN_INPUTS, ids=repr)
    def test_construction_matches_pydicom(self, pydicom, value, mode):
        from pydicom import valuerep as pv

        assert outcome(lambda: PersonName(value, validation_mode=mode)) == outcome(
            lambda: pv.PersonName(value, validation_mode=mode)
        )

    @pytest.mark.parametrize("value", PN_INPUTS, ids=repr)
    def test_properties_match_pydicom(self, pydicom, value):
        from pydicom import valuerep as pv

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ours = PersonName(value, validation_mode=config.IGNORE)
            theirs = pv.PersonName(value, validation_mode=config.IGNORE)
            assert person_name_state(ours) == person_name_state(theirs)
            assert outcome(ours.encode) == outcome(theirs.encode)
            assert person_name_state(ours) == person_name_state(theirs)

    @pytest.mark.parametrize(
        "raw, encodings",
        [
            (b"Yamada^Tarou=\x1b$B;3ED\x1b(B^\x1b$BB@O:\x1b(B=\x1b$B$d$^$@\x1b(B^\x1b$B$?$m$&\x1b(B",
             ["iso8859", "iso2022_jp"]),
            (b"Hong^Gildong=\x1b$)C\xfb\xf3^\x1b$)C\xd1\xce\xd4\xd7=\x1b$)C\xc8\xab^\x1b$)C\xb1\xe6\xb5\xbf",
             ["iso8859", "euc_kr"]),
            (b"Buc^J\xe9r\xf4me", ["latin_1"]),
            (b"Wang^XiaoDong=\xe7\x8e\x8b^\xe5\xb0\x8f\xe6\x9d\xb1=", ["UTF8"]),
            (b"\xcd\xf5^\xd0\xa1\xb6\xab", ["GB18030"]),
        ],
    )  # fmt: skip
    def test_decode_and_encode_match_pydicom(self, pydicom, raw, encodings):
        from pydicom import valuerep as pv

        ours = PersonName(raw, encodings)
        theirs = pv.PersonName(raw, encodings)
        assert person_name_state(ours) == person_name_state(theirs)
        assert ours.encode() == theirs.encode() == raw
        assert ours.encode(["UTF8"]) == theirs.encode(["UTF8"])
        decoded_ours = PersonName(raw).decode(encodings)
        decoded_theirs = pv.PersonName(raw).decode(encodings)
        assert person_name_state(decoded_ours) == person_name_state(decoded_theirs)
        text = str(theirs)
        assert person_name_state(PersonName(text, encodings)) == person_name_state(
            pv.PersonName(text, encodings)
        )
        assert PersonName(text, encodings).encode() == pv.PersonName(text, encodings).encode()

    @pytest.mark.parametrize(
        "kwargs",
        [
            dict(family_name="Adams", given_name="John Robert Quincy", name_prefix="Rev.",
                 name_suffix="B.A. M.Div."),
            dict(family_name="Hong", given_name="Gildong", family_name_ideographic="洪",
                 given_name_ideographic="吉洞", family_name_phonetic="홍",
                 given_name_phonetic="길동", encodings=["iso8859", "euc_kr"]),
            dict(family_name=b"Doe", given_name="John"),
            dict(),
            dict(middle_name="M"),
            dict(family_name_phonetic="P"),
            dict(family_name="Do^e"),
            dict(given_name="J=ohn"),
            dict(given_name="J\\ohn"),
            dict(given_name=b"J^ohn"),
        ],
    )  # fmt: skip
    def test_from_named_components_matches_pydicom(self, pydicom, kwargs):
        from pydicom import valuerep as pv

        ours = outcome(lambda: PersonName.from_named_components(**kwargs))
        assert ours == outcome(lambda: pv.PersonName.from_named_components(**kwargs))
        if ours[0][0] == "returned":
            assert person_name_state(
                PersonName.from_named_components(**kwargs)
            ) == person_name_state(pv.PersonName.from_named_components(**kwargs))

    @pytest.mark.parametrize(
        "kwargs",
        [
            dict(responsible_party_name="ABC Farms", patient_name="Running on Water"),
            dict(patient_name="Rex", patient_name_phonetic="rex"),
            dict(responsible_party_name="A^B"),
        ],
    )
    def test_veterinary_matches_pydicom(self, pydicom, kwargs):
        from pydicom import valuerep as pv

        ours = outcome(lambda: PersonName.from_named_components_veterinary(**kwargs))
        theirs = outcome(lambda: pv.PersonName.from_named_components_veterinary(**kwargs))
        assert ours == theirs

    def test_equality_hash_and_none(self):
        assert PersonName(None) is None
        name = PersonName("Doe^John")
        assert name == "Doe^John"
        assert name == PersonName(b"Doe^John")
        assert name != "Doe"
        assert hash(name) == hash(PersonName("Doe^John"))
        assert PersonName(name) == name
        assert not PersonName("")
        assert PersonName("=Yamada")

    @pytest.mark.parametrize("value", ["Doe^John", b"Doe^John=Y", "", "A=B=C"])
    def test_pickle_and_copy(self, value):
        name = PersonName(value, ["iso8859"])
        for clone in (pickle.loads(pickle.dumps(name)), copy.copy(name), copy.deepcopy(name)):
            assert type(clone) is PersonName
            assert person_name_state(clone) == person_name_state(name)

    @pytest.mark.parametrize("mode", MODES)
    @pytest.mark.parametrize(
        "text, encodings",
        [
            ("Doe^John", ("iso8859",)),
            ("Doe^John==", ("iso8859",)),
            ("", ("iso8859",)),
            ("Müller^Jörg", ("latin_1",)),
            ("Yamada^Tarou=山田^太郎=やまだ^たろう", ("iso8859", "iso2022_jp")),
            ("a=b=c=d", ("iso8859",)),
            ("x" * 70, ("iso8859",)),
        ],
    )
    def test_fast_constructor_matches_reader_path(self, text, encodings, mode):
        def reader_path():
            name = PersonName(text, encodings, validation_mode=mode)
            name.encode()
            return name.decode()

        ours = outcome(lambda: PersonName._from_file(text, encodings, mode))
        assert ours == outcome(reader_path)
        if ours[0][0] == "returned":
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                assert person_name_state(
                    PersonName._from_file(text, encodings, mode)
                ) == person_name_state(reader_path())

    @settings(max_examples=150, deadline=None)
    @given(
        st.lists(
            st.text(
                alphabet=st.characters(
                    blacklist_characters="=^\\", blacklist_categories=("Cs",)
                ),
                max_size=8,
            ),
            min_size=1,
            max_size=5,
        )
    )
    @pytest.mark.filterwarnings("ignore::UserWarning")  # the warning is the oracle's too
    def test_property_utf8_round_trip(self, parts):
        name = PersonName.from_named_components(*parts, encodings=["UTF8"])
        assert PersonName(name.encode(), ["UTF8"]) == name
        assert name.family_name == parts[0]


class TestValidateValue:
    CASES = [
        ("AE", "AETITLE"), ("AE", "A" * 17), ("AE", "bad\x01"), ("AE", b"AE\n"), ("AE", 12),
        ("AS", "012Y"), ("AS", "12Y"), ("AS", b"012W"), ("CS", "ORIGINAL"), ("CS", "lower"),
        ("CS", "A" * 17 + "a"), ("DA", "20240131"), ("DA", "2024013"), ("DA", "-20240131"),
        ("DA", "20240101-20240131"), ("DA", datetime.date(2020, 1, 1)), ("DA", 5),
        ("DS", "1.5"), ("DS", "1.5e"), ("DS", "1" * 17), ("DS", 1.5), ("DT", "2024"),
        ("DT", "2024013112595960"), ("DT", datetime.datetime(2020, 1, 1)), ("FD", 1.5),
        ("FD", "1.5"), ("FL", 1), ("IS", "12"), ("IS", "1.0"), ("IS", "1" * 13),
        ("LO", "x" * 65), ("LO", b"x" * 64), ("LT", "x" * 10241), ("PN", "a=b=c=d"),
        ("PN", "x" * 65), ("PN", b"x=y"), ("PN", 5), ("SH", "x" * 17), ("SL", 2**31),
        ("SL", -(2**31)), ("SL", b"\x00" * 3), ("SS", -32769), ("SS", 1.5), ("ST", "x" * 1025),
        ("SV", 2**63), ("TM", "2400"), ("TM", "235960.123456"), ("TM", datetime.time(1)),
        ("UI", "1.2.3"), ("UI", "1.02.3"), ("UI", "1.2." + "3" * 70), ("UI", "1.2.3\n"),
        ("UI", b"1.2.3"), ("UL", -1), ("UL", b"\x00\x00"), ("US", 65536), ("US", b"\x00"),
        ("UR", "http://a.b/c d"), ("UR", "http://a.b/c "), ("UV", 2**64), ("UV", 0),
        ("UN", b"\x00"), ("SQ", []), ("XX", "anything"), ("AE", None), ("AE", ""),
    ]  # fmt: skip

    @pytest.mark.parametrize("mode", MODES)
    @pytest.mark.parametrize("vr, value", CASES, ids=repr)
    def test_matches_pydicom(self, pydicom, vr, value, mode):
        from pydicom import valuerep as pv

        ours = outcome(lambda: validate_value(vr, value, mode))
        assert ours == outcome(lambda: pv.validate_value(vr, value, mode))

    @pytest.mark.parametrize("vr, value", CASES, ids=repr)
    def test_validators_match_pydicom(self, pydicom, vr, value):
        from pydicom import valuerep as pv

        if vr in pv.VALIDATORS:
            assert outcome(lambda: valuerep.VALIDATORS[vr](vr, value)) == outcome(
                lambda: pv.VALIDATORS[vr](vr, value)
            )
        assert set(valuerep.VALIDATORS) == set(pv.VALIDATORS)

    def test_custom_validator(self):
        with pytest.raises(ValueError, match="^nope$"):
            validate_value("LO", "x", config.RAISE, lambda vr, value: (False, "nope"))
        validate_value("LO", "x", config.IGNORE, lambda vr, value: (False, "nope"))

    def test_pn_component(self, pydicom):
        from pydicom import config as pc
        from pydicom import valuerep as pv

        config.settings.writing_validation_mode = config.RAISE
        old = pc.settings.writing_validation_mode
        pc.settings.writing_validation_mode = config.RAISE
        try:
            for value in ("x" * 64, "x" * 65, b"y" * 65):
                assert outcome(lambda: valuerep.validate_pn_component(value)) == outcome(
                    lambda: pv.validate_pn_component(value)
                )
        finally:
            pc.settings.writing_validation_mode = old

    @settings(max_examples=200, deadline=None)
    @given(st.text(alphabet="0123456789.", max_size=70))
    def test_property_ui_regex(self, text):
        import re

        expected = bool(re.fullmatch(r"(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*", text))
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            validate_value("UI", text, config.WARN)
        assert (not caught) == (expected and len(text) <= 64 or text == "")


class TestConstants:
    def test_vr_enum_and_sets_match_pydicom(self, pydicom):
        from pydicom import valuerep as pv

        assert [(m.name, m.value) for m in VR] == [(m.name, m.value) for m in pv.VR]
        for name in (
            "STANDARD_VR", "AMBIGUOUS_VR", "DEFAULT_CHARSET_VR", "CUSTOMIZABLE_CHARSET_VR",
            "BYTES_VR", "FLOAT_VR", "INT_VR", "LIST_VR", "STR_VR", "ALLOW_BACKSLASH",
            "LONG_VALUE_VR", "EXPLICIT_VR_LENGTH_16", "EXPLICIT_VR_LENGTH_32",
            "TEXT_VR_DELIMS", "PN_DELIMS", "MAX_VALUE_LEN", "VALUE_LENGTH", "VR_REGEXES",
        ):  # fmt: skip
            ours = getattr(valuerep, name)
            theirs = getattr(pv, name)
            if isinstance(ours, set):
                assert {str(v.value) if isinstance(v, VR) else v for v in ours} == {
                    str(v.value) if isinstance(v, pv.VR) else v for v in theirs
                }, name
            else:
                assert ours == theirs, name
        assert valuerep.default_encoding == pv.default_encoding

    def test_public_names_match_pydicom(self, pydicom):
        from pydicom import valuerep as pv

        skip = {"cast", "sys"}  # typing/stdlib helpers pydicom imported
        theirs = {n for n in dir(pv) if not n.startswith("_")} - skip
        assert sorted(name for name in theirs if not hasattr(valuerep, name)) == []
        assert theirs - skip <= set(dir(valuerep))

    def test_vr_is_str(self):
        assert VR.US == "US" and VR("US or SS") is VR.US_SS
        assert VR.OB in valuerep.BYTES_VR and "OB" in valuerep.BYTES_VR

    def test_person_name_unicode_alias(self):
        with pytest.warns(DeprecationWarning, match="PersonNameUnicode"):
            assert valuerep.PersonNameUnicode is PersonName
        with pytest.raises(AttributeError):
            valuerep.NoSuchName  # noqa: B018


class TestMultiString:
    @pytest.mark.parametrize(
        "value", ["a", "a\\b", "a\\b\\ ", "a \x00", "", "\\", "1.5\\2.5", "1\\\\2"]
    )
    @pytest.mark.parametrize("valtype", [None, "DSfloat", "IS"])
    def test_matches_pydicom(self, pydicom, value, valtype):
        from pydicom import valuerep as pv

        ours = outcome(lambda: MultiString(value, getattr(valuerep, valtype, None) if valtype else None))
        theirs = outcome(lambda: pv.MultiString(value, getattr(pv, valtype) if valtype else None))
        assert ours == theirs


class TestImportCost:
    def test_no_numpy_or_pydicom_on_import(self, tmp_path):
        import subprocess
        import sys

        code = (
            "import sys, dcmcore.valuerep, dcmcore.uid, dcmcore.multival, dcmcore.charset;"
            "print('numpy' in sys.modules, 'pydicom' in sys.modules)"
        )
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path
        )
        assert result.stdout.split() == ["False", "False"], result.stderr
