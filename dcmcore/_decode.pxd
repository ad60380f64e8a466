"""C-level interface of the value decoders, for the other compiled modules.

``from dcmcore._decode cimport decode_value, current_flags, ...``
"""

# The configuration a decoding depends on, as flags (current_flags()).
cdef enum:
    DATETIME_CONVERSION = 1     # config.datetime_conversion
    DS_IN_C = 2                 # DS values are DSfloat, not NumPy
    IS_IN_C = 4                 # IS values are IS, not NumPy

cdef int current_flags() except -1

# The decoded value of `value` (not empty), or NotImplemented for what the
# Python converter decodes; see _decode.pyx.
cdef object decode_value(str vr_key, int code, bytes value, bint little_endian,
                         object encoding, int flags, object mode)
