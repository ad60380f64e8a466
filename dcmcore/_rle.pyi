# Type stub for the compiled RLE Lossless codec (dcmcore/_rle.pyx).
from collections.abc import Buffer, Sequence

def parse_header(src: Buffer) -> list[int]: ...  # const uint8_t[::1]
def decode_frame(
    src: Buffer,  # const uint8_t[::1]
    dst: Buffer,  # uint8_t[::1], writeable
    nr_pixels: int,
    nr_samples: int,
    bytes_per_sample: int,
    msb_first: bool = True,
) -> list[int]: ...
def decode_frames(
    frames: Sequence[Buffer],  # each const uint8_t[::1]
    dst: Buffer,  # uint8_t[::1], writeable
    nr_pixels: int,
    nr_samples: int,
    bytes_per_sample: int,
    msb_first: bool = True,
    first_frame: int = 0,  # Py_ssize_t
) -> list[list[int]]: ...
def encode_frame(
    src: Buffer, rows: int, columns: int, nr_samples: int, bytes_per_sample: int
) -> bytes: ...
