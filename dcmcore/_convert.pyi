"""Stub of ``dcmcore._convert``: raw elements to data elements, one element
or a whole dataset at a time. Cython types are given in the comments."""

from typing import Any, Dict, Iterator, List, MutableSequence, Optional, Union, final

from dcmcore.dataelem import DataElement, RawDataElement
from dcmcore.dataset import Dataset
from dcmcore.sequence import Sequence
from dcmcore.tag import BaseTag

def converters_changed() -> None:
    """Note that values.converters changed."""

def bind(**parts: Any) -> None:
    """Hand over the model classes and policies the conversion builds with."""

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
    """DataElement_from_raw with every value decoded by its Python converter."""

def _convert_raw_element(dataset: Dataset, tag: BaseTag, raw: RawDataElement) -> DataElement:
    """Convert the raw element stored under `tag` in `dataset`, store it
    there and return it (Dataset._convert_raw_element)."""

def _sorted_tags(elements: Dict[BaseTag, Any]) -> List[BaseTag]:
    """The tags of `elements` in ascending order."""

def new_read_item(
    elements: Dict[BaseTag, Any],
    is_implicit_VR: bool,
    is_little_endian: bool,
    encoding: Union[str, List[str]],
    is_undefined_length: bool,
    seq_item_tell: int,
) -> Dataset:
    """The dataset of a sequence item read from a file."""

def new_read_sequence(items: List[Dataset], is_undefined_length: bool) -> Sequence:
    """The Sequence of the datasets `items` read from a file."""

def new_read_sequence_element(
    tag: BaseTag, VR: str, items: List[Dataset], value_tell: int, is_undefined_length: bool
) -> DataElement:
    """The DataElement of a sequence read in full from a file."""

@final
class _ElementIterator(Iterator[DataElement]):
    """iter(dataset): the top-level elements in tag order, converted lazily."""

    # cdef object dataset; cdef dict elements; cdef list tags;
    # cdef Py_ssize_t position
    def __new__(cls, dataset: Dataset) -> "_ElementIterator": ...
    def __iter__(self) -> "_ElementIterator": ...
    def __next__(self) -> DataElement: ...
