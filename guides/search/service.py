"""Search one city's guide pages for a reader in one language.

Wagtail's search backend does the matching (its database backend: PostgreSQL full text on
PostgreSQL, FTS5 on SQLite). The reader's language is searched first; then the source language,
for pages that have no readable translation in the reader's language: those results are the
source pages, marked as fallbacks, at the URLs guides.fallback routes.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from guides.fallback import ReaderPage, fallback_urls
from guides.models import GuidePage
from guides.tenancy import source_language_code

if TYPE_CHECKING:
    from django.http import HttpRequest
    from wagtail.models import Page

MAX_QUERY_LENGTH = 200
MAX_RESULTS = 30


def clean_query(raw: str | None) -> str:
    """The search words, or a ValidationError a reader can act on."""
    query = " ".join((raw or "").split())
    if not query:
        raise ValidationError(_("Enter a word to search for."), code="empty")
    if len(query) > MAX_QUERY_LENGTH:
        raise ValidationError(
            _("Enter at most %(limit)d characters."),
            code="too_long",
            params={"limit": MAX_QUERY_LENGTH},
        )
    if any(unicodedata.category(char) in {"Cc", "Cs"} for char in query):
        raise ValidationError(
            _("The search contains characters that cannot be searched."), code="invalid"
        )
    if not search_terms(query):
        raise ValidationError(_("Enter a word to search for."), code="empty")
    return query


def search_terms(query: str) -> str:
    """The words of a query: letters, marks and digits of any script, the rest as spaces.

    Punctuation means nothing to a reader's search, and some of it (a double quote) breaks
    the SQLite backend's full-text expression."""
    kept = "".join(char if unicodedata.category(char)[0] in "LMN" else " " for char in query)
    return " ".join(kept.split())


def _matches(root: Page, query: str, limit: int) -> list[GuidePage]:
    """Live, public guide pages below root that match, best first (aliases left out)."""
    pages = (
        GuidePage.objects.live()
        .public()
        .descendant_of(root)  # every locale copy of a city is its own tree
        .search(search_terms(query))[:limit]
    )
    found = [page for page in pages if not page.alias_of_id]
    for page in found:
        page.locale = root.locale  # one tree, one locale: no query per result
    return found


def search_city(
    source_root: Page,
    root: Page,
    query: str,
    request: HttpRequest | None = None,
    limit: int = MAX_RESULTS,
) -> list[ReaderPage]:
    """Results for a reader of root's language: its own pages, then source pages that have no
    readable translation in it (marked fallback). query must come from clean_query."""
    hits = [ReaderPage(page, page.get_url(request)) for page in _matches(root, query, limit)]
    if root.locale.language_code == source_language_code() or len(hits) >= limit:
        return hits
    sources = _matches(source_root, query, limit)
    urls = fallback_urls(sources, root.locale.language_code, request)
    hits += [ReaderPage(page, urls[page.pk], fallback=True) for page in sources if page.pk in urls]
    return hits[:limit]
