"""The benchmarks' enforcement: a missed budget must fail the run (exit status 1)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

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


@pytest.mark.skipif(
    not (BENCHMARKS / "xliff_roundtrip.py").exists(), reason="benchmarks are not shipped"
)
def test_a_benchmark_exits_non_zero_when_a_budget_is_missed(tmp_path):
    """The XLIFF benchmark at smoke size with an impossible memory budget (about 15 s with a
    migrated template database, which the first run of any benchmark leaves behind)."""
    env = {k: v for k, v in os.environ.items() if k not in {"BENCH_DATABASE_URL", "REDIS_URL"}}
    env["TMPDIR"] = os.environ.get("TMPDIR", "/tmp")
    result = subprocess.run(
        [
            sys.executable,
            str(BENCHMARKS / "xliff_roundtrip.py"),
            "--smoke",
            "--budget",
            "process peak RSS=1",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "BUDGET MISSED: process peak RSS" in result.stdout
