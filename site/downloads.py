"""The Content-Disposition header of a download, for file names in any script (RFC 6266).

A header value must be ASCII: Django would MIME-encode anything else (`=?utf-8?b?…?=`), which
browsers do not decode. The name goes in `filename*` (RFC 5987, percent-encoded UTF-8), with an
ASCII `filename=` beside it for clients that do not read `filename*`.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

NOT_SAFE_IN_FALLBACK = re.compile(r"[^A-Za-z0-9._-]+")


def ascii_fallback(filename: str) -> str:
    """An ASCII stand-in: accents dropped, other letters (Arabic, Cyrillic…) left out."""
    decomposed = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode()
    stem, dot, extension = decomposed.rpartition(".")
    if not dot:
        stem, extension = decomposed, ""
    stem = NOT_SAFE_IN_FALLBACK.sub("-", stem)
    stem = re.sub(r"-{2,}", "-", stem).strip("-.") or "download"
    return f"{stem}.{extension}" if extension else stem


def content_disposition(filename: str, *, attachment: bool = True) -> str:
    """`attachment; filename="…"` for an ASCII name; otherwise the ASCII fallback and the
    UTF-8 name in `filename*`."""
    disposition = "attachment" if attachment else "inline"
    if filename.isascii() and NOT_SAFE_IN_FALLBACK.sub("", filename) == filename:
        return f'{disposition}; filename="{filename}"'
    return (
        f'{disposition}; filename="{ascii_fallback(filename)}"; '
        f"filename*=UTF-8''{quote(filename, safe='')}"
    )
