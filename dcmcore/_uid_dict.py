"""The UID dictionary (PS3.6 annex A) as pydicom 2.4 names it here:
``UID_dictionary`` maps each UID to ``(name, type, info, retired,
keyword)``, read from the package's file on first use (the table
:mod:`dcmcore.uid` reads its properties from)."""

from typing import Any

from dcmcore import uid as _uid


def __getattr__(name: str) -> Any:
    # PEP 562: loaded on first use
    if name == "UID_dictionary":
        return _uid.UID_dictionary
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
