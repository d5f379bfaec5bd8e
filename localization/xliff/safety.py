"""Safe intake of uploaded files: parser settings, size limits, zip checks.

Everything a translator (or an attacker) sends passes through here before any XLIFF logic sees
it. Faults raise UnsafeFile with a message that names the problem; nothing here touches the
database.
"""

import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass
from io import BytesIO

from django.conf import settings
from django.utils.translation import gettext as _
from lxml import etree

XLIFF_SUFFIXES = (".xlf", ".xliff")
# What Python's zipfile can inflate; anything else (Deflate64 = 9, PPMd, …) is refused by name.
SUPPORTED_COMPRESSION = {
    zipfile.ZIP_STORED: "stored",
    zipfile.ZIP_DEFLATED: "deflate",
    zipfile.ZIP_BZIP2: "bzip2",
    zipfile.ZIP_LZMA: "lzma",
}
ENCRYPTED_FLAG = 0x1
# Everything zipfile and its decompressors raise on damaged data.
CORRUPT_DATA_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, LookupError)


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 20 * 1024 * 1024
    max_zip_bytes: int = 50 * 1024 * 1024
    max_members: int = 2000
    max_total_uncompressed: int = 200 * 1024 * 1024
    max_ratio: int = 100


def get_limits():
    return Limits(**getattr(settings, "CITYGUIDE_XLIFF_LIMITS", {}))


class UnsafeFile(ValueError):
    """The upload is refused as a whole; the message says why."""


def xml_parser():
    """No DTDs, no entity expansion, no network, no huge trees."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        strip_cdata=True,
    )


def parse_xml(data, label):
    """Parse bytes into an element tree, refusing DTDs and entities with a clear message."""
    limits = get_limits()
    if len(data) > limits.max_file_bytes:
        raise UnsafeFile(
            f"{label}: the file is {len(data):,} bytes; the limit is {limits.max_file_bytes:,}."
        )
    if b"<!ENTITY" in data.upper():
        raise UnsafeFile(
            _("%(label)s: entity declarations are not allowed in XLIFF uploads.") % {"label": label}
        )
    try:
        tree = etree.parse(BytesIO(data), xml_parser())
    except etree.XMLSyntaxError as error:
        line = getattr(error, "lineno", None) or (error.position[0] if error.position else "?")
        message = (error.msg or str(error)).split(f", line {line}")[0]
        raise UnsafeFile(f"{label}: malformed XML at line {line}: {message}") from None
    except (etree.LxmlError, LookupError, ValueError) as error:  # encodings, parser limits
        raise UnsafeFile(f"{label}: unreadable XML ({error}).") from None
    if tree.docinfo.doctype and has_internal_subset(data, tree.docinfo.encoding):
        raise UnsafeFile(
            _(
                "%(label)s: a DOCTYPE with an internal subset ([…]) is not allowed in XLIFF "
                "uploads; remove the DOCTYPE or its […] part."
            )
            % {"label": label}
        )
    for node in tree.iter():
        if isinstance(node, etree._Entity):
            raise UnsafeFile(
                f"{label}: entity reference &{node.name}; at line {node.sourceline} is not allowed."
            )
    return tree


# A DOCTYPE that only names the document type and, at most, an external DTD (which the parser
# never loads): what XLIFF 1.1 tools write. Anything else in it is an internal subset.
_QUOTED = r"""(?:"[^"]*"|'[^']*')"""
_PLAIN_DOCTYPE = re.compile(
    rf"<!DOCTYPE\s+[^\s\[>]+(?:\s+(?:SYSTEM\s+{_QUOTED}|PUBLIC\s+{_QUOTED}\s+{_QUOTED}))?\s*>"
)


def has_internal_subset(data, encoding):
    """Whether the document's DOCTYPE declares anything itself ([…]); the parser keeps no
    trace of some declarations (an ATTLIST), so this reads the declaration as written."""
    text = data.decode(encoding or "utf-8", errors="replace")
    start = text.find("<!DOCTYPE")
    return start < 0 or _PLAIN_DOCTYPE.match(text, start) is None


def check_member_name(name):
    normalized = name.replace("\\", "/")
    if normalized.startswith("/") or (len(normalized) > 1 and normalized[1] == ":"):
        raise UnsafeFile(f"Zip member {name!r} has an absolute path; the zip is refused.")
    if ".." in normalized.split("/"):
        raise UnsafeFile(f"Zip member {name!r} points outside the archive (..); refused.")
    return normalized


def is_xliff_name(name):
    base = posixpath.basename(name)
    return name.lower().endswith(XLIFF_SUFFIXES) and not base.startswith(".")


def read_zip(data, label):
    """(member label, bytes) for the .xlf/.xliff members, after checking the whole zip."""
    limits = get_limits()
    if len(data) > limits.max_zip_bytes:
        raise UnsafeFile(
            f"{label}: the zip is {len(data):,} bytes; the limit is {limits.max_zip_bytes:,}."
        )
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        infos = archive.infolist()
    except CORRUPT_DATA_ERRORS as error:
        raise UnsafeFile(f"{label}: not a readable zip file ({error}).") from None
    if len(infos) > limits.max_members:
        raise UnsafeFile(
            f"{label}: the zip holds {len(infos):,} members; the limit is {limits.max_members:,}."
        )
    total = 0
    members = []
    for info in infos:
        name = check_member_name(info.filename)
        if info.is_dir() or not is_xliff_name(name):
            continue
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limits.max_file_bytes or ratio > limits.max_ratio:
            raise UnsafeFile(
                f"{label}: member {name!r} expands to {info.file_size:,} bytes "
                f"(ratio {ratio:.0f}:1); this looks like a zip bomb and is refused."
            )
        if info.flag_bits & ENCRYPTED_FLAG:
            raise UnsafeFile(
                f"{label}: member {name!r} is password-protected; upload an unencrypted zip."
            )
        if info.compress_type not in SUPPORTED_COMPRESSION:
            raise UnsafeFile(
                f"{label}: member {name!r} uses compression method {info.compress_type}, which "
                f"is not supported; use deflate (the usual zip compression)."
            )
        members.append((name, info))
    if total > limits.max_total_uncompressed:
        raise UnsafeFile(
            f"{label}: the zip expands to {total:,} bytes; the limit is "
            f"{limits.max_total_uncompressed:,}."
        )
    if not members:
        raise UnsafeFile(f"{label}: the zip holds no .xlf or .xliff files.")
    documents = []
    for name, info in members:
        try:
            with archive.open(info) as stream:
                # The header's sizes can lie: never read more than the limit allows.
                content = stream.read(limits.max_file_bytes + 1)
        except CORRUPT_DATA_ERRORS as error:
            raise UnsafeFile(
                f"{label}: member {name!r} is damaged and cannot be read ({error})."
            ) from None
        if len(content) > limits.max_file_bytes or len(content) > info.file_size:
            raise UnsafeFile(f"{label}: member {name!r} is larger than its zip header says.")
        documents.append((f"{label}/{name}", content))
    return documents


def documents_in_upload(name, data):
    """(label, bytes) for each XLIFF document in an upload (.xlf, .xliff or .zip)."""
    lower = name.lower()
    if lower.endswith(".zip"):
        return read_zip(data, name)
    if lower.endswith(XLIFF_SUFFIXES):
        return [(name, data)]
    else:
        raise UnsafeFile(f"{name}: only .xlf, .xliff and .zip files can be imported.")
