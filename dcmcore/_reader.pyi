"""Type stub of the Cython tokenizer ``dcmcore._reader`` (hand-written)."""

from typing import Any, Callable, FrozenSet, List, Optional, Tuple

from typing_extensions import disjoint_base

STOP_NEVER: int
STOP_AT_PIXEL_DATA: int
STOP_OUTSIDE_GROUP: int
STOP_CALLBACK: int
FOUND_ELEMENT: int
FOUND_SKIPPED: int
FOUND_END: int
FOUND_STOP: int
FOUND_NO_DELIMITER: int
#: The pixel data tags, where ``stop_before_pixels`` stops.
PIXEL_DATA_TAGS: FrozenSet[int]

class TruncatedDataError(EOFError, OSError): ...

@disjoint_base
class Tokenizer:
    # Py_buffer view of src; Py_ssize_t size, tell_base
    size: int
    tell_base: int
    def __init__(
        self,
        src: Any,  # bytes, bytearray, mmap, memoryview: held as a Py_buffer
        tell_base: int,  # Py_ssize_t
        raw_type: type,
        new_item: Callable[..., Any],
        new_sequence: Callable[..., Any],
        charset_encoding: Callable[[bytes], Any],
        dictionary_vr: Callable[[int], Optional[str]],
        *,
        filename: Any = ...,
        empty_text_is_none: bool = ...,
        infer_sq_for_un: bool = ...,
        replace_un: bool = ...,
        implicit_switch: bool = ...,
        raise_on_invalid: bool = ...,
        value_reader: Optional[Callable[[int, int], bytes]] = ...,
        large_value_size: int = ...,  # Py_ssize_t
        inferred_sq_vr: str = ...,
        keep_truncated: bool = ...,
        hold_sequence_size: int = ...,  # Py_ssize_t, negative: read every sequence at once
    ) -> None: ...
    def detect_implicit(
        self,
        pos: int,  # Py_ssize_t
        implicit_assumed: bool,
        little: bool,
        is_sequence: bool,
        stop_mode: int = ...,
        stop_arg: Any = ...,
    ) -> bool: ...
    def read_dataset(
        self,
        pos: int,  # Py_ssize_t
        bytelength: int,  # Py_ssize_t, negative: to the end or a delimiter
        is_implicit_VR: bool,
        is_little_endian: bool,
        encoding: Any,
        top_level: bool = ...,
        stop_mode: int = ...,
        stop_arg: Any = ...,
        defer_size: int = ...,  # Py_ssize_t, negative: never defer
        specific_tags: Optional[Any] = ...,
    ) -> Tuple[dict, int, bool, Any, bool]: ...
    def read_sequence(
        self,
        pos: int,
        bytelength: int,
        is_implicit_VR: bool,
        is_little_endian: bool,
        encoding: Any,
        offset: int = ...,
    ) -> Tuple[List[Any], int]: ...
    def read_sequence_value(
        self,
        value: Any,  # a buffer: the items, without the sequence delimiter
        tell_base: int,  # Py_ssize_t
        is_implicit_VR: bool,
        is_little_endian: bool,
        encoding: Any,
        offset: int = ...,  # Py_ssize_t
    ) -> List[Any]: ...
    def next_element(
        self,
        pos: int,
        is_implicit_VR: bool,
        is_little_endian: bool,
        encoding: Any,
        stop_mode: int = ...,
        stop_arg: Any = ...,
        defer_size: int = ...,
        specific_tags: Optional[Any] = ...,
    ) -> Tuple[int, Any, int]: ...
    def read_item(
        self,
        pos: int,
        is_implicit_VR: bool,
        is_little_endian: bool,
        encoding: Any,
        offset: int = ...,
    ) -> Tuple[Any, int]: ...
