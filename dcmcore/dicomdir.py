"""The DICOMDIR dataset that :func:`~dcmcore.filereader.dcmread` returns for a
Media Storage Directory file (pydicom 2.4's ``pydicom.dicomdir``).

Deprecated there since 2.1 in favour of :class:`~dcmcore.fileset.FileSet`,
and deprecated here the same way.
"""

import os
import warnings
from typing import BinaryIO, Dict, List, Optional, Union

from dcmcore import config
from dcmcore.dataset import Dataset, FileDataset, FileMetaDataset
from dcmcore.errors import InvalidDicomError

_NEXT = "OffsetOfTheNextDirectoryRecord"
_LOWER = "OffsetOfReferencedLowerLevelDirectoryEntity"


class DicomDir(FileDataset):
    """A DICOMDIR read from a file, with its records linked into a tree.

    Each record of the *Directory Record Sequence* gets a ``children`` list
    (the records of its lower-level entity), and :attr:`patient_records`
    holds the PATIENT records.

    .. deprecated:: 2.1
        Use :class:`~dcmcore.fileset.FileSet` instead.
    """

    def __init__(
        self,
        filename_or_obj: Union[str, "os.PathLike[str]", BinaryIO],
        dataset: Dataset,
        preamble: Optional[bytes] = None,
        file_meta: Optional[FileMetaDataset] = None,
        is_implicit_VR: bool = True,
        is_little_endian: bool = True,
    ) -> None:
        """Make a DICOMDIR from a dataset read from `filename_or_obj`.

        Parameters
        ----------
        filename_or_obj : str, PathLike, file-like or None
            Where the dataset was read from.
        dataset : dataset.Dataset
            The elements of the DICOMDIR.
        preamble : bytes, optional
            The file's 128-byte preamble.
        file_meta : dataset.FileMetaDataset, optional
            The file meta information.
        is_implicit_VR : bool, optional
            Whether the file's transfer syntax is implicit VR (default ``True``).
        is_little_endian : bool, optional
            Whether the file's transfer syntax is little endian (default ``True``).

        Raises
        ------
        InvalidDicomError
            If the Media Storage SOP Class is not Media Storage Directory
            Storage, or if the transfer syntax is not explicit VR little
            endian and :attr:`~dcmcore.config.Settings.reading_validation_mode`
            is ``RAISE`` (otherwise a warning).
        """
        self._check(file_meta, is_implicit_VR, is_little_endian)
        FileDataset.__init__(
            self,
            filename_or_obj,
            dataset,
            preamble,
            file_meta,
            is_implicit_VR=is_implicit_VR,
            is_little_endian=is_little_endian,
        )
        self.patient_records: List[Dataset] = []
        self.parse_records()

    @staticmethod
    def _check(file_meta: Optional[FileMetaDataset], is_implicit_VR: bool, is_little_endian: bool) -> None:
        if file_meta and file_meta.MediaStorageSOPClassUID.name != "Media Storage Directory Storage":
            raise InvalidDicomError("SOP Class is not Media Storage Directory (DICOMDIR)")
        if is_implicit_VR or not is_little_endian:
            msg = "Invalid transfer syntax for DICOMDIR - Explicit Little Endian expected."
            if config.settings.reading_validation_mode == config.RAISE:
                raise InvalidDicomError(msg)
            warnings.warn(msg, UserWarning)

    @classmethod
    def _from_file_dataset(cls, ds: FileDataset) -> "DicomDir":
        """Return `ds`, read by the reader, as a DicomDir sharing its elements."""
        cls._check(ds.file_meta, ds.is_implicit_VR, ds.is_little_endian)
        ds.__class__ = cls
        ds.patient_records = []
        ds.parse_records()
        return ds  # type: ignore[return-value]

    def parse_records(self) -> None:
        """Link the directory records: set each record's ``children`` and
        fill :attr:`patient_records`.

        Meant for the records as read; it does not follow later changes.

        Raises
        ------
        KeyError
            If a record's offset points at no record.
        """
        records = self.DirectoryRecordSequence
        if not records:
            return
        by_offset: Dict[int, Dataset] = {record.seq_item_tell: record for record in records}
        for record in records:
            record.children = []
            first = record.get(_LOWER)
            if first:
                child = by_offset[first]
                record.children.append(child)
                while child.get(_NEXT):
                    child = by_offset[child.get(_NEXT)]
                    record.children.append(child)
        self.patient_records = [record for record in records if record.DirectoryRecordType == "PATIENT"]
