"""Write dcmcore's data dictionary files from the DICOM standard's PS3.6 tables.

The facts (tags, VRs, VMs, names, keywords, retired flags, private dictionary
entries and the UIDs of PS3.6 Annex A) are read, as data, from an installed
pydicom 2.4.5 so that dcmcore's dictionary is the same edition as the oracle's.
The package itself never imports pydicom: it ships the three tab-separated
files this script writes.

Usage::

    pip install pydicom==2.4.5
    python tools/gen_dictionary.py            # rewrites dcmcore/_*.tsv

File formats (UTF-8, one record a line, fields separated by a tab):

``_dictionary.tsv``
    ``tag VR VM name retired keyword`` where ``tag`` is 8 hex digits, or a
    repeater mask such as ``60xx3000`` (``x`` matches any hex digit).
``_private_dictionary.tsv``
    a ``>creator`` line starts each private creator's block, followed by
    ``tag VR VM name retired`` lines whose tag has ``xx`` for the block byte.
``_uid_dictionary.tsv``
    ``uid name type info retired keyword``.
"""

from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "dcmcore"


def _check(*fields: str) -> None:
    for field in fields:
        if "\t" in field or "\n" in field:
            raise ValueError(f"field {field!r} holds a tab or newline")


def main() -> None:
    from pydicom import __version__
    from pydicom._dicom_dict import DicomDictionary, RepeatersDictionary
    from pydicom._private_dict import private_dictionaries
    from pydicom._uid_dict import UID_dictionary

    if __version__ != "2.4.5":
        raise SystemExit(f"need pydicom 2.4.5 for the same edition, found {__version__}")

    lines = []
    for tag, (vr, vm, name, retired, keyword) in DicomDictionary.items():
        _check(vr, vm, name, retired, keyword)
        lines.append(f"{tag:08X}\t{vr}\t{vm}\t{name}\t{retired}\t{keyword}")
    for mask, (vr, vm, name, retired, keyword) in RepeatersDictionary.items():
        _check(mask, vr, vm, name, retired, keyword)
        lines.append(f"{mask}\t{vr}\t{vm}\t{name}\t{retired}\t{keyword}")
    (OUT / "_dictionary.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")

    lines = []
    for creator, entries in private_dictionaries.items():
        _check(creator)
        lines.append(f">{creator}")
        for tag, (vr, vm, name, retired) in entries.items():
            _check(tag, vr, vm, name, retired)
            lines.append(f"{tag}\t{vr}\t{vm}\t{name}\t{retired}")
    (OUT / "_private_dictionary.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")

    lines = []
    for uid, (name, kind, info, retired, keyword) in UID_dictionary.items():
        _check(uid, name, kind, info, retired, keyword)
        lines.append(f"{uid}\t{name}\t{kind}\t{info}\t{retired}\t{keyword}")
    (OUT / "_uid_dictionary.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
