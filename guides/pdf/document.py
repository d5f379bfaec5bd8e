"""A print-ready PDF of guide pages (one page, or a page with its subtree) in their language.

The PDF is stored under a fingerprint of everything printed: the pages' published revisions,
their order, the city, the language and this layout's version. Unchanged content is served
from storage; any republish makes a new fingerprint, so nothing needs invalidating.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import unquote

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone, translation
from wagtail.models import Locale

from guides.fallback import subtree_for_reader
from guides.pdf.bodies import bodies_of
from guides.pdf.qr import qr_data_uri
from guides.pdf.templating import render_pdf_html
from guides.tenancy import city_for_page, source_language_code
from localization.languages import text_direction

if TYPE_CHECKING:
    import datetime
    from collections.abc import Iterable

    from django.http import HttpRequest
    from wagtail.models import Page

LAYOUT_VERSION = "3"  # bump when the template or CSS changes: old PDFs are then rebuilt
STORAGE_DIR = "pdf-cache"
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PrintJob:
    city: object  # the CityPage in the pages' locale
    pages: list  # specific pages, tree order; the first is the one asked for
    language_code: str

    @property
    def root(self) -> Page:
        return self.pages[0]


def print_job(pages: Iterable[Page]) -> PrintJob:
    """A PrintJob for pages of one city in the first page's language, in the order given; the
    others may be source pages standing in for missing translations (guides.fallback).
    ValueError otherwise."""
    pages = [page.specific for page in pages]
    if not pages:
        raise ValueError("There is nothing to print.")
    city = city_for_page(pages[0])
    others = {page.locale_id for page in pages} - {pages[0].locale_id}
    if city is None or (
        others
        and Locale.objects.filter(pk__in=others)
        .exclude(language_code=source_language_code())
        .exists()
    ):
        raise ValueError("Pages to print must belong to one city and one language.")
    return PrintJob(city=city, pages=pages, language_code=pages[0].locale.language_code)


def subtree(page: Page) -> list[Page]:
    """The page and what a reader of its language sees below it, in tree order: live,
    public descendants, and source pages where a translation is missing (guides.fallback)."""
    return [reader_page.page for reader_page in subtree_for_reader(page.specific)]


def fingerprint(job: PrintJob) -> str:
    parts = {
        "layout": LAYOUT_VERSION,
        "language": job.language_code,
        "city": [job.city.pk, job.city.title],
        "site": settings.CITYGUIDE_PUBLIC_URL,
        "pages": [
            [
                p.pk,
                p.live_revision_id,
                p.last_published_at and p.last_published_at.isoformat(),
                p.depth,
            ]
            for p in job.pages
        ],
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def storage_name(job: PrintJob) -> str:
    return f"{STORAGE_DIR}/{fingerprint(job)}.pdf"


def public_url(page: Page) -> str:
    return settings.CITYGUIDE_PUBLIC_URL + (page.url or "")


def as_of(job: PrintJob) -> datetime.date:
    dates = [p.last_published_at for p in job.pages if p.last_published_at]
    return timezone.localdate(max(dates)) if dates else timezone.localdate()


def render_html(job: PrintJob, request: HttpRequest | None = None) -> str:
    converted = bodies_of(job.pages)
    sections = [
        {
            "page": page,
            "body": converted.get(page.pk),
            "url": unquote(public_url(page)),
            "qr": qr_data_uri(public_url(page)),
            "level": min(page.depth - job.root.depth + 1, 4),
            # a source page standing in for a missing translation: marked, with a notice
            "fallback_language": source_language_code()
            if page.locale_id != job.root.locale_id
            else None,
        }
        for page in job.pages
    ]
    with translation.override(job.language_code):
        return render_pdf_html(
            "pdf/document.html",
            {
                "job": job,
                "city": job.city,
                "sections": sections,
                "language_code": job.language_code,
                "direction": text_direction(job.language_code),
                "fallback_direction": text_direction(source_language_code()),
                "as_of": as_of(job),
                "toc": len(sections) > 1,
            },
            request,
        )


def render_pdf(job: PrintJob, request: HttpRequest | None = None) -> bytes:
    html = render_html(job, request)
    # WeasyPrint needs Pango at import time; importing here keeps the site running without it.
    from weasyprint import HTML

    from guides.pdf.fetcher import LocalFilesFetcher

    return HTML(
        string=html, base_url=settings.CITYGUIDE_PUBLIC_URL + "/", url_fetcher=LocalFilesFetcher()
    ).write_pdf()


def stored_pdf(job: PrintJob) -> tuple[bytes, str] | None:
    """(pdf bytes, storage name) when this content's PDF is stored; else None."""
    name = storage_name(job)
    try:
        with default_storage.open(name) as handle:
            return handle.read(), name
    except (FileNotFoundError, OSError):
        return None


def get_or_render_pdf(job: PrintJob, request: HttpRequest | None = None) -> tuple[bytes, str]:
    """(pdf bytes, storage name): from storage when the content is unchanged."""
    stored = stored_pdf(job)
    if stored is not None:
        return stored
    name = storage_name(job)
    data = render_pdf(job, request)
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(data))
    logger.info("Rendered PDF %s (%d pages of content)", name, len(job.pages))
    return data, name
