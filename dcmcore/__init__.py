"""dcmcore: pydicom 2.4's core API over a typed Cython engine.

The public names load on first use, so ``import dcmcore`` stays cheap.
"""

from importlib import import_module
from typing import Any

from dcmcore._version import __version__

__version_info__ = tuple(__version__.split("."))

# public name -> module that defines it
_LAZY = {
    "DataElement": "dcmcore.dataelem",
    "Dataset": "dcmcore.dataset",
    "FileDataset": "dcmcore.dataset",
    "Sequence": "dcmcore.sequence",
    "dcmread": "dcmcore.filereader",
    "read_file": "dcmcore.filereader",
    "dcmwrite": "dcmcore.filewriter",
    "write_file": "dcmcore.filewriter",
}

__all__ = ["__version__", "__version_info__", *_LAZY]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'dcmcore' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list:
    return sorted(__all__)
