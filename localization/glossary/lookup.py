"""The glossary a translation of a city sees, and the terms a segment holds.

`terms_for` reads a city's terms and the shared ones for one language pair in one query; a
city's term wins over a shared term with the same source. `terms_in` finds the terms in a
segment's text: whole words only (Unicode word boundaries, so "Amt" is not found in
"Amtsgericht" nor in "Ämter"), and caselessly on the source side: both sides are compared
Unicode case-folded and canonically composed (`fold`), so "STRASSE" finds "Straße" and a
decomposed "Ü" finds a composed one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from django.db.models import F, FilteredRelation, Q

from localization.glossary.models import Term

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


def fold(text: str) -> str:
    """`text` for caseless comparison: whitespace runs made one space, then Unicode's
    canonical caseless form (NFD, case fold, NFD), composed again (NFC) so that a letter and
    its accents are one word character for the word boundaries."""
    text = " ".join((text or "").split())
    folded = unicodedata.normalize("NFD", unicodedata.normalize("NFD", text).casefold())
    return unicodedata.normalize("NFC", folded)


@lru_cache(maxsize=4096)
def _folded_term(source: str) -> tuple[str, re.Pattern]:
    """(the folded source, its whole-word pattern), for folded text (single spaces)."""
    key = fold(source)
    return key, re.compile(rf"(?<!\w){re.escape(key)}(?!\w)")


def terms_in(text: str, terms: Iterable[GlossaryTerm]) -> list[GlossaryTerm]:
    """The terms occurring in text as whole words, caselessly, in the order given."""
    folded = fold(text)
    if not folded:
        return []
    found = []
    for term in terms:
        key, pattern = _folded_term(term.source)
        # A cheap substring test first; the pattern then checks the word boundaries.
        if key and key in folded and pattern.search(folded):
            found.append(term)
    return found
