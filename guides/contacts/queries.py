"""The contact cards of many locations in one query, in the language asked for."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from guides.contacts.models import Contact

if TYPE_CHECKING:
    from collections.abc import Iterable

    from wagtail.models import Locale


def chosen_contact_ids(raw_stream: Iterable | None) -> list[int]:
    """The ids of a `contacts` stream's cards, in the editor's order (from its raw data, so
    reading it costs no query)."""
    ids = []
    for block in raw_stream or ():
        if isinstance(block, dict) and block.get("type") == "contact":
            try:
                ids.append(int(block.get("value")))
            except (TypeError, ValueError):
                continue
    return ids


def raw_stream(stream_value) -> list:
    return getattr(stream_value, "raw_data", stream_value) or []


def contacts_by_id(ids: Iterable[int], locale: Locale) -> dict[int, Contact]:
    """{chosen id: the card to show in locale}: its translation into locale when there is
    one, else the card as chosen. One query, for any number of ids."""
    ids = set(ids)
    if not ids:
        return {}
    chosen_keys = Contact.objects.filter(pk__in=ids).values("translation_key")
    rows = list(
        Contact.objects.filter(
            Q(pk__in=ids) | Q(locale_id=locale.pk, translation_key__in=chosen_keys)
        )
    )
    translated = {row.translation_key: row for row in rows if row.locale_id == locale.pk}
    return {row.pk: translated.get(row.translation_key, row) for row in rows if row.pk in ids}
