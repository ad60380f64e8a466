"""Raw-to-element conversion: DataElement_from_raw over a typical header.

The raw elements are those of pydicom's CT_small.dcm and MR_small.dcm test
files without sequences and pixel data (about 300 elements: CS, DA, TM, UI,
LO, SH, PN, US, IS, DS, UL, private tags, ...), as read in explicit VR and,
with the VR dropped, as implicit VR. Each library converts its own copy of
the same raw elements; the time is per element.
"""

import pydicom
import pydicom.dataelem
import pydicom.datadict
from harness import Case, compare
from pydicom.data import get_testdata_file

import dcmcore.dataelem
from dcmcore.tag import Tag


def pydicom_raw_elements() -> list:
    raws = []
    for name in ("CT_small.dcm", "MR_small.dcm"):
        ds = pydicom.dcmread(get_testdata_file(name), stop_before_pixels=True)
        for tag in ds.keys():
            raw = ds.get_item(tag)
            if isinstance(raw, pydicom.dataelem.RawDataElement):
                raws.append(raw)
    return raws


def main() -> None:
    explicit = pydicom_raw_elements()
    # implicit VR: the elements whose VR the dictionaries give back
    implicit = [
        raw._replace(VR=None, is_implicit_VR=True)
        for raw in explicit
        if raw.VR != "SQ"
        and (raw.tag.is_private or pydicom.datadict.dictionary_VR(raw.tag) == raw.VR)
    ]
    for title, theirs in (("explicit VR", explicit), ("implicit VR", implicit)):
        ours = [dcmcore.dataelem.RawDataElement(Tag(raw.tag), *raw[1:]) for raw in theirs]
        count = len(ours)
        ours_convert = dcmcore.dataelem.DataElement_from_raw
        theirs_convert = pydicom.dataelem.DataElement_from_raw
        medians = compare(
            f"DataElement_from_raw, {count} header elements, {title}",
            [
                Case("dcmcore", lambda: [ours_convert(raw, ["iso8859"]) for raw in ours]),
                Case("pydicom", lambda: [theirs_convert(raw, ["iso8859"]) for raw in theirs]),
            ],
            number=20,
            rounds=9,
        )
        print(
            f"  per element: dcmcore {medians[0] / count * 1e9:.0f} ns, "
            f"pydicom {medians[1] / count * 1e9:.0f} ns"
        )


if __name__ == "__main__":
    main()
