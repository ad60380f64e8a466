"""Benchmark: indexing header files to Parquet with dcmcore.bulk.

Header files of about 155 elements with 10 sequences (``bench_read``'s
realistic CT header) are made in a temporary folder. Timed, interleaved:

1. a loop of pydicom 2.4.5 ``dcmread(stop_before_pixels=True)`` plus
   ``getattr`` for each of ``DEFAULT_COLUMNS`` (on a tenth of the files: it
   is slow), as files per second;
2. ``dcmcore.bulk.to_parquet`` of all the files with one worker, then two
   (targets: >= 20x the pydicom loop on one worker; two workers >= 1.7x one);
3. ``dcmcore.dask.read_metadata(...).compute()`` on a two-worker
   ``LocalCluster`` against ``read_metadata(workers=2)`` (target: within 1.5x).

Then the parent's peak memory while indexing `--files` and `--memory-files`
files (each run in a fresh process), which should stay flat.

Run: ``python benchmarks/bench_bulk.py [--files 20000] [--memory-files 100000]``
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_read import make_sequence_header

from dcmcore.bulk import DEFAULT_COLUMNS, read_metadata, to_parquet

try:
    import pydicom
except ImportError:  # pragma: no cover
    raise SystemExit("the benchmark needs pydicom 2.4.5: pip install .[bench]")


def write_files(folder: Path, count: int) -> list:
    folder.mkdir(parents=True, exist_ok=True)
    template = make_sequence_header(0)
    paths = []
    for index in range(count):
        template.SOPInstanceUID = f"1.2.3.4.{index}"
        template.InstanceNumber = index
        template.PatientID = f"P{index % 97}"
        path = folder / f"{index // 1000:03d}" / f"IM{index:06d}.dcm"
        path.parent.mkdir(exist_ok=True)
        template.save_as(path)
        paths.append(os.fspath(path))
    return paths


def pydicom_loop(paths: list) -> None:
    rows = []
    for path in paths:
        ds = pydicom.dcmread(path, stop_before_pixels=True)
        rows.append({keyword: getattr(ds, keyword, None) for keyword in DEFAULT_COLUMNS})


def files_per_second(func, count: int) -> float:
    start = time.perf_counter()
    func()
    return count / (time.perf_counter() - start)


def peak_memory_mb(folder: Path, out: Path) -> float:
    """Index `folder` in a fresh process with two workers; its peak RSS in MiB."""
    code = (
        "import resource, sys; from dcmcore.bulk import to_parquet; "
        "to_parquet(sys.argv[1], sys.argv[2], workers=2, progress=False); "
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    result = subprocess.run([sys.executable, "-c", code, os.fspath(folder), os.fspath(out)],
                            capture_output=True, text=True, check=True)
    return int(result.stdout.split()[-1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=20000)
    parser.add_argument("--memory-files", type=int, default=100000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        paths = write_files(workdir / "files", args.files)
        sample = paths[: max(1, args.files // 10)]
        out = workdir / "index.parquet"
        rates = {"pydicom": [], "dcmcore 1 worker": [], "dcmcore 2 workers": []}
        for _ in range(args.rounds):
            rates["pydicom"].append(files_per_second(lambda: pydicom_loop(sample), len(sample)))
            for workers in (1, 2):
                label = f"dcmcore {workers} worker{'s' if workers > 1 else ''}"
                rates[label].append(files_per_second(
                    lambda: to_parquet(workdir / "files", out, workers=workers, progress=False), len(paths)))
        medians = {label: statistics.median(values) for label, values in rates.items()}
        print(f"== index {args.files} header files (~155 elements, 10 sequences) to Parquet")
        for label, rate in medians.items():
            print(f"  {label:<20} {rate:10.0f} files/s (median of {args.rounds})")

        dask_ratio = None
        try:
            import distributed

            from dcmcore.dask import read_metadata as dask_read_metadata
        except ImportError:
            print("  (dask not installed: the Dask path is not timed)")
        else:
            with distributed.LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster, \
                    distributed.Client(cluster):
                dask_times, local_times = [], []
                for _ in range(args.rounds):
                    start = time.perf_counter()
                    dask_read_metadata(os.fspath(workdir / "files")).compute()
                    dask_times.append(time.perf_counter() - start)
                    start = time.perf_counter()
                    read_metadata(workdir / "files", workers=2, progress=False)
                    local_times.append(time.perf_counter() - start)
            dask_ratio = statistics.median(dask_times) / statistics.median(local_times)
            print(f"  dask (2-worker LocalCluster) {len(paths) / statistics.median(dask_times):10.0f} files/s, "
                  f"read_metadata(workers=2) {len(paths) / statistics.median(local_times):10.0f} files/s")

        memory = [(args.files, peak_memory_mb(workdir / "files", out))]
        if args.memory_files > args.files:
            write_files(workdir / "more", args.memory_files)
            memory.append((args.memory_files, peak_memory_mb(workdir / "more", out)))
        for count, megabytes in memory:
            print(f"  parent peak RSS indexing {count} files with 2 workers: {megabytes:.0f} MiB")

        one, two = medians["dcmcore 1 worker"], medians["dcmcore 2 workers"]
        print(f"RATIO index, 1 worker: dcmcore is {one / medians['pydicom']:.1f}x the pydicom loop (target >= 20x)")
        print(f"RATIO index, 2 workers: {two / one:.2f}x 1 worker (target >= 1.7x)")
        if dask_ratio is not None:
            print(f"RATIO dask path: {dask_ratio:.2f}x the time of read_metadata(workers=2) (target <= 1.5x)")


if __name__ == "__main__":
    main()
