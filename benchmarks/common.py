"""What every benchmark shares: database and cache set-up, machine-speed calibration, query
counting, memory peaks and budget checks.

A benchmark script calls, in this order and before importing any Django model:

    args = common.parser(__doc__).parse_args()
    run = common.setup(args, cached_figures=True)    # database, cache, django.setup()
    ...                                              # generate data, measure
    run.report.check("figure", value, budget, unit="ms", timed=True)
    sys.exit(run.report.finish())                    # prints the table; 1 if a budget was missed

Databases: a throwaway SQLite file by default, or a fresh PostgreSQL database next to the one
named by BENCH_DATABASE_URL (it gets a `_run_<pid>` suffix and is dropped at the end). Either is
copied from a migrated template kept per set of migrations and installed versions, so that only
the first run pays for `migrate`.

Cache: REDIS_URL when set (the production backend), with a key prefix of its own per run. A
benchmark that reports cached figures refuses to run at full size without REDIS_URL; in smoke
mode it falls back to the local-memory cache and says so.
"""

import argparse
import atexit
import contextlib
import hashlib
import importlib.metadata
import os
import resource
import shutil
import sys
import tempfile
import time
import timeit
import traceback
import tracemalloc
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# Calibration: best of five `sum(range(10**6))`, in ms. The reference machine (a typical laptop
# core, idle) takes 10 ms; time budgets are stretched by calibration / reference on a slower
# moment or machine, never tightened on a faster one (see `Report.check`).
REFERENCE_CALIBRATION_MS = 10.0


# Production's task backend (site/settings/production.py): jobs wait in the database for the
# worker, so a request's figures count what the request itself does.
PRODUCTION_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


class BenchmarkError(RuntimeError):
    """The benchmark cannot run as asked (e.g. cached figures without Redis)."""


def calibration_ms():
    """This machine's speed right now: best of five `sum(range(10**6))`, in milliseconds."""
    return min(timeit.repeat("sum(range(10**6))", number=3, repeat=5)) / 3 * 1000


def peak_rss_mb():
    """Peak resident memory of this process so far (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@contextlib.contextmanager
def python_heap_peak():
    """Peak of Python allocations inside the block, in MB (tracemalloc: C libraries such as
    lxml are not included; never wrap a timed measurement in this, it slows Python down)."""
    result = {"mb": 0.0}
    tracemalloc.start()
    try:
        yield result
    finally:
        result["mb"] = tracemalloc.get_traced_memory()[1] / 1024 / 1024
        tracemalloc.stop()


class QueryCounter:
    """Counts every SQL statement on the default connection (CaptureQueriesContext stops at
    9000) and keeps the first `keep` statements for a look when a count is off."""

    def __init__(self, keep=200, *, origins=False):
        self.count = 0
        self.keep = keep
        self.statements = []
        self.origins = [] if origins else None

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        if len(self.statements) < self.keep:
            self.statements.append(sql)
            if self.origins is not None:
                self.origins.append(_origin())
        return execute(sql, params, many, context)

    def __enter__(self):
        from django.db import connection

        self._wrapper = connection.execute_wrapper(self)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        self._wrapper.__exit__(*exc)


def _origin(depth=4):
    """The innermost frames that issued a statement, outside Django's ORM and this module:
    where a count comes from."""
    frames = []
    for frame in reversed(traceback.extract_stack()[:-2]):
        name = frame.filename
        if "/django/db/" in name or name == __file__ or "/django/utils/functional" in name:
            continue
        short = name.split("site-packages/")[-1].removeprefix(str(ROOT) + "/")
        frames.append(f"{short}:{frame.lineno} {frame.name}")
        if len(frames) == depth:
            break
    return " < ".join(frames)


def timed_ms(fn, runs, *, before=None):
    """Median and the list of wall times of `runs` calls of fn, in ms; `before` runs untimed
    ahead of each call (e.g. invalidating a cache)."""
    times, result = [], None
    for _ in range(runs):
        if before:
            before()
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return times[len(times) // 2], times, result


# ---------------------------------------------------------------------------------------------
# Budgets


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    budget: float | None  # None: reported, not enforced
    kind: str  # "max" or "min"
    timed: bool
    calibration: float | None
    limit: float | None
    ok: bool
    note: str = ""


@dataclass
class Report:
    """Collects the figures of one run and decides whether every budget was met."""

    title: str
    smoke: bool = False
    scale_budgets: bool = True
    overrides: dict = field(default_factory=dict)
    figures: list = field(default_factory=list)

    def check(
        self,
        name,
        value,
        budget=None,
        *,
        unit="",
        kind="max",
        timed=False,
        note="",
        calibration=None,
    ):
        """Record a figure. Timed figures get the calibration measured now, and their budget
        is stretched by calibration / REFERENCE_CALIBRATION_MS when that is above 1 (unless
        --raw-budgets). In smoke mode timed figures are printed but never enforced. A figure
        measured in another process passes the calibration measured there."""
        budget = self.overrides.get(name, budget)
        if timed and calibration is None:
            calibration = calibration_ms()
        limit = budget
        if budget is not None and timed and self.scale_budgets:
            limit = budget * max(1.0, calibration / REFERENCE_CALIBRATION_MS)
        if self.smoke and timed:
            limit = None
            note = f"{note}; time not enforced in smoke mode" if note else "not enforced (smoke)"
        if limit is None:
            ok = True
        elif kind == "max":
            ok = value <= limit
        else:
            ok = value >= limit
        figure = Figure(name, value, unit, budget, kind, timed, calibration, limit, ok, note)
        self.figures.append(figure)
        return figure

    def constant(self, name, counts, *, slack=0, unit="queries", note=""):
        """A query count measured at several sizes ({size label: count}) must not grow by more
        than `slack` from the smallest size to the largest."""
        labels = list(counts)
        grown = counts[labels[-1]] - counts[labels[0]]
        detail = ", ".join(f"{label}: {count}" for label, count in counts.items())
        return self.check(
            f"{name} growth",
            grown,
            slack,
            unit=unit,
            note=note or f"counts {detail}",
        )

    def per_item(self, name, counts, *, tolerance=0.5, relative=0.0, unit="queries/item"):
        """Query counts at three or more sizes ({size: count}) must grow at most linearly: the
        cost per extra item between the two largest sizes may exceed that between the two
        smallest by `tolerance` plus `relative` × that cost at most ("queries per page
        constant"; `relative` allows for items that differ, e.g. new and updated pages)."""
        sizes = sorted(counts)
        first = (counts[sizes[1]] - counts[sizes[0]]) / (sizes[1] - sizes[0])
        last = (counts[sizes[-1]] - counts[sizes[-2]]) / (sizes[-1] - sizes[-2])
        detail = ", ".join(f"{size}: {counts[size]}" for size in sizes)
        return self.check(
            f"{name} per item",
            last,
            first * (1 + relative) + tolerance,
            unit=unit,
            note=f"counts {detail}; {first:.2f} per item between the smallest sizes",
        )

    def missed(self):
        return [f for f in self.figures if not f.ok]

    def table(self):
        lines = [
            f"== {self.title}",
            f"{'figure':<52} {'value':>11} {'budget':>12} {'limit':>12} {'calib.':>8}  result",
        ]
        for f in self.figures:
            op = "<=" if f.kind == "max" else ">="
            budget = "-" if f.budget is None else f"{op} {_num(f.budget)}"
            if f.limit is None:
                limit = "-"
            elif f.timed and self.scale_budgets and f.limit != f.budget:
                limit = f"{_num(f.limit)} sc"
            else:
                limit = f"{_num(f.limit)} raw" if f.timed else _num(f.limit)
            calibration = "-" if f.calibration is None else f"{f.calibration:.1f}ms"
            result = "info" if f.limit is None else ("ok" if f.ok else "MISSED")
            value = f"{_num(f.value)} {f.unit}".strip()
            lines.append(
                f"{f.name:<52} {value:>11} {budget:>12} {limit:>12} {calibration:>8}  {result}"
            )
            if f.note:
                lines.append(f"    {f.note}")
        lines.append(
            "limit: the budget applied; 'sc' = scaled by calibration/"
            f"{REFERENCE_CALIBRATION_MS:g} ms (only ever up), 'raw' = as written. Values are "
            "raw wall-clock or counts; calib. = best of 5 sum(range(10**6)) just before the figure."
        )
        return "\n".join(lines)

    def check_peak_rss(self, smoke_budget_mb, note=""):
        """The process's peak RSS: a guard at smoke size, printed only at full size."""
        self.check(
            "process peak RSS",
            peak_rss_mb(),
            smoke_budget_mb if self.smoke else None,
            unit="MB",
            note=note,
        )

    def finish(self):
        """Print the table and return the exit status: 1 if any budget was missed."""
        print(self.table())
        missed = self.missed()
        if missed:
            print(f"BUDGET MISSED: {', '.join(f.name for f in missed)}")
            return 1
        print("all budgets met" + (" (smoke: queries and memory only)" if self.smoke else ""))
        return 0


def _num(value):
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value)}"
    return f"{value:.2f}" if abs(value) < 100 else f"{value:.0f}"


# ---------------------------------------------------------------------------------------------
# Command line and environment


def parser(description):
    parser = argparse.ArgumentParser(
        description=description, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="small sizes; checks query counts and memory only, never time (for CI)",
    )
    parser.add_argument(
        "--budget",
        action="append",
        default=[],
        metavar="FIGURE=VALUE",
        help="override one budget (the figure's name as printed); tests use this to prove "
        "that a missed budget fails the run",
    )
    parser.add_argument(
        "--raw-budgets",
        action="store_true",
        help="compare timings with the budgets as written, not stretched by calibration",
    )
    parser.add_argument(
        "--keep-db", action="store_true", help="print the database's location and keep it"
    )
    return parser


def parse_overrides(items):
    overrides = {}
    for item in items:
        name, sep, value = item.rpartition("=")
        if not sep or not name:
            raise BenchmarkError(f"--budget takes FIGURE=VALUE, not {item!r}")
        overrides[name] = float(value)
    return overrides


@dataclass
class Run:
    args: argparse.Namespace
    report: Report
    database: str
    cache: str

    def header(self, what):
        mode = "smoke (queries and memory only)" if self.args.smoke else "full"
        print(f"{what}: {mode}; database {self.database}; cache {self.cache}")
        print(
            f"calibration now {calibration_ms():.1f} ms "
            f"(reference {REFERENCE_CALIBRATION_MS:g} ms); python {sys.version.split()[0]}"
        )


def setup(args, *, title, cached_figures=False):
    """Database, cache and Django for one benchmark run. Call before importing models."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cityguide.settings.test")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    redis_url = os.environ.get("REDIS_URL")
    if cached_figures and not args.smoke and not redis_url:
        raise BenchmarkError(
            "This benchmark reports cached figures, which must come from the production cache "
            "backend: set REDIS_URL (e.g. redis://127.0.0.1:6379/5, a database number nobody "
            "else uses), or run with --smoke."
        )
    if redis_url:
        # A prefix of our own: nothing of another run (or of the site) is read or overwritten.
        os.environ["CACHE_KEY_PREFIX"] = f"cityguide-bench-{uuid.uuid4().hex[:12]}"
        cache_label = f"Redis {_without_password(redis_url)}"
    else:
        os.environ.pop("CACHE_KEY_PREFIX", None)
        cache_label = "local memory (REDIS_URL not set)"
    database_label = _prepare_database(keep=args.keep_db)
    # Pre-built list files of the run's own (guides.api.prebuilt): they belong to one database.
    # API_PREBUILT_ROOT="" (empty) measures without them.
    if os.environ.get("API_PREBUILT_ROOT") != "":
        prebuilt_root = Path(tempfile.mkdtemp(prefix="cityguide-bench-prebuilt-"))
        os.environ["API_PREBUILT_ROOT"] = str(prebuilt_root)
        atexit.register(shutil.rmtree, prebuilt_root, True)

    import django

    django.setup()
    from django.utils import translation

    translation.activate("en")  # the benchmarks' output is in English, like their tables
    _migrate_or_clone_done()
    report = Report(
        title=title,
        smoke=args.smoke,
        scale_budgets=not args.raw_budgets,
        overrides=parse_overrides(args.budget),
    )
    return Run(args=args, report=report, database=database_label, cache=cache_label)


def main_wrapper(main):
    """Run main(); a BenchmarkError is a clear message and exit status 2."""
    try:
        status = main()
    except BenchmarkError as error:
        print(f"benchmark cannot run: {error}", file=sys.stderr)
        status = 2
    sys.exit(status)


def _without_password(url):
    parts = urlsplit(url)
    if parts.password:
        netloc = f"{parts.username}:***@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
        parts = parts._replace(netloc=netloc)
    return urlunsplit(parts)


# ---------------------------------------------------------------------------------------------
# Databases: cloned from a migrated template


_pending_template = {}


def _schema_key():
    """Changes whenever a migration file or an installed package changes."""
    digest = hashlib.sha256()
    for path in sorted(ROOT.glob("*/migrations/*.py")) + sorted(ROOT.glob("*/*/migrations/*.py")):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    for dist in sorted(
        f"{d.metadata['Name']}=={d.version}" for d in importlib.metadata.distributions()
    ):
        digest.update(dist.encode())
    return digest.hexdigest()[:12]


def _prepare_database(keep):
    inherited = os.environ.get("BENCH_USE_DATABASE_URL")
    if inherited:  # a phase in a child process, on the parent's database
        os.environ["DATABASE_URL"] = inherited
        return f"{inherited.split(':', 1)[0]} (the parent's)"
    url = os.environ.get("BENCH_DATABASE_URL")
    key = _schema_key()
    if url and url.startswith(("postgres://", "postgresql://")):
        return _prepare_postgres(url, key, keep)
    if url:
        raise BenchmarkError("BENCH_DATABASE_URL must be a postgres:// URL (SQLite is default)")
    return _prepare_sqlite(key, keep)


def _prepare_sqlite(key, keep):
    tmp = Path(tempfile.mkdtemp(prefix="cityguide-bench-"))
    path = tmp / "bench.sqlite3"
    template = Path(tempfile.gettempdir()) / f"cityguide-bench-template-{key}.sqlite3"
    if template.exists():
        shutil.copyfile(template, path)
    else:
        _pending_template.update(kind="sqlite", path=path, template=template)
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    if keep:
        print(f"database kept at {path}")
    else:
        atexit.register(shutil.rmtree, tmp, True)
    return f"SQLite {path.name} (throwaway)"


def _admin_connection(url):
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    return psycopg.connect(admin, autocommit=True), parts.path.lstrip("/")


def _prepare_postgres(url, key, keep):
    from psycopg import sql

    conn, base = _admin_connection(url)
    run_name = f"{base}_run_{os.getpid()}"
    template = f"{base}_tpl_{key}"
    with conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(run_name)))
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template]).fetchone()
        if exists:
            conn.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                    sql.Identifier(run_name), sql.Identifier(template)
                )
            )
        else:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(run_name)))
            _pending_template.update(kind="postgres", url=url, name=run_name, template=template)
    run_url = urlunsplit(urlsplit(url)._replace(path=f"/{run_name}"))
    os.environ["DATABASE_URL"] = run_url
    if keep:
        print(f"database kept: {run_name}")
    else:
        atexit.register(_drop_postgres, url, run_name)
    return f"PostgreSQL {run_name} (throwaway)"


def _drop_postgres(url, name):
    from django.db import connections
    from psycopg import sql

    connections.close_all()
    conn, _base = _admin_connection(url)
    with conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def _migrate_or_clone_done():
    """Migrate a database that was not cloned, and keep it as the template for the next run."""
    if not _pending_template:
        return
    from django.core.management import call_command
    from django.db import connections

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    connections.close_all()
    print(f"migrated a new template database in {time.perf_counter() - started:.0f} s")
    pending = dict(_pending_template)
    _pending_template.clear()
    if pending["kind"] == "sqlite":
        partial = pending["template"].with_suffix(f".{os.getpid()}.tmp")
        shutil.copyfile(pending["path"], partial)
        partial.replace(pending["template"])
        return
    from psycopg import errors, sql

    conn, _base = _admin_connection(pending["url"])
    with conn, contextlib.suppress(errors.DuplicateDatabase):
        conn.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(pending["template"]), sql.Identifier(pending["name"])
            )
        )
