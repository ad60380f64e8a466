"""The pixel data encoder framework: one :class:`Encoder` per transfer syntax,
each with named plugins that do the encoding.

A plugin is a module with ``is_available(uid)``, ``ENCODER_DEPENDENCIES``
(the packages each UID needs) and an encoding function
``func(src: bytes, **kwargs) -> bytes`` that takes one little-endian frame.
"""

import sys
from importlib import import_module
from typing import TYPE_CHECKING, Any, Callable, Dict, Iterable, Iterator, List, Optional, Tuple, Union

import numpy as np

from dcmcore.uid import (
    JPEG2000,
    UID,
    JPEG2000Lossless,
    JPEGBaseline8Bit,
    JPEGExtended12Bit,
    JPEGLosslessP14,
    JPEGLosslessSV1,
    JPEGLSLossless,
    JPEGLSNearLossless,
    RLELossless,
)

if TYPE_CHECKING:  # pragma: no cover
    from dcmcore.dataset import Dataset

# The keyword arguments every encoding needs, and the dataset elements they
# come from.
_REQUIRED_KWARGS = (
    "rows",
    "columns",
    "samples_per_pixel",
    "bits_allocated",
    "bits_stored",
    "pixel_representation",
    "photometric_interpretation",
    "number_of_frames",
)
_REQUIRED_ELEMENTS = (
    "Rows",
    "Columns",
    "SamplesPerPixel",
    "BitsAllocated",
    "BitsStored",
    "PixelRepresentation",
    "PhotometricInterpretation",
)


class Encoder:
    """Encodes uncompressed pixel data to one transfer syntax with one of its
    plugins.

    Parameters
    ----------
    uid : dcmcore.uid.UID
        The transfer syntax the encoder produces.
    """

    def __init__(self, uid: UID) -> None:
        self._uid = uid
        self._available: Dict[str, Callable[..., bytes]] = {}
        self._unavailable: Dict[str, Tuple[str, ...]] = {}
        # what every plugin receives unless the caller says otherwise
        self._defaults = {"transfer_syntax_uid": self.UID, "byteorder": "<"}

    def add_plugin(self, label: str, import_path: Tuple[str, str]) -> None:
        """Add an encoding plugin.

        Parameters
        ----------
        label : str
            The plugin's name, as `encoding_plugin` selects it.
        import_path : tuple of (str, str)
            The plugin's module and the name of its encoding function, e.g.
            ``("dcmcore.encoders.native", "_encode_frame")``.

        Raises
        ------
        ValueError
            If the encoder already has a plugin named `label`.
        ModuleNotFoundError, AttributeError
            If the module, its function, ``is_available`` or
            ``ENCODER_DEPENDENCIES`` cannot be found.
        """
        if label in self._available or label in self._unavailable:
            raise ValueError(f"'{self.name}' already has a plugin named '{label}'")
        module = import_module(import_path[0])
        if module.is_available(self.UID):
            self._available[label] = getattr(module, import_path[1])
        else:
            self._unavailable[label] = module.ENCODER_DEPENDENCIES[self.UID]

    def remove_plugin(self, label: str) -> None:
        """Remove the plugin named `label`.

        Raises
        ------
        ValueError
            If there is no such plugin.
        """
        if label in self._available:
            del self._available[label]
        elif label in self._unavailable:
            del self._unavailable[label]
        else:
            raise ValueError(f"Unable to remove '{label}', no such plugin'")

    @property
    def UID(self) -> UID:
        """The transfer syntax UID the encoder produces."""
        return self._uid

    @property
    def name(self) -> str:
        """The encoder's name, e.g. ``'RLELosslessEncoder'``."""
        return f"{self.UID.keyword}Encoder"

    @property
    def is_available(self) -> bool:
        """``True`` if at least one plugin can encode."""
        return bool(self._available)

    @property
    def missing_dependencies(self) -> List[str]:
        """One line for each unavailable plugin, naming what it needs."""
        lines = []
        for label, deps in self._unavailable.items():
            if not deps:
                lines.append(f"{label} - plugin indicating it is unavailable")
            else:
                lines.append(f"{label} - requires {_and_list(deps)}")
        return lines

    @staticmethod
    def _check_kwargs(kwargs: Dict[str, Any]) -> None:
        """Raise TypeError if an encoding parameter is missing."""
        missing = [f"'{key}'" for key in _REQUIRED_KWARGS if key not in kwargs]
        if missing:
            raise TypeError(f"Missing expected arguments: {', '.join(missing)}")

    @staticmethod
    def kwargs_from_ds(ds: "Dataset") -> Dict[str, Union[int, str]]:
        """Return the encoding parameters that the Image Pixel module of `ds`
        gives.

        Parameters
        ----------
        ds : Dataset
            The dataset.

        Returns
        -------
        dict
            ``rows``, ``columns``, ``samples_per_pixel``, ``number_of_frames``
            (1 when absent or empty), ``bits_allocated``, ``bits_stored``,
            ``pixel_representation`` and ``photometric_interpretation``.

        Raises
        ------
        AttributeError
            If an element is missing or empty.
        """
        missing = [f"'{keyword}'" for keyword in _REQUIRED_ELEMENTS if keyword not in ds]
        if missing:
            raise AttributeError(f"The following required elements are missing from the dataset: {', '.join(missing)}")
        empty = [f"'{keyword}'" for keyword in _REQUIRED_ELEMENTS if ds[keyword].VM == 0]
        if empty:
            raise AttributeError(f"The following required dataset elements have a VM of 0: {', '.join(empty)}")
        return {
            "rows": ds.Rows,
            "columns": ds.Columns,
            "samples_per_pixel": ds.SamplesPerPixel,
            "number_of_frames": int(ds.get("NumberOfFrames", 1) or 1),
            "bits_allocated": ds.BitsAllocated,
            "bits_stored": ds.BitsStored,
            "pixel_representation": ds.PixelRepresentation,
            "photometric_interpretation": ds.PhotometricInterpretation,
        }

    def encode(
        self,
        src: Union[bytes, np.ndarray, "Dataset"],
        idx: Optional[int] = None,
        encoding_plugin: str = "",
        decoding_plugin: str = "",
        **kwargs: Any,
    ) -> bytes:
        """Return one encoded frame of `src`.

        Parameters
        ----------
        src : bytes, numpy.ndarray or Dataset
            The uncompressed pixel data: an array shaped (rows, columns),
            (rows, columns, samples), (frames, rows, columns) or (frames, rows,
            columns, samples); a dataset with uncompressed Pixel Data; or
            little-endian bytes (which skip the array checks).
        idx : int, optional
            The frame to encode; required when `src` has several.
        encoding_plugin : str, optional
            The plugin to use; by default each available plugin is tried in
            turn.
        decoding_plugin : str, optional
            Unused; kept for pydicom's signature.
        **kwargs
            For bytes and arrays: ``rows``, ``columns``, ``number_of_frames``,
            ``samples_per_pixel``, ``bits_allocated``, ``bits_stored``,
            ``pixel_representation`` and ``photometric_interpretation``
            (the encoded color space); plus any plugin options.

        Returns
        -------
        bytes
            The encoded frame.
        """
        from dcmcore.dataset import Dataset

        if isinstance(src, Dataset):
            return self._encode_dataset(src, idx, encoding_plugin, decoding_plugin, **kwargs)
        if isinstance(src, np.ndarray):
            return self._encode_array(src, idx, encoding_plugin, **kwargs)
        if isinstance(src, bytes):
            return self._encode_bytes(src, idx, encoding_plugin, **kwargs)
        raise TypeError(
            f"'src' must be bytes, numpy.ndarray or pydicom.dataset.Dataset, not '{src.__class__.__name__}'"
        )

    def iter_encode(
        self,
        src: Union[bytes, np.ndarray, "Dataset"],
        encoding_plugin: str = "",
        decoding_plugin: str = "",
        **kwargs: Any,
    ) -> Iterator[bytes]:
        """Yield each encoded frame of `src`; the parameters are those of
        :meth:`encode` but `idx`.

        Yields
        ------
        bytes
            An encoded frame.
        """
        from dcmcore.dataset import Dataset

        if isinstance(src, Dataset):
            for idx in range(int(src.get("NumberOfFrames", 1) or 1)):
                yield self._encode_dataset(src, idx, encoding_plugin, decoding_plugin, **kwargs)
        elif isinstance(src, np.ndarray):
            for idx in range(kwargs.get("number_of_frames", 1)):
                yield self._encode_array(src, idx, encoding_plugin, **kwargs)
        elif isinstance(src, bytes):
            for idx in range(kwargs.get("number_of_frames", 1)):
                yield self._encode_bytes(src, idx, encoding_plugin, **kwargs)
        else:
            raise TypeError(
                f"'src' must be bytes, numpy.ndarray or pydicom.dataset.Dataset, not '{src.__class__.__name__}'"
            )

    def _encode_array(self, arr: np.ndarray, idx: Optional[int] = None, encoding_plugin: str = "", **kwargs: Any) -> bytes:
        self._check_kwargs(kwargs)
        if arr.ndim > 4:
            raise ValueError(f"Unable to encode {arr.ndim}D ndarrays")
        if kwargs.get("number_of_frames", 1) > 1 or arr.ndim == 4:
            if idx is None:
                raise ValueError("The frame 'idx' is required for multi-frame pixel data")
            arr = arr[idx]
        return self._process(self._preprocess(arr, **kwargs), encoding_plugin, **kwargs)

    def _encode_bytes(self, src: bytes, idx: Optional[int] = None, encoding_plugin: str = "", **kwargs: Any) -> bytes:
        self._check_kwargs(kwargs)
        frame_length = kwargs["rows"] * kwargs["columns"] * kwargs["samples_per_pixel"] * (kwargs["bits_allocated"] // 8)
        nr_whole_frames = len(src) // frame_length if frame_length else 0
        if nr_whole_frames == 0:
            raise ValueError(
                f"Unable to encode as the actual length of the frame ({len(src)} bytes) is less than the "
                f"expected length of {frame_length} bytes"
            )
        if nr_whole_frames == 1:  # one frame, perhaps padded
            return self._process(src[:frame_length], plugin=encoding_plugin, **kwargs)
        if idx is None:
            raise ValueError("The frame 'idx' is required for multi-frame pixel data")
        start = idx * frame_length
        return self._process(src[start : start + frame_length], plugin=encoding_plugin, **kwargs)

    def _encode_dataset(
        self, ds: "Dataset", idx: Optional[int] = None, encoding_plugin: str = "", decoding_plugin: str = "", **kwargs: Any
    ) -> bytes:
        kwargs = {**self.kwargs_from_ds(ds), **kwargs}
        self._validate_encoding_profile(**kwargs)
        if ds.file_meta.TransferSyntaxUID.is_compressed:
            raise ValueError(
                "The dataset must be decompressed and correct 'Transfer Syntax UID' and 'Photometric "
                "Interpretation' values set before attempting to compress"
            )
        return self._encode_bytes(ds.PixelData, idx, encoding_plugin, **kwargs)

    def _preprocess(self, arr: np.ndarray, **kwargs: Any) -> bytes:
        """Check one frame `arr` against the parameters and return it as
        little-endian bytes."""
        rows, columns = kwargs["rows"], kwargs["columns"]
        samples_per_pixel = kwargs["samples_per_pixel"]
        bits_allocated = kwargs["bits_allocated"]
        pixel_representation = kwargs["pixel_representation"]
        if samples_per_pixel not in (1, 3):
            raise ValueError(
                f"Unable to encode as a samples per pixel value of {samples_per_pixel} is not supported "
                "(must be 1 or 3)"
            )
        shapes = {1: (rows * columns * samples_per_pixel,), 2: (rows, columns), 3: (rows, columns, samples_per_pixel)}
        if shapes.get(arr.ndim) != arr.shape:
            raise ValueError(
                f"Unable to encode as the shape of the ndarray {arr.shape} doesn't match the values for the rows, "
                "columns and samples per pixel"
            )
        if samples_per_pixel > 1 and arr.ndim == 2:
            raise ValueError(
                f"Unable to encode as the shape of the ndarray {arr.shape} is not consistent with a samples per "
                "pixel value of 3"
            )
        kinds = (np.issubdtype(arr.dtype, np.unsignedinteger), np.issubdtype(arr.dtype, np.signedinteger))
        if not any(kinds):
            raise ValueError(f"Unable to encode as the ndarray's dtype '{arr.dtype}' is not supported")
        if not kinds[pixel_representation]:
            kind = ("unsigned", "signed")[pixel_representation]
            raise ValueError(
                f"Unable to encode as the ndarray's dtype '{arr.dtype}' is not consistent with pixel "
                f"representation '{pixel_representation}' ({kind} int)"
            )
        if bits_allocated % 8:
            raise ValueError(
                f"Unable to encode as a bits allocated value of {bits_allocated} is not supported (must be a "
                "multiple of 8)"
            )
        if bits_allocated // 8 != arr.dtype.itemsize:
            raise ValueError(
                f"Unable to encode as the ndarray's dtype '{arr.dtype}' is not consistent with a bits allocated "
                f"value of {bits_allocated}"
            )
        if bits_allocated < kwargs["bits_stored"]:
            raise ValueError("Unable to encode as the bits stored value is greater than the bits allocated value")
        self._validate_encoding_profile(**kwargs)
        byteorder = arr.dtype.byteorder
        if byteorder == ">" or (byteorder == "=" and sys.byteorder == "big"):
            arr = arr.astype(arr.dtype.newbyteorder("<"))
        return arr.tobytes()

    def _process(self, src: bytes, plugin: str = "", **kwargs: Any) -> bytes:
        """Encode one little-endian frame with `plugin`, or with the first
        available plugin that succeeds."""
        if not self.is_available:
            missing = "\n".join(f"    {line}" for line in self.missing_dependencies)
            raise RuntimeError(f"Unable to encode because the encoding plugins are missing dependencies:\n{missing}")
        if plugin and plugin not in self._available and plugin not in self._unavailable:
            raise ValueError(f"No plugin named '{plugin}' has been added to the '{self.name}'")
        if plugin in self._unavailable:
            raise RuntimeError(
                f"Unable to encode with the '{plugin}' encoding plugin because it's missing dependencies - "
                f"requires {_and_list(self._unavailable[plugin])}"
            )
        kwargs = {**self._defaults, **kwargs}
        if plugin:
            try:
                return self._available[plugin](src, **kwargs)
            except Exception as exc:
                raise RuntimeError(
                    f"Unable to encode as an exception was raised by the '{plugin}' plugin's encoding function"
                ) from exc
        failures = []
        for label, func in self._available.items():
            try:
                return func(src, **kwargs)
            except Exception as exc:
                failures.append(f"{label}: {exc}")
        messages = "\n  ".join(failures)
        raise RuntimeError(f"Unable to encode as exceptions were raised by all the available plugins:\n  {messages}")

    def _validate_encoding_profile(self, **kwargs: Any) -> None:
        """Raise ValueError unless the parameters fit one of the transfer
        syntax's profiles (PS3.5 section 8.2)."""
        profiles = ENCODING_PROFILES.get(self.UID)
        if profiles is None:
            return
        for photometric, samples, representations, allocated, stored in profiles:
            if (
                kwargs["photometric_interpretation"] == photometric
                and kwargs["samples_per_pixel"] == samples
                and kwargs["pixel_representation"] in representations
                and kwargs["bits_allocated"] in allocated
                and kwargs["bits_stored"] in stored
            ):
                return
        raise ValueError(
            "Unable to encode as one or more of 'photometric interpretation', 'samples per pixel', 'bits "
            f"allocated', 'bits stored' or 'pixel representation' is not valid for '{self.UID.name}'"
        )


def _and_list(items: Tuple[str, ...]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) > 1:
        return f"{', '.join(items[:-1])} and {items[-1]}"
    return items[0]


ProfileType = Tuple[str, int, Iterable[int], Iterable[int], Iterable[int]]

# PS3.5 tables 8.2.1-1 to 8.2.4-1: (Photometric Interpretation, Samples per
# Pixel, Pixel Representations, Bits Allocated, Bits Stored) that each
# transfer syntax allows.
_MONO = ("MONOCHROME1", "MONOCHROME2")
ENCODING_PROFILES: Dict[UID, List[ProfileType]] = {
    JPEGBaseline8Bit: [
        *((pi, 1, (0,), (8,), (8,)) for pi in _MONO),
        ("YBR_FULL_422", 3, (0,), (8,), (8,)),
        ("RGB", 3, (0,), (8,), (8,)),
    ],
    JPEGExtended12Bit: [
        profile for pi in _MONO for profile in ((pi, 1, (0,), (8,), (8,)), (pi, 1, (0,), (16,), (12,)))
    ],
    **{
        lossless: [
            *((pi, 1, (0, 1), (8, 16), range(1, 17)) for pi in _MONO),
            ("PALETTE COLOR", 1, (0,), (8, 16), range(1, 17)),
            ("YBR_FULL", 3, (0,), (8, 16), range(1, 17)),
            ("RGB", 3, (0,), (8, 16), range(1, 17)),
        ]
        for lossless in (JPEGLosslessP14, JPEGLosslessSV1)
    },
    JPEGLSLossless: [
        *((pi, 1, (0, 1), (8, 16), range(2, 17)) for pi in _MONO),
        ("PALETTE COLOR", 1, (0,), (8, 16), range(2, 17)),
        ("YBR_FULL", 3, (0,), (8,), range(2, 9)),
        ("RGB", 3, (0,), (8, 16), range(2, 17)),
    ],
    JPEGLSNearLossless: [
        *((pi, 1, (0, 1), (8, 16), range(2, 17)) for pi in _MONO),
        ("YBR_FULL", 3, (0,), (8,), range(2, 9)),
        ("RGB", 3, (0,), (8, 16), range(2, 17)),
    ],
    JPEG2000Lossless: [
        *((pi, 1, (0, 1), (8, 16, 24, 32, 40), range(1, 39)) for pi in _MONO),
        ("PALETTE COLOR", 1, (0,), (8, 16), range(1, 17)),
        *((pi, 3, (0,), (8, 16, 24, 32, 40), range(1, 39)) for pi in ("YBR_RCT", "RGB", "YBR_FULL")),
    ],
    JPEG2000: [
        *((pi, 1, (0, 1), (8, 16, 24, 32, 40), range(1, 39)) for pi in _MONO),
        *((pi, 3, (0,), (8, 16, 24, 32, 40), range(1, 39)) for pi in ("YBR_RCT", "YBR_ICT", "RGB", "YBR_FULL")),
    ],
    RLELossless: [
        *((pi, 1, (0, 1), (8, 16), range(1, 17)) for pi in _MONO),
        ("PALETTE COLOR", 1, (0,), (8, 16), range(1, 17)),
        ("YBR_FULL", 3, (0,), (8,), range(1, 9)),
        ("RGB", 3, (0,), (8, 16), range(1, 17)),
    ],
}

# Our own compiled codec answers to 'pydicom' so that pydicom's calls keep
# working; it is tried first because it needs nothing else and is the fastest.
RLELosslessEncoder = Encoder(RLELossless)
RLELosslessEncoder.add_plugin("pydicom", ("dcmcore.encoders.native", "_encode_frame"))
RLELosslessEncoder.add_plugin("gdcm", ("dcmcore.encoders.gdcm", "encode_pixel_data"))
RLELosslessEncoder.add_plugin("pylibjpeg", ("dcmcore.encoders.pylibjpeg", "encode_pixel_data"))
RLELosslessEncoder.__doc__ = (
    f"A *Pixel Data* encoder for *{RLELossless.name}* - ``{RLELossless}``\n\n"
    "Encoding plugins: gdcm, pydicom (dcmcore's own codec), pylibjpeg\n\n"
    "See :class:`~dcmcore.encoders.base.Encoder` for its methods and attributes."
)

_PIXEL_DATA_ENCODERS = {RLELossless: RLELosslessEncoder}


def get_encoder(uid: str) -> Encoder:
    """Return the pixel data encoder for the transfer syntax `uid`.

    Parameters
    ----------
    uid : str
        A transfer syntax UID; RLE Lossless (``1.2.840.10008.1.2.5``) has an
        encoder.

    Raises
    ------
    NotImplementedError
        If no encoder exists for `uid`.
    """
    uid = UID(uid)
    try:
        return _PIXEL_DATA_ENCODERS[uid]
    except KeyError:
        raise NotImplementedError(f"No pixel data encoders have been implemented for '{uid.name}'") from None
