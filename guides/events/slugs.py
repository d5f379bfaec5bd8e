"""Slugs of events and locations: the last part of their app path /{city}/{lang}/events/{slug}/.

A slug is unique per city and language, like a page slug among its siblings. Each language
copy has its own (it travels through XLIFF as a segment, like a page's slug); a blank one is
made from the title, and a taken one gets the first free `-2`, `-3`, … suffix.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.text import slugify

if TYPE_CHECKING:
    from django.db.models import Model

SLUG_MAX_LENGTH = 255
FALLBACK = {"event": "event", "location": "location"}


def base_slug(text: str, fallback: str) -> str:
    """The Unicode slug of text (Arabic and Persian titles keep their letters)."""
    return slugify(text, allow_unicode=True)[: SLUG_MAX_LENGTH - 10].strip("-") or fallback


def available_slug(base: str, taken: set[str]) -> str:
    """base, or base-2, base-3, … whichever is not taken."""
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def unique_slug_for(obj: Model, text: str) -> str:
    """A free slug for obj in its city and locale, from its own slug or else from text."""
    fallback = FALLBACK.get(obj._meta.model_name, obj._meta.model_name)
    base = base_slug(obj.slug or text, fallback)
    siblings = type(obj)._default_manager.filter(
        city_id=obj.city_id, locale_id=obj.locale_id, slug__startswith=base
    )
    if obj.pk is not None:
        siblings = siblings.exclude(pk=obj.pk)
    return available_slug(base, set(siblings.values_list("slug", flat=True)))
