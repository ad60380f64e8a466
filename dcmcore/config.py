"""Run-time settings that change how dcmcore reads, converts and writes values.

The names and defaults are those of pydicom 2.4, so code that configures
pydicom configures dcmcore the same way after changing the import.
"""

import logging
import os
import sys
import types
from contextlib import contextmanager
from typing import Any, Callable, Dict, Iterator, Optional

logger = logging.getLogger("dcmcore")

# Counts the changes of settings (module attributes and Settings fields):
# compiled code that reads several settings at a time keeps what it read
# while the count stays the same.
_generation = 0


def _changed() -> None:
    global _generation
    _generation += 1


#: Validation modes for :attr:`Settings.reading_validation_mode` and
#: :attr:`Settings.writing_validation_mode`.
IGNORE = 0
WARN = 1
RAISE = 2

# DCMCORE_FUTURE plays the part of pydicom's PYDICOM_FUTURE (see future_behavior).
_use_future = False
_use_future_env = os.getenv("DCMCORE_FUTURE")
if _use_future_env:
    if _use_future_env.lower() in ("true", "yes", "on", "1"):
        _use_future = True
    elif _use_future_env.lower() not in ("false", "no", "off", "0"):
        raise ValueError("Unknown setting for environment variable DCMCORE_FUTURE. Use True or False.")

use_DS_decimal: bool = False
"""``True`` if DS values are :class:`~decimal.Decimal` based (set with :func:`DS_decimal`)."""

use_DS_numpy: bool = False
"""``True`` if multi-valued DS values are returned as NumPy arrays (set with :func:`DS_numpy`)."""

use_IS_numpy: bool = False
"""``True`` if multi-valued IS values are returned as NumPy arrays."""

allow_DS_float: bool = False
"""``True`` to allow :class:`~dcmcore.valuerep.DSdecimal` to be made from a float."""

enforce_valid_values: bool = False
"""Deprecated: use :attr:`Settings.reading_validation_mode` instead."""

convert_wrong_length_to_UN: bool = False
"""``True`` to turn a binary value whose length does not fit its VR into UN bytes."""

datetime_conversion: bool = False
"""``True`` to convert DA, DT and TM values to :mod:`datetime` objects."""

use_none_as_empty_text_VR_value: bool = False
"""``True`` to give empty text values as ``None`` rather than ``''``."""

replace_un_with_known_vr: bool = True
"""``True`` to replace an explicit UN VR with the dictionary VR of a known tag."""

show_file_meta: bool = True
"""``True`` to show the file meta group first in ``str()``/``repr()`` of a dataset."""

assume_implicit_vr_switch: bool = True
"""``True`` to fall back to implicit VR when an explicit VR dataset has no valid VR."""

data_element_callback: Optional[Callable[..., Any]] = None
"""Called by the reader for every raw element before it is added to the dataset."""

data_element_callback_kwargs: Dict[str, Any] = {}
"""Keyword arguments passed to :data:`data_element_callback`."""

INVALID_KEYWORD_BEHAVIOR = "WARN"
"""What to do when a CamelCase attribute that is not a keyword is set on a
dataset: ``"WARN"``, ``"RAISE"`` or ``"IGNORE"``."""

INVALID_KEY_BEHAVIOR = "WARN"
"""What to do when a key that is not a valid tag is used on a dataset:
``"WARN"``, ``"RAISE"`` or ``"IGNORE"``."""

debugging: bool = False
"""``True`` when :func:`debug` has turned debug logging on."""

APPLY_J2K_CORRECTIONS = True
"""``True`` to let JPEG 2000 decoding correct the pixel representation and
bits stored of the dataset from the codestream."""


def reset_data_element_callback() -> None:
    """Remove :data:`data_element_callback` and its keyword arguments."""
    global data_element_callback, data_element_callback_kwargs
    data_element_callback = None
    data_element_callback_kwargs = {}
    _changed()


def DS_numpy(use_numpy: bool = True) -> None:
    """Return multi-valued DS values as NumPy arrays (or stop doing so).

    Raises
    ------
    ValueError
        If `use_numpy` is ``True`` while :data:`use_DS_decimal` is set.
    """
    global use_DS_numpy
    if use_DS_decimal and use_numpy:
        # The missing space is pydicom's message, kept word for word.
        raise ValueError("Cannot use numpy arrays to read DS elementsif `use_DS_decimal` is True")
    use_DS_numpy = use_numpy
    _changed()


def DS_decimal(use_Decimal_boolean: bool = True) -> None:
    """Base DS values on :class:`~decimal.Decimal` (``True``) or on float.

    Raises
    ------
    ValueError
        If `use_Decimal_boolean` is ``True`` while :data:`use_DS_numpy` is set.
    """
    global use_DS_decimal
    use_DS_decimal = use_Decimal_boolean
    if use_DS_decimal and use_DS_numpy:
        raise ValueError("Cannot set use_DS_decimal True if use_DS_numpy is True")
    from dcmcore import valuerep

    valuerep.DSclass = valuerep.DSdecimal if use_DS_decimal else valuerep.DSfloat
    _changed()


class Settings:
    """Settings reached through the singleton :data:`settings`."""

    def __setattr__(self, name: str, value: Any) -> None:
        object.__setattr__(self, name, value)
        _changed()

    def __init__(self) -> None:
        self._reading_validation_mode: Optional[int] = None
        self._writing_validation_mode: Optional[int] = RAISE if _use_future else None
        self._infer_sq_for_un_vr: bool = True
        self._decoding_threads: int = 1
        self._max_inflation_ratio: int = 200

    @property
    def reading_validation_mode(self) -> int:
        """How invalid values found while reading are handled.

        :data:`WARN` (the default) warns, :data:`RAISE` raises and
        :data:`IGNORE` skips the check.
        """
        if self._reading_validation_mode is None:
            return RAISE if enforce_valid_values else WARN
        return self._reading_validation_mode

    @reading_validation_mode.setter
    def reading_validation_mode(self, value: int) -> None:
        self._reading_validation_mode = value

    @property
    def writing_validation_mode(self) -> int:
        """How invalid values set or written by the user are handled."""
        if self._writing_validation_mode is None:
            return RAISE if enforce_valid_values else WARN
        return self._writing_validation_mode

    @writing_validation_mode.setter
    def writing_validation_mode(self, value: int) -> None:
        self._writing_validation_mode = value

    @property
    def infer_sq_for_un_vr(self) -> bool:
        """``True`` to read an undefined-length UN element as a sequence (PS3.5 6.2.2)."""
        return self._infer_sq_for_un_vr

    @infer_sq_for_un_vr.setter
    def infer_sq_for_un_vr(self, value: bool) -> None:
        self._infer_sq_for_un_vr = value

    @property
    def decoding_threads(self) -> int:
        """The number of threads that decode the frames of compressed pixel
        data (beyond pydicom; default 1). Handlers whose codec runs without
        the GIL (RLE Lossless) decode frames in parallel when it is above 1.
        """
        return self._decoding_threads

    @decoding_threads.setter
    def decoding_threads(self, value: int) -> None:
        if int(value) < 1:
            raise ValueError("'decoding_threads' must be at least 1")
        self._decoding_threads = int(value)

    @property
    def max_inflation_ratio(self) -> int:
        """How many times its deflated size (plus 1 MiB) the data set of a
        Deflated Explicit VR Little Endian file may inflate to before reading
        stops with a ``ValueError`` (beyond pydicom, which inflates any
        amount; default 200, far beyond what real data sets reach, far below
        a deflate bomb's 1,000)."""
        return self._max_inflation_ratio

    @max_inflation_ratio.setter
    def max_inflation_ratio(self, value: int) -> None:
        if int(value) < 1:
            raise ValueError("'max_inflation_ratio' must be at least 1")
        self._max_inflation_ratio = int(value)


settings = Settings()


@contextmanager
def disable_value_validation() -> Iterator[None]:
    """Turn value validation off for reading and writing inside the block."""
    reading_mode = settings._reading_validation_mode
    writing_mode = settings._writing_validation_mode
    try:
        settings.reading_validation_mode = IGNORE
        settings.writing_validation_mode = IGNORE
        yield
    finally:
        settings._reading_validation_mode = reading_mode
        settings._writing_validation_mode = writing_mode


@contextmanager
def strict_reading() -> Iterator[None]:
    """Raise on invalid values found while reading inside the block."""
    reading_mode = settings._reading_validation_mode
    try:
        settings.reading_validation_mode = RAISE
        yield
    finally:
        settings._reading_validation_mode = reading_mode


def debug(debug_on: bool = True, default_handler: bool = True) -> None:
    """Turn debug logging of the ``dcmcore`` logger on or off.

    Parameters
    ----------
    debug_on : bool, optional
        ``True`` to log at DEBUG level, ``False`` for WARNING level.
    default_handler : bool, optional
        ``True`` to attach a stream handler that prints the messages.
    """
    global debugging
    if default_handler:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if debug_on else logging.WARNING)
    debugging = debug_on
    _changed()


# The 'pydicom' logger starts at WARNING whatever the root logger's level.
debug(False, False)


def future_behavior(enable_future: bool = True) -> None:
    """Switch to the defaults of the next major pydicom version (or back).

    With `enable_future`, :data:`INVALID_KEYWORD_BEHAVIOR` becomes
    ``"RAISE"`` and invalid values raise when written
    (:attr:`Settings.writing_validation_mode` ``RAISE``); without it, the
    current defaults return. Setting the environment variable
    ``DCMCORE_FUTURE`` to a true value switches at import.
    """
    global _use_future, INVALID_KEYWORD_BEHAVIOR
    _use_future = enable_future
    INVALID_KEYWORD_BEHAVIOR = "RAISE" if enable_future else "WARN"
    settings._writing_validation_mode = RAISE if enable_future else None
    _changed()


if _use_future:
    future_behavior()


# The handler modules import NumPy, so they are imported on first use of one
# of these names (PEP 562) and then kept as module globals: assigning a new
# list to ``pixel_data_handlers`` works as it does in pydicom.
_HANDLER_MODULES = {
    "np_handler": "dcmcore.pixel_data_handlers.numpy_handler",
    "gdcm_handler": "dcmcore.pixel_data_handlers.gdcm_handler",
    "pillow_handler": "dcmcore.pixel_data_handlers.pillow_handler",
    "jpegls_handler": "dcmcore.pixel_data_handlers.jpeg_ls_handler",
    "pylibjpeg_handler": "dcmcore.pixel_data_handlers.pylibjpeg_handler",
    "rle_handler": "dcmcore.pixel_data_handlers.rle_handler",
    "overlay_np": "dcmcore.overlays.numpy_handler",
}
# pydicom 2.4's order: the first handler that supports the transfer syntax
# and succeeds gives the data.
_PIXEL_HANDLER_ORDER = (
    "np_handler",
    "gdcm_handler",
    "pillow_handler",
    "jpegls_handler",
    "pylibjpeg_handler",
    "rle_handler",
)


def __getattr__(name: str) -> Any:
    # PEP 562: whether NumPy is installed, found without importing it.
    if name == "have_numpy":
        from importlib.util import find_spec

        return find_spec("numpy") is not None
    if name in _HANDLER_MODULES:
        from importlib import import_module

        module = import_module(_HANDLER_MODULES[name])
        globals()[name] = module
        return module
    if name == "pixel_data_handlers":
        handlers = [__getattr__(handler) for handler in _PIXEL_HANDLER_ORDER]
        globals()[name] = handlers
        return handlers
    if name == "overlay_data_handlers":
        handlers = [__getattr__("overlay_np")]
        globals()[name] = handlers
        return handlers
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class _ConfigModule(types.ModuleType):
    """The type of this module: setting or deleting any of its attributes
    counts as a change of settings (see _generation)."""

    def __setattr__(self, name: str, value: Any) -> None:
        super().__setattr__(name, value)
        _changed()

    def __delattr__(self, name: str) -> None:
        super().__delattr__(name)
        _changed()


sys.modules[__name__].__class__ = _ConfigModule
