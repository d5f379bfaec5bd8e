"""Glossary files: CSV and TBX, read into `Entry`s and written from terms.

CSV: UTF-8 (a byte-order mark is fine), comma- or semicolon-separated, a header row naming the
columns: `source` (the term, required), `source_language` (default: the site's source
language), `note`, `do_not_translate` (yes/no, true/false, 1/0, ja/nein; empty: unchanged) and
one column per target language, headed by its language code (`en`, `ar`, …).

TBX: TBX-Basic in the TBX v2 core structure (ISO 30042:2008, `<martif>` with `<termEntry>`,
`<langSet xml:lang>` and `<tig><term>`), which translate-toolkit and most CAT tools read; the
entry's `<note>` holds the note and `<descrip type="Translation needed">no</descrip>` marks a
term not to translate (Weblate's and translate-toolkit's convention). TBX v3 (ISO 30042:2019,
`<tbx>` with `<conceptEntry>`, `<langSec>`, `<termSec>`) is read too. Only the first term of a
language counts (synonyms are ignored). Files are parsed with the XLIFF uploads' safe parser
(`localization.xliff.safety`: no DTD, no entities, size limits).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from lxml import etree

from localization.xliff.document import XML_NS
from localization.xliff.safety import UnsafeFile, get_limits, parse_xml

CSV, TBX = "csv", "tbx"
FORMATS = (CSV, TBX)
CSV_FIXED_COLUMNS = ("source", "source_language", "note", "do_not_translate")
YES = {"yes", "y", "true", "1", "ja", "x"}
NO = {"no", "n", "false", "0", "nein"}
TRANSLATION_NEEDED = "Translation needed"
LANG = f"{{{XML_NS}}}lang"


class GlossaryFileError(ValueError):
    """The file cannot be read; the message names the line or entry."""


@dataclass
class Entry:
    """One term as a file gives it. None/"" means the file says nothing about that value."""

    where: str  # "line 4", "entry 3 (id t-12)": where the file holds it, for messages
    source: str
    source_language: str
    note: str = ""
    do_not_translate: bool | None = None
    translations: dict = field(default_factory=dict)  # {language code: text}


@dataclass
class Row:
    """One term to write, with its translations."""

    source: str
    source_language: str
    note: str
    do_not_translate: bool
    translations: dict  # {language code: text}


def format_for_name(name: str) -> str:
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in FORMATS:
        raise GlossaryFileError(
            _("%(name)s: only .csv and .tbx glossary files can be imported.") % {"name": name}
        )
    return suffix


def _check_size(data: bytes, label: str):
    limit = get_limits().max_file_bytes
    if len(data) > limit:
        raise GlossaryFileError(
            _("%(label)s: the file is %(size)s bytes; the limit is %(limit)s.")
            % {"label": label, "size": f"{len(data):,}", "limit": f"{limit:,}"}
        )


def _code(value: str) -> str:
    """A language code as the site writes it: "de-DE" / "de_de" -> "de"."""
    return (value or "").strip().lower().replace("_", "-").split("-")[0]


# --- CSV -------------------------------------------------------------------------------------


def _flag(value: str, where: str) -> bool | None:
    value = (value or "").strip().lower()
    if not value:
        return None
    if value in YES:
        return True
    if value in NO:
        return False
    raise GlossaryFileError(
        _("%(where)s: do_not_translate is %(value)r; write yes or no.")
        % {"where": where, "value": value}
    )


def read_csv(
    data: bytes, label: str, default_source_language: str, languages: set[str]
) -> list[Entry]:
    _check_size(data, label)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise GlossaryFileError(
            _("%(label)s: the file is not UTF-8 (byte %(position)s); save it as UTF-8 CSV.")
            % {"label": label, "position": error.start + 1}
        ) from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader, None)
        if not header:
            raise GlossaryFileError(_("%(label)s: the file is empty.") % {"label": label})
        columns = [name.strip().lower() for name in header]
        if "source" not in columns:
            raise GlossaryFileError(
                _("%(label)s: line 1 has no column 'source' (the header names the columns).")
                % {"label": label}
            )
        seen = set()
        for name in columns:
            if not name:
                raise GlossaryFileError(
                    _("%(label)s: line 1 has a column without a name.") % {"label": label}
                )
            if name in seen:
                raise GlossaryFileError(
                    _("%(label)s: line 1 names the column %(name)r twice.")
                    % {"label": label, "name": name}
                )
            if name not in CSV_FIXED_COLUMNS and _code(name) not in languages:
                raise GlossaryFileError(
                    _(
                        "%(label)s: line 1 names the column %(name)r, which is neither %(fixed)s "
                        "nor one of the site's languages (%(known)s)."
                    )
                    % {
                        "label": label,
                        "name": name,
                        "fixed": ", ".join(CSV_FIXED_COLUMNS),
                        "known": ", ".join(sorted(languages)),
                    }
                )
            seen.add(name)
        entries = []
        for row in reader:
            where = _("%(label)s, line %(line)s") % {"label": label, "line": reader.line_num}
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(columns):
                raise GlossaryFileError(
                    _("%(where)s: %(found)s cells, but the header names %(expected)s columns.")
                    % {"where": where, "found": len(row), "expected": len(columns)}
                )
            cells = dict(zip(columns, (cell.strip() for cell in row), strict=True))
            entries.append(
                Entry(
                    where=where,
                    source=cells["source"],
                    source_language=_code(cells.get("source_language", ""))
                    or default_source_language,
                    note=cells.get("note", ""),
                    do_not_translate=_flag(cells.get("do_not_translate", ""), where),
                    translations={
                        _code(name): value
                        for name, value in cells.items()
                        if name not in CSV_FIXED_COLUMNS and value
                    },
                )
            )
    except csv.Error as error:
        raise GlossaryFileError(
            _("%(label)s, line %(line)s: not valid CSV (%(error)s).")
            % {"label": label, "line": reader.line_num, "error": error}
        ) from None
    return entries


def write_csv(rows: list[Row]) -> bytes:
    languages = sorted({code for row in rows for code in row.translations})
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([*CSV_FIXED_COLUMNS, *languages])
    for row in rows:
        writer.writerow(
            [
                row.source,
                row.source_language,
                row.note,
                "yes" if row.do_not_translate else "no",
                *(row.translations.get(code, "") for code in languages),
            ]
        )
    return buffer.getvalue().encode("utf-8")


# --- TBX -------------------------------------------------------------------------------------


def _local(element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _children(element, *names):
    return [child for child in element if _local(child) in names]


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def _first_term(language_element) -> str:
    for holder in _children(language_element, "tig", "ntig", "termSec"):
        for term in holder.iter():
            if _local(term) == "term":
                return _text(term)
    return ""


def read_tbx(
    data: bytes, label: str, default_source_language: str, languages: set[str]
) -> list[Entry]:
    _check_size(data, label)
    try:
        root = parse_xml(data, label).getroot()
    except UnsafeFile as error:
        raise GlossaryFileError(str(error)) from None
    if _local(root) not in ("martif", "tbx"):
        raise GlossaryFileError(
            _("%(label)s: not a TBX file (root element <%(tag)s>).")
            % {"label": label, "tag": _local(root)}
        )
    entries = []
    concepts = [e for e in root.iter() if _local(e) in ("termEntry", "conceptEntry")]
    for number, concept in enumerate(concepts, 1):
        ident = concept.get("id")
        where = (
            _("%(label)s, entry %(number)s (id %(id)s)")
            % {"label": label, "number": number, "id": ident}
            if ident
            else _("%(label)s, entry %(number)s") % {"label": label, "number": number}
        )
        terms = {}
        for language in _children(concept, "langSet", "langSec"):
            code = _code(language.get(LANG) or "")
            if not code:
                raise GlossaryFileError(
                    _("%(where)s: a language section has no xml:lang.") % {"where": where}
                )
            if code in terms:
                raise GlossaryFileError(
                    _("%(where)s: the language %(code)s appears twice.")
                    % {"where": where, "code": code}
                )
            terms[code] = _first_term(language)
        do_not_translate = None
        notes = []
        for element in concept.iter():
            kind = _local(element)
            if kind == "descrip" and element.get("type") == TRANSLATION_NEEDED:
                do_not_translate = _flag(_text(element), where)
                if do_not_translate is not None:
                    do_not_translate = not do_not_translate
            elif (
                kind == "note" or (kind == "descrip" and element.get("type") == "definition")
            ) and _text(element):
                notes.append("".join(element.itertext()).strip())  # line breaks kept
        source_language = default_source_language
        if source_language not in terms:
            raise GlossaryFileError(
                _("%(where)s has no term in the source language %(code)s.")
                % {"where": where, "code": source_language}
            )
        source = terms.pop(source_language)
        entries.append(
            Entry(
                where=where,
                source=source,
                source_language=source_language,
                note="\n".join(dict.fromkeys(notes)),
                do_not_translate=do_not_translate,
                translations={code: text for code, text in terms.items() if text},
            )
        )
    return entries


def write_tbx(rows: list[Row], source_language: str, title: str) -> bytes:
    """TBX-Basic (TBX v2 core structure), one <termEntry> per term."""
    root = etree.Element("martif", {"type": "TBX-Basic", LANG: source_language})
    header = etree.SubElement(root, "martifHeader")
    file_desc = etree.SubElement(header, "fileDesc")
    etree.SubElement(etree.SubElement(file_desc, "titleStmt"), "title").text = title
    etree.SubElement(etree.SubElement(file_desc, "sourceDesc"), "p").text = "Cityguide"
    encoding = etree.SubElement(header, "encodingDesc")
    etree.SubElement(encoding, "p", type="XCSURI").text = "TBXBasicXCSV02.xcs"
    body = etree.SubElement(etree.SubElement(root, "text"), "body")
    for number, row in enumerate(rows, 1):
        entry = etree.SubElement(body, "termEntry", id=f"t{number}")
        if row.do_not_translate:
            etree.SubElement(entry, "descrip", type=TRANSLATION_NEEDED).text = "no"
        if row.note:
            etree.SubElement(entry, "note").text = row.note
        for code, text in [(row.source_language, row.source), *sorted(row.translations.items())]:
            language = etree.SubElement(entry, "langSet", {LANG: code})
            etree.SubElement(etree.SubElement(language, "tig"), "term").text = text
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


READERS = {CSV: read_csv, TBX: read_tbx}
