"""Fuzz target: DICOM JSON (PS3.18 F).

An input is read as UTF-8 text by ``Dataset.from_json``; what it gives is
written with ``to_json``, which must read back to the same JSON. Seeds: the
JSON of every example file."""

import dcmcore
from _harness import example_files, main, pydicom_oracle


def round_trip(module, data: bytes) -> None:
    ds = module.Dataset.from_json(data.decode("utf-8", "replace"))
    text = ds.to_json()
    assert module.Dataset.from_json(text).to_json() == text, "JSON round trip changed the dataset"


def one_input(data: bytes) -> None:
    round_trip(dcmcore, data)


def seeds():
    import io

    for data in example_files():
        ds = dcmcore.dcmread(io.BytesIO(data))
        yield ds.to_json().encode()


if __name__ == "__main__":
    main("json", one_input, seeds, also_expected=(TypeError,), oracle=pydicom_oracle(round_trip))
