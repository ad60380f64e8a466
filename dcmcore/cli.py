"""The ``dcmcore`` command (also ``python -m dcmcore``).

``show`` prints a file as pydicom's ``pydicom show`` does (``-q``, ``-t``,
``-x``; ``--example`` for the CT slice that ships with dcmcore), ``codify``
writes Python code that rebuilds it, ``json`` and ``xml`` print its DICOM
JSON and Native DICOM Model, ``index`` writes the metadata of many files to
Parquet (:mod:`dcmcore.bulk`), ``compress`` and ``decompress`` transcode to
and from RLE Lossless. ``show`` and ``codify`` name a file by a file spec,
``[dcmcore::]filename[::element]``, as pydicom's command line does.
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


def _filespec_target(filespec: str) -> Tuple[str, str, str]:
    """Return the file `filespec` names, its element path and the example file of that name.

    A ``dcmcore::`` name that is no example file stays as given (pydicom
    reads ``''`` then), so that the error names it.

    Raises
    ------
    argparse.ArgumentTypeError
        If the element path is not valid syntax.
    """
    prefix, filename, element = filespec_parts(filespec)
    example = _example_path(filename)
    if element and not _ELEMENT_PATH.match(element):
        raise argparse.ArgumentTypeError(
            f"Component '{element}' is not valid syntax for a data element, sequence, or sequence item"
        )
    return (example or filename) if prefix else filename, element, example


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

    filename, element, example = _filespec_target(filespec)
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


class _CommandError(Exception):
    """A failure to report on one line, with exit status 1."""


def _read(path: str, force: bool = False) -> Any:
    from dcmcore.filereader import dcmread

    try:
        return dcmread(path, force=force)
    except (OSError, InvalidDicomError, EOFError, ValueError) as exc:
        raise _CommandError(f"cannot read {path}: {exc}") from None


def _show_target(args: argparse.Namespace) -> Tuple[Any, Any]:
    """The dataset of `args` and what to show of it (the dataset or an element's value)."""
    if args.example:
        ds = _read(_example_path("CT_small.dcm"))
        return ds, ds
    try:
        path, element, _ = _filespec_target(args.file)
        ds = _read(path, args.force)
        return ds, _element_value(ds, element) if element else ds
    except argparse.ArgumentTypeError as exc:
        raise _CommandError(str(exc)) from None


def _quiet_lines(ds: Any) -> List[str]:
    """pydicom's `show -q` summary: SOP class, patient and study, then image or plan details."""
    lines = []
    sop_class = ds.get("SOPClassUID")
    if sop_class is not None:
        lines.append(f"SOPClassUID: {sop_class.name}")
    lines += [
        f"{keyword}: {ds.get(keyword, 'N/A')}"
        for keyword in ("PatientName", "PatientID", "StudyID", "StudyDate", "StudyTime", "StudyDescription")
    ]
    if sop_class is not None and "Image Storage" in sop_class.name:
        lines += [
            f"{keyword}: {ds.get(keyword, 'N/A')}"
            for keyword in ("BitsStored", "Modality", "Rows", "Columns", "SliceLocation")
        ]
    if "BeamSequence" in ds:
        lines += _plan_lines(ds)
    return lines


def _plan_lines(ds: Any) -> List[str]:
    """The RT plan part of the `show -q` summary."""
    label, name = ds.get("RTPlanLabel"), ds.get("RTPlanName")
    lines = [f"Plan Label: {label}  " + (f"Plan Name: {name}" if name else "")]
    for group in ds.get("FractionGroupSequence", []):
        fractions = group.get("NumberOfFractionsPlanned")
        planned = f"{fractions} fraction(s) planned" if fractions else ""
        lines.append(
            f"Fraction Group {group.get('FractionGroupNumber', '')} "
            f"{group.get('FractionGroupDescription', '')} {planned}"
        )
        lines.append(f"   Brachy Application Setups: {group.get('NumberOfBrachyApplicationSetups')}")
        for beam in group.ReferencedBeamSequence:
            dose, meterset = beam.get("BeamDose"), beam.get("BeamMeterset")
            line = f"   Beam {beam.get('ReferencedBeamNumber')} "
            if dose or meterset:
                line += f"Dose {dose} Meterset {meterset}"
            lines.append(line)
    for beam in ds.BeamSequence:
        beam_type = beam.get("BeamType")
        line = (
            f"Beam {beam.get('BeamNumber')} '{beam.get('BeamName')}' {beam.get('TreatmentDeliveryType')} "
            f"{beam_type} {beam.get('RadiationType')}"
        )
        if beam_type == "STATIC":
            point = beam.ControlPointSequence[0]
            if point:
                line += (
                    f" energy {point.get('NominalBeamEnergy')} gantry {point.get('GantryAngle')}, "
                    f"coll {point.get('BeamLimitingDeviceAngle')}, couch {point.get('PatientSupportAngle')}"
                )
        line += (
            f" ({beam.get('NumberOfWedges')} wedges, {beam.get('NumberOfCompensators')} comps, "
            f"{beam.get('NumberOfBoli')} boli, {beam.get('NumberOfBlocks')} blocks)"
        )
        lines.append(line)
    return lines


def _show(args: argparse.Namespace) -> str:
    from dcmcore.dataset import Dataset

    ds, shown = _show_target(args)
    if args.exclude_private:
        ds.remove_private_tags()
    if args.quiet and isinstance(shown, Dataset):
        return "\n".join(_quiet_lines(shown))
    if args.top and isinstance(shown, Dataset):
        return shown.top()
    return str(shown)


def _json(args: argparse.Namespace) -> str:
    import json

    ds = _read(args.file)
    if args.indent is None:
        return ds.to_json()
    return json.dumps(ds.to_json_dict(), indent=args.indent)


def _xml(args: argparse.Namespace) -> str:
    return _read(args.file).to_xml()


def _transcode(args: argparse.Namespace) -> str:
    ds = _read(args.input)
    try:
        if args.command == "compress":
            from dcmcore.uid import RLELossless

            ds.compress(RLELossless)
        else:
            ds.decompress()
        ds.save_as(args.output)
    except (OSError, ValueError, NotImplementedError, RuntimeError, AttributeError) as exc:
        raise _CommandError(f"cannot {args.command} {args.input}: {exc}") from None
    return ""


def _index(args: argparse.Namespace) -> str:
    import time

    from dcmcore import bulk

    columns = None
    if args.columns:
        columns = [int(spec, 16) if re.fullmatch("[0-9A-Fa-f]{8}", spec) else spec for spec in args.columns]
    start = time.perf_counter()
    progress = False if args.no_progress else None
    try:
        rows = bulk.to_parquet(args.paths, args.output, columns, workers=args.workers, progress=progress)
    except (ValueError, ImportError, OSError) as exc:
        raise _CommandError(str(exc)) from None
    import pyarrow.parquet as pq

    errors = pq.read_table(args.output, columns=["error"]).column("error").drop_null()
    seconds = time.perf_counter() - start
    print(f"indexed {rows} files ({len(errors)} with errors) in {seconds:.1f} s to {args.output}", file=sys.stderr)
    return ""


def _codify(args: argparse.Namespace) -> str:
    from dcmcore.util.codify import do_codify

    do_codify(args)
    return ""


def _parser() -> argparse.ArgumentParser:
    from dcmcore import __version__
    from dcmcore.util.codify import set_parser_arguments

    parser = argparse.ArgumentParser(prog="dcmcore", description="Read, show and convert DICOM files.")
    parser.add_argument("--version", action="version", version=f"dcmcore {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    show = commands.add_parser("show", help="print the elements of a DICOM file")
    source = show.add_mutually_exclusive_group(required=True)
    source.add_argument("file", nargs="?", help="the DICOM file to show: " + filespec_help)
    source.add_argument("--example", action="store_true", help="show dcmcore's example CT_small.dcm")
    show.add_argument("-f", "--force", action="store_true", help="read files without a DICOM header")
    show.add_argument("-x", "--exclude-private", action="store_true", help="Don't show private data elements")
    show.add_argument("-t", "--top", action="store_true", help="Only show top level")
    show.add_argument("-q", "--quiet", action="store_true", help="Only show basic information")
    show.set_defaults(run=_show)

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
    codify.set_defaults(run=_codify)

    json_command = commands.add_parser("json", help="print a DICOM file as DICOM JSON (PS3.18 F)")
    json_command.add_argument("file")
    json_command.add_argument("--indent", type=int, default=None, help="indent nested levels by N spaces")
    json_command.set_defaults(run=_json)

    xml_command = commands.add_parser("xml", help="print a DICOM file as PS3.19 Native DICOM Model XML")
    xml_command.add_argument("file")
    xml_command.set_defaults(run=_xml)

    index = commands.add_parser("index", help="write the metadata of many files to a Parquet file")
    index.add_argument("paths", nargs="+", help="directories (read recursively), globs or files")
    index.add_argument("-o", "--output", required=True, help="the Parquet file to write")
    index.add_argument("--columns", nargs="+", help="keywords or 8-digit hex tags (default: a useful set)")
    index.add_argument("--workers", type=int, default=None, help="processes reading files (default: every core)")
    index.add_argument("--no-progress", action="store_true", help="no progress bar")
    index.set_defaults(run=_index)

    for name, text in (("compress", "RLE Lossless compress a file"), ("decompress", "decompress a file")):
        transcode = commands.add_parser(name, help=text)
        transcode.add_argument("input")
        transcode.add_argument("output")
        if name == "compress":
            transcode.add_argument("--syntax", choices=["rle"], default="rle", help="the codec (rle)")
        transcode.set_defaults(run=_transcode)
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    """Run the command line `argv` (default ``sys.argv[1:]``); return the exit status.

    A failure is one line on stderr and status 1 (argparse's usage errors:
    2), never a traceback.

    Examples
    --------
    >>> from dcmcore.cli import main
    >>> main(["show", "--example"])  # doctest: +ELLIPSIS
    Dataset.file_meta -------------------------------
    ...
    0
    """
    args = _parser().parse_args(argv)
    try:
        text = args.run(args)
    except _CommandError as exc:
        print(f"dcmcore: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # never a traceback
        print(f"dcmcore: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    if text:
        try:
            print(text)
            sys.stdout.flush()
        except BrokenPipeError:
            # The reader went away (e.g. `dcmcore show FILE | head`): stop quietly,
            # pointing stdout at devnull so the interpreter's final flush is silent.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
