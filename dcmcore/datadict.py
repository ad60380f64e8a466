"""The DICOM data dictionary (PS3.6): look up VR, VM, name and keyword of tags.

The standard's elements and repeating groups load from ``_dictionary.tsv`` when
this module is first imported; the much larger private dictionary loads from
``_private_dictionary.tsv`` on first use. Both files are written by
``tools/gen_dictionary.py``.
"""

import warnings
from pathlib import Path
from typing import Dict, List, Optional, Set, Tuple

from dcmcore.tag import BaseTag, Tag, TagType

_HERE = Path(__file__).parent

DictEntry = Tuple[str, str, str, str, str]
PrivateDictEntry = Tuple[str, str, str, str]

#: Standard elements: tag (int) -> (VR, VM, name, retired, keyword).
DicomDictionary: Dict[int, DictEntry] = {}
#: Repeating-group elements: mask such as ``"60xx3000"`` -> entry as above.
RepeatersDictionary: Dict[str, DictEntry] = {}


def _load_standard() -> None:
    text = (_HERE / "_dictionary.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        key, vr, vm, name, retired, keyword = line.split("\t")
        if "x" in key:
            RepeatersDictionary[key] = (vr, vm, name, retired, keyword)
        else:
            DicomDictionary[int(key, 16)] = (vr, vm, name, retired, keyword)


_load_standard()

#: keyword -> tag (int) for the standard elements.
keyword_dict: Dict[str, int] = {entry[4]: tag for tag, entry in DicomDictionary.items()}

# Added keywords that int(keyword, 16) also accepts: Tag() reads those as hex
# numbers, as pydicom does (no keyword of the standard is one).
_hex_keywords: Set[str] = set()


def _is_hex_number(text: str) -> bool:
    try:
        int(text, 16)
    except ValueError:
        return False
    return True

#: mask -> (value with x as 0, bits that must match) for every repeater mask.
masks: Dict[str, Tuple[int, int]] = {
    mask_x: (
        int(mask_x.replace("x", "0"), 16),
        int("".join("0" if c == "x" else "F" for c in mask_x), 16),
    )
    for mask_x in RepeatersDictionary
}

REPEATER_KEYWORDS: List[str] = [entry[4] for entry in RepeatersDictionary.values()]

_private_dictionaries: Optional[Dict[str, Dict[str, PrivateDictEntry]]] = None


def _private() -> Dict[str, Dict[str, PrivateDictEntry]]:
    """Return the private dictionary, loading it on first use."""
    global _private_dictionaries
    if _private_dictionaries is None:
        loaded: Dict[str, Dict[str, PrivateDictEntry]] = {}
        entries: Dict[str, PrivateDictEntry] = {}
        text = (_HERE / "_private_dictionary.tsv").read_text(encoding="utf-8")
        for line in text.splitlines():
            if line.startswith(">"):
                entries = loaded.setdefault(line[1:], {})
            else:
                key, vr, vm, name, retired = line.split("\t")
                entries[key] = (vr, vm, name, retired)
        _private_dictionaries = loaded
    return _private_dictionaries


def __getattr__(name: str):  # PEP 562: load the private dictionary lazily
    if name == "private_dictionaries":
        return _private()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def mask_match(tag: int) -> Optional[str]:
    """Return the repeater mask matching `tag`, or ``None``.

    Parameters
    ----------
    tag : int
        The tag to match, e.g. ``0x60023000`` matches ``"60xx3000"``.
    """
    for mask_x, (value, bits) in masks.items():
        if (tag ^ value) & bits == 0:
            return mask_x
    return None


def add_dict_entry(
    tag: int, VR: str, keyword: str, description: str, VM: str = "1", is_retired: str = ""
) -> None:
    """Add or replace one standard (non-private) dictionary entry.

    Parameters
    ----------
    tag : int
        The tag.
    VR, keyword, description, VM, is_retired : str
        The entry's fields; `is_retired` is ``""`` or ``"Retired"``.

    Raises
    ------
    ValueError
        If `tag` is private.
    """
    add_dict_entries({tag: (VR, VM, description, is_retired, keyword)})


def add_dict_entries(new_entries_dict: Dict[int, DictEntry]) -> None:
    """Add or replace standard dictionary entries.

    Parameters
    ----------
    new_entries_dict : dict
        tag -> ``(VR, VM, description, is_retired, keyword)``.

    Raises
    ------
    ValueError
        If any tag is private.
    """
    if any(BaseTag(tag).is_private for tag in new_entries_dict):
        raise ValueError(
            'Private tags cannot be added using "add_dict_entries" - '
            'use "add_private_dict_entries" instead'
        )
    DicomDictionary.update(new_entries_dict)
    keyword_dict.update({entry[4]: tag for tag, entry in new_entries_dict.items()})
    _hex_keywords.update(
        entry[4] for entry in new_entries_dict.values() if _is_hex_number(entry[4])
    )


def add_private_dict_entry(
    private_creator: str, tag: int, VR: str, description: str, VM: str = "1"
) -> None:
    """Add or replace one private dictionary entry for `private_creator`.

    Raises
    ------
    ValueError
        If `tag` is not private.
    """
    add_private_dict_entries(private_creator, {tag: (VR, VM, description, "")})


def add_private_dict_entries(
    private_creator: str, new_entries_dict: Dict[int, PrivateDictEntry]
) -> None:
    """Add or replace private dictionary entries for `private_creator`.

    Parameters
    ----------
    private_creator : str
        The private creator the entries belong to.
    new_entries_dict : dict
        tag -> ``(VR, VM, description, is_retired)``; the tag's block byte
        (bits 8 to 15) is ignored.

    Raises
    ------
    ValueError
        If any tag is not private.
    """
    if not all(BaseTag(tag).is_private for tag in new_entries_dict):
        raise ValueError(
            "Non-private tags cannot be added using "
            "'add_private_dict_entries()' - use 'add_dict_entries()' instead"
        )
    new_entries = {
        f"{tag >> 16:04x}xx{tag & 0xFF:02x}": entry for tag, entry in new_entries_dict.items()
    }
    _private().setdefault(private_creator, {}).update(new_entries)


def _find_entry(tag: TagType) -> Optional[DictEntry]:
    """Return the standard or repeater entry of `tag`, or ``None``."""
    # Look up with a plain int: with a BaseTag key the dict would call
    # BaseTag.__eq__ (Python level) on every hit.
    if type(tag) is int:
        entry = DicomDictionary.get(tag)
        if entry is not None:
            return entry
    tag = int(Tag(tag))  # checks the tag
    entry = DicomDictionary.get(tag)
    if entry is None and not (tag >> 16) & 1:  # repeaters are never private
        mask_x = mask_match(tag)
        if mask_x:
            return RepeatersDictionary[mask_x]
    return entry


def get_entry(tag: TagType) -> DictEntry:
    """Return ``(VR, VM, name, retired, keyword)`` for a standard or repeater tag.

    Raises
    ------
    KeyError
        If `tag` is in neither the standard nor the repeaters dictionary.
    """
    entry = _find_entry(tag)
    if entry is None:
        raise KeyError(f"Tag {Tag(tag)} not found in DICOM dictionary")
    return entry


def dictionary_is_retired(tag: TagType) -> bool:
    """Return ``True`` if the standard marks `tag` as retired (KeyError if unknown)."""
    return "retired" in get_entry(tag)[3].lower()


def dictionary_VR(tag: TagType) -> str:
    """Return the dictionary VR of `tag` (KeyError if unknown)."""
    return get_entry(tag)[0]


def dictionary_VM(tag: TagType) -> str:
    """Return the dictionary VM of `tag` (KeyError if unknown)."""
    return get_entry(tag)[1]


def dictionary_description(tag: TagType) -> str:
    """Return the dictionary name of `tag` (KeyError if unknown)."""
    return get_entry(tag)[2]


def dictionary_keyword(tag: TagType) -> str:
    """Return the keyword of `tag` (KeyError if unknown)."""
    return get_entry(tag)[4]


def dictionary_has_tag(tag: TagType) -> bool:
    """Return ``True`` if `tag` is in the standard dictionary (repeaters excluded)."""
    try:
        return int(Tag(tag)) in DicomDictionary
    except Exception:
        return False


def keyword_for_tag(tag: TagType) -> str:
    """Return the keyword of `tag`, or ``""`` if it has none."""
    entry = _find_entry(tag)
    return entry[4] if entry is not None else ""


def tag_for_keyword(keyword: str) -> Optional[int]:
    """Return the tag (an int) of a standard element `keyword`, or ``None``.

    Hot internal paths call ``keyword_dict.get`` directly.
    """
    return keyword_dict.get(keyword)


def repeater_has_tag(tag: int) -> bool:
    """Return ``True`` if `tag` matches a repeater mask."""
    return mask_match(tag) in RepeatersDictionary


def repeater_has_keyword(keyword: str) -> bool:
    """Return ``True`` if `keyword` belongs to a repeating-group element."""
    return keyword in REPEATER_KEYWORDS


def get_private_entry(tag: TagType, private_creator: str) -> PrivateDictEntry:
    """Return ``(VR, VM, name, retired)`` for a private tag of `private_creator`.

    Raises
    ------
    KeyError
        If the creator or the tag is not in the private dictionary.
    """
    if not isinstance(tag, BaseTag):
        tag = Tag(tag)
    try:
        private_dict = _private()[private_creator]
    except KeyError as exc:
        raise KeyError(
            f"Private creator '{private_creator}' not in the private dictionary"
        ) from exc
    except TypeError as exc:
        msg = f"{tag.private_creator} '{private_creator}' is not a valid private creator"
        warnings.warn(msg)
        raise KeyError(msg) from exc

    group = f"{tag >> 16:04x}"
    elem = f"{tag & 0xFFFF:04x}"
    for key in (f"{group}{elem}", f"{group}xx{elem[-2:]}", f"{group[:2]}xxxx{elem[-2:]}"):
        entry = private_dict.get(key)
        if entry is not None:
            return entry
    raise KeyError(
        f"Tag '{tag}' not in private dictionary for private creator '{private_creator}'"
    )


def private_dictionary_VR(tag: TagType, private_creator: str) -> str:
    """Return the private dictionary VR of `tag` for `private_creator`."""
    return get_private_entry(tag, private_creator)[0]


def private_dictionary_VM(tag: TagType, private_creator: str) -> str:
    """Return the private dictionary VM of `tag` for `private_creator`."""
    return get_private_entry(tag, private_creator)[1]


def private_dictionary_description(tag: TagType, private_creator: str) -> str:
    """Return the private dictionary name of `tag` for `private_creator`."""
    return get_private_entry(tag, private_creator)[2]
