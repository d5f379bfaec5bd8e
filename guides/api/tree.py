"""The public page tree of one city in one language, loaded in a constant number of queries.

A page is visible when it is live, not view-restricted, and every ancestor up to the city root
is visible too (a live page under a draft would dangle in the app's tree). Everything here
works on treebeard paths in memory after one query, never page by page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from django.db.models import CharField, Q
from django.db.models.functions import Cast
from wagtail.models import Page

from guides.api.city_context import CityContext, is_public
from guides.models import GuidePage

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

# Translation keys as text: building 1,000s of uuid.UUID objects costs more than the query.
TRANSLATION_KEY = Cast("translation_key", output_field=CharField())
SKELETON_FIELDS = ("id", "path", "depth", "url_path", TRANSLATION_KEY, "slug", "locale_id")
_Row = TypeVar("_Row")


def close_under_parents(
    rows: Iterable[_Row],
    root_path: str,
    restricted: tuple[str, ...],
    *,
    path: Callable[[Any], str] = lambda row: row.path,
) -> list[_Row]:
    """Keep the rows whose ancestors below root_path are all present (rows in path order)."""
    kept_paths = {root_path}
    kept = []
    steplen = Page.steplen
    for row in rows:
        row_path = path(row)
        if row_path[:-steplen] in kept_paths and is_public(row_path, restricted):
            kept_paths.add(row_path)
            kept.append(row)
    return kept


@dataclass
class SkeletonPage:
    id: int
    path: str
    depth: int
    url_path: str
    translation_key: object
    slug: str
    locale_id: int


@dataclass
class PublicTree:
    """The visible pages of a city in one locale, without their content."""

    root: Page
    pages: list  # SkeletonPage, in tree (pre-)order
    by_path: dict = field(default_factory=dict)
    by_id: dict = field(default_factory=dict)

    def __post_init__(self):
        self.by_path = {page.path: page for page in self.pages}
        self.by_id = {page.id: page for page in self.pages}

    def parent_of(self, page: SkeletonPage | PageRow) -> SkeletonPage | None:
        return self.by_path.get(page.path[: -Page.steplen])

    def ancestors_of(self, page: SkeletonPage) -> list[SkeletonPage]:
        """Visible ancestors below the city root, top-down."""
        steplen = Page.steplen
        paths = [
            page.path[:end] for end in range(len(self.root.path) + steplen, len(page.path), steplen)
        ]
        return [self.by_path[path] for path in paths]

    def subtree(self, page: SkeletonPage, max_depth: int) -> list[SkeletonPage]:
        """The page and its visible descendants up to max_depth levels below it."""
        return (
            [
                other
                for other in self.pages
                if other.path.startswith(page.path) and other.depth - page.depth < max_depth
            ]
            if max_depth > 0
            else []
        )

    def top_level(self, max_depth: int) -> list[SkeletonPage]:
        """Children of the city root, with descendants up to max_depth levels below the root."""
        return [page for page in self.pages if page.depth - self.root.depth <= max_depth]


def _live_descendants(root):
    return Page.objects.filter(path__startswith=root.path, depth__gt=root.depth, live=True)


def load_tree(root: Page, restricted: tuple[str, ...]) -> PublicTree:
    """One query: the visible skeleton of the city root's subtree."""
    rows = [
        SkeletonPage(*values)
        for values in _live_descendants(root).order_by("path").values_list(*SKELETON_FIELDS)
    ]
    return PublicTree(root=root, pages=close_under_parents(rows, root.path, restricted))


@dataclass
class PageRow:
    """What the Integreat mapping needs of a GuidePage; plain values are ~5x cheaper to load
    than model instances, which matters at 1,000 pages."""

    id: int
    title: str
    path: str
    url_path: str
    translation_key: object
    last_published_at: object
    first_published_at: object
    latest_revision_created_at: object
    teaser: str
    body: object  # the StreamField's raw JSON data
    icon_file: str | None
    organization_id: int | None = None
    organization_slug: str | None = None
    organization_name: str | None = None
    organization_logo_file: str | None = None
    organization_website: str | None = None


ROW_FIELDS = (
    "id",
    "title",
    "path",
    "url_path",
    TRANSLATION_KEY,
    "last_published_at",
    "first_published_at",
    "latest_revision_created_at",
    "teaser",
    "body",
    "icon__file",
    "organization_id",
    "organization__slug",
    "organization__name",
    "organization__logo__file",
    "organization__website",
)


def _live_guide_pages(root):
    return GuidePage.objects.filter(
        path__startswith=root.path, depth__gt=root.depth, live=True
    ).order_by("path")


def load_page_rows(
    root: Page, restricted: tuple[str, ...], *, ids: Iterable[int] | None = None
) -> list[PageRow]:
    """One query: the visible pages' content as PageRows, in tree order.

    Without ids this is the whole visible tree (the ancestor check happens here); with ids it
    loads those pages, which the caller took from a PublicTree and are therefore visible.
    """
    pages = _live_guide_pages(root)
    if ids is not None:
        pages = pages.filter(id__in=list(ids))
    rows = []
    for values in pages.values_list(*ROW_FIELDS):
        row = PageRow(*values)
        row.body = row.body.raw_data if hasattr(row.body, "raw_data") else row.body
        rows.append(row)
    return rows if ids is not None else close_under_parents(rows, root.path, restricted)


def load_guide_pages(root: Page, ids: Iterable[int]) -> list[GuidePage]:
    """GuidePage instances (for the PDF export), in tree order."""
    return list(_live_guide_pages(root).filter(id__in=list(ids)).select_related("icon"))


def load_translations(
    context: CityContext, current_code: str, pages: Iterable[PageRow]
) -> dict[str, dict[str, SkeletonPage]]:
    """One query: {translation_key: {code: SkeletonPage}} of visible translations of pages.

    Only the city's other published languages count, and a translation only counts if it is
    visible in its own language's tree (the same rule as the pages endpoint there).
    """
    other_roots = {code: root for code, root in context.roots.items() if code != current_code}
    keys = {str(page.translation_key) for page in pages}
    if not other_roots or not keys:
        return {}
    area = Q()
    for root in other_roots.values():
        area |= Q(path__startswith=root.path, depth__gt=root.depth)
    rows = [
        SkeletonPage(*values)
        for values in Page.objects.filter(area, live=True)
        .order_by("path")
        .values_list(*SKELETON_FIELDS)
    ]
    found = {}
    for code, root in other_roots.items():
        in_locale = [row for row in rows if row.path.startswith(root.path)]
        for row in close_under_parents(in_locale, root.path, context.restricted):
            if row.translation_key in keys:
                found.setdefault(row.translation_key, {})[code] = row
    return found
