"""Value representations (PS3.5 section 6.2): VR names, value checks and value types.

This module holds the :class:`VR` enumeration and the VR groupings, the
per-VR value checks behind :func:`validate_value`, and the Python types that
hold element values: :class:`PersonName`, :class:`DA`, :class:`DT`,
:class:`TM`, :class:`DSfloat`, :class:`DSdecimal`, :class:`IS` (with
:class:`ISfloat`).

Fast constructors for values read from a file
---------------------------------------------
The public constructors accept many input types and always consult the
configuration. The value codec converts millions of values that come straight
from a file, so each value type also has an internal classmethod that takes
one already-split, already-decoded text item plus the validation mode the
caller looked up once, and gives the same result as the public constructor:

``DSfloat._from_file(text, validation_mode)``
    ``DSfloat(text, validation_mode=validation_mode)``
``IS._from_file(text, validation_mode)``
    ``IS(text, validation_mode=validation_mode)``
``PersonName._from_file(text, encodings, validation_mode)``
    a PN value decoded with `encodings` (a tuple of Python codec names), with
    ``original_string`` set to its encoded form, as pydicom's reader makes it
``dcmcore.uid.UID._from_file(text, validation_mode)``
    ``UID(text, validation_mode=validation_mode)``

`text` has had its trailing padding removed and was split at backslashes.
Each costs roughly 0.1-0.3 µs for typical valid values and falls back to the
public constructor (with its warnings and errors) for anything unusual.
"""

import datetime
import re
import warnings
from decimal import Decimal
from enum import Enum, unique
from math import floor, isfinite, log10
from typing import (
    Any,
    Callable,
    Dict,
    Iterator,
    List,
    MutableSequence,
    Optional,
    Sequence,
    Tuple,
    Type,
    TypeVar,
    Union,
)

from dcmcore import config
from dcmcore._codec import LONG_LENGTH_VRS, VALUE_LENGTH_LIMITS
from dcmcore.multival import MultiValue

# ISO-IR 6 (ASCII) is the default repertoire; 'iso8859' decodes it and, being
# latin-1, never fails on a stray high byte (PS3.5 6.1.2.1).
default_encoding = "iso8859"

# Control characters that end a code-extension run in text values, and the
# component group separator '^' of PN values (PS3.5 6.1.2.5.3); the '='
# between PN component groups is handled separately.
TEXT_VR_DELIMS = {0x0D, 0x0A, 0x09, 0x0C}
PN_DELIMS = {0x5E}

# Maximum value lengths in characters (PS3.5 Table 6.2-1); UR and UT, whose
# limit is 2**32 - 2 bytes, are not checked. Those the C scanners apply too
# come from the one table of them, in dcmcore._codec.
MAX_VALUE_LEN = {
    "AE": 16,
    "CS": 16,
    "DS": VALUE_LENGTH_LIMITS["DS"],
    "IS": VALUE_LENGTH_LIMITS["IS"],
    "LO": 64,
    "LT": 10240,
    "SH": 16,
    "ST": 1024,
    "UI": VALUE_LENGTH_LIMITS["UI"],
}
# characters per PN component group
_PN_GROUP_MAX_LENGTH = VALUE_LENGTH_LIMITS["PN"]


def _range_regex(single: str) -> str:
    """Return a regex matching `single` or a range of it (PS3.4 C.2.2.2.5)."""
    return rf"^{single}$|^\-{single} ?$|^{single}\- ?$|^{single}\-{single} ?$"


# Character repertoire and format of the VRs that have one (PS3.5 Table 6.2-1).
VR_REGEXES = {
    "AE": r"^[\x20-\x7e]*$",
    "AS": r"^\d\d\d[DWMY]$",
    "CS": r"^[A-Z0-9 _]*$",
    "DS": r"^ *[+\-]?(\d+|\d+\.\d*|\.\d+)([eE][+\-]?\d+)? *$",
    "IS": r"^ *[+\-]?\d+ *$",
    "DA": _range_regex(r"\d{4}(0[1-9]|1[0-2])([0-2]\d|3[01])"),
    "DT": _range_regex(
        r"\d{4}((0[1-9]|1[0-2])(([0-2]\d|3[01])(([01]\d|2[0-3])"
        r"([0-5]\d((60|[0-5]\d)(\.\d{1,6} ?)?)?)?)?)?)?([+-][01]\d\d\d)?"
    ),
    "TM": _range_regex(r"([01]\d|2[0-3])([0-5]\d((60|[0-5]\d)(\.\d{1,6} ?)?)?)?"),
    "UI": r"^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$",
    "UR": r"^[A-Za-z_\d:/?#\[\]@!$&'()*+,;=%\-.~]* *$",
}

# The compiled forms, STR_VR_REGEXES and BYTE_VR_REGEXES (vr -> pattern), are
# made on first use (see __getattr__ at the end): compiling all of them costs
# more than the rest of the import.
_compiled_tables: Dict[type, Dict[str, "re.Pattern"]] = {}


def _vr_regexes(kind: type) -> Dict[str, "re.Pattern"]:
    """Return the compiled VR regexes for str or bytes values (`kind`)."""
    table = _compiled_tables.get(kind)
    if table is None:
        table = _compiled_tables[kind] = {
            vr: re.compile(regex if kind is str else regex.encode())
            for vr, regex in VR_REGEXES.items()
        }
    return table

_ValidationResult = Tuple[bool, str]

_VR_TABLE_HINT = (
    " Please see <https://dicom.nema.org/medical/dicom/current/output"
    "/html/part05.html#table_6.2-1> for allowed values for each VR."
)


def validate_type(vr: str, value: Any, types: Union[Type, Tuple[Type, ...]]) -> _ValidationResult:
    """Check that `value` is ``None`` or an instance of `types`.

    Parameters
    ----------
    vr : str
        The VR the value is for (used in the message).
    value : Any
        The value to check.
    types : type or tuple of type
        The accepted types.

    Returns
    -------
    tuple of (bool, str)
        Whether the value passed, and the reason if it did not.
    """
    if value is None or isinstance(value, types):
        return True, ""
    return False, (
        f"A value of type '{type(value).__name__}' cannot be assigned to a tag with VR {vr}."
    )


def validate_vr_length(vr: str, value: Any) -> _ValidationResult:
    """Check `value` against the maximum length of `vr` (if it has one).

    Returns
    -------
    tuple of (bool, str)
        Whether the value passed, and the reason if it did not.
    """
    max_length = MAX_VALUE_LEN.get(vr, 0)
    if max_length and len(value) > max_length:
        return False, (
            f"The value length ({len(value)}) exceeds the maximum length of "
            f"{max_length} allowed for VR {vr}."
        )
    return True, ""


def validate_type_and_length(vr: str, value: Any) -> _ValidationResult:
    """Check that `value` is str or bytes and not longer than `vr` allows."""
    valid, msg = validate_type(vr, value, (str, bytes))
    if not valid:
        return valid, msg
    return validate_vr_length(vr, value)


def validate_regex(vr: str, value: Any) -> _ValidationResult:
    """Check a non-empty str or bytes `value` against the format of `vr`."""
    if value:
        # fullmatch() of the anchored pattern also rejects the trailing
        # newline that `$` alone would let through.
        regex = _vr_regexes(str if isinstance(value, str) else bytes)[vr]
        if regex.fullmatch(value) is None:
            return False, f"Invalid value for VR {vr}: {value!r}."
    return True, ""


def validate_type_and_regex(vr: str, value: Any) -> _ValidationResult:
    """Check that `value` is str or bytes and has the format of `vr`."""
    valid, msg = validate_type(vr, value, (str, bytes))
    if not valid:
        return valid, msg
    return validate_regex(vr, value)


def validate_date_time(vr: str, value: Any, date_time_type: Type) -> _ValidationResult:
    """Accept a non-empty `date_time_type` value, else check as str/bytes of `vr`."""
    if value and isinstance(value, date_time_type):
        return True, ""
    return validate_type_and_regex(vr, value)


def validate_length_and_type_and_regex(vr: str, value: Any) -> _ValidationResult:
    """Check type, maximum length and format of `value` for `vr`.

    Both the length and the format are checked, and both problems reported.
    """
    valid, msg = validate_type(vr, value, (str, bytes))
    if not valid:
        return valid, msg
    valid_length, length_msg = validate_vr_length(vr, value)
    valid_format, format_msg = validate_regex(vr, value)
    msg = f"{length_msg} {format_msg}".strip()
    if msg:
        msg += _VR_TABLE_HINT
    return valid_length and valid_format, msg


def validate_pn_component_length(vr: str, value: Any) -> _ValidationResult:
    """Check that one PN component group is at most 64 characters (`vr` unused)."""
    if len(value) > _PN_GROUP_MAX_LENGTH:
        return False, (
            f"The PN component length ({len(value)}) exceeds the maximum allowed "
            f"length of {_PN_GROUP_MAX_LENGTH}."
        )
    return True, ""


def validate_pn(vr: str, value: Any) -> _ValidationResult:
    """Check a PN value: at most three component groups of at most 64 characters."""
    if not value or isinstance(value, PersonName):
        return True, ""
    valid, msg = validate_type(vr, value, (str, bytes))
    if not valid:
        return valid, msg
    groups = value.split(b"=" if isinstance(value, bytes) else "=")
    if len(groups) > 3:
        return False, (
            f"The number of PN components length ({len(groups)}) exceeds the "
            "maximum allowed number of 3."
        )
    for group in groups:
        valid, msg = validate_pn_component_length("PN", group)
        if not valid:
            return False, msg
    return True, ""


def _pn_surely_valid(text: str) -> bool:
    """``True`` if the PN text `text` passes :func:`validate_pn` without checking.

    At most 64 characters in at most three groups can break no PN rule; the
    shortcut spares the full check for almost every real name.
    """
    return len(text) <= _PN_GROUP_MAX_LENGTH and text.count("=") < 3


def validate_pn_component(value: Union[str, bytes]) -> None:
    """Check the length of one PN component group in the writing validation mode.

    Raises
    ------
    ValueError
        If it is too long and the writing validation mode is ``RAISE``.
    """
    validate_value(
        "PN", value, config.settings.writing_validation_mode, validate_pn_component_length
    )


# Item size in bytes of the binary numeric VRs.
VALUE_LENGTH = {"US": 2, "SS": 2, "UL": 4, "SL": 4, "UV": 8, "SV": 8, "FL": 4, "FD": 8}


def validate_number(vr: str, value: Any, min_value: int, max_value: int) -> _ValidationResult:
    """Check an int `value` against ``[min_value, max_value]``, or a bytes
    `value` for a length that is a multiple of the item size of `vr`."""
    valid, msg = validate_type(vr, value, (int, bytes))
    if not valid:
        return valid, msg
    if isinstance(value, int):
        if not min_value <= value <= max_value:
            return False, (
                f"Invalid value: a value for a tag with VR {vr} must be "
                f"between {min_value} and {max_value}."
            )
    elif len(value) % VALUE_LENGTH[vr]:
        return False, (
            f"Invalid value length {len(value)}: the value length for a tag "
            f"with VR {vr} must be a multiple of {VALUE_LENGTH[vr]}."
        )
    return True, ""


def _number_validator(min_value: int, max_value: int) -> Callable[[str, Any], _ValidationResult]:
    def validator(vr: str, value: Any) -> _ValidationResult:
        return validate_number(vr, value, min_value, max_value)

    return validator


def _date_time_validator(date_time_type: Type) -> Callable[[str, Any], _ValidationResult]:
    def validator(vr: str, value: Any) -> _ValidationResult:
        return validate_date_time(vr, value, date_time_type)

    return validator


def _float_validator(vr: str, value: Any) -> _ValidationResult:
    return validate_type(vr, value, (float, int))


VALIDATORS: Dict[str, Callable[[str, Any], _ValidationResult]] = {
    "AE": validate_length_and_type_and_regex,
    "AS": validate_type_and_regex,
    "CS": validate_length_and_type_and_regex,
    "DA": _date_time_validator(datetime.date),
    "DS": validate_length_and_type_and_regex,
    "DT": _date_time_validator(datetime.datetime),
    "FD": _float_validator,
    "FL": _float_validator,
    "IS": validate_length_and_type_and_regex,
    "LO": validate_type_and_length,
    "LT": validate_type_and_length,
    "PN": validate_pn,
    "SH": validate_type_and_length,
    "SL": _number_validator(-0x80000000, 0x7FFFFFFF),
    "SS": _number_validator(-0x8000, 0x7FFF),
    "ST": validate_type_and_length,
    "SV": _number_validator(-0x8000000000000000, 0x7FFFFFFFFFFFFFFF),
    "TM": _date_time_validator(datetime.time),
    "UI": validate_length_and_type_and_regex,
    "UL": _number_validator(0, 0xFFFFFFFF),
    "US": _number_validator(0, 0xFFFF),
    "UR": validate_type_and_regex,
    "UV": _number_validator(0, 0xFFFFFFFFFFFFFFFF),
}


def validate_value(
    vr: str,
    value: Any,
    validation_mode: int,
    validator: Optional[Callable[[str, Any], _ValidationResult]] = None,
) -> None:
    """Check `value` for an element of VR `vr`, then warn or raise as configured.

    Parameters
    ----------
    vr : str
        The VR of the element the value is for.
    value : Any
        The value; ``None`` is always accepted.
    validation_mode : int
        ``config.IGNORE`` skips the check, ``config.WARN`` warns and
        ``config.RAISE`` raises when it fails.
    validator : callable, optional
        ``validator(vr, value) -> (bool, message)`` to use instead of the
        VR's own check from :data:`VALIDATORS`.

    Raises
    ------
    ValueError
        If the check fails in ``RAISE`` mode.
    """
    if validation_mode == config.IGNORE or value is None:
        return
    validator = validator or VALIDATORS.get(vr)
    if validator is None:
        return
    valid, msg = validator(vr, value)
    if not valid:
        if validation_mode == config.RAISE:
            raise ValueError(msg)
        warnings.warn(msg)


@unique
class VR(str, Enum):
    """The value representations of PS3.5 Table 6.2-1, plus the ambiguous
    ones of PS3.6 (e.g. ``VR.US_SS == "US or SS"``)."""

    AE = "AE"
    AS = "AS"
    AT = "AT"
    CS = "CS"
    DA = "DA"
    DS = "DS"
    DT = "DT"
    FD = "FD"
    FL = "FL"
    IS = "IS"
    LO = "LO"
    LT = "LT"
    OB = "OB"
    OD = "OD"
    OF = "OF"
    OL = "OL"
    OW = "OW"
    OV = "OV"
    PN = "PN"
    SH = "SH"
    SL = "SL"
    SQ = "SQ"
    SS = "SS"
    ST = "ST"
    SV = "SV"
    TM = "TM"
    UC = "UC"
    UI = "UI"
    UL = "UL"
    UN = "UN"
    UR = "UR"
    US = "US"
    UT = "UT"
    UV = "UV"
    US_SS_OW = "US or SS or OW"
    US_SS = "US or SS"
    US_OW = "US or OW"
    OB_OW = "OB or OW"


#: The VRs of PS3.5 Table 6.2-1.
STANDARD_VR = {
    VR.AE, VR.AS, VR.AT, VR.CS, VR.DA, VR.DS, VR.DT, VR.FD, VR.FL, VR.IS,
    VR.LO, VR.LT, VR.OB, VR.OD, VR.OF, VR.OL, VR.OW, VR.OV, VR.PN, VR.SH,
    VR.SL, VR.SQ, VR.SS, VR.ST, VR.SV, VR.TM, VR.UC, VR.UI, VR.UL, VR.UN,
    VR.UR, VR.US, VR.UT, VR.UV,
}  # fmt: skip
#: VRs that PS3.6 leaves to be resolved from other elements of the dataset.
AMBIGUOUS_VR = {VR.US_SS_OW, VR.US_SS, VR.US_OW, VR.OB_OW}
#: VRs limited to the default repertoire (ISO-IR 6) (PS3.5 6.1.2).
DEFAULT_CHARSET_VR = {VR.AE, VR.AS, VR.CS, VR.DA, VR.DS, VR.DT, VR.IS, VR.TM, VR.UI, VR.UR}
#: VRs whose repertoire (0008,0005) Specific Character Set may extend or replace.
CUSTOMIZABLE_CHARSET_VR = {VR.LO, VR.LT, VR.PN, VR.SH, VR.ST, VR.UC, VR.UT}
#: VRs held as bytes.
BYTES_VR = {VR.OB, VR.OD, VR.OF, VR.OL, VR.OV, VR.OW, VR.UN}
#: VRs held as floats.
FLOAT_VR = {VR.DS, VR.FD, VR.FL}
#: VRs held as ints.
INT_VR = {VR.AT, VR.IS, VR.SL, VR.SS, VR.SV, VR.UL, VR.US, VR.UV}
#: VRs held as lists (sequences).
LIST_VR = {VR.SQ}
#: VRs held as text.
STR_VR = DEFAULT_CHARSET_VR | CUSTOMIZABLE_CHARSET_VR
#: VRs whose values may contain a backslash that is not a value separator:
#: the text VRs that are single-valued by definition, and any value that may
#: be bytes (all ambiguous VRs except "US or SS").
ALLOW_BACKSLASH = {VR.LT, VR.ST, VR.UT, VR.US_SS_OW, VR.US_OW, VR.OB_OW} | BYTES_VR
#: VRs whose values may be longer than 1024 bytes (abbreviated when printed).
LONG_VALUE_VR = {VR.LT, VR.UC, VR.UT} | BYTES_VR | AMBIGUOUS_VR
#: VRs with a 4-byte length field in explicit VR encoding (PS3.5 Table 7.1-1),
#: from the one table of them in dcmcore._codec.
EXPLICIT_VR_LENGTH_32 = {VR(name) for name in LONG_LENGTH_VRS}
#: VRs with a 2-byte length field in explicit VR encoding (PS3.5 Table 7.1-2).
EXPLICIT_VR_LENGTH_16 = STANDARD_VR - EXPLICIT_VR_LENGTH_32


# ---------------------------------------------------------------------------
# DA, DT, TM


class _DateTimeBase:
    """Shared behaviour of :class:`DA`, :class:`DT` and :class:`TM`.

    ``str()`` gives the DICOM string the value was made from (or one formed
    from the date/time when made from a :mod:`datetime` object).
    """

    __slots__ = ()
    original_string: str

    def __reduce_ex__(self, protocol: Any) -> Tuple[Any, ...]:
        # The datetime bases pickle only the date/time: add the instance state.
        return super().__reduce_ex__(protocol) + (self.__getstate__(),)  # type: ignore[misc]

    def __getstate__(self) -> Dict[str, Any]:
        return self.__dict__.copy()

    def __setstate__(self, state: Dict[str, Any]) -> None:
        self.__dict__.update(state)

    def __str__(self) -> str:
        try:
            return self.original_string
        except AttributeError:
            return super().__str__()

    def __repr__(self) -> str:
        return f'"{str(self)}"'


def _leap_second_warning(kind: str) -> None:
    warnings.warn(
        f"'datetime.{kind}' doesn't allow a value of '60' for the seconds component, "
        "changing to '59'"
    )


class DA(_DateTimeBase, datetime.date):
    """A DA (date) value: a :class:`datetime.date` that remembers its DICOM string.

    ``DA("20240131")``, ``DA("2024.01.31")`` (the ACR-NEMA form),
    ``DA(datetime.date(2024, 1, 31))`` or ``DA(2024, 1, 31)``; ``None``,
    an empty or blank string gives ``None``.

    Raises
    ------
    ValueError
        If the value cannot be turned into a date.
    """

    def __new__(cls, *args: Any, **kwargs: Any) -> Optional["DA"]:  # type: ignore[misc]
        if not args or args[0] is None:
            return None
        val = args[0]
        if isinstance(val, str):
            if not val.strip():
                return None
            if len(val) == 8:
                return super().__new__(cls, int(val[:4]), int(val[4:6]), int(val[6:8]))
            if len(val) == 10 and val[4] == "." and val[7] == ".":
                return super().__new__(cls, int(val[:4]), int(val[5:7]), int(val[8:10]))
        if isinstance(val, datetime.date):
            return super().__new__(cls, val.year, val.month, val.day)
        try:
            return super().__new__(cls, *args, **kwargs)
        except Exception as exc:
            raise ValueError(f"Unable to convert '{val}' to 'DA' object") from exc

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        val = args[0]
        if isinstance(val, str):
            self.original_string = val
        elif isinstance(val, DA):
            if hasattr(val, "original_string"):
                self.original_string = val.original_string
        elif isinstance(val, datetime.date):
            self.original_string = f"{val.year}{val.month:02}{val.day:02}"


class DT(_DateTimeBase, datetime.datetime):
    """A DT (date time) value: a :class:`datetime.datetime` that remembers its
    DICOM string.

    Made from a DICOM string ``YYYY[MM[DD[HH[MM[SS[.F{1,6}]]]]]][&ZZXX]``,
    a :class:`datetime.datetime` or the :class:`datetime.datetime` arguments;
    ``None``, an empty or blank string gives ``None``. A leap second (60) is
    stored as 59 with a warning.

    Raises
    ------
    ValueError
        If the value cannot be turned into a date time.
    """

    _regex_dt = re.compile(r"((\d{4,14})(\.(\d{1,6}))?)([+-]\d{4})?")

    @staticmethod
    def _utc_offset(value: str) -> datetime.timezone:
        """Return the timezone of a DICOM UTC offset suffix such as ``'-1000'``."""
        seconds = (int(value[1:3]) * 60 + int(value[3:5])) * 60
        if value[0] == "-":
            seconds = -seconds
        return datetime.timezone(datetime.timedelta(seconds=seconds), name=value)

    def __new__(cls, *args: Any, **kwargs: Any) -> Optional["DT"]:  # type: ignore[misc]
        if not args or args[0] is None:
            return None
        val = args[0]
        if isinstance(val, str):
            if not val.strip():
                return None
            match = cls._regex_dt.match(val)
            if not match or len(val) > 26:
                raise ValueError(f"Unable to convert non-conformant value '{val}' to 'DT' object")
            digits = match.group(2)
            nr_digits = len(digits)

            def field(start: int, default: int) -> int:
                return int(digits[start : start + 2]) if nr_digits >= start + 2 else default

            second = field(12, 0)
            microsecond = 0
            if nr_digits >= 14 and match.group(4):
                microsecond = int(match.group(4).rstrip().ljust(6, "0"))
            offset = match.group(5)
            if second == 60:
                _leap_second_warning("datetime")
                second = 59
            return super().__new__(
                cls,
                int(digits[:4]),
                field(4, 1),
                field(6, 1),
                hour=field(8, 0),
                minute=field(10, 0),
                second=second,
                microsecond=microsecond,
                tzinfo=cls._utc_offset(offset) if offset else None,
            )
        if isinstance(val, datetime.datetime):
            return super().__new__(cls, *val.timetuple()[:6], val.microsecond, val.tzinfo)
        try:
            return super().__new__(cls, *args, **kwargs)
        except Exception as exc:
            raise ValueError(f"Unable to convert '{val}' to 'DT' object") from exc

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        val = args[0]
        if isinstance(val, str):
            self.original_string = val
        elif isinstance(val, DT):
            if hasattr(val, "original_string"):
                self.original_string = val.original_string
        elif isinstance(val, datetime.datetime):
            text = (
                f"{val.year:04}{val.month:02}{val.day:02}"
                f"{val.hour:02}{val.minute:02}{val.second:02}"
            )
            if val.microsecond > 0:
                text += f".{val.microsecond:06}"
            if val.tzinfo is not None:
                offset = val.tzinfo.utcoffset(val)
                if offset is not None:
                    minutes = offset.days * 24 * 60 + offset.seconds // 60
                    sign = "+" if minutes >= 0 else "-"
                    minutes = abs(minutes)
                    text += f"{sign}{minutes // 60:02}{minutes % 60:02}"
            self.original_string = text


class TM(_DateTimeBase, datetime.time):
    """A TM (time) value: a :class:`datetime.time` that remembers its DICOM string.

    Made from a DICOM string ``HH[MM[SS[.F{0,6}]]]``, a :class:`datetime.time`
    or the :class:`datetime.time` arguments; ``None``, an empty or blank
    string gives ``None``. A leap second (60) is stored as 59 with a warning.

    Raises
    ------
    ValueError
        If the value cannot be turned into a time.
    """

    _RE_TIME = re.compile(
        r"(?P<h>^([01][0-9]|2[0-3]))"
        r"((?P<m>([0-5][0-9]))"
        r"((?P<s>([0-5][0-9]|60))"
        r"(\.(?P<ms>([0-9]{1,6})?))?)?)?$"
    )

    def __new__(cls, *args: Any, **kwargs: Any) -> Optional["TM"]:  # type: ignore[misc]
        if not args or args[0] is None:
            return None
        val = args[0]
        if isinstance(val, str):
            if not val.strip():
                return None
            match = cls._RE_TIME.match(val)
            if not match:
                raise ValueError(f"Unable to convert non-conformant value '{val}' to 'TM' object")
            minute, second, fraction = match.group("m", "s", "ms")
            second = int(second) if second else 0
            if second == 60:
                _leap_second_warning("time")
                second = 59
            microsecond = int(fraction.rstrip().ljust(6, "0")) if fraction else 0
            return super().__new__(
                cls, int(match.group("h")), int(minute) if minute else 0, second, microsecond
            )
        if isinstance(val, datetime.time):
            return super().__new__(cls, val.hour, val.minute, val.second, val.microsecond)
        try:
            return super().__new__(cls, *args, **kwargs)
        except Exception as exc:
            raise ValueError(f"Unable to convert '{val}' to 'TM' object") from exc

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        val = args[0]
        if isinstance(val, str):
            self.original_string = val
        elif isinstance(val, TM):
            if hasattr(val, "original_string"):
                self.original_string = val.original_string
        elif isinstance(val, datetime.time):
            text = f"{val.hour:02}{val.minute:02}{val.second:02}"
            if val.microsecond > 0:
                text += f".{val.microsecond:06}"
            self.original_string = text


# ---------------------------------------------------------------------------
# DS and IS


def is_valid_ds(s: str) -> bool:
    """Return ``True`` if `s` is a valid DS string: at most 16 characters of
    the decimal string format (PS3.5 Table 6.2-1)."""
    return validate_length_and_type_and_regex("DS", s)[0]


def format_number_as_ds(val: Union[float, Decimal]) -> str:
    """Return the closest DS-valid string (at most 16 characters) for `val`.

    Uses ``str(val)`` when it is short enough; otherwise rounds, switching to
    scientific notation for magnitudes below 1e-4 or of 1e14 (1e13 when
    negative) and above, where it keeps more digits.

    Parameters
    ----------
    val : float or decimal.Decimal
        A finite number.

    Returns
    -------
    str

    Raises
    ------
    TypeError
        If `val` is not a float or Decimal.
    ValueError
        If `val` is infinite or NaN.
    """
    if not isinstance(val, (float, Decimal)):
        raise TypeError("'val' must be of type float or decimal.Decimal")
    if not isfinite(val):
        raise ValueError(f"Cannot encode non-finite floats as DICOM decimal strings. Got '{val}'")

    text = str(val)
    if len(text) <= 16:
        return text

    exponent = log10(abs(val))
    sign_chars = 1 if val < 0.0 else 0
    # Beyond 1e14 a fixed-point string would end in a bare '.', and below
    # 1e-4 the fixed form keeps fewer significant digits than the scientific.
    if exponent < -4 or exponent >= 14 - sign_chars:
        nr_decimals = 10 - sign_chars
        text = f"{val:.{nr_decimals}e}"
        if len(text) > 16:  # a three-digit exponent
            text = f"{val:.{nr_decimals - 1}e}"
        return text
    nr_decimals = 14 - sign_chars
    if exponent >= 1.0:
        nr_decimals -= int(floor(exponent))
    return f"{val:.{nr_decimals}f}"


def _is_blank(val: Any) -> bool:
    return isinstance(val, str) and not val.strip()


_float_new = float.__new__


def _copy_slots(src: Any, dst: Any) -> Any:
    """Give `dst` the values of the ``__slots__`` that `src` has set; return `dst`.

    The slots of the value classes hold immutable objects (str, bytes, bool,
    int, tuples of str), so a deep copy can share them.
    """
    for name in type(src).__slots__:
        try:
            setattr(dst, name, getattr(src, name))
        except AttributeError:
            pass
    return dst
_int_new = int.__new__
_RAISE = config.RAISE


class DSfloat(float):
    """A DS (decimal string) value held as a :class:`float`.

    ``str()`` gives the string the value was made from, so it is written back
    unchanged. Made from ``None`` or a blank string, the constructor returns
    that argument instead of an instance.

    Parameters
    ----------
    val : str, int, float or Decimal
        The value.
    auto_format : bool, optional
        ``True`` to replace a string form that is not valid DS (e.g. too long)
        with :func:`format_number_as_ds` of the value.
    validation_mode : int, optional
        Default ``config.settings.reading_validation_mode``. In ``RAISE`` mode
        (without `auto_format`) a string form that is too long raises
        :class:`OverflowError` and an invalid one :class:`ValueError`.
    """

    __slots__ = ("original_string", "auto_format")

    def __new__(  # type: ignore[misc]
        cls,
        val: Union[None, str, int, float, Decimal],
        auto_format: bool = False,
        validation_mode: Optional[int] = None,
    ) -> Union[None, str, "DSfloat"]:
        if val is None or _is_blank(val):
            return val  # type: ignore[return-value]
        return _float_new(cls, val)

    def __deepcopy__(self, memo: Any) -> "DSfloat":
        # skips the pickle protocol that copy.deepcopy would go through
        return _copy_slots(self, _float_new(type(self), self))

    def __init__(
        self,
        val: Union[str, int, float, Decimal],
        auto_format: bool = False,
        validation_mode: Optional[int] = None,
    ) -> None:
        if validation_mode is None:
            validation_mode = config.settings.reading_validation_mode
        checked = False
        if isinstance(val, str):
            self.original_string = val.strip()
        elif isinstance(val, (DSfloat, DSdecimal)):
            if val.auto_format:
                auto_format = checked = True
            if hasattr(val, "original_string"):
                self.original_string = val.original_string
        self.auto_format = auto_format
        if auto_format and not checked:
            _auto_format_ds(self)
        if validation_mode == config.RAISE and not auto_format:
            text = str(self)
            if len(text) > 16:
                raise OverflowError(
                    "Values for elements with a VR of 'DS' must be <= 16 characters long, "
                    "but the float provided requires > 16 characters to be accurately "
                    "represented. Use a smaller string, set "
                    "'config.settings.reading_validation_mode' to 'WARN' to override the "
                    "length check, or explicitly construct a DS object with 'auto_format' "
                    "set to True"
                )
            if not is_valid_ds(text):
                raise ValueError(f'Value "{text}" is not valid for elements with a VR of DS')

    @classmethod
    def _from_file(cls, text: str, validation_mode: int) -> Union[str, "DSfloat"]:
        """Fast ``DSfloat(text, validation_mode=validation_mode)`` for file data."""
        if validation_mode != _RAISE:
            try:
                value = _float_new(cls, text)
            except ValueError:
                pass  # blank, or the public constructor's error
            else:
                value.original_string = text.strip()
                value.auto_format = False
                return value
        return cls(text, validation_mode=validation_mode)

    def __eq__(self, other: Any) -> Any:
        if isinstance(other, str):
            return str(self) == other
        return float.__eq__(self, other)

    def __ne__(self, other: Any) -> Any:
        return not self == other

    __hash__ = float.__hash__

    def __str__(self) -> str:
        try:
            return self.original_string
        except AttributeError:
            return float.__repr__(self)

    def __repr__(self) -> str:
        if self.auto_format and hasattr(self, "original_string"):
            return f"'{self.original_string}'"
        return f"'{float.__repr__(self)}'"


def _auto_format_ds(value: Union[DSfloat, "DSdecimal"]) -> None:
    """Make the string form of `value` valid DS, keeping the number itself."""
    try:
        text = value.original_string
    except AttributeError:
        value.original_string = format_number_as_ds(value)
    else:
        if not is_valid_ds(text):
            value.original_string = format_number_as_ds(float(text))


class DSdecimal(Decimal):
    """A DS (decimal string) value held as a :class:`decimal.Decimal`.

    Used instead of :class:`DSfloat` after ``config.DS_decimal(True)``.
    Made from ``None`` or a blank string, the constructor returns that
    argument instead of an instance.

    Parameters
    ----------
    val : str, int, float or Decimal
        The value; a float only when ``config.allow_DS_float`` is set.
    auto_format : bool, optional
        ``True`` to replace a string form that is not valid DS with
        :func:`format_number_as_ds` of the value.
    validation_mode : int, optional
        Default ``config.settings.reading_validation_mode``. A string form
        longer than 16 characters (:class:`OverflowError`) or not valid DS
        (:class:`ValueError`) raises in ``RAISE`` mode and warns in ``WARN``.

    Raises
    ------
    TypeError
        If `val` is a float and ``config.allow_DS_float`` is not set.
    """

    __slots__ = ("original_string", "auto_format")

    def __new__(  # type: ignore[misc]
        cls,
        val: Union[None, str, int, float, Decimal],
        auto_format: bool = False,
        validation_mode: Optional[int] = None,
    ) -> Union[None, str, "DSdecimal"]:
        if val is None or _is_blank(val):
            return val  # type: ignore[return-value]
        if isinstance(val, float) and not config.allow_DS_float:
            raise TypeError(
                "'DS' cannot be instantiated with a float value unless "
                "'config.allow_DS_float' is set to True. You should convert the value "
                "to a string with the desired number of digits, or use "
                "'Decimal.quantize()' and pass a 'Decimal' instance."
            )
        return super().__new__(cls, val)

    def __init__(
        self,
        val: Union[str, int, float, Decimal],
        auto_format: bool = False,
        validation_mode: Optional[int] = None,
    ) -> None:
        if validation_mode is None:
            validation_mode = config.settings.reading_validation_mode
        checked = False
        if isinstance(val, str):
            self.original_string = val.strip()
        elif isinstance(val, (DSfloat, DSdecimal)):
            if val.auto_format:
                auto_format = checked = True
            if hasattr(val, "original_string"):
                self.original_string = val.original_string
        self.auto_format = auto_format
        if auto_format and not checked:
            _auto_format_ds(self)
        if validation_mode == config.IGNORE:
            return
        text = repr(self).strip("'")
        if len(text) > 16:
            msg = (
                "Values for elements with a VR of 'DS' values must be <= 16 characters "
                "long. Use a smaller string, set 'config.settings.reading_validation_mode' "
                "to 'WARN' to override the length check, use 'Decimal.quantize()' and "
                "initialize with a 'Decimal' instance, or explicitly construct a DS "
                "instance with 'auto_format' set to True"
            )
            if validation_mode == config.RAISE:
                raise OverflowError(msg)
            warnings.warn(msg)
        if not is_valid_ds(text):
            msg = f'Value "{str(self)}" is not valid for elements with a VR of DS'
            if validation_mode == config.RAISE:
                raise ValueError(msg)
            warnings.warn(msg)

    def __reduce__(self) -> Tuple[Any, ...]:
        # Decimal pickles as (class, (str,)), which would re-run validation
        # and lose the original string: rebuild without either.
        return (_restore_ds_decimal, (Decimal.__str__(self), self._state()))

    def _state(self) -> Dict[str, Any]:
        return {name: getattr(self, name) for name in self.__slots__ if hasattr(self, name)}

    def __copy__(self) -> "DSdecimal":
        return self

    def __deepcopy__(self, memo: Any) -> "DSdecimal":
        return self

    def __eq__(self, other: Any) -> Any:
        if isinstance(other, str):
            return str(self) == other
        return super().__eq__(other)

    def __ne__(self, other: Any) -> Any:
        return not self == other

    def __hash__(self) -> int:
        return super().__hash__()

    def __str__(self) -> str:
        text = getattr(self, "original_string", None)
        if text is not None and len(text) <= 16:
            return text
        return super().__str__()

    def __repr__(self) -> str:
        if self.auto_format and hasattr(self, "original_string"):
            return f"'{self.original_string}'"
        return f"'{str(self)}'"


def _restore_ds_decimal(number: str, state: Dict[str, Any]) -> DSdecimal:
    value = Decimal.__new__(DSdecimal, number)
    for name, attr in state.items():
        setattr(value, name, attr)
    return value


#: The DS value type in use: :class:`DSfloat`, or :class:`DSdecimal` after
#: ``config.DS_decimal(True)``.
DSclass: Any = DSdecimal if config.use_DS_decimal else DSfloat


def DS(
    val: Union[None, str, int, float, Decimal],
    auto_format: bool = False,
    validation_mode: Optional[int] = None,
) -> Union[None, str, DSfloat, DSdecimal]:
    """Return a DS value of the configured type (:data:`DSclass`).

    A string is first checked as DS in `validation_mode` (default
    ``config.settings.reading_validation_mode``); ``None`` and blank strings
    are returned unchanged.

    Parameters
    ----------
    val : str, int, float or Decimal
        The value.
    auto_format : bool, optional
        Passed to the DS type.
    validation_mode : int, optional
        How an invalid value is handled.
    """
    if val is None:
        return val
    if validation_mode is None:
        validation_mode = config.settings.reading_validation_mode
    if isinstance(val, str):
        if not val.strip():
            return val
        validate_value("DS", val, validation_mode)
    if config.use_DS_decimal:
        return DSdecimal(val, auto_format, validation_mode)
    return DSfloat(val, auto_format, validation_mode)


class ISfloat(float):
    """An IS value that is not a whole number, held as a :class:`float`.

    DICOM IS values are integers, but files with values like ``"1.5"``
    exist; :class:`IS` returns an ISfloat for them (with a warning, or a
    :class:`TypeError` in ``RAISE`` mode).

    Parameters
    ----------
    val : str, float or Decimal
        The value.
    validation_mode : int, optional
        ``WARN`` warns and ``RAISE`` raises :class:`TypeError` that the value
        is not valid IS; ``None`` or ``IGNORE`` accept it silently.
    """

    def __new__(  # type: ignore[misc]
        cls, val: Union[str, float, Decimal], validation_mode: Optional[int] = None
    ) -> "ISfloat":
        return _float_new(cls, val)

    def __init__(self, val: Union[str, float, Decimal], validation_mode: Optional[int] = None) -> None:
        if isinstance(val, str):
            self.original_string = val.strip()
        elif isinstance(val, (IS, ISfloat)) and hasattr(val, "original_string"):
            self.original_string = val.original_string
        if validation_mode:
            msg = f'Value "{str(self)}" is not valid for elements with a VR of IS'
            if validation_mode == config.WARN:
                warnings.warn(msg)
            elif validation_mode == config.RAISE:
                raise TypeError(msg + "\nSet reading_validation_mode to WARN or IGNORE to bypass")


class IS(int):
    """An IS (integer string) value held as an :class:`int`.

    ``str()`` gives the string the value was made from. Made from ``None`` or
    a blank string, the constructor returns that argument; a string such as
    ``"1.0"`` is accepted (after the IS format warning), while a value with a
    fractional part gives an :class:`ISfloat`.

    Parameters
    ----------
    val : str, int, float or Decimal
        The value.
    validation_mode : int, optional
        Default ``config.settings.reading_validation_mode``: how a string that
        is not valid IS, a value with a fraction, or (``RAISE`` only, as
        :class:`OverflowError`) a value outside the signed 32-bit range is
        handled.
    """

    def __new__(  # type: ignore[misc]
        cls, val: Union[None, str, int, float, Decimal], validation_mode: Optional[int] = None
    ) -> Union[None, str, "IS", ISfloat]:
        if val is None:
            return val
        if validation_mode is None:
            validation_mode = config.settings.reading_validation_mode
        if isinstance(val, str):
            if not val.strip():
                return val
            validate_value("IS", val, validation_mode)
        try:
            value: Union[IS, ISfloat] = _int_new(cls, val)
        except ValueError:
            value = _int_new(cls, float(val))  # e.g. "1.0"; "1.5" is caught below
        if isinstance(val, (float, Decimal, str)) and value != float(val):
            value = ISfloat(val, validation_mode)
        elif isinstance(val, str):
            value.original_string = val.strip()
        elif isinstance(val, IS) and hasattr(val, "original_string"):
            value.original_string = val.original_string
        if validation_mode == config.RAISE and not -(2**31) <= value < 2**31:
            raise OverflowError(
                "Elements with a VR of IS must have a value between -2**31 and "
                "(2**31 - 1). Set 'config.settings.reading_validation_mode' to 'WARN' "
                "to override the value check"
            )
        return value

    def __deepcopy__(self, memo: Any) -> "IS":
        # skips the pickle protocol; the instance dict holds only str values
        copied = _int_new(type(self), self)
        copied.__dict__.update(self.__dict__)
        return copied

    @classmethod
    def _from_file(cls, text: str, validation_mode: int) -> Union[str, "IS", ISfloat]:
        """Fast ``IS(text, validation_mode=validation_mode)`` for file data."""
        # Up to 9 ASCII digits (with an optional minus) pass every IS check.
        if len(text) < 10 and text.isascii():
            digits = text[1:] if text[:1] == "-" else text
            if digits.isdigit():
                value = _int_new(cls, text)
                value.original_string = text
                return value
        return cls(text, validation_mode)

    def __eq__(self, other: Any) -> Any:
        if isinstance(other, str):
            return str(self) == other
        return int.__eq__(self, other)

    def __ne__(self, other: Any) -> Any:
        return not self == other

    __hash__ = int.__hash__

    def __str__(self) -> str:
        try:
            return self.original_string
        except AttributeError:
            return int.__repr__(self)

    def __repr__(self) -> str:
        return f"'{int.__repr__(self)}'"


_T = TypeVar("_T")


def MultiString(
    val: str, valtype: Optional[Callable[[str], _T]] = None, validation_mode: Optional[int] = None
) -> Union[_T, MutableSequence[_T]]:
    """Split a text value at backslashes into its values.

    Trailing spaces and NULs (padding) are removed first.

    Parameters
    ----------
    val : str
        The text value.
    valtype : callable, optional
        Makes each value (default :class:`str`).
    validation_mode : int, optional
        Passed to the :class:`~dcmcore.multival.MultiValue` for several values.

    Returns
    -------
    valtype or MultiValue of valtype
        A single value, or a MultiValue when `val` holds several.
    """
    if valtype is None:
        valtype = str  # type: ignore[assignment]
    values = val.rstrip(" \x00").split("\\")
    if len(values) == 1:
        return valtype(values[0])  # type: ignore[misc]
    return MultiValue(valtype, values, validation_mode)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# PN


def _verify_encodings(encodings: Union[None, str, Sequence[str]]) -> Optional[Tuple[str, ...]]:
    """Return `encodings` as a tuple (``None`` stays ``None``)."""
    if encodings is None:
        return None
    if isinstance(encodings, str):
        return (encodings,)
    return tuple(encodings)


def _decode_personname(components: Sequence[bytes], encodings: Sequence[str]) -> Tuple[str, ...]:
    """Decode PN component groups, dropping empty trailing groups."""
    from dcmcore.charset import decode_bytes

    groups = [decode_bytes(group, encodings, PN_DELIMS) for group in components]
    while groups and not groups[-1]:
        groups.pop()
    return tuple(groups)


def _encode_personname(components: Sequence[str], encodings: Sequence[str]) -> bytes:
    """Encode PN component groups, each name component on its own (so that
    code extensions restart at every '^'), dropping empty trailing groups."""
    from dcmcore.charset import encode_string

    groups = [
        b"^".join([encode_string(part, encodings) for part in group.split("^")])
        for group in components
    ]
    while groups and not groups[-1]:
        groups.pop()
    return b"=".join(groups)


def _strip_trailing_empty(groups: List[str]) -> Tuple[str, ...]:
    while groups and not groups[-1]:
        groups.pop()
    return tuple(groups)


# Codecs that encode ASCII text as itself with no escape sequences, so an
# ASCII PN value encodes to its own ASCII bytes.
_ASCII_TRANSPARENT = frozenset(
    {
        "iso8859", "latin_1", "iso8859_2", "iso8859_3", "iso8859_4", "iso_ir_126",
        "iso_ir_127", "iso_ir_138", "iso_ir_144", "iso_ir_148", "iso_ir_166",
        "UTF8", "utf_8", "utf-8", "GB18030", "GBK", "GB2312", "euc_kr", "ascii",
    }
)  # fmt: skip


class PersonName:
    """A PN (person name) value.

    A name has up to three component groups separated by ``'='``
    (alphabetic, ideographic, phonetic), each with up to five components
    separated by ``'^'`` (family name, given name, middle name, prefix,
    suffix); see PS3.5 6.2.1. It compares equal to its ``str()``.

    Parameters
    ----------
    val : str, bytes or PersonName
        The name: text, or the encoded bytes (decoded on first use).
    encodings : str or list of str, optional
        The Python codecs of the value's character sets.
    original_string : bytes, optional
        The encoded form of a text `val`.
    validation_mode : int, optional
        Default ``config.settings.reading_validation_mode``.

    Notes
    -----
    ``PersonName(None)`` returns ``None``.
    """

    __slots__ = ("original_string", "_components", "encodings", "validation_mode")

    def __new__(cls, *args: Any, **kwargs: Any) -> Optional["PersonName"]:  # type: ignore[misc]
        if args and args[0] is None:
            return None
        return super().__new__(cls)

    def __init__(
        self,
        val: Union[bytes, str, "PersonName"],
        encodings: Optional[Sequence[str]] = None,
        original_string: Optional[bytes] = None,
        validation_mode: Optional[int] = None,
    ) -> None:
        if validation_mode is None:
            validation_mode = config.settings.reading_validation_mode
        self.validation_mode = validation_mode
        if isinstance(val, PersonName):
            encodings = val.encodings
            self.original_string = val.original_string
            self._components: Optional[Tuple[str, ...]] = tuple(str(val).split("="))
        elif isinstance(val, bytes):
            self.original_string = val
            validate_value("PN", val, validation_mode)
            self._components = None
        else:
            self.original_string = original_string  # type: ignore[assignment]
            if original_string is not None or type(val) is not str or not _pn_surely_valid(val):
                validate_value("PN", original_string or val, validation_mode)
            self._components = _strip_trailing_empty(val.split("="))
        self.encodings = _verify_encodings(encodings)

    def __deepcopy__(self, memo: Any) -> "PersonName":
        copied = _copy_slots(self, object.__new__(type(self)))
        if isinstance(self.encodings, list):
            copied.encodings = list(self.encodings)
        return copied

    @classmethod
    def _from_file(
        cls, text: str, encodings: Tuple[str, ...], validation_mode: int
    ) -> "PersonName":
        """Fast PN value for one decoded value of a PN element read from a file.

        Equivalent to ``PersonName(text, encodings)`` followed by ``encode()``
        in `validation_mode`: the value's ``original_string`` is its encoded
        form.
        """
        if validation_mode and not _pn_surely_valid(text):
            validate_value("PN", text, validation_mode)
        name = object.__new__(cls)
        name.validation_mode = validation_mode
        name.encodings = encodings
        components = name._components = _strip_trailing_empty(text.split("="))
        if encodings[0] in _ASCII_TRANSPARENT and text.isascii():
            name.original_string = "=".join(components).encode()
        else:
            name.original_string = _encode_personname(components, encodings)
        return name

    def _create_dict(self) -> Dict[str, str]:
        """The named parts used by :meth:`formatted`."""
        return {
            part: getattr(self, part)
            for part in (
                "family_name",
                "given_name",
                "middle_name",
                "name_prefix",
                "name_suffix",
                "ideographic",
                "phonetic",
            )
        }

    @property
    def components(self) -> Tuple[str, ...]:
        """The decoded component groups (alphabetic, ideographic, phonetic),
        without empty trailing groups."""
        if self._components is None:
            self._components = _decode_personname(
                self.original_string.split(b"="), self.encodings or [default_encoding]
            )
        return self._components

    def _name_part(self, index: int) -> str:
        components = self.components
        if not components:
            return ""
        parts = components[0].split("^")
        return parts[index] if index < len(parts) else ""

    @property
    def family_name(self) -> str:
        """The first (family name) component of the alphabetic group."""
        return self._name_part(0)

    @property
    def given_name(self) -> str:
        """The second (given name) component of the alphabetic group."""
        return self._name_part(1)

    @property
    def middle_name(self) -> str:
        """The third (middle name) component of the alphabetic group."""
        return self._name_part(2)

    @property
    def name_prefix(self) -> str:
        """The fourth (name prefix) component of the alphabetic group."""
        return self._name_part(3)

    @property
    def name_suffix(self) -> str:
        """The fifth (name suffix) component of the alphabetic group."""
        return self._name_part(4)

    def _group(self, index: int) -> str:
        components = self.components
        return components[index] if index < len(components) else ""

    @property
    def alphabetic(self) -> str:
        """The first (alphabetic) component group, ``''`` if absent."""
        return self._group(0)

    @property
    def ideographic(self) -> str:
        """The second (ideographic) component group, ``''`` if absent."""
        return self._group(1)

    @property
    def phonetic(self) -> str:
        """The third (phonetic) component group, ``''`` if absent."""
        return self._group(2)

    def __eq__(self, other: Any) -> Any:
        return str(self) == other

    def __ne__(self, other: Any) -> Any:
        return not self == other

    def __str__(self) -> str:
        return "=".join(self.components)

    def __iter__(self) -> Iterator[str]:
        return iter(str(self))

    def __len__(self) -> int:
        return len(str(self))

    def __contains__(self, x: Any) -> bool:
        return x in str(self)

    def __repr__(self) -> str:
        return repr(str(self))

    def __hash__(self) -> int:
        return hash(self.components)

    def __bool__(self) -> bool:
        if self.original_string:
            return True
        components = self.components
        return len(components) > 1 or (len(components) == 1 and bool(components[0]))

    def decode(self, encodings: Optional[Sequence[str]] = None) -> "PersonName":
        """Return the name decoded with `encodings`.

        Parameters
        ----------
        encodings : list of str, optional
            Python codecs; if not given or the same as the current ones, this
            object is returned.

        Returns
        -------
        PersonName
            A new name decoding (on demand) the encoded value with
            `encodings`, or this object.
        """
        if encodings is None or encodings == self.encodings:
            return self
        encodings = _verify_encodings(encodings)
        if self.original_string is None:
            self.original_string = _encode_personname(
                self.components, self.encodings or [default_encoding]
            )
            validate_value("PN", self.original_string, self.validation_mode)
        return PersonName(self.original_string, encodings)

    def encode(self, encodings: Optional[Sequence[str]] = None) -> bytes:
        """Return the name encoded with `encodings`.

        Parameters
        ----------
        encodings : list of str, optional
            Python codecs; by default the name's own.

        Returns
        -------
        bytes
            With the name's own encodings the original encoded value (made
            and kept on first call if the name was made from text); with
            other encodings a new encoding of the text.
        """
        encodings = _verify_encodings(encodings) or self.encodings
        if encodings != self.encodings and self.encodings is not None:
            return _encode_personname(self.components, encodings)  # type: ignore[arg-type]
        if self.original_string is None:
            self.original_string = _encode_personname(
                self.components, encodings or [default_encoding]
            )
        return self.original_string

    def family_comma_given(self) -> str:
        """Return ``"Family, Given"``."""
        return f"{self.family_name}, {self.given_name}"

    def formatted(self, format_str: str) -> str:
        """Return `format_str` % the name's parts, e.g. ``"%(family_name)s"``.

        The keys are family_name, given_name, middle_name, name_prefix,
        name_suffix, ideographic and phonetic.
        """
        return format_str % self._create_dict()

    @staticmethod
    def _encode_component_groups(
        alphabetic_group: Sequence[Union[str, bytes]],
        ideographic_group: Sequence[Union[str, bytes]],
        phonetic_group: Sequence[Union[str, bytes]],
        encodings: Optional[List[str]] = None,
    ) -> bytes:
        """Encode three lists of name components (str or bytes) into a PN value.

        Raises
        ------
        ValueError
            If a component holds a backslash, ``'='`` or ``'^'``.
        """
        from dcmcore.charset import decode_bytes, encode_string

        codecs = encodings or [default_encoding]
        component_sep = encode_string("^", codecs)
        group_sep = encode_string("=", codecs)

        def encoded(part: Union[str, bytes]) -> bytes:
            if isinstance(part, bytes):
                text, raw = decode_bytes(part, codecs, set()), part
            else:
                text, raw = part, encode_string(part, codecs)
            for char in ("\\", "=", "^"):
                if char in text:
                    raise ValueError(f"Strings may not contain the {char} character")
            return raw

        groups = [
            component_sep.join([encoded(part) for part in group]).rstrip(component_sep)
            for group in (alphabetic_group, ideographic_group, phonetic_group)
        ]
        return group_sep.join(groups).rstrip(group_sep)

    @classmethod
    def from_named_components(
        cls,
        family_name: Union[str, bytes] = "",
        given_name: Union[str, bytes] = "",
        middle_name: Union[str, bytes] = "",
        name_prefix: Union[str, bytes] = "",
        name_suffix: Union[str, bytes] = "",
        family_name_ideographic: Union[str, bytes] = "",
        given_name_ideographic: Union[str, bytes] = "",
        middle_name_ideographic: Union[str, bytes] = "",
        name_prefix_ideographic: Union[str, bytes] = "",
        name_suffix_ideographic: Union[str, bytes] = "",
        family_name_phonetic: Union[str, bytes] = "",
        given_name_phonetic: Union[str, bytes] = "",
        middle_name_phonetic: Union[str, bytes] = "",
        name_prefix_phonetic: Union[str, bytes] = "",
        name_suffix_phonetic: Union[str, bytes] = "",
        encodings: Optional[List[str]] = None,
    ) -> "PersonName":
        """Make a name from its named components (PS3.5 6.2.1).

        Each of the five components (family name, given name, middle name,
        prefix, suffix) may be given in alphabetic, ideographic (``_ideographic``)
        and phonetic (``_phonetic``) form, as str or as bytes encoded with
        `encodings`; empty components are allowed.

        Parameters
        ----------
        encodings : list of str, optional
            The Python codecs to encode the components with.

        Returns
        -------
        PersonName

        Raises
        ------
        ValueError
            If a component holds a backslash, ``'='`` or ``'^'``.

        Examples
        --------
        >>> PersonName.from_named_components(family_name="Adams", given_name="John")
        'Adams^John'
        """
        encoded_value = cls._encode_component_groups(
            [family_name, given_name, middle_name, name_prefix, name_suffix],
            [
                family_name_ideographic,
                given_name_ideographic,
                middle_name_ideographic,
                name_prefix_ideographic,
                name_suffix_ideographic,
            ],
            [
                family_name_phonetic,
                given_name_phonetic,
                middle_name_phonetic,
                name_prefix_phonetic,
                name_suffix_phonetic,
            ],
            encodings,
        )
        return cls(encoded_value, encodings=encodings)

    @classmethod
    def from_named_components_veterinary(
        cls,
        responsible_party_name: Union[str, bytes] = "",
        patient_name: Union[str, bytes] = "",
        responsible_party_name_ideographic: Union[str, bytes] = "",
        patient_name_ideographic: Union[str, bytes] = "",
        responsible_party_name_phonetic: Union[str, bytes] = "",
        patient_name_phonetic: Union[str, bytes] = "",
        encodings: Optional[List[str]] = None,
    ) -> "PersonName":
        """Make a veterinary patient's name: responsible party (family or
        organisation name) and the patient's own name (PS3.5 6.2.1.1).

        Each may be given in alphabetic, ideographic and phonetic form, as
        str or bytes encoded with `encodings`.

        Raises
        ------
        ValueError
            If a component holds a backslash, ``'='`` or ``'^'``.
        """
        encoded_value = cls._encode_component_groups(
            [responsible_party_name, patient_name],
            [responsible_party_name_ideographic, patient_name_ideographic],
            [responsible_party_name_phonetic, patient_name_phonetic],
            encodings,
        )
        return cls(encoded_value, encodings=encodings)


def __getattr__(name: str) -> Any:
    # PEP 562: the compiled regex tables on first use, and the old
    # PersonNameUnicode name, with a warning.
    if name == "STR_VR_REGEXES":
        return _vr_regexes(str)
    if name == "BYTE_VR_REGEXES":
        return _vr_regexes(bytes)
    if name == "PersonNameUnicode":
        warnings.warn(
            "'PersonNameUnicode' is deprecated and will be removed in pydicom v3.0, "
            "use 'PersonName' instead",
            DeprecationWarning,
        )
        return PersonName
    raise AttributeError(f"module {__name__} has no attribute {name}")


def __dir__() -> List[str]:
    return sorted([*globals(), "STR_VR_REGEXES", "BYTE_VR_REGEXES"])
