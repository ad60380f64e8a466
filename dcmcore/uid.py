"""DICOM unique identifiers (PS3.5 section 9): the :class:`UID` type, named
UID constants and :func:`generate_uid`.

The names, types and keywords of the registered UIDs (PS3.6 Annex A) are read
from ``_uid_dictionary.tsv`` the first time a :class:`UID` property needs
them, so importing this module stays cheap.

dcmcore holds no registered UID root of its own: :func:`generate_uid` makes
``2.25.<UUID as integer>`` UIDs by default (PS3.5 B.2, ITU-T X.667), and
:data:`DCMCORE_IMPLEMENTATION_UID`, written as (0002,0012) *Implementation
Class UID*, is such a UUID-derived UID fixed once for dcmcore.
"""

import re
import warnings
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple

from dcmcore import config
from dcmcore.config import disable_value_validation  # noqa: F401  (pydicom.uid offers it)
from dcmcore.valuerep import VR_REGEXES, validate_value

__all__ = [
    "UID",
    "generate_uid",
    "RE_VALID_UID",
    "RE_VALID_UID_PREFIX",
    "DCMCORE_IMPLEMENTATION_UID",
]

# uid -> (name, type, info, retired, keyword); filled on first use. It is a
# table of facts: the per-property tables below are made from it once.
_uid_entries: Dict[str, Tuple[str, str, str, str, str]] = {}

# The transfer syntaxes whose properties are not those of an encapsulated
# (compressed) one: PS3.5 sections A.1 to A.3 and A.5.
_IMPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2"
_EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1"
_DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1.99"
_EXPLICIT_VR_BIG_ENDIAN = "1.2.840.10008.1.2.2"
_NATIVE_TRANSFER_SYNTAXES = frozenset(
    {
        _IMPLICIT_VR_LITTLE_ENDIAN,
        _EXPLICIT_VR_LITTLE_ENDIAN,
        _DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN,
        _EXPLICIT_VR_BIG_ENDIAN,
    }
)


class _PropertyTable(dict):
    """uid -> the value of one UID property, for the UIDs of the dictionary.

    The UID properties are this table's ``__getitem__``, so a known UID is
    answered without running Python code; `unknown(uid)` gives the value (or
    raises the error) for any other UID.
    """

    __slots__ = ("_unknown",)

    def __init__(self, unknown: Callable[[str], Any]) -> None:
        super().__init__()
        self._unknown = unknown

    def __missing__(self, uid: str) -> Any:
        if not _uid_entries:
            _entries()  # fills every table
            if uid in self:
                return self[uid]
        entry = _uid_entries.get(uid)
        if entry is not None:
            # added to UID_dictionary after it was read (as pydicom allows):
            # answered from the entry each time, so that removing it counts too
            for table, value in _properties(uid, entry):
                if table is self:
                    return value
        return self._unknown(uid)


def _not_transfer_syntax(uid: str) -> bool:
    if uid[:14] != "1.2.840.10008.":
        raise ValueError("Can't determine UID type for private UIDs.")
    raise ValueError("UID is not a transfer syntax.")


def _transfer_syntax_unknown(uid: str) -> bool:
    if uid[:14] != "1.2.840.10008.":
        raise ValueError("Can't determine UID type for private UIDs.")
    return False


_names = _PropertyTable(str)
_types = _PropertyTable(lambda uid: "")
_infos = _PropertyTable(lambda uid: "")
_keywords = _PropertyTable(lambda uid: "")
_retired = _PropertyTable(lambda uid: False)
_is_transfer_syntax = _PropertyTable(_transfer_syntax_unknown)
_is_implicit_vr = _PropertyTable(_not_transfer_syntax)
_is_little_endian = _PropertyTable(_not_transfer_syntax)
_is_deflated = _PropertyTable(_not_transfer_syntax)
_is_compressed = _PropertyTable(_not_transfer_syntax)


def _entries() -> Dict[str, Tuple[str, str, str, str, str]]:
    """Return the UID dictionary, reading it (and filling the property
    tables) on first use."""
    if not _uid_entries:
        text = (Path(__file__).parent / "_uid_dictionary.tsv").read_text(encoding="utf-8")
        for line in text.splitlines():
            uid, *entry = line.split("\t")
            _uid_entries[uid] = (entry[0], entry[1], entry[2], entry[3], entry[4])
            for table, value in _properties(uid, _uid_entries[uid]):
                table[uid] = value
    return _uid_entries


def _properties(uid: str, entry: Tuple[str, str, str, str, str]) -> List[Tuple["_PropertyTable", Any]]:
    """The value of each property table for `uid`, whose dictionary entry is
    `entry` (a private UID's transfer syntax properties are left out: they
    raise, as in pydicom)."""
    name, uid_type, info, retired, keyword = entry
    properties: List[Tuple[_PropertyTable, Any]] = [
        (_names, name),
        (_types, uid_type),
        (_infos, info),
        (_keywords, keyword),
        (_retired, bool(retired)),
    ]
    if uid[:14] != "1.2.840.10008.":
        return properties
    is_transfer_syntax = uid_type == "Transfer Syntax"
    properties.append((_is_transfer_syntax, is_transfer_syntax))
    if is_transfer_syntax:
        properties += [
            (_is_implicit_vr, uid == _IMPLICIT_VR_LITTLE_ENDIAN),
            (_is_little_endian, uid != _EXPLICIT_VR_BIG_ENDIAN),
            (_is_deflated, uid == _DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN),
            (_is_compressed, uid not in _NATIVE_TRANSFER_SYNTAXES),
        ]
    return properties


_str_new = str.__new__

# Valid UIDs already seen in files -> their UID object (shared: UID is
# immutable and has no instance attributes). Cleared when full, so it keeps
# the recently seen ones (SOP classes, study and series UIDs repeat).
_FILE_CACHE_LIMIT = 4096
_file_cache: Dict[str, "UID"] = {}
# RE_VALID_UID without capturing groups: the same language, matched faster.
_uid_fullmatch = re.compile(r"(?:0|[1-9][0-9]*)(?:\.(?:0|[1-9][0-9]*))*").fullmatch


class UID(str):
    """A unique identifier: a :class:`str` with properties from the UID
    dictionary (PS3.6 Annex A).

    Parameters
    ----------
    val : str
        The UID; surrounding whitespace is removed.
    validation_mode : int, optional
        How an invalid UID is handled (default
        ``config.settings.reading_validation_mode``).

    Raises
    ------
    TypeError
        If `val` is not a str.
    ValueError
        If `val` is not a valid UID and `validation_mode` is ``RAISE``.

    Examples
    --------
    >>> uid = UID("1.2.840.10008.1.2.1")
    >>> uid.name
    'Explicit VR Little Endian'
    >>> uid.is_little_endian
    True
    """

    __slots__ = ()

    def __new__(cls, val: str, validation_mode: Optional[int] = None) -> "UID":
        if not isinstance(val, str):
            raise TypeError("A UID must be created from a string")
        if validation_mode is None:
            validation_mode = config.settings.reading_validation_mode
        validate_value("UI", val, validation_mode)
        return _str_new(cls, val.strip())

    @classmethod
    def _from_file(cls, text: str, validation_mode: int) -> "UID":
        """Fast ``UID(text, validation_mode=validation_mode)`` for file data."""
        uid = _file_cache.get(text)
        if uid is None:
            if len(text) > 64 or _uid_fullmatch(text) is None:
                return cls(text, validation_mode)  # warns or raises as configured
            if len(_file_cache) >= _FILE_CACHE_LIMIT:
                _file_cache.clear()
            uid = _file_cache[text] = _str_new(cls, text)
        return uid

    def __reduce__(self) -> Tuple[Any, ...]:
        # Rebuild without validating again: the value was accepted once.
        return (_constant, (str(self),))

    # A UID holds nothing but its text: like a str it is its own copy.
    def __copy__(self) -> "UID":
        return self

    def __deepcopy__(self, memo: Any) -> "UID":
        return self

    # Properties served by the tables' C-level __getitem__: they are read
    # often (every dataset checks its transfer syntax).
    is_implicit_VR = property(
        _is_implicit_vr.__getitem__,
        doc="""``True`` for the implicit VR transfer syntax.

        Raises
        ------
        ValueError
            If the UID is not a transfer syntax.
        """,
    )
    is_little_endian = property(
        _is_little_endian.__getitem__,
        doc="""``True`` for a little endian transfer syntax (all but Explicit VR
        Big Endian).

        Raises
        ------
        ValueError
            If the UID is not a transfer syntax.
        """,
    )
    is_transfer_syntax = property(
        _is_transfer_syntax.__getitem__,
        doc="""``True`` if the dictionary type of the UID is Transfer Syntax.

        Raises
        ------
        ValueError
            If the UID is private (not under the DICOM root).
        """,
    )
    is_deflated = property(
        _is_deflated.__getitem__,
        doc="""``True`` for the deflated transfer syntax.

        Raises
        ------
        ValueError
            If the UID is not a transfer syntax.
        """,
    )
    is_compressed = property(
        _is_compressed.__getitem__,
        doc="""``True`` for a transfer syntax other than the four native ones
        (implicit/explicit little endian, deflated, big endian).

        Raises
        ------
        ValueError
            If the UID is not a transfer syntax.
        """,
    )
    is_encapsulated = property(
        _is_compressed.__getitem__,
        doc="""``True`` for a transfer syntax with encapsulated pixel data (the
        same as :attr:`is_compressed`).""",
    )
    keyword = property(
        _keywords.__getitem__, doc="""The UID's keyword, ``''`` if it is not in the dictionary."""
    )
    name = property(
        _names.__getitem__,
        doc="""The UID's name, or the UID itself if it is not in the dictionary.""",
    )
    type = property(
        _types.__getitem__,
        doc="""The UID's type (e.g. ``'SOP Class'``), ``''`` if not in the dictionary.""",
    )
    info = property(
        _infos.__getitem__, doc="""Extra information from the dictionary, ``''`` if none."""
    )
    is_retired = property(
        _retired.__getitem__, doc="""``True`` if the dictionary marks the UID as retired."""
    )

    @property
    def is_private(self) -> bool:
        """``True`` if the UID is not under the DICOM root ``1.2.840.10008.``."""
        return self[:14] != "1.2.840.10008."

    @property
    def is_valid(self) -> bool:
        """``True`` if the UID has at most 64 characters in the UID format."""
        return len(self) <= 64 and RE_VALID_UID.match(self) is not None


def _constant(value: str) -> UID:
    """Return `value`, a known-valid UID, as a :class:`UID` without checking it."""
    return _str_new(UID, value)


#: Regular expression of a valid UID (PS3.5 9.1).
RE_VALID_UID = re.compile(VR_REGEXES["UI"])  # equal to valuerep.STR_VR_REGEXES["UI"]
#: Regular expression of a valid UID prefix (a UID followed by ``'.'``).
RE_VALID_UID_PREFIX = re.compile(r"^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*\.$")

#: dcmcore's (0002,0012) *Implementation Class UID*: a ``2.25.`` UID made
#: once from a random UUID (PS3.5 B.2), as dcmcore has no registered root.
DCMCORE_IMPLEMENTATION_UID = _constant("2.25.323000631573662891014558332302568384844")


def generate_uid(prefix: Optional[str] = None, entropy_srcs: Optional[List[str]] = None) -> UID:
    """Return a new UID of at most 64 characters.

    Parameters
    ----------
    prefix : str or None, optional
        ``None`` (the default) gives ``2.25.`` followed by a UUID as an
        integer (PS3.5 B.2): a random (version 4) UUID, or, when
        `entropy_srcs` is given, the name-based (version 5) UUID of the
        joined sources, so the same sources give the same UID. A prefix
        (such as your organisation's root followed by ``'.'``) is followed
        by the decimal digits of the SHA-512 hash of `entropy_srcs` (or of
        random data), cut to 64 characters in all.
    entropy_srcs : list of str, optional
        Sources that make the result deterministic (e.g. for
        de-identification); the original values cannot be recovered from it.

    Returns
    -------
    UID

    Raises
    ------
    ValueError
        If `prefix` has more than 62 characters or is not a valid prefix.

    Notes
    -----
    pydicom's default prefix is its own registered root; dcmcore has none and
    uses the ``2.25.`` form instead.

    Examples
    --------
    >>> generate_uid()  # doctest: +SKIP
    '2.25.167161297070865690102504091919570542144'
    >>> generate_uid("1.2.3.", entropy_srcs=["lorem", "ipsum"])  # doctest: +SKIP
    '1.2.3.87507166259346337659265156363895084463...'
    """
    import uuid

    if prefix is None:
        if entropy_srcs is None:
            return UID(f"2.25.{uuid.uuid4().int}")
        return UID(f"2.25.{uuid.uuid5(uuid.NAMESPACE_OID, ''.join(entropy_srcs)).int}")

    max_uid_length = 64
    if len(prefix) > max_uid_length - 1:
        raise ValueError("The prefix must be less than 63 chars")
    if RE_VALID_UID_PREFIX.match(prefix) is None:
        raise ValueError("The prefix is not in a valid format")

    import hashlib
    import os
    import random

    if entropy_srcs is None:
        entropy_srcs = [str(uuid.uuid4()), str(os.getpid()), hex(random.getrandbits(64))]
    digest = hashlib.sha512("".join(entropy_srcs).encode("utf-8")).hexdigest()
    return UID(prefix + str(int(digest, 16))[: max_uid_length - len(prefix)])


# Transfer syntaxes (PS3.5 Annex A, PS3.6 Table A-1).
ImplicitVRLittleEndian = _constant(_IMPLICIT_VR_LITTLE_ENDIAN)
ExplicitVRLittleEndian = _constant(_EXPLICIT_VR_LITTLE_ENDIAN)
DeflatedExplicitVRLittleEndian = _constant(_DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN)
ExplicitVRBigEndian = _constant(_EXPLICIT_VR_BIG_ENDIAN)
JPEGBaseline8Bit = _constant("1.2.840.10008.1.2.4.50")
JPEGExtended12Bit = _constant("1.2.840.10008.1.2.4.51")
JPEGLosslessP14 = _constant("1.2.840.10008.1.2.4.57")
JPEGLosslessSV1 = _constant("1.2.840.10008.1.2.4.70")
JPEGLSLossless = _constant("1.2.840.10008.1.2.4.80")
JPEGLSNearLossless = _constant("1.2.840.10008.1.2.4.81")
JPEG2000Lossless = _constant("1.2.840.10008.1.2.4.90")
JPEG2000 = _constant("1.2.840.10008.1.2.4.91")
JPEG2000MCLossless = _constant("1.2.840.10008.1.2.4.92")
JPEG2000MC = _constant("1.2.840.10008.1.2.4.93")
MPEG2MPML = _constant("1.2.840.10008.1.2.4.100")
MPEG2MPHL = _constant("1.2.840.10008.1.2.4.101")
MPEG4HP41 = _constant("1.2.840.10008.1.2.4.102")
MPEG4HP41BD = _constant("1.2.840.10008.1.2.4.103")
MPEG4HP422D = _constant("1.2.840.10008.1.2.4.104")
MPEG4HP423D = _constant("1.2.840.10008.1.2.4.105")
MPEG4HP42STEREO = _constant("1.2.840.10008.1.2.4.106")
HEVCMP51 = _constant("1.2.840.10008.1.2.4.107")
HEVCM10P51 = _constant("1.2.840.10008.1.2.4.108")
RLELossless = _constant("1.2.840.10008.1.2.5")

#: The non-retired transfer syntaxes, and Explicit VR Big Endian.
AllTransferSyntaxes = [
    ImplicitVRLittleEndian,
    ExplicitVRLittleEndian,
    DeflatedExplicitVRLittleEndian,
    ExplicitVRBigEndian,
    JPEGBaseline8Bit,
    JPEGExtended12Bit,
    JPEGLosslessP14,
    JPEGLosslessSV1,
    JPEGLSLossless,
    JPEGLSNearLossless,
    JPEG2000Lossless,
    JPEG2000,
    JPEG2000MCLossless,
    JPEG2000MC,
    MPEG2MPML,
    MPEG2MPHL,
    MPEG4HP41,
    MPEG4HP41BD,
    MPEG4HP422D,
    MPEG4HP423D,
    MPEG4HP42STEREO,
    HEVCMP51,
    HEVCM10P51,
    RLELossless,
]
#: JPEG (ISO/IEC 10918-1) transfer syntaxes.
JPEGTransferSyntaxes = [JPEGBaseline8Bit, JPEGExtended12Bit, JPEGLosslessP14, JPEGLosslessSV1]
#: JPEG-LS (ISO/IEC 14495-1) transfer syntaxes.
JPEGLSTransferSyntaxes = [JPEGLSLossless, JPEGLSNearLossless]
#: JPEG 2000 (ISO/IEC 15444-1) transfer syntaxes.
JPEG2000TransferSyntaxes = [JPEG2000Lossless, JPEG2000, JPEG2000MCLossless, JPEG2000MC]
#: MPEG-2, MPEG-4 and HEVC transfer syntaxes.
MPEGTransferSyntaxes = [
    MPEG2MPML,
    MPEG2MPHL,
    MPEG4HP41,
    MPEG4HP41BD,
    MPEG4HP422D,
    MPEG4HP423D,
    MPEG4HP42STEREO,
    HEVCMP51,
    HEVCM10P51,
]
#: RLE transfer syntaxes.
RLETransferSyntaxes = [RLELossless]
#: The native (not encapsulated) transfer syntaxes.
UncompressedTransferSyntaxes = [
    ExplicitVRLittleEndian,
    ImplicitVRLittleEndian,
    DeflatedExplicitVRLittleEndian,
    ExplicitVRBigEndian,
]
# Older names of some of these groups.
JPEGLossyCompressedPixelTransferSyntaxes = [JPEGBaseline8Bit, JPEGExtended12Bit]
JPEGLSSupportedCompressedPixelTransferSyntaxes = JPEGLSTransferSyntaxes
JPEG2000CompressedPixelTransferSyntaxes = JPEG2000TransferSyntaxes
PILSupportedCompressedPixelTransferSyntaxes = [
    JPEGBaseline8Bit,
    JPEGLosslessP14,
    JPEGExtended12Bit,
    JPEG2000Lossless,
    JPEG2000,
]
RLECompressedLosslessSyntaxes = RLETransferSyntaxes
UncompressedPixelTransferSyntaxes = UncompressedTransferSyntaxes

# Old constant names -> current ones (reached through __getattr__ with a warning).
_DEPRECATED_NAMES = {
    "JPEGBaseline": "JPEGBaseline8Bit",
    "JPEGExtended": "JPEGExtended12Bit",
    "JPEGLossless": "JPEGLosslessSV1",
    "JPEGLSLossy": "JPEGLSNearLossless",
    "JPEG2000MultiComponentLossless": "JPEG2000MCLossless",
    "JPEG2000MultiComponent": "JPEG2000MC",
}


def __getattr__(name: str) -> Any:
    # PEP 562: deprecated constant names, and the UID dictionary and the VR
    # regexes (which pydicom.uid also offers) on demand.
    if name == "UID_dictionary":
        return _entries()
    if name == "STR_VR_REGEXES":
        from dcmcore import valuerep

        return valuerep.STR_VR_REGEXES
    replacement = _DEPRECATED_NAMES.get(name)
    if replacement is None:
        raise AttributeError(f"module {__name__} has no attribute {name}")
    if name == "JPEGLossless":
        warnings.warn(
            "In pydicom v3.0 the UID for 'JPEGLossless' will change from "
            "'1.2.840.10008.1.2.4.70' to '1.2.840.10008.1.2.4.57' to match its UID "
            f"keyword. Use '{replacement}' instead"
        )
    else:
        warnings.warn(
            f"The UID constant '{name}' is deprecated and will be removed in pydicom "
            f"v3.0, use '{replacement}' instead",
            DeprecationWarning,
        )
    return globals()[replacement]


def __dir__() -> List[str]:
    return sorted([*globals(), "UID_dictionary", "STR_VR_REGEXES"])


# Storage SOP classes and other registered UIDs, by keyword (PS3.6 Table A-1);
# the same set of names as pydicom 2.4.5 offers.
# fmt: off
MediaStorageDirectoryStorage = _constant("1.2.840.10008.1.3.10")
ComputedRadiographyImageStorage = _constant("1.2.840.10008.5.1.4.1.1.1")
DigitalXRayImageStorageForPresentation = _constant("1.2.840.10008.5.1.4.1.1.1.1")
DigitalXRayImageStorageForProcessing = _constant("1.2.840.10008.5.1.4.1.1.1.1.1")
DigitalMammographyXRayImageStorageForPresentation = _constant("1.2.840.10008.5.1.4.1.1.1.2")
DigitalMammographyXRayImageStorageForProcessing = _constant("1.2.840.10008.5.1.4.1.1.1.2.1")
DigitalIntraOralXRayImageStorageForPresentation = _constant("1.2.840.10008.5.1.4.1.1.1.3")
DigitalIntraOralXRayImageStorageForProcessing = _constant("1.2.840.10008.5.1.4.1.1.1.3.1")
EncapsulatedPDFStorage = _constant("1.2.840.10008.5.1.4.1.1.104.1")
EncapsulatedCDAStorage = _constant("1.2.840.10008.5.1.4.1.1.104.2")
EncapsulatedSTLStorage = _constant("1.2.840.10008.5.1.4.1.1.104.3")
EncapsulatedOBJStorage = _constant("1.2.840.10008.5.1.4.1.1.104.4")
EncapsulatedMTLStorage = _constant("1.2.840.10008.5.1.4.1.1.104.5")
GrayscaleSoftcopyPresentationStateStorage = _constant("1.2.840.10008.5.1.4.1.1.11.1")
SegmentedVolumeRenderingVolumetricPresentationStateStorage = _constant("1.2.840.10008.5.1.4.1.1.11.10")
MultipleVolumeRenderingVolumetricPresentationStateStorage = _constant("1.2.840.10008.5.1.4.1.1.11.11")
ColorSoftcopyPresentationStateStorage = _constant("1.2.840.10008.5.1.4.1.1.11.2")
PseudoColorSoftcopyPresentationStateStorage = _constant("1.2.840.10008.5.1.4.1.1.11.3")
BlendingSoftcopyPresentationStateStorage = _constant("1.2.840.10008.5.1.4.1.1.11.4")
XAXRFGrayscaleSoftcopyPresentationStateStorage = _constant("1.2.840.10008.5.1.4.1.1.11.5")
GrayscalePlanarMPRVolumetricPresentationStateStorage = _constant("1.2.840.10008.5.1.4.1.1.11.6")
CompositingPlanarMPRVolumetricPresentationStateStorage = _constant("1.2.840.10008.5.1.4.1.1.11.7")
AdvancedBlendingPresentationStateStorage = _constant("1.2.840.10008.5.1.4.1.1.11.8")
VolumeRenderingVolumetricPresentationStateStorage = _constant("1.2.840.10008.5.1.4.1.1.11.9")
XRayAngiographicImageStorage = _constant("1.2.840.10008.5.1.4.1.1.12.1")
EnhancedXAImageStorage = _constant("1.2.840.10008.5.1.4.1.1.12.1.1")
XRayRadiofluoroscopicImageStorage = _constant("1.2.840.10008.5.1.4.1.1.12.2")
EnhancedXRFImageStorage = _constant("1.2.840.10008.5.1.4.1.1.12.2.1")
PositronEmissionTomographyImageStorage = _constant("1.2.840.10008.5.1.4.1.1.128")
LegacyConvertedEnhancedPETImageStorage = _constant("1.2.840.10008.5.1.4.1.1.128.1")
XRay3DAngiographicImageStorage = _constant("1.2.840.10008.5.1.4.1.1.13.1.1")
XRay3DCraniofacialImageStorage = _constant("1.2.840.10008.5.1.4.1.1.13.1.2")
BreastTomosynthesisImageStorage = _constant("1.2.840.10008.5.1.4.1.1.13.1.3")
BreastProjectionXRayImageStorageForPresentation = _constant("1.2.840.10008.5.1.4.1.1.13.1.4")
BreastProjectionXRayImageStorageForProcessing = _constant("1.2.840.10008.5.1.4.1.1.13.1.5")
EnhancedPETImageStorage = _constant("1.2.840.10008.5.1.4.1.1.130")
BasicStructuredDisplayStorage = _constant("1.2.840.10008.5.1.4.1.1.131")
IntravascularOpticalCoherenceTomographyImageStorageForPresentation = _constant("1.2.840.10008.5.1.4.1.1.14.1")
IntravascularOpticalCoherenceTomographyImageStorageForProcessing = _constant("1.2.840.10008.5.1.4.1.1.14.2")
CTImageStorage = _constant("1.2.840.10008.5.1.4.1.1.2")
EnhancedCTImageStorage = _constant("1.2.840.10008.5.1.4.1.1.2.1")
LegacyConvertedEnhancedCTImageStorage = _constant("1.2.840.10008.5.1.4.1.1.2.2")
NuclearMedicineImageStorage = _constant("1.2.840.10008.5.1.4.1.1.20")
CTDefinedProcedureProtocolStorage = _constant("1.2.840.10008.5.1.4.1.1.200.1")
CTPerformedProcedureProtocolStorage = _constant("1.2.840.10008.5.1.4.1.1.200.2")
ProtocolApprovalStorage = _constant("1.2.840.10008.5.1.4.1.1.200.3")
XADefinedProcedureProtocolStorage = _constant("1.2.840.10008.5.1.4.1.1.200.7")
XAPerformedProcedureProtocolStorage = _constant("1.2.840.10008.5.1.4.1.1.200.8")
UltrasoundMultiFrameImageStorage = _constant("1.2.840.10008.5.1.4.1.1.3.1")
ParametricMapStorage = _constant("1.2.840.10008.5.1.4.1.1.30")
MRImageStorage = _constant("1.2.840.10008.5.1.4.1.1.4")
EnhancedMRImageStorage = _constant("1.2.840.10008.5.1.4.1.1.4.1")
MRSpectroscopyStorage = _constant("1.2.840.10008.5.1.4.1.1.4.2")
EnhancedMRColorImageStorage = _constant("1.2.840.10008.5.1.4.1.1.4.3")
LegacyConvertedEnhancedMRImageStorage = _constant("1.2.840.10008.5.1.4.1.1.4.4")
RTImageStorage = _constant("1.2.840.10008.5.1.4.1.1.481.1")
RTPhysicianIntentStorage = _constant("1.2.840.10008.5.1.4.1.1.481.10")
RTSegmentAnnotationStorage = _constant("1.2.840.10008.5.1.4.1.1.481.11")
RTRadiationSetStorage = _constant("1.2.840.10008.5.1.4.1.1.481.12")
CArmPhotonElectronRadiationStorage = _constant("1.2.840.10008.5.1.4.1.1.481.13")
TomotherapeuticRadiationStorage = _constant("1.2.840.10008.5.1.4.1.1.481.14")
RoboticArmRadiationStorage = _constant("1.2.840.10008.5.1.4.1.1.481.15")
RTRadiationRecordSetStorage = _constant("1.2.840.10008.5.1.4.1.1.481.16")
RTRadiationSalvageRecordStorage = _constant("1.2.840.10008.5.1.4.1.1.481.17")
TomotherapeuticRadiationRecordStorage = _constant("1.2.840.10008.5.1.4.1.1.481.18")
CArmPhotonElectronRadiationRecordStorage = _constant("1.2.840.10008.5.1.4.1.1.481.19")
RTDoseStorage = _constant("1.2.840.10008.5.1.4.1.1.481.2")
RoboticRadiationRecordStorage = _constant("1.2.840.10008.5.1.4.1.1.481.20")
RTRadiationSetDeliveryInstructionStorage = _constant("1.2.840.10008.5.1.4.1.1.481.21")
RTTreatmentPreparationStorage = _constant("1.2.840.10008.5.1.4.1.1.481.22")
RTStructureSetStorage = _constant("1.2.840.10008.5.1.4.1.1.481.3")
RTBeamsTreatmentRecordStorage = _constant("1.2.840.10008.5.1.4.1.1.481.4")
RTPlanStorage = _constant("1.2.840.10008.5.1.4.1.1.481.5")
RTBrachyTreatmentRecordStorage = _constant("1.2.840.10008.5.1.4.1.1.481.6")
RTTreatmentSummaryRecordStorage = _constant("1.2.840.10008.5.1.4.1.1.481.7")
RTIonPlanStorage = _constant("1.2.840.10008.5.1.4.1.1.481.8")
RTIonBeamsTreatmentRecordStorage = _constant("1.2.840.10008.5.1.4.1.1.481.9")
DICOSCTImageStorage = _constant("1.2.840.10008.5.1.4.1.1.501.1")
DICOSDigitalXRayImageStorageForPresentation = _constant("1.2.840.10008.5.1.4.1.1.501.2.1")
DICOSDigitalXRayImageStorageForProcessing = _constant("1.2.840.10008.5.1.4.1.1.501.2.2")
DICOSThreatDetectionReportStorage = _constant("1.2.840.10008.5.1.4.1.1.501.3")
DICOS2DAITStorage = _constant("1.2.840.10008.5.1.4.1.1.501.4")
DICOS3DAITStorage = _constant("1.2.840.10008.5.1.4.1.1.501.5")
DICOSQuadrupoleResonanceStorage = _constant("1.2.840.10008.5.1.4.1.1.501.6")
UltrasoundImageStorage = _constant("1.2.840.10008.5.1.4.1.1.6.1")
EnhancedUSVolumeStorage = _constant("1.2.840.10008.5.1.4.1.1.6.2")
EddyCurrentImageStorage = _constant("1.2.840.10008.5.1.4.1.1.601.1")
EddyCurrentMultiFrameImageStorage = _constant("1.2.840.10008.5.1.4.1.1.601.2")
RawDataStorage = _constant("1.2.840.10008.5.1.4.1.1.66")
SpatialRegistrationStorage = _constant("1.2.840.10008.5.1.4.1.1.66.1")
SpatialFiducialsStorage = _constant("1.2.840.10008.5.1.4.1.1.66.2")
DeformableSpatialRegistrationStorage = _constant("1.2.840.10008.5.1.4.1.1.66.3")
SegmentationStorage = _constant("1.2.840.10008.5.1.4.1.1.66.4")
SurfaceSegmentationStorage = _constant("1.2.840.10008.5.1.4.1.1.66.5")
TractographyResultsStorage = _constant("1.2.840.10008.5.1.4.1.1.66.6")
RealWorldValueMappingStorage = _constant("1.2.840.10008.5.1.4.1.1.67")
SurfaceScanMeshStorage = _constant("1.2.840.10008.5.1.4.1.1.68.1")
SurfaceScanPointCloudStorage = _constant("1.2.840.10008.5.1.4.1.1.68.2")
SecondaryCaptureImageStorage = _constant("1.2.840.10008.5.1.4.1.1.7")
MultiFrameSingleBitSecondaryCaptureImageStorage = _constant("1.2.840.10008.5.1.4.1.1.7.1")
MultiFrameGrayscaleByteSecondaryCaptureImageStorage = _constant("1.2.840.10008.5.1.4.1.1.7.2")
MultiFrameGrayscaleWordSecondaryCaptureImageStorage = _constant("1.2.840.10008.5.1.4.1.1.7.3")
MultiFrameTrueColorSecondaryCaptureImageStorage = _constant("1.2.840.10008.5.1.4.1.1.7.4")
VLEndoscopicImageStorage = _constant("1.2.840.10008.5.1.4.1.1.77.1.1")
VideoEndoscopicImageStorage = _constant("1.2.840.10008.5.1.4.1.1.77.1.1.1")
VLMicroscopicImageStorage = _constant("1.2.840.10008.5.1.4.1.1.77.1.2")
VideoMicroscopicImageStorage = _constant("1.2.840.10008.5.1.4.1.1.77.1.2.1")
VLSlideCoordinatesMicroscopicImageStorage = _constant("1.2.840.10008.5.1.4.1.1.77.1.3")
VLPhotographicImageStorage = _constant("1.2.840.10008.5.1.4.1.1.77.1.4")
VideoPhotographicImageStorage = _constant("1.2.840.10008.5.1.4.1.1.77.1.4.1")
OphthalmicPhotography8BitImageStorage = _constant("1.2.840.10008.5.1.4.1.1.77.1.5.1")
OphthalmicPhotography16BitImageStorage = _constant("1.2.840.10008.5.1.4.1.1.77.1.5.2")
StereometricRelationshipStorage = _constant("1.2.840.10008.5.1.4.1.1.77.1.5.3")
OphthalmicTomographyImageStorage = _constant("1.2.840.10008.5.1.4.1.1.77.1.5.4")
WideFieldOphthalmicPhotographyStereographicProjectionImageStorage = _constant("1.2.840.10008.5.1.4.1.1.77.1.5.5")
WideFieldOphthalmicPhotography3DCoordinatesImageStorage = _constant("1.2.840.10008.5.1.4.1.1.77.1.5.6")
OphthalmicOpticalCoherenceTomographyEnFaceImageStorage = _constant("1.2.840.10008.5.1.4.1.1.77.1.5.7")
OphthalmicOpticalCoherenceTomographyBscanVolumeAnalysisStorage = _constant("1.2.840.10008.5.1.4.1.1.77.1.5.8")
VLWholeSlideMicroscopyImageStorage = _constant("1.2.840.10008.5.1.4.1.1.77.1.6")
DermoscopicPhotographyImageStorage = _constant("1.2.840.10008.5.1.4.1.1.77.1.7")
LensometryMeasurementsStorage = _constant("1.2.840.10008.5.1.4.1.1.78.1")
AutorefractionMeasurementsStorage = _constant("1.2.840.10008.5.1.4.1.1.78.2")
KeratometryMeasurementsStorage = _constant("1.2.840.10008.5.1.4.1.1.78.3")
SubjectiveRefractionMeasurementsStorage = _constant("1.2.840.10008.5.1.4.1.1.78.4")
VisualAcuityMeasurementsStorage = _constant("1.2.840.10008.5.1.4.1.1.78.5")
SpectaclePrescriptionReportStorage = _constant("1.2.840.10008.5.1.4.1.1.78.6")
OphthalmicAxialMeasurementsStorage = _constant("1.2.840.10008.5.1.4.1.1.78.7")
IntraocularLensCalculationsStorage = _constant("1.2.840.10008.5.1.4.1.1.78.8")
MacularGridThicknessAndVolumeReportStorage = _constant("1.2.840.10008.5.1.4.1.1.79.1")
OphthalmicVisualFieldStaticPerimetryMeasurementsStorage = _constant("1.2.840.10008.5.1.4.1.1.80.1")
OphthalmicThicknessMapStorage = _constant("1.2.840.10008.5.1.4.1.1.81.1")
CornealTopographyMapStorage = _constant("1.2.840.10008.5.1.4.1.1.82.1")
BasicTextSRStorage = _constant("1.2.840.10008.5.1.4.1.1.88.11")
EnhancedSRStorage = _constant("1.2.840.10008.5.1.4.1.1.88.22")
ComprehensiveSRStorage = _constant("1.2.840.10008.5.1.4.1.1.88.33")
Comprehensive3DSRStorage = _constant("1.2.840.10008.5.1.4.1.1.88.34")
ExtensibleSRStorage = _constant("1.2.840.10008.5.1.4.1.1.88.35")
ProcedureLogStorage = _constant("1.2.840.10008.5.1.4.1.1.88.40")
MammographyCADSRStorage = _constant("1.2.840.10008.5.1.4.1.1.88.50")
KeyObjectSelectionDocumentStorage = _constant("1.2.840.10008.5.1.4.1.1.88.59")
ChestCADSRStorage = _constant("1.2.840.10008.5.1.4.1.1.88.65")
XRayRadiationDoseSRStorage = _constant("1.2.840.10008.5.1.4.1.1.88.67")
RadiopharmaceuticalRadiationDoseSRStorage = _constant("1.2.840.10008.5.1.4.1.1.88.68")
ColonCADSRStorage = _constant("1.2.840.10008.5.1.4.1.1.88.69")
ImplantationPlanSRStorage = _constant("1.2.840.10008.5.1.4.1.1.88.70")
AcquisitionContextSRStorage = _constant("1.2.840.10008.5.1.4.1.1.88.71")
SimplifiedAdultEchoSRStorage = _constant("1.2.840.10008.5.1.4.1.1.88.72")
PatientRadiationDoseSRStorage = _constant("1.2.840.10008.5.1.4.1.1.88.73")
PlannedImagingAgentAdministrationSRStorage = _constant("1.2.840.10008.5.1.4.1.1.88.74")
PerformedImagingAgentAdministrationSRStorage = _constant("1.2.840.10008.5.1.4.1.1.88.75")
EnhancedXRayRadiationDoseSRStorage = _constant("1.2.840.10008.5.1.4.1.1.88.76")
TwelveLeadECGWaveformStorage = _constant("1.2.840.10008.5.1.4.1.1.9.1.1")
GeneralECGWaveformStorage = _constant("1.2.840.10008.5.1.4.1.1.9.1.2")
AmbulatoryECGWaveformStorage = _constant("1.2.840.10008.5.1.4.1.1.9.1.3")
HemodynamicWaveformStorage = _constant("1.2.840.10008.5.1.4.1.1.9.2.1")
CardiacElectrophysiologyWaveformStorage = _constant("1.2.840.10008.5.1.4.1.1.9.3.1")
BasicVoiceAudioWaveformStorage = _constant("1.2.840.10008.5.1.4.1.1.9.4.1")
GeneralAudioWaveformStorage = _constant("1.2.840.10008.5.1.4.1.1.9.4.2")
ArterialPulseWaveformStorage = _constant("1.2.840.10008.5.1.4.1.1.9.5.1")
RespiratoryWaveformStorage = _constant("1.2.840.10008.5.1.4.1.1.9.6.1")
MultichannelRespiratoryWaveformStorage = _constant("1.2.840.10008.5.1.4.1.1.9.6.2")
RoutineScalpElectroencephalogramWaveformStorage = _constant("1.2.840.10008.5.1.4.1.1.9.7.1")
ElectromyogramWaveformStorage = _constant("1.2.840.10008.5.1.4.1.1.9.7.2")
ElectrooculogramWaveformStorage = _constant("1.2.840.10008.5.1.4.1.1.9.7.3")
SleepElectroencephalogramWaveformStorage = _constant("1.2.840.10008.5.1.4.1.1.9.7.4")
BodyPositionWaveformStorage = _constant("1.2.840.10008.5.1.4.1.1.9.8.1")
ContentAssessmentResultsStorage = _constant("1.2.840.10008.5.1.4.1.1.90.1")
MicroscopyBulkSimpleAnnotationsStorage = _constant("1.2.840.10008.5.1.4.1.1.91.1")
RTBrachyApplicationSetupDeliveryInstructionStorage = _constant("1.2.840.10008.5.1.4.34.10")
RTBeamsDeliveryInstructionStorage = _constant("1.2.840.10008.5.1.4.34.7")
HangingProtocolStorage = _constant("1.2.840.10008.5.1.4.38.1")
ColorPaletteStorage = _constant("1.2.840.10008.5.1.4.39.1")
GenericImplantTemplateStorage = _constant("1.2.840.10008.5.1.4.43.1")
ImplantAssemblyTemplateStorage = _constant("1.2.840.10008.5.1.4.44.1")
ImplantTemplateGroupStorage = _constant("1.2.840.10008.5.1.4.45.1")
# fmt: on
