"""Stub of ``dcmcore._decode``: the compiled value decoders."""

from typing import Any, List, Union

def decode(
    VR: str,
    byte_string: bytes,
    is_little_endian: bool,
    encodings: Union[None, str, List[str]],
    validation_mode: int,
) -> Any:
    """The decoded value of `byte_string`, or NotImplemented for what the
    VR's Python converter decodes."""
