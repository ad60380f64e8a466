"""Raw elements to data elements, one element or a whole dataset at a time.

:func:`DataElement_from_raw` turns a :class:`~dcmcore.dataelem.RawDataElement`
into a ``DataElement`` without running Python ``__init__``: it resolves the VR
as pydicom 2.4 does, decodes the value and sets the C fields directly. The
value goes to the compiled decoder (:mod:`dcmcore._decode`) first, when the
VR's converter in :data:`dcmcore.values.converters` is the default one, and
to :func:`dcmcore.values.convert_value` for what the decoder declines: the
one path of every value, the same as ``convert_value``'s own.

The dataset level (``Dataset.__getitem__``, iteration, the sequence elements
the reader builds) converts raw elements here, one C call per element, with
the semantics of ``Dataset._convert_raw_element``.

Imports only modules below the data model: the model classes and policies it
builds with are handed to it by :func:`bind`, by the modules that define them.
"""

cimport cython
from cpython.dict cimport PyDict_Next, PyDict_Size
from cpython.list cimport PyList_GET_ITEM
from cpython.long cimport PyLong_AsLong
from cpython.object cimport PyObject, PyTypeObject
from cpython.tuple cimport PyTuple_GET_ITEM, PyTuple_GET_SIZE
from cpython.unicode cimport PyUnicode_FromObject, PyUnicode_GET_LENGTH
from libc.stdint cimport uint32_t

from dcmcore._codec cimport NR_VR_CODES, vr_code
from dcmcore._decode cimport current_flags, decode_value
from dcmcore._element cimport (
    dictionary_vr,
    ElementBase,
    empty_value,
    new_element,
    reading_mode,
    replace_un_vr,
    set_model,
    untrack_if_atomic,
)

import warnings
from operator import index as _operator_index

from dcmcore import config
from dcmcore import valuerep as _valuerep
from dcmcore.charset import default_encoding as _default_encoding
from dcmcore.datadict import private_dictionary_VR
from dcmcore.errors import BytesLengthException
from dcmcore.tag import _cache as _interned_tags, _intern, BaseTag, Tag
from dcmcore.valuerep import VR as VR_

cdef type _BaseTag = BaseTag
cdef int _SQ_CODE = vr_code("SQ")
cdef int _UN_CODE = vr_code("UN")
cdef object _SPECIFIC_CHARACTER_SET_TAG = _intern(0x00080005)
# exact str members: the VR enum hashes in Python
cdef frozenset _AMBIGUOUS_VR = frozenset(str(vr.value) for vr in _valuerep.AMBIGUOUS_VR)


# -- the model, handed over by bind() -----------------------------------------

cdef type _DataElement = None
cdef type _RawDataElement = None
cdef object _Sequence = None            # ABCMeta: no exact type
cdef object _validate_item = None       # sequence.validate_dataset, the items' constructor
cdef object _Dataset = None
cdef dict _item_state = None            # dataset._ITEM_STATE: a read item's __dict__
cdef object _convert_value = None       # values.convert_value
cdef object _converters = None          # values.converters (a dict subclass), as the user changes it
cdef dict _default_converters = None    # ... as the package made it
cdef object _sequence_tokenizer = None  # filereader: a Tokenizer over b"" as configured
cdef object _read_deferred = None       # filereader.read_deferred_data_element
cdef object _correct_ambiguous_vr = None  # dataset._correct_ambiguous_vr_element
# _default_converters by vr_code, and its values in dict order (borrowed:
# the dict keeps them)
cdef PyObject* _DEFAULT_CONVERTER_BY_CODE[NR_VR_CODES]
cdef enum:
    _MAX_CONVERTERS = 128
cdef PyObject* _DEFAULT_CONVERTER_ORDER[_MAX_CONVERTERS]
cdef Py_ssize_t _NR_DEFAULT_CONVERTERS = -1
# _converters_unchanged(), kept up to date by converters_changed()
cdef bint _CONVERTERS_UNCHANGED = False


def bind(**parts):
    """Hand the compiled conversion layer the model classes and policies it
    builds with; each module of the model binds its own parts at import.

    Parameters
    ----------
    **parts
        Any of ``data_element``, ``raw_data_element`` and
        ``sequence_class`` (a function returning the Sequence class, for
        elements made before dcmcore.sequence is imported; all three from
        dcmcore.dataelem), ``sequence`` and ``validate_item``
        (dcmcore.sequence), ``convert_value`` and ``converters``
        (dcmcore.values), ``sequence_tokenizer`` (a function returning a
        Tokenizer as configured now) and ``read_deferred``
        (dcmcore.filereader), ``dataset``, ``item_state`` (the ``__dict__``
        of an item read, copied for each) and ``correct_ambiguous_vr``
        (dcmcore.dataset).
    """
    global _DataElement, _RawDataElement, _Sequence, _validate_item, _convert_value
    global _converters, _default_converters, _sequence_tokenizer, _read_deferred
    global _correct_ambiguous_vr, _NR_DEFAULT_CONVERTERS, _Dataset, _item_state
    cdef int code
    unknown = set(parts) - {
        "data_element", "raw_data_element", "sequence_class", "sequence", "validate_item",
        "convert_value", "converters", "sequence_tokenizer", "read_deferred",
        "correct_ambiguous_vr", "dataset", "item_state",
    }
    if unknown:
        raise TypeError(f"bind() got unexpected parts {sorted(unknown)}")
    if "data_element" in parts:
        _DataElement = parts["data_element"]
        set_model(_DataElement, parts["sequence_class"])
    if "raw_data_element" in parts:
        _RawDataElement = parts["raw_data_element"]
    if "sequence" in parts:
        _Sequence = parts["sequence"]
        _validate_item = parts["validate_item"]
    if "dataset" in parts:
        _Dataset = parts["dataset"]
        _item_state = parts["item_state"]
    if "convert_value" in parts:
        _convert_value = parts["convert_value"]
    if "converters" in parts:
        _converters = parts["converters"]
        _default_converters = dict(_converters)
        for code in range(NR_VR_CODES):
            _DEFAULT_CONVERTER_BY_CODE[code] = NULL
        _NR_DEFAULT_CONVERTERS = len(_default_converters)
        if _NR_DEFAULT_CONVERTERS > _MAX_CONVERTERS:
            raise ValueError(f"more than {_MAX_CONVERTERS} converters")
        for position, (vr, converter) in enumerate(_default_converters.items()):
            _DEFAULT_CONVERTER_ORDER[position] = <PyObject*>converter
            code = vr_code(vr)
            if code >= 0:
                _DEFAULT_CONVERTER_BY_CODE[code] = <PyObject*>converter
        converters_changed()
    if "sequence_tokenizer" in parts:
        _sequence_tokenizer = parts["sequence_tokenizer"]
    if "read_deferred" in parts:
        _read_deferred = parts["read_deferred"]
    if "correct_ambiguous_vr" in parts:
        _correct_ambiguous_vr = parts["correct_ambiguous_vr"]


def converters_changed():
    """Note that values.converters changed (its dict type calls this on
    every change): the compiled decoder stands in for the converters only
    while they are all the package's own."""
    global _CONVERTERS_UNCHANGED
    _CONVERTERS_UNCHANGED = _converters_unchanged()


cdef bint _converters_unchanged() noexcept:
    """``True`` if values.converters holds the package's converters, in its
    order: then every VR has its default converter (a look-up per element
    would cost more, as the keys are VR members)."""
    cdef Py_ssize_t position = 0
    cdef Py_ssize_t index = 0
    cdef PyObject* key
    cdef PyObject* converter
    if _converters is None or PyDict_Size(_converters) != _NR_DEFAULT_CONVERTERS:
        return False
    while PyDict_Next(_converters, &position, &key, &converter):
        if converter != _DEFAULT_CONVERTER_ORDER[index]:
            return False
        index += 1
    return True


cdef bint _has_default_converter(str vr_key, int code) except -1:
    """``True`` if values.converters holds the package's own converter for
    the VR: only then may the compiled decoder stand in for it."""
    cdef object converter = _converters.get(vr_key)
    if converter is None:
        return False
    if code >= 0:
        return <PyObject*>converter == _DEFAULT_CONVERTER_BY_CODE[code]
    return converter is _default_converters.get(vr_key)


@cython.final
cdef class _ReadSettings:
    """The configuration that decoding read elements depends on, looked up
    once for a batch of conversions (a dataset iterated, one element looked
    up) rather than once or more for every element."""

    cdef object mode              # reading_validation_mode
    cdef bint raises              # ... is RAISE
    cdef object callback          # data_element_callback
    cdef bint replace_un          # replace_un_with_known_vr
    cdef int flags                # _decode.current_flags()
    cdef bint default_converters  # every VR has the package's converter


cdef _ReadSettings _shared_settings = _ReadSettings.__new__(_ReadSettings)
# The config module's namespace: reading a setting from it directly skips
# the module attribute machinery.
cdef dict _config = config.__dict__
cdef object _RAISE_MODE = config.RAISE


# The config._generation and valuerep.DSclass _shared_settings were read for
cdef object _settings_generation = None
cdef object _settings_ds_class = None
cdef dict _valuerep_namespace = _valuerep.__dict__


cdef _ReadSettings _read_settings():
    """The current configuration, in the one _ReadSettings shared by every
    batch (a batch nested in another reads the same values), read again
    when a setting changed."""
    global _settings_generation, _settings_ds_class
    cdef _ReadSettings settings = _shared_settings
    generation = _config["_generation"]
    ds_class = _valuerep_namespace["DSclass"]
    settings.default_converters = _CONVERTERS_UNCHANGED
    if generation is _settings_generation and ds_class is _settings_ds_class:
        return settings
    _settings_generation = generation
    _settings_ds_class = ds_class
    settings.mode = reading_mode()
    settings.raises = settings.mode == _RAISE_MODE
    settings.callback = _config["data_element_callback"]
    settings.replace_un = bool(_config["replace_un_with_known_vr"])
    settings.flags = current_flags()
    return settings


@cython.binding(True)
def DataElement_from_raw(raw_data_element, encoding=None, dataset=None):
    """Return the :class:`~dcmcore.dataelem.DataElement` of a raw element.

    The VR is resolved as pydicom 2.4 does: for implicit VR (VR ``None``) it
    is the dictionary VR, or for a private tag ``LO`` (creator), the private
    dictionary VR (creator found in `dataset`) or ``UN``, ``UL`` for an
    unknown group length and ``UN`` with a warning for any other unknown
    tag. An explicit ``UN`` of a known tag is replaced by its dictionary VR
    when :data:`~dcmcore.config.replace_un_with_known_vr` is set. Ambiguous
    VRs such as ``US or SS`` are kept; the dataset corrects them.

    Parameters
    ----------
    raw_data_element : RawDataElement
        The raw element; :data:`~dcmcore.config.data_element_callback`, if
        set, is called with it first and its result is converted instead.
    encoding : str or list of str, optional
        The character sets of the text values (default ISO 646).
    dataset : Dataset, optional
        The dataset holding the element, used to find private creators.

    Returns
    -------
    DataElement

    Raises
    ------
    KeyError
        For an unknown standard tag in implicit VR when
        :attr:`~dcmcore.config.Settings.reading_validation_mode` is RAISE.
    BytesLengthException
        If the value length does not fit the VR and
        :data:`~dcmcore.config.convert_wrong_length_to_UN` is not set (when
        it is, the element becomes UN bytes with a warning).
    NotImplementedError
        For an unknown VR.
    """
    return _from_raw(raw_data_element, encoding, dataset, True, _read_settings())


@cython.binding(True)
def _convert_raw_general(raw_data_element, encoding=None, dataset=None):
    """:func:`DataElement_from_raw` with every value decoded by the VR's
    Python converter alone: the reference the compiled decoder is tested
    against."""
    return _from_raw(raw_data_element, encoding, dataset, False, _read_settings())


cdef object _from_raw(object raw, object encoding, object dataset, bint use_decoder,
                      _ReadSettings settings):
    cdef bint held_sequence = _is_held_sequence(raw)
    if settings.callback and not held_sequence:
        # pydicom reads an undefined-length sequence at once: the callback
        # never sees it
        raw = settings.callback(raw, encoding=encoding, **config.data_element_callback_kwargs)

    cdef object tag, vr, length, value, value_tell, implicit, little_endian
    if type(raw) is _RawDataElement and PyTuple_GET_SIZE(raw) >= 7:
        tag = <object>PyTuple_GET_ITEM(raw, 0)
        vr = <object>PyTuple_GET_ITEM(raw, 1)
        length = <object>PyTuple_GET_ITEM(raw, 2)
        value = <object>PyTuple_GET_ITEM(raw, 3)
        value_tell = <object>PyTuple_GET_ITEM(raw, 4)
        implicit = <object>PyTuple_GET_ITEM(raw, 5)
        little_endian = <object>PyTuple_GET_ITEM(raw, 6)
    else:
        tag = raw.tag
        vr = raw.VR
        length = raw.length
        value = raw.value
        value_tell = raw.value_tell
        implicit = raw.is_implicit_VR
        little_endian = raw.is_little_endian
    if type(tag) is not _BaseTag and not isinstance(tag, BaseTag):
        tag = Tag(tag)
    cdef uint32_t tag_value = tag
    cdef bint is_private = (tag_value >> 16) & 1
    cdef int code

    if vr is None:  # implicit VR
        vr = dictionary_vr(tag)
        if vr is None:
            if is_private:
                vr = _private_vr_for_tag(dataset, tag)
            elif tag_value & 0xFFFF == 0:
                # group length, implied in versions before DICOM 3.0
                vr = VR_.UL
            else:
                msg = f"Unknown DICOM tag {tag}"
                if settings.raises:
                    raise KeyError(msg + " can't look up VR")
                vr = VR_.UN
                warnings.warn(msg + " - setting VR to 'UN'")
    elif settings.replace_un and vr_code(vr) == _UN_CODE:
        # an explicit UN where the tag is known: an encoding error we can undo
        if is_private:
            vr = _private_vr_for_tag(dataset, tag)
        elif value is None or len(value) < 0xFFFF:
            vr = dictionary_vr(tag) or vr

    try:
        converted = NotImplemented
        if held_sequence:
            # read as pydicom reads it from the file, with no converter
            converted = _decode_sequence(<bytes>value, implicit, little_endian, value_tell, length, encoding)
        elif use_decoder and type(value) is bytes and isinstance(vr, str):
            # an exact str for the look-ups: the VR enum hashes in Python
            vr_key = vr if type(vr) is str else PyUnicode_FromObject(vr)
            code = vr_code(vr_key)
            if settings.default_converters or _has_default_converter(vr_key, code):
                if length == 0:
                    converted = empty_value(vr_key)
                elif code == _SQ_CODE:
                    try:
                        converted = _decode_sequence(<bytes>value, implicit, little_endian, value_tell, length, encoding)
                    except ValueError:
                        # the converter retries other VRs, unless asked to raise
                        if settings.raises:
                            raise
                else:
                    converted = decode_value(vr_key, code, <bytes>value, little_endian,
                                             encoding, settings.flags, settings.mode)
        if converted is NotImplemented:
            converted = _convert_value(vr, raw, encoding)
    except NotImplementedError as exc:
        raise NotImplementedError(f"{exc} in tag {tag!r}")
    except BytesLengthException as exc:
        message = f"{exc} This occurred while trying to parse {tag} according to VR '{vr}'."
        if not config.convert_wrong_length_to_UN:
            raise BytesLengthException(
                f"{message} To replace this error with a warning set "
                "dcmcore.config.convert_wrong_length_to_UN = True."
            )
        warnings.warn(f"{message} Setting VR to 'UN'.")
        vr = VR_.UN
        converted = value

    if (
        tag_value == 0x00281101 or tag_value == 0x00281102
        or tag_value == 0x00281103 or tag_value == 0x00283002
    ) and converted:
        # LUT descriptors: the first value is always US even when the VR is
        # SS (PS3.3 C.7.6.3.1.5, C.11.1, C.11.2)
        try:
            if converted[0] < 0:
                converted[0] += 65536
        except TypeError:
            pass

    is_undefined_length = length == 0xFFFFFFFF
    cdef ElementBase elem = new_element(_DataElement)
    elem.tag = tag
    elem.VR = replace_un_vr(vr, tag, is_undefined_length, converted) if vr_code(vr) == _UN_CODE else vr
    elem.validation_mode = settings.mode
    elem._value = converted
    elem.file_tell = value_tell
    elem.is_undefined_length = is_undefined_length
    untrack_if_atomic(elem)
    return elem


cdef bint _is_held_sequence(object raw) noexcept:
    """``True`` for the raw element of an undefined-length sequence that the
    reader keeps as the bytes of its items (see _reader.Tokenizer)."""
    if type(raw) is not _RawDataElement or PyTuple_GET_SIZE(raw) < 7:
        return False
    if type(<object>PyTuple_GET_ITEM(raw, 3)) is not bytes:
        return False
    length = <object>PyTuple_GET_ITEM(raw, 2)
    if type(length) is not int or length != 0xFFFFFFFF:
        return False
    vr = <object>PyTuple_GET_ITEM(raw, 1)
    return isinstance(vr, str) and vr_code(vr) == _SQ_CODE


# The tokenizer sequence values are read with, and the config._generation
# it was made in.
cdef object _current_tokenizer = None
cdef object _current_tokenizer_generation = None


cdef object _decode_sequence(bytes value, object implicit, object little, object value_tell,
                             object length, object encoding):
    """The Sequence of an SQ value (the raw element's fields): values.convert_SQ
    through the reader directly (no converter dispatch), or the reading of
    an undefined-length sequence held as bytes; NotImplemented until the
    reader is bound."""
    global _current_tokenizer, _current_tokenizer_generation
    if _sequence_tokenizer is None:
        return NotImplemented
    generation = _config["_generation"]
    if generation is not _current_tokenizer_generation:
        _current_tokenizer = _sequence_tokenizer()
        _current_tokenizer_generation = generation
    # the items' encodings as convert_value passes them: a list
    if not encoding:
        encoding = [_default_encoding]
    elif type(encoding) is str:
        encoding = [encoding]
    if length == 0xFFFFFFFF:
        # positions as pydicom's, which reads such a sequence from the file
        items = _current_tokenizer.read_sequence_value(value, value_tell, implicit, little, encoding, 0)
        return new_read_sequence(items, True)
    # ... and a defined-length one from a buffer of its own
    items = _current_tokenizer.read_sequence_value(value, 0, implicit, little, encoding, value_tell)
    return new_read_sequence(items, False)


# -- the items and sequences the reader builds ---------------------------------

cdef extern from "Python.h":
    int PyObject_GenericSetDict(object obj, object value, void* context) except -1
    object PyObject_GenericGetDict(object obj, void* context)
    object PyWeakref_NewRef(object ob, object callback)
    void PyObject_GC_UnTrack(object op)

cdef tuple _NO_ARGS = ()


cdef inline object _new_instance(object cls):
    """``object.__new__(cls)`` by the type's own slot."""
    return (<PyTypeObject*>cls).tp_new(cls, <PyObject*>_NO_ARGS, NULL)


@cython.binding(True)
def new_read_item(dict elements, is_implicit_VR, is_little_endian, encoding,
                  is_undefined_length, seq_item_tell):
    """Return the dataset of a sequence item read from a file.

    Parameters
    ----------
    elements : dict
        The item's elements by tag, raw or converted (taken over).
    is_implicit_VR, is_little_endian : bool
        The encoding the item was read with.
    encoding : str or list of str
        The Python codecs of the item's text.
    is_undefined_length : bool
        ``True`` if the item was encoded with undefined length.
    seq_item_tell : int
        The file position of the item tag.

    Returns
    -------
    Dataset
        With the ``__dict__`` of ``dataset._ITEM_STATE``, set past
        ``__setattr__``: the reader makes a dataset for every item.
    """
    cdef dict state = _item_state.copy()
    state["_dict"] = elements
    state["_private_blocks"] = {}
    state["read_implicit_vr"] = is_implicit_VR
    state["read_little_endian"] = is_little_endian
    state["read_encoding"] = encoding
    state["is_undefined_length_sequence_item"] = is_undefined_length
    state["seq_item_tell"] = seq_item_tell
    state["file_tell"] = seq_item_tell
    item = _new_instance(_Dataset)
    PyObject_GenericSetDict(item, state, NULL)
    return item


@cython.binding(True)
def new_read_sequence(list items, is_undefined_length):
    """Return the Sequence of the datasets `items` read from a file.

    Parameters
    ----------
    items : list of Dataset
        The items, taken over without checks (the reader made them).
    is_undefined_length : bool
        ``True`` if the sequence was encoded with undefined length.

    Returns
    -------
    Sequence
        Whose items hold a weak reference to it in ``parent_seq``.
    """
    cdef Py_ssize_t index
    sequence = _new_instance(_Sequence)
    sequence._list = items
    sequence.type_constructor = _validate_item
    PyObject_GenericSetDict(
        sequence, {"_parent_dataset": None, "is_undefined_length": bool(is_undefined_length)}, NULL
    )
    # one shared weak reference, stored past the parent_seq property; with no
    # callback it is in no reference cycle: off the garbage collector's lists
    reference = PyWeakref_NewRef(sequence, None)
    PyObject_GC_UnTrack(reference)
    for index in range(len(items)):
        PyObject_GenericGetDict(<object>PyList_GET_ITEM(items, index), NULL)["_parent_seq"] = reference
    return sequence


cdef int _set_parent_dataset(object sequence, object dataset) except -1:
    """``sequence.parent_dataset = dataset``, past the property for a
    Sequence itself."""
    if type(sequence) is _Sequence:
        reference = PyWeakref_NewRef(dataset, None)
        PyObject_GC_UnTrack(reference)
        PyObject_GenericGetDict(sequence, NULL)["_parent_dataset"] = reference
    else:
        sequence.parent_dataset = dataset
    return 0


# -- the raw elements of a dataset -------------------------------------------
#
# Dataset.__getitem__, iteration and iterall convert raw elements here, one C
# call per element instead of a chain of Python frames; the semantics are
# those of Dataset._convert_raw_element and Dataset._add_element.

cdef object _dataset_element(object dataset, dict elements, object tag,
                             _ReadSettings settings):
    """``dataset[tag]`` for a tag of `elements` (``dataset._dict``)."""
    elem = elements[tag]
    if type(elem) is _DataElement:
        return elem
    if isinstance(elem, _RawDataElement):
        return _convert_in_dataset(dataset, elements, tag, elem, settings, None)
    return elem


# The BaseTag of the creator element last looked up: a private block's
# elements follow each other.
cdef uint32_t _last_creator_value = 0
cdef object _last_creator_tag = None


cdef object _creator_tag(uint32_t creator_value):
    global _last_creator_value, _last_creator_tag
    if _last_creator_tag is None or creator_value != _last_creator_value:
        creator_tag = _interned_tags.get(creator_value) or _intern(creator_value)
        _last_creator_value = creator_value
        _last_creator_tag = creator_tag
    return _last_creator_tag


@cython.binding(True)
def _private_vr_for_tag(dataset, tag):
    """Return the VR of the private `tag`: LO for a private creator, the
    private dictionary VR when `dataset` holds the tag's creator and the
    dictionary knows the tag, else UN (PS3.5 6.2.2, 7.8.1).

    Parameters
    ----------
    dataset : Dataset or None
        Where to look for the private creator; ``None`` gives UN.
    tag : BaseTag
        A private tag.
    """
    cdef uint32_t tag_value = tag
    cdef uint32_t element = tag_value & 0xFFFF
    if 0x0010 <= element < 0x0100:
        return VR_.LO
    # a private tag of block 00 has no creator: it stays UN
    if dataset is not None and element & 0xFF00:
        creator = dataset.get(_creator_tag((tag_value & <uint32_t>0xFFFF0000) | (element >> 8)), "")
        if creator:
            try:
                return private_dictionary_VR(tag, creator.value)
            except KeyError:
                pass
    return VR_.UN




cdef object _dataset_encoding(object dataset):
    """The character sets that the raw text values of `dataset` decode with:
    those it was read with, else those of Dataset._character_set (the
    parent's when it has no (0008,0005), which is checked here first)."""
    encoding = dataset.read_encoding
    if encoding:
        return encoding
    elements = dataset._dict
    if type(elements) is dict and _SPECIFIC_CHARACTER_SET_TAG not in <dict>elements:
        return dataset._parent_encoding
    return dataset._character_set


cdef object _convert_in_dataset(object dataset, dict elements, object tag, object raw,
                                _ReadSettings settings, object encoding):
    """Convert `raw`, stored under `tag` in `dataset`, store and return it.

    `encoding` is the dataset's (see _dataset_encoding), or None to look it
    up here.
    """
    if type(raw) is _RawDataElement:
        value = <object>PyTuple_GET_ITEM(raw, 3)
        length = <object>PyTuple_GET_ITEM(raw, 2)
    else:
        value = raw.value
        length = raw.length
    if value is None and length != 0:
        raw = _read_deferred(dataset.fileobj_type, dataset.filename, dataset.timestamp, raw)
    cdef uint32_t tag_value = tag
    cdef uint32_t creator_value
    if tag_value == 0x00080005:
        encoding = _default_encoding
    elif encoding is None:
        encoding = _dataset_encoding(dataset)
    cdef ElementBase elem = _from_raw(raw, encoding, dataset, True, settings)
    vr = elem.VR
    cdef bint is_sequence = vr_code(vr) == _SQ_CODE
    if is_sequence and type(elem._value) is not _Sequence:
        # a value still to be made a Sequence: Dataset._add_element does it
        dataset._add_element(tag, elem)
        return elem
    # the ambiguous VRs are the ones longer than two letters ("US or SS");
    # corrected before the element is stored, so that another thread never
    # finds it half made (as pydicom, a failed correction still stores it)
    if type(vr) is not str or PyUnicode_GET_LENGTH(vr) > 2:
        if (vr if type(vr) is str else PyUnicode_FromObject(vr)) in _AMBIGUOUS_VR:
            try:
                _correct_ambiguous_vr(elem, dataset, raw.is_little_endian)
            except BaseException:
                elements[tag] = elem
                raise
    if tag_value & 0x10000:
        # a private element learns its creator (PS3.5 7.8.1)
        creator_value = (tag_value & <uint32_t>0xFFFF0000) | ((tag_value & 0xFFFF) >> 8)
        if creator_value != tag_value:
            creator_tag = _creator_tag(creator_value)
            if creator_tag in elements:
                creator = _dataset_element(dataset, elements, creator_tag, settings)
                elem.private_creator = (
                    (<ElementBase>creator)._value if type(creator) is _DataElement
                    else creator.value
                )
    if is_sequence:
        # the sequence learns its parent dataset before anyone can reach it
        _set_parent_dataset(elem._value, dataset)
    elements[tag] = elem
    return elem


# -- the sequences the reader builds -------------------------------------------

@cython.binding(True)
def new_read_sequence_element(tag, VR, list items, value_tell, is_undefined_length):
    """Return the DataElement of a sequence read in full from a file.

    Parameters
    ----------
    tag : BaseTag
        The element's tag.
    VR : str
        ``SQ``, or the VR given to an element found to hold a sequence.
    items : list of Dataset
        The items, taken over by the sequence (:func:`new_read_sequence`).
    value_tell : int
        The file position of the value.
    is_undefined_length : bool
        ``True`` if the sequence was encoded with undefined length.

    Returns
    -------
    DataElement
    """
    cdef ElementBase elem = new_element(_DataElement)
    elem.tag = tag
    elem.VR = VR
    elem.validation_mode = reading_mode()
    elem._value = new_read_sequence(items, is_undefined_length)
    elem.file_tell = value_tell
    elem.is_undefined_length = is_undefined_length
    return elem


@cython.binding(True)
def _convert_raw_element(dataset, tag, raw):
    """Convert the raw element `raw` stored under `tag` in `dataset`, store
    it there and return it: read a deferred value, decode with the
    dataset's character set, learn the private creator, resolve an
    ambiguous VR. ``Dataset._convert_raw_element``."""
    return _convert_in_dataset(dataset, dataset._dict, tag, raw, _read_settings(), None)


def _sorted_tags(dict elements):
    """The tags of `elements` in ascending order (usually already so, as
    read from a file: then only checked)."""
    cdef list tags = list(elements)
    cdef Py_ssize_t count = len(tags)
    cdef Py_ssize_t position
    cdef long long previous = -1
    cdef long long current
    cdef PyObject* tag
    for position in range(count):
        tag = PyList_GET_ITEM(tags, position)
        if (<PyObject*>tag).ob_type != <PyTypeObject*>_BaseTag:
            break
        # a BaseTag is a 32-bit number: read as a C long without overflow
        current = PyLong_AsLong(<object>tag)
        if current <= previous:
            break
        previous = current
    else:
        return tags
    # key=index: the sort then compares plain ints in C, not BaseTag.__lt__
    return sorted(tags, key=_operator_index)


@cython.final
cdef class _ElementIterator:
    """``iter(dataset)``: the top-level elements in tag order, each raw one
    converted when it is reached."""

    cdef object dataset
    cdef dict elements
    cdef list tags
    cdef Py_ssize_t position
    # looked up for the first raw element met
    cdef _ReadSettings settings
    cdef object encoding

    def __cinit__(self, dataset):
        self.dataset = dataset
        self.elements = dataset._dict
        self.tags = _sorted_tags(self.elements)
        self.position = 0

    def __iter__(self):
        return self

    def __next__(self):
        if self.position >= len(self.tags):
            raise StopIteration
        tag = self.tags[self.position]
        self.position += 1
        elem = self.elements[tag]
        if type(elem) is _DataElement:
            return elem
        if not isinstance(elem, _RawDataElement):
            return elem
        if self.settings is None:
            self.settings = _read_settings()
            self.encoding = _dataset_encoding(self.dataset)
        return _convert_in_dataset(self.dataset, self.elements, tag, elem,
                                   self.settings, self.encoding)
