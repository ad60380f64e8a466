"""What the fuzz targets share: the exceptions bad input may raise, the
record of the ones it should not, seed corpora, and the atheris main loop.

A target module defines ``one_input(data: bytes)`` and ``seeds() ->
iterable of bytes`` and calls :func:`main`. Run one with::

    python fuzz/fuzz_dcmread.py [corpus folder] [libFuzzer options]

(``-atheris_runs=N`` executions, ``-max_total_time=S`` seconds; the folder,
``fuzz/corpus/<target>`` by default, is filled with the seeds first). A
native crash, a hang (``-timeout``, 2 s by default) or an allocation over
the address-space limit (``DCMCORE_FUZZ_AS_MB``, 4096 by default) stops the
run with the input saved by libFuzzer. A Python exception outside
:data:`EXPECTED` is a finding too: it is written once per kind to
``fuzz/findings/<target>/`` (input and traceback) and the run goes on.
"""

import hashlib
import io
import os
import struct
import sys
import traceback
import warnings
import zlib
from pathlib import Path
from typing import Callable, Iterable, Optional

import atheris

HERE = Path(__file__).resolve().parent

# What damaged data may raise, as pydicom 2.4.5 does for it: InvalidDicomError
# and ValueError for what the reader or a converter refuses, struct.error and
# EOFError for truncated headers, BytesLengthException (a ValueError) for a
# value of the wrong size, KeyError for unknown tags, NotImplementedError for
# unsupported layouts, OverflowError and UnicodeError (ValueError) for values
# that do not fit, zlib.error for deflated data that is not deflate,
# MemoryError never (the address-space limit turns it into a finding).
from dcmcore.errors import BytesLengthException  # noqa: E402

EXPECTED = (
    ValueError, EOFError, KeyError, NotImplementedError, OverflowError, struct.error, zlib.error,
    BytesLengthException,
)


def expected_type_error(exc: BaseException) -> bool:
    """pydicom's own TypeError for a value it cannot size or compare."""
    return isinstance(exc, TypeError) and ("has no len()" in str(exc) or "NoneType" in str(exc))


def pydicom_oracle(work: Callable[..., None]) -> Callable[[bytes], Optional[str]]:
    """An oracle for :func:`main`: ``work(pydicom, data)`` run with pydicom
    2.4.5, giving the name of the exception it raises (``None`` if none, or
    if pydicom is not installed)."""

    def outcome(data: bytes) -> Optional[str]:
        try:
            import pydicom
        except ImportError:
            return None
        try:
            work(pydicom, data)
        except Exception as exc:  # noqa: BLE001 - any kind: it is compared by name
            return type(exc).__name__
        return None

    return outcome


def _record(target: str, data: bytes, exc: BaseException, oracle: Optional[Callable[[bytes], Optional[str]]]) -> None:
    if oracle is not None and oracle(data) == type(exc).__name__:
        return  # what pydicom 2.4.5 raises for the same bytes
    frames = traceback.extract_tb(exc.__traceback__)
    where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else "?"
    kind = hashlib.sha1(f"{type(exc).__name__} {where}".encode()).hexdigest()[:12]
    folder = HERE / "findings" / target
    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / f"{kind}.txt").exists():
        (folder / kind).write_bytes(data)
        (folder / f"{kind}.txt").write_text("".join(traceback.format_exception(exc)))
        print(f"\nfinding {type(exc).__name__} at {where}: {exc!s:.200}", file=sys.stderr)


def _limit_address_space() -> None:
    try:
        import resource
    except ImportError:  # pragma: no cover - not POSIX
        return
    if "asan" in os.environ.get("LD_PRELOAD", ""):
        return  # AddressSanitizer reserves terabytes of address space
    limit = int(os.environ.get("DCMCORE_FUZZ_AS_MB", "4096")) << 20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def main(
    target: str,
    one_input: Callable[[bytes], None],
    seeds: Callable[[], Iterable[bytes]],
    also_expected: tuple = (),
    oracle: Optional[Callable[[bytes], Optional[str]]] = None,
) -> None:
    """Run `one_input` under atheris with a corpus seeded from `seeds`;
    `also_expected` adds exception types that are clear answers for this
    target's input (TypeError for a JSON value of the wrong type), and
    `oracle(data)` names the exception pydicom 2.4.5 raises doing the same
    (``None`` if none): an exception of that type is not a finding."""
    expected = EXPECTED + tuple(also_expected)
    args = list(sys.argv)
    corpus = next((arg for arg in args[1:] if not arg.startswith("-")), None)
    if corpus is None:
        corpus = str(HERE / "corpus" / target)
        args.insert(1, corpus)
    folder = Path(corpus)
    if folder.is_dir() or not folder.exists():
        folder.mkdir(parents=True, exist_ok=True)
        for seed in seeds():
            (folder / f"seed-{hashlib.sha1(seed).hexdigest()[:16]}").write_bytes(seed)
    if not any(arg.startswith("-timeout=") for arg in args):
        args.append("-timeout=2")
    if not any(arg.startswith("-rss_limit_mb=") for arg in args):
        args.append("-rss_limit_mb=4096")

    def guarded(data: bytes) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                one_input(data)
            except expected:
                pass
            except TypeError as exc:
                if not expected_type_error(exc):
                    _record(target, data, exc, oracle)
            except Exception as exc:  # noqa: BLE001 - every other kind is a finding
                _record(target, data, exc, oracle)

    import logging

    logging.disable(logging.CRITICAL)  # the reader logs what it skips, as pydicom does
    _limit_address_space()
    atheris.instrument_all()
    atheris.Setup(args, guarded)
    atheris.Fuzz()


def example_files() -> list:
    """The bytes of every example file dcmcore ships."""
    from dcmcore.data import get_testdata_files

    return [Path(path).read_bytes() for path in get_testdata_files()]


def written(ds, **kwargs) -> bytes:
    """`ds` encoded as a file, in memory."""
    out = io.BytesIO()
    ds.save_as(out, **kwargs)
    return out.getvalue()
