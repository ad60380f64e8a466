"""Archives to a Dask DataFrame: :func:`dcmcore.bulk.read_metadata` on a Dask
cluster, from local paths or any fsspec URL (``s3://``, ``gs://`` ... when
their filesystems are installed).

Needs the ``dask`` extra (``pip install "dcmcore[dask]"``: dask[dataframe],
distributed, fsspec) and pyarrow.
"""

from typing import Any, Dict, List, Optional, Sequence, Union

from dcmcore import bulk

__all__ = ["read_metadata"]


def _imports() -> Any:
    try:
        import dask.dataframe as dd
        import fsspec
    except ImportError:
        raise ImportError(
            "dcmcore.dask needs dask[dataframe] and fsspec: install the 'dask' extra "
            "(pip install \"dcmcore[dask]\")"
        ) from None
    return dd, fsspec


def _partition(paths: List[str], elements: bulk.ColumnsType, stop_before_pixels: bool, filesystem: Any) -> Any:
    """One partition: the files' rows as a pandas DataFrame.

    (Not ``columns=``: Dask passes a column projection by that name.)
    """
    return _to_pandas(bulk.record_batch(paths, elements, stop_before_pixels, filesystem))


def _to_pandas(arrow: Any) -> Any:
    """`arrow` as pandas with Arrow-backed columns: they cross processes as Arrow
    buffers, not as millions of pickled Python objects."""
    import pandas as pd

    return arrow.to_pandas(types_mapper=pd.ArrowDtype)


def read_metadata(
    urlpath: Union[str, Sequence[str]],
    columns: bulk.ColumnsType = None,
    *,
    files_per_partition: int = 256,
    stop_before_pixels: bool = True,
    on_error: str = "record",
    storage_options: Optional[Dict[str, Any]] = None,
) -> Any:
    """Return the metadata of the files at `urlpath` as a lazy Dask DataFrame.

    Each partition reads its files with the per-file function of
    :func:`dcmcore.bulk.read_metadata`, so the columns and their values are
    the same (as pandas with Arrow-backed columns, ``pandas.ArrowDtype``).

    Parameters
    ----------
    urlpath : str or sequence of str
        A directory (read recursively), a glob or a file, as a local path or
        an fsspec URL; or a list of them.
    columns : sequence of str, int or (group, element), optional
        As for :func:`dcmcore.bulk.read_metadata`.
    files_per_partition : int, optional
        Files read by one task (default 256).
    stop_before_pixels : bool, optional
        Stop reading each file at its pixel data (default ``True``).
    on_error : {"record", "skip"}, optional
        Keep a row with ``error`` set for a file that cannot be read
        (default), or leave it out.
    storage_options : dict, optional
        Passed to the fsspec filesystem (credentials and the like).

    Returns
    -------
    dask.dataframe.DataFrame
        One partition per `files_per_partition` files, in path order.
    """
    dd, fsspec = _imports()
    if on_error not in ("record", "skip"):
        raise ValueError(f"on_error must be 'record' or 'skip', not {on_error!r}")
    if files_per_partition < 1:
        raise ValueError("files_per_partition must be at least 1")
    meta = _to_pandas(bulk.column_types(columns).empty_table())
    urls = [urlpath] if isinstance(urlpath, str) else list(urlpath)
    filesystem = None
    paths: List[str] = []
    for url in urls:
        filesystem, path = fsspec.core.url_to_fs(url, **(storage_options or {}))
        if filesystem.isdir(path):
            paths.extend(sorted(filesystem.find(path)))
        elif any(char in path for char in "*?["):
            paths.extend(sorted(p for p in filesystem.glob(path) if filesystem.isfile(p)))
        else:
            paths.append(path)
    # local files are read by path; others through their (picklable) filesystem
    local = filesystem is None or "file" in (
        (filesystem.protocol,) if isinstance(filesystem.protocol, str) else filesystem.protocol
    )
    groups = [paths[start : start + files_per_partition] for start in range(0, len(paths), files_per_partition)]
    frame = dd.from_map(
        _partition, groups, elements=columns, stop_before_pixels=stop_before_pixels,
        filesystem=None if local else filesystem, meta=meta, enforce_metadata=False,
    ) if groups else dd.from_pandas(meta, npartitions=1)
    if on_error == "skip":
        frame = frame[frame["error"].isna()]
    return frame
