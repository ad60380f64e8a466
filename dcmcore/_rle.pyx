"""The RLE Lossless codec (PS3.5 annex G): PackBits segments, byte planes
most significant first.

Bytes in, bytes out: the kernels know nothing of datasets. A frame decodes
into a caller's buffer in the layout pydicom 2.4 returns from RLE (every
sample's plane in turn, each pixel's bytes little endian), and encodes from a
frame in native layout (samples interleaved, little endian).
"""

from cpython.mem cimport PyMem_Free, PyMem_Malloc
from libc.stdint cimport uint8_t, uint32_t

cdef extern from "Python.h":
    const Py_ssize_t PY_SSIZE_T_MAX
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


# Byte planes of more than one byte a sample are decoded this many pixels at
# a time into small buffers that stay in the L1 cache, then interleaved.
DEF CHUNK_PIXELS = 2048


cdef struct _Segment:
    # A PackBits segment being decoded: its bytes, the position of the next
    # header, and what is left of a run that a chunk's end cut.
    const uint8_t* src
    Py_ssize_t length
    Py_ssize_t pos
    Py_ssize_t literal_left   # bytes of a literal run still to copy (at pos)
    Py_ssize_t repeat_left    # copies of `value` still to write
    uint8_t value


cdef inline void _start_segment(_Segment* seg, const uint8_t* src, Py_ssize_t length) noexcept nogil:
    seg.src = src
    seg.length = length
    seg.pos = 0
    seg.literal_left = 0
    seg.repeat_left = 0
    seg.value = 0


cdef Py_ssize_t _fill(_Segment* seg, uint8_t* dst, Py_ssize_t wanted) noexcept nogil:
    """Decode the next `wanted` values of the segment into dst (contiguous),
    or fewer where the segment ends; return how many were written. A run
    that goes past `wanted` is left in `seg` for the next call."""
    cdef Py_ssize_t out = 0, pos = seg.pos, length = seg.length, count, take
    cdef const uint8_t* src = seg.src
    cdef uint8_t header, value
    # what a previous call left of a run
    if seg.literal_left:
        take = seg.literal_left if seg.literal_left < wanted else wanted
        memcpy(dst, src + pos, take)
        pos += take
        out = take
        seg.literal_left -= take
    elif seg.repeat_left:
        take = seg.repeat_left if seg.repeat_left < wanted else wanted
        memset(dst, seg.value, take)
        out = take
        seg.repeat_left -= take
    # While both buffers have room for the longest run (129 bytes and a
    # header), no run needs its length checked against either end; runs up
    # to 16 bytes are moved 16 at a time (one store instead of a call), the
    # bytes past the run being written again by the runs after it.
    while wanted - out > 129 and length - pos > 129:
        header = src[pos]
        pos += 1
        if header < 128:
            count = header + 1
            if count <= 16:
                memcpy(dst + out, src + pos, 16)
            else:
                memcpy(dst + out, src + pos, count)
            pos += count
            out += count
        elif header > 128:
            count = 257 - header
            if count <= 16:
                memset(dst + out, src[pos], 16)
            else:
                memset(dst + out, src[pos], count)
            pos += 1
            out += count
    # near either end: every run checked
    while out < wanted and pos < length:
        header = src[pos]
        pos += 1
        if header < 128:  # a literal run of header + 1 bytes, cut short by the segment's end
            count = header + 1
            if count > length - pos:
                count = length - pos
            take = count if count < wanted - out else wanted - out
            # runs up to 16 bytes are copied 16 at a time where both buffers
            # have the room: one move instead of a call
            if take <= 16 and length - pos >= 16 and wanted - out >= 16:
                memcpy(dst + out, src + pos, 16)
            else:
                memcpy(dst + out, src + pos, take)
            pos += take
            out += take
            seg.literal_left = count - take  # past `wanted`: left for the next call
        elif header > 128:  # a replicate run of 257 - header copies
            if pos >= length:
                break
            value = src[pos]
            pos += 1
            count = 257 - header
            take = count if count < wanted - out else wanted - out
            if take <= 16 and wanted - out >= 16:
                memset(dst + out, value, 16)
            else:
                memset(dst + out, value, take)
            out += take
            seg.value = value
            seg.repeat_left = count - take
        # header 128 is a no-op (PS3.5 G.3.1)
    seg.pos = pos
    return out


cdef Py_ssize_t _count_rest(_Segment* seg) noexcept nogil:
    """Return how many more values the segment holds, without writing them."""
    cdef Py_ssize_t count = seg.literal_left + seg.repeat_left, run
    cdef uint8_t header
    seg.pos += seg.literal_left
    seg.literal_left = seg.repeat_left = 0
    while seg.pos < seg.length:
        header = seg.src[seg.pos]
        seg.pos += 1
        if header < 128:
            run = header + 1
            if run > seg.length - seg.pos:
                run = seg.length - seg.pos
            seg.pos += run
            count += run
        elif header > 128:
            if seg.pos >= seg.length:
                break
            seg.pos += 1
            count += 257 - header
    return count


cdef void _interleave(
    uint8_t** planes, Py_ssize_t nr_pixels, Py_ssize_t bytes_per_sample, bint msb_first, uint8_t* dst
) noexcept nogil:
    """Write nr_pixels values of one sample, its byte planes given in segment
    order (most significant first if `msb_first`), little endian into dst."""
    cdef Py_ssize_t i, byte
    cdef const uint8_t* high
    cdef const uint8_t* low
    if bytes_per_sample == 2:
        high = planes[0] if msb_first else planes[1]
        low = planes[1] if msb_first else planes[0]
        for i in range(nr_pixels):
            dst[2 * i] = low[i]
            dst[2 * i + 1] = high[i]
        return
    for byte in range(bytes_per_sample):
        low = planes[bytes_per_sample - 1 - byte if msb_first else byte]
        for i in range(nr_pixels):
            dst[i * bytes_per_sample + byte] = low[i]


cdef void _decode_segments(
    _Segment* segments, Py_ssize_t nr_samples, Py_ssize_t bytes_per_sample, bint msb_first,
    Py_ssize_t nr_pixels, uint8_t* dst, Py_ssize_t* decoded
) noexcept nogil:
    """Decode every segment of a frame into dst (sample planes in turn, each
    value little endian; NULL for a frame of no pixels) and put each
    segment's total length in `decoded`. Values a short segment lacks are
    zeros."""
    cdef Py_ssize_t plane = nr_pixels * bytes_per_sample
    cdef Py_ssize_t sample, i, done, count, got
    cdef uint8_t buffers[MAX_SEGMENTS][CHUNK_PIXELS]
    cdef uint8_t* planes[MAX_SEGMENTS]
    cdef Py_ssize_t nr_segments = nr_samples * bytes_per_sample
    if not nr_pixels:
        for i in range(nr_segments):
            decoded[i] = _count_rest(&segments[i])
        return
    if bytes_per_sample == 1:
        for i in range(nr_segments):
            got = _fill(&segments[i], dst + i * plane, nr_pixels)
            if got < nr_pixels:
                memset(dst + i * plane + got, 0, nr_pixels - got)
            decoded[i] = got + _count_rest(&segments[i])
        return
    for i in range(nr_segments):
        planes[i] = buffers[i]
        decoded[i] = 0
    done = 0
    while done < nr_pixels:
        count = nr_pixels - done if nr_pixels - done < CHUNK_PIXELS else CHUNK_PIXELS
        for i in range(nr_segments):
            got = _fill(&segments[i], buffers[i], count)
            if got < count:
                memset(buffers[i] + got, 0, count - got)
            decoded[i] += got
        for sample in range(nr_samples):
            _interleave(
                planes + sample * bytes_per_sample, count, bytes_per_sample, msb_first,
                dst + sample * plane + done * bytes_per_sample,
            )
        done += count
    for i in range(nr_segments):
        decoded[i] += _count_rest(&segments[i])


cdef int _start_frame(const uint8_t[::1] src, object wanted, _Segment* segments) except -1:
    """Check the header of the RLE frame `src` against the number of
    segments wanted and set up its segments for decoding."""
    cdef Py_ssize_t length = src.shape[0]
    cdef Py_ssize_t i, nr_segments
    cdef Py_ssize_t starts[MAX_SEGMENTS + 1]
    offsets = parse_header(src)
    nr_segments = len(offsets)
    if nr_segments != wanted:
        raise ValueError(
            "The number of RLE segments in the pixel data doesn't match the expected amount "
            f"({nr_segments} vs. {wanted} segments)"
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
    starts[nr_segments] = length
    for i in range(nr_segments):
        _start_segment(&segments[i], &src[0] + starts[i], starts[i + 1] - starts[i])
    return 0


cdef Py_ssize_t _frame_length(object nr_pixels, object nr_samples, object bytes_per_sample) except -1:
    """The decoded size of a frame, after checking its dimensions."""
    if nr_pixels < 0 or nr_samples < 1 or bytes_per_sample < 1:
        raise ValueError("The frame's dimensions must be positive")
    length = nr_pixels * nr_samples * bytes_per_sample
    if length > PY_SSIZE_T_MAX:
        raise ValueError(f"A frame of {nr_pixels} pixels of {nr_samples} x {bytes_per_sample} bytes is too large")
    return length


def decode_frame(
    const uint8_t[::1] src,
    uint8_t[::1] dst,
    object nr_pixels,
    object nr_samples,
    object bytes_per_sample,
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
    cdef Py_ssize_t frame_length = _frame_length(nr_pixels, nr_samples, bytes_per_sample)
    cdef _Segment segments[MAX_SEGMENTS]
    cdef Py_ssize_t decoded[MAX_SEGMENTS]
    if dst.shape[0] != frame_length:
        raise ValueError(f"The output buffer has {dst.shape[0]} bytes, the frame needs {frame_length}")
    _start_frame(src, nr_samples * bytes_per_sample, segments)
    # the segment count matched the header's (at most 15): the sizes fit
    cdef Py_ssize_t samples = nr_samples, sample_bytes = bytes_per_sample, pixels = nr_pixels
    cdef uint8_t* out = &dst[0] if frame_length else NULL
    with nogil:
        _decode_segments(segments, samples, sample_bytes, msb_first, pixels, out, decoded)
    return [decoded[i] for i in range(samples * sample_bytes)]


def decode_frames(
    frames,
    uint8_t[::1] dst,
    object nr_pixels,
    object nr_samples,
    object bytes_per_sample,
    bint msb_first=True,
    Py_ssize_t first_frame=0,
):
    """Decode RLE frames one after another into `dst`, all in one release of
    the GIL.

    Parameters
    ----------
    frames : sequence of buffers
        Each frame's header and segments.
    dst : writeable buffer
        ``len(frames)`` decoded frames (see :func:`decode_frame`), in turn.
    nr_pixels, nr_samples, bytes_per_sample, msb_first
        As for :func:`decode_frame`.
    first_frame : int, optional
        The index of ``frames[0]`` in the pixel data, for error messages.

    Returns
    -------
    list of list of int
        Each frame's decoded segment lengths, as :func:`decode_frame`.

    Raises
    ------
    ValueError
        As :func:`decode_frame`, the message ending with the frame's number
        (counted from 1); nothing is decoded then.
    """
    cdef Py_ssize_t frame_length = _frame_length(nr_pixels, nr_samples, bytes_per_sample)
    cdef Py_ssize_t nr_frames = len(frames), index, i
    if dst.shape[0] != frame_length * nr_frames:
        raise ValueError(
            f"The output buffer has {dst.shape[0]} bytes, {nr_frames} frames need {frame_length * nr_frames}"
        )
    cdef _Segment* segments = <_Segment*>PyMem_Malloc(max(nr_frames, 1) * MAX_SEGMENTS * sizeof(_Segment))
    cdef Py_ssize_t* decoded = <Py_ssize_t*>PyMem_Malloc(max(nr_frames, 1) * MAX_SEGMENTS * sizeof(Py_ssize_t))
    views = []  # keep every frame's buffer held while the GIL is released
    cdef const uint8_t[::1] view
    cdef Py_ssize_t samples, sample_bytes, pixels
    cdef uint8_t* out = &dst[0] if frame_length * nr_frames else NULL
    try:
        if segments == NULL or decoded == NULL:
            raise MemoryError()
        for index in range(nr_frames):
            view = frames[index]
            views.append(view)
            try:
                _start_frame(view, nr_samples * bytes_per_sample, segments + index * MAX_SEGMENTS)
            except ValueError as exc:
                raise ValueError(f"{exc} (frame {first_frame + index + 1})") from None
        if not nr_frames:
            return []
        samples, sample_bytes, pixels = nr_samples, bytes_per_sample, nr_pixels
        with nogil:
            for index in range(nr_frames):
                _decode_segments(
                    segments + index * MAX_SEGMENTS, samples, sample_bytes, msb_first, pixels,
                    out + index * frame_length if out != NULL else NULL, decoded + index * MAX_SEGMENTS,
                )
        return [[decoded[index * MAX_SEGMENTS + i] for i in range(samples * sample_bytes)] for index in range(nr_frames)]
    finally:
        PyMem_Free(segments)
        PyMem_Free(decoded)


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
