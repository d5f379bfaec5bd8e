"""TMX 1.4b export and import of a city's translation memory, one language pair at a time.

Inline HTML travels as TMX inline codes holding their native text (a link as <bpt>/<ept>
around its text, a line break as <ph>), so a CAT tool protects them and an import rebuilds
the same HTML. Files are parsed like XLIFF uploads (`localization.xliff.safety`: no DTD,
no entities, size limits)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from lxml import etree
from wagtail.models import Locale

from localization.scope import source_locale_id
from localization.tm.feed import plain_length, write
from localization.tm.models import TMX_KEY, TMX_ORIGIN, TMEntry, text_hash
from localization.xliff.codes import InlineCodeError, Paired, parse_segment_html
from localization.xliff.document import XML_NS
from localization.xliff.safety import UnsafeFile, parse_xml

LANG = f"{{{XML_NS}}}lang"


class TmxError(ValueError):
    """The TMX file cannot be imported; the message says why."""


def _source_code():
    return Locale.objects.get(pk=source_locale_id()).language_code


# --- export ----------------------------------------------------------------------------------


def export_tmx(city, language_code: str) -> bytes:
    """The city's memory for (source language → language_code) as TMX 1.4b bytes."""
    source_code = _source_code()
    root = etree.Element("tmx", version="1.4")
    etree.SubElement(
        root,
        "header",
        {
            "creationtool": "Cityguide",
            "creationtoolversion": "1",
            "segtype": "sentence",
            "o-tmf": "cityguide-tm",
            "adminlang": "en",
            "srclang": source_code,
            "datatype": "html",
            "creationdate": timezone.now().strftime("%Y%m%dT%H%M%SZ"),
        },
    )
    body = etree.SubElement(root, "body")
    entries = (
        TMEntry.objects.filter(
            city=city, source_language=source_code, target_language=language_code
        )
        .order_by("source_hash", "pk")
        .values_list("source_text", "target_text", "origin", "origin_object_id", "updated_at")
    )
    seen = set()
    for source, target, origin, object_id, updated in entries.iterator(chunk_size=2000):
        if (source, target) in seen:
            continue
        seen.add((source, target))
        tu = etree.SubElement(body, "tu", {"changedate": updated.strftime("%Y%m%dT%H%M%SZ")})
        origin_text = f"{city.slug}/{origin}" + (f"/{object_id}" if object_id else "")
        etree.SubElement(tu, "prop", type="x-cityguide-origin").text = origin_text
        for code, text in ((source_code, source), (language_code, target)):
            tuv = etree.SubElement(tu, "tuv", {LANG: code})
            _write_seg(etree.SubElement(tuv, "seg"), text)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _write_seg(seg, text):
    try:
        nodes = parse_segment_html(text).nodes
    except InlineCodeError:
        seg.text = text
        return
    counter = iter(range(1, 10_000))
    last = None

    def add_text(value):
        nonlocal last
        if last is None:
            seg.text = (seg.text or "") + value
        else:
            last.tail = (last.tail or "") + value

    def add_code(tag, native, **attrs):
        nonlocal last
        last = etree.SubElement(seg, tag, {k: str(v) for k, v in attrs.items()})
        last.text = native

    def walk(items):
        for node in items:
            if isinstance(node, str):
                add_text(node)
            elif isinstance(node, Paired):
                number = next(counter)
                add_code("bpt", node.code.open_html(), i=number)
                walk(node.children)
                add_code("ept", node.code.close_html(), i=number)
            else:
                add_code("ph", node.code.open_html())

    walk(nodes)


# --- import ----------------------------------------------------------------------------------


@dataclass
class ImportResult:
    entries: int
    languages: list
    skipped: int


def _seg_html(seg):
    """The HTML a <seg> stands for: text escaped, inline codes' native text as it is."""
    parts = [html.escape(seg.text or "", quote=False)]
    for child in seg:
        if child.tag in ("bpt", "ept", "ph", "it"):
            parts.append("".join(child.itertext()))
        elif child.tag == "hi":
            parts.append(_seg_html(child))
        else:
            parts.append(html.escape("".join(child.itertext()), quote=False))
        parts.append(html.escape(child.tail or "", quote=False))
    return "".join(parts)


#: The DOCTYPE most TMX writers add (translate-toolkit, OmegaT): a public or system id and no
#: internal subset. It is dropped before parsing; any other DOCTYPE is refused by the parser.
_EXTERNAL_DOCTYPE = re.compile(
    rb'<!DOCTYPE\s+tmx(\s+(SYSTEM|PUBLIC)(\s+"[^"<>\[]*"){1,2})?\s*>', re.IGNORECASE
)


def _without_external_doctype(data):
    return _EXTERNAL_DOCTYPE.sub(b"", data[:4096], count=1) + data[4096:]


def _language(raw, codes):
    code = (raw or "").strip().lower()
    if code in codes:
        return code
    primary = code.split("-")[0].split("_")[0]
    return primary if primary in codes else None


def import_tmx(data: bytes, city, *, label: str = "upload") -> ImportResult:
    """Seed the city's memory from a TMX file: every <tu> with a segment in the source
    language gives one entry per other language the site knows. All or nothing."""
    try:
        tree = parse_xml(_without_external_doctype(data), label)
    except UnsafeFile as error:
        raise TmxError(str(error)) from None
    root = tree.getroot()
    if root.tag != "tmx":
        raise TmxError(
            _("%(label)s: not a TMX file (root element <%(tag)s>).")
            % {
                "label": label,
                "tag": root.tag,
            }
        )
    codes = set(Locale.objects.values_list("language_code", flat=True))
    source_code = _source_code()
    entries, languages, skipped = {}, set(), 0
    for tu in root.iterfind("body/tu"):
        segs = {}
        for tuv in tu.iterfind("tuv"):
            code = _language(tuv.get(LANG) or tuv.get("lang"), codes)
            seg = tuv.find("seg")
            if code is None or seg is None:
                skipped += 1
                continue
            segs[code] = _seg_html(seg).strip()
        source = segs.pop(source_code, "")
        if not source:
            skipped += 1
            continue
        for code, target in segs.items():
            if not target:
                continue
            languages.add(code)
            entry = TMEntry(
                source_text=source,
                source_hash=text_hash(source),
                source_length=plain_length(source),
                source_language=source_code,
                target_language=code,
                target_text=target,
                city=city,
                origin=TMX_ORIGIN,
                origin_key=TMX_KEY,
            )
            entries[(entry.source_hash, code)] = entry
    with transaction.atomic():
        write(list(entries.values()))
    return ImportResult(len(entries), sorted(languages), skipped)
