"""Pre-built list answers as files: what nginx serves with `try_files`, and Django without it.

A pages list is built once per city-language version (guides.api.http.cached_body). Its
bodies (identity, gzip, brotli) are then also written here, so that nginx answers a plain GET
or a conditional GET of the list without touching gunicorn, and gunicorn alone answers it
before sessions, auth and the database (guides.api.prebuilt_middleware). Layout under
`settings.API_PREBUILT_ROOT / "lists"`:

    answers/<hash of path>/<version>-<digest>-<changed at>-<Last-Modified>/   never changed
        body.json  body.json.gz  body.json.br  <digest>.etag
    current/<request path>   symlink to the path's answer directory, or to none/
    none/                    empty: where an invalidated path points
    scopes/<scope>/<hash of path>   the request path, so that a bump finds what it makes stale

The answer directory's name carries the `Cityguide-Version`, the ETag's digest, the version's
time (for If-Modified-Since) and the Last-Modified date: nginx reads them from
`$realpath_root` (deploy/nginx/cityguide.conf), and the `.etag` file tells it, by its name
alone, which If-None-Match is still current.

No stale read after a publish: `bump` (guides.api.cache) points every path of the scopes it
makes stale at none/ at once and again when its transaction commits, before the publish
answers. A pointer is written only under the directory's lock and only when the versions it
was built under are still the committed ones, so a request that built an old answer cannot
bring it back after the commit. Every app server and nginx must therefore share this
directory (one host, or one shared volume), and it belongs to one database: migrating points
every path at none/ again (`forget_all`).

Like the cache, the files are an optimisation: any failure to write them is logged and the
answer goes out as before.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import logging
import os
import secrets
import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.signals import request_finished
from django.db import transaction
from django.utils.http import parse_http_date_safe

from guides.api import cache

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

logger = logging.getLogger(__name__)

BODY = "body.json"
FILE_SUFFIXES = {"identity": "", "gzip": ".gz", "br": ".br"}
# Old answer directories stay this long after they stop being current, for reads in flight
# (nginx's, which found the file just before the pointer moved).
KEEP_OLD_SECONDS = 60


@dataclass(frozen=True)
class Answer:
    """The current pre-built answer of a path, as its directory's name states it."""

    directory: Path
    version: int
    digest: str
    modified: float  # the version's time
    last_modified: str  # an HTTP date

    def body_path(self, encoding: str) -> Path:
        return self.directory / (BODY + FILE_SUFFIXES[encoding])


def root() -> Path | None:
    """The lists' directory, or None when pre-built files are off (API_PREBUILT_ROOT unset)."""
    base = getattr(settings, "API_PREBUILT_ROOT", None)
    return Path(base) / "lists" if base else None


def _path_hash(path: str) -> str:
    return hashlib.sha256(path.encode()).hexdigest()[:32]


def _pointer(base: Path, path: str) -> Path:
    return base / "current" / path.strip("/")


def servable_path(path: str) -> bool:
    """A request path that may name a pointer: plain segments, nothing that climbs out."""
    parts = path.strip("/").split("/")
    climbs = any(part in ("", ".", "..") for part in parts)
    return path.startswith("/") and path.endswith("/") and not climbs


@contextlib.contextmanager
def _locked(base: Path) -> Iterator[None]:
    base.mkdir(parents=True, exist_ok=True)
    with open(base / ".lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


# ---------------------------------------------------------------------------------------------
# Reading: the early path


def current(path: str) -> Answer | None:
    """The path's current answer, or None (no files, not built yet, or made stale)."""
    base = root()
    if base is None or not servable_path(path):
        return None
    try:
        target = os.readlink(_pointer(base, path))
    except OSError:
        return None
    parts = os.path.basename(target).split("-", 3)
    if len(parts) != 4 or not parts[0].isdigit():
        return None  # none/
    version, digest, modified, last_modified = parts
    directory = _pointer(base, path).parent / target
    return Answer(directory, int(version), digest, float(modified), last_modified)


# ---------------------------------------------------------------------------------------------
# Writing: when an answer is built


def _write_file(path: Path, data: bytes, mtime: float) -> None:
    path.write_bytes(data)
    os.utime(path, (mtime, mtime))


def _answer_directory(base, path, name, digest, bodies, mtime):
    """The answer's directory, written to a temporary name first and renamed into place."""
    parent = base / "answers" / _path_hash(path)
    final = parent / name
    if final.is_dir():
        return final
    temporary = parent / f".tmp-{secrets.token_hex(8)}"
    temporary.mkdir(parents=True)
    for encoding, body in bodies.items():
        _write_file(temporary / (BODY + FILE_SUFFIXES[encoding]), body, mtime)
    (temporary / f"{digest}.etag").touch()
    try:
        os.rename(temporary, final)
    except OSError:  # another worker wrote the same answer first
        shutil.rmtree(temporary, ignore_errors=True)
    return final


def _point(pointer: Path, target: Path) -> None:
    """Replace the symlink at pointer atomically (a reader sees the old or the new target)."""
    pointer.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):  # the old answer's KEEP_OLD_SECONDS start now
        os.utime(pointer.parent / os.readlink(pointer))
    temporary = pointer.with_name(f".{pointer.name}.{secrets.token_hex(8)}")
    os.symlink(os.path.relpath(target, pointer.parent), temporary)
    os.replace(temporary, pointer)


def _forget_old_answers(parent: Path, keep: Path) -> None:
    deadline = time.time() - KEEP_OLD_SECONDS
    for directory in parent.iterdir():
        if directory != keep and directory.lstat().st_mtime < deadline:
            shutil.rmtree(directory, ignore_errors=True)


def store(
    path: str,
    scope: str,
    versions: list[str],
    *,
    version: int,
    digest: str,
    modified: float,
    last_modified: str,
    bodies: dict[str, bytes],
    later: Callable[[], dict[str, bytes]] | None = None,
) -> bool:
    """Write a built answer and make it the path's current one, if its versions still are.

    `scope` is the one scope the answer depends on (besides the global epoch), `versions` what
    `cache.current_versions(scope)` gave when the answer was built, `modified` their time,
    `bodies` {encoding: bytes}; `later()` gives the other encodings' bodies, which are added
    once the response has gone out (`request_finished`): the request that builds a list pays
    for the one compression its client needs, not for every encoding.
    Returns whether the answer is now current."""
    base = root()
    if base is None or not servable_path(path):
        return False
    try:
        mtime = float(parse_http_date_safe(last_modified) or time.time())
        name = f"{version}-{digest}-{modified:.6f}-{last_modified}"
        directory = _answer_directory(base, path, name, digest, bodies, mtime)
        with _locked(base):
            if cache.current_versions(scope) != versions:
                return False  # a change committed since the build: this answer is stale
            _point(_pointer(base, path), directory)
            index = base / "scopes" / scope
            index.mkdir(parents=True, exist_ok=True)
            (index / _path_hash(path)).write_text(path)
        _forget_old_answers(directory.parent, directory)
    except OSError as error:
        logger.warning("Could not write the pre-built answer of %s: %r", path, error)
        return False
    if later is not None:
        _pending().append((directory, mtime, later))
    return True


_deferred = threading.local()


def _pending() -> list:
    if not hasattr(_deferred, "items"):
        _deferred.items = []
    return _deferred.items


def add_deferred_encodings(**kwargs) -> None:
    """After the response: the encodings a list's builder left out, each file written under a
    temporary name and renamed into its answer's directory (a reader sees it whole or not at
    all; until then nginx and the early path send another encoding the client accepts)."""
    items, _deferred.items = _pending(), []
    for directory, mtime, later in items:
        try:
            for encoding, body in later().items():
                target = directory / (BODY + FILE_SUFFIXES[encoding])
                temporary = directory.parent / f".tmp-{secrets.token_hex(8)}"
                _write_file(temporary, body, mtime)
                os.replace(temporary, target)
        except OSError as error:
            logger.warning("Could not add encodings to %s: %r", directory, error)


request_finished.connect(add_deferred_encodings, dispatch_uid="guides-api-prebuilt-encodings")


# ---------------------------------------------------------------------------------------------
# Invalidation: what a bump makes stale


def _stale_scope_directories(base: Path, bumped: Iterable[str]) -> list[Path]:
    """The index directories of answer scopes that a bump of these counter rows covers."""
    scopes = base / "scopes"
    if not scopes.is_dir():
        return []
    bumped = list(bumped)
    return [
        directory
        for directory in scopes.iterdir()
        if any(row == cache.GLOBAL or cache.covers(directory.name, row) for row in bumped)
    ]


def _point_at_none(base: Path, directories: Iterable[Path]) -> None:
    none = base / "none"
    none.mkdir(parents=True, exist_ok=True)
    for directory in directories:
        for entry in directory.iterdir():
            with contextlib.suppress(OSError):
                path = entry.read_text()
                if servable_path(path):
                    _point(_pointer(base, path), none)
                entry.unlink()


def forget(bumped: Iterable[str]) -> None:
    """Point every path whose answer depends on these (bumped) counter rows at none/."""
    base = root()
    if base is None or not (base / "scopes").is_dir():
        return  # nothing was ever stored here
    try:
        with _locked(base):
            _point_at_none(base, _stale_scope_directories(base, bumped))
    except OSError as error:
        # Never silent: a pointer left in place would serve a stale list. In the bump's
        # transaction the change then fails and rolls back.
        logger.error("Could not invalidate the pre-built answers of %s: %r", bumped, error)
        raise


def forget_on_commit(bumped: Iterable[str]) -> None:
    """`forget` now (the bumping transaction's own requests) and again when it commits (what
    other requests built meanwhile from the committed versions)."""
    bumped = list(bumped)
    if root() is None:
        return
    forget(bumped)
    transaction.on_commit(lambda: forget(bumped), robust=True)


def forget_all(**kwargs) -> None:
    """Every path at none/: after a migration the database may not be the one they came from."""
    base = root()
    if base is not None and (base / "scopes").is_dir():
        with _locked(base):
            _point_at_none(base, list((base / "scopes").iterdir()))
