"""Exceptions raised by dcmcore."""

from typing import Any


class InvalidDicomError(Exception):
    """The data is not DICOM as far as dcmcore can tell.

    Raised, for example, when a file has no ``DICM`` prefix after its
    128-byte preamble. ``dcmread(..., force=True)`` reads such files anyway.
    """

    def __init__(self, *args: Any) -> None:
        if not args:
            args = ("The specified file is not a valid DICOM file.",)
        super().__init__(*args)


class BytesLengthException(Exception):
    """A value's byte length is not a multiple of its VR's item size."""
