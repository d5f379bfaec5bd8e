"""The reader's version of a guide page: its translation, else the source page with a notice.

A reader in language L sees, for every source page, its live translation in L (an alias does
not count: it stands in for a translation that is missing). Where there is none, they see the
live source page itself, marked as such, rather than nothing.

A fallback page stays in the reader's URL space: its URL is its parent's reader URL followed by
its source slug, e.g. /uk/nuernberg/notfaelle/ for the German "Notfälle" under the Ukrainian
Nürnberg. The header, navigation and notice are in the reader's language; only the content is
in the source language (marked lang="de"). `route` answers those URLs for the page tree,
`reader_children` lists child pages with them, and `subtree_for_reader` prints them.

Drafts, aliases and pages behind a view restriction never stand in for anything. The API is
not affected: Integreat's app does its own fallback from `available_languages`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.apps import apps
from django.http import Http404
from django.utils.translation import get_language_info
from wagtail.models import Page
from wagtail.url_routing import RouteResult

from guides.tenancy import CITY_DEPTH, city_for_page, source_language_code
from guides.visibility import is_visible_to
from localization.languages import text_direction

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.db.models import QuerySet
    from django.http import HttpRequest

#: The keyword argument a fallback route passes to the page's serve() and get_context().
FALLBACK_KWARG = "fallback"


@dataclass(frozen=True)
class ReaderPage:
    """A page as a reader in one language sees it in a list: its translation or the source."""

    page: Page  # the specific page: a translation in the reader's language, or the source
    url: str
    fallback: bool = False

    @property
    def title(self) -> str:
        return self.page.title

    @property
    def teaser(self) -> str:
        return getattr(self.page, "teaser", "")

    @property
    def language_code(self) -> str:
        return self.page.locale.language_code

    @property
    def direction(self) -> str:
        return text_direction(self.language_code)


@dataclass
class Fallback:
    """What the template of a fallback page needs: the reader's language and the trail."""

    language_code: str  # the reader's language (the URL's), not the page's
    url: str
    ancestors: list[ReaderPage] = field(default_factory=list)  # city first, in reader versions

    @property
    def direction(self) -> str:
        return text_direction(self.language_code)


def guide_page_model():
    """guides.models routes through this module, so it names the model instead of importing."""
    return apps.get_model("guides", "GuidePage")


def readable(pages: QuerySet) -> QuerySet:
    """Pages a reader may see: published, public and not an alias."""
    return pages.live().public().filter(alias_of__isnull=True)


def is_source(page: Page) -> bool:
    return page.locale.language_code == source_language_code()


def source_of(page: Page) -> Page | None:
    """The page's copy in the source language (itself when it is one)."""
    if is_source(page):
        return page
    return (
        Page.objects.filter(
            translation_key=page.translation_key, locale__language_code=source_language_code()
        )
        .select_related("locale")
        .first()
    )


# ---------------------------------------------------------------------------------------------
# Lists of child pages


def reader_children(
    parent: Page,
    language_code: str,
    parent_url: str,
    request: HttpRequest | None = None,
) -> list[ReaderPage]:
    """The readable child pages of parent for a reader in language_code, in the source's order:
    each one's translation, else the source child marked as a fallback. Four queries however
    many children there are.

    parent is a page in the reader's language, or a source page shown as a fallback (then
    parent_url is its reader URL)."""
    GuidePage = guide_page_model()
    fallback_parent = is_source(parent) and language_code != source_language_code()
    translated = []
    if not fallback_parent:  # a fallback's translated children have URLs of their own
        translated = list(
            readable(GuidePage.objects.child_of(parent)).select_related("locale").order_by("path")
        )
    if language_code == source_language_code():
        return [ReaderPage(page, page.get_url(request)) for page in translated]
    source_parent = parent if fallback_parent else source_of(parent)
    if source_parent is None:
        return [ReaderPage(page, page.get_url(request)) for page in translated]
    sources = list(
        readable(GuidePage.objects.child_of(source_parent))
        .select_related("locale")
        .order_by("path")
    )
    by_key = {page.translation_key: page for page in translated}
    missing_keys = _keys_without_translation(
        [s for s in sources if s.translation_key not in by_key], language_code
    )
    listed = []
    for source in sources:
        page = by_key.pop(source.translation_key, None)
        if page is not None:
            listed.append(ReaderPage(page, page.get_url(request)))
        elif source.translation_key in missing_keys:
            listed.append(ReaderPage(source, f"{parent_url}{source.slug}/", fallback=True))
    # Pages made in the reader's language only (no source) come last.
    listed += [ReaderPage(page, page.get_url(request)) for page in by_key.values()]
    return listed


def _keys_without_translation(sources: list[Page], language_code: str) -> set:
    """Translation keys of the source pages that have no readable copy in the language (one
    query): a source whose translation is readable elsewhere is not a fallback here."""
    keys = {page.translation_key for page in sources}
    if not keys:
        return set()
    translated = set(
        readable(
            Page.objects.filter(translation_key__in=keys, locale__language_code=language_code)
        ).values_list("translation_key", flat=True)
    )
    return keys - translated


def subtree_for_reader(page: Page, request: HttpRequest | None = None) -> list[ReaderPage]:
    """page (in the reader's language) and its readable descendants for a reader of its
    language, in the source's tree order, with fallbacks where a translation is missing below
    a page the reader sees: what a print of the page holds. Four queries however large."""
    GuidePage = guide_page_model()
    language_code = page.locale.language_code
    root = ReaderPage(page, page.get_url(request))
    translated = list(
        readable(GuidePage.objects.descendant_of(page)).select_related("locale").order_by("path")
    )
    source_root = None if is_source(page) else source_of(page)
    if source_root is None:
        return [root] + [ReaderPage(p, p.get_url(request)) for p in translated]
    sources = list(
        readable(GuidePage.objects.descendant_of(source_root))
        .select_related("locale")
        .order_by("path")
    )
    by_key = {p.translation_key: p for p in translated}
    missing = _keys_without_translation(
        [s for s in sources if s.translation_key not in by_key], language_code
    )
    shown = {source_root.path: root.url}  # source path -> reader URL
    listed = [root]
    for source in sources:
        copy = by_key.pop(source.translation_key, None)
        if copy is not None:
            shown[source.path] = copy.get_url(request)
            listed.append(ReaderPage(copy, shown[source.path]))
        elif source.translation_key in missing and source.path[: -Page.steplen] in shown:
            shown[source.path] = f"{shown[source.path[: -Page.steplen]]}{source.slug}/"
            listed.append(ReaderPage(source, shown[source.path], fallback=True))
    return listed + [ReaderPage(p, p.get_url(request)) for p in by_key.values()]


# ---------------------------------------------------------------------------------------------
# URLs


def route(
    page: Page,
    request: HttpRequest,
    path_components: list[str],
    default: Callable[[Page, list[str]], RouteResult],
) -> RouteResult:
    """Page.route for a city or guide page in the reader's language, with fallback pages.

    A readable child in the page's language wins; else a readable source child (of the
    page's source copy) without a readable translation is served as a fallback; else
    Wagtail's own routing (default(child, remaining)) decides."""
    if not path_components:
        if page.live:
            return RouteResult(page)
        raise Http404
    slug, remaining = path_components[0], path_components[1:]
    child = Page.objects.child_of(page).filter(slug=slug).first()
    if child is not None and child.live and not child.alias_of_id:
        child._cached_parent_obj = page
        return default(child, remaining)
    if not is_source(page):
        result = _fallback_route(page, request, path_components)
        if result is not None:
            return result
    if child is None:
        raise Http404
    child._cached_parent_obj = page
    return default(child, remaining)


def _fallback_route(
    page: Page, request: HttpRequest, path_components: list[str]
) -> RouteResult | None:
    """Follow the slugs through the source tree below page's source copy: each step must be a
    readable source page with no readable translation in page's language."""
    language_code = page.locale.language_code
    node = source_of(page)
    if node is None:
        return None
    GuidePage = guide_page_model()
    url = page.get_url(request)
    trail = []
    for slug in path_components:
        child = GuidePage.objects.child_of(node).filter(slug=slug, live=True).first()
        if child is None or child.alias_of_id:
            return None
        if not _keys_without_translation([child], language_code):
            return None  # its translation has a URL of its own
        url = f"{url}{slug}/"
        trail.append(ReaderPage(child, url, fallback=True))
        node = child
    if not is_visible_to(request, page, node):
        return None
    ancestors = [
        ReaderPage(ancestor, ancestor.get_url(request))
        for ancestor in Page.objects.ancestor_of(page, inclusive=True)
        .filter(depth__gte=CITY_DEPTH)
        .live()
        .order_by("depth")
    ]
    if not ancestors or ancestors[0].page.depth != CITY_DEPTH:
        return None  # the city is not published in the reader's language
    ancestors += trail[:-1]
    fallback = Fallback(language_code=language_code, url=url, ancestors=ancestors)
    return RouteResult(node, kwargs={FALLBACK_KWARG: fallback})


def fallback_urls(
    pages: list[Page], language_code: str, request: HttpRequest | None = None
) -> dict[int, str]:
    """{page id: reader URL} of source pages without a readable translation in the language,
    as `route` answers them: the reader URL of the deepest ancestor that has a readable
    translation, then the source slugs below it. Pages that no URL reaches (an ancestor below
    that translation is a draft or an alias) are left out. Three queries however many pages."""
    missing = _keys_without_translation(pages, language_code)
    pages = [page for page in pages if page.translation_key in missing]
    if not pages:
        return {}
    paths = {
        page.path[:end]
        for page in pages
        for end in range(CITY_DEPTH * Page.steplen, len(page.path), Page.steplen)
    }
    ancestors = {
        page.path: page
        for page in Page.objects.filter(path__in=paths).only(
            "id", "path", "slug", "live", "alias_of_id", "translation_key"
        )
    }
    translations = {
        page.translation_key: page
        for page in readable(
            Page.objects.filter(
                translation_key__in={a.translation_key for a in ancestors.values()},
                locale__language_code=language_code,
            )
        ).select_related("locale")
    }
    urls = {}
    for page in pages:
        steps = [page.slug]
        path = page.path[: -Page.steplen]
        while path in ancestors:
            ancestor = ancestors[path]
            translation = translations.get(ancestor.translation_key)
            if translation is not None:
                base = translation.get_url(request)
                if base:
                    urls[page.pk] = base + "".join(f"{slug}/" for slug in reversed(steps))
                break
            if not ancestor.live or ancestor.alias_of_id:
                break
            steps.append(ancestor.slug)
            path = path[: -Page.steplen]
    return urls


# ---------------------------------------------------------------------------------------------
# The notice


def available_languages(page: Page, request: HttpRequest | None = None) -> list[dict]:
    """Links to the page's readable copies in its city's languages: where a reader can read
    it today (one query for the copies, one for the city's languages)."""
    city = city_for_page(page)
    copies = readable(page.get_translations(inclusive=True)).select_related("locale")
    if city is not None:
        copies = copies.filter(locale__in=city.languages.all())
    return [
        {
            "code": copy.locale.language_code,
            "name": get_language_info(copy.locale.language_code)["name_local"],
            "direction": text_direction(copy.locale.language_code),
            "url": copy.get_url(request),
        }
        for copy in copies.order_by("locale__id")
    ]
