"""What each /api/v3 endpoint answers, as plain data; the routes add HTTP and caching.

Each function costs a fixed number of queries however large the city is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.models import Page

from guides.api import events, integreat
from guides.api.city_context import ApiError, CityContext, live_cities, load_city, not_found
from guides.api.content import BodyRenderer
from guides.api.tree import (
    TRANSLATION_KEY,
    PublicTree,
    SkeletonPage,
    load_guide_pages,
    load_page_rows,
    load_translations,
    load_tree,
)
from guides.news.models import NEWS_CHANNEL
from guides.news.queries import city_ids_with_news, current_news, translations_of
from guides.search.service import clean_query, search_city

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

MISSING_PAGE_PARAMETER = "Either the id or the url parameter is required."


def regions() -> list[dict[str, Any]]:
    contexts = live_cities()
    with_news = city_ids_with_news()
    return [
        integreat.region(context, has_news=context.source.pk in with_news) for context in contexts
    ]


def region(city: str) -> dict[str, Any]:
    context = load_city(city)
    has_news = bool(city_ids_with_news([context.source.pk]))
    return integreat.region(context, has_news=has_news)


def languages(city: str) -> list[dict[str, Any]]:
    return [integreat.language(locale) for locale in load_city(city).languages]


def render_pages(context, code, pages, parent_of):
    """Integreat dicts for full GuidePages: one query for translations, ≤ 3 for references."""
    translations = load_translations(context, code, pages)
    renderer = BodyRenderer(page.body for page in pages)
    return [
        integreat.page(
            page,
            city_slug=context.slug,
            language_code=code,
            parent=parent_of(page),
            content=renderer.render(page.body),
            translations=translations.get(page.translation_key, {}),
        )
        for page in pages
    ]


def pages(city: str, code: str) -> list[dict[str, Any]]:
    """Every visible page of the city in one language: at most 8 queries."""
    context = load_city(city)
    root = context.root_for(code)
    full = load_page_rows(root, context.restricted)
    by_path = {page.path: page for page in full}
    return render_pages(context, code, full, lambda page: by_path.get(page.path[: -Page.steplen]))


def _selected(context, code, tree, selection):
    """Render skeleton pages of a tree, loading their content in one query."""
    full = {
        page.id: page
        for page in load_page_rows(
            tree.root, context.restricted, ids=[page.id for page in selection]
        )
    }
    ordered = [full[page.id] for page in selection if page.id in full]
    return render_pages(context, code, ordered, tree.parent_of)


def _normalize(segment):
    return unquote(segment).strip().lower()


def find_page(
    context: CityContext,
    code: str,
    tree: PublicTree,
    *,
    url: str | None = None,
    page_id: int | None = None,
) -> SkeletonPage:
    """The visible page a request means by `id` (any language's copy) or `url`.

    `url` may be the app path /{city}/{lang}/…/, the public path /{lang}/{city}/…/, an
    absolute URL of either, or a slug path below the city; percent-encoding is undone, so
    non-Latin slugs work either way.
    """
    if page_id is not None:
        page = tree.by_id.get(page_id)
        if page is None:
            key = Page.objects.filter(id=page_id).values_list(TRANSLATION_KEY, flat=True).first()
            page = next((p for p in tree.pages if key and p.translation_key == key), None)
        if page is None:
            raise not_found(f"No published page with id {page_id} in {context.slug}/{code}.")
        return page
    if url is None or not url.strip():
        raise ApiError(400, MISSING_PAGE_PARAMETER)
    segments = [_normalize(s) for s in urlsplit(url.strip()).path.split("/") if s.strip()]
    if segments[:2] in ([context.slug, code], [code, context.slug]):
        segments = segments[2:]
    if not segments:
        raise not_found("The url names the city itself, not one of its pages.")
    wanted = (tree.root.url_path + "/".join(segments) + "/").lower()
    match = [p for p in tree.pages if unquote(p.url_path).lower() == wanted]
    if not match:  # Integreat's fallback: the last segment is the page's slug
        match = [p for p in tree.pages if p.slug.lower() == segments[-1]]
    if len(match) != 1:
        reason = "is ambiguous" if match else "matches no published page"
        raise not_found(f"The url {url!r} {reason} in {context.slug}/{code}.")
    return match[0]


def _tree(city, code):
    context = load_city(city)
    return context, load_tree(context.root_for(code), context.restricted)


def page(
    city: str, code: str, *, url: str | None = None, page_id: int | None = None
) -> dict[str, Any]:
    context, tree = _tree(city, code)
    return _selected(
        context, code, tree, [find_page(context, code, tree, url=url, page_id=page_id)]
    )[0]


def children(
    city: str,
    code: str,
    *,
    url: str | None = None,
    page_id: int | None = None,
    depth: int = 1,
) -> list[dict[str, Any]]:
    context, tree = _tree(city, code)
    if url is None and page_id is None:
        # The city root plays Integreat's virtual root: depth 1 gives the top-level pages.
        selection = tree.top_level(depth)
    else:
        selection = tree.subtree(
            find_page(context, code, tree, url=url, page_id=page_id), depth + 1
        )
    return _selected(context, code, tree, selection)


def parents(
    city: str, code: str, *, url: str | None = None, page_id: int | None = None
) -> list[dict[str, Any]]:
    context, tree = _tree(city, code)
    found = find_page(context, code, tree, url=url, page_id=page_id)
    return _selected(context, code, tree, tree.ancestors_of(found))


def imprint(city: str, code: str) -> dict[str, Any] | list[dict[str, Any]]:
    """The city's imprint, falling back to the source language's like Integreat."""
    context = load_city(city)
    root = context.root_for(code)
    if not root.imprint and context.source.imprint:
        root, code = context.source, context.source.locale.language_code
    if not root.imprint:
        return []
    renderer = BodyRenderer([[{"type": "paragraph", "value": root.imprint}]])
    others = {
        other_code: other
        for other_code, other in context.roots.items()
        if other_code != code and other.imprint
    }
    return integreat.imprint(context, code, root, renderer.rich_text(root.imprint), others)


def news(
    city: str, code: str, *, channel: str = "all", news_id: int | None = None
) -> list[dict[str, Any]]:
    """Current local news in one language, newest first: four queries.

    channel: integreat-cms's filter, "news" or "all" (any other channel has no news);
    news_id: only that item (the app's `fcm/?id=` asks for a list of one)."""
    context = load_city(city)
    context.root_for(code)
    if channel not in ("all", NEWS_CHANNEL):
        return []
    today = timezone.localdate()
    items = current_news(context.source, context.locale_for(code), today)
    if news_id is not None:
        items = items.filter(pk=news_id)
    items = list(items)
    translations = translations_of(items, context.languages, today)
    return [
        integreat.news_item(
            item,
            channel=NEWS_CHANNEL,
            available_languages=translations.get(str(item.translation_key), {}),
        )
        for item in items
    ]


def news_item(city: str, code: str, news_id: str) -> dict[str, Any]:
    valid = news_id.isascii() and news_id.isdigit() and len(news_id) <= 18  # a bigint
    found = news(city, code, news_id=int(news_id)) if valid else []
    if not found:
        raise not_found(f"There is no current news item {news_id!r} in {city}/{code}.")
    return found[0]


def offers(city: str, code: str | None) -> list[dict[str, Any]]:
    """Integreat's offers (extras) of a city: Cityguide offers none, so an empty list."""
    context = load_city(city)
    if code is not None:
        context.root_for(code)
    return []


def chat_status(city: str) -> dict[str, bool]:
    load_city(city)
    return integreat.chat_status()


def event_list(
    city: str, code: str, request: HttpRequest, *, combine_recurring: bool
) -> list[dict[str, Any]]:
    context = load_city(city)
    context.root_for(code)
    return events.event_list(
        context.source, context.locale_for(code), request, combine_recurring=combine_recurring
    )


def location_list(city: str, code: str, request: HttpRequest) -> list[dict[str, Any]]:
    context = load_city(city)
    context.root_for(code)
    return events.location_list(context.source, context.locale_for(code), request)


def location_categories(city: str, code: str) -> list[dict[str, Any]]:
    context = load_city(city)
    context.root_for(code)
    return events.location_categories(context.locale_for(code))


def pdf(city: str, code: str, request: HttpRequest, *, url: str | None = None) -> HttpResponse:
    """The PDF response, or an ApiError 404 while PDFs are not available."""
    context, tree = _tree(city, code)
    if url:
        found = find_page(context, code, tree, url=url)
        selection = tree.subtree(found, 10_000)
    else:
        selection = tree.pages
    full = {p.id: p for p in load_guide_pages(tree.root, [p.id for p in selection])}
    response = events.page_pdf(
        context.source,
        context.locale_for(code),
        [full[p.id] for p in selection if p.id in full],
        request,
    )
    if response is None:
        raise not_found("PDF export is not available yet.")
    return response


def search(city: str, code: str, query: str) -> list[dict[str, Any]]:
    """The city's search in one language (guides.search); a bad query is a 400."""
    context = load_city(city)
    root = context.root_for(code)
    try:
        query = clean_query(query)
    except ValidationError as error:
        raise ApiError(400, error.messages[0]) from None
    return [
        integreat.search_result(result, context.slug)
        for result in search_city(context.source, root, query)
    ]
