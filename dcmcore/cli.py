"""The ``dcmcore`` command: ``dcmcore show FILE`` prints a DICOM file,
``dcmcore codify FILE`` writes Python code that rebuilds it.

``dcmcore show --example`` prints the CT slice that ships with dcmcore. A
file is named by a file spec, ``[dcmcore::]filename[::element]``, as in
pydicom's command line.
"""

import argparse
import os
import re
import sys
from typing import Any, List, Optional, Tuple

from dcmcore.errors import InvalidDicomError

filespec_help = (
    "File specification, in format [dcmcore::]filename[::element]. "
    "If `dcmcore::` prefix is present, then use the dcmcore "
    "example file with that name. If `element` is given, "
    "use only that data element within the file. "
    "Examples: "
    "path/to/your_file.dcm, "
    "your_file.dcm::StudyDate, "
    "dcmcore::rtplan.dcm::BeamSequence[0], "
    "yourplan.dcm::BeamSequence[0].BeamNumber"
)

# An element path: keywords, each optionally indexed, joined by dots.
_ELEMENT_PATH = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\[-?[0-9]+\])?(\.[A-Za-z_][A-Za-z0-9_]*(\[-?[0-9]+\])?)*$")


def filespec_parts(filespec: str) -> Tuple[str, str, str]:
    """Split `filespec` into its prefix (``'dcmcore'`` or ``''``), file name and element.

    A file name may itself hold single colons (``c:\\temp\\x.dcm``).
    """
    *head, last = filespec.split("::")
    if not head:
        return "", last, ""
    prefix = "dcmcore" if head[0] == "dcmcore" else ""
    if prefix:
        head.pop(0)
    if not head:
        return prefix, last, ""
    return prefix, "".join(head), last


def _example_path(name: str) -> str:
    """Return the path of dcmcore's example file `name`, or ``''``."""
    from dcmcore.data import get_testdata_file

    if not name or os.path.isabs(name):
        return ""
    return get_testdata_file(name) or ""


def filespec_parser(filespec: str) -> List[Tuple[Any, Any]]:
    """Read the file of `filespec`; return ``[(dataset, element value or None)]``.

    Used as an :mod:`argparse` ``type``.

    Raises
    ------
    argparse.ArgumentTypeError
        If the file cannot be found or read, or the element part is not a
        valid path or names nothing in the dataset.
    """
    from dcmcore.filereader import dcmread

    prefix, filename, element = filespec_parts(filespec)
    example = _example_path(filename)
    if prefix:
        filename = example
    if element and not _ELEMENT_PATH.match(element):
        raise argparse.ArgumentTypeError(
            f"Component '{element}' is not valid syntax for a data element, sequence, or sequence item"
        )
    try:
        ds = dcmread(filename, force=True)
    except FileNotFoundError:
        extra = f", \nbut 'dcmcore::{filename}' example file is available" if example else ""
        raise argparse.ArgumentTypeError(f"File '{filename}' not found{extra}") from None
    except Exception as exc:
        raise argparse.ArgumentTypeError(f"Error reading '{filename}': {exc}") from None
    return [(ds, _element_value(ds, element) if element else None)]


def _element_value(ds: Any, element: str) -> Any:
    """Return what the path `element` (``BeamSequence[0].BeamNumber``) names in `ds`.

    Raises
    ------
    argparse.ArgumentTypeError
        If the path names nothing in the dataset.
    """
    try:
        return eval("ds." + element, {"ds": ds})  # the path was matched against _ELEMENT_PATH
    except AttributeError:
        raise argparse.ArgumentTypeError(f"Data element '{element}' is not in the dataset") from None
    except IndexError as exc:
        raise argparse.ArgumentTypeError(f"'{element}' has an index error: {exc}") from None


# Bytes values longer than this are left out of `dcmcore codify` by default.
_EXCLUDE_SIZE = 100


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dcmcore", description="Read and show DICOM files.")
    commands = parser.add_subparsers(dest="command", required=True)
    show = commands.add_parser("show", help="print the elements of a DICOM file")
    source = show.add_mutually_exclusive_group(required=True)
    source.add_argument("file", nargs="?", help="the DICOM file to show: " + filespec_help)
    source.add_argument("--example", action="store_true", help="show dcmcore's example CT_small.dcm")
    show.add_argument("-f", "--force", action="store_true", help="read files without a DICOM header")
    from dcmcore.util.codify import do_codify, set_parser_arguments

    codify = commands.add_parser(
        "codify",
        help="write Python code that rebuilds a DICOM file",
        description="Read a DICOM file and produce the dcmcore (Python) code which can create that file",
        epilog=(
            f"Binary data (e.g. pixels) larger than --exclude-size (default {_EXCLUDE_SIZE} bytes) "
            "is not included. A dummy line with a syntax error is produced. "
            "Private data elements are not included by default."
        ),
    )
    set_parser_arguments(codify, _EXCLUDE_SIZE)
    codify.set_defaults(run=do_codify)
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    """Run the command line `argv` (default ``sys.argv[1:]``); return the exit status.

    Examples
    --------
    >>> from dcmcore.cli import main
    >>> main(["show", "--example"])  # doctest: +ELLIPSIS
    Dataset.file_meta -------------------------------
    ...
    0
    """
    args = _parser().parse_args(argv)
    if args.command == "codify":
        args.run(args)
        return 0
    from dcmcore.filereader import dcmread

    element = ""
    if args.example:
        path = _example_path("CT_small.dcm")
    else:
        prefix, path, element = filespec_parts(args.file)
        if element and not _ELEMENT_PATH.match(element):
            print(f"dcmcore: '{element}' is not a data element, sequence or item path", file=sys.stderr)
            return 1
        if prefix:
            path = _example_path(path) or path
    try:
        ds = dcmread(path, force=args.force)
        shown = _element_value(ds, element) if element else ds
    except (OSError, InvalidDicomError, EOFError, ValueError, argparse.ArgumentTypeError) as exc:
        print(f"dcmcore: cannot read {path}: {exc}", file=sys.stderr)
        return 1
    try:
        print(str(shown))
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (e.g. `dcmcore show FILE | head`): stop quietly,
        # pointing stdout at devnull so the interpreter's final flush is silent.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
