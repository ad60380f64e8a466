"""C-level interface of the element state, for the other compiled modules.

``from dcmcore._element cimport ElementBase, new_element, ...``
"""

cdef class ElementBase:
    cdef public object tag
    cdef public object VR
    cdef public object _value
    cdef public object validation_mode
    cdef public object file_tell
    cdef public object is_undefined_length
    cdef public object private_creator
    cdef public object parent

    cdef int _set_field(self, int field, object val) except -1
    cdef _set_value(self, val)
    cdef ElementBase _copy_fields(self, dict memo)


# ``ElementBase.__new__(cls)``: an instance of `cls` with every field None.
cdef ElementBase new_element(type cls)

# The dictionary VR of `tag`, None if it has none.
cdef object dictionary_vr(object tag)

# The VR a new element of `tag` gets for `vr` (a known tag read as UN takes
# its dictionary VR, as pydicom's DataElement does).
cdef object replace_un_vr(object vr, object tag, object is_undefined_length, object value)

# The value of an empty element of `VR` (empty_value_for_VR).
cdef object empty_value(object VR)

# config.settings.reading_validation_mode, read without the property.
cdef object reading_mode()

# Hand over the model's DataElement class and a function returning its
# Sequence class (see dcmcore._convert.bind).
cdef int set_model(type data_element, object sequence_class) except -1

# Take `elem` off the cyclic garbage collector's lists if its value holds no
# other object (it goes back on when a field or attribute is set).
cdef void untrack_if_atomic(ElementBase elem) noexcept
