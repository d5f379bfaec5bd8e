"""The benchmarks' enforcement: a missed budget must fail the run (exit status 1)."""

import os
import subprocess
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import common  # noqa: E402


def test_a_missed_budget_fails_and_a_met_one_passes(capsys):
    report = common.Report("checker")
    report.check("queries", 3, 3, unit="queries")
    report.check("ratio", 5.0, 4, unit="x", kind="min")
    assert report.finish() == 0
    report.check("too many", 11, 10, unit="queries")
    assert report.finish() == 1
    assert "MISSED" in capsys.readouterr().out


def test_growth_and_per_item_checks():
    report = common.Report("growth")
    assert report.constant("constant", {"small": 8, "big": 8}).ok
    assert not report.constant("grows", {"small": 8, "big": 9}).ok
    assert report.per_item("linear", {4: 35, 8: 51, 16: 83}).ok
    assert not report.per_item("steeper", {4: 35, 8: 51, 16: 120}).ok


def test_timed_budgets_scale_up_only_and_are_not_enforced_in_smoke(monkeypatch):
    monkeypatch.setattr(common, "calibration_ms", lambda: 20.0)
    report = common.Report("timed")
    slow = report.check("slow machine", 15, 10, unit="ms", timed=True)
    assert slow.limit == 20 and slow.ok  # 10 ms × 20/10
    assert not common.Report("raw", scale_budgets=False).check("raw", 15, 10, timed=True).ok
    monkeypatch.setattr(common, "calibration_ms", lambda: 5.0)
    assert not common.Report("fast").check("fast machine", 15, 10, timed=True).ok
    smoke = common.Report("smoke", smoke=True)
    assert smoke.check("any time", 10_000, 10, unit="ms", timed=True).ok
    assert not smoke.check("queries", 11, 10).ok


def test_an_override_reaches_the_budget():
    report = common.Report("override", overrides=common.parse_overrides(["queries=2"]))
    assert not report.check("queries", 3, 10).ok


def test_the_command_line_exits_1_on_a_missed_budget():
    """Budget override on the command line -> table -> exit status, without a database."""
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]); import common\n"
        "args = common.parser('t').parse_args(sys.argv[2:])\n"
        "def main():\n"
        "    report = common.Report('t', overrides=common.parse_overrides(args.budget))\n"
        "    report.check('queries', 3, 10)\n"
        "    return report.finish()\n"
        "common.main_wrapper(main)\n"
    )
    run = [sys.executable, "-c", script, str(BENCHMARKS)]
    assert subprocess.run(run, capture_output=True).returncode == 0
    missed = subprocess.run([*run, "--budget", "queries=2"], capture_output=True, text=True)
    assert missed.returncode == 1
    assert "BUDGET MISSED: queries" in missed.stdout


def test_a_benchmark_exits_non_zero_when_a_budget_is_missed():
    """The XLIFF benchmark at its smallest size with an impossible memory budget (about 10 s
    on an idle machine once a migrated template database exists; the first run of any
    benchmark on a machine makes it, which costs a `migrate`)."""
    env = {k: v for k, v in os.environ.items() if k not in {"BENCH_DATABASE_URL", "REDIS_URL"}}
    result = subprocess.run(
        [
            sys.executable,
            str(BENCHMARKS / "xliff_roundtrip.py"),
            "--smoke",
            "--pages",
            "8",
            "--budget",
            "process peak RSS=1",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    missed = next(line for line in result.stdout.splitlines() if "BUDGET MISSED" in line)
    assert "process peak RSS" in missed
    assert "export queries per item" in result.stdout  # the rest of the table was checked
