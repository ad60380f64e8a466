"""dcmcore: pydicom 2.4's core API over a typed Cython engine.

The public names load on first use, so ``import dcmcore`` stays cheap.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

from dcmcore._version import __version__

if TYPE_CHECKING:  # the lazily loaded names, typed for mypy and IDEs
    from dcmcore.dataelem import DataElement as DataElement
    from dcmcore.dataset import Dataset as Dataset
    from dcmcore.dataset import FileDataset as FileDataset
    from dcmcore.filereader import dcmread as dcmread
    from dcmcore.filereader import read_file as read_file
    from dcmcore.filewriter import dcmwrite as dcmwrite
    from dcmcore.filewriter import write_file as write_file
    from dcmcore.notebook import plot as plot
    from dcmcore.sequence import Sequence as Sequence

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
    "plot": "dcmcore.notebook",
}

# submodules reachable as attributes of the package, as pydicom's are after
# `import pydicom` (e.g. `dcmcore.config.settings`)
_SUBMODULES = {
    "_dicom_dict", "_private_dict", "_uid_dict", "charset", "config", "data",
    "datadict", "dataelem", "dataset", "dicomdir", "encaps", "encoders", "errors",
    "filebase", "filereader", "filewriter", "jsonrep", "multival", "notebook", "overlays",
    "pixel_data_handlers", "sequence", "tag", "uid", "util", "valuerep", "values",
    "waveforms", "xmlrep",
}

__all__ = ["__version__", "__version_info__", *_LAZY]


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return import_module(f"dcmcore.{name}")
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'dcmcore' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list:
    return sorted({*__all__, *_SUBMODULES})
