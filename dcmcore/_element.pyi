"""Stub of ``dcmcore._element``: the C-level state of a data element and the
raw-to-element conversion. Cython types are given in the comments."""

from typing import Any, Dict, Iterator, List, MutableSequence, Optional, Union

from dcmcore.dataelem import DataElement, RawDataElement
from dcmcore.dataset import Dataset
from dcmcore.tag import BaseTag, TagType
from dcmcore.valuerep import PersonName

def empty_value_for_VR(
    VR: Optional[str], raw: bool = False
) -> Union[bytes, list, str, None, PersonName]:
    """The value an empty element of `VR` decodes to."""

def _private_vr_for_tag(dataset: Optional[Dataset], tag: BaseTag) -> str:
    """LO for a private creator, the private dictionary VR when `dataset`
    holds the creator, else UN."""

def DataElement_from_raw(
    raw_data_element: RawDataElement,
    encoding: Optional[Union[str, MutableSequence[str]]] = None,
    dataset: Optional[Dataset] = None,
) -> DataElement:
    """The DataElement of a raw element (common VRs decoded by the kernels)."""

def _convert_raw_general(
    raw_data_element: RawDataElement,
    encoding: Optional[Union[str, MutableSequence[str]]] = None,
    dataset: Optional[Dataset] = None,
) -> DataElement:
    """DataElement_from_raw with every value decoded by values.convert_value."""

def _convert_raw_element(dataset: Dataset, tag: BaseTag, raw: RawDataElement) -> DataElement:
    """Convert the raw element stored under `tag` in `dataset`, store it
    there and return it (Dataset._convert_raw_element)."""

def _sorted_tags(elements: Dict[BaseTag, Any]) -> List[BaseTag]:
    """The tags of `elements` in ascending order."""

def new_read_item(
    elements: Dict[BaseTag, Any],
    is_implicit_VR: bool,
    is_little_endian: bool,
    encoding: Union[str, MutableSequence[str]],
    is_undefined_length: bool,
    seq_item_tell: int,
) -> Dataset:
    """The Dataset of a sequence item read from a file."""

def new_read_sequence(items: List[Dataset], is_undefined_length: bool) -> Any:
    """The Sequence of items read from a file, each pointed at it."""

def new_read_sequence_element(
    tag: BaseTag, VR: str, items: List[Dataset], value_tell: int, is_undefined_length: bool
) -> DataElement:
    """The DataElement of a sequence read in full from a file."""

def new_element_with_fields(
    cls: type, tag: BaseTag, VR: str, value: Any, validation_mode: int
) -> DataElement:
    """A `cls` element holding the already converted `value`, no __init__ run."""

class _ElementIterator(Iterator[DataElement]):
    """iter(dataset): the top-level elements in tag order, converted lazily."""

    # cdef object dataset; cdef dict elements; cdef list tags;
    # cdef Py_ssize_t position
    def __init__(self, dataset: Dataset) -> None: ...
    def __iter__(self) -> "_ElementIterator": ...
    def __next__(self) -> DataElement: ...

class ElementBase:
    # cdef public object fields
    tag: BaseTag
    VR: str
    _value: Any
    validation_mode: int
    file_tell: Optional[int]
    is_undefined_length: bool
    private_creator: Optional[str]
    parent: Any
    # cdef dict __dict__; cdef object __weakref__
    __dict__: Dict[str, Any]

    # class attributes that DataElement defines, read by str()
    descripWidth: int
    maxBytesToDisplay: int
    showVR: bool

    def __init__(
        self,
        tag: TagType,
        VR: str,
        value: Any,
        file_value_tell: Optional[int] = None,
        is_undefined_length: bool = False,
        already_converted: bool = False,
        validation_mode: Optional[int] = None,
    ) -> None: ...
    # a member descriptor over the _value field; __setattr__ converts on set
    value: Any
    def __setattr__(self, name: str, val: Any) -> None: ...
    def __delattr__(self, name: str) -> None: ...
    def _convert_value(self, val: Any) -> Any: ...
    def _convert(self, val: Any) -> Any: ...
    def validate(self, value: Any) -> None: ...
    @property
    def VM(self) -> int: ...
    @property
    def is_empty(self) -> bool: ...
    @property
    def empty_value(self) -> Union[bytes, list, str, None, PersonName]: ...
    def clear(self) -> None: ...
    @property
    def is_private(self) -> bool: ...
    @property
    def name(self) -> str: ...
    @property
    def keyword(self) -> str: ...
    @property
    def is_retired(self) -> bool: ...
    @property
    def repval(self) -> str: ...
    def __getitem__(self, key: Any) -> Any: ...
    def __eq__(self, other: Any) -> Any: ...
    def __ne__(self, other: Any) -> Any: ...
    __hash__: None  # type: ignore[assignment]
    def __getstate__(self) -> Dict[str, Any]: ...
    def __setstate__(self, state: Dict[str, Any]) -> None: ...
    def __reduce_ex__(self, protocol: Any) -> Any: ...
    def __copy__(self) -> "ElementBase": ...
    def __deepcopy__(self, memo: Dict[int, Any]) -> "ElementBase": ...
