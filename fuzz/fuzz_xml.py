"""Fuzz target: the DICOM Native XML model (PS3.19 A.1).

An input is read as text by ``Dataset.from_xml`` (which refuses DTDs and
entities); what it gives is written with ``to_xml``, which must read back to
the same XML. Seeds: the XML of every example file."""

import io

import dcmcore
from _harness import example_files, main


def one_input(data: bytes) -> None:
    ds = dcmcore.Dataset.from_xml(data.decode("utf-8", "replace"))
    text = ds.to_xml()
    assert dcmcore.Dataset.from_xml(text).to_xml() == text, "XML round trip changed the dataset"


def seeds():
    for data in example_files():
        yield dcmcore.dcmread(io.BytesIO(data)).to_xml().encode()


if __name__ == "__main__":
    main("xml", one_input, seeds, also_expected=(TypeError,))
