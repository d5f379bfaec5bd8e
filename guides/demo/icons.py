"""Icons of the demo's top-level pages (the app shows them as tiles, via `thumbnail`).

The PNGs in guides/demo/icons/ are named by page key. Each city gets its own copy of each icon
in its own collection, found again by title, so loading the demo twice adds nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from django.core.files.images import ImageFile
from wagtail.images import get_image_model

from localization.minor_edit import save_revision_as_minor_edit

if TYPE_CHECKING:
    from guides.models import CityPage, GuidePage

ICON_DIR = Path(__file__).resolve().parent / "icons"


def icon_title(key: str) -> str:
    return f"Demo icon: {key}"


def demo_icon(city: CityPage, key: str):
    """The city's image for a page key, created from guides/demo/icons/{key}.png once; None
    when the demo ships no icon for the key."""
    source = ICON_DIR / f"{key}.png"
    if not source.exists():
        return None
    Image = get_image_model()
    image = Image.objects.filter(title=icon_title(key), collection=city.collection).first()
    if image is None:
        with source.open("rb") as handle:
            image = Image(
                title=icon_title(key),
                collection=city.collection,
                file=ImageFile(handle, name=f"{city.slug}-{key}.png"),
            )
            image.save()
    return image


def add_missing_icons(city: CityPage, top_level: list[tuple[dict, GuidePage]]) -> int:
    """Give top-level pages made by an older demo (without icons) theirs, in every language;
    returns how many page copies got one.

    A minor edit: the translations' statuses stay as they are."""
    given = 0
    for spec, page in top_level:
        image = demo_icon(city, spec["key"])
        if image is None:
            continue
        for copy in [page, *page.get_translations()]:
            copy = copy.specific
            if copy.icon_id is None:
                copy.icon = image
                revision = save_revision_as_minor_edit(copy)
                if copy.live:
                    revision.publish()
                given += 1
    return given
