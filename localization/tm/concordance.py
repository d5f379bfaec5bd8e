"""Concordance search: where a phrase occurs in the translation memory a user may read (their
own cities' entries and those of the cities that share theirs), with its translations and a
link to the page each came from. One query for the entries, one for the cities, one for the
pages, whatever the number of hits."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from wagtail.models import Page

from guides.tenancy import cities_for_user, city_model
from localization.scope import source_locale_id
from localization.tm.models import TMEntry

LIMIT = 100


@dataclass
class Hit:
    source_text: str
    target_text: str
    target_language: str
    city: str
    page: Page | None


def readable_city_ids(user) -> set[int]:
    """The cities whose memory the user may read: their own, and the sharing ones."""
    own = cities_for_user(user)
    sharing = city_model().objects.filter(
        locale_id=source_locale_id(), share_translation_memory=True
    )
    return set(own.values_list("pk", flat=True)) | set(sharing.values_list("pk", flat=True))


def search(user, phrase: str, *, language: str = "", limit: int = LIMIT) -> list[Hit]:
    phrase = (phrase or "").strip()
    if not phrase:
        return []
    entries = TMEntry.objects.filter(
        Q(source_text__icontains=phrase) | Q(target_text__icontains=phrase),
        city_id__in=readable_city_ids(user),
    )
    if language:
        entries = entries.filter(target_language=language)
    rows = list(
        entries.order_by("source_length", "source_text", "target_language").values_list(
            "source_text", "target_text", "target_language", "city_id", "origin", "origin_object_id"
        )[:limit]
    )
    titles = dict(
        city_model().objects.filter(pk__in={row[3] for row in rows}).values_list("pk", "title")
    )
    page_ids = {row[5] for row in rows if row[4] == "page" and row[5]}
    pages = Page.objects.in_bulk(page_ids)
    return [
        Hit(
            source,
            target,
            code,
            titles.get(city_id, ""),
            pages.get(object_id) if origin == "page" else None,
        )
        for source, target, code, city_id, origin, object_id in rows
    ]
