"""The private data dictionaries as pydicom 2.4 names them here:
``private_dictionaries`` maps a private creator to its dictionary of masks
(``"0029xx10"``) to ``(VR, VM, name, retired)``. It is the dict of
:mod:`dcmcore.datadict`, read from the package's file on first use."""

from typing import Any

from dcmcore import datadict as _datadict


def __getattr__(name: str) -> Any:
    # PEP 562: loaded on first use, shared with dcmcore.datadict
    if name == "private_dictionaries":
        return _datadict.private_dictionaries
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
