"""Shared timing harness for the benchmarks in this folder.

Every benchmark times dcmcore and its anchors (pydicom 2.4.5 always) in one
process, interleaving the contenders round by round so that machine noise
falls on all of them alike, and prints medians and ratios, the ratio last.
Machines are small and noisy: read the ratios, not the seconds.

Usage from a benchmark script::

    from harness import Case, compare
    compare("tag_for_keyword", [
        Case("dcmcore", lambda: dcmcore_fn(...)),
        Case("pydicom", lambda: pydicom_fn(...)),
    ], number=10_000)
"""

import gc
import statistics
import sys
import time
from dataclasses import dataclass
from typing import Callable, List, Optional, Sequence


@dataclass
class Case:
    """One contender: a label and a callable that does the work once."""

    label: str
    func: Callable[[], object]


def compare(
    title: str,
    cases: Sequence[Case],
    *,
    number: int = 1,
    rounds: int = 7,
    baseline: Optional[str] = "pydicom",
    target: Optional[float] = None,
) -> List[float]:
    """Time `cases` interleaved and print each median and its ratio to `baseline`.

    Parameters
    ----------
    title : str
        What is measured.
    cases : sequence of Case
        The first case is dcmcore; the others are the anchors.
    number : int
        Calls of ``func`` in one timed sample.
    rounds : int
        Samples per case; each round times every case once, in turn.
    baseline : str or None
        Label of the case the ratios are taken against.
    target : float, optional
        The ratio the issue asks for, printed beside the measured one.

    Returns
    -------
    list of float
        The median seconds per call of each case, in the order given.
    """
    samples = {case.label: [] for case in cases}
    for case in cases:  # warm up caches and lazy imports
        case.func()
    for _ in range(rounds):
        for case in cases:
            gc.collect()
            start = time.perf_counter()
            for _ in range(number):
                case.func()
            samples[case.label].append((time.perf_counter() - start) / number)
    medians = [statistics.median(samples[case.label]) for case in cases]
    print(f"\n== {title}")
    for case, median in zip(cases, medians):
        print(f"  {case.label:<24} {_format_time(median)} per call (median of {rounds})")
    if baseline is not None and baseline in samples:
        base = statistics.median(samples[baseline])
        first = cases[0]
        for case, median in zip(cases, medians):
            if case.label != baseline:
                print(f"  {case.label} vs {baseline}: {base / median:.2f}x")
        ratio = base / medians[0]
        wanted = f" (target >= {target:g}x)" if target else ""
        print(f"RATIO {title}: {first.label} is {ratio:.2f}x {baseline}{wanted}")
    sys.stdout.flush()
    return medians


def _format_time(seconds: float) -> str:
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("us", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:8.3f} {unit}"
    return f"{seconds / 1e-9:8.1f} ns"
