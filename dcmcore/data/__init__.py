"""Example DICOM files made by dcmcore (``tools/make_example_files.py``).

``CT_small.dcm`` (a 128 x 128 CT slice, explicit VR little endian),
``MR_small.dcm`` (a 64 x 64 MR slice, implicit VR little endian) and
``rtplan.dcm`` (an RT plan with nested sequences, undefined lengths and
private elements) are synthetic: no patient data.
"""

import os
from pathlib import Path
from typing import Any, List, Union

__all__ = ["get_testdata_file", "get_testdata_files"]

#: The folder that holds the example files.
DATA_ROOT = Path(__file__).parent / "files"


def get_testdata_file(name: str, read: bool = False, download: bool = True) -> Union[str, Any, None]:
    """Return the path of the example file `name`, or its dataset.

    Parameters
    ----------
    name : str
        The file name, e.g. ``"CT_small.dcm"``.
    read : bool, optional
        ``True`` to return the file read with :func:`~dcmcore.filereader.dcmread`.
    download : bool, optional
        Accepted for pydicom's signature; dcmcore never downloads.

    Returns
    -------
    str, FileDataset or None
        The absolute path (or dataset), ``None`` if there is no such file.

    Examples
    --------
    >>> from dcmcore.data import get_testdata_file
    >>> ds = get_testdata_file("CT_small.dcm", read=True)
    >>> ds.Rows, ds.Columns
    (128, 128)
    """
    matches = sorted(path for path in DATA_ROOT.rglob(name) if path.is_file())
    if not matches:
        return None
    path = os.fspath(matches[0])
    if read:
        from dcmcore.filereader import dcmread

        return dcmread(path, force=True)
    return path


def get_testdata_files(pattern: str = "**/*") -> List[str]:
    """Return the absolute paths of the example files matching `pattern`.

    Parameters
    ----------
    pattern : str, optional
        A :meth:`pathlib.Path.glob` pattern; default all files.
    """
    return sorted(
        os.fspath(path) for path in DATA_ROOT.glob(pattern) if path.is_file() and path.suffix != ".py"
    )
