"""Python source that rebuilds a DICOM dataset or file (pydicom 2.4's
``pydicom.util.codify``).

Each ``code_*`` function returns lines of code, joined by newlines, that
recreate its argument with dcmcore; :func:`code_file` does a whole file,
ending with the transfer syntax flags so that the result can be saved.
Run as ``python -m dcmcore.util.codify FILE`` or ``dcmcore codify FILE``.
"""

import argparse
import re
import sys
from collections import deque
from typing import Callable, Deque, List, Optional

from dcmcore.datadict import DicomDictionary
from dcmcore.dataelem import DataElement
from dcmcore.dataset import Dataset
from dcmcore.tag import BaseTag
from dcmcore.valuerep import AMBIGUOUS_VR, BYTES_VR, VR

line_term = "\n"

# A capital starting a lower-case word, then a capital after a lower-case
# letter or digit, each begins a new underscore-separated word.
_WORD_START = re.compile(r"(.)([A-Z][a-z]+)")
_CAP_AFTER_LOWER = re.compile(r"([a-z0-9])([A-Z])")

# VRs whose values codify can leave out as too large: bytes and the
# ambiguous VRs that may hold bytes (US or SS holds numbers only).
_SIZED_VRS = (BYTES_VR | AMBIGUOUS_VR) - {VR.US_SS}


def camel_to_underscore(name: str) -> str:
    """Return `name` in CamelCase as lower_case_with_underscores.

    >>> camel_to_underscore("ReferencedBeamSequence")
    'referenced_beam_sequence'
    """
    return _CAP_AFTER_LOWER.sub(r"\1_\2", _WORD_START.sub(r"\1_\2", name)).lower()


def tag_repr(tag: BaseTag) -> str:
    """Return `tag` as the Python text ``(0xgggg, 0xeeee)``."""
    return f"(0x{tag.group:04x}, 0x{tag.element:04x})"


def default_name_filter(name: str) -> str:
    """Return the variable name codify uses for the sequence or item `name`.

    `name` is made lower case with underscores, and the common long words
    shortened: control point to ``cp``, reference to ``ref``, fraction group
    to ``frxn_gp``.
    """
    name = camel_to_underscore(name)
    for long, short in (
        ("control_point", "cp"),
        ("reference", "ref"),
        ("fraction_group", "frxn_gp"),
    ):
        name = name.replace(long, short)
    return name


def code_imports() -> str:
    """Return the import lines that the other ``code_*`` results need."""
    return line_term.join(
        (
            "import dcmcore",
            "from dcmcore.dataset import Dataset, FileMetaDataset",
            "from dcmcore.sequence import Sequence",
        )
    )


def _value_code(elem: DataElement, exclude_size: Optional[int]) -> str:
    """Return the Python text of `elem`'s value, or a comment if it is too large."""
    value = elem.value
    if (
        exclude_size
        and elem.VR in _SIZED_VRS
        and not isinstance(value, (int, float, type(None)))
        and len(value) > exclude_size
    ):
        # A bare comment after "=" is a syntax error: the user must fix it.
        return f"# XXX Array of {len(value)} bytes excluded"
    if elem.VR == VR.AT and value is not None:
        if isinstance(value, BaseTag):
            return tag_repr(value)
        return "[" + ", ".join(tag_repr(tag) for tag in value) + "]"
    return repr(value)


def code_dataelem(
    dataelem: DataElement,
    dataset_name: str = "ds",
    exclude_size: Optional[int] = None,
    include_private: bool = False,
    var_names: Optional[Deque[str]] = None,
) -> str:
    """Return the code that sets `dataelem` in the dataset `dataset_name`.

    Parameters
    ----------
    dataelem : dataelem.DataElement
        The element to code; a sequence is coded by :func:`code_sequence`.
    dataset_name : str, optional
        The variable name of the dataset that holds `dataelem`.
    exclude_size : int, optional
        If given, a bytes value longer than this is coded as a comment, which
        leaves a syntax error for the user to fix.
    include_private : bool, optional
        Whether private elements of sequence items are coded.
    var_names : collections.deque, optional
        The variable names in use, kept by :func:`code_dataset` so that
        nested sequences get unique names.

    Returns
    -------
    str
        A keyword assignment (``ds.PatientName = 'Doe^John'``) or, for a tag
        without a keyword, an ``add_new`` call.
    """
    if dataelem.VR == VR.SQ:
        return code_sequence(
            dataelem, dataset_name, exclude_size, include_private, var_names=var_names
        )
    value = _value_code(dataelem, exclude_size)
    keyword = _keyword(dataelem.tag)
    if keyword:
        return f"{dataset_name}.{keyword} = {value}"
    vr = str.__str__(dataelem.VR)  # 'UN', not the enum's 'VR.UN'
    return f"{dataset_name}.add_new({tag_repr(dataelem.tag)}, '{vr}', {value})"


def _keyword(tag: BaseTag) -> str:
    """Return the keyword that sets `tag` as an attribute, or ``''`` if none does.

    A repeating-group element (Overlay Rows is (60xx,0010)) has a keyword
    but can only be set with ``add_new``.
    """
    entry = DicomDictionary.get(tag)
    return entry[4] if entry is not None else ""


def code_sequence(
    dataelem: DataElement,
    dataset_name: str = "ds",
    exclude_size: Optional[int] = None,
    include_private: bool = False,
    name_filter: Callable[[str], str] = default_name_filter,
    var_names: Optional[Deque[str]] = None,
) -> str:
    """Return the code that builds the sequence `dataelem` and its items.

    Parameters
    ----------
    dataelem : dataelem.DataElement
        The element whose value is the sequence.
    dataset_name : str, optional
        The variable name of the dataset that holds the sequence.
    exclude_size : int, optional
        If given, a bytes value longer than this is coded as a comment, which
        leaves a syntax error for the user to fix.
    include_private : bool, optional
        Whether private elements of the items are coded.
    name_filter : callable, optional
        Makes a variable name from a sequence keyword (default
        :func:`default_name_filter`).
    var_names : collections.deque, optional
        The variable names in use by enclosing sequences and items; a name
        already in use gets a ``_n`` suffix.

    Returns
    -------
    str
        A comment, the ``Sequence()``, and for each item a comment, its
        ``Dataset()``, the ``append`` and the item's elements.
    """
    if var_names is None:
        var_names = deque()

    def claim(name: str) -> str:
        var_names.append(name)
        uses = var_names.count(name) - 1
        return f"{name}_{uses}" if uses else name

    keyword = _keyword(dataelem.tag)
    seq_name = dataelem.name
    item_name = seq_name.replace(" Sequence", "")
    base_var = name_filter(keyword or f"Tag{dataelem.tag:08x}")
    seq_var = claim(base_var)
    if keyword:
        attach = f"{dataset_name}.{keyword} = {seq_var}"
    else:
        # pydicom 2.4.5 writes `ds.Tag00091001 = seq`, which sets a plain
        # attribute when run; add_new puts the sequence in the dataset
        attach = f"{dataset_name}.add_new({tag_repr(dataelem.tag)}, 'SQ', {seq_var})"
    lines = ["", f"# {seq_name}", f"{seq_var} = Sequence()", attach]

    stem = keyword.replace("Sequence", "")
    for position, item in enumerate(dataelem.value, 1):
        # Name the item by its own Index or Number element where it has one.
        number = str(position)
        if stem:
            for suffix in ("Index", "Number"):
                if hasattr(item, stem + suffix):
                    number = str(getattr(item, stem + suffix))
                    break
        lines.append("")
        lines.append(f"# {seq_name}: {item_name} {number}")
        item_var = claim(base_var.replace("_sequence", "") + number)
        item_lines = code_dataset(
            item, item_var, exclude_size, include_private, var_names=var_names
        ).splitlines()
        var_names.pop()
        lines.append(item_lines[0])
        lines.append(f"{seq_var}.append({item_var})")
        lines.extend(item_lines[1:])
    var_names.pop()
    return line_term.join(lines)


def code_dataset(
    ds: Dataset,
    dataset_name: str = "ds",
    exclude_size: Optional[int] = None,
    include_private: bool = False,
    is_file_meta: bool = False,
    var_names: Optional[Deque[str]] = None,
) -> str:
    """Return the code that builds `ds`.

    Parameters
    ----------
    ds : dataset.Dataset
        The dataset to code.
    dataset_name : str, optional
        The variable name for the dataset (default ``'ds'``).
    exclude_size : int, optional
        If given, a bytes value longer than this is coded as a comment, which
        leaves a syntax error for the user to fix.
    include_private : bool, optional
        Whether private elements are coded (default ``False``: skipped).
    is_file_meta : bool, optional
        ``True`` if `ds` is file meta information (a ``FileMetaDataset``).
    var_names : collections.deque, optional
        The variable names in use by enclosing sequences.

    Returns
    -------
    str
        The ``Dataset()`` line, then one line (or block, for a sequence) per
        element.
    """
    if var_names is None:
        var_names = deque()
    cls = "FileMetaDataset" if is_file_meta else "Dataset"
    lines = [f"{dataset_name} = {cls}()"]
    for elem in ds:
        if elem.tag.is_private and not include_private:
            continue
        lines.append(
            code_dataelem(elem, dataset_name, exclude_size, include_private, var_names=var_names)
        )
        if elem.VR == VR.SQ:
            lines.append("")
    if lines[-1] == "":
        lines.pop()
    return line_term.join(lines)


def code_file(
    filename: str, exclude_size: Optional[int] = None, include_private: bool = False
) -> str:
    """Return a Python source file that rebuilds the DICOM file `filename`.

    Parameters
    ----------
    filename : str
        The path of the DICOM file (read with ``force=True``).
    exclude_size : int, optional
        If given, a bytes value longer than this is coded as a comment, which
        leaves a syntax error for the user to fix.
    include_private : bool, optional
        Whether private elements are coded (default ``False``: skipped).

    Returns
    -------
    str
        The source; see :func:`code_file_from_dataset`.
    """
    from dcmcore.filereader import dcmread

    return code_file_from_dataset(dcmread(filename, force=True), exclude_size, include_private)


def code_file_from_dataset(
    ds: Dataset, exclude_size: Optional[int] = None, include_private: bool = False
) -> str:
    """Return a Python source file that rebuilds `ds` and its file meta.

    Parameters
    ----------
    ds : dataset.Dataset
        The dataset to code.
    exclude_size : int, optional
        If given, a bytes value longer than this is coded as a comment, which
        leaves a syntax error for the user to fix.
    include_private : bool, optional
        Whether private elements are coded (default ``False``: skipped).

    Returns
    -------
    str
        A header comment, the imports, the file meta, the dataset, and the
        lines that attach the file meta and set ``is_implicit_VR`` and
        ``is_little_endian``.
    """
    filename = ds.get("filename")
    source = f"DICOM file '{filename}'" if filename else "non-file dataset"
    lines = [
        "# -*- coding: utf-8 -*-",
        f"# Coded version of {source}",
        "# Produced by dcmcore codify utility script",
        code_imports(),
        "",
    ]
    has_meta = hasattr(ds, "file_meta")
    if has_meta:
        lines.append("# File meta info data elements")
        lines.append(
            code_dataset(ds.file_meta, "file_meta", exclude_size, include_private, is_file_meta=True)
        )
        lines.append("")
    lines.append("# Main data elements")
    lines.append(code_dataset(ds, exclude_size=exclude_size, include_private=include_private))
    lines.append("")
    if has_meta:
        lines.append("ds.file_meta = file_meta")
    lines.append(f"ds.is_implicit_VR = {ds.is_implicit_VR}")
    lines.append(f"ds.is_little_endian = {ds.is_little_endian}")
    return line_term.join(lines)


def set_parser_arguments(parser: argparse.ArgumentParser, default_exclude_size: int) -> None:
    """Add codify's arguments (file spec, output file, options) to `parser`."""
    from dcmcore.cli import filespec_help, filespec_parser

    parser.add_argument("filespec", help=filespec_help, type=filespec_parser)
    parser.add_argument(
        "outfile",
        nargs="?",
        type=argparse.FileType("w", encoding="UTF-8"),
        default=sys.stdout,
        help="Filename to write Python code to, if not specified then code is written to stdout",
    )
    parser.add_argument(
        "-e",
        "--exclude-size",
        type=int,
        default=default_exclude_size,
        help=f"Exclude binary data larger than specified (default: {default_exclude_size} bytes)",
    )
    parser.add_argument(
        "-p",
        "--include-private",
        action="store_true",
        help="Include private data elements (default is to exclude them)",
    )
    parser.add_argument(
        "-s",
        "--save-as",
        help=(
            "Specify the filename for ds.save_as(save_filename); "
            "otherwise the input name + '_from_codify' will be used"
        ),
    )


def do_codify(args: argparse.Namespace) -> None:
    """Write the code for the parsed command line `args` to its output file."""
    import os.path

    if len(args.filespec) != 1:
        raise NotImplementedError("Codify can only work on a single DICOM file input")
    ds, element = args.filespec[0]
    if element is not None and not isinstance(element, Dataset):
        raise NotImplementedError(f"Codify can only code a Dataset, not a {type(element)}")
    code = code_file_from_dataset(
        ds if element is None else element, args.exclude_size, args.include_private
    )
    save_as = args.save_as or os.path.splitext(ds.filename)[0] + "_from_codify.dcm"
    code += f"\nds.save_as(r'{save_as}', write_like_original=False)"
    out_name = getattr(args.outfile, "name", "<stdout>")
    if out_name != "<stdout>":
        print(f"Writing code to file '{out_name}'")
    args.outfile.write(code)
    if out_name != "<stdout>":
        args.outfile.close()  # the file argparse opened


def _parser(default_exclude_size: int) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description="Produce python/dcmcore code from a DICOM file",
        epilog=(
            "Binary data (e.g. pixels) larger than --exclude-size "
            f"(default {default_exclude_size} bytes) is not included. A "
            "dummy line with a syntax error is produced. "
            "Private data elements are not included by default."
        ),
    )
    set_parser_arguments(parser, default_exclude_size)
    return parser


def main(default_exclude_size: int, args: Optional[List[str]] = None) -> None:
    """Code the DICOM file named on the command line `args` (default ``sys.argv``).

    Parameters
    ----------
    default_exclude_size : int
        Bytes values longer than this are coded as a comment unless
        ``--exclude-size`` says otherwise.
    args : list of str, optional
        The command line arguments; ``None`` for :data:`sys.argv`.
    """
    do_codify(_parser(default_exclude_size).parse_args(args))


if __name__ == "__main__":  # pragma: no cover
    main(default_exclude_size=100)
