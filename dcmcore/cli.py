"""The ``dcmcore`` command: ``dcmcore show FILE`` prints a DICOM file.

``dcmcore show --example`` prints the CT slice that ships with dcmcore.
"""

import argparse
import os
import sys
from typing import List, Optional

from dcmcore.errors import InvalidDicomError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dcmcore", description="Read and show DICOM files.")
    commands = parser.add_subparsers(dest="command", required=True)
    show = commands.add_parser("show", help="print the elements of a DICOM file")
    source = show.add_mutually_exclusive_group(required=True)
    source.add_argument("file", nargs="?", help="the DICOM file to show")
    source.add_argument("--example", action="store_true", help="show dcmcore's example CT_small.dcm")
    show.add_argument("-f", "--force", action="store_true", help="read files without a DICOM header")
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
    from dcmcore.filereader import dcmread

    if args.example:
        from dcmcore.data import get_testdata_file

        path = get_testdata_file("CT_small.dcm")
    else:
        path = args.file
    try:
        ds = dcmread(path, force=args.force)
    except (OSError, InvalidDicomError, EOFError, ValueError) as exc:
        print(f"dcmcore: cannot read {path}: {exc}", file=sys.stderr)
        return 1
    try:
        print(str(ds))
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (e.g. `dcmcore show FILE | head`): stop quietly,
        # pointing stdout at devnull so the interpreter's final flush is silent.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
