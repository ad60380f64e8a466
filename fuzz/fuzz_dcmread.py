"""Fuzz target: the element tokenizer and dcmread.

Each input is read with ``dcmread(force=True)``, printed, every value touched
(nested ones too), turned into DICOM JSON and XML, written again and read
back. Seeds: the example files in every uncompressed transfer syntax, RLE
and deflated."""

import copy
import io

from _harness import example_files, main, pydicom_oracle, written

import dcmcore
from dcmcore import uid


def read_all(module, data: bytes) -> None:
    """Read, print, touch, convert, rewrite and re-read with `module`
    (dcmcore, or pydicom as the oracle, which has no XML)."""
    ds = module.dcmread(io.BytesIO(data), force=True)
    str(ds)
    for elem in ds.iterall():
        elem.value
        repr(elem)
    ds.to_json_dict()
    if module is dcmcore:
        ds.to_xml()
    again = module.dcmread(io.BytesIO(written(ds)), force=True)
    str(again)


def one_input(data: bytes) -> None:
    read_all(dcmcore, data)


def seeds():
    for data in example_files():
        yield data
        ds = dcmcore.dcmread(io.BytesIO(data))
        for syntax in (uid.ImplicitVRLittleEndian, uid.ExplicitVRBigEndian, uid.DeflatedExplicitVRLittleEndian):
            if ds.file_meta.TransferSyntaxUID.is_compressed:
                break
            other = copy.deepcopy(ds)
            other.file_meta.TransferSyntaxUID = syntax
            other.is_little_endian = syntax.is_little_endian
            other.is_implicit_VR = syntax.is_implicit_VR
            yield written(other)


if __name__ == "__main__":
    main("dcmread", one_input, seeds, oracle=pydicom_oracle(read_all))
