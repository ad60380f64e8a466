"""Reading callbacks that repair common non-standard encodings (pydicom
2.4's ``pydicom.util.fixer``).

Each ``fix_*`` function installs its callback as
:data:`dcmcore.config.data_element_callback`, which the reader then calls
with every raw element before converting it; reset with
:func:`dcmcore.config.reset_data_element_callback`.
"""

from typing import TYPE_CHECKING, Any, Tuple

from dcmcore import config, datadict, values
from dcmcore.valuerep import VR

if TYPE_CHECKING:  # pragma: no cover
    from dcmcore.dataelem import RawDataElement


def fix_separator_callback(raw_elem: "RawDataElement", **kwargs: Any) -> "RawDataElement":
    """Return `raw_elem` with ``kwargs["invalid_separator"]`` made a backslash.

    Applied to elements whose VR (the dictionary's for implicit VR) is in
    ``kwargs["for_VRs"]``, and to unknown tags if
    ``kwargs["process_unknown_VRs"]``. A space separator is replaced only
    between the values: padding spaces at the ends are moved to the end.
    """
    vr = raw_elem.VR
    if vr is None:
        try:
            vr = datadict.dictionary_VR(raw_elem.tag)
        except KeyError:
            replace = kwargs["process_unknown_VRs"]
        else:
            replace = vr in kwargs["for_VRs"]
    else:
        replace = vr in kwargs["for_VRs"]
    if not replace:
        return raw_elem
    separator = kwargs["invalid_separator"]
    value = raw_elem.value
    if value is None:
        return raw_elem._replace(value=None)
    if separator == b" ":
        stripped = value.strip()
        return raw_elem._replace(value=stripped.replace(b" ", b"\\") + b" " * (len(value) - len(stripped)))
    return raw_elem._replace(value=value.replace(separator, b"\\"))


def fix_separator(
    invalid_separator: bytes,
    for_VRs: Tuple[str, ...] = ("DS", "IS"),
    process_unknown_VRs: bool = True,
) -> None:
    """Read values whose multiple values are separated by `invalid_separator`
    instead of the backslash (PS3.5 6.4).

    Parameters
    ----------
    invalid_separator : bytes
        The one byte used as separator.
    for_VRs : tuple of str, optional
        The VRs whose values are fixed.
    process_unknown_VRs : bool, optional
        ``True`` to fix the values of tags with no known VR too.
    """
    config.data_element_callback = fix_separator_callback
    config.data_element_callback_kwargs = {
        "invalid_separator": invalid_separator,
        "for_VRs": for_VRs,
        "process_unknown_VRs": process_unknown_VRs,
    }


def fix_mismatch_callback(raw_elem: "RawDataElement", **kwargs: Any) -> "RawDataElement":
    """Return `raw_elem`, with another VR if its value does not convert
    with its own.

    Every VR of ``kwargs["with_VRs"]`` is tried in turn and the last one the
    value converts with is taken, as pydicom does. Implicit VR elements
    (VR ``None``) are returned as they are.
    """
    if raw_elem.VR is None:
        return raw_elem
    try:
        values.convert_value(raw_elem.VR, raw_elem)
    except ValueError:
        for vr in kwargs["with_VRs"]:
            try:
                values.convert_value(vr, raw_elem)
            except ValueError:
                continue
            raw_elem = raw_elem._replace(VR=vr)
    return raw_elem


def fix_mismatch(with_VRs: Tuple[str, ...] = (VR.PN, VR.DS, VR.IS)) -> None:
    """Read elements whose value does not fit their VR with one of `with_VRs`.

    Parameters
    ----------
    with_VRs : tuple of str, optional
        The VRs to try for a value its own VR cannot convert.
    """
    config.data_element_callback = fix_mismatch_callback
    config.data_element_callback_kwargs = {"with_VRs": with_VRs}
