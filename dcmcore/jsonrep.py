"""The DICOM JSON Model (PS3.18 Annex F): datasets and elements to and from JSON.

:meth:`Dataset.to_json_dict <dcmcore.dataset.Dataset.to_json_dict>`,
:meth:`~dcmcore.dataset.Dataset.to_json`,
:meth:`~dcmcore.dataset.Dataset.from_json` and the
:class:`~dcmcore.dataelem.DataElement` methods of the same names forward to
the functions of this module:

========================================  =====================================
method                                    function
========================================  =====================================
``Dataset.to_json_dict(...)``             :func:`dataset_to_json_dict`
``Dataset.to_json(...)``                  :func:`dataset_to_json`
``Dataset.from_json(...)`` (classmethod)  :func:`dataset_from_json`
``DataElement.to_json_dict(...)``         :func:`element_to_json_dict`
``DataElement.to_json(...)``              :func:`element_to_json`
``DataElement.from_json(...)`` (class)    :func:`element_from_json`
========================================  =====================================

The model (PS3.18 F.2): a dataset is a JSON object keyed by the tag as eight
upper-case hex digits; each attribute is an object with the ``"vr"`` and at
most one of ``"Value"`` (a list), ``"InlineBinary"`` (base64) and
``"BulkDataURI"``. Person names are objects with ``"Alphabetic"``,
``"Ideographic"`` and ``"Phonetic"`` groups (F.2.2), IS and DS values are JSON
numbers, AT values are hex strings, sequence items are nested datasets.

Speed: the loops over a dataset's elements in both directions run in the
compiled ``dcmcore._json`` (:class:`~dcmcore._json.JsonDictWriter`,
:class:`~dcmcore._json.JsonDatasetBuilder`). They handle the common VRs with
plain, valid values themselves and hand every other element or attribute to
the functions of this module, which define the behaviour. Elements still in
their raw (as read) form are not converted when their JSON form can be taken
from the encoded bytes directly: DS and IS strings that are valid numbers
(PS3.5 Table 6.2-1) become JSON numbers in bulk, and binary numbers are
unpacked by the value codec. The JSON produced is the same as after
converting the element; the dataset keeps the raw element.
"""

import base64
import gc
import json
import logging
import warnings
from contextlib import nullcontext
from inspect import signature
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Optional, Type, Union, cast

from dcmcore import config
from dcmcore._json import JsonDatasetBuilder, JsonDictWriter, float_instances, parse_ds, parse_is
from dcmcore.datadict import DicomDictionary
from dcmcore.tag import BaseTag, Tag, _intern
from dcmcore.valuerep import AMBIGUOUS_VR, BYTES_VR, FLOAT_VR, INT_VR, VR

if TYPE_CHECKING:  # pragma: no cover
    from dcmcore.dataelem import DataElement
    from dcmcore.dataset import Dataset

logger = config.logger

#: The members of a JSON attribute object that carry its value (PS3.18 F.2.2).
JSON_VALUE_KEYS = ("Value", "BulkDataURI", "InlineBinary")

OtherValueType = Union[None, str, int, float]
PNValueType = Union[None, str, Dict[str, str]]
SQValueType = Optional[Dict[str, Any]]  # recursive: a JSON dataset
ValueType = Union[PNValueType, SQValueType, OtherValueType]
InlineBinaryType = Union[str, List[str]]
BulkDataURIType = Union[str, List[str]]
JSONValueType = Union[List[ValueType], InlineBinaryType, BulkDataURIType]

#: What a bulk data URI handler may return: the element's value.
BulkDataType = Union[None, str, int, float, bytes]
#: A bulk data URI handler called with the tag, the VR and the URI.
BulkDataHandlerType = Optional[Callable[[str, str, str], BulkDataType]]
#: Either form of bulk data URI handler: ``(tag, vr, uri)`` or ``(uri)``.
AnyBulkDataHandlerType = Optional[
    Union[Callable[[str, str, str], BulkDataType], Callable[[str], BulkDataType]]
]
#: Called with a bulk data element, returns its BulkDataURI.
BulkDataElementHandlerType = Optional[Callable[["DataElement"], str]]

# JSON numbers per VR (PS3.18 Table F.2.3-1): int for the integer VRs and
# "US or SS", float for the others; AT values are hex strings (pydicom's sets).
_NUMBER_TYPE_FOR_VR: Dict[str, type] = {
    **{str.__str__(vr): int for vr in (INT_VR - {VR.AT}) | {VR.US_SS}},
    **{str.__str__(vr): float for vr in FLOAT_VR},
}

# VRs whose value goes to JSON as base64 (InlineBinary) or a URI: the binary
# VRs and the ambiguous ones that may be OB/OW, as pydicom treats them.
_BINARY_VRS = frozenset(str.__str__(vr) for vr in (BYTES_VR | AMBIGUOUS_VR) - {VR.US_SS})

# Raw DS and IS values that are numbers without their element being
# converted, when every item is valid (see _raw_numbers).
_PARSE_NUMBER_STRINGS: Dict[Optional[str], Callable[[bytes], Optional[List[Any]]]] = {
    "DS": parse_ds,
    "IS": parse_is,
}

# JSON keys of tags already seen, e.g. 0x00100010 -> "00100010"; bounded.
_JSON_KEYS: Dict[int, str] = {}
_JSON_KEYS_LIMIT = 1 << 16


# -- conversions shared by both directions ----------------------------------


def convert_to_python_number(value: Any, vr: str) -> Any:
    """Turn numeric-like values into Python ints or floats as `vr` asks.

    Parameters
    ----------
    value : Any
        One value, or a list or tuple of values, of an element.
    vr : str
        The element's value representation.

    Returns
    -------
    Any
        `value` unchanged when it is ``None`` or `vr` is not a number VR;
        otherwise ``int`` (IS, SL, SS, SV, UL, US, UV, "US or SS") or
        ``float`` (DS, FD, FL) of the value, or a list of them in which
        ``None`` items stay empty values.

    Raises
    ------
    ValueError, TypeError
        If a value cannot be converted (e.g. an empty string for DS).
    """
    if value is None:
        return value
    number_type = _NUMBER_TYPE_FOR_VR.get(vr)
    if number_type is None:
        return value
    if isinstance(value, (list, tuple)):
        return _numbers(value, number_type, vr)
    return number_type(value)


def _numbers(values: Any, number_type: type, vr: str) -> List[Any]:
    """Return the items of `values` as `number_type`, ``None`` as the empty value."""
    try:
        return list(map(number_type, values))
    except (TypeError, ValueError):
        pass  # a None item, or a bad one: the item-by-item pass says which
    empty = _empty_value(vr)
    return [number_type(value) if value is not None else empty for value in values]


def _empty_value(vr: Optional[str]) -> Any:
    from dcmcore.dataelem import empty_value_for_VR

    return empty_value_for_VR(vr)


def _json_key(tag: int) -> str:
    """Return the JSON name of `tag`: eight upper-case hex digits (PS3.18 F.2.1.1)."""
    key = _JSON_KEYS.get(tag)
    if key is None:
        key = f"{tag:08X}"
        if len(_JSON_KEYS) < _JSON_KEYS_LIMIT:
            # Keyed by the (interned) BaseTag itself: a look-up by the same
            # object then never runs BaseTag's Python-level __eq__.
            _JSON_KEYS[tag] = key
    return key


# -- to JSON -----------------------------------------------------------------


def dataset_to_json_dict(
    ds: "Dataset",
    bulk_data_threshold: int = 1024,
    bulk_data_element_handler: BulkDataElementHandlerType = None,
    suppress_invalid_tags: bool = False,
) -> Dict[str, Any]:
    """Return the DICOM JSON Model form of `ds` as a dict.

    The implementation of :meth:`Dataset.to_json_dict
    <dcmcore.dataset.Dataset.to_json_dict>`.

    Parameters
    ----------
    ds : Dataset
        The dataset to convert.
    bulk_data_threshold : int, optional
        Length of the base64 text of a binary value above which the value is
        given as a ``"BulkDataURI"`` (from `bulk_data_element_handler`)
        rather than as ``"InlineBinary"``; ignored without a handler.
    bulk_data_element_handler : callable, optional
        Called with a bulk data :class:`~dcmcore.dataelem.DataElement`,
        returns the URI that the JSON gives for its value.
    suppress_invalid_tags : bool, optional
        ``True`` to log and leave out an element that cannot be converted
        (values are then read in strict mode, so invalid ones count as
        such); ``False`` to log and raise the error.

    Returns
    -------
    dict
        ``{"GGGGEEEE": {"vr": ..., ...}}`` in the dataset's element order.
    """
    context = config.strict_reading() if suppress_invalid_tags else nullcontext()
    with context, _CollectorPaused():
        return _dataset_json(ds, bulk_data_element_handler, bulk_data_threshold, suppress_invalid_tags)


class _CollectorPaused:
    """Context manager: the cyclic garbage collector paused inside.

    Both directions allocate objects by the hundred thousand that all
    survive (the dataset, or the JSON dict). With the collector running,
    each one is traversed again and again in passes that find no garbage
    (for an RT Structure Set, 70% of the time of from_json and half of that
    of to_json_dict); paused, the first collection after the call sees them
    once.
    """

    __slots__ = ("collecting",)

    def __enter__(self) -> None:
        self.collecting = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc_info: Any) -> None:
        if self.collecting:
            gc.enable()


def dataset_to_json(
    ds: "Dataset",
    bulk_data_threshold: int = 1024,
    bulk_data_element_handler: BulkDataElementHandlerType = None,
    dump_handler: Optional[Callable[[Dict[str, Any]], str]] = None,
    suppress_invalid_tags: bool = False,
) -> str:
    """Return the DICOM JSON Model form of `ds` as a JSON string.

    The implementation of :meth:`Dataset.to_json <dcmcore.dataset.Dataset.to_json>`.

    Parameters
    ----------
    ds : Dataset
        The dataset to convert.
    bulk_data_threshold, bulk_data_element_handler, suppress_invalid_tags
        As for :func:`dataset_to_json_dict`.
    dump_handler : callable, optional
        Turns the dict into the string; by default ``json.dumps(d,
        sort_keys=True)``, keys sorted as PS3.18 F.2.1.1 asks.

    Returns
    -------
    str
    """
    json_dataset = dataset_to_json_dict(
        ds, bulk_data_threshold, bulk_data_element_handler, suppress_invalid_tags
    )
    return (dump_handler or _sorted_json_dump)(json_dataset)


def _sorted_json_dump(json_object: Dict[str, Any]) -> str:
    return json.dumps(json_object, sort_keys=True)


def _dataset_json(
    ds: "Dataset",
    bulk_data_element_handler: BulkDataElementHandlerType,
    bulk_data_threshold: int,
    suppress_invalid_tags: bool,
) -> Dict[str, Any]:
    """Return the JSON dict of `ds`, logging (and unless suppressed, raising) failures.

    The loop over the elements runs in the compiled
    :class:`~dcmcore._json.JsonDictWriter`: it reads raw DS, IS and binary
    numbers from their bytes, converts the other raw elements in the
    dataset, makes the attributes of the common VRs itself and hands every
    other element to :func:`element_to_json_dict`.
    """
    from dcmcore.dataelem import DataElement, RawDataElement, _ELEMENT_TO_JSON_DICT
    from dcmcore.dataset import Dataset
    from dcmcore.multival import MultiValue
    from dcmcore.sequence import Sequence
    from dcmcore.valuerep import IS, DSfloat

    if DataElement.to_json_dict is not _ELEMENT_TO_JSON_DICT:
        # replaced (a test's patch, say): pydicom calls it for every element
        return _dataset_json_by_element(ds, bulk_data_element_handler, bulk_data_threshold, suppress_invalid_tags)

    def general_json(elem: "DataElement") -> Dict[str, Any]:
        if type(elem).to_json_dict is not _ELEMENT_TO_JSON_DICT:
            # a subclass's own
            return cast(Dict[str, Any], elem.to_json_dict(bulk_data_element_handler, bulk_data_threshold))
        return element_to_json_dict(elem, bulk_data_element_handler, bulk_data_threshold)

    writer = JsonDictWriter(
        RawDataElement,
        DataElement,
        Sequence,
        MultiValue,
        (IS,),
        (DSfloat,),
        Dataset,
        Dataset._convert_raw_element,
        _raw_vr,
        general_json,
        _json_key,
        _JSON_KEYS,
        logger.error,
        _raw_fast_path_allowed(),
    )
    return cast(Dict[str, Any], writer.dataset(ds, suppress_invalid_tags))


def _dataset_json_by_element(
    ds: "Dataset",
    bulk_data_element_handler: BulkDataElementHandlerType,
    bulk_data_threshold: int,
    suppress_invalid_tags: bool,
) -> Dict[str, Any]:
    """pydicom's loop of :meth:`Dataset.to_json_dict`: each element's own
    ``to_json_dict``, used when DataElement.to_json_dict was replaced."""
    json_dataset = {}
    for key in ds.keys():
        json_key = f"{key:08X}"
        try:
            json_dataset[json_key] = ds[key].to_json_dict(
                bulk_data_element_handler=bulk_data_element_handler, bulk_data_threshold=bulk_data_threshold
            )
        except Exception:
            logger.error(f"Error while processing tag {json_key}")
            if not suppress_invalid_tags:
                raise
    return json_dataset


def _raw_vr(raw: Any) -> Optional[str]:
    """Return the VR a raw element converts with, ``None`` if that needs the dataset.

    An explicit VR is taken as it is; an implicit one is the dictionary's
    for a public tag (private and repeating-group tags give ``None``).
    """
    vr = raw.VR
    if vr is None:
        entry = DicomDictionary.get(int(raw.tag))
        return None if entry is None else entry[0]
    return vr


def _raw_numbers(raw: Any, vr: Optional[str]) -> Optional[List[Any]]:
    """Return the numbers of a raw DS or IS value made only of valid items.

    ``None`` for any other element, or when some item would warn or fail on
    conversion in some validation mode (the element is then converted as
    usual). Valid items give the same number through float()/int() as
    through DSfloat/IS (PS3.5 Table 6.2-1).
    """
    parse = _PARSE_NUMBER_STRINGS.get(vr)  # type: ignore[arg-type]
    value = raw.value
    if parse is None or type(value) is not bytes:
        return None
    return parse(value)


def _raw_fast_path_allowed() -> bool:
    """Return True if raw values may be used without converting their elements.

    A conversion callback or NumPy-valued DS/IS change what conversion gives.
    """
    return not (config.data_element_callback or config.use_DS_numpy or config.use_IS_numpy)


def element_to_json_dict(
    elem: "DataElement",
    bulk_data_element_handler: BulkDataElementHandlerType,
    bulk_data_threshold: int,
) -> Dict[str, Any]:
    """Return the DICOM JSON Model attribute object of `elem` as a dict.

    The implementation of :meth:`DataElement.to_json_dict
    <dcmcore.dataelem.DataElement.to_json_dict>`.

    Parameters
    ----------
    elem : DataElement
        The element to convert.
    bulk_data_element_handler : callable or None
        Called with `elem` when its binary value is bulk data, returns the
        ``"BulkDataURI"``.
    bulk_data_threshold : int
        Length of the base64 text of a binary value above which it is bulk
        data; ignored without a handler.

    Returns
    -------
    dict
        ``{"vr": VR}`` plus ``"Value"``, ``"InlineBinary"`` or
        ``"BulkDataURI"`` unless the element is empty.
    """
    vr = elem.VR
    json_element: Dict[str, Any] = {"vr": vr}
    if vr in _BINARY_VRS:
        if elem.VM:
            json_element.update(
                _binary_json(elem, bulk_data_element_handler, bulk_data_threshold)
            )
        return json_element
    if vr == "SQ":
        json_element["Value"] = [
            _dataset_json(item, bulk_data_element_handler, bulk_data_threshold, False)
            for item in (elem.value or ())
        ]
        return json_element
    vm = elem.VM
    if not vm:
        return json_element
    values = list(elem.value) if vm > 1 else [elem.value]
    if vr == "PN":
        json_element["Value"] = [_pn_json(name) for name in values]
    elif vr == "AT":
        json_element["Value"] = [format(tag, "08X") for tag in values]
    else:
        number_type = _NUMBER_TYPE_FOR_VR.get(vr)
        if number_type is not None:
            values = _numbers(values, number_type, vr)
        json_element["Value"] = values
    return json_element


def element_to_json(
    elem: "DataElement",
    bulk_data_threshold: int = 1024,
    bulk_data_element_handler: BulkDataElementHandlerType = None,
    dump_handler: Optional[Callable[[Dict[str, Any]], str]] = None,
) -> str:
    """Return the DICOM JSON Model attribute object of `elem` as a JSON string.

    The implementation of :meth:`DataElement.to_json
    <dcmcore.dataelem.DataElement.to_json>`; arguments as for
    :func:`element_to_json_dict` and :func:`dataset_to_json`.
    """
    json_element = element_to_json_dict(elem, bulk_data_element_handler, bulk_data_threshold)
    return (dump_handler or _sorted_json_dump)(json_element)


def _pn_json(name: Any) -> Dict[str, str]:
    """Return the component groups of a person name (PS3.18 F.2.2)."""
    components = name.components
    groups = {"Alphabetic": components[0]}
    if len(components) > 1:
        groups["Ideographic"] = components[1]
    if len(components) > 2:
        groups["Phonetic"] = components[2]
    return groups


def _binary_json(
    elem: "DataElement",
    bulk_data_element_handler: BulkDataElementHandlerType,
    bulk_data_threshold: int,
) -> Dict[str, str]:
    """Return ``{"InlineBinary": base64}`` or ``{"BulkDataURI": uri}`` for `elem`."""
    value = elem.value
    if bulk_data_element_handler is not None:
        # The base64 text of n bytes has 4 * ceil(n / 3) characters: a bulk
        # value need not be encoded only to measure it.
        if isinstance(value, (bytes, bytearray)):
            encoded_length = 4 * ((len(value) + 2) // 3)
            if encoded_length > bulk_data_threshold:
                return {"BulkDataURI": bulk_data_element_handler(elem)}
            encoded = base64.b64encode(value).decode("utf-8")
        else:
            encoded = base64.b64encode(value).decode("utf-8")
            if len(encoded) > bulk_data_threshold:
                return {"BulkDataURI": bulk_data_element_handler(elem)}
    else:
        encoded = base64.b64encode(value).decode("utf-8")
    if logger.isEnabledFor(logging.INFO):
        logger.info(f"encode bulk data element '{elem.name}' inline")
    return {"InlineBinary": encoded}


# -- from JSON ---------------------------------------------------------------


def dataset_from_json(
    cls: Type["Dataset"],
    json_dataset: Union[Dict[str, Any], str, bytes, bytearray],
    bulk_data_uri_handler: AnyBulkDataHandlerType = None,
) -> "Dataset":
    """Return a dataset of class `cls` made from a DICOM JSON Model object.

    The implementation of the classmethod :meth:`Dataset.from_json
    <dcmcore.dataset.Dataset.from_json>`.

    Parameters
    ----------
    cls : type
        The :class:`~dcmcore.dataset.Dataset` class (or subclass) to create;
        sequence items are made of the same class.
    json_dataset : dict, str, bytes or bytearray
        The JSON object, or its text.
    bulk_data_uri_handler : callable, optional
        Gives the value of an attribute that has a ``"BulkDataURI"``: called
        as ``handler(tag, vr, uri)`` or, if it takes one parameter,
        ``handler(uri)``. Without it such elements are empty, with a warning.

    Returns
    -------
    Dataset

    Raises
    ------
    json.JSONDecodeError
        If the text is not JSON.
    KeyError
        If an attribute has no ``"vr"``.
    TypeError
        If a ``"Value"`` is not a list, or an ``"InlineBinary"`` or
        ``"BulkDataURI"`` is not a string (the message names the tag).
    ValueError
        If an element cannot be made from its value (the message names the
        tag), or for bad base64.
    """
    if isinstance(json_dataset, (str, bytes, bytearray)):
        json_dataset = cast(Dict[str, Any], json.loads(json_dataset))
    with _CollectorPaused():
        return _JsonReader(cls, bulk_data_uri_handler).dataset(json_dataset)


def element_from_json(
    cls: Type["DataElement"],
    dataset_class: Type["Dataset"],
    tag: str,
    vr: str,
    value: Any,
    value_key: Optional[str],
    bulk_data_uri_handler: AnyBulkDataHandlerType = None,
) -> "DataElement":
    """Return an element of class `cls` made from a DICOM JSON attribute's parts.

    The implementation of the classmethod :meth:`DataElement.from_json
    <dcmcore.dataelem.DataElement.from_json>`.

    Parameters
    ----------
    cls : type
        The :class:`~dcmcore.dataelem.DataElement` class (or subclass) to create.
    dataset_class : type
        The dataset class for sequence items.
    tag : str
        The tag as hex, e.g. ``"7FE00010"``.
    vr : str
        The VR.
    value : list, str or None
        The attribute's ``"Value"``, ``"InlineBinary"`` or ``"BulkDataURI"``.
    value_key : str or None
        Which of those `value` is; ``None`` for an attribute with none (VM 0).
    bulk_data_uri_handler : callable, optional
        As for :func:`dataset_from_json`.

    Returns
    -------
    DataElement

    Raises
    ------
    TypeError, ValueError
        As for :func:`dataset_from_json`.
    """
    reader = _JsonReader(dataset_class, bulk_data_uri_handler)
    return reader.element(cls, tag, vr, reader.element_value(tag, vr, value, value_key))


def _three_argument_handler(handler: AnyBulkDataHandlerType) -> BulkDataHandlerType:
    """Return `handler` as a ``(tag, vr, uri)`` callable (None stays None)."""
    if handler and len(signature(handler).parameters) == 1:
        uri_handler = cast(Callable[[str], BulkDataType], handler)

        def handle_tag_vr_uri(tag: str, vr: str, uri: str) -> BulkDataType:
            return uri_handler(uri)

        return handle_tag_vr_uri
    return cast(BulkDataHandlerType, handler)


class _JsonReader:
    """Builds datasets and elements from JSON for one call of from_json.

    Holds what every element of the call shares: the dataset class, the
    bulk data handler (whose signature is looked at once) and the settings
    that element values depend on. The loop over attributes runs in the
    compiled :class:`~dcmcore._json.JsonDatasetBuilder`, which makes the
    elements of common, valid values itself and hands every other attribute
    to :meth:`attribute_element`.
    """

    __slots__ = ("dataset_class", "bulk_data_handler", "ds_from_floats", "builder")

    def __init__(self, dataset_class: Type["Dataset"], handler: AnyBulkDataHandlerType) -> None:
        from dcmcore._element import ElementBase
        from dcmcore.dataelem import DataElement
        from dcmcore.dataset import Dataset
        from dcmcore.multival import MultiValue
        from dcmcore.sequence import Sequence
        from dcmcore.uid import UID
        from dcmcore.valuerep import DSfloat, IS, MAX_VALUE_LEN, PersonName

        self.dataset_class = dataset_class
        self.bulk_data_handler = _three_argument_handler(handler)
        validation_mode = config.settings.reading_validation_mode
        # DS(float) is DSfloat.__new__ plus auto_format=False unless DS values
        # are Decimals or validated strictly (RAISE checks the text of each).
        self.ds_from_floats = not config.use_DS_decimal and validation_mode != config.RAISE
        self.builder = JsonDatasetBuilder(
            dataset_class,
            DataElement,
            Sequence,
            self.attribute_element,
            validation_mode,
            MAX_VALUE_LEN,
            UID,
            PersonName,
            DSfloat,
            IS,
            MultiValue,
            _intern,
            not config.datetime_conversion,
            self.ds_from_floats,
            Dataset._add_element if _adds_as_dataset(dataset_class) else None,
            DataElement.__setattr__ is ElementBase.__setattr__,
        )

    def dataset(self, json_dataset: Dict[str, Any]) -> "Dataset":
        """Return a dataset from a top-level JSON object."""
        return self.builder.dataset(json_dataset)

    def item(self, sequence_tag: str, json_item: SQValueType) -> "Dataset":
        """Return a sequence item (of the sequence `sequence_tag`) from its JSON object."""
        return self.builder.dataset({} if json_item is None else json_item, sequence_tag)

    def attribute_element(
        self, tag: str, attribute: Dict[str, Any], sequence_tag: Optional[str]
    ) -> "DataElement":
        """Return the element of one JSON attribute, the general way.

        `sequence_tag` is ``None`` for an attribute of the top-level dataset,
        else the tag of the sequence whose item holds it (then a missing
        ``"vr"`` names the sequence, as pydicom's message does).
        """
        from dcmcore.dataelem import DataElement

        if sequence_tag is None:
            vr = attribute["vr"]
            value_key = _value_key(attribute)
            value = attribute[value_key] if value_key is not None else [""]
            return self.element(DataElement, tag, vr, self.element_value(tag, vr, value, value_key))
        if "vr" not in attribute:
            raise KeyError(f"Data element '{sequence_tag}' must have key 'vr'")
        vr = attribute["vr"]
        value_key = _value_key(attribute)
        if value_key is None:
            return DataElement(tag=int(tag, 16), value=_empty_value(vr), VR=vr)
        value = self.element_value(tag, vr, attribute[value_key], value_key)
        return self.element(DataElement, tag, vr, value)

    def element(self, cls: Type["DataElement"], tag: str, vr: str, value: Any) -> "DataElement":
        """Return ``cls(tag, vr, value)``; any failure is a ValueError naming the tag."""
        try:
            element_tag = _tag_from_json(tag)
            if vr == "DS" and self.ds_from_floats and type(value) is list and len(value) > 1:
                elem = _ds_element(cls, element_tag, value)
                if elem is not None:
                    return elem
            return cls(tag=element_tag, value=value, VR=vr)
        except Exception as exc:
            raise ValueError(
                f"Data element '{tag}' could not be loaded from JSON: {value}"
            ) from exc

    def element_value(self, tag: str, vr: str, value: Any, value_key: Optional[str]) -> Any:
        """Return the Python value of an attribute from its JSON value.

        Parameters are those of :func:`element_from_json`; see
        :meth:`JsonDataElementConverter.get_element_values`.
        """
        if value_key is None:
            return _empty_value(vr)
        if value_key == "Value":
            if not isinstance(value, list):
                raise TypeError(f"'{value_key}' of data element '{tag}' must be a list")
            if not value:
                return _empty_value(vr)
            if vr == "SQ":
                return [self.item(tag, json_item) for json_item in value]
            number_type = _NUMBER_TYPE_FOR_VR.get(vr)
            if number_type is not None:
                values = _numbers(value, number_type, vr)
            elif vr == "PN" or vr == "AT" or None in value:
                values = [self.regular_value(tag, vr, item) for item in value]
            else:
                values = value[:]
            return values[0] if len(values) == 1 else values

        # PS3.18 Table F.3.1-1 has a single string for InlineBinary and
        # BulkDataURI while its example F.4 has a list of one: take both.
        if isinstance(value, list):
            value = value[0]
        if value_key == "InlineBinary":
            if not isinstance(value, str):
                raise TypeError(
                    f"Invalid attribute value for data element '{tag}' - the value for "
                    f"'InlineBinary' must be str, not {type(value).__name__}"
                )
            return base64.b64decode(value)
        if value_key == "BulkDataURI":
            if not isinstance(value, str):
                raise TypeError(
                    f"Invalid attribute value for data element '{tag}' - the value for "
                    f"'BulkDataURI' must be str, not {type(value).__name__}"
                )
            if self.bulk_data_handler is None:
                warnings.warn(
                    "No bulk data URI handler provided for retrieval of value of "
                    f'data element "{tag}"'
                )
                return _empty_value(vr)
            return self.bulk_data_handler(tag, vr, value)
        raise ValueError(f"Unknown attribute name '{value_key}' for tag {tag}")

    def regular_value(self, tag: str, vr: str, value: ValueType) -> Any:
        """Return one item of a ``"Value"`` list as Python value (before number conversion)."""
        if vr == "SQ":
            return self.item(tag, cast(SQValueType, value))
        if value is None:
            return _empty_value(vr)
        if vr == "PN":
            return _pn_from_json(tag, cast(Union[str, Dict[str, str]], value))
        if vr == "AT":
            # An empty or non-hex string is dropped with a warning.
            try:
                return int(cast(str, value), 16)
            except ValueError:
                warnings.warn(f"Invalid value '{value}' for AT element - ignoring it")
            return None
        return value


def _adds_as_dataset(dataset_class: Type["Dataset"]) -> bool:
    """Return True if `dataset_class` adds elements with the methods of Dataset."""
    from dcmcore.dataset import Dataset

    return all(
        getattr(dataset_class, name) is getattr(Dataset, name)
        for name in ("add", "__setitem__", "_add_element")
    )


def _tag_from_json(key: str) -> Union[str, "BaseTag"]:
    """Return the tag of a JSON key that is a hex number, else the key itself.

    As :func:`~dcmcore.tag.Tag` reads a str (hex first, as pydicom does),
    without its keyword look-up; other keys, and every error, are left to it.
    """
    try:
        value = int(key, 16)
    except (TypeError, ValueError):
        return key
    return Tag(value) if 0 <= value <= 0xFFFFFFFF else key


def _ds_element(cls: Type["DataElement"], tag: Any, numbers: List[Any]) -> Optional["DataElement"]:
    """Return the DS element of several floats without a constructor call per value.

    The same element as ``cls(tag=tag, value=numbers, VR="DS")`` (when DS
    values are DSfloat and not validated strictly): a MultiValue, converting
    through the element, of DSfloat without original string. ``None`` if a
    number is not a float (then the element is made the usual way).
    """
    from dcmcore.multival import MultiValue
    from dcmcore.valuerep import DSfloat

    try:
        values = float_instances(DSfloat, numbers, "auto_format", False)
    except TypeError:
        return None
    elem = cls(tag=tag, value=None, VR="DS", already_converted=True)
    elem._value = MultiValue._from_list(elem._convert, values)
    return elem


def _value_key(attribute: Dict[str, Any]) -> Optional[str]:
    """Return which of JSON_VALUE_KEYS `attribute` has, ``None`` if none."""
    for key in JSON_VALUE_KEYS:
        if key in attribute:
            return key
    return None


def _pn_from_json(tag: str, value: Union[str, Dict[str, str]]) -> Any:
    """Return the PN value string of a JSON person name object (PS3.18 F.2.2)."""
    if not isinstance(value, dict):
        # Some DICOMweb servers send the plain string: accept it, but say so.
        warnings.warn(
            f"Value of data element '{tag}' with VR Person Name (PN) is not formatted correctly"
        )
        return value
    if "Phonetic" in value:
        groups = [value.get("Alphabetic", ""), value.get("Ideographic", ""), value["Phonetic"]]
    elif "Ideographic" in value:
        groups = [value.get("Alphabetic", ""), value["Ideographic"]]
    else:
        groups = [value.get("Alphabetic", "")]
    return "=".join(groups)


class JsonDataElementConverter:
    """Turns one DICOM JSON attribute (PS3.18 Annex F) into element values.

    Parameters
    ----------
    dataset_class : type
        The :class:`~dcmcore.dataset.Dataset` class for sequence items.
    tag : str
        The tag as upper-case hex, e.g. ``"7FE00010"``.
    vr : str
        The VR.
    value : list or str
        The attribute's ``"Value"``, ``"InlineBinary"`` or ``"BulkDataURI"``
        (``[""]`` when it has none of them).
    value_key : str or None
        Which of those `value` is, ``None`` for none (VM 0).
    bulk_data_uri_handler : callable, optional
        Gives the value of a ``"BulkDataURI"`` attribute: called as
        ``handler(tag, vr, uri)``, or ``handler(uri)`` if it takes one
        parameter. Without it such elements are empty, with a warning.

    Attributes
    ----------
    bulk_data_element_handler : callable or None
        `bulk_data_uri_handler` as a ``(tag, vr, uri)`` callable.
    """

    def __init__(
        self,
        dataset_class: Type["Dataset"],
        tag: str,
        vr: str,
        value: JSONValueType,
        value_key: Optional[str],
        bulk_data_uri_handler: AnyBulkDataHandlerType = None,
    ) -> None:
        self.dataset_class = dataset_class
        self.tag = tag
        self.vr = vr
        self.value = value
        self.value_key = value_key
        self._reader = _JsonReader(dataset_class, bulk_data_uri_handler)
        self.bulk_data_element_handler: BulkDataHandlerType = self._reader.bulk_data_handler

    def get_element_values(self) -> Any:
        """Return the element's value: one value or a list of them.

        Returns
        -------
        None, str, int, float, bytes, dataset_class or list of them
            The empty value of the VR for an attribute without value;
            numbers for number VRs; the decoded bytes of an InlineBinary;
            what the handler returns for a BulkDataURI.

        Raises
        ------
        TypeError
            If a ``"Value"`` is not a list, or an ``"InlineBinary"`` or
            ``"BulkDataURI"`` is not a string.
        ValueError
            If `value_key` is none of :data:`JSON_VALUE_KEYS`.
        """
        return self._reader.element_value(self.tag, self.vr, self.value, self.value_key)

    def get_regular_element_value(self, value: ValueType) -> Any:
        """Return one item of the attribute's ``"Value"`` list as Python value.

        Parameters
        ----------
        value : None, str, int, float or dict
            The item.

        Returns
        -------
        None, str, int, float or Dataset
            A dataset for SQ, the name string for PN, the tag number for AT
            (``None``, with a warning, if it is not hex), the empty value of
            the VR for ``None``, else `value` itself.
        """
        return self._reader.regular_value(self.tag, self.vr, value)

    def get_sequence_item(self, value: SQValueType) -> "Dataset":
        """Return a sequence item made from its JSON object.

        Parameters
        ----------
        value : dict or None
            The item (``None`` gives an empty item).

        Returns
        -------
        dataset_class

        Raises
        ------
        KeyError
            If an attribute of the item has no ``"vr"``.
        """
        return self._reader.item(self.tag, value)

    def get_pn_element_value(self, value: Union[str, Dict[str, str]]) -> str:
        """Return the PN value string of a JSON person name object.

        Parameters
        ----------
        value : dict
            The ``"Alphabetic"``, ``"Ideographic"`` and ``"Phonetic"`` groups
            (PS3.18 F.2.2). A plain string is returned as it is, with a
            warning, as some servers send one.

        Returns
        -------
        str
            The groups joined by ``"="``, without trailing empty groups.
        """
        return _pn_from_json(self.tag, value)
