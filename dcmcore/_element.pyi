"""Stub of ``dcmcore._element``: the C-level state of a data element.
Cython types are given in the comments."""

from typing import Any, Dict, Optional, Union

from typing_extensions import disjoint_base

from dcmcore.dataelem import DataElement
from dcmcore.tag import BaseTag, TagType
from dcmcore.valuerep import PersonName

def empty_value_for_VR(
    VR: Optional[str], raw: bool = False
) -> Union[bytes, list, str, None, PersonName]:
    """The value an empty element of `VR` decodes to."""

def new_element_with_fields(
    cls: type, tag: BaseTag, VR: str, value: Any, validation_mode: int
) -> DataElement:
    """A `cls` element holding the already converted `value`, no __init__ run."""

@disjoint_base
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
    def __setattr__(self, name: str, val: Any, /) -> None: ...
    def __delattr__(self, name: str, /) -> None: ...
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
    def __getitem__(self, key: Any, /) -> Any: ...
    def __eq__(self, other: Any, /) -> Any: ...
    def __ne__(self, other: Any, /) -> Any: ...
    __hash__: None  # type: ignore[assignment]
    def __getstate__(self) -> Dict[str, Any]: ...
    def __setstate__(self, state: Dict[str, Any]) -> None: ...
    def __reduce_ex__(self, protocol: Any) -> Any: ...
    def __copy__(self) -> "ElementBase": ...
    def __deepcopy__(self, memo: Dict[int, Any]) -> "ElementBase": ...
