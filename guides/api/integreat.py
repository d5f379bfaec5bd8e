"""The Integreat field mapping: how Cityguide's cities, languages and pages look in /api/v3.

This is the one place that knows Integreat's field names and formats (taken from
integreat-cms's API documentation). Choices where Cityguide differs, documented once:

- `path` is Integreat's app path `/{city}/{lang}/{slug path}/`; `url` is the absolute URL of
  the page on Cityguide's public site, which is `/{lang}/{city}/{slug path}/`.
- `id` of a page is the id of that language's copy (Integreat's translation id);
  `available_languages` gives the other copies' ids.
- `order` is the page's position among its siblings (treebeard's path step), so sorting
  children by it gives the editor's order.
- `hash` is 16 base64url characters of the SHA-256 of what the app shows (title, excerpt,
  content, thumbnail), so the app can tell whether a page changed; Integreat always sends null.
- A region's `bounding_box` is derived from its centre (about 10 km either way) or, without
  coordinates, Germany's box.
- `organization` (pages, events, locations) has integreat-cms's newer shape with `slug`:
  {id, slug, name, logo, website}; a location's `contacts` are its contact cards in the
  editor's order, always a list.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import re
from html import unescape
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import get_language_info
from wagtail.models import Page

from guides.api.content import absolute, file_url, image_url, public_page_url
from localization.languages import text_direction

if TYPE_CHECKING:
    from wagtail.models import Locale

    from guides.api.city_context import CityContext
    from guides.api.tree import PageRow, SkeletonPage
    from guides.models import CityPage
    from guides.news.models import NewsItem

GERMANY_BOX = [[5.8663, 47.2701], [15.0419, 55.0992]]
BOX_HALF_SIZE = 0.1  # degrees around a city's centre
IMPRINT_TITLES = {
    "de": "Impressum",
    "en": "Imprint",
    "fr": "Mentions légales",
    "tr": "Künye",
    "ru": "Выходные данные",
    "uk": "Вихідні дані",
    "ar": "بيانات الناشر",
    "fa": "شناسنامه",
}
WHITESPACE = re.compile(r"\s+")
# Block elements (opening or closing) and line breaks separate words: an info box's
# <strong>title</strong><p>text</p> must not read "titletext".
BLOCK_TAG = re.compile(
    r"</?(p|h\d|li|ul|ol|dl|dt|dd|blockquote|figure|figcaption|aside|div|section|table|tr|td|th)"
    r"\b[^>]*>|<br\s*/?>",
    re.I,
)


def iso_utc(moment: datetime.datetime | None) -> str | None:
    """Integreat's `modified_gmt`: ISO 8601 in UTC with milliseconds and a Z."""
    if moment is None:
        return None
    text = moment.astimezone(datetime.UTC).isoformat(timespec="milliseconds")
    return text.replace("+00:00", "Z")


def iso_local(moment: datetime.datetime | None) -> str | None:
    """Integreat's `last_updated`: ISO 8601 in the site's time zone, with its offset."""
    if moment is None:
        return None
    return timezone.localtime(moment).isoformat(timespec="milliseconds")


def published_at(
    first_published: datetime.datetime | None, last_updated: datetime.datetime | None
) -> str | None:
    """Integreat's `published_at` (integreat-cms 2026.8, #4300): when this language's copy was
    first published, in the format of `last_updated`, which is also its fallback."""
    return iso_local(first_published or last_updated)


TAG = re.compile(r"<[^>]*>")


def plain_text(html: str) -> str:
    """Text of our own generated HTML (attribute values are escaped, so a regex suffices and
    is far cheaper than an HTML parser at 1,000 pages)."""
    return WHITESPACE.sub(" ", unescape(TAG.sub("", BLOCK_TAG.sub(" ", html)))).strip()


HASH_LENGTH = 16  # base64url characters: 96 bits, plenty to tell versions of a page apart


def content_hash(*parts: str | None) -> str:
    """16 base64url characters of a SHA-256: 64 hex characters do not compress and were
    40 % of a gzipped pages list."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update((part or "").encode())
        digest.update(b"\x00")
    return base64.urlsafe_b64encode(digest.digest()).decode()[:HASH_LENGTH]


# -- languages and regions ---------------------------------------------------------------------


def language(locale: Locale) -> dict[str, Any]:
    code = locale.language_code
    return {
        "id": locale.id,
        "code": code,
        "bcp47_tag": code,
        "native_name": get_language_info(code)["name_local"],
        "dir": text_direction(code),
    }


def bounding_box(city: CityPage) -> list[list[float]]:
    if city.latitude is None or city.longitude is None:
        return GERMANY_BOX
    return [
        [round(city.longitude - BOX_HALF_SIZE, 6), round(city.latitude - BOX_HALF_SIZE, 6)],
        [round(city.longitude + BOX_HALF_SIZE, 6), round(city.latitude + BOX_HALF_SIZE, 6)],
    ]


def region(context: CityContext, *, has_news: bool = False) -> dict[str, Any]:
    """A city; `push_notifications` (the app's news tab) is on when it has live news."""
    city = context.source
    return {
        "id": city.id,
        "name": city.title,
        "path": f"/{context.slug}/",
        "live": city.live,
        "prefix": "",
        "name_without_prefix": city.title,
        "plz": None,
        "extras": False,
        "events": True,
        "pois": True,
        "push_notifications": has_news,
        "longitude": city.longitude,
        "latitude": city.latitude,
        "bounding_box": bounding_box(city),
        "aliases": {},
        "tunews": False,
        "external_news": False,
        "languages": [language(locale) for locale in context.languages],
        "is_chat_enabled": False,
        "zammad_privacy_policy": None,
    }


def chat_status() -> dict[str, bool]:
    """Integreat's `{city}/{device_id}/is_chat_enabled/`: Cityguide has no chat."""
    return {"is_chat_enabled": False}


# -- organizations and contact cards -------------------------------------------------------------


def organization(
    organization_id: int | None,
    *,
    slug: str | None,
    name: str | None,
    logo_file: str | None,
    website: str | None,
) -> dict[str, Any] | None:
    """integreat-cms's `organization` of a page, event or location: {id, slug, name, logo,
    website} or null. `logo` is the absolute URL of the logo image's original file."""
    if organization_id is None:
        return None
    return {
        "id": organization_id,
        "slug": slug,
        "name": name,
        "logo": file_url(logo_file) if logo_file else None,
        "website": website or None,
    }


def organization_of(obj: Any) -> dict[str, Any] | None:
    """The `organization` of an event or location (its organization and logo selected)."""
    org = getattr(obj, "organization", None)
    if org is None:
        return None
    return organization(
        org.pk,
        slug=org.slug,
        name=org.name,
        logo_file=org.logo.file.name if org.logo_id else None,
        website=org.website,
    )


def contact(card: Any, opening_hours: list[dict[str, Any]] | None) -> dict[str, Any]:
    """One of a location's `contacts`, in integreat-cms's shape. opening_hours: the card's
    office hours, seven days as for locations (with each slot's timezone), or null."""
    return {
        "name": card.name or None,
        "area_of_responsibility": card.area_of_responsibility or None,
        "email": card.email or None,
        "phone_number": card.phone_number or None,
        "mobile_number": card.mobile_number or None,
        "website": card.website or None,
        "opening_hours": opening_hours,
        "appointment_url": card.appointment_url or None,
    }


# -- pages ---------------------------------------------------------------------------------------


def app_path(city_slug: str, language_code: str, url_path: str) -> str:
    """/{city}/{lang}/{slug path}/ from a url_path /{home}/{city}/{slug path}/."""
    segments = url_path.strip("/").split("/")[2:]
    return "/" + "/".join([city_slug, language_code, *segments]) + "/"


def event_app_path(
    city_slug: str, language_code: str, slug: str, occurrence: datetime.date | None = None
) -> str:
    """/{city}/{lang}/events/{slug}/; one occurrence of a recurring event is {slug}${date},
    as integreat-cms writes it."""
    if occurrence is not None:
        slug = f"{slug}${occurrence.isoformat()}"
    return f"/{city_slug}/{language_code}/events/{slug}/"


def location_app_path(city_slug: str, language_code: str, slug: str) -> str:
    return f"/{city_slug}/{language_code}/locations/{slug}/"


def featured_image(image: Any) -> dict[str, Any] | None:
    """integreat-cms's `featured_image` of an event (null without an image).

    Every size is the original file with its real dimensions: the API serves no renditions
    (see guides.api.content.image_url), and the app scales what it gets.
    """
    if image is None:
        return None
    size = [{"url": image_url(image), "width": image.width, "height": image.height}]
    return {
        "description": image.description or image.title,
        "mimetype": _mimetype(image),
        "thumbnail": size,
        "medium": size,
        "large": size,
        "full": size,
    }


def _mimetype(image: Any) -> str:
    extension = image.file.name.rsplit(".", 1)[-1].lower() if "." in image.file.name else ""
    return IMAGE_TYPES.get(extension, "application/octet-stream")


IMAGE_TYPES = {
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "webp": "image/webp",
    "avif": "image/avif",
    "svg": "image/svg+xml",
}


def page_link(
    city_slug: str, language_code: str, page: SkeletonPage | PageRow | Page
) -> dict[str, Any]:
    """{id, url, path} of a page (a GuidePage or a tree skeleton row)."""
    return {
        "id": page.id,
        "url": public_page_url(page.url_path, language_code),
        "path": app_path(city_slug, language_code, page.url_path),
    }


NO_PARENT = {"id": 0, "url": None, "path": None}


def page(
    page: PageRow,
    *,
    city_slug: str,
    language_code: str,
    parent: SkeletonPage | PageRow | None,
    content: str,
    translations: dict[str, SkeletonPage],
) -> dict[str, Any]:
    """One page in Integreat's shape.

    page: a tree.PageRow; parent: the visible parent (None at the top level);
    content: its body as HTML; translations: {code: page} of its visible copies in the
    city's other languages.
    The teaser leads the content, as on the public page.
    """
    teaser = getattr(page, "teaser", "")
    if teaser:
        content = f'<p class="lead">{escape(teaser)}</p>{content}'
    excerpt = plain_text(content)
    thumbnail = file_url(page.icon_file) if page.icon_file else None
    modified = page.last_published_at or page.latest_revision_created_at
    link = page_link(city_slug, language_code, page)
    return {
        "id": page.id,
        "url": link["url"],
        "path": link["path"],
        "title": page.title,
        "modified_gmt": iso_utc(modified),
        "last_updated": iso_local(modified),
        "published_at": published_at(page.first_published_at, modified),
        "excerpt": excerpt,
        "content": content,
        "parent": page_link(city_slug, language_code, parent) if parent else dict(NO_PARENT),
        "order": int(page.path[-Page.steplen :], 36),
        "available_languages": {
            code: page_link(city_slug, code, other) for code, other in translations.items()
        },
        "thumbnail": thumbnail,
        "organization": organization(
            page.organization_id,
            slug=page.organization_slug,
            name=page.organization_name,
            logo_file=page.organization_logo_file,
            website=page.organization_website,
        ),
        "hash": content_hash(page.title, excerpt, content, thumbnail),
        "embedded_offers": [],
    }


def imprint(
    context: CityContext,
    language_code: str,
    root: CityPage,
    rendered_html: str,
    translations: dict[str, CityPage],
) -> dict[str, Any]:
    """The city's imprint (CityPage.imprint) in Integreat's imprint shape."""
    modified = root.last_published_at or root.latest_revision_created_at
    path = f"/{context.slug}/{language_code}/disclaimer/"
    return {
        "id": root.id,
        "url": public_page_url(root.url_path, language_code),
        "path": path,
        "title": IMPRINT_TITLES.get(language_code, IMPRINT_TITLES["en"]),
        "modified_gmt": iso_utc(modified),
        "last_updated": iso_local(modified),
        "excerpt": plain_text(rendered_html),
        "content": rendered_html,
        "parent": None,
        "available_languages": {
            code: {
                "id": other.id,
                "url": public_page_url(other.url_path, code),
                "path": f"/{context.slug}/{code}/disclaimer/",
            }
            for code, other in translations.items()
        },
        "thumbnail": None,
        "hash": None,
    }


def news_item(
    item: NewsItem, *, channel: str, available_languages: dict[str, int]
) -> dict[str, Any]:
    """A local news item in integreat-cms's push-notification shape (api/v3/push_notifications).

    `message` is the plain text of the content, as Integreat's push notification text is;
    `display_date` is the news item's own date, `timestamp`/`last_updated` its last publish.
    `available_languages` lists every current copy in the city's languages, its own included,
    as {code: {"id"}} like integreat-cms.
    """
    published = item.last_published_at or item.first_published_at or item.date
    return {
        "id": item.pk,
        "title": item.title,
        "message": plain_text(item.content),
        "timestamp": iso_utc(published),
        "last_updated": iso_local(published),
        "published_at": published_at(item.first_published_at, published),
        "display_date": iso_local(item.date),
        "channel": channel,
        "available_languages": {code: {"id": pk} for code, pk in available_languages.items()},
        "source": "local",
        "link": None,
    }


# ---------------------------------------------------------------------------------------------
# Feedback: what the app POSTs to /api/v3/{city}/{lang}/feedback/{kind}/ (integreat-app's
# createFeedbackEndpoint, integreat-cms's api/v3/feedback): form fields rating ("up"/"down",
# absent for none), comment, category, slug, query. The app appends the reader's contact
# address to the comment after four spaces, "Keine Angabe" when none was given.

FEEDBACK_FIELDS = ("rating", "comment", "category", "slug", "query")
FEEDBACK_RATINGS = ("up", "down")
FEEDBACK_SUCCESS = {"success": "Feedback successfully submitted"}
CONTACT_SUFFIX = re.compile(r"\s*Kontaktadresse:\s*(?P<contact>.*?)\s*$", re.S)
NO_CONTACT = "Keine Angabe"
# A recurring event's occurrence is addressed as "<slug>$<date>".
OCCURRENCE_SUFFIX = re.compile(r"\$\d{4}-\d{2}-\d{2}$")


def split_feedback_comment(comment: str) -> tuple[str, str]:
    """(the reader's comment, their contact address or "") from the app's comment field."""
    match = CONTACT_SUFFIX.search(comment)
    if match is None:
        return comment.strip(), ""
    contact = match.group("contact")
    return comment[: match.start()].strip(), "" if contact == NO_CONTACT else contact


def feedback_slug(slug: str) -> str:
    """The object slug in a feedback body: the last path segment, without an occurrence date."""
    last = [part for part in slug.split("/") if part]
    return OCCURRENCE_SUFFIX.sub("", last[-1]) if last else ""


def search_result(reader_page: Any, city_slug: str) -> dict[str, Any]:
    """One result of the city's search (a guides.fallback.ReaderPage)."""
    page = reader_page.page
    return {
        "id": page.id,
        "title": page.title,
        "excerpt": reader_page.teaser,
        "url": absolute(reader_page.url),
        "path": app_path(city_slug, reader_page.language_code, page.url_path),
        "language": reader_page.language_code,
        "fallback": reader_page.fallback,
    }
