"""Run every fuzz target for a while and report executions and coverage.

    python fuzz/smoke.py [--seconds 60] [--runs N] [--only NAME ...]

Each target runs in its own process for ``--seconds`` (or ``--runs``
executions) on its corpus in ``fuzz/corpus/<target>``, seeded on first use.
The exit status is non-zero if a target crashed, hung or ran out of memory
(libFuzzer then saves the input as ``crash-*``, ``timeout-*`` or ``oom-*``
in the current folder), and with ``--strict`` also if one wrote a new
finding to ``fuzz/findings/`` (they are listed either way).
"""

import argparse
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGETS = ["dcmread", "rle", "json", "xml", "overlay_waveform", "charset"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60, help="time per target (default 60)")
    parser.add_argument("--runs", type=int, help="executions per target instead of a time")
    parser.add_argument("--only", nargs="+", choices=TARGETS, help="the targets to run")
    parser.add_argument("--strict", action="store_true", help="fail on new findings too")
    options = parser.parse_args()
    failed = []
    findings_before = {path.name for path in (HERE / "findings").glob("*/*")}
    for target in options.only or TARGETS:
        limit = f"-atheris_runs={options.runs}" if options.runs else f"-max_total_time={options.seconds}"
        result = subprocess.run(
            [sys.executable, str(HERE / f"fuzz_{target}.py"), limit, "-print_final_stats=1"],
            capture_output=True, text=True,
        )
        log = result.stdout + result.stderr
        runs = re.findall(r"stat::number_of_executed_units:\s*(\d+)", log)
        cov = re.findall(r"cov: (\d+) ft: (\d+)", log)
        status = "ok" if result.returncode == 0 else f"FAILED (exit {result.returncode})"
        coverage = f"cov {cov[-1][0]}, features {cov[-1][1]}" if cov else "no coverage reported"
        print(f"{target:18} {runs[-1] if runs else '?':>9} executions, {coverage}: {status}")
        if result.returncode:
            failed.append(target)
            print("\n".join(log.splitlines()[-30:]))
    new = {path.name for path in (HERE / "findings").glob("*/*")} - findings_before
    if new:
        print(f"new findings in {HERE / 'findings'}: {sorted(new)}")
    return 1 if failed or (new and options.strict) else 0


if __name__ == "__main__":
    sys.exit(main())
