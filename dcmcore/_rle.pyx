"""The RLE Lossless codec (PS3.5 annex G): PackBits segments, byte planes
most significant first.

Bytes in, bytes out: the kernels know nothing of datasets. A frame decodes
into a caller's buffer in the layout pydicom 2.4 returns from RLE (every
sample's plane in turn, each pixel's bytes little endian), and encodes from a
frame in native layout (samples interleaved, little endian).
"""

from libc.stdint cimport uint8_t, uint32_t
from libc.stdlib cimport free, malloc
from libc.string cimport memcpy, memset

# PS3.5 G.5: the header holds the segment count and 15 offsets.
DEF HEADER_LENGTH = 64
DEF MAX_SEGMENTS = 15


cdef inline uint32_t _le32(const uint8_t* src) noexcept nogil:
    return src[0] | (<uint32_t>src[1] << 8) | (<uint32_t>src[2] << 16) | (<uint32_t>src[3] << 24)


def parse_header(const uint8_t[::1] src):
    """Return the segment offsets that an RLE frame's header gives.

    Parameters
    ----------
    src : buffer
        The RLE frame, or at least its first 64 bytes.

    Returns
    -------
    list of int
        One offset per segment, as written.

    Raises
    ------
    ValueError
        If `src` is shorter than a header or the header names more than 15
        segments.
    """
    if src.shape[0] < HEADER_LENGTH:
        raise ValueError(
            f"The RLE header can only be 64 bytes long (the frame has {src.shape[0]} bytes)"
        )
    cdef uint32_t nr_segments = _le32(&src[0])
    if nr_segments > MAX_SEGMENTS:
        raise ValueError(f"The RLE header specifies an invalid number of segments ({nr_segments})")
    return [_le32(&src[4 + 4 * i]) for i in range(nr_segments)]


cdef Py_ssize_t _decode_segment(
    const uint8_t* src, Py_ssize_t length, uint8_t* dst, Py_ssize_t dst_length, Py_ssize_t stride
) noexcept nogil:
    """PackBits-decode src[:length] into every `stride`-th byte of dst, writing
    at most `dst_length` values; return how many values the segment holds."""
    cdef Py_ssize_t pos = 0, out = 0, count, take, i
    cdef uint8_t header, value
    while pos < length:
        header = src[pos]
        pos += 1
        if header < 128:  # a literal run of header + 1 bytes
            count = header + 1
            if count > length - pos:
                count = length - pos  # a run cut short by the segment's end
            take = dst_length - out
            if take > count:
                take = count
            if take > 0:
                if stride == 1 and take > 16:
                    memcpy(dst + out, src + pos, take)
                elif stride == 1:  # short runs: a call costs more than the copy
                    for i in range(take):
                        dst[out + i] = src[pos + i]
                else:
                    for i in range(take):
                        dst[(out + i) * stride] = src[pos + i]
            pos += count
            out += count
        elif header > 128:  # a replicate run of 257 - header copies
            if pos >= length:
                break
            value = src[pos]
            pos += 1
            count = 257 - header
            take = dst_length - out
            if take > count:
                take = count
            if take > 0:
                if stride == 1 and take > 16:
                    memset(dst + out, value, take)
                elif stride == 1:
                    for i in range(take):
                        dst[out + i] = value
                else:
                    for i in range(take):
                        dst[(out + i) * stride] = value
            out += count
        # header 128 is a no-op (PS3.5 G.3.1)
    return out


cdef void _interleave(
    const uint8_t* planes, Py_ssize_t nr_pixels, Py_ssize_t bytes_per_sample, bint msb_first,
    uint8_t* dst
) noexcept nogil:
    """Write one sample's byte planes (most significant first if `msb_first`)
    as little-endian values into dst."""
    cdef Py_ssize_t i, byte, plane_index
    cdef const uint8_t* high
    cdef const uint8_t* low
    if bytes_per_sample == 2:
        high = planes if msb_first else planes + nr_pixels
        low = planes + nr_pixels if msb_first else planes
        for i in range(nr_pixels):
            dst[2 * i] = low[i]
            dst[2 * i + 1] = high[i]
        return
    for byte in range(bytes_per_sample):
        plane_index = bytes_per_sample - 1 - byte if msb_first else byte
        low = planes + plane_index * nr_pixels
        for i in range(nr_pixels):
            dst[i * bytes_per_sample + byte] = low[i]


def decode_frame(
    const uint8_t[::1] src,
    uint8_t[::1] dst,
    Py_ssize_t nr_pixels,
    Py_ssize_t nr_samples,
    Py_ssize_t bytes_per_sample,
    bint msb_first=True,
):
    """Decode one RLE frame into `dst`.

    Parameters
    ----------
    src : buffer
        The frame: the 64-byte header and its segments.
    dst : writeable buffer
        ``nr_pixels * nr_samples * bytes_per_sample`` bytes that receive the
        frame, sample plane after sample plane, each value little endian.
    nr_pixels : int
        Rows x Columns.
    nr_samples : int
        Samples per Pixel.
    bytes_per_sample : int
        Bits Allocated // 8.
    msb_first : bool, optional
        ``True`` (the standard) if the first segment of a sample holds its
        most significant bytes.

    Returns
    -------
    list of int
        How many bytes each segment decoded to (``nr_pixels`` when the data is
        conformant), in segment order.

    Raises
    ------
    ValueError
        If the header is malformed, its segment count is not
        ``nr_samples * bytes_per_sample``, an offset lies outside the frame or
        before the previous one, or `dst` has the wrong size.
    """
    cdef Py_ssize_t length = src.shape[0]
    cdef Py_ssize_t nr_segments = nr_samples * bytes_per_sample
    cdef Py_ssize_t plane = nr_pixels * bytes_per_sample
    cdef Py_ssize_t i, sample, byte, start, end
    cdef Py_ssize_t starts[MAX_SEGMENTS + 1]
    cdef Py_ssize_t decoded[MAX_SEGMENTS]
    cdef Py_ssize_t targets[MAX_SEGMENTS]
    if nr_pixels < 0 or nr_samples < 1 or bytes_per_sample < 1:
        raise ValueError("The frame's dimensions must be positive")
    if dst.shape[0] != plane * nr_samples:
        raise ValueError(
            f"The output buffer has {dst.shape[0]} bytes, the frame needs {plane * nr_samples}"
        )
    offsets = parse_header(src)
    if len(offsets) != nr_segments:
        raise ValueError(
            "The number of RLE segments in the pixel data doesn't match the expected amount "
            f"({len(offsets)} vs. {nr_segments} segments)"
        )
    for i in range(nr_segments):
        starts[i] = offsets[i]
        if starts[i] < HEADER_LENGTH or starts[i] > length:
            raise ValueError(
                f"The offset of RLE segment {i + 1} ({starts[i]}) lies outside the frame "
                f"({length} bytes)"
            )
        if i and starts[i] < starts[i - 1]:
            raise ValueError(
                f"The offset of RLE segment {i + 1} ({starts[i]}) is before that of segment {i} "
                f"({starts[i - 1]})"
            )
        sample = i // bytes_per_sample
        byte = i % bytes_per_sample
        if msb_first:
            byte = bytes_per_sample - 1 - byte
        targets[i] = sample * plane + byte
    starts[nr_segments] = length
    cdef uint8_t* planes = NULL
    if bytes_per_sample == 1 or not plane:
        with nogil:
            for i in range(nr_segments):
                decoded[i] = _decode_segment(
                    &src[0] + starts[i], starts[i + 1] - starts[i],
                    &dst[0] + targets[i] if plane else NULL, nr_pixels, 1,
                )
    else:
        # Scattering each segment into every n-th byte is slow; decode the
        # segments into contiguous planes and interleave them in one pass.
        planes = <uint8_t*>malloc(nr_segments * nr_pixels)
        if planes == NULL:
            raise MemoryError()
        with nogil:
            for i in range(nr_segments):
                decoded[i] = _decode_segment(
                    &src[0] + starts[i], starts[i + 1] - starts[i],
                    planes + i * nr_pixels, nr_pixels, 1,
                )
                if decoded[i] < nr_pixels:  # never hand back uninitialised bytes
                    memset(planes + i * nr_pixels + decoded[i], 0, nr_pixels - decoded[i])
            for sample in range(nr_samples):
                _interleave(
                    planes + sample * bytes_per_sample * nr_pixels, nr_pixels, bytes_per_sample,
                    msb_first, &dst[0] + sample * plane,
                )
        free(planes)
    return [decoded[i] for i in range(nr_segments)]


cdef Py_ssize_t _encode_row(
    const uint8_t* src, Py_ssize_t nr_values, Py_ssize_t stride, uint8_t* dst
) noexcept nogil:
    """PackBits-encode `nr_values` bytes taken every `stride` bytes of src into
    dst (room for nr_values + nr_values // 128 + 1 bytes); return the length.

    Runs of two or more equal bytes become replicate runs and the rest literal
    runs of up to 128 bytes, as pydicom 2.4 writes them.
    """
    cdef Py_ssize_t pos = 0, out = 0, run, literal_start = 0, literal, chunk, run_i
    cdef uint8_t value
    while pos < nr_values:
        value = src[pos * stride]
        run = 1
        while pos + run < nr_values and src[(pos + run) * stride] == value:
            run += 1
        if run == 1:
            pos += 1
            continue
        # a run ends the literal bytes before it
        literal = pos - literal_start
        while literal > 0:
            chunk = 128 if literal > 128 else literal
            dst[out] = <uint8_t>(chunk - 1)
            out += 1
            for run_i in range(chunk):
                dst[out + run_i] = src[(literal_start + run_i) * stride]
            out += chunk
            literal_start += chunk
            literal -= chunk
        pos += run
        while run >= 128:
            dst[out] = 129
            dst[out + 1] = value
            out += 2
            run -= 128
        if run > 1:
            dst[out] = <uint8_t>(257 - run)
            dst[out + 1] = value
            out += 2
        elif run == 1:
            dst[out] = 0
            dst[out + 1] = value
            out += 2
        literal_start = pos
    literal = pos - literal_start
    while literal > 0:
        chunk = 128 if literal > 128 else literal
        dst[out] = <uint8_t>(chunk - 1)
        out += 1
        for run_i in range(chunk):
            dst[out + run_i] = src[(literal_start + run_i) * stride]
        out += chunk
        literal_start += chunk
        literal -= chunk
    return out


def encode_frame(
    const uint8_t[::1] src,
    Py_ssize_t rows,
    Py_ssize_t columns,
    Py_ssize_t nr_samples,
    Py_ssize_t bytes_per_sample,
):
    """RLE-encode one frame.

    Parameters
    ----------
    src : buffer
        The frame in native layout: pixels in row order, each pixel's samples
        interleaved, each value little endian.
    rows, columns : int
        The frame's dimensions.
    nr_samples : int
        Samples per Pixel.
    bytes_per_sample : int
        Bits Allocated // 8.

    Returns
    -------
    bytes
        The 64-byte header and one even-length segment per byte plane, most
        significant plane of each sample first; no run crosses a row.

    Raises
    ------
    ValueError
        If `src` does not hold the frame or the frame needs more than 15
        segments.
    """
    cdef Py_ssize_t nr_segments = nr_samples * bytes_per_sample
    if rows < 1 or columns < 1 or nr_samples < 1 or bytes_per_sample < 1:
        raise ValueError("The frame's dimensions must be positive")
    if nr_segments > MAX_SEGMENTS:
        raise ValueError(
            "Unable to encode as the DICOM standard only allows a maximum of 15 segments in "
            "RLE encoded data"
        )
    if src.shape[0] != rows * columns * nr_segments:
        raise ValueError(
            f"The frame has {src.shape[0]} bytes, {rows} x {columns} x {nr_segments} expected"
        )
    # the worst case is two bytes out per byte in (a one-byte literal between
    # runs, or a run of two); one more byte a segment for its padding
    cdef Py_ssize_t row_room = 2 * columns
    out = bytearray(HEADER_LENGTH + nr_segments * (rows * row_room + 1))
    cdef uint8_t[::1] dst = out
    cdef Py_ssize_t pos = HEADER_LENGTH, segment, row, first, sample, byte, row_bytes
    row_bytes = columns * nr_segments
    with nogil:
        memset(&dst[0], 0, HEADER_LENGTH)
        dst[0] = <uint8_t>nr_segments
        for segment in range(nr_segments):
            dst[4 + 4 * segment] = <uint8_t>(pos & 0xFF)
            dst[5 + 4 * segment] = <uint8_t>((pos >> 8) & 0xFF)
            dst[6 + 4 * segment] = <uint8_t>((pos >> 16) & 0xFF)
            dst[7 + 4 * segment] = <uint8_t>((pos >> 24) & 0xFF)
            sample = segment // bytes_per_sample
            byte = bytes_per_sample - 1 - segment % bytes_per_sample
            first = sample * bytes_per_sample + byte
            for row in range(rows):
                pos += _encode_row(&src[0] + row * row_bytes + first, columns, nr_segments, &dst[0] + pos)
            if pos & 1:  # PS3.5 G.3.1: segments are of even length
                dst[pos] = 0
                pos += 1
    if pos > 0xFFFFFFFF:
        raise ValueError("The encoded frame is too large for the RLE header's 32-bit offsets")
    del dst
    del out[pos:]
    return bytes(out)
