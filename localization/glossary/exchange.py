"""Import and export of one glossary (a city's own, or the shared one) as CSV or TBX.

The import rule, so that nothing changes by surprise:

- A file is imported whole or not at all: any bad line or entry refuses the file, with a
  message naming it, and nothing is written.
- A term of the file is the same term as a stored one when the glossary, the source language
  and the source text (compared case-insensitively, spaces trimmed) agree. The same term twice
  in one file is an error.
- A new term is added. For a stored term, every value the file gives (the note,
  do-not-translate, a language's translation) replaces the stored one, and each replaced value
  is listed in the result (`replaced`), the command's output and the admin's message; a value
  the file leaves empty keeps the stored one. An import never deletes a term, a note or a
  translation, and the terms the file does not name stay as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Locale

from guides.tenancy import source_language_code
from localization.glossary.formats import (
    CSV,
    READERS,
    TBX,
    GlossaryFileError,
    Row,
    format_for_name,
    write_csv,
    write_tbx,
)
from localization.glossary.models import SOURCE_MAX_LENGTH, Term, TermTranslation, source_key


@dataclass
class ImportResult:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    replaced: list = field(default_factory=list)  # human-readable: what the file replaced


def glossary_terms(city):
    """The terms of one glossary: the city's own, or the shared one (city None)."""
    if city is None:
        return Term.objects.filter(city__isnull=True)
    return Term.objects.filter(city=city)


def _check(entries, languages):
    seen = {}
    for entry in entries:
        if not entry.source:
            raise GlossaryFileError(_("%(where)s: the term is empty.") % {"where": entry.where})
        if entry.source_language not in languages:
            raise GlossaryFileError(
                _("%(where)s: the source language %(code)r is not one of the site's languages.")
                % {"where": entry.where, "code": entry.source_language}
            )
        for code, text in entry.translations.items():
            if code not in languages:
                raise GlossaryFileError(
                    _("%(where)s: %(code)r is not one of the site's languages (%(known)s).")
                    % {"where": entry.where, "code": code, "known": ", ".join(sorted(languages))}
                )
            if code == entry.source_language:
                raise GlossaryFileError(
                    _("%(where)s: a translation into the source language %(code)s.")
                    % {"where": entry.where, "code": code}
                )
            if len(text) > SOURCE_MAX_LENGTH:
                raise GlossaryFileError(
                    _("%(where)s: the %(code)s translation is longer than %(max)s characters.")
                    % {"where": entry.where, "code": code, "max": SOURCE_MAX_LENGTH}
                )
        if len(" ".join(entry.source.split())) > SOURCE_MAX_LENGTH:
            raise GlossaryFileError(
                _("%(where)s: the term is longer than %(max)s characters.")
                % {"where": entry.where, "max": SOURCE_MAX_LENGTH}
            )
        key = (entry.source_language, source_key(entry.source))
        if key in seen:
            raise GlossaryFileError(
                _("%(where)s: the term %(term)r is already in %(first)s.")
                % {"where": entry.where, "term": entry.source, "first": seen[key]}
            )
        seen[key] = entry.where


def read_file(data: bytes, name: str):
    """The entries of a CSV or TBX file (by its name's suffix), checked; nothing written."""
    reader = READERS[format_for_name(name)]
    languages = set(Locale.objects.values_list("language_code", flat=True))
    entries = reader(data, name, source_language_code(), languages)
    if not entries:
        raise GlossaryFileError(_("%(name)s holds no terms.") % {"name": name})
    _check(entries, languages)
    return entries


def import_glossary(data: bytes, name: str, city) -> ImportResult:
    """Merge a CSV or TBX file into a glossary (city None: the shared one) by the rule above.

    A constant number of queries, whatever the file's size."""
    entries = read_file(data, name)
    result = ImportResult()
    with transaction.atomic():
        stored = {
            (term.source_language, term.source_key): term
            for term in glossary_terms(city).select_for_update().prefetch_related("translations")
        }
        new_terms, changed_terms, new_translations, changed_translations = [], [], [], []
        pending = []  # (term, {code: text}) whose translations to add once the term has a pk
        for entry in entries:
            term = stored.get((entry.source_language, source_key(entry.source)))
            if term is None:
                source = " ".join(entry.source.split())
                term = Term(
                    city=city,
                    source=source,
                    source_key=source_key(source),
                    source_language=entry.source_language,
                    note=entry.note,
                    do_not_translate=bool(entry.do_not_translate),
                )
                new_terms.append(term)
                pending.append((term, entry.translations))
                result.added += 1
                continue
            touched, replaced = _merge(term, entry, new_translations, changed_translations)
            result.replaced.extend(replaced)
            if touched:
                result.updated += 1
                changed_terms.append(term)
            else:
                result.unchanged += 1
        Term.objects.bulk_create(new_terms)
        for term, translations in pending:
            new_translations.extend(
                TermTranslation(term=term, language=code, target=text, sort_order=number)
                for number, (code, text) in enumerate(sorted(translations.items()))
            )
        if changed_terms:
            Term.objects.bulk_update(changed_terms, ["note", "do_not_translate", "updated_at"])
        TermTranslation.objects.bulk_create(new_translations)
        if changed_translations:
            TermTranslation.objects.bulk_update(changed_translations, ["target"])
    return result


def _merge(term, entry, new_translations, changed_translations) -> tuple[bool, list[str]]:
    """Apply the file's values to a stored term: whether it changed, and what it replaced
    (as messages)."""
    replaced, touched = [], False
    if entry.note and entry.note != term.note:
        if term.note:
            replaced.append(
                _("%(where)s: %(term)s, note %(old)r → %(new)r")
                % {"where": entry.where, "term": term.source, "old": term.note, "new": entry.note}
            )
        term.note, touched = entry.note, True
    if entry.do_not_translate is not None and entry.do_not_translate != term.do_not_translate:
        replaced.append(
            _("%(where)s: %(term)s, do not translate %(old)s → %(new)s")
            % {
                "where": entry.where,
                "term": term.source,
                "old": _("yes") if term.do_not_translate else _("no"),
                "new": _("yes") if entry.do_not_translate else _("no"),
            }
        )
        term.do_not_translate, touched = entry.do_not_translate, True
    existing = {translation.language: translation for translation in term.translations.all()}
    for code, text in sorted(entry.translations.items()):
        translation = existing.get(code)
        if translation is None:
            new_translations.append(
                TermTranslation(term=term, language=code, target=text, sort_order=len(existing))
            )
            touched = True
        elif translation.target != text:
            replaced.append(
                _("%(where)s: %(term)s (%(code)s) %(old)r → %(new)r")
                % {
                    "where": entry.where,
                    "term": term.source,
                    "code": code,
                    "old": translation.target,
                    "new": text,
                }
            )
            translation.target = text
            changed_translations.append(translation)
            touched = True
    if touched:
        term.updated_at = timezone.now()
    return touched, replaced


def export_rows(city) -> list[Row]:
    """The glossary's terms with their translations, in two queries."""
    return [
        Row(
            source=term.source,
            source_language=term.source_language,
            note=term.note,
            do_not_translate=term.do_not_translate,
            translations={t.language: t.target for t in term.translations.all()},
        )
        for term in glossary_terms(city).prefetch_related("translations").order_by("source_key")
    ]


def export_glossary(city, file_format: str) -> bytes:
    """The glossary (city None: the shared one) as CSV or TBX bytes."""
    rows = export_rows(city)
    if file_format == CSV:
        return write_csv(rows)
    if file_format == TBX:
        title = _("Glossary of %(city)s") % {"city": city.title} if city else _("Shared glossary")
        return write_tbx(rows, source_language_code(), title)
    raise GlossaryFileError(
        _("The format %(format)r is not supported; use csv or tbx.") % {"format": file_format}
    )
