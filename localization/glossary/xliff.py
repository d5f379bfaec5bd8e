"""The glossary in XLIFF exports: the terms each unit's source holds, shown to translators as
notes in 1.2 and as the Glossary module (`gls:glossary`) in 2.0.

`apply_glossary` attaches the terms to the units of an export batch, one lookup per city and
language pair whatever the batch's size; the writers call `notes_12` and `append_glossary_20`.
"""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext as _
from lxml import etree

from localization.glossary.lookup import terms_for, terms_in
from localization.registry import city_model
from localization.scope import source_locale_id
from localization.tm.lookup import plain

NS_GLS = "urn:oasis:names:tc:xliff:glossary:2.0"


def apply_glossary(files) -> None:
    """Set `unit.glossary` ([GlossaryTerm]) on the units of [(object, locale, XliffFile)]."""
    groups = defaultdict(list)
    for _obj, _locale, xfile in files:
        meta = xfile.meta
        groups[(meta.city, meta.source_language, meta.target_language)].extend(xfile.units)
    if not groups:
        return
    cities = {
        city.slug: city
        for city in city_model().objects.filter(
            locale_id=source_locale_id(), slug__in={key[0] for key in groups}
        )
    }
    for (slug, source_language, target_language), units in groups.items():
        terms = terms_for(cities.get(slug), source_language, target_language)
        if not terms:
            continue
        for unit in units:
            unit.glossary = terms_in(plain(unit.source.to_html()), terms)


def _explanation(term) -> str:
    """What a translator needs beyond the translation: do-not-translate, the note."""
    parts = []
    if term.do_not_translate:
        parts.append(_("Do not translate: keep it as it is."))
    if term.note:
        parts.append(term.note)
    return " ".join(parts)


def notes_12(unit) -> list[str]:
    """One 1.2 <note> text per glossary term in the unit."""
    notes = []
    for term in unit.glossary:
        if term.do_not_translate:
            line = _("Glossary: %(source)s") % {"source": term.source}
        elif term.target:
            line = _("Glossary: %(source)s → %(target)s") % {
                "source": term.source,
                "target": term.target,
            }
        else:
            line = _("Glossary: %(source)s (no translation yet)") % {"source": term.source}
        explanation = _explanation(term)
        notes.append(f"{line}. {explanation}" if explanation else line)
    return notes


def append_glossary_20(unit_el, unit) -> None:
    """<gls:glossary> with a <gls:glossEntry> per term (a module element: before the unit's
    notes, as the core schema wants). An entry holds a translation or a definition."""
    if not unit.glossary:
        return
    glossary = etree.SubElement(unit_el, f"{{{NS_GLS}}}glossary")
    for term in unit.glossary:
        entry = etree.SubElement(glossary, f"{{{NS_GLS}}}glossEntry")
        origin = "cityguide:shared-glossary" if term.shared else "cityguide:city-glossary"
        etree.SubElement(entry, f"{{{NS_GLS}}}term", source=origin).text = term.source
        target = term.source if term.do_not_translate else term.target
        if target:
            etree.SubElement(entry, f"{{{NS_GLS}}}translation").text = target
        definition = _explanation(term) or ("" if target else _("No translation yet."))
        if definition:
            etree.SubElement(entry, f"{{{NS_GLS}}}definition").text = definition
