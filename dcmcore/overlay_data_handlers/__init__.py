"""The former name of :mod:`dcmcore.overlays`, kept as pydicom 2.4 keeps it."""

import dcmcore.overlays.numpy_handler as numpy_handler

__all__ = ["numpy_handler"]
