"""/api/v3: the Integreat app's content API, and its legacy wp-json aliases.

Routes stay thin: guides.api.services builds the data, guides.api.http caches and answers.
"""

from urllib.parse import urlsplit

from django.utils.translation import gettext as _
from ninja import NinjaAPI, Query

from guides.api import schemas, services
from guides.api.cache import REGIONS, TODAY, city_scope, request_key
from guides.api.city_context import ApiError
from guides.api.http import cached_json, error_response

api = NinjaAPI(
    title="Cityguide app API",
    version="3",
    description=(
        "Integreat-compatible content API (same paths and shapes as integreat-cms /api/v3). "
        "Lists carry strong ETags and Last-Modified, answer If-None-Match / If-Modified-Since "
        "with 304, and are gzipped on request. `path` is the app path /{city}/{lang}/…/, "
        "`url` the absolute public URL /{lang}/{city}/…/. The /{city}/{lang}/wp-json/… and "
        "/wp-json/extensions/v3/sites/ paths are deprecated aliases."
    ),
    urls_namespace="integreat",
    openapi_url="api/v3/openapi.json",
    docs_url="api/v3/docs/",
)

CONTENT = "{city}/{lang}/wp-json/extensions/v3/"
MAX_ID = 2**31 - 1  # page ids are 32-bit on PostgreSQL
# Every path can answer 400 (a control character, refused by guides.api.middleware) and 404.
NOT_FOUND = {400: schemas.Error, 404: schemas.Error}
# … and routes with typed query parameters answer 422 when one does not fit its type.
ERRORS = {**NOT_FOUND, 422: schemas.ValidationErrors}
PDF_RESPONSE = {
    "description": "The PDF",
    "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
}
PageId = Query(None, ge=1, le=MAX_ID, description="A page id")


@api.exception_handler(ApiError)
def api_error(request, error):
    return error_response(error.status, error.message)


def route(paths, response, summary, *, errors=None, openapi_extra=None):
    """Register one view under its /api/v3 path and its deprecated aliases.

    response None: the 200 answer is not JSON and openapi_extra documents it (the PDF).
    """
    ok = {} if response is None else {200: response}

    def register(view):
        for index, path in enumerate(paths):
            if not path:
                continue  # a legacy-only view
            api.get(
                path,
                response={**ok, **(NOT_FOUND if errors is None else errors)},
                summary=summary,
                operation_id=f"{view.__name__}{'_legacy' * bool(index)}{index}",
                url_name=f"{view.__name__}{index}",
                deprecated=bool(index),
                tags=["legacy" if index else "integreat"],
                openapi_extra=openapi_extra,
            )(view)
        return view

    return register


def checked_url(url: str | None) -> str | None:
    """The url parameter, or a 400 when it cannot be parsed (an unclosed IPv6 bracket, …)."""
    if url is not None:
        try:
            urlsplit(url.strip())
        except ValueError:
            raise ApiError(400, _("The url parameter is not a valid URL or path.")) from None
    return url


def _key(request, name, *parts):
    return request_key(api, request, name, *parts)


@route(
    ["api/v3/regions/", "wp-json/extensions/v3/sites/"],
    list[schemas.Region],
    "All live cities",
    errors={400: schemas.Error},
)
def regions(request):
    return cached_json(request, _key(request, "regions"), [REGIONS], services.regions)


@route(
    ["api/v3/regions/{city}/", "wp-json/extensions/v3/sites/{city}/"], schemas.Region, "One city"
)
def region(request, city: str):
    return cached_json(
        request, _key(request, "region", city), [city_scope(city)], lambda: services.region(city)
    )


@route(["api/v3/{city}/languages/"], list[schemas.Language], "The city's published languages")
def languages(request, city: str):
    return cached_json(
        request,
        _key(request, "languages", city),
        [city_scope(city)],
        lambda: services.languages(city),
    )


@route(["", CONTENT + "languages/"], list[schemas.Language], "The city's published languages")
def legacy_languages(request, city: str, lang: str):
    return languages(request, city)


@route(
    ["api/v3/{city}/{lang}/pages/", CONTENT + "pages/"],
    list[schemas.Page],
    "Every published page of the city in one language, flat",
)
def pages(request, city: str, lang: str):
    return cached_json(
        request,
        _key(request, "pages", city, lang),
        [city_scope(city, lang)],
        lambda: services.pages(city, lang),
    )


@route(
    ["api/v3/{city}/{lang}/children/", CONTENT + "children/"],
    list[schemas.Page],
    "A page and its descendants up to `depth` levels; without id/url the top-level pages",
    errors=ERRORS,
)
def children(
    request,
    city: str,
    lang: str,
    url: str | None = None,
    id: int | None = PageId,
    depth: int = Query(1, ge=0, le=100),
):
    url = checked_url(url)
    return cached_json(
        request,
        _key(request, "children", city, lang),
        [city_scope(city, lang)],
        lambda: services.children(city, lang, url=url, page_id=id, depth=depth),
    )


@route(
    ["api/v3/{city}/{lang}/parents/", CONTENT + "parents/"],
    list[schemas.Page],
    "The ancestors of a page, top-down, without the page and the city root",
    errors=ERRORS,
)
def parents(request, city: str, lang: str, url: str | None = None, id: int | None = PageId):
    url = checked_url(url)
    return cached_json(
        request,
        _key(request, "parents", city, lang),
        [city_scope(city, lang)],
        lambda: services.parents(city, lang, url=url, page_id=id),
    )


@route(
    ["api/v3/{city}/{lang}/page/", CONTENT + "page/", CONTENT + "post/"],
    schemas.Page,
    "One page by id or url",
    errors=ERRORS,
)
def page(request, city: str, lang: str, url: str | None = None, id: int | None = PageId):
    url = checked_url(url)
    return cached_json(
        request,
        _key(request, "page", city, lang),
        [city_scope(city, lang)],
        lambda: services.page(city, lang, url=url, page_id=id),
    )


@route(
    ["api/v3/{city}/{lang}/events/", CONTENT + "events/"],
    list[dict],
    "Events (Integreat event shape)",
    errors=ERRORS,
)
def event_list(request, city: str, lang: str, combine_recurring: bool = False):
    # Which occurrences are upcoming changes with the date: TODAY is part of the versions.
    key = _key(request, "events", city, lang)
    return cached_json(
        request,
        key,
        [city_scope(city, lang), TODAY],
        lambda: services.event_list(city, lang, request, combine_recurring=combine_recurring),
    )


@route(
    ["api/v3/{city}/{lang}/locations/", CONTENT + "locations/"],
    list[schemas.Location],
    "Locations / POIs (Integreat location shape)",
)
def location_list(request, city: str, lang: str):
    return cached_json(
        request,
        _key(request, "locations", city, lang),
        [city_scope(city, lang)],
        lambda: services.location_list(city, lang, request),
    )


@route(
    ["api/v3/{city}/{lang}/location-categories/", CONTENT + "location-categories/"],
    list[schemas.LocationCategory],
    "The location categories (integer ids, icon and colour names, SVG icon URLs)",
)
def location_categories(request, city: str, lang: str):
    return cached_json(
        request,
        _key(request, "location-categories", city, lang),
        [city_scope(city, lang)],
        lambda: services.location_categories(city, lang),
    )


@route(
    ["api/v3/{city}/{lang}/news/", "api/v3/{city}/{lang}/fcm/", CONTENT + "fcm/"],
    list[schemas.NewsItem],
    "Local news (none yet: an empty list)",
)
def news(request, city: str, lang: str):
    return cached_json(
        request,
        _key(request, "news", city, lang),
        [city_scope(city, lang)],
        lambda: services.news(city, lang),
    )


@route(["api/v3/{city}/{lang}/news/{news_id}/"], schemas.NewsItem, "One news item")
def news_item(request, city: str, lang: str, news_id: str):
    return cached_json(
        request,
        _key(request, "news", city, lang, news_id),
        [city_scope(city, lang)],
        lambda: services.news_item(city, lang, news_id),
    )


@route(
    [
        "api/v3/{city}/{lang}/imprint/",
        "api/v3/{city}/{lang}/disclaimer/",
        CONTENT + "imprint/",
        CONTENT + "disclaimer/",
    ],
    schemas.Imprint | list,
    "The city's imprint (an empty list when it has none, like Integreat)",
)
def imprint(request, city: str, lang: str):
    return cached_json(
        request,
        _key(request, "imprint", city, lang),
        [city_scope(city, lang)],
        lambda: services.imprint(city, lang),
    )


@route(
    ["api/v3/{city}/{lang}/pdf/", CONTENT + "pdf/", "{city}/{lang}/wp-json/ig-mpdf/v1/pdf/"],
    None,
    "PDF of a page and its descendants, or of the whole guide (404 until available)",
    errors=ERRORS,
    openapi_extra={"responses": {200: PDF_RESPONSE}},
)
def pdf(request, city: str, lang: str, url: str | None = None):
    return services.pdf(city, lang, request, url=checked_url(url))
