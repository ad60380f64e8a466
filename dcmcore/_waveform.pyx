"""Waveform samples: a multiplex group's channel values (PS3.3 C.10.9.1) to
physical values.

A multiplex group stores one sample of every channel per sample time, so its
values are already a (samples, channels) array; the kernel applies each
channel's Channel Sensitivity, Channel Sensitivity Correction Factor and
Channel Baseline (C.10.9.1.4.3) to that array in float64, in place and
without the GIL, in pydicom's order of operations: value * sensitivity *
correction + baseline, each step rounded.
"""

from libc.stdlib cimport free, malloc


def scale_channels(double[:, ::1] values not None, sensitivity, correction, baseline):
    """Set ``values = values * sensitivity * correction + baseline``, per channel, in place.

    Parameters
    ----------
    values : numpy.ndarray
        The group's samples as ``float64``, shaped (samples, channels),
        C-contiguous and writeable.
    sensitivity, correction, baseline : sequence of float
        One number per channel.

    Raises
    ------
    ValueError
        If a sequence does not have one number per channel.
    TypeError
        If a factor is not a number.
    """
    cdef Py_ssize_t channels = values.shape[1], channel
    for name, numbers in (("sensitivity", sensitivity), ("correction", correction), ("baseline", baseline)):
        if len(numbers) != channels:
            raise ValueError(f"{len(numbers)} {name} values given for {channels} channels")
    if values.shape[0] == 0 or channels == 0:
        return
    # the factors in one block apart from the samples, so that the compiler
    # knows they cannot alias them and vectorizes the loop
    cdef double* factors = <double*>malloc(3 * channels * sizeof(double))
    if factors == NULL:
        raise MemoryError()
    try:
        for channel in range(channels):
            factors[channel] = sensitivity[channel]
            factors[channels + channel] = correction[channel]
            factors[2 * channels + channel] = baseline[channel]
        with nogil:
            _scale_rows(&values[0, 0], values.shape[0], channels, factors)
    finally:
        free(factors)


cdef void _scale_rows(double* row, Py_ssize_t samples, Py_ssize_t channels, const double* factors) noexcept nogil:
    cdef const double* sensitivity = factors
    cdef const double* correction = factors + channels
    cdef const double* baseline = factors + 2 * channels
    cdef Py_ssize_t sample, channel
    for sample in range(samples):
        for channel in range(channels):
            row[channel] = row[channel] * sensitivity[channel] * correction[channel] + baseline[channel]
        row += channels
