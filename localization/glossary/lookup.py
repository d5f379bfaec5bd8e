"""The glossary a translation of a city sees, and the terms a segment holds.

`terms_for` reads a city's terms and the shared ones for one language pair in one query; a
city's term wins over a shared term with the same source. `terms_in` finds the terms in a
segment's text: whole words only (Unicode word boundaries, so "Amt" is not found in
"Amtsgericht" nor in "Ämter"), and case-insensitively on the source side.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from django.db.models import F, FilteredRelation, Q

from localization.glossary.models import Term, source_key

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.db.models import Model


@dataclass(frozen=True)
class GlossaryTerm:
    source: str
    target: str  # "" when the term has no translation into the language asked for
    note: str
    do_not_translate: bool
    shared: bool  # from the shared glossary (else the city's own)


def terms_for(city: Model | None, source_language: str, target_language: str) -> list[GlossaryTerm]:
    """The city's terms plus the shared ones, from source_language into target_language; the
    city's term wins where both have the same source. One query. `city` None: shared only."""
    in_glossary = Q(city__isnull=True)
    if city is not None:
        in_glossary |= Q(city=city)
    rows = (
        Term.objects.filter(in_glossary, source_language=source_language)
        .annotate(
            wanted=FilteredRelation(
                "translations", condition=Q(translations__language=target_language)
            )
        )
        .values_list(
            "source", "source_key", "note", "do_not_translate", "city_id", F("wanted__target")
        )
        .order_by("source_key", F("city_id").asc(nulls_first=True))
    )
    by_key = {}
    for source, key, note, do_not_translate, city_id, target in rows:
        # Shared rows come first for a key, so the city's own row replaces them.
        by_key[key] = GlossaryTerm(source, target or "", note, do_not_translate, city_id is None)
    return list(by_key.values())


@lru_cache(maxsize=4096)
def _pattern(source: str) -> re.Pattern:
    # Inner whitespace matches any run of whitespace (a line break inside the term).
    words = r"\s+".join(re.escape(word) for word in source.split())
    return re.compile(rf"(?<!\w){words}(?!\w)", re.IGNORECASE)


def terms_in(text: str, terms: Iterable[GlossaryTerm]) -> list[GlossaryTerm]:
    """The terms occurring in text as whole words, case-insensitively, in the order given."""
    folded = " ".join((text or "").split()).casefold()
    if not folded:
        return []
    found = []
    for term in terms:
        key = source_key(term.source)
        # A cheap substring test first; the pattern then checks the word boundaries.
        if key and key in folded and _pattern(term.source).search(text):
            found.append(term)
    return found
