"""The Native DICOM Model (PS3.19 Annex A): datasets to and from XML.

:meth:`Dataset.to_xml <dcmcore.dataset.Dataset.to_xml>` forwards to
:func:`dataset_to_xml` and the classmethod :meth:`Dataset.from_xml
<dcmcore.dataset.Dataset.from_xml>` to :func:`dataset_from_xml`.

The document (PS3.19 A.1.5, A.1.6)::

    <NativeDicomModel xml:space="preserve">
      <DicomAttribute tag="00100010" vr="PN" keyword="PatientName">
        <PersonName number="1">
          <Alphabetic><FamilyName>Doe</FamilyName><GivenName>J</GivenName></Alphabetic>
        </PersonName>
      </DicomAttribute>
      <DicomAttribute tag="00280030" vr="DS" keyword="PixelSpacing">
        <Value number="1">0.5</Value><Value number="2">0.5</Value>
      </DicomAttribute>
      <DicomAttribute tag="00090001" vr="LO" privateCreator="ACME">...</DicomAttribute>
      <DicomAttribute tag="7FE00010" vr="OW"><InlineBinary>AAEC...</InlineBinary></DicomAttribute>
      <DicomAttribute tag="00081140" vr="SQ"><Item number="1">...</Item></DicomAttribute>
    </NativeDicomModel>

Attributes come in tag order, without group lengths (gggg,0000) and without
the file meta information. A private data element (gggg,xxee) whose block is
reserved by a private creator is written as tag ``gggg00ee`` with the creator
in ``privateCreator``; reading reserves the block again, in the first free
slot if the creator is not in the dataset yet. Binary values are the Value
Field's bytes in base64 (``InlineBinary``), little endian (OW, OF, OL, OD and
OV of a dataset read as big endian are swapped), or a ``BulkData`` URI given
by the bulk data handler, as for JSON.

Person names: components are written when not empty and read back by their
position, so trailing empty components and groups (``"A^B^^"``) are not kept;
a name of separators only (``"^^^^"``) is an empty name, and an element whose
names are all empty is written with no value (as DCMTK's ``dcm2xml`` does),
so it reads back as empty.

DCMTK: ``dcm2xml -nat`` (3.6.7) writes OW, OF, OL and OD ``InlineBinary``
with its words swapped to big endian, while PS3.19 carries the Value Field
as PS3.5 encodes it in little endian (PS3.18 F.2.7 states the same rule for
JSON, and PS3.18 8.7.3.3.1 calls it the PS3.19 encoding of bulk data). Read
with :func:`dataset_from_xml`, such values come back byte-swapped: swap them
back (``numpy.frombuffer(value, "<u2").byteswap().tobytes()`` for OW) when
the XML is known to come from dcm2xml. DCMTK's ``xml2dcm`` reads only its
own format, not the Native DICOM Model.

Reading uses the standard library's expat parser and refuses any document
type declaration, so no entity is ever declared or expanded (no external
entities, no entity expansion bombs).
"""

import base64
import re
import struct
import warnings
import xml.etree.ElementTree as ElementTree
from array import array
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Type, Union

from dcmcore.jsonrep import (
    _BINARY_VRS,
    AnyBulkDataHandlerType,
    BulkDataElementHandlerType,
    _empty_value,
    _raw_fast_path_allowed,
    _raw_numbers,
    _raw_vr,
    _three_argument_handler,
)
from dcmcore.valuerep import STANDARD_VR

if TYPE_CHECKING:  # pragma: no cover
    from dcmcore.dataset import Dataset

_XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'
_ROOT_START = '<NativeDicomModel xml:space="preserve">'
_ROOT_END = "</NativeDicomModel>"

# PS3.19 Table A.1.5-2: the components of a name group, in PN order (PS3.5 6.2).
_NAME_COMPONENTS = ("FamilyName", "GivenName", "MiddleName", "NamePrefix", "NameSuffix")
_NAME_GROUPS = ("Alphabetic", "Ideographic", "Phonetic")
# Before PS3.19 2011 the Alphabetic group was called SingleByte.
_NAME_GROUP_ALIASES = {"Alphabetic": 0, "SingleByte": 0, "Ideographic": 1, "Phonetic": 2}

_INTEGER_VRS = frozenset(("SL", "SS", "SV", "UL", "US", "UV"))


# Characters that XML 1.0 cannot carry at all (not even as references).
_NOT_XML_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Escapes for text content; a CR would otherwise be read back as LF (XML 1.0 2.11).
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
# Escapes for attribute values, whose white space is normalised on reading (3.3.3).
_ATTRIBUTE_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\t": "&#9;", "\n": "&#10;", "\r": "&#13;"}
)

_FLOAT32 = struct.Struct("<f")
# Bytes per word of the binary VRs whose byte order follows the transfer syntax.
_WORD_SIZES = {"OW": 2, "OF": 4, "OL": 4, "OD": 8, "OV": 8}
_ARRAY_TYPE_FOR_SIZE = {array(code).itemsize: code for code in "QLIH"}
_NEEDS_ESCAPE = re.compile("[&<>\r]")

# Caches: keywords of tags written (keyed by the interned BaseTag) and the
# start tags of Value elements by number.
_CACHE_LIMIT = 1 << 16
_KEYWORDS: Dict[int, str] = {}
_VALUE_STARTS: List[str] = []


# -- to XML ------------------------------------------------------------------


def dataset_to_xml(
    ds: "Dataset",
    bulk_data_threshold: int = 1024,
    bulk_data_element_handler: BulkDataElementHandlerType = None,
) -> str:
    """Return the Native DICOM Model (PS3.19 Annex A) document of `ds`.

    The implementation of :meth:`Dataset.to_xml <dcmcore.dataset.Dataset.to_xml>`.

    Parameters
    ----------
    ds : Dataset
        The dataset; its file meta information is not part of the document.
    bulk_data_threshold : int, optional
        Length of the base64 text of a binary value above which the value is
        given as ``<BulkData uri="..."/>`` (from `bulk_data_element_handler`)
        rather than as ``<InlineBinary>``; ignored without a handler.
    bulk_data_element_handler : callable, optional
        Called with a bulk data :class:`~dcmcore.dataelem.DataElement`,
        returns its URI.

    Returns
    -------
    str
        The XML document, declared as UTF-8 (encode it so when writing it).

    Raises
    ------
    ValueError
        If a value holds a character that XML 1.0 cannot represent (the
        message names the tag), or an element cannot be converted.
    """
    writer = _XmlWriter(bulk_data_element_handler, bulk_data_threshold)
    writer.parts += (_XML_DECLARATION, _ROOT_START)
    writer.dataset(ds)
    writer.parts.append(_ROOT_END)
    writer.parts.append("")
    return "\n".join(writer.parts)


class _XmlWriter:
    """Collects the lines of one document; one instance per call of to_xml."""

    __slots__ = ("parts", "bulk_data_element_handler", "bulk_data_threshold", "raw_allowed")

    def __init__(self, handler: BulkDataElementHandlerType, threshold: int) -> None:
        self.parts: List[str] = []
        self.bulk_data_element_handler = handler
        self.bulk_data_threshold = threshold
        self.raw_allowed = _raw_fast_path_allowed()

    def dataset(self, ds: "Dataset") -> None:
        """Write the DicomAttributes of `ds` in tag order."""
        from dcmcore.dataelem import RawDataElement

        elements = ds._dict
        for tag in sorted(elements, key=int):
            if not tag & 0xFFFF:
                continue  # group lengths are left out (PS3.19 A.1.1)
            elem = elements[tag]
            if self.raw_allowed and type(elem) is RawDataElement:
                vr = _raw_vr(elem)
                if _raw_numbers(elem, vr) is not None:
                    # Valid items (digits, signs, ".", "e", spaces): each one's
                    # text is the value's str(), the item without its spaces.
                    items = elem.value.rstrip(b" \x00").decode("ascii").split("\\")
                    if " " in items[0] or len(items) > 1 and any(" " in item for item in items):
                        items = [item.strip(" ") for item in items]
                    self.start_attribute(ds, tag, vr)
                    self.number_strings(items)
                    self.parts.append("</DicomAttribute>")
                    continue
            self.element(ds, ds[tag])

    def start_attribute(self, ds: "Dataset", tag: int, vr: str) -> None:
        """Write the DicomAttribute start tag: tag, vr, keyword, privateCreator."""
        group = tag >> 16
        element = tag & 0xFFFF
        creator = None
        if group & 1 and element >= 0x1000:
            creator_elem = ds.get((group << 16) | (element >> 8))
            if creator_elem is not None and isinstance(creator_elem.value, str):
                creator = creator_elem.value
        if creator is not None:
            # The block is not part of the model: (gggg,xxee) is gggg00ee
            # plus its creator (PS3.19 Table A.1.5-2).
            self.parts.append(
                f'<DicomAttribute tag="{group:04X}00{element & 0xFF:02X}" vr="{vr}" '
                f'privateCreator="{_attribute_text(tag, creator)}">'
            )
            return
        keyword = _keyword(tag) if not group & 1 else ""
        if keyword:
            self.parts.append(f'<DicomAttribute tag="{tag:08X}" vr="{vr}" keyword="{keyword}">')
        else:
            self.parts.append(f'<DicomAttribute tag="{tag:08X}" vr="{vr}">')

    def element(self, ds: "Dataset", elem: Any) -> None:
        """Write one converted element."""
        tag = elem.tag
        value = elem.value
        vr = _xml_vr(elem.VR, value)
        self.start_attribute(ds, tag, vr)
        parts = self.parts
        if vr == "SQ":
            for number, item in enumerate(value or (), 1):
                parts.append(f'<Item number="{number}">')
                self.dataset(item)
                parts.append("</Item>")
        elif vr in _BINARY_VRS:
            if elem.VM:
                parts.append(self.binary(elem, ds.is_little_endian is False))
        elif elem.VM:
            values = list(value) if elem.VM > 1 else [value]
            if vr == "PN":
                names = [str(name) for name in values]
                # Names of separators only ("^^^^") have no components: if no
                # name has any, the element has no value, as DCMTK writes it.
                if any(name.strip("^= ") for name in names):
                    for number, name in enumerate(names, 1):
                        parts.append(_person_name(tag, number, name))
            else:
                to_text = _TEXT_FOR_VR.get(vr, str)
                self.values(tag, ["" if item is None else to_text(item) for item in values])
        parts.append("</DicomAttribute>")

    def values(self, tag: int, texts: List[str]) -> None:
        """Write one Value element per text."""
        joined = "".join(texts)
        _check_characters(tag, joined)
        if _NEEDS_ESCAPE.search(joined) is not None:
            texts = [text.translate(_TEXT_ESCAPES) for text in texts]
        self.number_strings(texts)

    def number_strings(self, texts: List[str]) -> None:
        """Write one Value element per text that needs no escaping."""
        starts = _value_starts(len(texts))
        self.parts.append("\n".join([start + text + "</Value>" for start, text in zip(starts, texts)]))

    def binary(self, elem: Any, big_endian: bool) -> str:
        """Return the InlineBinary or BulkData element of a binary value.

        The value of a dataset read as big endian is swapped to little endian,
        the byte order of the model (PS3.19 A.1, as PS3.18 F.2.7 for JSON).
        """
        value = elem.value
        handler = self.bulk_data_element_handler
        if handler is not None and 4 * ((len(value) + 2) // 3) > self.bulk_data_threshold:
            return f'<BulkData uri="{_attribute_text(elem.tag, handler(elem))}"/>'
        item_size = _WORD_SIZES.get(elem.VR, 1)
        if big_endian and item_size > 1 and len(value) % item_size == 0:
            words = array(_ARRAY_TYPE_FOR_SIZE[item_size], value)
            words.byteswap()
            value = words.tobytes()
        return f"<InlineBinary>{base64.b64encode(value).decode('ascii')}</InlineBinary>"


def _xml_vr(vr: str, value: Any) -> str:
    """Return `vr` as plain str, or for an unresolved ambiguous VR the one its value fits."""
    if " or " not in vr:
        return str.__str__(vr)  # the text of a str Enum member (VR.UN -> "UN")
    if isinstance(value, (bytes, bytearray)):
        return "OW" if "OW" in vr else "OB"
    return "US"


def _keyword(tag: int) -> str:
    """Return the keyword of a public tag ("" if unknown), cached by tag."""
    keyword = _KEYWORDS.get(tag)
    if keyword is None:
        from dcmcore.datadict import keyword_for_tag

        keyword = keyword_for_tag(tag)
        if len(_KEYWORDS) < _CACHE_LIMIT:
            _KEYWORDS[tag] = keyword
    return keyword


def _value_starts(count: int) -> List[str]:
    """Return the start tags of Value elements 1 to `count` (a cached list, may be longer)."""
    starts = _VALUE_STARTS
    if len(starts) < count:
        starts.extend(f'<Value number="{number}">' for number in range(len(starts) + 1, count + 1))
    return starts


def _fd_text(number: float) -> str:
    # The shortest text that reads back as the same double, without a
    # trailing ".0" (as DCMTK writes whole numbers).
    text = repr(float(number))
    return text[:-2] if text.endswith(".0") else text


def _fl_text(number: float) -> str:
    # Nine significant digits read back as the same single (IEEE 754).
    return format(number, ".9g")


def _at_text(tag: int) -> str:
    return f"{int(tag):08X}"


# The text of one value, by VR; str() for the others.
_TEXT_FOR_VR = {"AT": _at_text, "FD": _fd_text, "FL": _fl_text}


def _check_characters(tag: int, text: str) -> None:
    bad = _NOT_XML_CHARACTERS.search(text)
    if bad is not None:
        raise ValueError(
            f"The value of the element with tag {_tag_text(tag)} holds the "
            f"character {bad.group()!r}, which XML 1.0 cannot represent"
        )


def _text(tag: int, text: str) -> str:
    """Return `text` escaped as element content."""
    _check_characters(tag, text)
    return text.translate(_TEXT_ESCAPES)


def _attribute_text(tag: int, text: str) -> str:
    """Return `text` escaped as a double-quoted attribute value."""
    _check_characters(tag, text)
    return text.translate(_ATTRIBUTE_ESCAPES)


def _person_name(tag: int, number: int, name: Any) -> str:
    """Return the PersonName element of one name (PS3.19 Table A.1.5-2)."""
    parts = [f'<PersonName number="{number}">']
    for group_name, group in zip(_NAME_GROUPS, str(name).split("=")):
        components = group.split("^", 4)  # a fifth "^" belongs to the suffix
        written = [
            f"<{component_name}>{_text(tag, component)}</{component_name}>"
            for component_name, component in zip(_NAME_COMPONENTS, components)
            if component
        ]
        if written:
            parts.append(f"<{group_name}>")
            parts.extend(written)
            parts.append(f"</{group_name}>")
    parts.append("</PersonName>")
    return "\n".join(parts)


# -- from XML ----------------------------------------------------------------


def dataset_from_xml(
    cls: Type["Dataset"],
    xml: Union[str, bytes, bytearray],
    bulk_data_uri_handler: AnyBulkDataHandlerType = None,
) -> "Dataset":
    """Return a dataset of class `cls` made from a Native DICOM Model document.

    The implementation of the classmethod :meth:`Dataset.from_xml
    <dcmcore.dataset.Dataset.from_xml>`.

    Parameters
    ----------
    cls : type
        The :class:`~dcmcore.dataset.Dataset` class (or subclass) to create;
        sequence items are made of the same class.
    xml : str, bytes or bytearray
        The document. Bytes are decoded as their XML declaration says.
    bulk_data_uri_handler : callable, optional
        Gives the value of an attribute that has ``<BulkData uri="...">``:
        called as ``handler(tag, vr, uri)`` (`tag` as eight hex digits) or,
        if it takes one parameter, ``handler(uri)``. Without it such elements
        are empty, with a warning.

    Returns
    -------
    Dataset

    Raises
    ------
    ValueError
        If the document is not well-formed XML, has a document type
        declaration, is not a NativeDicomModel, or an attribute or value is
        invalid (the message names the tag).
    """
    root = _parse(xml)
    if _local_name(root.tag) != "NativeDicomModel":
        raise ValueError(
            f"The XML document is not a Native DICOM Model: its root element is "
            f"<{_local_name(root.tag)}>, not <NativeDicomModel>"
        )
    return _XmlReader(cls, bulk_data_uri_handler).dataset(root)


class _RefusingTreeBuilder(ElementTree.TreeBuilder):
    """A tree builder that stops the parse at a document type declaration.

    Without a DOCTYPE no entity can be declared, so none is expanded or
    fetched; references to undeclared entities are errors in expat.
    """

    def doctype(self, name: str, pubid: Optional[str], system: Optional[str]) -> None:
        raise ValueError(
            "The XML document has a document type declaration (DOCTYPE), which is not "
            "accepted: no DTDs or entity declarations"
        )


def _parse(xml: Union[str, bytes, bytearray]) -> ElementTree.Element:
    """Return the root element of the document `xml` (expat, DTDs refused)."""
    if not isinstance(xml, (str, bytes, bytearray)):
        raise TypeError(f"The XML document must be str, bytes or bytearray, not {type(xml).__name__}")
    parser = ElementTree.XMLParser(target=_RefusingTreeBuilder())
    try:
        parser.feed(xml)
        return parser.close()
    except ElementTree.ParseError as exc:
        raise ValueError(f"The XML document is not well-formed: {exc}") from exc


def _local_name(name: str) -> str:
    """Return an element name without its namespace (PS3.19 A.1.6 has one)."""
    return name.rsplit("}", 1)[-1]


class _XmlReader:
    """Builds datasets from the elements of one document."""

    __slots__ = ("dataset_class", "bulk_data_handler", "depth")

    def __init__(self, dataset_class: Type["Dataset"], handler: AnyBulkDataHandlerType) -> None:
        self.dataset_class = dataset_class
        self.bulk_data_handler = _three_argument_handler(handler)
        self.depth = 0

    def dataset(self, node: ElementTree.Element) -> "Dataset":
        """Return the dataset whose DicomAttributes are the children of `node`."""
        if self.depth > _MAX_NESTING:
            raise ValueError(f"Sequences are nested more than {_MAX_NESTING} levels deep in the XML document")
        self.depth += 1
        try:
            return self._dataset(node)
        finally:
            self.depth -= 1

    def _dataset(self, node: ElementTree.Element) -> "Dataset":
        from dcmcore.dataelem import DataElement

        dataset = self.dataset_class()
        for attribute in node:
            name = _local_name(attribute.tag)
            if name != "DicomAttribute":
                raise ValueError(f"Unexpected element <{name}> where a <DicomAttribute> belongs")
            tag_text = attribute.get("tag")
            vr = attribute.get("vr")
            if tag_text is None or vr is None:
                raise ValueError(
                    f"A <DicomAttribute> needs both 'tag' and 'vr', got tag={tag_text!r}, vr={vr!r}"
                )
            if len(tag_text) != 8 or not _is_hex(tag_text):
                raise ValueError(f"Invalid tag '{tag_text}' of a <DicomAttribute>: not 8 hex digits")
            tag = int(tag_text, 16)
            if vr not in STANDARD_VR:  # the only VRs a vr attribute may hold (PS3.19 A.1.1)
                raise ValueError(f"Invalid VR '{vr}' of the <DicomAttribute> of tag {_tag_text(tag)}")
            creator = attribute.get("privateCreator")
            if creator is not None and tag >> 16 & 1 and tag & 0xFF00 == 0:
                tag = dataset.private_block(tag >> 16, creator, create=True).get_tag(tag & 0xFF)
            value = self.value(attribute, tag, vr)
            try:
                elem = DataElement(tag, vr, value)
            except Exception as exc:
                raise ValueError(
                    f"Data element {_tag_text(tag)} could not be loaded from XML: {value}"
                ) from exc
            dataset.add(elem)
        return dataset

    def value(self, attribute: ElementTree.Element, tag: int, vr: str) -> Any:
        """Return the Python value of one DicomAttribute."""
        children = list(attribute)
        if not children:
            return _empty_value(vr)
        kinds = {_local_name(child.tag) for child in children}
        if len(kinds) > 1:
            raise ValueError(
                f"The <DicomAttribute> of tag {_tag_text(tag)} mixes the elements {sorted(kinds)}"
            )
        kind = kinds.pop()
        if kind in ("InlineBinary", "BulkData"):
            if len(children) > 1:
                raise ValueError(f"The <DicomAttribute> of tag {_tag_text(tag)} has more than one <{kind}>")
            if kind == "InlineBinary":
                if vr not in _BINARY_VRS:  # PS3.19 A.1.5: the binary VRs only
                    raise ValueError(f"The <DicomAttribute> of tag {_tag_text(tag)} has <InlineBinary> but VR {vr}")
                return _inline_binary(tag, children[0].text or "")
            return self.bulk_data(tag, vr, children[0])
        numbered = _numbered(tag, kind, children)
        if kind == "Item":
            if vr != "SQ":
                raise ValueError(f"The <DicomAttribute> of tag {_tag_text(tag)} has <Item>s but VR {vr}")
            return [self.dataset(item) for item in numbered]
        if kind == "PersonName":
            values: List[Any] = [_name_from_xml(tag, name) for name in numbered]
        elif kind == "Value":
            values = [_value_from_text(tag, vr, node.text or "") for node in numbered]
        else:
            raise ValueError(f"Unexpected element <{kind}> in the <DicomAttribute> of tag {_tag_text(tag)}")
        return values[0] if len(values) == 1 else values

    def bulk_data(self, tag: int, vr: str, node: ElementTree.Element) -> Any:
        """Return the value behind a BulkData reference, through the handler."""
        # PS3.19 names the reference "uri"; before 2014 (and in DCMTK) "uuid".
        uri = node.get("uri", node.get("uuid"))
        if uri is None:
            raise ValueError(f"The <BulkData> of tag {_tag_text(tag)} has no 'uri'")
        if self.bulk_data_handler is None:
            warnings.warn(
                f'No bulk data URI handler provided for retrieval of value of data element "{tag:08X}"'
            )
            return _empty_value(vr)
        return self.bulk_data_handler(f"{tag:08X}", vr, uri)


# Items nested deeper than this are refused, as the binary reader refuses them
_MAX_NESTING = 200

def _tag_text(tag: int) -> str:
    return f"({tag >> 16:04X}, {tag & 0xFFFF:04X})"


_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")


def _is_hex(text: str) -> bool:
    return all(character in _HEX_DIGITS for character in text)


def _numbered(tag: int, kind: str, nodes: List[ElementTree.Element]) -> List[ElementTree.Element]:
    """Return `nodes` in the order of their 'number' attributes, which must be 1..n."""
    by_number: Dict[int, ElementTree.Element] = {}
    for node in nodes:
        number_text = node.get("number")
        if number_text is None or not number_text.isdigit():
            raise ValueError(
                f"A <{kind}> of tag {_tag_text(tag)} has an invalid 'number': {number_text!r}"
            )
        by_number[int(number_text)] = node
    if sorted(by_number) != list(range(1, len(nodes) + 1)):
        raise ValueError(
            f"The <{kind}> numbers of tag {_tag_text(tag)} are not 1 to {len(nodes)}: "
            f"{[node.get('number') for node in nodes]}"
        )
    return [by_number[number] for number in range(1, len(nodes) + 1)]


def _value_from_text(tag: int, vr: str, text: str) -> Any:
    """Return one value of VR `vr` from the text of a Value element."""
    try:
        if vr in _INTEGER_VRS:
            return int(text)
        if vr == "FL":
            # FL values are single precision (PS3.5 6.2): read the text as one.
            return _FLOAT32.unpack(_FLOAT32.pack(float(text)))[0]
        if vr == "FD":
            return float(text)
        if vr == "AT":
            return int(text, 16)
    except (ValueError, OverflowError, struct.error) as exc:
        raise ValueError(f"Invalid {vr} value '{text}' of tag {_tag_text(tag)}: {exc}") from exc
    return text


def _inline_binary(tag: int, text: str) -> bytes:
    """Return the bytes of an InlineBinary (base64, white space allowed)."""
    try:
        return base64.b64decode("".join(text.split()), validate=True)
    except ValueError as exc:
        raise ValueError(f"Invalid base64 in the <InlineBinary> of tag {_tag_text(tag)}: {exc}") from exc


def _name_from_xml(tag: int, node: ElementTree.Element) -> str:
    """Return the PN string of a PersonName element, components by position."""
    groups = ["", "", ""]
    for group_node in node:
        group_name = _local_name(group_node.tag)
        position = _NAME_GROUP_ALIASES.get(group_name)
        if position is None:
            raise ValueError(f"Unexpected element <{group_name}> in a <PersonName> of tag {_tag_text(tag)}")
        components = ["", "", "", "", ""]
        for component_node in group_node:
            component_name = _local_name(component_node.tag)
            if component_name not in _NAME_COMPONENTS:
                raise ValueError(
                    f"Unexpected element <{component_name}> in a <{group_name}> of tag {_tag_text(tag)}"
                )
            components[_NAME_COMPONENTS.index(component_name)] = component_node.text or ""
        groups[position] = "^".join(components).rstrip("^")
    return "=".join(groups).rstrip("=")

