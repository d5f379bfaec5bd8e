"""Run every benchmark, each in its own process; exit 1 if any of them fails.

    .venv/bin/python benchmarks/run.py --smoke          # CI: queries and memory, seconds each
    .venv/bin/python benchmarks/run.py                  # full size (needs REDIS_URL)
    .venv/bin/python benchmarks/run.py --smoke --only api_pages status_report

Options after the known ones are passed to every benchmark (e.g. --raw-budgets).
"""

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = [
    "admin_pages",
    "api_bundle",
    "api_pages",
    "api_serving",
    "mt_city",
    "pdf_subtree",
    "status_report",
    "xliff_roundtrip",
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--only", nargs="+", choices=BENCHMARKS, default=BENCHMARKS)
    args, rest = parser.parse_known_args()
    results = []
    for name in args.only:
        command = [sys.executable, str(HERE / f"{name}.py"), *(["--smoke"] if args.smoke else [])]
        print(f"\n######## {name} {' '.join(command[2:] + rest)}", flush=True)
        started = time.perf_counter()
        status = subprocess.call(command + rest, cwd=HERE.parent)
        results.append((name, status, time.perf_counter() - started))
    print("\n######## summary")
    for name, status, seconds in results:
        print(
            f"{name:<16} {'ok' if status == 0 else f'FAILED (exit {status})':<16} {seconds:6.1f} s"
        )
    return 1 if any(status for _name, status, _s in results) else 0


if __name__ == "__main__":
    sys.exit(main())
