"""The offline bundle's format: which files a bundle holds, their hashes, and the ZIP itself.

A full bundle of a city-language is a ZIP archive:

- `manifest.json` (first member): see `manifest()`;
- `pages.json`, `events.json`, `locations.json`, `news.json`, `imprint.json`: byte for byte
  what `pages/`, `events/`, `locations/`, `news/` and `imprint/` answer (uncompressed);
- `images/<hash>.<ext>`: every image the JSON shows, at phone size (`PHONE_SIZE`).

The JSON files keep the image URLs the API answers (the Integreat app's mappers read them
unchanged); the manifest's `images` maps each such URL to its file in the archive.

A delta bundle (`bundle/?since=<version>`) holds the manifest, `pages-delta.json` (what
`pages/?since=<version>` answers: changed pages and removed ids), the other JSON files that
changed and the images that are new. Its manifest lists in `removed_files` the files of the
`since` bundle that are gone, and in `images` only the new images' URLs.

JSON is deflated; images are stored (they are compressed already). Members carry a fixed
date, so the same content always makes the same bytes, and the same ETag.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import zipfile
from typing import Any

FORMAT = 1
# The one image size of a bundle: a phone screen's width, in Wagtail's filter spec.
PHONE_SIZE = "max-800x800"
JSON_FILES = ("pages.json", "events.json", "locations.json", "news.json", "imprint.json")
MANIFEST = "manifest.json"
PAGES_DELTA = "pages-delta.json"
IMAGES = "images/"
HASH_LENGTH = 16
FIXED_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest date ZIP can hold


def file_hash(data: bytes) -> str:
    """16 base64url characters of the SHA-256 of data (like the pages' `hash`)."""
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).decode()[:HASH_LENGTH]


def image_name(data: bytes, extension: str) -> str:
    """The path of an image in the archive: named by its content, so a changed image is new."""
    return f"{IMAGES}{file_hash(data)}.{extension.lower()}"


def manifest(
    *,
    city: str,
    language: str,
    version: int,
    files: dict[str, bytes],
    images: dict[str, str],
    since: int | None = None,
    removed_files: list[str] | None = None,
) -> dict[str, Any]:
    """The manifest of an archive holding `files` ({path: bytes}).

    format: this module's FORMAT; version: the city-language version (`Cityguide-Version`),
    the `since` of the next delta; files: {path: file_hash} of every other member; images:
    {image URL as the JSON says it: path in the archive}."""
    data = {
        "format": FORMAT,
        "kind": "full" if since is None else "delta",
        "city": city,
        "language": language,
        "version": version,
        "since": since,
        "image_size": PHONE_SIZE,
        "files": {path: file_hash(files[path]) for path in sorted(files)},
        "images": dict(sorted(images.items())),
    }
    if since is not None:
        data["removed_files"] = sorted(removed_files or [])
    return data


def encode_manifest(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def zip_bytes(manifest_data: dict[str, Any], files: dict[str, bytes]) -> bytes:
    """The archive: the manifest first, then the files in path order."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        members = [(MANIFEST, encode_manifest(manifest_data))]
        members += [(path, files[path]) for path in sorted(files)]
        for path, data in members:
            info = zipfile.ZipInfo(path, date_time=FIXED_DATE)
            info.external_attr = 0o644 << 16
            stored = path.startswith(IMAGES)
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            archive.writestr(info, data, compresslevel=None if stored else 9)
    return buffer.getvalue()


def read_zip(data: bytes) -> tuple[dict[str, Any], dict[str, bytes]]:
    """(manifest, {path: bytes} of the other members) of an archive."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    return json.loads(members.pop(MANIFEST)), members
