"""Stub of the Cython kernels ``dcmcore._json`` of the text models (JSON, XML).

The kernels turn whole encoded DS and IS values into Python numbers when
every item is valid (PS3.5 Table 6.2-1) and say ``None`` otherwise, so that
the caller converts the value the exact way. Cython signatures are given in
the comments. Buffers may be bytes, bytearray, memoryview or mmap; they are
read, never kept.

:class:`JsonDatasetBuilder` and :class:`JsonDictWriter` run the loops of
``Dataset.from_json`` and ``Dataset.to_json_dict`` (PS3.18 F.2) for
``dcmcore.jsonrep``, which gives them the classes and the general-path
callbacks; they take only values whose result is certain and hand everything
else to those callbacks.
"""

from typing import Any, Callable, Dict, List, Optional, Tuple, Union, final

_Buffer = Union[bytes, bytearray, memoryview]

# def parse_ds(const uint8_t[::1] src)
def parse_ds(src: _Buffer) -> Optional[List[float]]:
    """Return the numbers of an encoded DS value.

    Trailing spaces and NULs of the whole value are padding. Each item must
    match ``' '* [+-]? (digits ('.' digits?)? | '.' digits) ([eE] [+-]? digits)? ' '*``
    and be at most 16 bytes long, its spaces included.

    Returns
    -------
    list of float or None
        The numbers, as ``float()`` of each item gives them (correctly
        rounded, independent of the locale); ``None`` if the value is empty
        or an item is not valid.
    """

# def parse_is(const uint8_t[::1] src)
def parse_is(src: _Buffer) -> Optional[List[int]]:
    """Return the integers of an encoded IS value.

    As :func:`parse_ds` with items ``' '* [+-]? digits ' '*`` of at most 12
    bytes; ``None`` also when a number is outside the signed 32-bit range.
    """

# def float_instances(type float_type, list numbers, str attribute, object attribute_value)
def float_instances(
    float_type: type, numbers: List[float], attribute: str, attribute_value: object
) -> List[float]:
    """Return instances of the float subclass `float_type` of the floats `numbers`.

    Each is made as ``float.__new__(float_type, number)`` makes it, then
    `attribute` is set to `attribute_value`; ``float_type.__init__`` is not
    called.

    Raises
    ------
    TypeError
        If `float_type` is not a float subclass, or a number is not a float.
    """


@final
class JsonDatasetBuilder:
    """Builds the datasets of one ``Dataset.from_json`` call.

    Attributes with a ``"Value"`` of the VRs AE AS CS DA DT TM UI LO SH ST
    LT UC UT PN DS IS US SS UL SL SV UV FL FD AT SQ whose values are valid
    (no warning or error in any validation mode) become elements here, made
    as ``element_class(tag, VR, value)`` makes them; every other attribute
    goes to `general_element`.
    """

    # def __init__(self, dataset_class, type element_class, sequence_class, general_element,
    #              validation_mode, dict max_lengths, uid_class, person_name_class, ds_class,
    #              is_class, multi_value_class, intern_tag, bint dates_as_text,
    #              bint ds_as_float, add_element, bint generic_fields)
    def __init__(
        self,
        dataset_class: type,
        element_class: type,
        sequence_class: type,
        general_element: Callable[[str, Any, Optional[str]], Any],
        validation_mode: int,
        max_lengths: Dict[str, int],
        uid_class: type,
        person_name_class: type,
        ds_class: type,
        is_class: type,
        multi_value_class: type,
        intern_tag: Callable[[int], Any],
        dates_as_text: bool,
        ds_as_float: bool,
        add_element: Optional[Callable[[Any, Any, Any], None]],
        generic_fields: bool,
    ) -> None: ...
    def dataset(self, json_dataset: Any, sequence_key: Optional[str] = None) -> Any:
        """Return the dataset of a JSON object (an item of sequence `sequence_key`)."""

@final
class JsonDictWriter:
    """Builds the JSON dicts of one ``Dataset.to_json_dict`` call.

    Raw DS, IS and binary numbers whose conversion cannot warn or fail are
    read from their bytes; other raw elements are converted in their dataset;
    text, number and SQ elements with plain values are written here, every
    other element by `general_json`.
    """

    # def __init__(self, raw_class, element_class, sequence_class, multi_value_class,
    #              tuple int_value_classes, tuple float_value_classes, dataset_class,
    #              convert_raw, raw_vr, general_json, json_key, dict json_keys,
    #              log_error, bint raw_numbers)
    def __init__(
        self,
        raw_class: type,
        element_class: type,
        sequence_class: type,
        multi_value_class: type,
        int_value_classes: Tuple[type, ...],
        float_value_classes: Tuple[type, ...],
        dataset_class: type,
        convert_raw: Callable[[Any, Any, Any], Any],
        raw_vr: Callable[[Any], Optional[str]],
        general_json: Callable[[Any], Dict[str, Any]],
        json_key: Callable[[int], str],
        json_keys: Dict[int, str],
        log_error: Callable[[str], None],
        raw_numbers: bool,
    ) -> None: ...
    # def dataset(self, dataset, bint suppress_invalid_tags)
    def dataset(self, dataset: Any, suppress_invalid_tags: bool) -> Dict[str, Any]:
        """Return the JSON dict of `dataset`; a failing element is logged, then
        left out if `suppress_invalid_tags`, else its error is raised."""
