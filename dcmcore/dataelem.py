"""Data elements: :class:`DataElement`, :class:`RawDataElement` and the
conversion of one to the other, :func:`DataElement_from_raw`.

A data element is a tag, a value representation (VR) and a value (PS3.5 7.1).
Elements read from a file start as :class:`RawDataElement` (the value still
encoded) and become :class:`DataElement` on first access. The per-instance
state and the hot paths live in the compiled :class:`~dcmcore._element.ElementBase`;
the conversion in :mod:`dcmcore._convert`.
"""

import warnings
from typing import TYPE_CHECKING, Any, Callable, Dict, NamedTuple, Optional, Type, Union

from dcmcore import _convert
from dcmcore._convert import (
    DataElement_from_raw,
    _private_vr_for_tag,  # noqa: F401  (pydicom.dataelem has it)
)
from dcmcore._element import ElementBase, empty_value_for_VR
from dcmcore.tag import BaseTag

if TYPE_CHECKING:  # pragma: no cover
    from dcmcore.dataset import Dataset

__all__ = [
    "DataElement",
    "DataElement_from_raw",
    "RawDataElement",
    "empty_value_for_VR",
]

class DataElement(ElementBase):
    """One DICOM data element: tag, VR and value.

    Parameters
    ----------
    tag : int, str or 2-tuple of int
        The tag in any form :func:`~dcmcore.tag.Tag` accepts, e.g.
        ``0x00100010``, ``(0x10, 0x10)`` or ``"PatientName"``.
    VR : str
        The two-letter value representation (PS3.5 6.2). ``"UN"`` for a
        known standard tag is replaced by the dictionary VR when
        :data:`~dcmcore.config.replace_un_with_known_vr` is set and the value
        fits a 16-bit length.
    value
        The value: one value, a list or tuple of values, or a str holding
        several values separated by backslashes. It is converted for the VR
        (see :attr:`value`).
    file_value_tell : int, optional
        The byte offset of the encoded value in its file.
    is_undefined_length : bool, optional
        ``True`` if the element's length field was undefined (0xFFFFFFFF).
    already_converted : bool, optional
        ``True`` to store `value` as it is, without conversion.
    validation_mode : int, optional
        How invalid values are handled (:data:`~dcmcore.config.IGNORE`,
        ``WARN`` or ``RAISE``); default
        :attr:`~dcmcore.config.Settings.reading_validation_mode`.

    Attributes
    ----------
    tag : BaseTag
        The element's tag.
    VR : str
        The element's value representation.
    descripWidth : int
        Width of the name column in ``str()`` (default 35).
    maxBytesToDisplay : int
        Values with more items or bytes than this are shown in ``str()`` as
        ``Array of N elements`` (default 16).
    showVR : bool
        ``True`` (default) to show the VR in ``str()``.
    is_undefined_length : bool
        ``True`` if the length field was undefined.
    file_tell : int or None
        The byte offset of the value in its file.
    private_creator : str or None
        The private creator of a private element, set by the dataset.

    Examples
    --------
    >>> from dcmcore.dataelem import DataElement
    >>> elem = DataElement(0x00100010, "PN", "CITIZEN^Joan")
    >>> elem
    (0010, 0010) Patient's Name                      PN: 'CITIZEN^Joan'
    >>> DataElement("WindowCenter", "DS", "40\\\\400").value
    [40.0, 400.0]
    """

    descripWidth = 35
    maxBytesToDisplay = 16
    showVR = True
    is_raw = False

    def description(self) -> str:
        """Return :attr:`name`.

        .. deprecated:: 2.3
            Use :attr:`name`.
        """
        warnings.warn(
            "'DataElement.description()' is deprecated and will be removed "
            "in v3.0, use 'DataElement.name' instead",
            DeprecationWarning,
        )
        return self.name

    @classmethod
    def from_json(
        cls: Type["DataElement"],
        dataset_class: Type["Dataset"],
        tag: str,
        vr: str,
        value: Any,
        value_key: Optional[str],
        bulk_data_uri_handler: Optional[
            Union[Callable[[str, str, str], Any], Callable[[str], Any]]
        ] = None,
    ) -> "DataElement":
        """Return the element of a DICOM JSON attribute object (PS3.18 F.2).

        Parameters
        ----------
        dataset_class : type
            The Dataset class used for the items of an SQ element.
        tag : str
            The tag as eight upper-case hex digits.
        vr : str
            The VR.
        value : list or str
            The ``"Value"``, ``"InlineBinary"`` or ``"BulkDataURI"`` member.
        value_key : str or None
            Which of those three members `value` is, ``None`` for an empty
            element.
        bulk_data_uri_handler : callable, optional
            Called with ``(tag, vr, uri)`` or with ``(uri)`` to fetch the value
            of a ``"BulkDataURI"``; without it such an element is empty.

        Returns
        -------
        DataElement

        Raises
        ------
        ValueError
            If the element cannot be made from the JSON value.
        """
        from dcmcore import jsonrep  # imports this module

        return jsonrep.element_from_json(
            cls, dataset_class, tag, vr, value, value_key, bulk_data_uri_handler
        )

    def to_json_dict(
        self,
        bulk_data_element_handler: Optional[Callable[["DataElement"], str]],
        bulk_data_threshold: int,
    ) -> Dict[str, Any]:
        """Return the element as a DICOM JSON attribute object (PS3.18 F.2).

        Parameters
        ----------
        bulk_data_element_handler : callable or None
            Called with the element to get the ``"BulkDataURI"`` of a binary
            value whose base64 text is longer than `bulk_data_threshold`;
            without it binary values are always ``"InlineBinary"``.
        bulk_data_threshold : int
            The base64 length above which the handler is used.

        Returns
        -------
        dict
            ``{"vr": ..., "Value" | "InlineBinary" | "BulkDataURI": ...}``.
        """
        from dcmcore import jsonrep

        return jsonrep.element_to_json_dict(
            self, bulk_data_element_handler, bulk_data_threshold
        )

    def to_json(
        self,
        bulk_data_threshold: int = 1024,
        bulk_data_element_handler: Optional[Callable[["DataElement"], str]] = None,
        dump_handler: Optional[Callable[[Dict[str, Any]], str]] = None,
    ) -> str:
        """Return the element as DICOM JSON text.

        Parameters
        ----------
        bulk_data_threshold : int, optional
            See :meth:`to_json_dict` (default 1024).
        bulk_data_element_handler : callable, optional
            See :meth:`to_json_dict`.
        dump_handler : callable, optional
            Turns the dict into text; default :func:`json.dumps` with sorted
            keys.

        Returns
        -------
        str
        """
        from dcmcore import jsonrep

        return jsonrep.element_to_json(
            self, bulk_data_threshold, bulk_data_element_handler, dump_handler
        )


class RawDataElement(NamedTuple):
    """An element as read from a file, its value still encoded.

    Readers build it with ``tuple.__new__(RawDataElement, (...))``, which skips
    the argument handling of the generated constructor.
    """

    #: The element's tag.
    tag: BaseTag
    #: The VR, ``None`` when read as implicit VR.
    VR: Optional[str]
    #: The length field (0xFFFFFFFF for undefined length).
    length: int
    #: The encoded value; ``None`` if its reading was deferred.
    value: Optional[bytes]
    #: The byte offset of the value in its file.
    value_tell: int
    #: ``True`` if the element was encoded as implicit VR.
    is_implicit_VR: bool
    #: ``True`` if the element was encoded as little endian.
    is_little_endian: bool
    #: Always ``True``: tells raw and converted elements apart.
    is_raw: bool = True


def _sequence_class() -> Any:
    """The Sequence class, imported on first use (dcmcore.sequence imports
    dcmcore.dataset, which imports this module)."""
    from dcmcore.sequence import Sequence

    return Sequence


# DataElement.to_json_dict as defined here: the JSON writer's fast paths
# stand in for it only while it is not replaced or overridden
_ELEMENT_TO_JSON_DICT = DataElement.to_json_dict

_convert.bind(data_element=DataElement, raw_data_element=RawDataElement, sequence_class=_sequence_class)

# The value converters bind themselves on import: a DataElement_from_raw
# needs them whichever model module was imported first.
from dcmcore import values as _values  # noqa: E402,F401
