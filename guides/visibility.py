"""Whether a request may see pages behind view restrictions, for the public doors that are not
Wagtail's page serving (events, feeds, fallback pages); imports no model of this project."""

from __future__ import annotations

from typing import TYPE_CHECKING

from wagtail.models import Page, PageViewRestriction

if TYPE_CHECKING:
    from django.http import HttpRequest


def is_visible_to(request: HttpRequest | None, *pages: Page) -> bool:
    """Whether the request passes every view restriction on the pages and their ancestors
    (one query); without a request (a feed reader, the API), only unrestricted pages are."""
    paths = {
        page.path[:end]
        for page in pages
        for end in range(Page.steplen, len(page.path) + 1, Page.steplen)
    }
    restrictions = PageViewRestriction.objects.filter(page__path__in=paths)
    return all(request is not None and r.accept_request(request) for r in restrictions)
