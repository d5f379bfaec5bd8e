"""Built bundles as files under `settings.API_PREBUILT_ROOT`, written atomically.

bundles/<city>/<language>/
    index.json                      what is current: version, ETag, file names, deltas
    <version>-<etag>.zip            the full bundle
    delta-<since>-<version>-<etag>.zip
    manifests/<version>.json        the full manifests of the last KEEP_VERSIONS versions: what
                                    a delta from that version compares with

A version can be built more than once (events and news change with the date, not with a
version): its first manifest is kept, so a delta from it holds whatever changed since any
build of that version (at worst a file the client has already).

Every file is written to a temporary name and moved into place (os.replace), the index last,
so a reader sees the old bundle or the new one, never half of one. Files the new index does
not name are pruned after it is in place (a download that has the old file open keeps it).
Builds of one city-language take a lock file, so two workers never prune each other's files.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings

if TYPE_CHECKING:
    from collections.abc import Iterator

INDEX = "index.json"
MANIFESTS = "manifests"
# A delta is pre-built from each of the last KEEP_VERSIONS builds; older ones get the full bundle.
KEEP_VERSIONS = 10


def directory(city: str, language: str) -> Path:
    # Without a root (the lists' files turned off) bundles stay where the root would be.
    root = settings.API_PREBUILT_ROOT or settings.BASE_DIR / "var" / "prebuilt"
    return Path(root) / "bundles" / city / language


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def read_index(city: str, language: str) -> dict[str, Any] | None:
    """The current bundle's index, or None when none is built yet."""
    try:
        return json.loads((directory(city, language) / INDEX).read_bytes())
    except FileNotFoundError:
        return None


def read_manifests(city: str, language: str) -> dict[int, dict[str, Any]]:
    """{version: full manifest} of the builds kept for deltas."""
    found = {}
    for path in (directory(city, language) / MANIFESTS).glob("*.json"):
        with contextlib.suppress(ValueError, OSError):
            found[int(path.stem)] = json.loads(path.read_bytes())
    return found


@contextlib.contextmanager
def locked(city: str, language: str) -> Iterator[Path]:
    """The city-language's directory, held by this build alone."""
    folder = directory(city, language)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield folder
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def publish(
    folder: Path,
    index: dict[str, Any],
    archives: dict[str, bytes],
    manifest_data: bytes,
    version: int,
) -> None:
    """Write the archives, the manifest and then the index; prune what it no longer names."""
    for name, data in archives.items():
        target = folder / name
        if not target.exists():  # names carry the content hash: the same name, the same bytes
            write_atomic(target, data)
    manifest = folder / MANIFESTS / f"{version}.json"
    if not manifest.exists():  # the first build of a version stays the base of its deltas
        write_atomic(manifest, manifest_data)
    write_atomic(folder / INDEX, json.dumps(index, sort_keys=True).encode())
    for path in folder.glob("*.zip"):
        if path.name not in archives:
            path.unlink(missing_ok=True)
    kept = sorted((p for p in (folder / MANIFESTS).glob("*.json")), key=lambda p: int(p.stem))
    for path in kept[:-KEEP_VERSIONS]:
        path.unlink(missing_ok=True)
