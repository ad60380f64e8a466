"""DICOM File-sets: the DICOMDIR and the instances it references (pydicom
2.4's ``pydicom.fileset``).

A :class:`FileSet` loads a DICOMDIR into a tree of :class:`RecordNode`, one
node per directory record, whose leaves hold a :class:`FileInstance` for
each managed SOP Instance. Additions and removals are staged (added
instances are written to a temporary directory) until :meth:`FileSet.write`
lays the File-set out in pydicom's structure (``PTxxxxxx/STxxxxxx/SExxxxxx/
IMxxxxxx``) and rewrites the DICOMDIR with every record offset recomputed.
"""

import copy
import os
import re
import shutil
import warnings
import weakref
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any, Callable, Dict, Iterable, Iterator, List, Optional, Tuple, Union

from dcmcore import _storage_sopclass_uids as sop
from dcmcore.charset import default_encoding
from dcmcore.datadict import dictionary_description, tag_for_keyword
from dcmcore.dataelem import DataElement
from dcmcore.dataset import Dataset, FileMetaDataset
from dcmcore.filebase import DicomBytesIO, DicomFileLike, write_file_atomically
from dcmcore.filereader import dcmread
from dcmcore.filewriter import write_data_element, write_dataset, write_file_meta_info
from dcmcore.tag import BaseTag, Tag
from dcmcore.uid import (
    UID,
    ExplicitVRLittleEndian,
    ImplicitVRLittleEndian,
    MediaStorageDirectoryStorage,
    generate_uid,
)

__all__ = [
    "DIRECTORY_RECORDERS",
    "FileInstance",
    "FileSet",
    "RecordNode",
    "RootNode",
    "generate_filename",
    "is_conformant_file_id",
]

DSPathType = Union[Dataset, str, "os.PathLike[str]"]

_RE_FILE_ID = re.compile("^[A-Z0-9_]*$")
# The first characters of the File ID component of each record type
_PREFIXES = {
    "PATIENT": "PT",
    "STUDY": "ST",
    "SERIES": "SE",
    "IMAGE": "IM",
    "RT DOSE": "RD",
    "RT STRUCTURE SET": "RS",
    "RT PLAN": "RP",
    "RT TREAT RECORD": "RX",
    "PRESENTATION": "PR",
    "WAVEFORM": "WV",
    "SR DOCUMENT": "SR",
    "KEY OBJECT DOC": "KY",
    "SPECTROSCOPY": "SP",
    "RAW DATA": "RW",
    "REGISTRATION": "RG",
    "FIDUCIAL": "FD",
    "HANGING PROTOCOL": "HG",
    "ENCAP DOC": "ED",
    "VALUE MAP": "VM",
    "STEREOMETRIC": "SX",
    "PALETTE": "PA",
    "IMPLANT": "IP",
    "IMPLANT ASSY": "IA",
    "IMPLANT GROUP": "IG",
    "PLAN": "PL",
    "MEASUREMENT": "MX",
    "SURFACE": "SF",
    "SURFACE SCAN": "SS",
    "TRACT": "TR",
    "ASSESSMENT": "AS",
    "RADIOTHERAPY": "RT",
    "PRIVATE": "P",
}
_FIRST_OFFSET = "OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity"
_NEXT_OFFSET = "OffsetOfTheNextDirectoryRecord"
_LOWER_OFFSET = "OffsetOfReferencedLowerLevelDirectoryEntity"
_LAST_OFFSET = "OffsetOfTheLastDirectoryRecordOfTheRootDirectoryEntity"

_ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# Past this many instances, numeric File IDs could run out in one folder.
_NUMERIC_LIMIT = 10**6
_ALPHANUMERIC_LIMIT = 36**6


def _base_digits(index: int, alphanumeric: bool, width: int) -> str:
    """Return `index` in base 10 (or 36) as `width` digits, zero-padded."""
    chars = _ALPHANUMERIC if alphanumeric else _ALPHANUMERIC[:10]
    digits = ""
    while index:
        index, digit = divmod(index, len(chars))
        digits = chars[digit] + digits
    return digits.rjust(width, "0")


def generate_filename(prefix: str = "", start: int = 0, alphanumeric: bool = False) -> Iterator[str]:
    """Yield 8-character File IDs: `prefix` then an index counting up from `start`.

    Parameters
    ----------
    prefix : str, optional
        Up to 7 characters that begin every File ID (default none).
    start : int, optional
        The first index (default 0: ``'00000000'``).
    alphanumeric : bool, optional
        ``True`` for indices in [0-9A-Z], else (default) [0-9] only.

    Yields
    ------
    str
        ``prefix`` plus the index, zero-padded to 8 characters in all; the
        generator stops when the index no longer fits.

    Raises
    ------
    ValueError
        If `prefix` is longer than 7 characters.
    """
    if len(prefix) > 7:
        raise ValueError("The 'prefix' must be less than 8 characters long")
    width = 8 - len(prefix)
    end = (36 if alphanumeric else 10) ** width
    for index in range(start, end):
        yield prefix + _base_digits(index, alphanumeric, width)


def is_conformant_file_id(path: Path) -> bool:
    """Return ``True`` if `path`, relative to the File-set root, is a
    conformant File ID: at most 8 components (PS3.3 F.3.2.2), each at most 8
    characters from [0-9A-Z_] (PS3.10 8.2, 8.5).
    """
    parts = path.parts
    if len(parts) > 8 or any(len(part) > 8 for part in parts):
        return False
    chars = "".join(parts)
    return chars.isascii() and _RE_FILE_ID.match(chars) is not None


class RecordNode(Iterable["RecordNode"]):
    """One directory record of a DICOMDIR, as a node of the record tree.

    Parameters
    ----------
    record : dataset.Dataset, optional
        The directory record (a *Directory Record Sequence* item).

    Attributes
    ----------
    children : list of RecordNode
        The records of the lower-level directory entity, in order.
    instance : FileInstance or None
        For a leaf, the instance its record references.
    """

    def __init__(self, record: Optional[Dataset] = None) -> None:
        self.children: List["RecordNode"] = []
        self.instance: Optional["FileInstance"] = None
        self._parent: Optional["RecordNode"] = None
        self._record: Dataset
        if record:
            self._set_record(record)
        # Where the record's item starts in the written DICOMDIR (set while
        # writing), and where its two offset values sit within the record.
        self._offset = 0
        self._offset_next = 0
        self._offset_lower = 0

    def add(self, leaf: "RecordNode") -> None:
        """Put the branch ending in `leaf` into the tree below this node.

        Nodes of the branch whose key the tree already has are merged into
        the existing nodes: a new instance of a known series joins it.
        """
        node = leaf.root
        if node is self:
            node = node.children[0]
        current = self.root
        while node in current and node.children:
            current = current[node]
            node = node.children[0]
        node.parent = current

    @property
    def ancestors(self) -> List["RecordNode"]:
        """The node's ancestors below the root, nearest first."""
        return [node for node in self.reverse() if node is not self]

    @property
    def component(self) -> str:
        """The node's File ID component: its type's prefix and its index.

        Raises
        ------
        ValueError
            For the root node.
        """
        if self.is_root:
            raise ValueError("The root node doesn't contribute a File ID component")
        prefix = _PREFIXES[self.record_type]
        if self.record_type == "PRIVATE":
            prefix = f"{prefix}{self.depth}"
        return prefix + _base_digits(self.index, self.file_set._use_alphanumeric, 8 - len(prefix))

    def __contains__(self, key: Union[str, "RecordNode"]) -> bool:
        """Return ``True`` if a child has the key `key` (or the key of the node `key`)."""
        if isinstance(key, RecordNode):
            key = key.key
        return any(child.key == key for child in self.children)

    def __delitem__(self, key: Union[str, "RecordNode"]) -> None:
        """Remove the child with key `key`; a node left childless is removed
        from its parent in turn, up to the root.
        """
        if isinstance(key, RecordNode):
            key = key.key
        if key not in self:
            raise KeyError(key)
        self.children = [child for child in self.children if child.key != key]
        if not self.children and not self.is_root:
            del self.parent[self]

    @property
    def depth(self) -> int:
        """The number of levels between this node and the level below the root."""
        return len(list(self.reverse())) - 1

    def _encode_record(self, force_implicit: bool = False) -> int:
        """Encode the record as the DICOMDIR will (little endian, explicit VR
        unless `force_implicit`); return its length in bytes.

        Also sets ``_offset_next`` and ``_offset_lower``, where the values of
        the two offset elements begin relative to the record's start.
        """
        fp = DicomBytesIO()
        fp.is_little_endian = True
        fp.is_implicit_VR = force_implicit
        encoding = self._record.get("SpecificCharacterSet", default_encoding)
        for tag in sorted(self._record.keys()):
            if tag.element == 0 and tag.group > 6:
                continue  # group lengths are not written
            # An UL element's value starts 8 bytes after its tag in either VR form
            if tag == 0x00041400:
                self._offset_next = fp.tell() + 8
            elif tag == 0x00041420:
                self._offset_lower = fp.tell() + 8
            write_data_element(fp, self._record[tag], encoding)
        return len(fp.getvalue())

    def file_id_path(self, root_path: Path) -> Optional[Path]:
        """Return the record's *Referenced File ID* as a relative path.

        Parameters
        ----------
        root_path : pathlib.Path
            The File-set's root directory.

        Returns
        -------
        pathlib.Path or None
            ``None`` if the element is empty.

        Raises
        ------
        PermissionError
            If the path leads outside `root_path`.
        AttributeError
            If the record has no *Referenced File ID*.
        """
        if "ReferencedFileID" not in self._record:
            raise AttributeError("No 'Referenced File ID' in the directory record")
        elem = self._record["ReferencedFileID"]
        if elem.VM < 1:
            return None
        path = Path(elem.value) if elem.VM == 1 else Path(*elem.value)
        if path.anchor or not (root_path / path).resolve().is_relative_to(root_path):
            raise PermissionError(f"ReferencedFileID ('{path}') must be inside the DICOMDIR root path")
        return path

    @property
    def file_set(self) -> "FileSet":
        """The File-set whose tree holds this node."""
        return self.root.file_set

    def __getitem__(self, key: Union[str, "RecordNode"]) -> "RecordNode":
        """Return the child with key `key` (or the key of the node `key`)."""
        if isinstance(key, RecordNode):
            key = key.key
        for child in self.children:
            if child.key == key:
                return child
        raise KeyError(key)

    @property
    def has_instance(self) -> bool:
        """``True`` if the node references an instance."""
        return self.instance is not None

    @property
    def index(self) -> int:
        """The node's position among its parent's children (0 without a parent)."""
        return self.parent.children.index(self) if self.parent else 0

    @property
    def is_root(self) -> bool:
        """``True`` for the tree's root node."""
        return False

    def __iter__(self) -> Iterator["RecordNode"]:
        """Yield this node (unless it is the root) and every node below it, depth first."""
        if not self.is_root:
            yield self
        for child in self.children:
            yield from child

    @property
    def key(self) -> str:
        """The value that identifies the record among its siblings.

        Patient ID for a PATIENT record (unique in a File-set, PS3.3 F.5.1),
        Study Instance UID for STUDY, Series Instance UID for SERIES, Private
        Record UID for PRIVATE, and otherwise the referenced SOP Instance UID.

        Raises
        ------
        AttributeError
            If a record that references an instance lacks its UID.
        """
        record_type = self.record_type
        record = self._record
        if record_type == "PATIENT":
            return record.PatientID
        if record_type == "STUDY":
            if "StudyInstanceUID" in record:
                return record.StudyInstanceUID
            return record.ReferencedSOPInstanceUIDInFile
        if record_type == "SERIES":
            return record.SeriesInstanceUID
        if record_type == "PRIVATE":
            return record.PrivateRecordUID
        try:
            return record.ReferencedSOPInstanceUIDInFile
        except AttributeError as exc:
            raise AttributeError(
                f"Invalid '{record_type}' record - missing required element "
                "'Referenced SOP Instance UID in File'"
            ) from exc

    @property
    def next(self) -> Optional["RecordNode"]:
        """The next sibling, or ``None``."""
        if not self.parent:
            return None
        siblings = self.parent.children
        position = self.index + 1
        return siblings[position] if position < len(siblings) else None

    @property
    def parent(self) -> "RecordNode":
        """The node's parent (``None`` if it has none); setting it appends
        the node to the new parent's children."""
        return self._parent  # type: ignore[return-value]

    @parent.setter
    def parent(self, node: "RecordNode") -> None:
        self._parent = node
        if node is not None and self not in node.children:
            node.children.append(self)

    def prettify(self, indent_char: str = "  ") -> List[str]:
        """Return the tree from this node down as lines of text.

        Branch records are shown one per line; the leaves of a branch are
        summarized by record type (``IMAGE: 3 SOP Instances (1 addition)``).

        Parameters
        ----------
        indent_char : str, optional
            The indent of each level (default two spaces).
        """
        lines = []
        for node in self:
            indent = indent_char * node.depth
            if node.children:
                lines.append(f"{indent}{node}")
                leaf = next((child for child in node.children if child.has_instance), None)
                if leaf is not None:
                    lines.extend(_leaf_summary(leaf, indent_char))
            elif node.depth == 0 and node.has_instance:
                line = f"{indent}{node.record_type}: 1 SOP Instance"
                if node.instance.for_addition:  # type: ignore[union-attr]
                    line += " (to be added)"
                elif node.instance.for_removal:  # type: ignore[union-attr]
                    line += " (to be removed)"
                lines.append(line)
        return lines

    @property
    def previous(self) -> Optional["RecordNode"]:
        """The previous sibling, or ``None``."""
        if not self.parent or self.index == 0:
            return None
        return self.parent.children[self.index - 1]

    def _set_record(self, ds: Dataset) -> None:
        """Take `ds` as the node's directory record, adding the two offset
        elements if missing and marking the record in use.

        Raises
        ------
        ValueError
            If the record has no *Directory Record Type* or lacks the
            element its :attr:`key` needs.
        """
        offset = getattr(ds, "seq_item_tell", None)
        record_type = ds.get("DirectoryRecordType", None)
        what = f"The {record_type} directory record" if record_type else "The directory record"
        msg = f"{what} at offset {offset} is missing" if offset else f"{what} is missing"
        if "DirectoryRecordType" not in ds:
            raise ValueError(f"{msg} one or more required elements: DirectoryRecordType")
        if _NEXT_OFFSET not in ds:
            setattr(ds, _NEXT_OFFSET, 0)
        if _LOWER_OFFSET not in ds:
            setattr(ds, _LOWER_OFFSET, 0)
        ds.RecordInUseFlag = 0xFFFF
        self._record = ds
        try:
            self.key
        except (AttributeError, ValueError) as exc:
            raise ValueError(f"{msg} a required element") from exc

    @property
    def record_type(self) -> str:
        """The record's *Directory Record Type*."""
        return self._record.DirectoryRecordType

    def remove(self, node: "RecordNode") -> None:
        """Remove the leaf `node` (and any branch it leaves empty) from the tree.

        Raises
        ------
        ValueError
            If `node` references no instance.
        """
        if not node.has_instance:
            raise ValueError("Only leaf nodes can be removed")
        del node.parent[node]

    def reverse(self) -> Iterable["RecordNode"]:
        """Yield this node and its ancestors, nearest first, the root excluded."""
        node = self
        while node.parent:
            yield node
            node = node.parent
        if not node.is_root:
            yield node

    @property
    def root(self) -> "RecordNode":
        """The root of the node's tree (the node itself without a parent)."""
        node = self
        while node.parent:
            node = node.parent
        return node

    def __str__(self) -> str:
        """Return the record type and its identifying values."""
        if self.is_root:
            return "ROOT"
        ds = self._record
        record_type = self.record_type
        if record_type == "PATIENT":
            parts = [f"PatientID='{ds.PatientID}'", f"PatientName='{ds.PatientName}'"]
        elif record_type == "STUDY":
            parts = [f"StudyDate={ds.StudyDate}", f"StudyTime={ds.StudyTime}"]
            if getattr(ds, "StudyDescription", None):
                parts.append(f"StudyDescription='{ds.StudyDescription}'")
        elif record_type == "SERIES":
            parts = [f"Modality={ds.Modality}", f"SeriesNumber={ds.SeriesNumber}"]
        elif record_type == "IMAGE":
            parts = [f"InstanceNumber={ds.InstanceNumber}"]
        else:
            parts = [f"{self.key}"]
        return f"{record_type}: {', '.join(parts)}"

    def _update_record_offsets(self) -> None:
        """Point the record's offset elements at the next sibling and the
        first child, from their ``_offset`` (0 where there is none)."""
        self._record[_NEXT_OFFSET].value = self.next._offset if self.next else 0
        self._record[_LOWER_OFFSET].value = self.children[0]._offset if self.children else 0


def _leaf_summary(leaf: RecordNode, indent_char: str) -> List[str]:
    """Summarize `leaf` and its sibling leaves by record type, with the
    staged changes (``IMAGE: 15 SOP Instances (10 initial, 9 additions, 4 removals)``)."""
    if leaf.children:
        return []
    indent = indent_char * leaf.depth
    siblings = [node for node in leaf.parent if node.has_instance]
    lines = []
    for record_type in sorted({node.record_type for node in siblings}):
        instances = [node.instance for node in siblings if node.record_type == record_type and node.instance]
        added = len([instance for instance in instances if instance.for_addition])
        removed = len([instance for instance in instances if instance.for_removal])
        initial = len(instances) - added
        result = len(instances) - removed
        changes = []
        if (added or removed) and initial > 0:
            changes.append(f"{initial} initial")
        if added:
            changes.append(f"{added} addition{'s' if added > 1 else ''}")
        if removed:
            changes.append(f"{removed} removal{'s' if removed > 1 else ''}")
        line = f"{indent}{record_type}: {result} SOP Instance{'' if result == 1 else 's'}"
        if changes:
            line += f" ({', '.join(changes)})"
        lines.append(line)
    return lines


class RootNode(RecordNode):
    """The root of a File-set's record tree (it has no record).

    Parameters
    ----------
    fs : FileSet
        The File-set the tree belongs to.
    """

    def __init__(self, fs: "FileSet") -> None:
        super().__init__()
        self._fs = fs

    @property
    def file_set(self) -> "FileSet":
        """The File-set the tree belongs to."""
        return self._fs

    @property
    def is_root(self) -> bool:
        """Always ``True``."""
        return True


# Tags that a FileInstance looks up under the name the directory record uses
_RECORD_TAGS = {
    0x00080018: 0x00041511,  # SOP Instance UID: Referenced SOP Instance UID in File
    0x00080016: 0x00041510,  # SOP Class UID: Referenced SOP Class UID in File
    0x00020010: 0x00041512,  # Transfer Syntax UID: Referenced Transfer Syntax UID in File
}


class _StageFlags:
    """Whether an instance is staged for addition and for removal."""

    __slots__ = ("add", "remove")

    def __init__(self) -> None:
        self.add = False
        self.remove = False


class FileInstance:
    """A SOP Instance of a File-set, seen through its directory records.

    Its elements are those of the leaf record and of the records above it
    (searched from the leaf up), by keyword as attributes or by keyword or
    tag with ``[]``.

    Parameters
    ----------
    node : RecordNode
        The leaf record that references the instance.

    Attributes
    ----------
    node : RecordNode
        The leaf record that references the instance.
    """

    def __init__(self, node: RecordNode) -> None:
        self._flags = _StageFlags()
        self._stage_path: Optional[Path] = None
        self.node = node

    def _apply_stage(self, flag: str) -> None:
        """Stage the instance for addition (``'+'``), removal (``'-'``) or
        neither (``'x'``); an addition cancels a staged removal and the
        other way round."""
        flags = self._flags
        if flag == "x":
            flags.add = flags.remove = False
            self._stage_path = None
        elif flag == "+":
            if flags.remove:
                flags.remove = False
                self._stage_path = None
            else:
                flags.add = True
                self._stage_path = self.file_set._stage["path"] / self.SOPInstanceUID
        elif flag == "-":
            if flags.add:
                flags.add = False
            else:
                flags.remove = True
            self._stage_path = None

    def __contains__(self, name: Union[str, int]) -> bool:
        """Return ``True`` if a record of the instance has the element `name` (keyword or tag)."""
        try:
            self[name]
        except KeyError:
            return False
        return True

    @property
    def FileID(self) -> str:
        """The instance's File ID in pydicom's structure, as a relative path."""
        components = [node.component for node in self.node.reverse()]
        return os.fspath(Path(*reversed(components)))

    @property
    def file_set(self) -> "FileSet":
        """The File-set the instance belongs to."""
        return self.node.file_set

    @property
    def for_addition(self) -> bool:
        """``True`` if the instance is staged for addition."""
        return self._flags.add

    @property
    def for_moving(self) -> bool:
        """``True`` if writing will move the instance to a new File ID."""
        if self.for_addition:
            return False
        file_id = self.FileID.split(os.path.sep)
        if self["ReferencedFileID"].VM == 1:
            return [self.ReferencedFileID] != file_id
        return bool(self.ReferencedFileID != file_id)

    @property
    def for_removal(self) -> bool:
        """``True`` if the instance is staged for removal."""
        return self._flags.remove

    def __getattribute__(self, name: str) -> Any:
        """Return the value of the element with keyword `name` from the
        instance's records (leaf first), else the attribute `name`."""
        tag = tag_for_keyword(name)
        if tag is not None:
            for node in object.__getattribute__(self, "node").reverse():
                record = node._record
                if tag in record:
                    return record[tag].value
        return object.__getattribute__(self, name)

    def __getitem__(self, key: Union[str, int]) -> DataElement:
        """Return the element `key` (keyword or tag) from the instance's
        records, leaf first; SOP Instance, SOP Class and Transfer Syntax UIDs
        are their records' *Referenced ... in File* elements.

        Raises
        ------
        KeyError
            If no record has the element.
        """
        tag = key if isinstance(key, BaseTag) else Tag(key)
        tag = Tag(_RECORD_TAGS.get(tag, tag))
        for node in self.node.reverse():
            if tag in node._record:
                return node._record[tag]
        raise KeyError(tag)

    @property
    def is_private(self) -> bool:
        """``True`` if the leaf record is a PRIVATE record."""
        return self.node.record_type == "PRIVATE"

    @property
    def is_staged(self) -> bool:
        """``True`` if the instance is staged for addition, moving or removal."""
        return self.for_addition or self.for_moving or self.for_removal

    def load(self) -> Dataset:
        """Read and return the instance's dataset (from the stage if it is
        staged for addition)."""
        return dcmread(self.path)

    @property
    def path(self) -> str:
        """The absolute path of the instance's file: in the staging
        directory if staged for addition, else in the File-set."""
        if self.for_addition:
            return os.fspath(self._stage_path)  # type: ignore[arg-type]
        root_path = self.file_set.root_path
        return os.fspath(root_path / self.node.file_id_path(root_path))  # type: ignore[operator]

    @property
    def SOPClassUID(self) -> UID:
        """The referenced instance's SOP Class UID."""
        return self.ReferencedSOPClassUIDInFile

    @property
    def SOPInstanceUID(self) -> UID:
        """The referenced instance's SOP Instance UID."""
        return self.ReferencedSOPInstanceUIDInFile

    @property
    def TransferSyntaxUID(self) -> UID:
        """The referenced instance's Transfer Syntax UID."""
        return self.ReferencedTransferSyntaxUIDInFile


class FileSet:
    """A DICOM File-set: load, search, change and write one.

    Parameters
    ----------
    ds : dataset.Dataset, str or PathLike, optional
        A DICOMDIR dataset (read from a file) or the path of a DICOMDIR file
        to load; without it a new, empty File-set with a new UID.
    """

    def __init__(self, ds: Optional[DSPathType] = None) -> None:
        self._root_path: Optional[Path] = None
        self._tree = RootNode(self)
        # Staged changes: '+' additions and '-' removals by SOP Instance UID,
        # '~' instances to move, '^' File-set Identification changed.
        self._stage: Dict[str, Any] = {"+": {}, "-": {}, "~": False, "^": False}
        self._new_stage_directory()
        self._ds = Dataset()  # the DICOMDIR, not kept up to date
        self._instances: List[FileInstance] = []
        self._use_alphanumeric = False
        self._id: Optional[str] = None
        self._uid: Optional[UID] = None
        self._descriptor: Optional[Union[str, List[str]]] = None
        self._charset: Optional[str] = None
        if ds:
            self.load(ds)
        else:
            self.UID = generate_uid()

    def _staged_removal(self, key: str) -> Optional[FileInstance]:
        """Unstage and return the instance `key` if it was staged for removal."""
        instance = self._stage["-"].pop(key, None)
        if instance is not None:
            self._instances.append(instance)
            instance._apply_stage("+")
        return instance

    def _stage_addition(self, ds: Dataset, leaf: RecordNode) -> FileInstance:
        """Put the branch ending in `leaf` into the tree and write `ds` to the stage."""
        instance = FileInstance(leaf)
        leaf.instance = instance
        self._tree.add(leaf)
        self._stage["+"][instance.SOPInstanceUID] = instance
        self._instances.append(instance)
        instance._apply_stage("+")
        ds.save_as(instance.path, write_like_original=False)
        return instance

    def _existing(self, ds_or_path: DSPathType) -> Tuple[Dataset, Optional[FileInstance]]:
        """Return the dataset of `ds_or_path` and the File-set's instance of
        it if there is one (a staged removal is cancelled)."""
        ds = dcmread(ds_or_path) if isinstance(ds_or_path, (str, os.PathLike)) else ds_or_path
        key = ds.SOPInstanceUID
        have = [instance for instance in self if instance.SOPInstanceUID == key]
        kept = self._staged_removal(key)
        if kept is not None:
            return ds, kept
        return ds, (have[0] if have else None)

    def add(self, ds_or_path: DSPathType) -> FileInstance:
        """Stage an instance for addition, with records made by
        :data:`DIRECTORY_RECORDERS`; return its :class:`FileInstance`.

        Adding an instance staged for removal cancels the removal; adding
        one already in the File-set returns it unchanged.

        Parameters
        ----------
        ds_or_path : dataset.Dataset, str or PathLike
            The instance or the path of its file.

        Raises
        ------
        ValueError
            If the instance lacks an element its records need.
        """
        ds, instance = self._existing(ds_or_path)
        if instance is not None:
            return instance
        records = self._recordify(ds)
        node = RecordNode(next(records))
        for record in records:
            child = RecordNode(record)
            child.parent = node
            node = child
        return self._stage_addition(ds, node)

    def add_custom(self, ds_or_path: DSPathType, leaf: RecordNode) -> FileInstance:
        """Stage an instance for addition with records of your own making
        (needed for PRIVATE records); return its :class:`FileInstance`.

        The leaf record gets *Referenced File ID*, *Referenced SOP Class /
        SOP Instance / Transfer Syntax UID in File*; every record gets the
        offsets and *Record In-use Flag* it lacks.

        Parameters
        ----------
        ds_or_path : dataset.Dataset, str or PathLike
            The instance or the path of its file.
        leaf : RecordNode
            The leaf node, its ancestors (at most 7) already linked.

        Raises
        ------
        ValueError
            If `leaf` has more than 7 ancestors.
        """
        ds = dcmread(ds_or_path) if isinstance(ds_or_path, (str, os.PathLike)) else ds_or_path
        if leaf.depth > 7:
            raise ValueError(
                "The 'leaf' node must not have more than 7 ancestors as "
                "'FileSet' supports a maximum directory structure depth of 8"
            )
        ds, instance = self._existing(ds)
        if instance is not None:
            return instance
        record = leaf._record
        record.ReferencedFileID = None
        record.ReferencedSOPClassUIDInFile = ds.SOPClassUID
        record.ReferencedSOPInstanceUIDInFile = ds.SOPInstanceUID
        record.ReferencedTransferSyntaxUIDInFile = ds.file_meta.TransferSyntaxUID
        return self._stage_addition(ds, leaf)

    def clear(self) -> None:
        """Empty the File-set: no instances, no root path, a new UID and an empty stage."""
        self._tree.children = []
        self._instances = []
        self._root_path = None
        self._ds = Dataset()
        self._id = None
        self._uid = generate_uid()
        self._descriptor = None
        self._charset = None
        self._stage.update({"+": {}, "-": {}, "~": False, "^": False})
        self._stage["t"].cleanup()
        self._new_stage_directory()

    def _new_stage_directory(self) -> None:
        """Make the temporary directory that holds instances staged for addition.

        It is removed with the File-set (without the ResourceWarning of a
        TemporaryDirectory left to the garbage collector).
        """
        stage = TemporaryDirectory()
        weakref.finalize(self, stage.cleanup)
        self._stage["t"] = stage
        self._stage["path"] = Path(stage.name)

    def _check_size(self) -> None:
        """Switch to alphanumeric File IDs if numeric ones could run out."""
        if len(self) > _NUMERIC_LIMIT:
            self._use_alphanumeric = True
        if len(self) > _ALPHANUMERIC_LIMIT:
            raise NotImplementedError(
                "pydicom doesn't support writing File-sets with more than 2176782336 managed instances"
            )

    def copy(self, path: Union[str, "os.PathLike[str]"], force_implicit: bool = False) -> "FileSet":
        """Write a copy of the File-set, staged changes applied, to the root
        directory `path`, and return it loaded; this File-set stays as it is.

        Parameters
        ----------
        path : str or PathLike
            The new root directory.
        force_implicit : bool, optional
            ``True`` to write the DICOMDIR as implicit VR little endian,
            which does not conform to the standard (default ``False``).

        Raises
        ------
        ValueError
            If `path` is this File-set's own root.
        """
        path = Path(path)
        if self.path and Path(self.path) == path:
            raise ValueError("Cannot copy the File-set as the 'path' is unchanged")
        self._check_size()
        # Staged removals leave the tree while it is copied; taking them out
        # only edits children lists, so restoring the lists puts them back
        # where they were.
        children = [(node, node.children[:]) for node in [self._tree, *self._tree]]
        for instance in self._stage["-"].values():
            self._tree.remove(instance.node)
        file_ids = []
        for instance in self:
            file_ids.append(instance.ReferencedFileID)
            dst = path / Path(instance.FileID)
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(instance.path, dst)
            instance.node._record.ReferencedFileID = instance.FileID.split(os.path.sep)
        dicomdir = path / "DICOMDIR"
        self._save_dicomdir(dicomdir, copy_safe=True, force_implicit=force_implicit)
        for instance, file_id in zip(self, file_ids):
            instance.node._record.ReferencedFileID = file_id
        for node, kept in children:
            node.children = kept
        fs = FileSet()
        fs.load(dicomdir, raise_orphans=True)
        return fs

    def _create_dicomdir(self) -> Dataset:
        """Return a new DICOMDIR dataset with no records."""
        ds = Dataset()
        ds.filename = None
        ds.file_meta = FileMetaDataset()
        ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
        ds.file_meta.MediaStorageSOPInstanceUID = self.UID
        ds.file_meta.MediaStorageSOPClassUID = MediaStorageDirectoryStorage
        ds.FileSetID = self.ID
        ds.OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity = 0
        ds.OffsetOfTheLastDirectoryRecordOfTheRootDirectoryEntity = 0
        ds.FileSetConsistencyFlag = 0
        ds.DirectoryRecordSequence = []
        if self.descriptor_file_id:
            ds.FileSetDescriptorFileID = self.descriptor_file_id
        if self.descriptor_character_set:
            ds.SpecificCharacterSetOfFileSetDescriptorFile = self.descriptor_character_set
        return ds

    def _set_identification(self, attr: str, keyword: str, value: Any) -> None:
        """Set a File-set Identification value, in the DICOMDIR too, and stage the change."""
        setattr(self, attr, value)
        if self._ds:
            setattr(self._ds, keyword, value)
        self._stage["^"] = True

    @property
    def descriptor_character_set(self) -> Optional[str]:
        """The *Specific Character Set of File-set Descriptor File*, or ``None``."""
        return self._charset

    @descriptor_character_set.setter
    def descriptor_character_set(self, val: Optional[str]) -> None:
        if val != self._charset:
            self._set_identification("_charset", "SpecificCharacterSetOfFileSetDescriptorFile", val)

    @property
    def descriptor_file_id(self) -> Optional[Union[str, List[str]]]:
        """The *File-set Descriptor File ID* (a README's path), or ``None``.

        Raises
        ------
        ValueError
            On setting more than 8 components or one longer than 16 characters.
        TypeError
            On setting anything but a str, a list of str or ``None``.
        """
        return self._descriptor

    @descriptor_file_id.setter
    def descriptor_file_id(self, val: Optional[Union[str, List[str]]]) -> None:
        if val == self._descriptor:
            return
        if isinstance(val, list):
            if len(val) > 8 or not all(isinstance(part, str) and len(part) <= 16 for part in val):
                raise ValueError(
                    "The 'File-set Descriptor File ID' has a maximum of 8 "
                    "components, each between 0 and 16 characters long"
                )
            val = list(Path(*val).parts)
        elif isinstance(val, str):
            if len(val) > 16:
                raise ValueError(
                    "Each 'File-set Descriptor File ID' component has a maximum length of 16 characters"
                )
        elif val is not None:
            raise TypeError("The 'DescriptorFileID' must be a str, list of str, or None")
        self._set_identification("_descriptor", "FileSetDescriptorFileID", val)

    def find(self, load: bool = False, **kwargs: Any) -> List[FileInstance]:
        """Return the instances whose elements have the values `kwargs`.

        Parameters
        ----------
        load : bool, optional
            ``True`` to match against the instances' own datasets (each is
            read), else (default) against their directory records.
        **kwargs
            ``keyword=value`` pairs, all of which must match. One value per
            keyword; repeating group and private elements cannot be used.

        Returns
        -------
        list of FileInstance

        Warns
        -----
        UserWarning
            If no record holds all the keywords (and `load` is ``False``).
        """
        if not kwargs:
            return self._instances[:]
        any_has_all = False
        matches = []
        for instance in self:
            source = instance.load() if load else instance
            if all(keyword in source for keyword in kwargs):
                any_has_all = True
            if all(_has_value(source, keyword, value) for keyword, value in kwargs.items()):
                matches.append(instance)
        if not load and not any_has_all:
            warnings.warn(
                "None of the records in the DICOMDIR dataset contain all "
                "the query elements, consider using the 'load' parameter "
                "to expand the search to the corresponding SOP instances"
            )
        return matches

    def find_values(
        self,
        elements: Union[str, int, List[Union[str, int]]],
        instances: Optional[List[FileInstance]] = None,
        load: bool = False,
    ) -> Union[List[Any], Dict[Union[str, int], List[Any]]]:
        """Return the distinct values of one element, or of each of a list of them.

        Parameters
        ----------
        elements : str, int or list of them
            The keyword(s) or tag(s).
        instances : list of FileInstance, optional
            Search these instead of every instance.
        load : bool, optional
            ``True`` to read each instance's dataset, else (default) search
            the directory records.

        Returns
        -------
        list or dict of lists
            The values in the order first found, for a single element; a
            dict of them by element for a list.

        Warns
        -----
        UserWarning
            If no record holds one of the elements (and `load` is ``False``).
        """
        element_list = elements if isinstance(elements, list) else [elements]
        found = {element: False for element in element_list}
        results: Dict[Union[str, int], List[Any]] = {element: [] for element in element_list}
        for instance in instances or iter(self):
            source = instance.load() if load else instance
            for element in element_list:
                if element not in source:
                    continue
                found[element] = True
                value = source[element].value
                if value not in results[element]:  # values may be unhashable
                    results[element].append(value)
        missing = [element for element, was_found in found.items() if not was_found]
        if not load and missing:
            warnings.warn(
                f"None of the records in the DICOMDIR dataset contain {missing}, "
                "consider using the 'load' parameter to expand the search to the "
                "corresponding SOP instances"
            )
        return results if isinstance(elements, list) else results[element_list[0]]

    @property
    def ID(self) -> Optional[str]:
        """The *File-set ID*, or ``None``.

        Raises
        ------
        ValueError
            On setting a value longer than 16 characters.
        """
        return self._id

    @ID.setter
    def ID(self, val: Optional[str]) -> None:
        if val == self._id:
            return
        if val is not None and len(val) > 16:
            raise ValueError("The maximum length of the 'File-set ID' is 16 characters")
        self._set_identification("_id", "FileSetID", val)

    @property
    def is_staged(self) -> bool:
        """``True`` if the File-set is new or has changes staged."""
        return any(self._stage[flag] for flag in "+-^~")

    def __iter__(self) -> Iterator[FileInstance]:
        """Yield the File-set's instances (a snapshot: safe to change the File-set meanwhile)."""
        yield from self._instances[:]

    def __len__(self) -> int:
        """Return the number of instances in the File-set."""
        return len(self._instances)

    def load(self, ds_or_path: DSPathType, include_orphans: bool = True, raise_orphans: bool = False) -> None:
        """Load an existing File-set from its DICOMDIR.

        Instances that are not where pydicom's structure puts them are
        staged to be moved when the File-set is written.

        Parameters
        ----------
        ds_or_path : dataset.Dataset, str or PathLike
            The DICOMDIR dataset (read from its file) or the DICOMDIR's path.
        include_orphans : bool, optional
            ``True`` (default) to take in instances referenced by records
            outside the record hierarchy.
        raise_orphans : bool, optional
            ``True`` to raise if there are such records (default ``False``).

        Raises
        ------
        ValueError
            If the dataset is not a Media Storage Directory instance, or
            has orphaned records and `raise_orphans` is ``True``.
        FileNotFoundError, TypeError
            If the dataset has no valid file name.
        """
        ds = ds_or_path if isinstance(ds_or_path, Dataset) else dcmread(ds_or_path)
        if ds.file_meta.get("MediaStorageSOPClassUID", None) != MediaStorageDirectoryStorage:
            raise ValueError(
                "Unable to load the File-set as the supplied dataset is "
                "not a 'Media Storage Directory' instance"
            )
        syntax = ds.file_meta.TransferSyntaxUID
        if syntax != ExplicitVRLittleEndian:
            warnings.warn(
                f"The DICOMDIR dataset uses an invalid transfer syntax '{syntax.name}' "
                "and will be updated to use 'Explicit VR Little Endian'"
            )
        try:
            path = Path(ds.filename).resolve(strict=True)
        except FileNotFoundError:
            raise FileNotFoundError(
                "Unable to load the File-set as the 'filename' attribute for the "
                f"DICOMDIR dataset is not a valid path: {ds.filename}"
            ) from None
        except TypeError:
            raise TypeError(
                "Unable to load the File-set as the DICOMDIR dataset must have a "
                "'filename' attribute set to the path of the DICOMDIR file"
            ) from None

        self.clear()
        self._id = ds.get("FileSetID", None)
        uid = ds.file_meta.get("MediaStorageSOPInstanceUID")
        if not uid:
            uid = generate_uid()
            ds.file_meta.MediaStorageSOPInstanceUID = uid
        self._uid = uid
        self._descriptor = ds.get("FileSetDescriptorFileID", None)
        self._charset = ds.get("SpecificCharacterSetOfFileSetDescriptorFile", None)
        self._root_path = path.parent
        self._ds = ds
        self._parse_records(ds, include_orphans, raise_orphans)

        missing = []
        for instance in self:
            file_path = self.root_path / self._file_id_path(instance.node)  # type: ignore[operator]
            try:
                file_path.resolve(strict=True)
            except FileNotFoundError:
                missing.append(instance)
                warnings.warn(
                    "The referenced SOP Instance for the directory record at "
                    f"offset {instance.node._offset} does not exist: {file_path}"
                )
                continue
            if instance.for_moving:
                self._stage["~"] = True
        for instance in missing:
            self._instances.remove(instance)

    def _file_id_path(self, node: RecordNode) -> Optional[Path]:
        """Return `node`'s *Referenced File ID* as a path (see :meth:`RecordNode.file_id_path`)."""
        return node.file_id_path(self.root_path)

    def _parse_records(self, ds: Dataset, include_orphans: bool, raise_orphans: bool = False) -> None:
        """Build the record tree from the DICOMDIR `ds` by following its offsets.

        A branch record with no children and no *Referenced File ID* is
        dropped. Records the offsets never reach (orphans) are added as
        new instances if they reference one and `include_orphans` is set.
        """
        nodes: Dict[int, RecordNode] = {}
        for record in ds.DirectoryRecordSequence:
            node = RecordNode(record)
            node._offset = record.seq_item_tell
            nodes[node._offset] = node

        def siblings(offset: Optional[int]) -> Iterator[RecordNode]:
            while offset:
                node = nodes[offset]
                yield node
                offset = getattr(node._record, _NEXT_OFFSET, None)

        if nodes:
            first = ds[_FIRST_OFFSET].value
            for node in [nodes[first]] + list(siblings(getattr(nodes[first]._record, _NEXT_OFFSET, None))):
                node.parent = self._tree

        def link(node: RecordNode) -> None:
            first_child = getattr(node._record, _LOWER_OFFSET, None)
            if first_child:
                for child in siblings(first_child):
                    child.parent = node
            elif "ReferencedFileID" not in node._record:
                del node.parent[node]  # a branch with no leaf
            if "ReferencedFileID" in node._record and self._file_id_path(node) is not None:
                node.instance = FileInstance(node)
                self._instances.append(node.instance)
            for child in node.children:
                link(child)

        for node in self._tree.children:
            link(node)

        if len(nodes) == len(list(self._tree)):
            return
        if raise_orphans:
            raise ValueError("The DICOMDIR contains orphaned directory records")
        in_tree = {node._offset for node in self._tree}
        orphans = [nodes[offset] for offset in set(nodes) - in_tree]
        orphans = [node for node in orphans if "ReferencedFileID" in node._record]
        if orphans and not include_orphans:
            warnings.warn(
                f"The DICOMDIR has {len(orphans)} orphaned directory records that "
                "reference an instance that will not be included in the File-set"
            )
            return
        for node in orphans:
            file_id = node._record.ReferencedFileID
            relative = self._file_id_path(node)
            if relative is None:
                continue
            if node.record_type == "PRIVATE":
                instance = self.add_custom(self.root_path / relative, node)
            else:
                instance = self.add(self.root_path / relative)
            # the new record has no File ID yet: keep where the file is
            instance.node._record.ReferencedFileID = file_id

    @property
    def root_path(self) -> Path:
        """The absolute path of the File-set's root directory.

        Raises
        ------
        AttributeError
            If the File-set has no root directory yet.
        """
        if self._root_path is None:
            raise AttributeError("No root path set in the File-set")
        return self._root_path

    @property
    def path(self) -> Optional[str]:
        """The File-set's root directory as a str, or ``None`` if not set."""
        return os.fspath(self._root_path) if self._root_path is not None else None

    def _recordify(self, ds: Dataset) -> Iterator[Dataset]:
        """Yield the directory records for the instance `ds`, highest level first.

        Single-level SOP Classes (palettes, implants, hanging protocols) get
        one record; the rest PATIENT, STUDY, SERIES and a leaf whose type
        follows from the modality, the content or the SOP Class.

        Raises
        ------
        ValueError
            If `ds` lacks an element or value a record needs.
        """
        record_type = _single_level_record_type(ds)
        if record_type != "PATIENT":
            record = _make_record(record_type, ds)
            _reference_instance(record, ds)
            yield record
            return
        records = [
            _make_record(level, ds) for level in ("PATIENT", "STUDY", "SERIES", _four_level_record_type(ds))
        ]
        for record in records:
            if "SpecificCharacterSet" in ds:
                record.SpecificCharacterSet = ds.SpecificCharacterSet
        _reference_instance(records[3], ds)
        yield from records

    def remove(self, instance: Union[FileInstance, List[FileInstance]]) -> None:
        """Stage an instance (or each of a list) for removal; removing an
        instance staged for addition cancels the addition.

        Raises
        ------
        ValueError
            If the instance is not in the File-set.
        """
        if isinstance(instance, list):
            for item in instance:
                self.remove(item)
            return
        if instance not in self._instances:
            raise ValueError("No such instance in the File-set")
        key = instance.SOPInstanceUID
        if key in self._stage["+"]:
            leaf = instance.node
            del leaf.parent[leaf]
            del self._stage["+"][key]
            Path(instance.path).unlink(missing_ok=True)
            instance._apply_stage("-")
            self._instances.remove(instance)
        elif key not in self._stage["-"]:
            instance._apply_stage("-")
            self._stage["-"][key] = instance
            self._instances.remove(instance)

    def __str__(self) -> str:
        """Return a summary: identification, staged changes and the record tree."""
        none = "(no value available)"
        lines = [
            "DICOM File-set",
            f"  Root directory: {self.path or none}",
            f"  File-set ID: {self.ID or none}",
            f"  File-set UID: {self.UID}",
            f"  Descriptor file ID: {self.descriptor_file_id or none}",
            f"  Descriptor file character set: {self.descriptor_character_set or none}",
        ]
        if self.is_staged:
            changes = ["DICOMDIR update" if self._ds else "DICOMDIR creation"]
            if self._stage["~"]:
                changes.append("directory structure update")
            for flag, word in (("+", "addition"), ("-", "removal")):
                count = len(self._stage[flag])
                if count:
                    changes.append(f"{count} {word}{'s' if count > 1 else ''}")
            lines.append(f"  Changes staged for write(): {', '.join(changes)}")
        if self._tree.children:
            lines.append("\n  Managed instances:")
            lines.extend(f"    {line}" for line in self._tree.prettify())
        return "\n".join(lines)

    @property
    def UID(self) -> UID:
        """The File-set UID (the DICOMDIR's Media Storage SOP Instance UID)."""
        return self._uid  # type: ignore[return-value]

    @UID.setter
    def UID(self, uid: UID) -> None:
        if uid == self._uid:
            return
        uid = UID(uid)
        if not uid.is_valid:  # pydicom 2.4.5: a bare assert, gone under python -O
            raise ValueError(f"'{uid}' is not a valid UID")
        self._uid = uid
        if self._ds:
            self._ds.file_meta.MediaStorageSOPInstanceUID = uid
        self._stage["^"] = True

    def write(
        self,
        path: Optional[Union[str, "os.PathLike[str]"]] = None,
        use_existing: bool = False,
        force_implicit: bool = False,
    ) -> None:
        """Write the File-set (or its staged changes) and reload it.

        Instances are laid out in pydicom's structure (four-level records as
        ``PTxxxxxx/STxxxxxx/SExxxxxx/IMxxxxxx``, single-level ones as
        ``PAxxxxxx`` and the like, PRIVATE records as ``P<depth>xxxxxx``),
        moving existing files as needed, and the DICOMDIR is rewritten.

        Parameters
        ----------
        path : str or PathLike, optional
            The root directory of a new File-set (not allowed for one that
            was loaded: use :meth:`copy`).
        use_existing : bool, optional
            ``True`` to keep the existing structure and only rewrite the
            DICOMDIR (allowed when nothing is staged for addition).
        force_implicit : bool, optional
            ``True`` to write the DICOMDIR as implicit VR little endian,
            which does not conform to the standard (default ``False``).

        Raises
        ------
        ValueError
            If a new File-set has no `path`, a loaded one is given one, or
            `use_existing` is set with additions staged.
        """
        if not path and self.path is None:
            raise ValueError("The path to the root directory is required for a new File-set")
        if path and self.path:
            raise ValueError(
                "The path for an existing File-set cannot be changed, use "
                "'FileSet.copy()' to write the File-set to a new location"
            )
        if path:
            self._root_path = Path(path)
        if not self.is_staged:
            return
        root = self.root_path
        dicomdir = root / "DICOMDIR"
        major_change = bool(self._stage["+"])
        if use_existing and major_change:
            raise ValueError(
                "'Fileset.write()' called with 'use_existing' but additions "
                "to the File-set's managed instances are staged"
            )
        if not use_existing:
            major_change |= self._stage["~"]
        self._check_size()
        # Removals leave the tree first, so that the File IDs are final
        for instance in self._stage["-"].values():
            Path(instance.path).unlink(missing_ok=True)
            self._tree.remove(instance.node)

        if not use_existing:
            # File IDs follow the tree, so a removal can move the files after it
            self._move_to_file_ids(root)
        self._save_dicomdir(dicomdir, force_implicit=force_implicit)
        self.load(dicomdir, raise_orphans=True)

    def _move_to_file_ids(self, root: Path) -> None:
        """Put every instance's file at its File ID under `root`.

        A file whose current place is another instance's new File ID is
        first copied to the stage, so that no file is overwritten before it
        has been moved.
        """
        new_ids = {Path(instance.FileID) for instance in self}
        old_ids = {
            self._file_id_path(instance.node) for instance in self if instance.SOPInstanceUID not in self._stage["+"]
        }
        collisions = new_ids & old_ids
        for instance in [ii for ii in self if self._file_id_path(ii.node) in collisions]:
            self._stage["+"][instance.SOPInstanceUID] = instance
            instance._apply_stage("+")
            shutil.copyfile(root / self._file_id_path(instance.node), instance.path)  # type: ignore[operator]
        for instance in self:
            dst = root / instance.FileID
            dst.parent.mkdir(parents=True, exist_ok=True)
            move: Callable[[str, str], Any]
            src: Union[str, Path]
            if instance.SOPInstanceUID in self._stage["+"]:
                src, move = instance.path, shutil.copyfile
            else:
                src, move = root / self._file_id_path(instance.node), shutil.move  # type: ignore[operator]
            move(os.fspath(src), os.fspath(dst))
            instance.node._record.ReferencedFileID = instance.FileID.split(os.path.sep)

    def _save_dicomdir(self, path: Path, copy_safe: bool = False, force_implicit: bool = False) -> None:
        """Write the DICOMDIR to `path` in one atomic replace (see
        :meth:`_write_dicomdir` for the parameters)."""
        fp = DicomBytesIO()
        self._write_dicomdir(fp, copy_safe=copy_safe, force_implicit=force_implicit)
        write_file_atomically(os.fspath(path), fp.getvalue())

    def _write_dicomdir(self, fp: DicomFileLike, copy_safe: bool = False, force_implicit: bool = False) -> None:
        """Encode the DICOMDIR, its records rebuilt from the tree, to `fp`.

        Every record's offsets are computed from the encoded lengths of the
        records before it (a first pass encodes each record alone), then the
        root offsets are written back over their placeholders.

        Parameters
        ----------
        fp : filebase.DicomFileLike
            Where to write; needs ``write``, ``tell`` and ``seek``.
        copy_safe : bool, optional
            ``True`` to leave the File-set's records and DICOMDIR untouched
            (records are copied to set their offsets).
        force_implicit : bool, optional
            ``True`` for implicit VR little endian (non-conformant).
        """
        ds = self._ds
        if copy_safe or not ds:
            ds = self._create_dicomdir()
        syntax = ImplicitVRLittleEndian if force_implicit else ExplicitVRLittleEndian
        ds.file_meta.TransferSyntaxUID = syntax
        # The first item's tag follows the sequence's tag, VR and length
        sequence_header = 8 if force_implicit else 12
        fp.is_implicit_VR = syntax.is_implicit_VR
        fp.is_little_endian = syntax.is_little_endian

        first_elem = ds[_FIRST_OFFSET]
        last_elem = ds[_LAST_OFFSET]
        first_elem.value = last_elem.value = 0
        fp.write(b"\x00" * 128 + b"DICM")
        write_file_meta_info(fp, ds.file_meta, enforce_standard=True)
        write_dataset(fp, ds[:0x00041200])
        first_offset_position = fp.tell()
        write_dataset(fp, ds[0x00041200:0x00041220])

        offset = fp.tell() + sequence_header
        for node in self._tree:
            node._offset = offset
            offset += 8 + node._encode_record(force_implicit)  # item tag and length, then the record
            if node._record.is_undefined_length_sequence_item:
                offset += 8  # the item delimiter

        records = []
        for node in self._tree:
            if copy_safe:
                record = copy.deepcopy(node._record)
                record[_NEXT_OFFSET].value = node.next._offset if node.next else 0
                record[_LOWER_OFFSET].value = node.children[0]._offset if node.children else 0
            else:
                node._update_record_offsets()
                record = node._record
            records.append(record)
        ds.DirectoryRecordSequence = records
        write_dataset(fp, ds[0x00041220:])

        if self._tree.children:
            first_elem.value = self._tree.children[0]._offset
            last_elem.value = self._tree.children[-1]._offset
            fp.seek(first_offset_position)
            write_data_element(fp, first_elem)
            write_data_element(fp, last_elem)
            fp.seek(0, 2)


def _has_value(source: Union[Dataset, FileInstance], keyword: str, value: Any) -> bool:
    """Return ``True`` if `source` has the element `keyword` with `value`."""
    try:
        return bool(source[keyword].value == value)
    except KeyError:
        return False


def _check_dataset(ds: Dataset, keywords: List[str]) -> None:
    """Raise ValueError unless `ds` has each Type 1 element of `keywords`, with a value."""
    for keyword in keywords:
        tag = Tag(tag_for_keyword(keyword))  # type: ignore[arg-type]
        name = dictionary_description(tag)
        if keyword not in ds:
            raise ValueError(f"The instance's {tag} '{name}' element is missing")
        if ds[keyword].VM == 0:
            raise ValueError(f"The instance's {tag} '{name}' element cannot be empty")


# What each record type takes from the instance (PS3.3 F.5), in check order:
# "Keyword" is required and must have a value, "?Keyword" is copied as it is
# (empty if absent), "+Keyword" is copied if present (and must have a value),
# "[]Keyword" is copied or else an empty sequence.
_GENERIC_CONTENT = ("InstanceNumber", "ContentDate", "ContentTime")
_CONTENT_ID = _GENERIC_CONTENT + ("ContentLabel", "?ContentDescription", "?ContentCreatorName")
_RECORD_CONTENTS: Dict[str, Tuple[str, ...]] = {
    "PATIENT": ("PatientID", "?PatientName"),
    "STUDY": ("StudyDate", "StudyTime", "StudyID", "?StudyDescription", "+StudyInstanceUID", "?AccessionNumber"),
    "SERIES": ("Modality", "SeriesInstanceUID", "SeriesNumber"),
    "IMAGE": ("InstanceNumber",),
    "RT DOSE": ("InstanceNumber", "DoseSummationType"),
    "RT STRUCTURE SET": ("InstanceNumber", "StructureSetLabel", "?StructureSetDate", "?StructureSetTime"),
    "RT PLAN": ("InstanceNumber", "RTPlanLabel", "?RTPlanDate", "?RTPlanTime"),
    "RT TREAT RECORD": ("InstanceNumber", "?TreatmentDate", "?TreatmentTime"),
    "PRESENTATION": (
        "PresentationCreationDate", "PresentationCreationTime", "InstanceNumber", "ContentLabel",
        "?ContentDescription", "?ContentCreatorName", "+ReferencedSeriesSequence", "+BlendingSequence",
    ),
    "WAVEFORM": _GENERIC_CONTENT,
    "SR DOCUMENT": (
        "InstanceNumber", "CompletionFlag", "VerificationFlag", "ContentDate", "ContentTime",
        "ConceptNameCodeSequence", "+VerificationDateTime", "+ContentSequence",
    ),
    "KEY OBJECT DOC": ("InstanceNumber", "ContentDate", "ContentTime", "ConceptNameCodeSequence", "+ContentSequence"),
    "SPECTROSCOPY": (
        "ImageType", "ContentDate", "ContentTime", "InstanceNumber", "NumberOfFrames", "Rows", "Columns",
        "DataPointRows", "DataPointColumns", "+ReferencedImageEvidenceSequence",
    ),
    "RAW DATA": _GENERIC_CONTENT,
    "REGISTRATION": _CONTENT_ID,
    "FIDUCIAL": _CONTENT_ID,
    "HANGING PROTOCOL": (
        "HangingProtocolCreator", "HangingProtocolCreationDateTime", "HangingProtocolDefinitionSequence",
        "NumberOfPriorsReferenced", "[]HangingProtocolUserIdentificationCodeSequence",
    ),
    "ENCAP DOC": (
        "InstanceNumber", "MIMETypeOfEncapsulatedDocument", "?ContentDate", "?ContentTime", "?DocumentTitle",
        "+HL7InstanceIdentifier", "?ConceptNameCodeSequence",
    ),
    "VALUE MAP": _CONTENT_ID,
    "STEREOMETRIC": (),
    "PALETTE": ("ContentLabel", "?ContentDescription"),
    "IMPLANT": ("Manufacturer", "ImplantName", "ImplantPartNumber", "+ImplantSize"),
    "IMPLANT ASSY": ("ImplantAssemblyTemplateName", "Manufacturer", "ProcedureTypeCodeSequence"),
    "IMPLANT GROUP": ("ImplantTemplateGroupName", "ImplantTemplateGroupIssuer"),
    "PLAN": (),
    "MEASUREMENT": _CONTENT_ID,
    "SURFACE": _CONTENT_ID,
    "SURFACE SCAN": ("ContentDate", "ContentTime"),
    "TRACT": _CONTENT_ID,
    "ASSESSMENT": ("InstanceNumber", "InstanceCreationDate", "?InstanceCreationTime"),
    "RADIOTHERAPY": (
        "InstanceNumber", "+UserContentLabel", "+UserContentLongLabel", "?ContentDescription", "?ContentCreatorName",
    ),
}


def _recorder(contents: Tuple[str, ...]) -> Callable[[Dataset], Dataset]:
    """Return a function that makes a directory record of `contents` from an instance."""
    required = [entry for entry in contents if entry[0].isalpha()]

    def record_from(ds: Dataset) -> Dataset:
        _check_dataset(ds, required)
        record = Dataset()
        for entry in contents:
            if entry.startswith("?"):
                setattr(record, entry[1:], ds.get(entry[1:]))
            elif entry.startswith("[]"):
                setattr(record, entry[2:], ds.get(entry[2:], []))
            elif entry.startswith("+"):
                if entry[1:] in ds:
                    _check_dataset(ds, [entry[1:]])
                    setattr(record, entry[1:], ds[entry[1:]].value)
            else:
                setattr(record, entry, ds[entry].value)
        return record

    return record_from


#: The functions that make the directory record of each (non-PRIVATE) type
#: from an instance, as ``{"RECORD TYPE": callable}``; replace one to change
#: the records :meth:`FileSet.add` makes. Use :meth:`FileSet.add_custom` for
#: PRIVATE records.
DIRECTORY_RECORDERS: Dict[str, Callable[[Dataset], Dataset]] = {
    record_type: _recorder(contents) for record_type, contents in _RECORD_CONTENTS.items()
}


def _make_record(record_type: str, ds: Dataset) -> Dataset:
    """Return the `record_type` record of `ds`, its offsets and in-use flag set."""
    try:
        record = DIRECTORY_RECORDERS[record_type](ds)
    except ValueError as exc:
        raise ValueError(
            f"Unable to use the default '{record_type}' record creator as the "
            "instance is missing a required element or value. Either update the "
            "instance, define your own record creation function or use "
            "'FileSet.add_custom()' instead"
        ) from exc
    record.OffsetOfTheNextDirectoryRecord = 0
    record.RecordInUseFlag = 0xFFFF
    record.OffsetOfReferencedLowerLevelDirectoryEntity = 0
    record.DirectoryRecordType = record_type
    return record


def _reference_instance(record: Dataset, ds: Dataset) -> None:
    """Add to the leaf `record` the elements that reference the instance `ds`."""
    record.ReferencedFileID = None
    record.ReferencedSOPClassUIDInFile = ds.SOPClassUID
    record.ReferencedSOPInstanceUIDInFile = ds.SOPInstanceUID
    record.ReferencedTransferSyntaxUIDInFile = ds.file_meta.TransferSyntaxUID


# SOP Classes whose instances get a single record (and no patient)
_SINGLE_LEVEL_SOP_CLASSES = {
    sop.HangingProtocolStorage: "HANGING PROTOCOL",
    sop.ColorPaletteStorage: "PALETTE",
    sop.GenericImplantTemplateStorage: "IMPLANT",
    sop.ImplantAssemblyTemplateStorage: "IMPLANT ASSY",
    sop.ImplantTemplateGroupStorage: "IMPLANT GROUP",
}
# The leaf record type of four-level SOP Classes other than IMAGE
_FOUR_LEVEL_SOP_CLASSES = {
    uid: record_type
    for record_type, names in {
        "RT DOSE": ["RTDoseStorage"],
        "RT STRUCTURE SET": ["RTStructureSetStorage"],
        "RT TREAT RECORD": [
            "RTBeamsTreatmentRecordStorage", "RTBrachyTreatmentRecordStorage",
            "RTTreatmentSummaryRecordStorage", "RTIonBeamsTreatmentRecordStorage",
        ],
        "PRESENTATION": [
            "GrayscaleSoftcopyPresentationStateStorage", "ColorSoftcopyPresentationStateStorage",
            "PseudoColorSoftcopyPresentationStateStorage", "BlendingSoftcopyPresentationStateStorage",
            "XAXRFGrayscaleSoftcopyPresentationStateStorage", "BasicStructuredDisplayStorage",
        ],
        "WAVEFORM": [
            "BasicVoiceAudioWaveformStorage", "TwelveLeadECGWaveformStorage", "GeneralECGWaveformStorage",
            "AmbulatoryECGWaveformStorage", "HemodynamicWaveformStorage",
            "CardiacElectrophysiologyWaveformStorage", "ArterialPulseWaveformStorage",
            "RespiratoryWaveformStorage", "GeneralAudioWaveformStorage",
            "RoutineScalpElectroencephalogramWaveformStorage", "ElectromyogramWaveformStorage",
            "ElectrooculogramWaveformStorage", "SleepElectroencephalogramWaveformStorage",
            "MultichannelRespiratoryWaveformStorage", "BodyPositionWaveformStorage",
        ],
        "SR DOCUMENT": [
            "BasicTextSRStorage", "EnhancedSRStorage", "ComprehensiveSRStorage", "MammographyCADSRStorage",
            "ChestCADSRStorage", "ProcedureLogStorage", "XRayRadiationDoseSRStorage",
            "SpectaclePrescriptionReportStorage", "ColonCADSRStorage",
            "MacularGridThicknessAndVolumeReportStorage", "ImplantationPlanSRStorage",
            "Comprehensive3DSRStorage", "RadiopharmaceuticalRadiationDoseSRStorage", "ExtensibleSRStorage",
            "AcquisitionContextSRStorage", "SimplifiedAdultEchoSRStorage", "PatientRadiationDoseSRStorage",
            "PlannedImagingAgentAdministrationSRStorage", "PerformedImagingAgentAdministrationSRStorage",
        ],
        "KEY OBJECT DOC": ["KeyObjectSelectionDocumentStorage"],
        "SPECTROSCOPY": ["MRSpectroscopyStorage"],
        "RAW DATA": ["RawDataStorage"],
        "REGISTRATION": ["SpatialRegistrationStorage", "DeformableSpatialRegistrationStorage"],
        "FIDUCIAL": ["SpatialFiducialsStorage"],
        "VALUE MAP": ["RealWorldValueMappingStorage"],
        "STEREOMETRIC": ["StereometricRelationshipStorage"],
        "MEASUREMENT": [
            "LensometryMeasurementsStorage", "AutorefractionMeasurementsStorage",
            "KeratometryMeasurementsStorage", "SubjectiveRefractionMeasurementsStorage",
            "VisualAcuityMeasurementsStorage", "OphthalmicAxialMeasurementsStorage",
            "OphthalmicVisualFieldStaticPerimetryMeasurementsStorage",
        ],
        "SURFACE": ["SurfaceSegmentationStorage"],
        "SURFACE SCAN": ["SurfaceScanMeshStorage", "SurfaceScanPointCloudStorage"],
        "TRACT": ["TractographyResultsStorage"],
        "ASSESSMENT": ["ContentAssessmentResultsStorage"],
    }.items()
    for uid in (getattr(sop, name) for name in names)
}


def _single_level_record_type(ds: Dataset) -> str:
    """Return the record type of a single-level instance, else ``'PATIENT'``."""
    return _SINGLE_LEVEL_SOP_CLASSES.get(getattr(ds, "SOPClassUID", None), "PATIENT")


def _four_level_record_type(ds: Dataset) -> str:
    """Return the leaf record type of a four-level instance."""
    modality = getattr(ds, "Modality", None)
    if modality in ("RTINTENT", "RTSEGANN", "RTRAD"):
        return "RADIOTHERAPY"
    if modality == "PLAN":
        return "PLAN"
    if "EncapsulatedDocument" in ds:
        return "ENCAP DOC"
    if "RTPlanLabel" in ds:
        return "RT PLAN"
    return _FOUR_LEVEL_SOP_CLASSES.get(getattr(ds, "SOPClassUID", None), "IMAGE")
