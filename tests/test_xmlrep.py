"""Tests of dcmcore.xmlrep: the PS3.19 Native DICOM Model (XML).

Round trips, the document's structure, refusal of DTDs and entities, bad
input, and interoperability with DCMTK's ``dcm2xml -nat`` (skipped when
DCMTK is not installed).
"""

import base64
import shutil
import struct
import subprocess
import warnings
import xml.etree.ElementTree as ElementTree

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dcmcore import xmlrep
from dcmcore.dataelem import DataElement, RawDataElement
from dcmcore.dataset import Dataset, FileMetaDataset
from dcmcore.tag import Tag


def build_dataset():
    """A dataset of every VR, nested sequences and private blocks."""
    ds = Dataset()
    ds.add_new(0x00080005, "CS", "ISO_IR 192")
    ds.add_new(0x00080008, "CS", ["ORIGINAL", "PRIMARY", ""])
    ds.add_new(0x00080016, "UI", "1.2.840.10008.5.1.4.1.1.2")
    ds.add_new(0x00080018, "UI", "1.2.826.0.1.3680043.8.498.1")
    ds.add_new(0x00080020, "DA", "20200101")
    ds.add_new(0x0008002A, "DT", "20200101101010.5")
    ds.add_new(0x00080030, "TM", "101010.5")
    ds.add_new(0x00080054, "AE", "MYAE")
    ds.add_new(0x00080119, "UC", "long code")
    ds.add_new(0x00081030, "LO", "a<b&c>\"d'")
    ds.add_new(0x00081050, "PN", ["A^B^C^D^E", "X^Y"])
    ds.add_new(0x00081080, "LO", ["a", "", "b"])
    ds.add_new(0x00081190, "UR", "http://example.com/a")
    ds.add_new(0x00100010, "PN", "Yamada^Tarou=山田^太郎=やまだ^たろう")
    ds.add_new(0x00100020, "LO", "")
    ds.add_new(0x00100030, "DA", "")
    ds.add_new(0x00101010, "AS", "042Y")
    ds.add_new(0x00104000, "LT", "line1\\line2\r\nline3")
    ds.add_new(0x00180015, "CS", "HEAD")
    ds.add_new(0x00181318, "FD", [1.5, -2.25, 0.1])
    ds.add_new(0x00189219, "SS", -5)
    ds.add_new(0x00200013, "IS", "5")
    ds.add_new(0x00209165, "AT", [0x00100010, 0x0020000D])
    ds.add_new(0x00280010, "US", 2)
    ds.add_new(0x00280030, "DS", ["0.50", "0.25"])
    ds.add_new(0x00400254, "ST", "short text")
    ds.add_new(0x0040A160, "UT", "unlimited text")
    ds.add_new(0x00660016, "OF", b"\x00\x00\x80\x3f")
    ds.add_new(0x00660040, "OL", b"\x01\x00\x00\x00\x02\x00\x00\x00")
    ds.add_new(0x00700080, "SH", "label")
    ds.add_new(0x00720073, "SL", [-1, 2])
    ds.add_new(0x00720082, "SV", [-(2**40)])
    ds.add_new(0x00720083, "UV", [2**40])
    ds.add_new(0x00089459, "FL", 0.5)
    ds.add_new(0x00280106, "US", 0)
    ds.add_new(0x00281201, "OW", b"\x01\x00\x02\x00")
    ds.add_new(0x00660019, "OD", struct.pack("<d", 1.5))
    ds.add_new(0x7FE00010, "OB", b"\x00\x01\x02\x03")
    items = []
    for index in range(2):
        item = Dataset()
        item.ReferencedSOPClassUID = "1.2.3"
        item.ReferencedSOPInstanceUID = f"1.2.3.{index}"
        inner = Dataset()
        inner.CodeValue = "X"
        inner.CodeMeaning = "meaning"
        block = inner.private_block(0x0011, "INNER", create=True)
        block.add_new(0x05, "US", 3)
        item.add_new(0x00081250, "SQ", [inner])
        items.append(item)
    ds.add_new(0x00081140, "SQ", items)
    ds.add_new(0x00081110, "SQ", [])
    ds.add_new(0x00081111, "SQ", [Dataset()])
    block = ds.private_block(0x0009, "ACME 1.0", create=True)
    block.add_new(0x01, "LO", "private value")
    block.add_new(0x02, "UN", b"\x01\x02")
    block.add_new(0x03, "SQ", [Dataset()])
    other = ds.private_block(0x0009, "OTHER", create=True)
    other.add_new(0x01, "LO", "other value")
    return ds


def attributes(root):
    """Return the DicomAttribute children of `root` as (attrib, children) pairs."""
    return [(node.attrib, list(node)) for node in root]


class TestToXml:
    def test_document(self):
        ds = Dataset()
        ds.add_new(0x00100020, "LO", "id")
        text = xmlrep.dataset_to_xml(ds)
        assert text == (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<NativeDicomModel xml:space="preserve">\n'
            '<DicomAttribute tag="00100020" vr="LO" keyword="PatientID">\n'
            '<Value number="1">id</Value>\n'
            "</DicomAttribute>\n"
            "</NativeDicomModel>\n"
        )
        assert ds.to_xml() == text

    def test_order_and_no_group_length_or_meta(self):
        ds = Dataset()
        ds.add_new(0x00280010, "US", 1)
        ds.add_new(0x00280000, "UL", 4)
        ds.add_new(0x00100010, "PN", "A")
        ds.file_meta = FileMetaDataset()
        ds.file_meta.TransferSyntaxUID = "1.2.840.10008.1.2.1"
        root = ElementTree.fromstring(ds.to_xml())
        assert [node.get("tag") for node in root] == ["00100010", "00280010"]

    def test_private_elements(self):
        root = ElementTree.fromstring(build_dataset().to_xml())
        private = [node.attrib for node in root if node.get("tag").startswith("0009")]
        assert private == [
            {"tag": "00090010", "vr": "LO"},
            {"tag": "00090011", "vr": "LO"},
            {"tag": "00090001", "vr": "LO", "privateCreator": "ACME 1.0"},
            {"tag": "00090002", "vr": "UN", "privateCreator": "ACME 1.0"},
            {"tag": "00090003", "vr": "SQ", "privateCreator": "ACME 1.0"},
            {"tag": "00090001", "vr": "LO", "privateCreator": "OTHER"},
        ]

    def test_private_element_without_creator_keeps_its_tag(self):
        ds = Dataset()
        ds.add_new(0x00111001, "LO", "orphan")
        root = ElementTree.fromstring(ds.to_xml())
        assert root[0].attrib == {"tag": "00111001", "vr": "LO"}
        assert Dataset.from_xml(ds.to_xml()) == ds

    def test_values(self):
        root = ElementTree.fromstring(build_dataset().to_xml())
        by_tag = {node.get("tag"): node for node in root}

        def texts(tag):
            return [(value.get("number"), value.text) for value in by_tag[tag]]

        assert texts("00080008") == [("1", "ORIGINAL"), ("2", "PRIMARY"), ("3", None)]
        assert texts("00081030") == [("1", "a<b&c>\"d'")]
        assert texts("00104000") == [("1", "line1\\line2\r\nline3")]
        assert texts("00181318") == [("1", "1.5"), ("2", "-2.25"), ("3", "0.1")]
        assert texts("00089459") == [("1", "0.5")]
        assert texts("00209165") == [("1", "00100010"), ("2", "0020000D")]
        assert texts("00280030") == [("1", "0.50"), ("2", "0.25")]
        assert texts("00720082") == [("1", str(-(2**40)))]
        assert list(by_tag["00100020"]) == [] and list(by_tag["00100030"]) == []
        assert [(node.tag, node.text) for node in by_tag["7FE00010"]] == [("InlineBinary", "AAECAw==")]

    def test_person_names(self):
        root = ElementTree.fromstring(build_dataset().to_xml())
        names = {node.get("tag"): node for node in root}

        def groups(tag, number):
            name = names[tag][number - 1]
            assert name.tag == "PersonName" and name.get("number") == str(number)
            return [(group.tag, [(c.tag, c.text) for c in group]) for group in name]

        assert groups("00100010", 1) == [
            ("Alphabetic", [("FamilyName", "Yamada"), ("GivenName", "Tarou")]),
            ("Ideographic", [("FamilyName", "山田"), ("GivenName", "太郎")]),
            ("Phonetic", [("FamilyName", "やまだ"), ("GivenName", "たろう")]),
        ]
        assert groups("00081050", 1) == [
            ("Alphabetic", [("FamilyName", "A"), ("GivenName", "B"), ("MiddleName", "C"),
                            ("NamePrefix", "D"), ("NameSuffix", "E")])
        ]

    @pytest.mark.parametrize(
        "name",
        ["A^B", "=Ideo^X", "==Phon", "A^^C", "^Given", "A=B=C", "Fam^Giv^Mid^Pre^Suf^Extra", ""],
    )
    def test_person_name_round_trip(self, name):
        ds = Dataset()
        ds.add_new(0x00100010, "PN", name)
        assert str(Dataset.from_xml(ds.to_xml()).PatientName) == name

    @pytest.mark.parametrize("name", ["^^^^", "^", "^^^^=^^^^", "=="])
    def test_separators_only_name_has_no_value(self, name):
        ds = Dataset()
        ds.add_new(0x00100010, "PN", name)
        root = ElementTree.fromstring(ds.to_xml())
        assert list(root[0]) == []
        assert Dataset.from_xml(ds.to_xml()).PatientName == ""

    def test_separators_only_name_among_others(self):
        ds = Dataset()
        ds.add_new(0x00101001, "PN", ["A", "^^"])
        root = ElementTree.fromstring(ds.to_xml())
        assert [node.get("number") for node in root[0]] == ["1", "2"]
        assert list(root[0][1]) == []
        assert [str(name) for name in Dataset.from_xml(ds.to_xml()).OtherPatientNames] == ["A", ""]

    def test_sequences(self):
        root = ElementTree.fromstring(build_dataset().to_xml())
        by_tag = {node.get("tag"): node for node in root}
        assert [item.get("number") for item in by_tag["00081140"]] == ["1", "2"]
        inner = by_tag["00081140"][1].find("DicomAttribute[@tag='00081250']/Item/DicomAttribute[@tag='00110005']")
        assert inner.attrib == {"tag": "00110005", "vr": "US", "privateCreator": "INNER"}
        assert list(by_tag["00081110"]) == []
        assert [(item.tag, list(item)) for item in by_tag["00081111"]] == [("Item", [])]

    def test_bulk_data_handler(self):
        ds = Dataset()
        ds.add_new(0x7FE00010, "OB", b"\x00" * 30)
        ds.add_new(0x00660023, "OW", b"\x00" * 6)
        seen = []

        def handler(elem):
            seen.append(elem.tag)
            return f"http://host/{elem.tag:08X}?a=1&b=2"

        root = ElementTree.fromstring(ds.to_xml(bulk_data_threshold=8, bulk_data_element_handler=handler))
        assert seen == [0x7FE00010]
        assert [(child.tag, child.attrib) for child in root[1]] == [
            ("BulkData", {"uri": "http://host/7FE00010?a=1&b=2"})
        ]
        assert root[0][0].tag == "InlineBinary"

    def test_character_xml_cannot_carry(self):
        ds = Dataset()
        ds.add_new(0x00100020, "LO", "a\x01b")
        with pytest.raises(ValueError, match=r"tag \(0010, 0020\) .* XML 1.0 cannot represent"):
            ds.to_xml()

    def test_raw_numbers_same_as_converted(self):
        raw = RawDataElement(Tag(0x00280030), "DS", 12, b" 0.50\\1e3 \x00", 0, False, True)
        raw_is = RawDataElement(Tag(0x00200013), None, 4, b" 12 ", 0, True, True)
        ds = Dataset({raw.tag: raw, raw_is.tag: raw_is})
        text = ds.to_xml()
        assert type(ds.get_item(0x00280030)) is RawDataElement
        converted = Dataset({raw.tag: raw, raw_is.tag: raw_is})
        converted.PixelSpacing, converted.InstanceNumber  # convert both
        assert converted.to_xml() == text
        assert '<Value number="1">0.50</Value>\n<Value number="2">1e3</Value>' in text

    def test_big_endian_words_written_little_endian(self):
        ds = Dataset()
        ds.add_new(0x00281201, "OW", b"\x00\x01\x00\x02")
        ds.add_new(0x7FE00010, "OB", b"\x00\x01\x00\x02")
        ds.is_little_endian = False
        root = ElementTree.fromstring(ds.to_xml())
        assert [base64.b64decode(node[0].text) for node in root] == [b"\x01\x00\x02\x00", b"\x00\x01\x00\x02"]

    def test_unresolved_ambiguous_vr(self):
        ds = Dataset()
        ds.add_new(0x7FE00010, "OB or OW", b"\x01\x02")
        ds.add_new(0x00280106, "US or SS", 5)
        root = ElementTree.fromstring(ds.to_xml())
        assert [node.get("vr") for node in root] == ["US", "OW"]


class TestRoundTrip:
    def test_built_dataset(self):
        ds = build_dataset()
        assert Dataset.from_xml(ds.to_xml()) == ds
        assert Dataset.from_xml(ds.to_xml().encode("utf-8")) == ds

    def test_values_keep_types(self):
        ds = Dataset.from_xml(build_dataset().to_xml())
        assert type(ds.PixelSpacing[0]).__name__ == "DSfloat" and str(ds.PixelSpacing[0]) == "0.50"
        assert ds.DimensionIndexPointer == [0x00100010, 0x0020000D]
        assert ds[0x00090010].value == "ACME 1.0" and ds[0x00091001].private_creator == "ACME 1.0"
        assert ds[0x00091101].private_creator == "OTHER"

    def test_private_block_reserved_when_creator_missing(self):
        text = (
            '<NativeDicomModel><DicomAttribute tag="00090010" vr="LO"><Value number="1">A</Value>'
            '</DicomAttribute><DicomAttribute tag="00090001" vr="LO" privateCreator="B">'
            '<Value number="1">x</Value></DicomAttribute></NativeDicomModel>'
        )
        ds = Dataset.from_xml(text)
        assert ds[0x00090011].value == "B"
        assert ds[0x00091101].value == "x" and ds[0x00091101].private_creator == "B"

    def test_float_single_precision(self):
        ds = Dataset()
        ds.add_new(0x00189219, "FL", [struct.unpack("<f", struct.pack("<f", 0.1))[0], 3.0])
        text = ds.to_xml()
        assert ">0.100000001<" in text and ">3<" in text
        assert Dataset.from_xml(text) == ds

    def test_namespace_and_legacy_names(self):
        text = (
            '<NativeDicomModel xmlns="http://dicom.nema.org/PS3.19/models/NativeDICOM">'
            '<DicomAttribute tag="00100010" vr="PN"><PersonName number="1">'
            "<SingleByte><FamilyName>A</FamilyName></SingleByte></PersonName></DicomAttribute>"
            '<DicomAttribute tag="7FE00010" vr="OB"><BulkData uuid="1234"/></DicomAttribute>'
            "</NativeDicomModel>"
        )
        ds = Dataset.from_xml(text, lambda uri: uri.encode())
        assert ds.PatientName == "A" and ds.PixelData == b"1234"

    def test_values_in_any_number_order(self):
        text = (
            '<NativeDicomModel><DicomAttribute tag="00280010" vr="US">'
            '<Value number="2">7</Value><Value number="1">5</Value></DicomAttribute></NativeDicomModel>'
        )
        assert Dataset.from_xml(text).Rows == [5, 7]

    def test_base64_with_line_breaks(self):
        text = (
            '<NativeDicomModel><DicomAttribute tag="7FE00010" vr="OB">'
            "<InlineBinary>AAEC\n  Aw==</InlineBinary></DicomAttribute></NativeDicomModel>"
        )
        assert Dataset.from_xml(text).PixelData == b"\x00\x01\x02\x03"


# Text XML 1.0 can carry, with the characters that need escaping.
xml_text = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x7f\ufffe\uffff").filter(
        lambda character: character in "\t\n\r" or ord(character) >= 0x20
    ),
    max_size=40,
)
name_part = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x2FF, blacklist_characters="^=\\"), max_size=8)


class TestRoundTripProperties:
    @settings(max_examples=100, deadline=None)
    @given(
        long_text=xml_text,
        short_texts=st.lists(xml_text.map(lambda text: text.replace("\\", "")), min_size=2, max_size=4),
        name=st.lists(st.lists(name_part, min_size=1, max_size=5), min_size=1, max_size=3),
        numbers=st.lists(st.integers(-(2**31), 2**31 - 1), min_size=1, max_size=4),
        doubles=st.lists(st.floats(allow_nan=False), min_size=1, max_size=4),
        binary=st.binary(min_size=1, max_size=40),  # an empty one reads back as None
    )
    def test_values(self, long_text, short_texts, name, numbers, doubles, binary):
        ds = Dataset()
        ds.add_new(0x00104000, "LT", long_text)
        ds.add_new(0x00081080, "LO", short_texts)
        # trailing empty components and groups are not kept (see xmlrep)
        ds.add_new(0x00100010, "PN", "=".join("^".join(group).rstrip("^") for group in name).rstrip("="))
        ds.add_new(0x00720073, "SL", numbers)
        ds.add_new(0x00181318, "FD", doubles)
        ds.add_new(0x7FE00010, "OB", binary)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. an LO value longer than 64
            assert Dataset.from_xml(ds.to_xml()) == ds


class TestBulkDataUriHandler:
    TEXT = (
        '<NativeDicomModel><DicomAttribute tag="7FE00010" vr="OW"><BulkData uri="http://h/p"/>'
        '</DicomAttribute><DicomAttribute tag="00081140" vr="SQ"><Item number="1">'
        '<DicomAttribute tag="00091010" vr="OB"><BulkData uri="http://h/b"/></DicomAttribute>'
        "</Item></DicomAttribute></NativeDicomModel>"
    )

    def test_three_arguments(self):
        calls = []
        ds = Dataset.from_xml(self.TEXT, lambda tag, vr, uri: calls.append((tag, vr, uri)) or b"\x01\x02")
        assert calls == [("7FE00010", "OW", "http://h/p"), ("00091010", "OB", "http://h/b")]
        assert ds.PixelData == b"\x01\x02"

    def test_one_argument(self):
        ds = Dataset.from_xml(self.TEXT, bulk_data_uri_handler=lambda uri: uri.encode())
        assert ds.PixelData == b"http://h/p"
        assert ds.ReferencedImageSequence[0][0x00091010].value == b"http://h/b"

    def test_no_handler_warns(self):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            ds = Dataset.from_xml(self.TEXT)
        assert [str(warning.message) for warning in caught] == [
            f'No bulk data URI handler provided for retrieval of value of data element "{tag}"'
            for tag in ("7FE00010", "00091010")
        ]
        assert ds.PixelData is None


class TestRefusedInput:
    @pytest.mark.parametrize(
        "text",
        [
            # billion laughs
            '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
            '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
            "<NativeDicomModel>&lol3;</NativeDicomModel>",
            # external entity (XXE)
            '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
            '<NativeDicomModel><DicomAttribute tag="00100020" vr="LO"><Value number="1">&xxe;'
            "</Value></DicomAttribute></NativeDicomModel>",
            # external DTD
            '<?xml version="1.0"?><!DOCTYPE NativeDicomModel SYSTEM "http://example.com/x.dtd">'
            "<NativeDicomModel/>",
            # a harmless DTD is refused all the same
            "<!DOCTYPE NativeDicomModel><NativeDicomModel/>",
        ],
    )
    def test_doctype_refused(self, text):
        with pytest.raises(ValueError, match="document type declaration"):
            Dataset.from_xml(text)

    @pytest.mark.parametrize(
        "text, message",
        [
            ("<NativeDicomModel>&undefined;</NativeDicomModel>", "not well-formed: undefined entity"),
            ("<NativeDicomModel><DicomAttribute", "not well-formed"),
            ("", "not well-formed"),
            ("<Other/>", "root element is <Other>"),
            ("<NativeDicomModel><Foo/></NativeDicomModel>", "Unexpected element <Foo>"),
            ('<NativeDicomModel><DicomAttribute tag="0010" vr="LO"/></NativeDicomModel>', "Invalid tag '0010'"),
            ('<NativeDicomModel><DicomAttribute tag="0010002G" vr="LO"/></NativeDicomModel>', "Invalid tag"),
            ('<NativeDicomModel><DicomAttribute tag="00100020"/></NativeDicomModel>', "needs both 'tag' and 'vr'"),
            (
                '<NativeDicomModel><DicomAttribute tag="00280010" vr="US"><Value number="1">x</Value>'
                "</DicomAttribute></NativeDicomModel>",
                r"Invalid US value 'x' of tag \(0028, 0010\)",
            ),
            (
                '<NativeDicomModel><DicomAttribute tag="00209165" vr="AT"><Value number="1">zz</Value>'
                "</DicomAttribute></NativeDicomModel>",
                r"Invalid AT value 'zz' of tag \(0020, 9165\)",
            ),
            (
                '<NativeDicomModel><DicomAttribute tag="00280010" vr="US"><Value number="2">1</Value>'
                "</DicomAttribute></NativeDicomModel>",
                r"numbers of tag \(0028, 0010\) are not 1 to 1",
            ),
            (
                '<NativeDicomModel><DicomAttribute tag="00280010" vr="US"><Value>1</Value>'
                "</DicomAttribute></NativeDicomModel>",
                "invalid 'number': None",
            ),
            (
                '<NativeDicomModel><DicomAttribute tag="00280010" vr="US"><Value number="1">1</Value>'
                '<Item number="1"/></DicomAttribute></NativeDicomModel>',
                r"tag \(0028, 0010\) mixes",
            ),
            (
                '<NativeDicomModel><DicomAttribute tag="00280010" vr="US"><Item number="1"/>'
                "</DicomAttribute></NativeDicomModel>",
                "has <Item>s but VR US",
            ),
            (
                '<NativeDicomModel><DicomAttribute tag="7FE00010" vr="OB"><InlineBinary>A!==</InlineBinary>'
                "</DicomAttribute></NativeDicomModel>",
                r"Invalid base64 in the <InlineBinary> of tag \(7FE0, 0010\)",
            ),
            (
                '<NativeDicomModel><DicomAttribute tag="7FE00010" vr="OB"><BulkData/>'
                "</DicomAttribute></NativeDicomModel>",
                "has no 'uri'",
            ),
            (
                '<NativeDicomModel><DicomAttribute tag="00100010" vr="PN"><PersonName number="1">'
                "<Other/></PersonName></DicomAttribute></NativeDicomModel>",
                "Unexpected element <Other> in a <PersonName>",
            ),
            (
                '<NativeDicomModel><DicomAttribute tag="00280010" vr="US"><Value number="1">70000</Value>'
                "</DicomAttribute></NativeDicomModel>",
                r"Data element \(0028, 0010\) could not be loaded from XML",
            ),
        ],
    )
    def test_bad_documents(self, text, message):
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # an invalid value must raise, not warn
            with pytest.raises(ValueError, match=message):
                Dataset.from_xml(text)

    def test_not_text(self):
        with pytest.raises(TypeError, match="must be str, bytes or bytearray, not dict"):
            Dataset.from_xml({})


# -- DCMTK interoperability --------------------------------------------------

DCM2XML = shutil.which("dcm2xml")
needs_dcmtk = pytest.mark.skipif(DCM2XML is None, reason="DCMTK's dcm2xml is not installed")

# Departures of DCMTK 3.6.7 from PS3.19 that the comparisons allow for:
# * OW, OF, OD and OL values are base64 of the bytes swapped to big endian;
#   PS3.19 (like PS3.18 F.2.7) carries the Value Field in little endian.
# * FL and FD values are text of its own number formatting ("3" for 3.0,
#   nine significant digits for FL): compared as numbers.
# * Leading spaces of AE, CS, DS, IS, LO, SH and UI values are dropped; they
#   are insignificant for those VRs (PS3.5 Table 6.2-1), and dcmcore keeps
#   what the file holds: compared stripped.
# * A private element without private creator loses its block in the tag,
#   and the components of a person name are carried over into the next name
#   of a multi-valued PN when that one leaves them out: not in these data.
_SWAPPED_VRS = {"OW": 2, "OF": 4, "OL": 4, "OD": 8}
_SPACES_INSIGNIFICANT = {"AE", "CS", "DS", "IS", "LO", "SH", "UI"}


def interop_dataset(charset="ISO_IR 192"):
    ds = build_dataset()
    ds.SpecificCharacterSet = charset
    # what DCMTK cannot carry (see above), and values it would re-format
    for tag in (0x00081050, 0x00104000):
        del ds[tag]
    if charset != "ISO_IR 192":
        ds.PatientName = "Doe^John"
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = "1.2.840.10008.1.2.1"
    ds.file_meta.MediaStorageSOPClassUID = ds.SOPClassUID
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    ds.is_little_endian = True
    ds.is_implicit_VR = False
    return ds


def dcmtk_xml(path):
    return subprocess.run([DCM2XML, "-nat", "+Eb", str(path)], check=True, capture_output=True).stdout


def assert_same_tree(ours, theirs, vr=None):
    assert ours.tag == theirs.tag
    assert ours.attrib == theirs.attrib, (ours.tag, ours.attrib, theirs.attrib)
    assert len(ours) == len(theirs), (ours.tag, ours.attrib, [c.tag for c in ours], [c.tag for c in theirs])
    vr = ours.get("vr", vr)
    if len(ours):
        for our_child, their_child in zip(ours, theirs):
            assert_same_tree(our_child, their_child, vr)
        return
    our_text, their_text = ours.text or "", theirs.text or ""
    if ours.tag == "InlineBinary" and vr in _SWAPPED_VRS:
        size = _SWAPPED_VRS[vr]
        data = base64.b64decode(their_text)
        swapped = b"".join(data[start:start + size][::-1] for start in range(0, len(data), size))
        assert base64.b64decode(our_text) == swapped
    elif ours.tag == "Value" and vr == "FL":
        assert struct.pack("<f", float(our_text)) == struct.pack("<f", float(their_text))
    elif ours.tag == "Value" and vr == "FD":
        assert float(our_text) == float(their_text)
    elif vr in _SPACES_INSIGNIFICANT:
        assert our_text.strip(" ") == their_text.strip(" ")
    else:
        assert our_text == their_text, (vr, our_text, their_text)


@needs_dcmtk
class TestDcmtk:
    @pytest.mark.parametrize("charset", ["ISO_IR 192", "ISO_IR 100"])
    def test_same_tree_as_dcm2xml(self, tmp_path, charset):
        import dcmcore

        path = tmp_path / "interop.dcm"
        interop_dataset(charset).save_as(str(path), write_like_original=False)
        theirs = ElementTree.fromstring(dcmtk_xml(path))
        ours = ElementTree.fromstring(dcmcore.dcmread(str(path)).to_xml())
        assert_same_tree(ours, theirs)

    @pytest.mark.parametrize("charset", ["ISO_IR 192", "ISO_IR 100"])
    def test_from_dcm2xml_equals_file(self, tmp_path, charset):
        import dcmcore

        ds = interop_dataset(charset)
        for tag in [elem.tag for elem in ds if elem.VR in _SWAPPED_VRS]:
            del ds[tag]  # DCMTK's byte order, see above
        path = tmp_path / "interop.dcm"
        ds.save_as(str(path), write_like_original=False)
        from_dcmtk = Dataset.from_xml(dcmtk_xml(path))
        assert from_dcmtk == dcmcore.dcmread(str(path))

    @pytest.mark.parametrize("names", [["^^^^"], ["^^", "^"], ["=^^"]])
    def test_separators_only_names_as_dcm2xml(self, tmp_path, names):
        import dcmcore

        ds = interop_dataset()
        ds.OtherPatientNames = names
        path = tmp_path / "names.dcm"
        ds.save_as(str(path), write_like_original=False)
        theirs = ElementTree.fromstring(dcmtk_xml(path))
        ours = ElementTree.fromstring(dcmcore.dcmread(str(path)).to_xml())

        def names_node(root):
            return next(node for node in root if node.get("tag") == "00101001")

        assert_same_tree(names_node(ours), names_node(theirs))
        assert Dataset.from_xml(dcmtk_xml(path)).OtherPatientNames == ""

    def test_waveform_inline_binary_byte_order(self):
        """dcm2xml swaps OW words to big endian; dcmcore keeps the little-endian
        Value Field that PS3.19 carries (see the dcmcore.xmlrep docstring)."""
        import numpy as np

        import dcmcore
        from dcmcore.data import get_testdata_file

        path = get_testdata_file("ECG_12lead.dcm")
        in_file = dcmcore.dcmread(path).WaveformSequence[0].WaveformData
        from_dcmtk = Dataset.from_xml(dcmtk_xml(path)).WaveformSequence[0].WaveformData
        assert from_dcmtk == np.frombuffer(in_file, "<u2").byteswap().tobytes()
        ours = Dataset.from_xml(dcmcore.dcmread(path).to_xml()).WaveformSequence[0].WaveformData
        assert ours == in_file

    def test_swapped_binary_is_the_only_difference(self, tmp_path):
        import dcmcore

        ds = interop_dataset()
        path = tmp_path / "interop.dcm"
        ds.save_as(str(path), write_like_original=False)
        from_dcmtk = Dataset.from_xml(dcmtk_xml(path))
        from_file = dcmcore.dcmread(str(path))
        differing = [elem.tag for elem in from_file if from_dcmtk.get(elem.tag) != elem]
        assert sorted(differing) == sorted(elem.tag for elem in from_file if elem.VR in _SWAPPED_VRS)
