"""Archives to tables: the metadata of many DICOM files as Apache Arrow
record batches, a ``pyarrow.Table`` or a Parquet file, read on every core.

One row per file; one column per requested element, typed from the
dictionary (see :func:`column_types`), plus ``path``, ``file_size``,
``transfer_syntax``, ``error`` (why a file could not be read, else null) and
``invalid`` (``"Keyword=text"`` for each value present in the file that does
not fit its column's type, such as a date that does not parse: it is null in
its column and kept here, so that nothing is dropped silently; and
``"warning: ..."`` for each warning reading the file raised).

Needs the ``bulk`` extra (``pip install "dcmcore[bulk]"``: pyarrow, tqdm).

Examples
--------
>>> from dcmcore.bulk import read_metadata
>>> table = read_metadata("archive/", columns=["PatientID", "Modality", "Rows"])  # doctest: +SKIP
>>> table.to_pandas()  # doctest: +SKIP
"""

import datetime
import glob
import json
import os
import sys
import warnings
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, Union

from dcmcore.datadict import get_entry, keyword_for_tag
from dcmcore.multival import MultiValue
from dcmcore.tag import Tag
from dcmcore.valuerep import DA, DT, TM

__all__ = [
    "DEFAULT_COLUMNS", "column_types", "iter_batches", "read_metadata", "read_rows", "record_batch", "to_parquet",
]

#: The columns read when none are asked for: patient, study, series,
#: instance, image geometry and acquisition.
DEFAULT_COLUMNS = (
    # patient
    "PatientID", "PatientName", "PatientBirthDate", "PatientSex", "PatientAge",
    # study
    "StudyInstanceUID", "StudyDate", "StudyTime", "StudyID", "AccessionNumber", "StudyDescription",
    # series
    "SeriesInstanceUID", "SeriesNumber", "SeriesDescription", "Modality", "BodyPartExamined",
    "FrameOfReferenceUID",
    # instance
    "SOPClassUID", "SOPInstanceUID", "InstanceNumber", "ContentDate", "ContentTime",
    # image geometry
    "Rows", "Columns", "NumberOfFrames", "PixelSpacing", "SliceThickness", "SpacingBetweenSlices",
    "ImagePositionPatient", "ImageOrientationPatient", "SamplesPerPixel", "PhotometricInterpretation",
    "BitsAllocated", "BitsStored", "PixelRepresentation",
    # acquisition
    "Manufacturer", "ManufacturerModelName", "AcquisitionDate", "AcquisitionTime", "AcquisitionNumber",
    "KVP", "RepetitionTime", "EchoTime", "MagneticFieldStrength", "ProtocolName",
)

#: The columns every table has, before the element columns.
FILE_COLUMNS = ("path", "file_size", "transfer_syntax", "error", "invalid")

ColumnsType = Optional[Sequence[Union[str, int, Tuple[int, int]]]]
PathsType = Union[str, "os.PathLike[str]", Iterable[Union[str, "os.PathLike[str]"]]]

# Value kinds, by dictionary VR
_TEXT_VRS = frozenset(("AE", "AS", "CS", "LO", "LT", "SH", "ST", "UC", "UI", "UR", "UT", "PN"))
_INT_VRS = frozenset(("IS", "SS", "US", "SL", "UL", "SV"))
_FLOAT_VRS = frozenset(("DS", "FL", "FD"))
_BINARY_VRS = frozenset(("OB", "OD", "OF", "OL", "OV", "OW", "UN"))
# Files handed to a worker at a time, and tasks in flight per worker: enough
# to keep every core busy, few enough that memory stays bounded.
_CHUNK = 256
_IN_FLIGHT_PER_WORKER = 2


def _pyarrow() -> Any:
    try:
        import pyarrow
    except ImportError:
        raise ImportError(
            "dcmcore.bulk needs pyarrow: install the 'bulk' extra (pip install \"dcmcore[bulk]\")"
        ) from None
    return pyarrow


class _Column:
    """One element column: its name, tag, value kind and Arrow type."""

    __slots__ = ("name", "tag", "kind", "multi", "convert")

    def __init__(self, spec: Union[str, int, Tuple[int, int]]) -> None:
        tag = Tag(spec)
        keyword = keyword_for_tag(tag) if not tag.is_private else ""
        self.tag = tag
        self.name = keyword or f"{tag:08X}"
        try:
            vr, vm = get_entry(tag)[:2]
        except KeyError:  # private or unknown: the value's text
            vr, vm = "", "1"
        if vr == "SQ":
            self.kind = "json"
        elif vr in _TEXT_VRS or vr == "AT" or not vr:
            self.kind = "text"
        elif vr == "UV":
            self.kind = "uint"
        elif vr in _INT_VRS or vr == "US or SS":
            self.kind = "int"
        elif vr in _FLOAT_VRS:
            self.kind = "float"
        elif vr in ("DA", "TM", "DT"):
            self.kind = vr
        else:  # OB, OW, UN and the ambiguous binary VRs
            self.kind = "binary"
        self.multi = vm != "1" and self.kind not in ("json", "binary")
        self.convert = _CONVERTERS.get(self.kind)

    def arrow_type(self, pa: Any) -> Any:
        base = {
            "text": pa.string(),
            "json": pa.string(),
            "int": pa.int64(),
            "uint": pa.uint64(),
            "float": pa.float64(),
            "DA": pa.date32(),
            "TM": pa.time64("us"),
            "DT": pa.timestamp("us"),
            "binary": pa.binary(),
        }[self.kind]
        return pa.list_(base) if self.multi else base


def _plan(columns: ColumnsType) -> List[_Column]:
    plan = [_Column(spec) for spec in (DEFAULT_COLUMNS if columns is None else columns)]
    names = [column.name for column in plan]
    duplicated = sorted({name for name in names if names.count(name) > 1})
    if duplicated:
        raise ValueError(f"Columns named more than once: {duplicated}")
    return plan


def column_types(columns: ColumnsType = None) -> Any:
    """Return the ``pyarrow.Schema`` of the tables for `columns`.

    Element types follow the dictionary VR: text VRs, PN and AT as strings;
    IS, SS, US, SL, UL, SV as int64 and UV as uint64; DS, FL, FD as float64;
    DA, TM, DT as date32, time64[us] and timestamp[us] (a DT's UTC offset is
    not kept); OB, OW, UN and the other binary VRs as binary; sequences as
    DICOM JSON text (a list of items). Elements whose VM is not 1 are lists.
    Tags outside the dictionary (private ones) are strings: text values as
    text, bytes as hex.

    Parameters
    ----------
    columns : sequence of str, int or (group, element), optional
        Keywords or tags; :data:`DEFAULT_COLUMNS` if not given.
    """
    pa = _pyarrow()
    fields = [
        pa.field("path", pa.string()),
        pa.field("file_size", pa.int64()),
        pa.field("transfer_syntax", pa.string()),
        pa.field("error", pa.string()),
        pa.field("invalid", pa.list_(pa.string())),
    ]
    fields += [pa.field(column.name, column.arrow_type(pa)) for column in _plan(columns)]
    return pa.schema(fields)


def _text(value: Any) -> str:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).hex()
    return str(value)


def _unsigned(value: Any) -> int:
    number = int(value)
    if number < 0:
        raise ValueError(f"{number} is negative")
    return number


def _date(value: Any) -> datetime.date:
    if isinstance(value, datetime.date):
        return datetime.date(value.year, value.month, value.day)
    text = str(value).strip()
    if len(text) == 8 and text.isdigit():  # YYYYMMDD, the only form PS3.5 allows now
        return datetime.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    return _date(_parsed(DA, text))


def _time(value: Any) -> datetime.time:
    if isinstance(value, datetime.time):
        return datetime.time(value.hour, value.minute, value.second, value.microsecond)
    text = str(value).strip()
    if len(text) == 6 and text.isdigit():  # HHMMSS
        return datetime.time(int(text[:2]), int(text[2:4]), int(text[4:]))
    return _time(_parsed(TM, text))


def _datetime(value: Any) -> datetime.datetime:
    if not isinstance(value, datetime.datetime):
        value = _parsed(DT, str(value).strip())
    return datetime.datetime(
        value.year, value.month, value.day, value.hour, value.minute, value.second, value.microsecond
    )


def _parsed(cls: Any, text: str) -> Any:
    """`text` parsed by the value class `cls` (DA, TM, DT); ValueError if it does not parse."""
    parsed = cls(text)
    if parsed is None:
        raise ValueError(f"'{text}' is empty")
    return parsed


_CONVERTERS: Dict[str, Any] = {
    "text": _text,
    "int": int,
    "uint": _unsigned,
    "float": float,
    "binary": bytes,
    "DA": _date,
    "TM": _time,
    "DT": _datetime,
}


def _cell(column: _Column, elem: Any, invalid: List[str]) -> Any:
    """The column's value for `elem` (``None`` if empty or if it does not fit)."""
    value = elem.value
    if value is None:
        return None
    try:
        if column.kind == "json":
            return json.dumps([item.to_json_dict() for item in value])
        convert = column.convert
        cls = type(value)
        if cls is not str and cls is not bytes and isinstance(value, MultiValue):
            if not value:  # the values of a multi-valued element
                return None
            if column.multi:
                return [convert(item) for item in value]
            if len(value) > 1:
                raise ValueError("more than one value")
            value = value[0]
        elif (cls is str or cls is bytes) and not value:
            return None
        typed = convert(value)
        if not typed and column.kind == "text":  # an empty name or the like
            return None
        return [typed] if column.multi else typed
    except (ValueError, TypeError, OverflowError, AttributeError):
        invalid.append(f"{column.name}={_raw_text(elem)}")
        return None


def _raw_text(elem: Any) -> str:
    value = elem.value
    if elem.VM > 1:
        return "\\".join(str(item) for item in value)
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).hex()
    return str(value)


def _row(
    path: str, plan: List[_Column], tags: List[Tag], stop_before_pixels: bool, filesystem: Any = None
) -> Dict[str, Any]:
    """The row of the file `path` (`tags`: those of `plan`): its file columns
    and one value per column.

    Warnings raised while reading are kept in its ``invalid`` list.
    """
    row: Dict[str, Any] = {"path": path, "file_size": None, "transfer_syntax": None, "error": None, "invalid": None}
    invalid: List[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            _fill(row, path, plan, tags, stop_before_pixels, filesystem, invalid)
        except Exception as exc:  # every failure is recorded in the row
            row["error"] = f"{type(exc).__name__}: {exc}"
            for column in plan:
                row[column.name] = None
    invalid += [f"warning: {warning.message}" for warning in caught]
    row["invalid"] = invalid or None
    return row


def _fill(
    row: Dict[str, Any], path: str, plan: List[_Column], tags: List[Tag], stop_before_pixels: bool,
    filesystem: Any, invalid: List[str],
) -> None:
    """Read the file `path` into `row`."""
    from dcmcore.filereader import dcmread

    if filesystem is None:
        row["file_size"] = os.path.getsize(path)
        ds = dcmread(path, stop_before_pixels=stop_before_pixels, specific_tags=tags)
    else:
        row["file_size"] = filesystem.size(path)
        with filesystem.open(path, "rb") as fileobj:
            ds = dcmread(fileobj, stop_before_pixels=stop_before_pixels, specific_tags=tags)
    syntax = ds.file_meta.get("TransferSyntaxUID")
    row["transfer_syntax"] = str(syntax) if syntax else None
    stored = ds._dict  # looked up before converting: absent columns raise no KeyError
    for column in plan:
        tag = column.tag  # the shared tag object: found by identity
        row[column.name] = None if tag not in stored else _cell(column, ds[tag], invalid)


def read_rows(
    paths: Iterable[str], columns: ColumnsType = None, stop_before_pixels: bool = True, filesystem: Any = None
) -> List[Dict[str, Any]]:
    """Return the rows (dicts by column name) of `paths`, read here, in order.

    The per-file function of :func:`iter_batches` and of
    :func:`dcmcore.dask.read_metadata`; a file that cannot be read gets a
    row with its ``error`` set.

    Parameters
    ----------
    paths : iterable of str
        The files.
    columns, stop_before_pixels
        As for :func:`iter_batches`.
    filesystem : fsspec.AbstractFileSystem, optional
        Where the files are (default: local paths).
    """
    plan = _plan(columns)
    tags = [column.tag for column in plan]
    return [
        _row(path if filesystem else os.fspath(path), plan, tags, stop_before_pixels, filesystem) for path in paths
    ]


def record_batch(
    paths: Iterable[str], columns: ColumnsType = None, stop_before_pixels: bool = True, filesystem: Any = None
) -> Any:
    """Return the ``pyarrow.RecordBatch`` of `paths`, read here (see :func:`read_rows`)."""
    pa = _pyarrow()
    schema = column_types(columns)
    rows = read_rows(paths, columns, stop_before_pixels, filesystem)
    # column by column: many times faster than RecordBatch.from_pylist
    arrays = [pa.array([row[field.name] for row in rows], type=field.type) for field in schema]
    return pa.RecordBatch.from_arrays(arrays, schema=schema)


def _expand(paths: PathsType) -> Iterator[str]:
    """The files of a directory (recursively, sorted), a glob, a path or an iterable of them."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    for item in paths:
        item = os.fspath(item)
        if os.path.isdir(item):
            for folder, subfolders, files in os.walk(item):
                subfolders.sort()
                for name in sorted(files):
                    yield os.path.join(folder, name)
        elif glob.has_magic(item):
            yield from sorted(path for path in glob.iglob(item, recursive=True) if os.path.isfile(path))
        else:
            yield item


def _chunks(paths: Iterator[str], size: int) -> Iterator[List[str]]:
    chunk: List[str] = []
    for path in paths:
        chunk.append(path)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _progress_bar(progress: Optional[bool]) -> Optional[Any]:
    if progress is None:
        progress = sys.stderr.isatty()
    if not progress:
        return None
    try:
        from tqdm.auto import tqdm
    except ImportError:
        raise ImportError(
            "The progress bar needs tqdm: install the 'bulk' extra (pip install \"dcmcore[bulk]\")"
        ) from None
    return tqdm(unit="files")


def iter_batches(
    paths_or_glob_or_dir: PathsType,
    columns: ColumnsType = None,
    *,
    workers: Optional[int] = None,
    stop_before_pixels: bool = True,
    on_error: str = "record",
    progress: Optional[bool] = None,
    batch_size: int = _CHUNK,
) -> Iterator[Any]:
    """Yield ``pyarrow.RecordBatch`` of the files' metadata, in file order.

    Parameters
    ----------
    paths_or_glob_or_dir : str, PathLike or iterable of them
        A directory (read recursively), a glob (``**`` allowed), a file, or
        an iterable of these.
    columns : sequence of str, int or (group, element), optional
        Keywords or tags; :data:`DEFAULT_COLUMNS` if not given. See
        :func:`column_types` for the column types.
    workers : int, optional
        Processes reading files (default: every core); ``1`` reads in this
        process.
    stop_before_pixels : bool, optional
        Stop reading each file at its pixel data (default ``True``).
    on_error : {"record", "raise", "skip"}, optional
        For a file that cannot be read: a row with its ``error`` set
        (default), raise ``ValueError`` naming the file, or leave it out.
    progress : bool, optional
        Show a progress bar (tqdm); default: when stderr is a terminal.
    batch_size : int, optional
        Files per batch (and per task handed to a worker).

    Yields
    ------
    pyarrow.RecordBatch
        With the schema of :func:`column_types`. Files are read a bounded
        number of batches ahead, so memory stays flat however many there are.
    """
    if on_error not in ("record", "raise", "skip"):
        raise ValueError(f"on_error must be 'record', 'raise' or 'skip', not {on_error!r}")
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    column_types(columns)  # checks the columns and that pyarrow is there
    if workers is None:
        workers = os.cpu_count() or 1
    if workers < 1:
        raise ValueError("workers must be at least 1")
    chunks = _chunks(_expand(paths_or_glob_or_dir), batch_size)
    bar = _progress_bar(progress)
    try:
        for batch in _batches(chunks, columns, stop_before_pixels, workers):
            if bar is not None:
                bar.update(batch.num_rows)
            batch = _apply_on_error(batch, on_error)
            if batch.num_rows:
                yield batch
    finally:
        if bar is not None:
            bar.close()


def _batches(chunks: Iterator[List[str]], columns: ColumnsType, stop: bool, workers: int) -> Iterator[Any]:
    if workers == 1:
        for chunk in chunks:
            yield record_batch(chunk, columns, stop)
        return
    with ProcessPoolExecutor(workers) as pool:
        pending: "deque[Future[Any]]" = deque()
        for chunk in chunks:
            pending.append(pool.submit(record_batch, chunk, columns, stop))
            if len(pending) >= workers * _IN_FLIGHT_PER_WORKER:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _apply_on_error(batch: Any, on_error: str) -> Any:
    """`batch` as `on_error` says: as it is, raising on its first error, or without the rows in error."""
    if on_error == "record" or batch.column("error").null_count == batch.num_rows:
        return batch
    import pyarrow.compute as pc

    failed = pc.is_valid(batch.column("error"))
    if on_error == "raise":
        first = batch.filter(failed).slice(0, 1).to_pylist()[0]
        raise ValueError(f"Unable to read '{first['path']}': {first['error']}")
    return batch.filter(pc.invert(failed))


def read_metadata(
    paths_or_glob_or_dir: PathsType,
    columns: ColumnsType = None,
    *,
    workers: Optional[int] = None,
    stop_before_pixels: bool = True,
    on_error: str = "record",
    progress: Optional[bool] = None,
) -> Any:
    """Return the metadata of the files as a ``pyarrow.Table``, one row per file.

    The parameters are those of :func:`iter_batches`, which reads the rows.

    Returns
    -------
    pyarrow.Table
        With the schema of :func:`column_types` (empty if there are no files).

    Examples
    --------
    >>> table = read_metadata("archive/**/*.dcm", ["PatientID", "StudyDate", 0x00091001])  # doctest: +SKIP
    """
    pa = _pyarrow()
    batches = list(
        iter_batches(
            paths_or_glob_or_dir, columns, workers=workers, stop_before_pixels=stop_before_pixels,
            on_error=on_error, progress=progress,
        )
    )
    return pa.Table.from_batches(batches, schema=column_types(columns))


def to_parquet(
    paths_or_glob_or_dir: PathsType,
    out: Union[str, "os.PathLike[str]"],
    columns: ColumnsType = None,
    *,
    partition_cols: Optional[List[str]] = None,
    workers: Optional[int] = None,
    stop_before_pixels: bool = True,
    on_error: str = "record",
    progress: Optional[bool] = None,
    **parquet_options: Any,
) -> int:
    """Write the files' metadata to the Parquet file (or dataset folder) `out`.

    Batches are written as they are read, so memory stays bounded.

    Parameters
    ----------
    paths_or_glob_or_dir, columns, workers, stop_before_pixels, on_error, progress
        As for :func:`iter_batches`.
    out : str or PathLike
        The Parquet file, or with `partition_cols` the dataset's folder.
    partition_cols : list of str, optional
        Columns to partition a dataset by (``pyarrow.dataset`` layout, one
        folder per value).
    **parquet_options
        Passed to ``pyarrow.parquet.ParquetWriter`` (``compression`` ...).

    Returns
    -------
    int
        The number of rows written.
    """
    schema = column_types(columns)  # checks that pyarrow is there
    import pyarrow.parquet as pq

    batches = iter_batches(
        paths_or_glob_or_dir, columns, workers=workers, stop_before_pixels=stop_before_pixels,
        on_error=on_error, progress=progress,
    )
    rows = 0
    if partition_cols:
        import pyarrow.dataset as pds

        def counted() -> Iterator[Any]:
            nonlocal rows
            for batch in batches:
                rows += batch.num_rows
                yield batch

        pds.write_dataset(
            counted(), os.fspath(out), schema=schema, format="parquet",
            partitioning=partition_cols, partitioning_flavor="hive", existing_data_behavior="overwrite_or_ignore",
        )
        return rows
    with pq.ParquetWriter(os.fspath(out), schema, **parquet_options) as writer:
        for batch in batches:
            writer.write_batch(batch)
            rows += batch.num_rows
    return rows
